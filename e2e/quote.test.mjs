// Issue 11: the printed quote, the phone layout, the numbers as people read
// them, and the keyboard and screen-reader paths.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { launch, openPage, BASE, SHOTS, settledTotals } from './browser.mjs';

const BIN = process.env.BILLSIM_BIN ?? new URL('../target/debug/billsim', import.meta.url).pathname;
const EXAMPLE = new URL('../examples/contact-center.json', import.meta.url).pathname;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function ready(context) {
  const { page, problems } = await openPage(context);
  await page.goto(BASE);
  await page.locator('#totals').waitFor();
  return { page, problems };
}

/** 1234567.5 as the page groups it: 1,234,567.5 (from the exact string). */
const grouped = (s) => s.replace(/^(\d+)/, (d) => d.replace(/\B(?=(\d{3})+$)/g, ','));

test('10: money is grouped by thousands from the exact decimals; the chart has an axis with amounts and says tax apart', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  const cli = JSON.parse(execFileSync(BIN, ['simulate', EXAMPLE, '--json'], { encoding: 'utf8' }));
  assert.match(cli.totals.total, /^\d{4,}\.\d{2}$/, 'the example total has thousands');
  assert.match(await settledTotals(page), new RegExp(`^Contract total: ${grouped(cli.totals.total).replace('.', '\\.')} USD `));
  const cards = await page.getByRole('navigation', { name: 'Invoices' }).getByRole('button').allTextContents();
  cli.invoices.forEach((inv, i) => assert.ok(cards[i].endsWith(`${grouped(inv.total)} USD`), `card ${i + 1}: ${cards[i]}`));
  const first = cli.invoices[0];
  assert.equal(await page.locator('#invoice-total').textContent(), grouped(first.total));
  const axis = await page.locator('#cost-chart .axis text').allTextContents();
  const top = cli.invoices.map((i) => i.subtotal).sort((a, b) => Number(b) - Number(a))[0];
  assert.deepEqual([axis[0], axis.at(-1)], [grouped(top), '0']);
  // Both axes say what they count (issue 22: the x axis had no title): the amounts' unit beside
  // the y axis, and the x axis's title right under the bars, above the key.
  assert.equal(await page.locator('#cost-chart svg[role="img"] > text').first().textContent(), 'USD');
  const xTitle = await page.locator('#cost-chart figcaption').evaluate((f) => {
    const b = getComputedStyle(f, '::before');
    return { text: b.content, px: parseFloat(b.fontSize), below: f.getBoundingClientRect().top >= f.previousElementSibling.getBoundingClientRect().bottom - 1 };
  });
  assert.deepEqual(xTitle, { text: '"invoice number"', px: xTitle.px, below: true });
  assert.ok(xTitle.px >= 9, `the x axis's title is readable (${xTitle.px} px)`);
  const tip = await page.locator('#cost-chart g title').first().textContent();
  assert.equal(tip, `Invoice #1 ${first.date}: ${grouped(first.subtotal)} USD before tax, ${grouped(first.total)} USD with tax`);
  assert.ok(Number(await page.locator('#cost-chart .axis text').first().evaluate((t) => t.getBoundingClientRect().height)) >= 9, 'axis labels are readable');
  assert.deepEqual(problems, []);
  await context.close();
});

test('issue 21: the printed quote is drawn while printing only, so an edit redraws the invoices on screen and not a hidden second copy', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  assert.equal(await page.locator('#quote article.invoice').count(), 0, 'no printed copy on screen');
  // The browser dispatches beforeprint and lays the page out for paper once
  // the microtasks it queued have run: the quote is drawn by then.
  const drawn = await page.evaluate(() => {
    window.dispatchEvent(new Event('beforeprint'));
    return new Promise((resolve) => queueMicrotask(() => resolve(document.querySelectorAll('#quote article.invoice').length)));
  });
  assert.equal(drawn, await page.locator('.timeline button').count(), 'every invoice, before the print layout');
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.locator('#quote article.invoice').first().waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});

