// Issue 11, items 11 and 12: Compare shows each model against the contract's
// own; products are named, added and removed in the form; the Scenario JSON
// panel opens on its title.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, BASE, SHOTS, settledTotals } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function ready(context) {
  const { page, problems } = await openPage(context);
  await page.goto(BASE);
  await page.locator('#totals').waitFor();
  return { page, problems };
}

const cents = (s) => BigInt(s.replace(/[^\d]/g, ''));

test('11: Compare shows what each model saves or costs against this contract', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  await page.getByRole('tab', { name: 'Compare models' }).click();
  const table = page.locator('#compare table').first();
  // The comparison comes from the worker a moment after the tab opens.
  await table.waitFor();
  assert.equal(await table.getByRole('columnheader', { name: 'Against this contract' }).count(), 1);
  const total = async (m) => (await table.locator(`tr[data-model="${m}"] td.total`).textContent());
  const against = async (m) => (await table.locator(`tr[data-model="${m}"] td.against`).textContent());
  assert.equal(await against('concurrent'), '—', 'the contract against itself');
  const named = await against('named');
  assert.match(named, /^costs [\d,]+\.\d{2} more$/);
  // Exactly the difference of the two totals, to the cent.
  assert.equal(cents(named), cents(await total('named')) - cents(await total('concurrent')));
  assert.deepEqual(problems, []);
  await context.close();
});

test('12: products show their invoice names, are added and removed in the form; the Scenario JSON panel opens on its title', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  const products = page.getByRole('group', { name: 'Products and rates' });
  assert.deepEqual(await products.getByRole('heading').allTextContents(), ['Cloud CX 1 (cx1)', 'Cloud CX 2 (cx2)']);
  const before = await settledTotals(page);
  await products.getByRole('button', { name: 'Add Cloud CX 3 (cx3) at list prices' }).click();
  assert.deepEqual(await products.getByRole('heading').allTextContents(), ['Cloud CX 1 (cx1)', 'Cloud CX 2 (cx2)', 'Cloud CX 3 (cx3)']);
  // Field errors are the worker's answer: read them once it has answered.
  await settledTotals(page);
  assert.equal(await page.locator('.field.bad').count(), 0);
  await products.getByRole('button', { name: 'Remove Cloud CX 3 (cx3)' }).click();
  assert.equal(await products.getByRole('heading').count(), 2);
  assert.equal(await settledTotals(page), before);
  const name = products.getByLabel('Name on invoices').nth(1);
  await name.fill('Voice agent');
  await name.dispatchEvent('change');
  await products.getByRole('heading', { name: 'Voice agent (cx2)' }).waitFor();
  await page.getByText(/^Scenario JSON \(every field/).click();
  assert.ok(await page.getByLabel('Scenario JSON').isVisible(), 'the panel opened on its title');
  assert.deepEqual(problems, []);
  await context.close();
});

/** 40 users, 8 hours a day for 5 days in the contract's first term cycle. */
function sessionsCsv() {
  const rows = ['user,org,product,login,logout'];
  for (let u = 0; u < 40; u++) {
    for (let d = 22; d < 27; d++) rows.push(`agent${u}@acme.test,main,cx2,2027-01-${d}T08:00:00Z,2027-01-${d}T16:00:00Z`);
  }
  return rows.join('\n') + '\n';
}

