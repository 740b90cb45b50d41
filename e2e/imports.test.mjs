// Issue 11, item 6: a large import is kept in the browser's own storage
// (IndexedDB), so a reload restores it; "Remove the import" removes it for
// good; a share link leaves it out and says so. Each test is the steps a
// person takes, found by label, role and text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openPage, BASE, SHOTS, settledTotals } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A sessions CSV of `agents` agents, two sessions a day from 21 to 31 January 2027:
 * cycle 3 of the example, the first one billed after its ramp (in the ramp, licenses are waived, so no import would change the totals). */
function bigCsv(agents) {
  const rows = ['user,org,product,login,logout'];
  const pad = (n) => String(n).padStart(2, '0');
  for (let a = 0; a < agents; a++) {
    const h = [6, 11, 15][a % 3];
    for (let d = 21; d <= 31; d++) {
      if ((a + d) % 7 === 0) continue;
      rows.push(`agent${a}@kept.test,main,cx2,2027-01-${d}T${pad(h)}:00:00Z,2027-01-${d}T${pad(h + 4)}:00:00Z`);
      rows.push(`agent${a}@kept.test,main,cx2,2027-01-${d}T${pad(h + 4)}:30:00Z,2027-01-${d}T${pad(h + 8)}:00:00Z`);
    }
  }
  return rows.join('\n') + '\n';
}

/** A file above the 4 MB the page parses itself, so the background worker imports it. */
function largeFile() {
  const path = join(mkdtempSync(join(tmpdir(), 'billsim-kept-')), 'logins.csv');
  const csv = bigCsv(4000);
  assert.ok(csv.length > 4_000_000, `${csv.length} bytes is not a large import`);
  writeFileSync(path, csv);
  return path;
}

const totals = (page) => page.locator('#totals').textContent();
const changedFrom = (page, text) =>
  page.waitForFunction((t) => document.querySelector('#totals')?.textContent !== t, text, { timeout: 60000 });
const reachesTotals = (page, text) =>
  page.waitForFunction((t) => document.querySelector('#totals')?.textContent === t, text, { timeout: 60000 });

/** What this browser's storage holds for the app (read the way the app reads it). */
const keptRecord = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const open = indexedDB.open('billsim');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('imports')) { db.close(); resolve(null); return; }
    const get = db.transaction('imports').objectStore('imports').get('sessions');
    get.onsuccess = () => { db.close(); resolve(get.result ? { name: get.result.name, kind: get.result.kind, size: get.result.size } : null); };
    get.onerror = () => reject(get.error);
  };
}));

/** Waits until this browser keeps `name` as the import. */
async function waitForKept(page, name) {
  for (let i = 0; i < 100; i++) {
    if ((await keptRecord(page))?.name === name) return;
    await page.waitForTimeout(100);
  }
  assert.equal((await keptRecord(page))?.name, name, 'the file kept in this browser');
}

/** Two tabs of one browser, both showing their totals. */
async function twoTabs() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const a = await openPage(context);
  const b = await openPage(context);
  for (const tab of [a, b]) await tab.page.goto(BASE);
  for (const tab of [a, b]) await tab.page.locator('#totals').waitFor();
  return { context, a, b };
}

async function importLarge(page, path) {
  await page.getByRole('tab', { name: 'Usage' }).click();
  await page.getByLabel(/Sessions file/).setInputFiles(path);
  await page.getByRole('status').filter({ hasText: /logins\.csv: imported [\d,]+ sessions of 4,000 users/ }).waitFor({ timeout: 60000 });
}

/** A fresh page's totals, then a large import billed: where the Undo tests start. */
async function importedOnFreshPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await openPage(context);
  await page.goto(BASE);
  await page.locator('#totals').waitFor();
  const before = await settledTotals(page);
  await importLarge(page, largeFile());
  await changedFrom(page, before);
  return { context, page, problems, before, imported: await settledTotals(page) };
}

