// Quotes side by side (issue 13): a sales engineer saves two versions of an
// offer, compares them, keeps the list across a reload, renames, duplicates,
// deletes and undoes, opens one without losing the work in the editor, and
// prints the comparison.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, BASE, SHOTS, settledTotals } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** "12,345.67" -> 1234567 (cents), exactly. */
const cents = (s) => {
  const m = /^([+-]?)([\d,]+)\.(\d\d)$/.exec(s.trim());
  assert.ok(m, `an amount: ${s}`);
  return (m[1] === '-' ? -1 : 1) * Number(m[2].replaceAll(',', '') + m[3]);
};

async function saveQuote(page, name) {
  await page.getByRole('tab', { name: 'Quotes' }).click();
  await page.getByLabel('Quote name').fill(name);
  await page.getByRole('button', { name: 'Save current scenario as a quote' }).click();
  await page.getByText(`Saved the current scenario as "${name}".`).waitFor();
}

test('two quotes saved, compared, kept across a reload, and opened without losing work', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await openPage(context);
  await page.goto(BASE);
  await page.locator('#totals').waitFor({ timeout: 15000 });
  await saveQuote(page, 'Commit 20');

  const step = page.locator('input[data-path="contract.commitments[0].quantity"]');
  const original = await step.inputValue();
  const before = await settledTotals(page);
  await step.fill('35');
  await step.dispatchEvent('change');
  await page.waitForFunction((b) => document.querySelector('#totals')?.textContent !== b, before);
  await saveQuote(page, 'Commit 35');

  await page.getByLabel('Quote A').selectOption({ label: 'Commit 20' });
  await page.getByLabel('Quote B').selectOption({ label: 'Commit 35' });
  const a = cents(await page.locator('#quote-total-a').textContent());
  const b = cents(await page.locator('#quote-total-b').textContent());
  const d = cents(await page.locator('#quote-total-diff').textContent());
  assert.ok(b > a, 'a higher commitment costs more here');
  assert.equal(d, b - a, 'the difference is B minus A to the cent');
  const rows = page.getByRole('table', { name: 'Invoices' }).locator('tbody tr');
  assert.ok(await rows.count() >= 12, 'one row per invoice');
  await page.screenshot({ path: `${SHOTS}/quotes.png`, fullPage: true });

  // Printed: only the comparison, with the note that it is a simulation.
  await page.evaluate(() => document.body.setAttribute('data-print', 'quotes'));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header').isVisible(), false);
  assert.equal(await page.locator('.editor').isVisible(), false);
  assert.ok(await page.getByText('A simulation, not an invoice').isVisible());
  await page.pdf({ path: `${SHOTS}/quotes-print.pdf` });
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => document.body.removeAttribute('data-print'));

  // Duplicate, rename the copy, delete it, undo.
  await page.getByRole('button', { name: 'Duplicate Commit 35' }).click();
  const copy = page.getByLabel('Name of quote Commit 35 (copy)');
  await copy.fill('Commit 35, annual');
  await copy.dispatchEvent('change');
  await page.getByText('Renamed to "Commit 35, annual".').waitFor();
  await page.getByRole('button', { name: 'Delete Commit 35, annual' }).click();
  await page.getByText('Deleted "Commit 35, annual".').waitFor();
  assert.equal(await page.locator('tr[data-quote]').count(), 2);
  await page.getByRole('button', { name: 'Undo delete' }).click();
  await page.getByText('Restored "Commit 35, annual".').waitFor();
  assert.equal(await page.locator('tr[data-quote]').count(), 3);

  // A reload keeps the quotes; a second tab sees them and adds its own without erasing ours.
  await page.reload();
  await page.locator('#totals').waitFor();
  await page.getByRole('tab', { name: 'Quotes' }).click();
  assert.deepEqual(await page.locator('tr[data-quote]').evaluateAll((r) => r.map((x) => x.dataset.quote)),
    ['Commit 20', 'Commit 35', 'Commit 35, annual']);
  const other = await context.newPage();
  await other.goto(BASE);
  await other.locator('#totals').waitFor();
  await saveQuote(other, 'From the other tab');
  await page.getByRole('button', { name: 'Delete Commit 35, annual' }).click();
  await page.getByText('Deleted "Commit 35, annual".').waitFor();
  assert.deepEqual(await page.locator('tr[data-quote]').evaluateAll((r) => r.map((x) => x.dataset.quote)),
    ['Commit 20', 'Commit 35', 'From the other tab'], "the other tab's quote survives this tab's delete");
  await other.close();

  // Edit further, then open "Commit 20": the unsaved edit is kept as a quote.
  await page.getByRole('tab', { name: 'Invoices' }).click();
  await step.fill('40');
  await step.dispatchEvent('change');
  await page.waitForFunction(() => /40/.test(document.querySelector('input[data-path="contract.commitments[0].quantity"]')?.value));
  await page.getByRole('tab', { name: 'Quotes' }).click();
  await page.getByRole('button', { name: 'Open Commit 20' }).click();
  await page.getByText(/Opened "Commit 20"\. Your previous work is kept as the quote "Before opening Commit 20/).waitFor();
  assert.equal(await step.inputValue(), original, 'the editor holds the opened quote');
  assert.equal(await page.locator('tr[data-quote^="Before opening Commit 20"]').count(), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('issue 22: at 390 px two quotes seven digits apart compare on the screen, every figure whole (tester: "B - A" cut off)', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page, problems } = await openPage(context);
  await page.goto(BASE);
  await page.locator('#totals').waitFor({ timeout: 15000 });
  await saveQuote(page, 'Zeta Corporation international support desk 2027, a very long name');
  await page.getByRole('tab', { name: 'Invoices' }).click();
  const step = page.locator('input[data-path="contract.commitments[1].quantity"]');
  const before = await settledTotals(page);
  await step.fill('10000');
  await step.dispatchEvent('change');
  await page.waitForFunction((b) => document.querySelector('#totals')?.textContent !== b, before);
  await saveQuote(page, 'Commit 10000');
  await page.getByLabel('Quote A').selectOption({ index: 1 });
  await page.getByLabel('Quote B').selectOption({ label: 'Commit 10000' });
  const diff = page.locator('#quote-total-diff');
  assert.match(await diff.textContent(), /^\+\d,\d{3},\d{3}\.\d\d$/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);
  for (const el of [diff, page.getByLabel('Quote A'), page.getByRole('table', { name: 'Invoices' }).locator('tbody tr td').last()]) {
    const box = await el.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `on screen: ${box.x}, ${box.width}`);
  }
  await page.screenshot({ path: `${SHOTS}/quotes-390.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});
