// The page's size budget (issue 11): the wasm a person downloads before the
// form appears is at most 400 KB gzipped. Measured on the served build, as
// the browser gets it, so a change that pulls engine code back into the page
// (a scenario reader, a CSV parser) fails here rather than in a benchmark
// no one reads. The worker's wasm has no budget: it loads beside the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { BASE } from './browser.mjs';

const BUDGET = 400 * 1024;

test('the page wasm is at most 400 KB gzipped; the worker starts as the page loads', async () => {
  const html = await (await fetch(BASE)).text();
  const name = html.match(/billsim-web-[0-9a-f]+_bg\.wasm/)?.[0];
  assert.ok(name, 'the page names its wasm');
  const wasm = Buffer.from(await (await fetch(new URL(name, BASE))).arrayBuffer());
  const gz = gzipSync(wasm, { level: 9 }).length;
  assert.ok(gz <= BUDGET, `page wasm is ${(gz / 1024).toFixed(1)} KB gzipped, over the 400 KB budget`);
  // The worker is started by a plain script ahead of the page's wasm, so its
  // larger download does not wait for the page's.
  const start = html.indexOf('start-worker.js');
  assert.ok(start >= 0 && start < html.indexOf(name), 'start-worker.js comes before the page wasm');
});