test('a large import comes back after a reload, with the same totals; removed, it stays gone', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const { page, problems } = await openPage(context);
  await page.goto(BASE);
  await page.locator('#totals').waitFor();
  const before = await totals(page);

  await importLarge(page, largeFile());
  await page.getByText(/kept in this browser's storage, so a reload restores it/).waitFor({ timeout: 30000 });
  await changedFrom(page, before);
  const imported = await totals(page);
  assert.match(await page.locator('#sim-time').textContent(), /in the background worker/);
  // The file is in the browser's storage, not in the autosaved scenario.
  assert.equal((await keptRecord(page))?.name, 'logins.csv');
  assert.ok(!(await page.evaluate(() => localStorage.getItem('billsim.scenario.v1'))).includes('kept.test'));

  // The share link leaves the import out, and says so next to the link.
  await page.getByRole('button', { name: 'Share link' }).click();
  await page.getByText(/The link leaves out the imported logins\.csv \([\d,]+ sessions\)/).waitFor();

  // Reload: the import is restored from this browser, the invoices are the same.
  await page.reload();
  const restored = page.getByRole('status').filter({ hasText: /restored from this browser's storage: logins\.csv, [\d,]+ sessions/ });
  await restored.waitFor({ timeout: 60000 });
  await reachesTotals(page, imported);
  assert.match(await page.locator('#sim-time').textContent(), /in the background worker/);
  await page.screenshot({ path: `${SHOTS}/import-restored.png` });
  await page.getByRole('tab', { name: 'Usage' }).click();
  assert.match(await page.getByRole('status').filter({ hasText: 'logins.csv: imported' }).textContent(), /imported [\d,]+ sessions of 4,000 users/);
  const importsUsers = page.locator('#billable-users .paged-nav').filter({ hasText: /of 4000/ });
  await importsUsers.waitFor({ timeout: 60000 });

  // Remove the import: the invoices go back to the scenario's own usage, and a reload does not bring it back.
  await page.getByRole('button', { name: 'Remove the import' }).click();
  await changedFrom(page, imported);
  const removed = await totals(page);
  // The Usage reports follow the bill: the removed file's users are gone from them too.
  await importsUsers.waitFor({ state: 'detached', timeout: 30000 });
  // Every bill comes from the worker; no import is claimed any more.
  assert.equal(await page.getByText(/restored from this browser's storage/).count(), 0);
  await page.waitForFunction(() => new Promise((resolve) => {
    const open = indexedDB.open('billsim');
    open.onsuccess = () => {
      const get = open.result.transaction('imports').objectStore('imports').get('sessions');
      get.onsuccess = () => { open.result.close(); resolve(get.result === undefined); };
    };
  }), null, { timeout: 10000 });
  await page.reload();
  await page.locator('#totals').waitFor();
  assert.equal(await keptRecord(page), null);
  assert.equal(await totals(page), removed);
  await page.getByRole('tab', { name: 'Usage' }).click();
  assert.equal(await page.getByRole('button', { name: 'Remove the import' }).count(), 0);
  assert.equal(await page.getByText(/restored from this browser's storage/).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [why, setUp, says] of [
  // A private window or site storage turned off: no IndexedDB.
  ['without the browser storage', () => Object.defineProperty(window, 'indexedDB', { get: () => undefined }), /storage is not available here/],
  // A full disk or a used-up quota.
  ['with the storage quota used up', () => {
    IDBObjectStore.prototype.put = function () { throw new DOMException('quota', 'QuotaExceededError'); };
  }, /no room left/],
]) {
  test(`${why} the import still works for this tab, and the page says a reload loses it`, async () => {
    const context = await browser.newContext();
    await context.addInitScript(setUp);
    const { page, problems } = await openPage(context);
    await page.goto(BASE);
    await page.locator('#totals').waitFor();
    const before = await totals(page);
    await importLarge(page, largeFile());
    await changedFrom(page, before);
    const note = page.getByText(/not kept in this browser's storage \(.+\): it works in this tab until you reload, then it is gone/);
    await note.waitFor({ timeout: 30000 });
    assert.match(await note.textContent(), says);
    assert.match(await page.locator('#sim-time').textContent(), /in the background worker/);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('two tabs: one kept import per browser; an import in one tab leaves the other tab working', async () => {
  const { context, a, b } = await twoTabs();
  const before = await totals(a.page);
  await importLarge(a.page, largeFile());
  await changedFrom(a.page, before);
  const imported = await totals(a.page);
  await a.page.getByText(/kept in this browser's storage, so a reload restores it/).waitFor({ timeout: 30000 });
  // The other tab still bills and edits as before (it is told another tab saved a change, as for any edit).
  assert.equal(await totals(b.page), before);
  await b.page.getByRole('tab', { name: 'Usage' }).click();
  assert.equal(await b.page.getByRole('button', { name: 'Remove the import' }).count(), 0);
  // Reloaded, it shows the import kept by the first tab: one per browser.
  await b.page.reload();
  await b.page.getByRole('status').filter({ hasText: /restored from this browser's storage: logins\.csv/ }).waitFor({ timeout: 60000 });
  await reachesTotals(b.page, imported);
  assert.deepEqual(a.problems, []);
  assert.deepEqual(b.problems, []);
  await context.close();
});

test('Undo after a second large import brings back the first one, its bill and its status; a reload reads back the one on screen', async () => {
  const { context, page, problems, imported: first } = await importedOnFreshPage();
  // A second, larger file replaces it on screen.
  const later = join(mkdtempSync(join(tmpdir(), 'billsim-kept-')), 'later.csv');
  writeFileSync(later, bigCsv(6000).replaceAll('@kept.test', '@later.test'));
  await page.getByLabel(/Sessions file/).setInputFiles(later);
  await page.getByRole('status').filter({ hasText: /later\.csv: imported [\d,]+ sessions of 6,000 users/ }).waitFor({ timeout: 60000 });
  await changedFrom(page, first);
  const second = await settledTotals(page);
  assert.notEqual(second, first);
  await waitForKept(page, 'later.csv');
  // Undo: the first import's bill, exactly, and its status (it was lost: Undo went to no import).
  await page.getByRole('button', { name: 'Undo' }).click();
  await reachesTotals(page, first);
  await page.getByRole('status').filter({ hasText: /logins\.csv: imported [\d,]+ sessions of 4,000 users/ }).waitFor();
  // Redo: the second again; Undo: the first again.
  await page.getByRole('button', { name: 'Redo' }).click();
  await reachesTotals(page, second);
  await page.getByRole('status').filter({ hasText: /later\.csv: imported/ }).waitFor();
  await page.getByRole('button', { name: 'Undo' }).click();
  await reachesTotals(page, first);
  // The copy kept in this browser follows the screen: a reload reads back the first file.
  await waitForKept(page, 'logins.csv');
  await page.reload();
  await page.getByRole('status').filter({ hasText: /restored from this browser's storage: logins\.csv/ }).waitFor({ timeout: 60000 });
  assert.equal(await settledTotals(page), first, 'after the reload the bill is the one on screen before it');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a small import after a large one sets the large one aside (Undo brings it back); Remove the import is a step Undo names', async () => {
  const { context, page, problems, imported } = await importedOnFreshPage();
  // A small file (read into the scenario) over the large import.
  const small = join(mkdtempSync(join(tmpdir(), 'billsim-kept-')), 'small.csv');
  writeFileSync(small, bigCsv(40).replaceAll('@kept.test', '@small.test'));
  await page.getByLabel(/Sessions file/).setInputFiles(small);
  await page.getByRole('status').filter({ hasText: /small\.csv: imported [\d,]+ sessions of 40 users/ }).waitFor({ timeout: 60000 });
  await changedFrom(page, imported);
  await page.getByText(/The large import logins\.csv \([\d,]+ sessions\) is set aside, not billed: Undo brings it back/).waitFor();
  // Undo: the large import bills again, named (tester: it was lost).
  await page.getByRole('button', { name: 'Undo' }).click();
  await reachesTotals(page, imported);
  await page.getByRole('status').filter({ hasText: /logins\.csv: imported [\d,]+ sessions of 4,000 users/ }).waitFor();
  // Remove the import, then Undo: the step names the file removed, and bills without it.
  const removed = await settledTotals(page);
  await page.getByRole('button', { name: 'Remove the import' }).click();
  await changedFrom(page, removed);
  const without = await settledTotals(page);
  await page.getByRole('button', { name: 'Undo' }).click();
  const gone = page.getByText(/This version billed with logins\.csv, which this page no longer holds/);
  await gone.waitFor();
  assert.equal(await settledTotals(page), without);
  // Redo: the note was of that step, and goes.
  await page.getByRole('button', { name: 'Redo' }).click();
  await gone.waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
  await context.close();
});

test('two tabs: loading the other tab\'s version after its large import reads the kept import back here too', async () => {
  const { context, a, b } = await twoTabs();
  const before = await settledTotals(a.page);
  await importLarge(a.page, largeFile());
  await changedFrom(a.page, before);
  const imported = await settledTotals(a.page);
  await waitForKept(a.page, 'logins.csv');
  // Tab B is offered tab A's version; loading it bills with A's import (tester: it dropped it).
  const offer = b.page.getByRole('alert').filter({ hasText: 'Another tab saved a different version' });
  await offer.waitFor({ timeout: 30000 });
  await offer.getByRole('button', { name: /Load the other tab/ }).click();
  await b.page.getByRole('status').filter({ hasText: /restored from this browser's storage: logins\.csv/ }).waitFor({ timeout: 60000 });
  await reachesTotals(b.page, imported);
  assert.deepEqual(a.problems, []);
  assert.deepEqual(b.problems, []);
  await context.close();
});

test('a share link opened in this browser is not overwritten by the kept import, which is offered instead', async () => {
  const context = await browser.newContext();
  const a = await openPage(context);
  await a.page.goto(BASE);
  await a.page.locator('#totals').waitFor();
  const before = await totals(a.page);
  await importLarge(a.page, largeFile());
  await changedFrom(a.page, before);
  const imported = await totals(a.page);
  await a.page.getByText(/kept in this browser's storage, so a reload restores it/).waitFor({ timeout: 30000 });
  await a.page.getByRole('button', { name: 'Share link' }).click();
  const link = await a.page.getByLabel(/Share link/).inputValue();
  assert.match(link, /#s=/);

  const b = await openPage(context);
  await b.page.goto(link);
  const offer = b.page.getByRole('status').filter({ hasText: /logins\.csv is kept in this browser's storage but was not applied to this shared scenario/ });
  await offer.waitFor({ timeout: 30000 });
  // The link's scenario is billed as it is, without the kept import.
  assert.notEqual(await totals(b.page), imported);
  await b.page.getByRole('button', { name: 'Apply logins.csv' }).click();
  await b.page.getByRole('status').filter({ hasText: /restored from this browser's storage: logins\.csv/ }).waitFor({ timeout: 60000 });
  await reachesTotals(b.page, imported);
  assert.deepEqual(a.problems, []);
  assert.deepEqual(b.problems, []);
  await context.close();
});

test('issue 17: Undo after a large import bills exactly the earlier bill, Redo the import, and a reload keeps what Undo chose', async () => {
  const { context, page, problems, before, imported } = await importedOnFreshPage();
  assert.notEqual(imported, before);
  // Undo: the profiles come back and the import is set aside, not added to them.
  await page.getByRole('button', { name: 'Undo' }).click();
  await reachesTotals(page, before);
  assert.equal(await settledTotals(page), before);
  await page.getByRole('status').filter({ hasText: /Undo set this import aside/ }).waitFor();
  // The import's status says it is set aside, not that it is imported (tester: it still read "imported 1,000,000 sessions").
  assert.doesNotMatch(await page.locator('#import-status').textContent(), /imported/);
  // Redo: the import bills again.
  await page.getByRole('button', { name: 'Redo' }).click();
  await reachesTotals(page, imported);
  assert.equal(await page.getByText(/Undo set this import aside/).count(), 0);
  assert.match(await page.locator('#import-status').textContent(), /imported \d/);
  // Undo again, then reload: the kept import is read back, still set aside.
  await page.getByRole('button', { name: 'Undo' }).click();
  await reachesTotals(page, before);
  await page.reload();
  await page.getByRole('status').filter({ hasText: /restored from this browser's storage: logins\.csv/ }).waitFor({ timeout: 60000 });
  assert.equal(await settledTotals(page), before, 'after the reload the bill is still the one before the import');
  await page.getByRole('tab', { name: 'Usage' }).click();
  await page.getByRole('status').filter({ hasText: /Undo set this import aside/ }).waitFor();
  await page.screenshot({ path: `${SHOTS}/import-set-aside.png` });
  // Removing it clears the note; nothing is kept for the next reload.
  await page.getByRole('button', { name: 'Remove the import' }).click();
  assert.equal(await settledTotals(page), before);
  assert.equal(await page.evaluate(() => localStorage.getItem('billsim.import-aside.v1')), null);
  assert.deepEqual(problems, []);
  await context.close();
});
