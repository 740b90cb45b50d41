// Shared set-up for the end-to-end tests: Debian's Chromium driven by
// playwright-core (no browser download), and guards that fail a test on any
// console error or any request leaving the page's own origin.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

export const BASE = process.env.BILLSIM_URL ?? 'http://127.0.0.1:8080/';
export const SHOTS = new URL('../target/screenshots/', import.meta.url).pathname;
mkdirSync(SHOTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
}

/** A page that records console errors and foreign requests. */
export async function openPage(context) {
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(BASE).origin;
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`request to another origin: ${u}`);
  });
  return { page, problems };
}

/** The contract total line once the page has its latest bill: every bill
 * comes from the background worker, and while one is on its way the line
 * is marked aria-busy (it still shows the previous bill). */
export async function settledTotals(page) {
  await page.waitForFunction(() => {
    const t = document.querySelector('#totals');
    return t && !t.hasAttribute('aria-busy');
  });
  return page.locator('#totals').textContent();
}

/** The text of the SVG charts matched by `selector` that a person could not
 * read: drawn under 9 px (SVG text scales with its chart), or cut off at
 * the chart's edge. Empty when every label reads. */
export async function unreadableChartText(page, selector) {
  return page.evaluate((selector) => {
    const out = [];
    const svgs = document.querySelectorAll(selector);
    if (svgs.length === 0) return [`no chart matches ${selector}`];
    for (const svg of svgs) {
      const box = svg.getBoundingClientRect();
      const vb = svg.viewBox.baseVal;
      const scale = Math.min(box.width / vb.width, box.height / vb.height);
      for (const t of svg.querySelectorAll('text')) {
        const px = parseFloat(getComputedStyle(t).fontSize) * scale;
        const r = t.getBoundingClientRect();
        if (px < 9) out.push(`"${t.textContent}" is ${px.toFixed(1)} px`);
        if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
          out.push(`"${t.textContent}" is cut off`);
        }
      }
    }
    return out;
  }, selector);
}
