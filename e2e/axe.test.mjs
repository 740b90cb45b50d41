// axe-core (from the npm registry, pinned in package-lock.json) run inside
// the page on every tab, on a phone and in print: no violation of any rule
// it checks (WCAG 2.x A and AA and its best practices).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launch, openPage, BASE } from './browser.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const r = await page.evaluate(async () => {
    const res = await window.axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  return r;
}

for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
  test(`axe finds nothing on any tab (${label})`, async () => {
    // The page's CSP forbids inline scripts; axe is injected by the test, not the app.
    const context = await browser.newContext({ viewport, bypassCSP: true });
    const { page, problems } = await openPage(context);
    await page.goto(BASE);
    await page.locator('#totals').waitFor({ timeout: 15000 });
    const tabs = await page.getByRole('tab').allTextContents();
    assert.ok(tabs.length >= 4, `tabs: ${tabs}`);
    const found = [];
    for (const name of tabs) {
      await page.getByRole('tab', { name, exact: true }).click();
      await page.waitForTimeout(200);
      for (const v of await violations(page)) found.push(`${name}: ${v}`);
    }
    // The "Why N?" drill-down of the term's first invoice, open.
    await page.getByRole('tab', { name: 'Invoices', exact: true }).click();
    await page.locator('.timeline button[data-invoice="4"]').click();
    await page.getByRole('button', { name: /^Why [\d,]+\?/ }).first().click();
    await page.locator('#why').waitFor();
    await page.waitForTimeout(300);
    for (const v of await violations(page)) found.push(`Why panel: ${v}`);
    // What the browser does when a person prints: beforeprint draws the quote.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await page.emulateMedia({ media: 'print' });
    await page.locator('#quote h1').waitFor();
    for (const v of await violations(page)) found.push(`print: ${v}`);
    assert.deepEqual(found, []);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
