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

const scenario = async (page) => JSON.parse(await page.locator('#scenario').inputValue());
const changed = (page, before) => page.waitForFunction((b) => document.querySelector('#totals')?.textContent !== b, before);

/** Types into a labelled input and commits it (the form writes on change). */
async function set(input, value) {
  await input.fill(value);
  await input.dispatchEvent('change');
}

test('an AI usage row in the form bills tokens above the allocation, explained, in the chart and in Compare', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await ready(context);
  const form = page.getByRole('group', { name: 'AI tokens and free allocations' });
  await form.scrollIntoViewIfNeeded();
  // The example is concurrent (350 free tokens): the vendor's figure is for 250.
  let before = await settledTotals(page);
  await set(form.getByLabel('Free tokens per org per cycle (allocation)'), '250');
  await page.waitForFunction(() => /"allocation": "250"/.test(document.querySelector('#scenario')?.value ?? ''));

  await form.getByRole('button', { name: 'Add an AI usage row' }).click();
  const usage = form.getByRole('group', { name: 'AI usage per cycle' });
  await usage.getByLabel('Feature').selectOption({ label: 'Voice bot minutes' });
  assert.equal(await usage.getByLabel('Cycle').inputValue(), '0');
  assert.equal(await usage.getByLabel('Org').inputValue(), 'main');
  await set(usage.getByLabel('Quantity'), '4400');
  await changed(page, before);

  // Cycle 0's tokens are billed in arrears, on invoice #2: 258.82 tokens, 250 free, 9 billed at 1.00.
  await page.locator('.timeline button[data-invoice="2"]').click();
  const line = page.locator('#invoice tr.line.ai');
  await line.waitFor();
  assert.equal(await line.count(), 1);
  assert.match(await line.textContent(), /AI Experience tokens.*in arrears91\.009\.00$/);
  assert.equal(await page.locator('#invoice tr.group', { hasText: 'AI Experience tokens' }).count(), 1);
  const why = await page.locator('#invoice tr.line.ai + tr.explain').textContent();
  assert.match(why, /4,400 voice-bot minutes = 258\.82 tokens/);
  assert.match(why, /250 free; 9 billed at 1\.00/);

  // The scenario itself holds the row (saved, shared, downloaded with it).
  assert.deepEqual((await scenario(page)).usage.ai, [{ cycle: 0, org: 'main', feature: 'voice_bot_minutes', quantity: '4400' }]);
  assert.equal(await page.locator('.field.bad').count(), 0);

  // The cost chart has an AI entry and an AI segment of that colour.
  const legend = page.locator('#cost-chart figcaption .key', { hasText: /^\s*ai\s*$/ });
  assert.equal(await legend.count(), 1);
  const colour = await legend.locator('rect').getAttribute('fill');
  const segments = await page.locator(`#cost-chart svg[role="img"] rect[fill="${colour}"]`).evaluateAll(
    (rs) => rs.filter((r) => Number(r.getAttribute('height')) > 0).length);
  assert.ok(segments >= 1, 'an AI segment is drawn');
  await page.locator('#invoice tr.line.ai').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/ai-invoice.png`, fullPage: false });
  await form.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/ai-form.png`, fullPage: false });

  // Compare: each model's AI tokens, inside its totals.
  const total = (await settledTotals(page)).match(/Contract total: (\d{1,3}(?:,\d{3})*\.\d{2}) USD/)[1];
  await page.locator('#tab-compare').click();
  await page.locator('#compare').waitFor();
  assert.equal(await page.getByRole('columnheader', { name: 'AI tokens' }).count(), 1);
  assert.equal(await page.locator('#compare tr[data-model="concurrent"] td.ai').textContent(), '9.00');
  assert.equal(await page.locator('#compare tr[data-model="concurrent"] td.total').textContent(), total);
  await page.screenshot({ path: `${SHOTS}/ai-compare.png`, fullPage: false });
  assert.deepEqual(problems, []);
  await context.close();
});

