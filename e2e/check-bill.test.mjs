// Check a bill (issue 25): a customer drops the vendor's invoice of the
// built-in example, reads that it matches; drops one that differs, reads
// each cause in words, asks "Why N?", applies the setting the vendor
// implies and undoes it; a bad file is refused by line and column while
// the loaded one stays; another tab and back keeps the files; the check
// prints and downloads as CSV.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openPage, BASE, SHOTS, settledTotals } from './browser.mjs';

const examples = new URL('../examples/', import.meta.url).pathname;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the vendor bill is checked line by line, with causes, Why N?, apply and undo (R-R1..R-R6)', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await openPage(context);
  await page.goto(BASE);
  await page.locator('#totals').waitFor({ timeout: 15000 });
  await page.getByRole('tab', { name: 'Check a bill' }).click();

  // The bill of the built-in example, as the vendor sent it: it matches.
  await page.getByLabel('Vendor files: choose or drop here, one after another').setInputFiles(`${examples}contact-center.vendor-bill.csv`);
  const says = page.locator('#recon-says');
  await says.filter({ hasText: 'matches the simulation to the cent' }).waitFor({ timeout: 15000 });
  assert.ok(await page.getByText('Vendor 10,156.22 USD, simulated 10,156.22 USD').isVisible());
  await page.screenshot({ path: `${SHOTS}/check-bill-matches.png`, fullPage: true });

  // Another bill: the vendor billed the peak under a 10-minute rule and typed a rate.
  await page.getByRole('button', { name: 'Remove contact-center.vendor-bill.csv' }).click();
  await page.getByLabel('Vendor files: choose or drop here, one after another').setInputFiles(`${examples}contact-center.vendor-bill-differs.csv`);
  await says.filter({ hasText: 'differs by USD 4,560.16: Rate -77.94, Peak rule +4,638.10.' }).waitFor({ timeout: 15000 });
  // Causes are text, not colour alone.
  assert.ok(await page.getByText("The vendor charged 57 a unit; the contract's prepay rate is 75.").isVisible());
  assert.ok(await page.getByText('Peak rule +1,518.00:').first().isVisible());
  await page.screenshot({ path: `${SHOTS}/check-bill-differs.png`, fullPage: true });

  // The usage line's "Why N?" opens the panel for that cycle and product.
  await page.getByRole('button', { name: 'Why 3? cx2 in main, cycle 4' }).click();
  await page.locator('#why-n').waitFor({ timeout: 15000 });
  // N first: the 3 of the overage line, then the 23 billed (issue 22).
  assert.match(await page.locator('#why-n').textContent(), /^3 = the user\(s\) above your commitment of 20 \(R-M4\): 23 billed/);
  await page.keyboard.press('Escape');
  // A line the simulation bills 0 of says why 0: the commitment covers what was used.
  await page.getByRole('button', { name: 'Why 0? cx2 in main, cycle 3' }).click();
  await page.locator('#why-n').waitFor({ timeout: 15000 });
  assert.match(await page.locator('#why-n').textContent(), /^0 = the user\(s\) above your commitment of 20 \(R-M4\): 19 user\(s\) measured, within it, so there is no overage/);
  await page.keyboard.press('Escape');

  // Apply the peak rule the vendor's numbers imply: the peak-rule lines then match.
  const before = await settledTotals(page);
  await page.getByRole('button', { name: 'Apply: Peak rule: sustained 10 minutes' }).click();
  await page.waitForFunction((b) => document.querySelector('#totals')?.textContent !== b, before);
  await says.filter({ hasText: 'Rate -' }).waitFor({ timeout: 15000 });
  assert.doesNotMatch(await says.textContent(), /Peak rule/, 'the peak-rule difference is gone');
  assert.match(await page.locator('input[data-path="contract.peak_rule.minutes"]').inputValue(), /^10$/);
  await page.getByRole('button', { name: 'Undo the setting' }).click();
  await says.filter({ hasText: 'Peak rule +4,638.10' }).waitFor({ timeout: 15000 });
  assert.equal(await settledTotals(page), before, 'undo puts the contract back');

  // A bad file: refused by line and column; the loaded file stays.
  await page.getByLabel('Vendor files: choose or drop here, one after another').setInputFiles({
    name: 'typed.csv', mimeType: 'text/csv',
    buffer: Buffer.from('service_period,description,quantity,rate,amount\n2027-01-21 - 2027-02-20,Cloud CX 2 User - Prepay,20,"115,5",2310.00\n'),
  });
  const err = page.locator('#vendor-errors');
  await err.waitFor({ timeout: 15000 });
  assert.match(await err.textContent(), /typed\.csv/);
  assert.match(await err.textContent(), /115\.5/);
  assert.equal(await err.locator('tr.bad-row td').first().textContent(), '2');
  assert.ok(await page.getByRole('button', { name: 'Remove contact-center.vendor-bill-differs.csv' }).isVisible());
  assert.equal(await page.getByRole('button', { name: 'Remove typed.csv' }).count(), 0);
  await says.filter({ hasText: 'differs by USD 4,560.16' }).waitFor({ timeout: 15000 });

  // Another tab and back: the files and the check are still there.
  await page.getByRole('tab', { name: 'Invoices' }).click();
  await page.getByRole('tab', { name: 'Check a bill' }).click();
  await says.filter({ hasText: 'differs by USD 4,560.16' }).waitFor({ timeout: 15000 });

  // Printed: the check alone.
  await page.evaluate(() => document.body.setAttribute('data-print', 'check'));
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.editor').isVisible(), false);
  assert.ok(await says.isVisible());
  assert.equal(await page.getByLabel('Vendor files: choose or drop here, one after another').isVisible(), false);
  await page.pdf({ path: `${SHOTS}/check-bill-print.pdf` });
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => document.body.removeAttribute('data-print'));

  // The CSV download is the command's --csv.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the check (CSV)' }).click(),
  ]);
  const text = await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString());
  assert.match(text, /^invoice,description,product,org,kind,vendor_quantity/);
  assert.match(text, /rate:-72\.00/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('issue 25: a 200 MB file that is not a bill is refused from its first bytes, and the check goes on working', async () => {
  // A sessions export picked by mistake: its header says what it is, and
  // the worker refuses it from the first 64 KiB and its size, unread.
  const dir = mkdtempSync(join(tmpdir(), 'billsim-big-'));
  const path = join(dir, 'logins-export.csv');
  writeFileSync(path, 'user,org,product,login,logout\n');
  truncateSync(path, 200 * 1024 * 1024); // sparse: the rest reads as zeros
  const context = await browser.newContext();
  const { page, problems } = await openPage(context);
  await page.goto(BASE);
  await page.locator('#totals').waitFor();
  await page.getByRole('tab', { name: 'Check a bill' }).click();
  const files = page.getByLabel('Vendor files: choose or drop here, one after another');
  await files.setInputFiles(`${examples}contact-center.vendor-bill.csv`);
  const says = page.locator('#recon-says');
  await says.filter({ hasText: 'matches the simulation to the cent' }).waitFor({ timeout: 15000 });
  await files.setInputFiles(path);
  const err = page.locator('#vendor-errors');
  await err.waitFor({ timeout: 15000 });
  assert.match(await err.textContent(), /logins-export\.csv/);
  assert.match(await err.textContent(), /not a vendor bill/);
  assert.ok(await page.getByRole('button', { name: 'Remove contact-center.vendor-bill.csv' }).isVisible(), 'the loaded file stays');
  await says.filter({ hasText: 'matches the simulation to the cent' }).waitFor({ timeout: 15000 });
  assert.equal(await page.getByRole('alert').filter({ hasText: 'The background worker stopped' }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

/** A fresh page of `context` on the Check a bill tab, as a person opens it. */
async function checkTab(context) {
  const { page, problems } = await openPage(context);
  await page.goto(BASE);
  await page.locator('#totals').waitFor();
  await page.getByRole('tab', { name: 'Check a bill' }).click();
  const files = page.getByLabel('Vendor files: choose or drop here, one after another');
  return { page, problems, files, says: page.locator('#recon-says') };
}

const overview = () => {
  // The vendor's subscription overview, as its API returns it for one
  // billing period, saved without the period's dates.
  const dir = mkdtempSync(join(tmpdir(), 'billsim-figures-'));
  const path = join(dir, 'overview.json');
  writeFileSync(path, JSON.stringify({ usages: [{ name: 'Genesys Cloud CX 2 Concurrent User', partNumber: 'PC-170-NV-USR2C', grouping: 'licenses', usageQuantity: '23', prepayQuantity: '20', overagePrice: '138.00' }] }));
  return path;
};

test('issue 25: subscription figures without dates wait for the cycle chosen in the tab while the other files are checked; then to date', async () => {
  const context = await browser.newContext();
  const { page, problems, files, says } = await checkTab(context);
  await files.setInputFiles(`${examples}contact-center.vendor-bill.csv`);
  await says.filter({ hasText: 'matches the simulation to the cent' }).waitFor({ timeout: 15000 });
  await files.setInputFiles(overview());
  // Asked for by the field the person can set, by the file's name, not by
  // a command-line option or a JSON path; the invoice is still checked.
  const asks = page.getByRole('alert').filter({ hasText: 'overview.json: the file gives no billing period: choose its cycle in "Period of a file without dates"' });
  await asks.waitFor({ timeout: 15000 });
  assert.equal(await page.getByText(/--period|usages\[0\]/).count(), 0);
  assert.ok(await page.getByText('Vendor 10,156.22 USD, simulated 10,156.22 USD').isVisible(), 'the invoice CSV is checked meanwhile');
  assert.ok(await page.getByRole('button', { name: 'Remove overview.json' }).isVisible(), 'the file stays');
  await page.getByRole('button', { name: 'Remove contact-center.vendor-bill.csv' }).click();
  const period = page.getByLabel('Period of a file without dates');
  await period.selectOption({ label: '2027-02-21 to 2027-03-20' });
  await says.filter({ hasText: 'matches the simulation to the cent' }).waitFor({ timeout: 15000 });
  assert.equal(await asks.count(), 0);
  // Another cycle: the figures differ, said with the cycle's own numbers.
  await period.selectOption({ label: '2027-04-21 to 2027-05-20' });
  await page.getByText('vendor 23, simulated 20').first().waitFor({ timeout: 15000 });
  assert.match(await says.textContent(), /amounts match the simulation to the cent, but 1 of its figures differ/);
  // Back to the matching cycle, but to date: four days in, the bill so far is lower.
  await period.selectOption({ label: '2027-02-21 to 2027-03-20' });
  await says.filter({ hasText: 'matches the simulation to the cent' }).waitFor({ timeout: 15000 });
  await page.getByLabel('Bill to date on (figures of a cycle still open)').fill('2027-02-25');
  await page.getByText('vendor 23, simulated 20').first().waitFor({ timeout: 15000 });
  // The dates stay when the person looks at another tab and comes back, and across a reload.
  await page.getByRole('tab', { name: 'Invoices' }).click();
  await page.getByRole('tab', { name: 'Check a bill' }).click();
  assert.equal(await period.inputValue(), '2027-02-21');
  assert.equal(await page.getByLabel('Bill to date on (figures of a cycle still open)').inputValue(), '2027-02-25');
  await page.screenshot({ path: `${SHOTS}/check-bill-period.png`, fullPage: true });
  await page.reload();
  await page.locator('#totals').waitFor();
  await page.getByRole('tab', { name: 'Check a bill' }).click();
  await page.getByText('vendor 23, simulated 20').first().waitFor({ timeout: 15000 });
  assert.equal(await period.inputValue(), '2027-02-21');
  assert.equal(await page.getByLabel('Bill to date on (figures of a cycle still open)').inputValue(), '2027-02-25');
  assert.deepEqual(problems, []);
  await context.close();
});

test('issue 25: the same invoice in two files is refused, not counted twice; the files given survive a reload; removed, they stay gone', async () => {
  const context = await browser.newContext();
  const { page, problems, files, says } = await checkTab(context);
  await files.setInputFiles(`${examples}contact-center.vendor-bill.csv`);
  await says.filter({ hasText: 'matches the simulation to the cent' }).waitFor({ timeout: 15000 });
  // Both example bills hold the invoice of 2027-02-21: summed, every line would count twice.
  await files.setInputFiles(`${examples}contact-center.vendor-bill-differs.csv`);
  const twice = page.getByText('contact-center.vendor-bill-differs.csv: bills the invoice of 2027-02-21 that contact-center.vendor-bill.csv bills too: its lines would count twice. Check one file per invoice: remove one of them');
  await twice.waitFor({ timeout: 15000 });
  assert.equal(await says.count(), 0, 'no total is shown that sums both');
  await page.reload();
  await page.locator('#totals').waitFor();
  await page.getByRole('tab', { name: 'Check a bill' }).click();
  await page.getByRole('status').filter({ hasText: '2 vendor file(s) kept in this browser since your last visit, checked again.' }).waitFor({ timeout: 15000 });
  assert.deepEqual(await page.locator('#vendor-file-list li').evaluateAll((l) => l.map((e) => e.firstChild.textContent)),
    ['contact-center.vendor-bill.csv', 'contact-center.vendor-bill-differs.csv'], 'in the order given');
  await twice.waitFor({ timeout: 15000 });
  // The person removes the first: the second is checked on its own.
  await page.getByRole('button', { name: 'Remove contact-center.vendor-bill.csv' }).click();
  await says.filter({ hasText: 'differs by USD 4,560.16' }).waitFor({ timeout: 15000 });
  await page.getByRole('button', { name: 'Remove contact-center.vendor-bill-differs.csv' }).click();
  await page.locator('#vendor-file-list').waitFor({ state: 'detached' });
  // The storage write is asynchronous: wait until the list is gone from it.
  await page.waitForFunction(() => new Promise((done) => {
    const open = indexedDB.open('billsim');
    open.onsuccess = () => {
      const get = open.result.transaction('imports').objectStore('imports').get('vendor-files');
      get.onsuccess = () => { open.result.close(); done(get.result === undefined); };
    };
  }));
  await page.reload();
  await page.locator('#totals').waitFor();
  await page.getByRole('tab', { name: 'Check a bill' }).click();
  await page.getByLabel('Vendor files: choose or drop here, one after another').waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('#vendor-file-list').count(), 0);
  assert.equal(await page.getByText(/kept in this browser since your last visit/).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('issue 25: two tabs adding and removing vendor files keep each other\'s', async () => {
  const context = await browser.newContext();
  const tabs = [];
  for (let i = 0; i < 2; i++) tabs.push(await checkTab(context));
  await tabs[0].files.setInputFiles(`${examples}contact-center.vendor-bill.csv`);
  await tabs[0].says.filter({ hasText: 'matches the simulation to the cent' }).waitFor({ timeout: 15000 });
  await tabs[1].files.setInputFiles(overview());
  await tabs[1].page.getByRole('alert').filter({ hasText: 'overview.json: the file gives no billing period' }).waitFor({ timeout: 15000 });
  // The first tab removes its file: the second tab's stays kept.
  await tabs[0].page.getByRole('button', { name: 'Remove contact-center.vendor-bill.csv' }).click();
  const kept = () => tabs[0].page.evaluate(() => new Promise((done) => {
    const open = indexedDB.open('billsim');
    open.onsuccess = () => {
      const get = open.result.transaction('imports').objectStore('imports').get('vendor-files');
      get.onsuccess = () => { open.result.close(); done((get.result ?? []).map((f) => f.name)); };
    };
  }));
  for (let i = 0; i < 50 && (await kept()).length !== 1; i++) await tabs[0].page.waitForTimeout(100);
  assert.deepEqual(await kept(), ['overview.json']);
  const { page, problems } = await checkTab(context);
  await page.getByRole('status').filter({ hasText: '1 vendor file(s) kept in this browser since your last visit' }).waitFor({ timeout: 15000 });
  assert.ok(await page.getByRole('button', { name: 'Remove overview.json' }).isVisible());
  for (const t of [...tabs, { problems }]) assert.deepEqual(t.problems, []);
  await context.close();
});

test('at 390 px the check reads without sideways scrolling: each line stacks under its labels', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page, problems, files, says } = await checkTab(context);
  await files.setInputFiles(`${examples}contact-center.vendor-bill-differs.csv`);
  await says.filter({ hasText: 'differs by' }).waitFor({ timeout: 15000 });
  const wide = await page.evaluate(() => [...document.querySelectorAll('.recon-invoice, .check-bill')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => `${e.className} ${e.scrollWidth}>${e.clientWidth}`));
  assert.deepEqual(wide, [], 'no invoice of the check scrolls sideways');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth) <= 1, 'nor the page');
  // Each amount says what it is.
  assert.ok(await page.locator('.recon td[data-label="Difference"]').first().isVisible());
  await page.locator('.recon-invoice').first().screenshot({ path: `${SHOTS}/check-bill-390.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('after the worker is replaced (a crash), the vendor files are still checked, with no new pick', async () => {
  const context = await browser.newContext();
  const { page, problems, files, says } = await checkTab(context);
  await files.setInputFiles(`${examples}contact-center.vendor-bill-differs.csv`);
  await says.filter({ hasText: 'differs by USD 4,560.16' }).waitFor({ timeout: 15000 });
  await page.evaluate(() => self.billsimWorker.worker.terminate());
  await page.getByRole('alert').filter({ hasText: 'The background worker stopped' }).waitFor({ timeout: 20000 });
  // An edit re-checks the bill in the new worker, from the files it was given again.
  await page.getByRole('button', { name: 'Apply: Peak rule: sustained 10 minutes' }).click();
  await says.filter({ hasText: 'Rate -' }).waitFor({ timeout: 15000 });
  assert.doesNotMatch(await says.textContent(), /Peak rule/);
  assert.equal(await page.getByText(/no longer loaded in this page/).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});


// Issue 25: while nobody waits, the worker checks a small Cloud Voice report
// (read from a Blob in pieces, billed and rated) beside its four warm-up
// bills, so a person's million-call report runs optimized code. A warm-up
// that stopped checking would leave it slower without any other sign.
test('the worker warms up the bill check as well as the bills', async () => {
  const context = await browser.newContext();
  const { page } = await openPage(context);
  const said = [];
  page.on('console', (m) => said.push(m.text()));
  await page.goto(BASE);
  await page.locator('#totals').waitFor({ timeout: 15000 });
  for (let i = 0; i < 100 && !said.some((t) => t.includes('warm-up bills')); i++) await page.waitForTimeout(100);
  assert.ok(said.some((t) => /billsim worker: 5 warm-up bills in \d+ ms, then a bill check in \d+ ms/.test(t)), said.join('\n'));
  await context.close();
});