for (const tab of ['Compare models', 'Usage', 'Invoices']) {
  test(`8: printing from ${tab} gives the whole quote: name, date, the note, total, chart, every invoice and the comparison`, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const { page, problems } = await ready(context);
    const name = JSON.parse(readFileSync(EXAMPLE, 'utf8')).name;
    const invoices = await page.locator('.timeline button').count();
    await page.getByRole('tab', { name: tab }).click();
    // What the browser does when a person prints: beforeprint, then print media.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'print' });
    const quote = page.getByRole('region', { name: 'Printed quote' });
    await quote.waitFor();
    assert.ok(await page.locator('header').isHidden(), 'the page controls are not printed');
    assert.ok(await page.locator('#results').isHidden());
    const text = await quote.textContent();
    assert.ok(text.includes(`Quote: ${name}`), 'the scenario name');
    assert.match(text, /Prepared \d{4}-\d{2}-\d{2}/);
    assert.match(text, /This is a simulation .* not an invoice/);
    assert.match(text, /Contract total: \d{1,3}(,\d{3})*\.\d{2} USD/);
    assert.ok(await quote.getByRole('img', { name: /Cost per invoice/ }).isVisible());
    assert.equal(await quote.locator('article.invoice').count(), invoices, 'every invoice');
    assert.equal(await quote.locator('article.invoice tr.explain').count(), await quote.locator('article.invoice tr.line').count(), 'every line explained');
    assert.equal(await quote.locator('article.invoice tr.total').count(), invoices);
    assert.equal(await quote.locator('table.quote-compare tbody tr').count(), 3, 'the model comparison');
    const slug = tab.split(' ')[0].toLowerCase();
    await page.screenshot({ path: `${SHOTS}/quote-${slug}-top.png` });
    await page.screenshot({ path: `${SHOTS}/quote-${slug}.png`, fullPage: true });
    if (tab === 'Compare models') await page.pdf({ path: `${SHOTS}/quote.pdf`, format: 'A4', printBackground: true });
    // On a page as wide as A4's printable width a period breaks between its
    // dates, never inside one (tester: "2026-11-21 – 2026-12-" / "20").
    await page.setViewportSize({ width: 700, height: 800 });
    const broken = await quote.locator('article.invoice tr.line td:nth-child(2)').evaluateAll((cells) => cells
      .filter((td) => [...td.querySelectorAll('.date')].length !== 2 || [...td.querySelectorAll('.date')].some((d) => d.getClientRects().length !== 1))
      .map((td) => td.textContent));
    assert.deepEqual(broken, [], 'every period is two dates, each on one line');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('9: at 390 px the invoice footer amounts show, a link jumps to the invoices, and the comparison scrolls inside itself', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page, problems } = await ready(context);
  for (const row of await page.locator('#invoice tfoot tr').all()) {
    const amount = row.locator('td.n');
    assert.ok(await amount.isVisible(), `${await row.textContent()}: amount shown`);
    const box = await amount.boundingBox();
    assert.ok(box.x + box.width <= 390, 'inside the screen');
  }
  const jump = page.getByRole('link', { name: 'Jump to the invoices' });
  assert.ok((await jump.boundingBox()).y < 844, 'the jump link is on the first screen');
  await jump.click();
  const cards = page.getByRole('navigation', { name: 'Invoices' });
  await page.waitForFunction(() => { const r = document.querySelector('.timeline').getBoundingClientRect(); return r.top > -2 && r.top < 844; });
  assert.ok(await cards.isVisible());
  await page.screenshot({ path: `${SHOTS}/phone-invoices.png` });
  await page.locator('#invoice tfoot').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/phone-invoice-footer.png` });
  await page.getByRole('tab', { name: 'Compare models' }).click();
  await page.locator('#compare').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);
  await page.locator('#compare').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/phone-compare.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('accessibility: skip link, tabs by arrow keys, focus ring on Open scenario, totals announced, the selected invoice marked', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to the results' });
  assert.ok(await skip.evaluate((a) => a === document.activeElement), 'the first Tab reaches the skip link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'results');
  // Tabs: one in the tab order, arrows move, the panel is named by its tab.
  const invoicesTab = page.getByRole('tab', { name: 'Invoices' });
  await invoicesTab.focus();
  await page.keyboard.press('ArrowRight');
  const compareTab = page.getByRole('tab', { name: 'Compare models' });
  assert.equal(await compareTab.getAttribute('aria-selected'), 'true');
  assert.ok(await compareTab.evaluate((b) => b === document.activeElement));
  assert.equal(await page.getByRole('tabpanel', { name: 'Compare models' }).count(), 1);
  assert.equal(await compareTab.getAttribute('aria-controls'), 'tabpanel');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await invoicesTab.getAttribute('aria-selected'), 'true');
  // The file input is hidden: its label shows the keyboard focus.
  await page.locator('#open-scenario').focus();
  const ring = await page.locator('label[for="open-scenario"]').evaluate((l) => getComputedStyle(l).outlineStyle);
  assert.notEqual(ring, 'none');
  // Totals are a live region; the selected invoice is marked.
  assert.equal(await page.locator('#totals').getAttribute('aria-live'), 'polite');
  const cards = page.getByRole('navigation', { name: 'Invoices' });
  assert.equal(await cards.locator('[aria-current="true"]').getAttribute('data-invoice'), '1');
  await cards.locator('button[data-invoice="3"]').click();
  assert.equal(await cards.locator('[aria-current="true"]').getAttribute('data-invoice'), '3');
  // Headings go down one level at a time (axe heading-order), and no table header is empty.
  const levels = await page.evaluate(() => [...document.querySelectorAll('h1,h2,h3,h4')].filter((h) => h.offsetParent !== null || h.classList.contains('visually-hidden')).map((h) => Number(h.tagName[1])));
  levels.reduce((prev, l) => { assert.ok(l <= prev + 1, `heading h${l} after h${prev}`); return l; }, 0);
  for (const t of ['Invoices', 'Compare models', 'Usage']) {
    await page.getByRole('tab', { name: t }).click();
    assert.equal(await page.locator('th:empty').count(), 0, `${t}: no empty table header`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

/** The entries of a zip file (an .xlsx), inflated: name -> Buffer. */
function unzip(buf) {
  const files = new Map();
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  assert.ok(end >= 0, 'a zip file');
  let p = buf.readUInt32LE(end + 16);
  for (let i = 0; i < buf.readUInt16LE(end + 10); i++) {
    const [method, size] = [buf.readUInt16LE(p + 10), buf.readUInt32LE(p + 20)];
    const [nlen, xlen, clen, local] = [buf.readUInt16LE(p + 28), buf.readUInt16LE(p + 30), buf.readUInt16LE(p + 32), buf.readUInt32LE(p + 42)];
    const name = buf.toString('utf8', p + 46, p + 46 + nlen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    p += 46 + nlen + xlen + clen;
  }
  return files;
}

test('issue 22: the quote names its customer, prints its contract terms, and downloads as the workbook the CLI writes', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  const { page, problems } = await ready(context);
  const form = page.getByRole('group', { name: 'Quote' });
  for (const [label, value] of [['Quote title', 'Acme 2027 renewal'], ['Customer', 'Acme Corp'], ['Prepared by', 'Dana Reyes'], ['Valid until', '2026-12-31']]) {
    const input = form.getByLabel(label, { exact: true });
    await input.fill(value);
    await input.press('Tab');
  }
  const total = await settledTotals(page);
  // What the browser does when a person prints: beforeprint, then print media.
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  await page.waitForFunction(() => document.querySelector('#quote h1')?.textContent === 'Quote: Acme 2027 renewal');
  const quote = page.locator('#quote');
  assert.match(await quote.locator('.quote-meta').textContent(), /^For: Acme Corp\. Prepared by: Dana Reyes\. Prepared \d{4}-\d{2}-\d{2} with billsim\. Prices valid until 2026-12-31\./);
  const terms = quote.getByRole('table').first();
  assert.equal(await terms.getByRole('row', { name: /Term cycles/ }).locator('td').textContent(), '12');
  // A term the scenario leaves out is printed as billed.
  assert.match(await terms.getByRole('row', { name: /Peak rule/ }).locator('td').textContent(), /^(sustained|cumulative|cumulative_exact), \d+ minutes$/);
  assert.equal(await quote.getByRole('table', { name: 'Products and rates' }).getByRole('columnheader', { name: 'List (after term)' }).count(), 1);
  assert.equal(await quote.getByRole('table', { name: 'Commitment steps' }).getByRole('row').count() > 1, true);
  // The workforce the usage assumes is printed with the terms (tester: it was missing).
  const workforce = quote.getByRole('table', { name: /^Workforce assumptions/ });
  assert.match(await workforce.locator('tbody tr').first().textContent(), /\d\d:\d\d–\d\d:\d\d, [\d,]+ agents/);
  // Totals per contract year, after the invoices, add up to the contract total (tester: there were none).
  const years = quote.getByRole('table', { name: /^Totals per contract year/ });
  const cells = await years.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  const last = cells.pop();
  assert.equal(last[0], 'Contract total');
  const cents = (t) => Math.round(Number(t.replace(/[^\d.]/g, '')) * 100);
  assert.equal(cells.reduce((n, r) => n + cents(r[2]), 0), cents(last[2]), 'the years add up to the contract total');
  assert.equal(cells.reduce((n, r) => n + Number(r[1]), 0), Number(last[1]), 'every invoice counts in one year');
  assert.equal(last[2], total.match(/Contract total: ([\d,]+\.\d{2} \w+)/)[1]);
  assert.ok(await years.evaluate((t) => !!(t.compareDocumentPosition([...document.querySelectorAll('#quote .invoice')].at(-1)) & Node.DOCUMENT_POSITION_PRECEDING)), 'the years come after the invoices');
  await page.screenshot({ path: `${SHOTS}/quote-print-head.png`, fullPage: false });
  await page.emulateMedia({ media: 'screen' });

  // The workbook: the worker's bytes, entry for entry the CLI's from the same scenario.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Excel workbook' }).click()]);
  assert.equal(download.suggestedFilename(), 'acme-2027-renewal-quote.xlsx');
  const app = unzip(readFileSync(await download.path()));
  const [scenarioFile] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download scenario' }).click()]);
  const dir = mkdtempSync(join(tmpdir(), 'billsim-xlsx-'));
  execFileSync(BIN, ['simulate', await scenarioFile.path(), '--xlsx', join(dir, 'cli.xlsx')]);
  const cli = unzip(readFileSync(join(dir, 'cli.xlsx')));
  assert.deepEqual([...app.keys()].sort(), [...cli.keys()].sort());
  for (const [name, body] of cli) {
    // The file's creation time is the only thing two writes may differ in.
    if (name === 'docProps/core.xml') continue;
    assert.equal(app.get(name).toString('utf8'), body.toString('utf8'), name);
  }
  const book = app.get('xl/workbook.xml').toString('utf8');
  assert.deepEqual([...book.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]), ['Summary', 'Contract', 'Invoices', 'Comparison']);
  // The contract total on screen is a number in the Summary sheet.
  const amount = total.match(/Contract total: ([\d,]+\.\d{2})/)[1].replace(/,/g, '');
  assert.match(app.get('xl/worksheets/sheet1.xml').toString('utf8'), new RegExp(`<v>${amount.replace('.', '\\.')}</v>`));
  assert.match(app.get('xl/sharedStrings.xml').toString('utf8'), /Acme Corp/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('tester 3: the printed quote lists every charge its invoices bill, heads its years once, ends with the simulation note, and warns of a lapsed Valid until', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  await settledTotals(page);
  // The comparison is printed too: ask for it as a person would.
  await page.getByRole('tab', { name: 'Compare models' }).click();
  await page.locator('#compare table').first().waitFor();
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.emulateMedia({ media: 'print' });
  const quote = page.locator('#quote');
  await quote.locator('.quote-compare').waitFor();
  // The onboarding fee on invoice 1 is a term of the quote (tester: it was in none).
  const oneTime = quote.getByRole('table', { name: 'One-time charges' });
  assert.match(await oneTime.locator('tbody').textContent(), /Onboarding/);
  assert.equal(await quote.getByRole('table', { name: /^Calls: rates a minute/ }).count(), 1);
  assert.equal(await quote.getByRole('table', { name: 'Resources above the allowance' }).count(), 1);
  // "Totals per contract year" once, as the table's caption.
  assert.equal(await quote.getByText('Totals per contract year', { exact: true }).count(), 0);
  assert.equal(await quote.getByRole('table', { name: /^Totals per contract year/ }).count(), 1);
  // The simulation note is the quote's last word, after the comparison.
  const last = await quote.evaluate((q) => q.lastElementChild?.textContent);
  assert.equal(last, 'This is a simulation of the bills under the contract terms entered, not an invoice and not an offer.');
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  const until = page.getByRole('group', { name: 'Quote' }).getByLabel('Valid until', { exact: true });
  await until.fill('2020-01-01');
  await until.press('Tab');
  await page.getByText(/^2020-01-01 has passed: a printed quote would say its prices were valid until then/).waitFor();
  await until.fill('2999-01-01');
  await until.press('Tab');
  await page.locator('#valid-until-past').waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});