test('free allocations: a missing rate is reported at its field, then bills above the free amount', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await ready(context);
  const form = page.getByRole('group', { name: 'AI tokens and free allocations' });
  const total = await settledTotals(page);
  await form.getByRole('button', { name: 'Add an allocation usage row' }).click();
  const usage = form.getByRole('group', { name: 'Free-allocation usage per cycle' });
  await usage.getByLabel('Item').selectOption({ label: 'Rule-based decisions' });
  await set(usage.getByLabel('Quantity'), '60000');
  // Rule decisions have no default rate: the engine names the field, the last invoices stay.
  const rate = form.locator('.field.bad', { has: page.getByLabel('Rule-based decision rate') });
  await rate.waitFor();
  assert.match(await rate.getByRole('alert').textContent(), /^Rule-based decision rate: Cycle 0 .*org main used 10000 rule-based decisions above the 50000 free.*set the rate/);
  assert.equal(await settledTotals(page), total);
  await rate.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/ai-allocation-error.png`, fullPage: false });
  await set(form.getByLabel('Rule-based decision rate'), '0.0010');
  await changed(page, total);
  assert.equal(await page.locator('.field.bad').count(), 0);
  await page.locator('.timeline button[data-invoice="2"]').click();
  const line = page.locator('#invoice tr.line[data-kind="allocation_overage"]');
  assert.match(await line.textContent(), /in arrears10,0000\.001010\.00$/);
  assert.deepEqual((await scenario(page)).contract.allocations, { rule_decisions: { rate: '0.0010' } });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a token commitment is prepaid at the prepay rate; Copilot users above it are billed in arrears', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await ready(context);
  const form = page.getByRole('group', { name: 'AI tokens and free allocations' });
  let before = await settledTotals(page);
  await form.getByRole('button', { name: 'Add a token step' }).click();
  const steps = form.getByRole('group', { name: 'Token commitment steps (all orgs together)' });
  await set(steps.getByLabel('From cycle'), '3');
  await set(steps.getByLabel('Tokens'), '100');
  await set(form.getByLabel('Prepay rate (committed tokens)'), '0.90');
  await changed(page, before);
  // The term opens at cycle 3 (3 ramp cycles), on invoice #4: 100 tokens in advance at 0.90.
  await page.locator('.timeline button[data-invoice="4"]').click();
  assert.match(await page.locator('#invoice tr.line[data-kind="ai_prepay"]').textContent(), /in advance1000\.9090\.00$/);

  // 10 Copilot users in cycle 3 under a concurrent contract: 600 tokens, 350 free, 250 billable, 150 above the 100 committed.
  before = await settledTotals(page);
  await form.getByRole('button', { name: 'Add an AI usage row' }).click();
  const usage = form.getByRole('group', { name: 'AI usage per cycle' });
  await usage.getByLabel('Feature').selectOption({ label: 'Agent Copilot users' });
  await set(usage.getByLabel('Cycle'), '3');
  await set(usage.getByLabel('Quantity'), '10');
  await changed(page, before);
  await page.locator('.timeline button[data-invoice="5"]').click();
  const over = page.locator('#invoice tr.line[data-kind="ai_overage"]');
  assert.match(await over.textContent(), /in arrears1501\.00150\.00$/);
  assert.match(await page.locator('#invoice tr.line[data-kind="ai_overage"] + tr.explain').textContent(), /10 Agent Copilot users = 600(\.00)? tokens/);
  assert.deepEqual((await scenario(page)).contract.ai, { commitments: [{ from_cycle: 3, quantity: '100' }], prepay_rate: '0.90' });
  assert.deepEqual(problems, []);
  await context.close();
});

const HEADER = 'id,org,start,resources,bot_minutes,bot_sessions';

/** 300 agentic virtual-agent interactions in cycle 0: 360 tokens, 10 above the 350 free. */
function goodCsv() {
  const rows = [HEADER];
  for (let i = 0; i < 300; i++) {
    const m = String(i % 60).padStart(2, '0');
    rows.push(`i-${i},main,2026-10-22T${String(8 + Math.floor(i / 60)).padStart(2, '0')}:${m}:00Z,bot_flow|agentic_virtual_agent,2.5,`);
  }
  return rows.join('\n') + '\n';
}

test('the interactions CSV import lists bad rows by line and column and changes nothing; a good file bills its tokens', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await ready(context);
  const before = await settledTotals(page);
  await page.locator('#tab-usage').click();
  const file = page.getByLabel('Interactions CSV', { exact: true });

  const bad = `${HEADER}\ni-1,main,2026-10-22T14:03:00Z,bot_flow|virtual_agent,3.5,\ni-2,main,yesterday,bot_flow,,1\ni-3,main,2026-10-22T14:09:12Z,teleporter,,\n`;
  await file.setInputFiles({ name: 'bad-interactions.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  const errors = page.locator('#interactions-errors');
  await errors.waitFor();
  assert.match(await errors.textContent(), /bad-interactions\.csv: 2 problems: nothing was imported/);
  const rows = await errors.locator('tr.bad-row').allTextContents();
  assert.equal(rows.length, 2);
  assert.match(rows[0], /^33start/);
  assert.match(rows[1], /^44resources/);
  assert.equal(await settledTotals(page), before);
  assert.equal((await scenario(page)).usage.interactions, undefined);
  await errors.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/ai-import-errors.png`, fullPage: false });

  // Rows for an org the scenario does not have: the engine's message, nothing changed.
  const stranger = `${HEADER}\ni-1,nowhere,2026-10-22T14:03:00Z,virtual_agent,,\n`;
  await file.setInputFiles({ name: 'stranger.csv', mimeType: 'text/csv', buffer: Buffer.from(stranger) });
  await page.waitForFunction(() => /stranger\.csv/.test(document.querySelector('#interactions-errors')?.textContent ?? ''));
  assert.match(await errors.textContent(), /usage\.interactions\[0\]\.org.*nothing was imported/);
  assert.equal(await settledTotals(page), before);
  assert.equal(await page.locator('#error').count(), 0, 'the scenario is left as it was');

  // A file too large to keep in the scenario text points at the command line instead.
  await file.setInputFiles({ name: 'huge.csv', mimeType: 'text/csv', buffer: Buffer.alloc(4_100_000, 'x') });
  await page.waitForFunction(() => /huge\.csv/.test(document.querySelector('#interactions-errors')?.textContent ?? ''));
  assert.match(await errors.textContent(), /huge\.csv: 4\.1 MB is more than the page keeps in a scenario \(4 MB\): bill it with `billsim simulate SCENARIO\.json --interactions FILE\.csv`; nothing was imported/);
  assert.equal(await settledTotals(page), before);

  await file.setInputFiles({ name: 'interactions.csv', mimeType: 'text/csv', buffer: Buffer.from(goodCsv()) });
  const status = page.getByRole('status').filter({ hasText: 'interactions.csv' });
  await status.waitFor();
  assert.match(await status.textContent(), /imported 300 interactions/);
  await changed(page, before);
  const added = (s) => Number(s.match(/Contract total: (\d{1,3}(?:,\d{3})*\.\d{2})/)[1].replaceAll(',', ''));
  assert.equal((added(await settledTotals(page)) - added(before)).toFixed(2), '10.00');
  const list = (await scenario(page)).usage.interactions;
  assert.equal(list.length, 300);
  assert.deepEqual(list[0], { id: 'i-0', org: 'main', start: '2026-10-22T08:00:00Z', resources: ['bot_flow', 'agentic_virtual_agent'], bot_minutes: '2.5' });
  await page.screenshot({ path: `${SHOTS}/ai-import.png`, fullPage: false });

  await page.locator('#tab-invoices').click();
  await page.locator('.timeline button[data-invoice="2"]').click();
  assert.match(await page.locator('#invoice tr.line.ai + tr.explain').textContent(), /300 agentic virtual-agent interactions = 360(\.00)? tokens/);
  assert.deepEqual(problems, []);
  await context.close();
});
