import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unreadableChartText, launch, openPage, BASE, SHOTS, settledTotals } from './browser.mjs';

const BIN = process.env.BILLSIM_BIN ?? new URL('../target/debug/billsim', import.meta.url).pathname;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function ready(context) {
  const { page, problems } = await openPage(context);
  await page.goto(BASE);
  await page.locator('#totals').waitFor();
  return { page, problems };
}

/** 40 users, 8 hours a day for 5 days in the contract's first term cycle. */
function sessionsCsv() {
  const rows = ['user,org,product,login,logout'];
  for (let u = 0; u < 40; u++) {
    for (let d = 22; d < 27; d++) {
      rows.push(`agent${u}@acme.test,main,cx2,2027-01-${d}T08:00:00Z,2027-01-${d}T16:00:00Z`);
    }
  }
  return rows.join('\n') + '\n';
}

test('importing a sessions CSV re-bills from the logins; the Usage view shows the import', async () => {
  const context = await browser.newContext();
  const { page, problems } = await ready(context);
  const before = await settledTotals(page);
  await page.locator('#tab-usage').click();
  await page.locator('#sessions-file').setInputFiles({ name: 'logins.csv', mimeType: 'text/csv', buffer: Buffer.from(sessionsCsv()) });
  await page.locator('#import-status').waitFor();
  assert.match(await page.locator('#import-status').textContent(), /imported 200 sessions of 40 users/);
  const after = await settledTotals(page);
  assert.notEqual(after, before);
  // 40 users held 8 h in cycle 3: peak 40 > 20 committed -> 20 overage on the next invoice.
  await page.locator('#tab-invoices').click();
  await page.locator('.timeline button[data-invoice="5"]').click();
  const overage = page.locator('#invoice tr.line[data-kind="overage"]');
  assert.equal(await overage.count(), 1);
  assert.match(await overage.textContent(), /Cloud CX 2 User.*20138\.002,760\.00/);
  // Undo takes the import out of the scenario: the Usage tab no longer says it was imported (tester).
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.waitForFunction((b) => document.querySelector('#totals')?.textContent === b, before);
  await page.locator('#tab-usage').click();
  assert.equal(await page.locator('#import-status').count(), 0, 'no stale "imported" note after Undo');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a malformed CSV lists its bad rows by line and column and keeps the previous usage', async () => {
  const context = await browser.newContext();
  const { page, problems } = await ready(context);
  const before = await settledTotals(page);
  await page.locator('#tab-usage').click();
  const bad = 'user,org,product,login,logout\nana,main,cx2,2027-01-22T08:00:00Z,2027-01-22T16:00:00Z\nbob,main,cx2,tomorrow,2027-01-22T16:00:00Z\ncy,main,cx2,2027-01-22T08:00:00Z,2027-01-22T07:00:00Z\n';
  await page.locator('#sessions-file').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.locator('#import-errors').waitFor();
  const rows = await page.locator('#import-errors tr.bad-row').allTextContents();
  assert.equal(rows.length, 2);
  assert.match(rows[0], /^34login/);
  assert.match(rows[1], /^45logout/);
  assert.equal(await settledTotals(page), before);
  await page.screenshot({ path: `${SHOTS}/usage.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('Compare marks the cheapest model and switches the contract to another', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  await page.locator('#tab-compare').click();
  // The comparison comes from the worker a moment after the tab opens ("Comparing the models…").
  await page.locator('#compare table').first().waitFor();
  assert.equal(await page.locator('#compare tr.cheapest').count(), 1);
  assert.match(await page.locator('#break-even').textContent(), /Break-even: concurrent is cheaper while/);
  const namedTotal = await page.locator('#compare tr[data-model="named"] td.total').textContent();
  await page.screenshot({ path: `${SHOTS}/compare.png`, fullPage: true });
  await page.locator('button[data-switch="named"]').click();
  await page.waitForFunction(() => /named model/.test(document.querySelector('#totals')?.textContent ?? ''));
  assert.match(await settledTotals(page), new RegExp(`Contract total: ${namedTotal.replace('.', '\\.')} USD`));
  // The day chart says the peak rule does not bill a named contract.
  await page.locator('#tab-usage').click();
  assert.match(await page.locator('#day-chart figcaption').textContent(), /This contract is billed named: the peak rule applies under the concurrent model\./);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Compare bills hourly without the user commitments, says so, and the switch does the same in one undoable step', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  await page.locator('#tab-compare').click();
  const row = page.locator('#compare tr[data-model="hourly"]');
  assert.match(await row.textContent(), /priced without the contract's license commitments, which count users, not hours/);
  const hourlyTotal = await row.locator('td.total').textContent();
  const before = await settledTotals(page);
  await page.getByRole('button', { name: 'Bill as hourly (without the license commitments)' }).click();
  await page.waitForFunction(() => /hourly model/.test(document.querySelector('#totals')?.textContent ?? ''));
  assert.match(await settledTotals(page), new RegExp(`Contract total: ${hourlyTotal.replace('.', '\\.')} USD`),
    'the switched contract bills what Compare showed');
  assert.equal(await page.locator('input[data-path="contract.commitments[0].quantity"]').count(), 0, 'the user commitments are gone');
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.waitForFunction((b) => document.querySelector('#totals')?.textContent === b, before);
  assert.equal(await page.locator('input[data-path="contract.commitments[0].quantity"]').inputValue(), '20');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a share link is copied to the clipboard, says so, and opened in a fresh browser context shows the same totals', async () => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(BASE).origin });
  const { page, problems } = await ready(context);
  const step = page.locator('input[data-path="contract.commitments[0].quantity"]');
  await step.fill('33');
  await step.dispatchEvent('change');
  await page.waitForFunction(() => document.querySelector('input[data-path="contract.commitments[0].quantity"]')?.value === '33');
  const total = await settledTotals(page);
  await page.locator('#share').click();
  const url = await page.locator('#share-url').inputValue();
  assert.match(url, /#s=[A-Za-z0-9_-]+$/);
  await page.getByRole('status').filter({ hasText: 'Copied to the clipboard' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), url);
  // An edit ends the link; Undo back to the same scenario does not bring it (or "Copied") back (tester).
  await step.fill('34');
  await step.dispatchEvent('change');
  await page.locator('#share-url').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.waitForFunction(() => document.querySelector('input[data-path="contract.commitments[0].quantity"]')?.value === '33');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('#share-url').count(), 0);
  assert.equal(await page.getByText('Copied to the clipboard').count(), 0);
  const fresh = await browser.newContext();
  const other = await openPage(fresh);
  await other.page.goto(url);
  await other.page.locator('#totals').waitFor();
  assert.equal(await settledTotals(other.page), total);
  assert.deepEqual(other.problems, []);
  assert.deepEqual(problems, []);
  await fresh.close();
  await context.close();
});

test('a downloaded scenario bills the same with billsim simulate --json', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, problems } = await ready(context);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-scenario').click()]);
  const path = join(mkdtempSync(join(tmpdir(), 'billsim-e2e-')), download.suggestedFilename());
  await download.saveAs(path);
  const cli = JSON.parse(execFileSync(BIN, ['simulate', path, '--json'], { encoding: 'utf8' }));
  const shown = (await settledTotals(page)).match(/Contract total: (\d{1,3}(?:,\d{3})*\.\d{2}) USD \((\d+) invoices/);
  assert.equal(cli.totals.total, shown[1].replaceAll(',', ''), 'the grouped total is the exact one');
  assert.equal(String(cli.invoices.length), shown[2]);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  const csvPath = join(tmpdir(), `billsim-${Date.now()}.csv`);
  await csv.saveAs(csvPath);
  const lines = readFileSync(csvPath, 'utf8').trim().split('\n');
  assert.equal(lines.length - 1, cli.invoices.reduce((n, i) => n + i.lines.length, 0), 'one CSV row per invoice line');
  // The core's writer makes both: the download is `billsim simulate --csv` byte for byte.
  assert.equal(readFileSync(csvPath, 'utf8'), execFileSync(BIN, ['simulate', path, '--csv'], { encoding: 'utf8' }));
  assert.match(lines[0], /^invoice,date,kind,category,org,product,description,period_start,period_end,timing,quantity,unit_price,amount,explanation$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a value typed and not yet left is in the result JSON downloaded at once', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, problems } = await ready(context);
  const before = await settledTotals(page);
  // Typed, then straight to the button: leaving the field is the click itself.
  await page.getByLabel('Term cycles', { exact: true }).fill('5');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Result JSON' }).click()]);
  const path = join(mkdtempSync(join(tmpdir(), 'billsim-e2e-')), download.suggestedFilename());
  await download.saveAs(path);
  const result = JSON.parse(readFileSync(path, 'utf8'));
  await page.waitForFunction((b) => document.querySelector('#totals')?.textContent !== b, before);
  const shown = (await settledTotals(page)).match(/Contract total: (\d{1,3}(?:,\d{3})*\.\d{2}) USD \((\d+) invoices/);
  assert.equal(result.totals.total, shown[1].replaceAll(',', ''), 'the file is the bill of the typed value');
  assert.equal(String(result.invoices.length), shown[2]);
  // The step from cycle 9 is kept, and the page says it now bills nothing.
  const note = "Commitment step 2 (cx2 from cycle 9) starts after the term's last cycle (7), so it bills nothing: remove it or lengthen the term";
  assert.deepEqual(result.notes, [note]);
  assert.equal(await page.getByRole('list', { name: 'Notes on this bill' }).textContent(), note);
  assert.equal(await page.getByText(/Download failed/).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('readable on a 390 px wide screen', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page, problems } = await ready(context);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.screenshot({ path: `${SHOTS}/mobile.png`, fullPage: false });
  assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('tester: at 390 px the Usage tab\'s tables scroll inside themselves, and the tab around them stays put', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page, problems } = await ready(context);
  await page.getByRole('tab', { name: 'Usage' }).click();
  // The billable users: six columns, a timestamp among them.
  const table = page.locator('#billable-users-table');
  await table.locator('tbody tr').first().waitFor();
  // A cell at a wide table's far edge brought into view.
  await table.locator('tbody tr:first-child td:last-child').scrollIntoViewIfNeeded();
  const sideways = await page.evaluate(() => {
    const paged = document.querySelector('#billable-users');
    return { left: paged.scrollLeft, over: paged.scrollWidth - paged.clientWidth, page: document.documentElement.scrollWidth - window.innerWidth };
  });
  // Tester: the whole report (its title, search and Download CSV) slid left.
  assert.deepEqual(sideways, { left: 0, over: 0, page: 0 }, 'the report around the table does not slide sideways');
  // Each table's own box scrolls, and says what it holds.
  const box = page.locator('#billable-users .scroll-x');
  assert.equal(await box.getAttribute('role'), 'region');
  assert.ok(await box.evaluate((b) => b.scrollWidth > b.clientWidth), 'the wide table scrolls in its box');
  await page.screenshot({ path: `${SHOTS}/usage-tables-390.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('issue 22: at 390 px the cost chart, the day chart and the daily peaks draw every label at 9 px or more, none cut off', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page, problems } = await ready(context);
  assert.deepEqual(await unreadableChartText(page, '#cost-chart svg:not([aria-hidden])'), []);
  await page.getByRole('tab', { name: 'Usage' }).click();
  await page.locator('#day-chart svg').waitFor();
  await page.locator('.daily-peaks svg').first().waitFor();
  assert.deepEqual(await unreadableChartText(page, '#day-chart svg'), []);
  assert.deepEqual(await unreadableChartText(page, '.daily-peaks svg'), []);
  await page.locator('#day-chart').screenshot({ path: `${SHOTS}/day-chart-390.png` });
  await page.locator('.daily-peaks').first().screenshot({ path: `${SHOTS}/daily-peaks-390.png` });
  // Turned to landscape, the charts draw wide again and still read.
  await page.setViewportSize({ width: 844, height: 390 });
  await page.getByRole('tab', { name: 'Invoices' }).click();
  assert.deepEqual(await unreadableChartText(page, '#cost-chart svg:not([aria-hidden])'), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('issue 22: a chart follows the window: narrowed to a phone width, the charts on screen draw again for it, with nothing clicked', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  const width = (css) => page.locator(css).first().evaluate((svg) => svg.viewBox.baseVal.width);
  // The bars share 640 units wide, 320 on a phone.
  const wide = await width('#cost-chart svg:not([aria-hidden])');
  assert.ok(wide > 320, `drawn wide: ${wide}`);
  await page.setViewportSize({ width: 390, height: 844 });
  // Tester: turned, a chart stayed drawn for the old width until the next bill or tab.
  await page.waitForFunction(() => document.querySelector('#cost-chart svg:not([aria-hidden])')?.viewBox.baseVal.width <= 320);
  assert.deepEqual(await unreadableChartText(page, '#cost-chart svg:not([aria-hidden])'), []);
  await page.getByRole('tab', { name: 'Usage' }).click();
  await page.locator('.daily-peaks svg').first().waitFor();
  assert.equal(await width('.daily-peaks svg'), 320);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.waitForFunction(() => document.querySelector('.daily-peaks svg')?.viewBox.baseVal.width === 600);
  assert.deepEqual(problems, []);
  await context.close();
});

test('issue 22: at 390 px seven-digit amounts stay whole: the invoice totals and the chart axis fit the screen', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const { page, problems } = await ready(context);
  const before = await settledTotals(page);
  const step = page.locator('input[data-path="contract.commitments[1].quantity"]');
  await step.fill('10000');
  await step.press('Tab');
  await page.waitForFunction((b) => { const t = document.querySelector('#totals'); return t && t.textContent !== b && !t.hasAttribute('aria-busy'); }, before);
  await page.locator('.timeline button[data-invoice="10"]').click();
  const total = await page.locator('#invoice-total').textContent();
  assert.match(total, /^\d,\d{3},\d{3}\.\d{2}$/, 'a seven-digit total');
  // Tester: the page was 435 px wide and read "Total USD 1,246,130." (the cents cut off).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);
  const box = await page.locator('#invoice-total').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the total is on screen (${box.x}, ${box.width})`);
  // Tester: the axis's top read "151,159.50", its first digit cut off.
  assert.deepEqual(await unreadableChartText(page, '#cost-chart svg:not([aria-hidden])'), []);
  await page.screenshot({ path: `${SHOTS}/seven-digits-390.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('issue 22: three years of invoices still draw a readable cost chart; at 390 px Compare stacks each model with its figures labelled, nothing sideways', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  const term = page.getByLabel('Term cycles', { exact: true });
  const before = await settledTotals(page);
  await term.fill('36');
  await term.dispatchEvent('change');
  await page.waitForFunction((b) => { const t = document.querySelector('#totals'); return t && t.textContent !== b && !t.hasAttribute('aria-busy'); }, before);
  assert.match(await settledTotals(page), /\(40 invoices/);
  // Tester: with 36 cycles the axis text was about 6 px.
  assert.deepEqual(await unreadableChartText(page, '#cost-chart svg:not([aria-hidden])'), []);
  await page.locator('#cost-chart').screenshot({ path: `${SHOTS}/cost-chart-40-invoices.png` });
  // On a phone (the chart is drawn for the width it has when the page next draws).
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('tab', { name: 'Compare models' }).click();
  const named = page.locator('#compare tr[data-model="named"]');
  await named.waitFor();
  // Each figure under its label, inside the screen.
  const total = named.locator('td.total');
  assert.equal(await total.evaluate((td) => getComputedStyle(td, '::before').content), '"Total: "');
  const box = await total.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the total is on screen (${box.x}, ${box.width})`);
  assert.ok(await named.getByRole('button').first().isVisible(), 'the action is on screen, not past a sideways scroll');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `page scrolls sideways by ${overflow}px`);
  await page.screenshot({ path: `${SHOTS}/compare-390.png`, fullPage: false });
  await page.getByRole('tab', { name: 'Invoices' }).click();
  assert.deepEqual(await unreadableChartText(page, '#cost-chart svg:not([aria-hidden])'), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('adding a device in the form puts it on every invoice in advance', async () => {
  const context = await browser.newContext();
  const { page, problems } = await ready(context);
  const devices = await page.locator('#invoice tr.line[data-kind="device_monthly"]').count();
  await page.locator('#add-contract-devices').click();
  await page.waitForFunction((n) => document.querySelectorAll('#invoice tr.line[data-kind="device_monthly"]').length === n + 1, devices);
  const qty = page.locator('input[data-path="contract.devices[2].quantity"]');
  await qty.fill('4');
  await qty.dispatchEvent('change');
  await page.waitForFunction(() => [...document.querySelectorAll('#invoice tr.line[data-kind="device_monthly"]')].some((r) => /Desk phone.*410\.0040\.00/.test(r.textContent)));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the form edits shifts, tax categories and add-on commitment steps', async () => {
  const context = await browser.newContext();
  const { page, problems } = await ready(context);
  const scenario = async () => JSON.parse(await page.locator('#scenario').inputValue());
  const totals = () => settledTotals(page);
  const changed = (before) => page.waitForFunction((b) => document.querySelector('#totals')?.textContent !== b, before);
  const set = async (path, value) => {
    const input = page.locator(`input[data-path="${path}"]`);
    await input.fill(value);
    await input.dispatchEvent('change');
  };

  // The example's day (Friday, after two working days) as the engine bills it:
  // 24 held all afternoon under the sustained 30 minutes (R-K2), the three
  // 10-minute handovers shaded and disregarded, the night shift wrapping in.
  await page.locator('#tab-usage').click();
  const caption = await page.locator('#day-chart figcaption').textContent();
  assert.match(caption, /^Fri 23 Oct 2026 \(cycle 0\), after two working days, /);
  assert.match(caption, /Busiest minute: 42 logged in\. The sustained rule \(R-K2\) bills 24: held without a break for at least 30 min \(dashed line\)\./);
  assert.match(caption, /3 shaded span\(s\) above it the rule disregards: 06:00–06:10 at 25, 14:00–14:10 at 42, 22:00–22:10 at 31\./);
  assert.equal(await page.locator('#day-chart rect.disregarded').count(), 3);
  await page.locator('#day-chart').screenshot({ path: `${SHOTS}/workforce-day.png` });
  // Another rule is the contract's own: the chart follows it.
  const rule = page.locator('select[data-path="contract.peak_rule.kind"]');
  const captionSays = (re) => page.waitForFunction((src) => new RegExp(src).test(document.querySelector('#day-chart figcaption')?.textContent ?? ''), re.source);
  await rule.selectOption('cumulative');
  await captionSays(/The cumulative rule \(R-K2\) bills \d+: \d+ or more logged in for 30 min in total over the day/);
  await rule.selectOption('sustained');
  await captionSays(/The sustained rule \(R-K2\) bills 24:/);
  assert.doesNotMatch(await page.locator('#day-chart figcaption').textContent(), /This contract is billed/);

  // A fourth shift: the day chart and the bills follow.
  let before = await totals();
  await page.locator('#add-usage-profiles-0--shifts').click();
  await set('usage.profiles[0].shifts[3].agents', '30');
  await changed(before);
  assert.equal((await scenario()).usage.profiles[0].shifts.length, 4);
  assert.notEqual(await page.locator('#day-chart figcaption').textContent(), caption);

  // Tax categories are typed as a comma list and saved as an array.
  const applies = page.locator('input[data-path="contract.taxes[0].applies_to"]');
  assert.equal(await applies.inputValue(), (await scenario()).contract.taxes[0].applies_to.join(', '));
  before = await totals();
  await set('contract.taxes[0].applies_to', 'device, telco');
  await changed(before);
  assert.deepEqual((await scenario()).contract.taxes[0].applies_to, ['device', 'telco']);

  // An add-on with a commitment step of its own.
  before = await totals();
  await page.locator('#add-contract-addons').click();
  await page.locator('#add-contract-addons-0--commitments').click();
  await set('contract.addons[0].commitments[0].quantity', '12');
  await changed(before);
  assert.deepEqual((await scenario()).contract.addons[0].commitments, [{ from_cycle: 0, quantity: '12' }]);
  assert.equal(await page.locator('.field.bad').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
