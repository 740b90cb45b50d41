import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, BASE, SHOTS, settledTotals } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('first load renders the example invoices from wasm, with no foreign request or console error', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await openPage(context);
  await page.goto(BASE);
  const totals = page.locator('#totals');
  await totals.waitFor({ timeout: 15000 });
  assert.match(await totals.textContent(), /Contract total: \d{1,3}(,\d{3})*\.\d{2} USD \(\d+ invoices, concurrent model\)/);
  assert.ok(await page.locator('.timeline button').count() >= 10, 'one button per invoice');
  assert.match(await page.locator('#invoice h2').textContent(), /Invoice #1/);
  await page.screenshot({ path: `${SHOTS}/app.png`, fullPage: false });
  assert.deepEqual(problems, []);
  await context.close();
});

test('changing a commitment changes the affected invoice and the total; a reload restores it', async () => {
  const context = await browser.newContext();
  const { page, problems } = await openPage(context);
  await page.goto(BASE);
  await page.locator('#totals').waitFor();
  const before = await settledTotals(page);
  // Invoice 4 opens the term (3-cycle ramp) and carries the first prepay.
  await page.locator('.timeline button[data-invoice="4"]').click();
  const invBefore = await page.locator('#invoice-total').textContent();
  const step = page.locator('input[data-path="contract.commitments[0].quantity"]');
  await step.fill('25');
  await step.dispatchEvent('change');
  await page.waitForFunction((b) => document.querySelector('#totals')?.textContent !== b, before);
  const invAfter = await page.locator('#invoice-total').textContent();
  assert.notEqual(invAfter, invBefore, 'the term-opening invoice follows the commitment');
  const after = await settledTotals(page);
  await page.reload();
  await page.locator('#totals').waitFor();
  assert.equal(await settledTotals(page), after, 'autosave restored the edited scenario');
  assert.equal(await page.locator('input[data-path="contract.commitments[0].quantity"]').inputValue(), '25');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a bad field shows the engine message at that field and keeps the other fields and the last invoices', async () => {
  const context = await browser.newContext();
  const { page, problems } = await openPage(context);
  await page.goto(BASE);
  await page.locator('#totals').waitFor();
  const total = await settledTotals(page);
  const prepay = page.locator('input[data-path="contract.products.cx2.prepay"]');
  await prepay.fill('-5');
  await prepay.dispatchEvent('change');
  const msg = page.locator('.field.bad .field-error');
  await msg.waitFor();
  assert.equal(await msg.textContent(), 'Prepay: must not be negative; you typed "-5".');
  assert.equal(await settledTotals(page), total, 'the last good invoices stay');
  assert.equal(await page.locator('input[data-path="contract.term_cycles"]').inputValue(), '12', 'other fields are kept');
  await prepay.fill('115.00');
  await prepay.dispatchEvent('change');
  await page.locator('.field.bad').waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});