test('11: after an import the break-even sentence agrees with the table and names the cheapest model overall', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  await page.getByRole('tab', { name: 'Usage' }).click();
  await page.getByLabel(/Sessions file/).setInputFiles({ name: 'logins.csv', mimeType: 'text/csv', buffer: Buffer.from(sessionsCsv()) });
  await page.getByRole('status').filter({ hasText: /imported 200 sessions/ }).waitFor();
  await page.getByRole('tab', { name: 'Compare models' }).click();
  const table = page.locator('#compare table').first();
  const total = async (m) => cents(await table.locator(`tr[data-model="${m}"] td.total`).textContent());
  const cheapest = await table.locator('tr.cheapest').getAttribute('data-model');
  const text = await page.locator('#break-even').textContent();
  const [named, concurrent] = [await total('named'), await total('concurrent')];
  assert.match(text, new RegExp(`of these two, ${concurrent < named ? 'concurrent' : 'named'} costs less`));
  if (cheapest !== 'named' && cheapest !== 'concurrent') assert.match(text, new RegExp(`Cheapest overall: ${cheapest}`));
  else assert.doesNotMatch(text, /Cheapest overall/);
  await page.screenshot({ path: `${SHOTS}/compare-after-import.png`, fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('issue 18 #7: a field the scenario leaves out shows the value the engine bills with', async () => {
  const context = await browser.newContext();
  const { page, problems } = await ready(context);
  // The FAQ example has no ramp, billing or peak rule: the engine uses
  // waived, monthly and sustained 30 minutes, and so must the form.
  await page.getByLabel('Example').selectOption({ label: 'FAQ: committed 20, used 10' });
  await page.getByRole('status').filter({ hasText: /Switched to the example/ }).waitFor();
  await settledTotals(page);
  assert.equal(await page.getByLabel('Ramp licenses', { exact: true }).inputValue(), 'waived');
  assert.equal(await page.getByLabel('Billing', { exact: true }).inputValue(), 'monthly');
  assert.equal(await page.getByLabel('Peak rule', { exact: true }).inputValue(), 'sustained');
  assert.equal(await page.getByLabel('Peak minutes', { exact: true }).getAttribute('placeholder'), '30');
  // Choosing another value writes it; the scenario then names it.
  await page.getByLabel('Billing', { exact: true }).selectOption('annual_upfront');
  await settledTotals(page);
  assert.equal(await page.getByLabel('Billing', { exact: true }).inputValue(), 'annual_upfront');
  assert.deepEqual(problems, []);
  await context.close();
});

test('issue 22: a refused value is said at its field in words; the banner names the field and takes the keyboard to it, with no JSON path or parser words', async () => {
  const context = await browser.newContext();
  const { page, problems } = await ready(context);
  const before = await settledTotals(page);
  const quantity = page.locator('input[data-path="contract.commitments[0].quantity"]');
  await quantity.fill('1e3');
  await quantity.press('Tab');
  const field = quantity.locator('xpath=..');
  await field.getByRole('alert').waitFor();
  const said = await field.getByRole('alert').textContent();
  assert.match(said, /^Quantity\b/);
  const banner = page.locator('#error');
  await banner.waitFor();
  const text = await banner.textContent();
  // The tester read `contract.commitments[0].quantity: "1e3" has an exponent ... at line 11 column 25` here.
  assert.doesNotMatch(text, /contract\.|line \d+ column \d+|\[0\]/);
  assert.match(text, /^Not billed: Quantity of step 1 holds an error \(its message is at the field\)\. The invoices shown are from the last version that billed\./);
  assert.equal(await settledTotals(page), before, 'the invoices stay the last billed');
  await quantity.evaluate((el) => el.blur());
  await banner.getByRole('button', { name: 'Go to Quantity of step 1' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-path')), 'contract.commitments[0].quantity');
  await page.screenshot({ path: `${SHOTS}/refusal-banner.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('issue 22: after a reload over a value the engine refuses, Undo goes back to the last billed scenario; the banner names every field not billed, whose product', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  const before = await settledTotals(page);
  const prepay = page.locator('input[data-path="contract.products.cx2.prepay"]');
  await prepay.fill('-5');
  await prepay.press('Tab');
  const banner = page.locator('#error');
  // Every product has a Prepay: the banner says whose (tester: "Prepay must be..." named none).
  await banner.filter({ hasText: /^Not billed: Prepay of [^;]*\(cx2\) holds an error/ }).waitFor();
  // A second field holds a value it cannot take: both are named, each with its way there (tester: one was named).
  const term = page.locator('input[data-path="contract.term_cycles"]');
  await term.fill('-2');
  await term.press('Tab');
  await banner.filter({ hasText: /Prepay of [^;]*\(cx2\) holds an error \(its message is at the field\); Term cycles holds an error/ }).waitFor();
  assert.equal(await banner.getByRole('button', { name: /^Go to / }).count(), 2);
  await banner.getByRole('button', { name: 'Go to Term cycles' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-path')), 'contract.term_cycles');
  await term.fill('12');
  await term.press('Tab');
  await banner.filter({ hasText: /^Not billed: Prepay of [^;]*\(cx2\) holds an error \(its message is at the field\)\. The invoices shown are from the last version that billed\. Go to/ }).waitFor();
  // Reloaded with the refused value: no invoices, and the banner does not speak of any.
  await page.reload();
  await page.getByText(/^No invoices yet: the scenario holds an error/).waitFor();
  await banner.filter({ hasText: /^Not billed: Prepay of [^;]*\(cx2\) holds an error/ }).waitFor();
  assert.doesNotMatch(await banner.textContent(), /invoices/);
  await page.screenshot({ path: `${SHOTS}/refused-after-reload.png` });
  // Undo is offered, and goes back to the last scenario that billed (tester: it was greyed out).
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  assert.equal(await settledTotals(page), before);
  assert.equal(await prepay.inputValue(), '115.00');
  await banner.waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('issue 22: the workforce profiles are in the Scenario form: org, days and product mix are fields; a profile is added and removed', async () => {
  const context = await browser.newContext();
  const { page, problems } = await ready(context);
  const scenario = async () => JSON.parse(await page.locator('details.json textarea').inputValue());
  const editor = page.getByRole('region', { name: 'Scenario' });
  const first = editor.getByRole('group', { name: 'Workforce profile "agent"' });
  assert.equal(await first.getByLabel('Org', { exact: true }).inputValue(), 'main');
  assert.equal(await first.getByLabel(/^Working days/).inputValue(), 'mon, tue, wed, thu, fri, sat');
  assert.equal(await first.getByLabel('Share of agents at cx2 (0 to 1)').inputValue(), '0.8');
  // A different mix bills differently.
  let before = await settledTotals(page);
  const shown = await page.locator('#totals').textContent();
  await first.getByLabel('Share of agents at cx1 (0 to 1)').fill('0.5');
  // Half typed, the mix sums to 1.3: the banner says so in the group's words, with no JSON path,
  // and the group of shares says it beside them.
  await page.locator('#error', { hasText: 'Not billed: Product mix: shares must sum to 1 (they sum to 1.3). The invoices shown are from the last version that billed.' }).waitFor();
  const mix = first.getByRole('group', { name: 'Product mix' });
  assert.equal(await mix.getByRole('alert').textContent(), 'Product mix: shares must sum to 1 (they sum to 1.3).');
  await mix.screenshot({ path: `${SHOTS}/mix-error.png` });
  await first.getByLabel('Share of agents at cx2 (0 to 1)').fill('0.5');
  await first.getByLabel('Share of agents at cx2 (0 to 1)').press('Tab');
  await page.waitForFunction((b) => { const t = document.querySelector('#totals'); return t && !t.hasAttribute('aria-busy') && t.textContent !== b; }, shown);
  assert.notEqual(await settledTotals(page), before);
  assert.deepEqual((await scenario()).usage.profiles[0].mix, { cx1: '0.5', cx2: '0.5' });
  assert.equal(await mix.getByRole('alert').count(), 0, 'the mix message goes once the shares sum to 1');
  // Days as a comma list.
  await first.getByLabel(/^Working days/).fill('mon, wed');
  await first.getByLabel(/^Working days/).press('Tab');
  await page.waitForFunction(() => JSON.parse(document.querySelector('details.json textarea').value).usage.profiles[0].days.length === 2);
  // A second profile is added, edited and removed.
  before = await settledTotals(page);
  await editor.getByRole('button', { name: 'Add a workforce profile' }).click();
  const second = editor.getByRole('group', { name: 'Workforce profile "agent2"' });
  await second.waitFor();
  await page.waitForFunction((b) => { const t = document.querySelector('#totals'); return t && !t.hasAttribute('aria-busy') && t.textContent !== b; }, before);
  assert.equal((await scenario()).usage.profiles.length, 2);
  await second.getByRole('button', { name: 'Remove workforce profile "agent2"' }).click();
  await second.waitFor({ state: 'detached' });
  assert.equal((await scenario()).usage.profiles.length, 1);
  assert.equal(await settledTotals(page), before, 'removing the added profile bills as before it');
  await page.locator('#workforce').screenshot({ path: `${SHOTS}/workforce-form.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('issue 22: while typing, a whole-length date that does not exist is said at the pause, and an emptied field drops what was said of its old text', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  const before = await settledTotals(page);
  const activation = page.getByLabel('Activation', { exact: true });
  await activation.click();
  await activation.fill('');
  // Half typed: not an error yet.
  await activation.pressSequentially('2027-02', { delay: 20 });
  await page.waitForTimeout(600);
  assert.notEqual(await activation.getAttribute('aria-invalid'), 'true');
  // Whole, and no such day: said without leaving the field (tester: nothing until Tab).
  await activation.pressSequentially('-30', { delay: 20 });
  const field = activation.locator('xpath=..');
  await field.getByRole('alert').filter({ hasText: 'Activation must be a date that exists (that month has no such day); you typed "2027-02-30".' }).waitFor();
  assert.equal(await settledTotals(page), before, 'nothing is billed from it');
  // A quantity typed wrong, then emptied: the message about "a" goes (tester: it stayed until Tab).
  const quantity = page.locator('input[data-path="contract.commitments[0].quantity"]');
  await quantity.click();
  await quantity.fill('');
  await quantity.pressSequentially('abc', { delay: 20 });
  const qfield = quantity.locator('xpath=..');
  await qfield.getByRole('alert').filter({ hasText: /you typed "abc"/ }).waitFor();
  for (let i = 0; i < 3; i++) await quantity.press('Backspace');
  await qfield.getByRole('alert').waitFor({ state: 'detached' });
  // Past every earlier keystroke's pause, nothing comes back (tester: "you typed \"a\"" stuck).
  await page.waitForTimeout(700);
  assert.equal(await qfield.getByRole('alert').count(), 0);
  // The banner still names the date, not the emptied quantity.
  assert.doesNotMatch(await page.locator('#error').textContent(), /Quantity/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('tester: Undo after a value that could not bill shows the step billed again, not the one before it; Ctrl+Z in a field is the scenario\'s Undo', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  const first = await settledTotals(page);
  const qty = page.locator('input[data-path="contract.commitments[0].quantity"]');
  const was = await qty.inputValue();
  const changed = (b) => page.waitForFunction((b) => { const t = document.querySelector('#totals'); return t && !t.hasAttribute('aria-busy') && t.textContent !== b; }, b);
  await qty.fill('33');
  await qty.press('Tab');
  await changed(first);
  const billed = await settledTotals(page);
  await qty.fill('3x');
  await qty.press('Tab');
  await page.locator('#error').filter({ hasText: /^Not billed: / }).waitFor();
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  await undo.click();
  // The step on screen (33) is shown again, and the page says what was taken back.
  assert.equal(await qty.inputValue(), '33');
  await page.locator('#error').waitFor({ state: 'detached' });
  assert.equal(await settledTotals(page), billed);
  await page.getByText('Undo took back what you typed that could not bill ("3x")').waitFor();
  await undo.click();
  assert.equal(await qty.inputValue(), was);
  await changed(billed);
  assert.equal(await settledTotals(page), first);
  // In a form field, Ctrl+Z is the page's Undo (the browser's did nothing
  // there), a value still being typed counting as a step.
  await qty.fill('44');
  await qty.press('Control+z');
  assert.equal(await qty.inputValue(), was);
  assert.equal(await settledTotals(page), first);
  await qty.press('Control+Shift+z');
  assert.equal(await qty.inputValue(), '44');
  await changed(first);
  assert.deepEqual(problems, []);
  await context.close();
});

test('tester: removing a step whose field holds an error takes the error with it; the Scenario JSON stays open under the cursor when its text is valid again', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  const second = page.locator('input[data-path="contract.commitments[1].quantity"]');
  await second.fill('abc');
  await second.press('Tab');
  await page.locator('.field.bad', { hasText: /you typed "abc"/ }).waitFor();
  await page.getByRole('button', { name: 'Remove step 2', exact: true }).click();
  // The third step (cx1, 4) is now the second, with its own value and no error.
  await page.waitForFunction(() => JSON.parse(document.querySelector('#scenario').value).contract.commitments.length === 2);
  assert.equal(await second.inputValue(), '4');
  assert.equal(await page.locator('.field.bad').count(), 0, 'the removed step\'s error went with it');
  assert.equal(await page.locator('#error').count(), 0);
  // Typing in the Scenario JSON: a character that breaks it, then its removal.
  await page.getByText(/^Scenario JSON \(every field/).click();
  const json = page.getByLabel('Scenario JSON');
  await json.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('x');
  await page.locator('#form-hidden').waitFor();
  await page.keyboard.press('Backspace');
  await page.locator('#form-hidden').waitFor({ state: 'detached' });
  assert.ok(await json.isVisible(), 'the panel stays open');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'scenario', 'the cursor stays in the text');
  assert.deepEqual(problems, []);
  await context.close();
});

test('tester 3: the Example list follows Undo and Redo; a field refused twice is named once, by its step; Add a step puts the cursor in the new step', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  const example = page.getByLabel('Example');
  assert.equal(await example.inputValue(), '0');
  const first = await settledTotals(page);
  await example.selectOption({ index: 1 });
  await page.waitForFunction((t) => document.querySelector('#totals')?.textContent !== t, first);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await page.waitForFunction((t) => document.querySelector('#totals')?.textContent === t && !document.querySelector('#totals[aria-busy]'), first);
  // The list names the scenario on screen (tester: it still named the one undone).
  assert.equal(await example.inputValue(), '0');
  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#example').value === '1');

  // One field refused by the engine, then typed wrong again: named once.
  await example.selectOption({ index: 0 });
  await page.waitForFunction((t) => document.querySelector('#totals')?.textContent === t, first);
  const term = page.getByLabel('Term cycles', { exact: true });
  await term.fill('');
  await term.press('Tab');
  await page.locator('#error').waitFor();
  await term.fill('1x');
  await term.press('Tab');
  const peak = page.getByLabel('Peak minutes', { exact: true });
  await peak.fill('abc');
  await peak.press('Tab');
  const banner = page.locator('#error');
  await banner.filter({ hasText: /Peak minutes holds an error/ }).waitFor();
  assert.equal(await banner.getByRole('button', { name: 'Go to Term cycles' }).count(), 1, await banner.textContent());
  assert.equal((await banner.textContent()).match(/Term cycles holds an error/g).length, 1);
  // Undo takes back the typed values, then the emptied field.
  for (let i = 0; i < 3 && (await banner.count()) > 0; i++) {
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await page.waitForTimeout(300);
  }
  await banner.waitFor({ state: 'detached' });

  // A step's field is named by its step.
  const quantity = page.locator('input[data-path="contract.commitments[1].quantity"]');
  await quantity.fill('-1');
  await quantity.press('Tab');
  await banner.getByRole('button', { name: 'Go to Quantity of step 2' }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-path')), 'contract.commitments[1].quantity');
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await banner.waitFor({ state: 'detached' });

  // Add a step: the cursor is in the new step, ready for its first value.
  const steps = await page.evaluate(() => JSON.parse(document.querySelector('#scenario').value).contract.commitments.length);
  await page.getByRole('button', { name: 'Add a step', exact: true }).click();
  await page.waitForFunction((n) => document.activeElement?.getAttribute('data-path')?.startsWith(`contract.commitments[${n}].`), steps);
  assert.deepEqual(problems, []);
  await context.close();
});

test('tester 3: choosing the hourly model says the commitment steps now count user-hours', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, problems } = await ready(context);
  assert.equal(await page.locator('#hourly-commitments').count(), 0);
  await page.getByLabel('License model', { exact: true }).selectOption('hourly');
  const said = page.locator('#hourly-commitments');
  await said.waitFor();
  assert.match(await said.textContent(), /^Under the hourly model a commitment counts user-hours, not users: the \d+ commitment step\(s\) below now commit their quantities in hours/);
  await page.getByLabel('License model', { exact: true }).selectOption('named');
  await said.waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});
