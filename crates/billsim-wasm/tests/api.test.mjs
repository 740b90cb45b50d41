// The built npm package (cargo xtask pkg) in Node: same numbers as the
// `billsim` command on the golden scenarios, and the documented errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initSync, simulate, simulateJson, compare, advise, why, parseSessionsCsv, parseInteractionsCsv, version, Session, reconcile } from '../pkg/billsim_wasm.js';

const here = new URL('.', import.meta.url).pathname;
initSync({ module: readFileSync(join(here, '../pkg/billsim_wasm_bg.wasm')) });
const bin = process.env.BILLSIM_BIN ?? join(here, '../../../target/debug/billsim');
const goldenDir = join(here, '../../billsim-core/tests/golden');
const tmp = mkdtempSync(join(tmpdir(), 'billsim-api-'));

function cli(args) {
  return execFileSync(bin, args, { encoding: 'utf8' });
}

test('simulate equals the billsim command on every golden scenario', () => {
  let compared = 0;
  for (const f of readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort()) {
    const fixture = JSON.parse(readFileSync(join(goldenDir, f), 'utf8'));
    if (!fixture.scenario || fixture.expect.error) continue;
    const path = join(tmp, f);
    writeFileSync(path, JSON.stringify(fixture.scenario));
    const args = ['simulate', path, '--json'];
    const opts = {};
    if (fixture.as_of) { args.push('--as-of', fixture.as_of); opts.asOf = fixture.as_of; }
    const want = JSON.parse(cli(args));
    assert.deepEqual(simulate(fixture.scenario, opts), want, f);
    assert.deepEqual(JSON.parse(simulateJson(JSON.stringify(fixture.scenario))).totals, JSON.parse(cli(['simulate', path, '--json'])).totals, f);
    compared++;
  }
  assert.ok(compared >= 30, `only ${compared} scenarios compared`);
});

test('compare equals billsim compare --json', () => {
  const path = join(here, '../../../examples/contact-center.json');
  const scenario = JSON.parse(readFileSync(path, 'utf8'));
  assert.deepEqual(compare(scenario), JSON.parse(cli(['compare', path, '--json'])));
});

test('advise equals billsim advise --json (R-O1..R-O3), with progress', () => {
  const path = join(here, '../../../examples/contact-center.json');
  const scenario = JSON.parse(readFileSync(path, 'utf8'));
  const steps = [];
  const got = advise(scenario, { seeds: 3, percentile: 90, onProgress: (done, total) => steps.push([done, total]) });
  assert.deepEqual(got, JSON.parse(cli(['advise', path, '--seeds', '3', '--percentile', '90', '--json'])));
  // 3 seeds measured, 3 priced, the models ranked: 7 steps, in order.
  assert.deepEqual(steps, [1, 2, 3, 4, 5, 6, 7].map((d) => [d, 7]));
  const fixture = JSON.parse(readFileSync(join(goldenDir, 'advice-curve-10-12-8.json'), 'utf8'));
  assert.equal(advise(fixture.scenario).products[0].best, '8');
});

test('advise options are read key by key', () => {
  const s = JSON.parse(readFileSync(join(here, '../../../examples/contact-center.json'), 'utf8'));
  for (const [options, path] of [[{ seed: 5 }, 'options.seed'], [{ seeds: 0 }, 'options.seeds'], [{ seeds: 2.5 }, 'options.seeds'],
    [{ seeds: '50' }, 'options.seeds'], [{ percentile: 75 }, 'options.percentile'], [{ onProgress: 1 }, 'options.onProgress']]) {
    assert.throws(() => advise(s, options), (e) => e.kind === 'argument' && e.path === path, JSON.stringify(options));
  }
});

test('why equals billsim why --json on every golden scenario of a contract with usage', () => {
  let compared = 0;
  for (const f of readdirSync(goldenDir).filter((f) => f.endsWith('.json')).sort()) {
    const fixture = JSON.parse(readFileSync(join(goldenDir, f), 'utf8'));
    if (!fixture.scenario || fixture.expect.error || !fixture.expect.attribution) continue;
    const path = join(tmp, f);
    writeFileSync(path, JSON.stringify(fixture.scenario));
    assert.deepEqual(why(fixture.scenario), JSON.parse(cli(['why', path, '--json'])), f);
    compared++;
  }
  assert.ok(compared >= 5, `only ${compared} scenarios compared`);
});

test('results are plain JSON objects (no Map, no undefined)', () => {
  const r = simulate(JSON.parse(readFileSync(join(here, '../../../examples/contact-center.json'), 'utf8')));
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.equal(typeof r.totals.total, 'string');
});

test('a bad scenario throws an Error with the JSON path', () => {
  const s = { billsim: 1, currency: 'USD', contract: { activation: '2026-10-21', model: 'named', term_cycles: 1,
    products: { cx2: { tier: 2, prepay: '115.00' } }, commitments: [{ product: 'cx2', from_cycle: 0, quantity: '-1' }] } };
  assert.throws(() => simulate(s), (e) => e instanceof Error && e.path === 'contract.commitments[0].quantity' && e.kind === 'invalid' && /must not be negative/.test(e.message)
    && e.facts.rule === 'negative' && e.facts.path === 'contract.commitments[0].quantity');
  assert.throws(() => simulateJson('{"billsim": 1, "currency": "USD", "contract": {"activation": "x"}}'), (e) => e.path === 'contract.activation');
  assert.throws(() => simulate({ ...s, surprise: true }), (e) => e.kind === 'json' && e.path === 'surprise');
});

test('parseSessionsCsv reads any column order and throws line and column on bad rows', () => {
  const ok = parseSessionsCsv('logout,login,user,product,org\n2026-10-22T09:00:00Z,2026-10-22T08:00:00Z,ana,cx2,main\n');
  assert.deepEqual(ok, [{ user: 'ana', org: 'main', product: 'cx2', login: '2026-10-22T08:00:00Z', logout: '2026-10-22T09:00:00Z' }]);
  const bytes = new TextEncoder().encode('user,org,product,login,logout\nana,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\nbob,main,cx2,soon,2026-10-22T09:00:00Z\n');
  assert.throws(() => parseSessionsCsv(bytes), (e) => e.kind === 'csv' && e.line === 3 && e.column === 4 && e.problems.length === 1);
});

test('parseInteractionsCsv gives scenario interactions and throws line and column on bad rows (R-AI2)', () => {
  const ok = parseInteractionsCsv('start,id,org,resources,bot_minutes\n2026-10-22T09:00:00Z,i-1,main,bot_flow|virtual_agent,3.5\n2026-10-22T10:00:00Z,i-2,main,bot_flow,\n');
  assert.deepEqual(ok, [
    { id: 'i-1', org: 'main', start: '2026-10-22T09:00:00Z', resources: ['bot_flow', 'virtual_agent'], bot_minutes: '3.5' },
    { id: 'i-2', org: 'main', start: '2026-10-22T10:00:00Z', resources: ['bot_flow'] },
  ]);
  const s = { billsim: 1, currency: 'USD', contract: { activation: '2026-10-21', model: 'named', term_cycles: 1,
    products: { cx2: { tier: 2 } }, ai: { allocation: '0' } }, usage: { interactions: ok } };
  const line = simulate(s).invoices[0].lines[0];
  assert.equal(line.kind, 'ai_overage');
  assert.equal(line.quantity, '1', '0.5 token for the virtual agent, 0 bot-flow minutes: rounded up once to 1');
  const bytes = new TextEncoder().encode('id,org,start,resources\ni-1,main,2026-10-22T09:00:00Z,bot_flow\ni-2,main,2026-10-22T09:00:00Z,\n');
  assert.throws(() => parseInteractionsCsv(bytes), (e) => e.kind === 'csv' && e.line === 3 && e.column === 4 && e.problems.length === 1);
});

test('version matches the command', () => {
  assert.equal(`billsim ${version()}\n`, cli(['--version']));
});

// Hostile calls (R-V1): every misuse is a BillsimError naming the argument, never a trap or a silent default.
const example = () => JSON.parse(readFileSync(join(here, '../../../examples/contact-center.json'), 'utf8'));
const argumentError = (path, words) => (e) =>
  e instanceof Error && e.name === 'BillsimError' && e.kind === 'argument' && e.path === path && words.test(e.message);

test('simulate options: an unknown key or a wrong type is an error naming it', () => {
  const s = example();
  assert.throws(() => simulate(s, { as_of: '2027-02-10' }), argumentError('options.as_of', /unknown option \(did you mean asOf\?\)/));
  assert.throws(() => simulate(s, { asOf: 20270210 }), argumentError('options.asOf', /expected a date "YYYY-MM-DD", got a number/));
  assert.throws(() => simulate(s, { asOf: '2027-02-30' }), argumentError('options.asOf', /is not a date/));
  assert.throws(() => simulate(s, { model: 'seat' }), argumentError('options.model', /named/));
  assert.throws(() => simulate(s, { reports: 'yes' }), argumentError('options.reports', /expected true or false, got a string/));
  assert.throws(() => simulate(s, 'asOf=2027-02-10'), argumentError('options', /expected an object/));
  // The documented spelling works, and an undefined value is no option at all.
  const r = simulate(s, { asOf: '2027-02-10', model: undefined });
  assert.equal(r.preview.as_of, '2027-02-10');
});

test('wrong arguments throw BillsimErrors, not glue-code errors or traps', () => {
  assert.throws(() => simulate(undefined), argumentError('scenario', /got undefined/));
  assert.throws(() => simulate([1, 2]), argumentError('scenario', /got an array/));
  assert.throws(() => simulateJson(undefined), argumentError('text', /got undefined/));
  assert.throws(() => simulateJson(5), argumentError('text', /got a number/));
  for (const bad of [5, -1, {}, null, undefined, [1, 2]]) {
    assert.throws(() => parseSessionsCsv(bad), argumentError('csv', /expected CSV text/), String(bad));
    assert.throws(() => parseInteractionsCsv(bad), argumentError('csv', /expected CSV text/), String(bad));
  }
  // 2 GiB, never touched: refused by its size before a byte is copied.
  assert.throws(() => parseSessionsCsv(new Uint8Array(2 ** 31)), argumentError('csv', /parseSessionsCsv reads at most 268435456/));
  assert.throws(() => parseInteractionsCsv(new Uint8Array(2 ** 31)), argumentError('csv', /parseInteractionsCsv reads at most 268435456/));
  const text = 'user,org,product,login,logout\nana,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n';
  assert.equal(parseSessionsCsv(new TextEncoder().encode(text).buffer).length, 1);
});

test('a profile too large to expand is refused at once, without a trap', () => {
  const s = example();
  s.usage.profiles = [{ id: 'a', mix: { cx2: '1' }, shifts: [{ start: '08:00', minutes: 480, agents: 1000000 }] }];
  assert.throws(() => simulate(s), (e) => e.kind === 'invalid' && e.path === 'usage.profiles[0]' && /agent-days/.test(e.message));
  assert.throws(() => compare(s), (e) => e.kind === 'invalid' && e.path === 'usage.profiles[0]');
  // The module is still usable afterwards.
  assert.equal(simulate(example()).currency, 'USD');
});

test('why options: cycle, org and briefMinutes; an unknown key or a wrong type is an error naming it', () => {
  const s = JSON.parse(readFileSync(join(goldenDir, 'why-named-brief-users.json'), 'utf8')).scenario;
  const one = why(s, { cycle: 1, org: 'main', briefMinutes: 61 });
  assert.deepEqual(one.attribution.map((e) => e.cycle), [1]);
  assert.equal(one.attribution[0].users[0].brief, true);
  assert.throws(() => why(s, { brief_minutes: 5 }), argumentError('options.brief_minutes', /unknown option \(did you mean briefMinutes\?\)/));
  assert.throws(() => why(s, { cycle: 1.5 }), argumentError('options.cycle', /whole number/));
  assert.throws(() => why(s, { org: 3 }), argumentError('options.org', /expected an org id, got a number/));
  assert.throws(() => why(s, { org: 'nope' }), (e) => e.kind === 'invalid' && e.path === 'org');
});

test('a Session reads once and answers as the functions do, each model measured once', () => {
  const path = join(here, '../../../examples/contact-center.json');
  const scenario = JSON.parse(readFileSync(path, 'utf8'));
  const s = new Session(scenario);
  try {
    assert.deepEqual(s.simulate(), simulate(scenario));
    assert.deepEqual(s.simulate({ model: 'named' }), simulate(scenario, { model: 'named' }));
    assert.deepEqual(s.simulate({ asOf: '2027-02-10' }), simulate(scenario, { asOf: '2027-02-10' }));
    assert.deepEqual(s.compare(), compare(scenario));
    assert.deepEqual(s.why({ cycle: 3 }), why(scenario, { cycle: 3 }));
    const first = s.work();
    // Concurrent (the contract's), named and hourly once each, the as-of
    // bill, and why's pass that keeps the curves of the cycle asked.
    assert.equal(first.preparations, 1);
    assert.equal(first.measurements, 5, JSON.stringify(first));
    s.simulate();
    s.compare();
    assert.deepEqual(s.work(), first, 'asked again, nothing is measured or priced again');
    const r = s.reportsFor(3);
    assert.equal(r.cycle, 3);
    assert.deepEqual(r.daily_peaks.headers, ['date', 'org', 'peak', 'minutes_at_peak']);
    assert.ok(r.daily_peaks.rows.length > 0);
  } finally {
    s.free();
  }
});

test('a Session takes a sessions CSV once and bills it as billsim --sessions does', () => {
  const scenario = {
    billsim: 1, currency: 'USD',
    contract: { activation: '2026-10-21', model: 'concurrent', term_cycles: 2,
      products: { cx2: { tier: 2, prepay: '115.00', overage: '138.00' } },
      commitments: [{ product: 'cx2', from_cycle: 0, quantity: '2' }] },
  };
  let csv = 'user,org,product,login,logout\n';
  for (let i = 0; i < 5; i++) csv += `u${i}@x,main,cx2,2026-10-2${2 + i}T08:00:00Z,2026-10-2${2 + i}T12:00:00Z\n`;
  csv += 'u9@x,main,cx2,2026-10-22T09:00:00Z,2026-10-22T11:00:00Z\n';
  const sp = join(tmp, 'session-scenario.json');
  const cp = join(tmp, 'session-logins.csv');
  writeFileSync(sp, JSON.stringify(scenario));
  writeFileSync(cp, csv);
  const s = new Session(scenario, { sessions: new TextEncoder().encode(csv) });
  try {
    assert.deepEqual(s.simulate(), JSON.parse(cli(['simulate', sp, '--sessions', cp, '--json'])));
    assert.deepEqual(s.why(), JSON.parse(cli(['why', sp, '--sessions', cp, '--json'])));
  } finally {
    s.free();
  }
  assert.throws(() => new Session(scenario, { logins: csv }), (e) => e.name === 'BillsimError' && e.path === 'imports.logins');
  assert.throws(() => new Session(scenario, { sessions: 'user,org,product,login,logout\nu,elsewhere,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n' }),
    (e) => e.name === 'BillsimError' && /elsewhere/.test(e.message));
  assert.throws(() => new Session({ billsim: 1 }), (e) => e.name === 'BillsimError' && e.path === 'currency');
});

test('options are read as a person wrote them: inherited, getter and non-enumerable alike; a throwing getter is named', () => {
  const path = join(here, '../../../examples/contact-center.json');
  const scenario = JSON.parse(readFileSync(path, 'utf8'));
  const want = simulate(scenario, { asOf: '2027-02-10' });
  assert.equal(want.invoices.length, 4);
  class Opts { get asOf() { return '2027-02-10'; } }
  const inherited = Object.create({ asOf: '2027-02-10' });
  const hidden = {};
  Object.defineProperty(hidden, 'asOf', { value: '2027-02-10', enumerable: false });
  for (const [name, options] of [['class getter', new Opts()], ['inherited', inherited], ['non-enumerable', hidden]]) {
    assert.deepEqual(simulate(scenario, options), want, name);
  }
  const throwing = { get asOf() { throw new Error('no date today'); } };
  assert.throws(() => simulate(scenario, throwing),
    (e) => e.name === 'BillsimError' && e.kind === 'argument' && e.path === 'options.asOf' && /no date today/.test(e.message));
  assert.throws(() => why(scenario, { get cycle() { throw new Error('boom'); } }), (e) => e.path === 'options.cycle');
});

test('issue 24: a Session reads its sessions CSV as a stream of pieces, cut anywhere, and past the 256 MiB of the functions', () => {
  const scenario = {
    billsim: 1, currency: 'USD',
    contract: { activation: '2026-10-01', model: 'concurrent', term_cycles: 1,
      products: { cx2: { tier: 2, prepay: '115.00', overage: '138.00' } },
      commitments: [{ product: 'cx2', from_cycle: 0, quantity: '2' }] },
  };
  let csv = 'user,org,product,login,logout\n';
  for (let i = 0; i < 300; i++) csv += `"u${i % 37}@x",main,cx2,2026-10-${String(1 + (i % 28)).padStart(2, '0')}T0${i % 9}:00:00Z,2026-10-${String(1 + (i % 28)).padStart(2, '0')}T1${i % 9}:30:00Z\n`;
  const whole = new Session(scenario, { sessions: csv });
  const expected = whole.simulate();
  whole.free();
  // Pieces of 1 to 97 bytes, as strings, Uint8Arrays and ArrayBuffers, from a generator.
  const bytes = new TextEncoder().encode(csv);
  for (const size of [1, 7, 64, 97]) {
    function* pieces() {
      for (let at = 0, k = 0; at < bytes.length; at += size, k++) {
        const piece = bytes.subarray(at, at + size);
        yield k % 3 === 0 ? piece : k % 3 === 1 ? piece.slice().buffer : new TextDecoder().decode(piece.slice());
      }
    }
    // A string piece cut inside a character would not be that character: only cut ASCII here.
    const s = new Session(scenario, { sessions: pieces() });
    try {
      assert.deepEqual(s.simulate(), expected, `pieces of ${size} bytes`);
    } finally {
      s.free();
    }
  }
  // A bad row is named at its line, whichever piece holds it.
  const bad = csv.replace('"u5@x",main,cx2,2026-10-06T05:00:00Z', '"u5@x",main,cx2,the sixth');
  assert.throws(() => new Session(scenario, { sessions: [bad.slice(0, 500), bad.slice(500)] }),
    (e) => e.name === 'BillsimError' && e.kind === 'csv' && e.line === 7 && e.column === 4);
  // Anything but text or bytes is named by its place in the stream.
  assert.throws(() => new Session(scenario, { sessions: [csv.slice(0, 100), 42] }),
    (e) => e.name === 'BillsimError' && e.path === 'imports.sessions[1]' && /expected a piece of CSV/.test(e.message));
  // 300 MiB (about 3.9 million sessions), past the functions' 256 MiB, never one copy.
  const day = new TextEncoder().encode(csv.slice(csv.indexOf('\n') + 1));
  const block = new Uint8Array(1 << 20);
  let filled = 0;
  while (filled + day.length <= block.length) { block.set(day, filled); filled += day.length; }
  // The same day again and again merges into itself (R-L3); the last piece,
  // other users, shows in the bill only if the stream was read to its end.
  const last = csv.slice(csv.indexOf('\n') + 1).replaceAll('"u', '"z');
  function* big() {
    yield 'user,org,product,login,logout\n';
    for (let i = 0; i < 300; i++) yield block.subarray(0, filled);
    yield last;
  }
  const small = new Session(scenario, { sessions: csv + last });
  const both = small.simulate();
  small.free();
  assert.notDeepEqual(both.invoices, expected.invoices);
  const s = new Session(scenario, { sessions: big() });
  try {
    const r = s.simulate();
    assert.deepEqual([r.invoices, r.totals], [both.invoices, both.totals]);
  } finally {
    s.free();
  }
  assert.throws(() => new Session(scenario, { sessions: new Uint8Array(2 ** 31 + 1) }),
    (e) => e.name === 'BillsimError' && /new Session reads at most 2147483648/.test(e.message));
});

test('a Session answers Why N? N first (issue 17): the FAQ\'s 20 is the commitment, 10 were forecast', () => {
  const path = join(here, '../../../examples/committed-20-used-10.json');
  const s = new Session(JSON.parse(readFileSync(path, 'utf8')));
  try {
    const said = s.headlines({ cycle: 0 });
    assert.equal(said.length, 1);
    assert.deepEqual([said[0].cycle, said[0].org, said[0].product], [0, 'main', 'cx2']);
    assert.match(said[0].made, /^20 = your commitment for cycle 0 \(R-M3\); 10 user\(s\) forecast: below it/);
    assert.match(said[0].lower, /^Only a lower commitment/);
    // The same words as billsim why.
    assert.ok(cli(['why', path, '--cycle', '0']).startsWith(`Cycle 0, org main, cx2: ${said[0].made} ${said[0].lower}`));
  } finally {
    s.free();
  }
});

const reconcileDir = join(here, '../../billsim-core/tests/reconcile');

/** A reconciliation fixture's vendor files as the command and the API read them. */
function vendorFiles(fixture) {
  return fixture.bills.map((b) => ({ name: b.name, text: typeof b.text === 'string' ? b.text : JSON.stringify(b.json, null, 2) }));
}

test('reconcile equals billsim reconcile --json on every reconciliation fixture (R-R1..R-R6)', () => {
  let compared = 0;
  for (const f of readdirSync(reconcileDir).filter((f) => f.endsWith('.json')).sort()) {
    const fixture = JSON.parse(readFileSync(join(reconcileDir, f), 'utf8'));
    const dir = mkdtempSync(join(tmp, 'rc-'));
    const scenarioPath = join(dir, 'scenario.json');
    writeFileSync(scenarioPath, JSON.stringify(fixture.scenario));
    const files = vendorFiles(fixture);
    const args = ['reconcile', scenarioPath, '--json'];
    // The files keep their names: sources name them alike on both sides.
    const cwd = dir;
    for (const b of files) { writeFileSync(join(dir, b.name), b.text); args.push('--bill', b.name); }
    const o = fixture.options ?? {};
    const opts = {};
    if (o.as_of) { args.push('--as-of', o.as_of); opts.asOf = o.as_of; }
    if (o.period) { args.push('--period', o.period); opts.period = o.period; }
    if (o.map) { writeFileSync(join(dir, 'map.json'), JSON.stringify(o.map)); args.push('--map', 'map.json'); opts.map = o.map; }
    if (fixture.expect.error_contains) {
      assert.throws(() => reconcile(fixture.scenario, files, opts), (e) => e.name === 'BillsimError' && e.message.includes(fixture.expect.error_contains), f);
      continue;
    }
    const want = JSON.parse(execFileSync(bin, args, { encoding: 'utf8', cwd }));
    assert.deepEqual(reconcile(fixture.scenario, files, opts), want, f);
    // The same answer from a session.
    const s = new Session(fixture.scenario);
    assert.deepEqual(s.reconcile(files, opts), want, f);
    s.free();
    compared++;
  }
  assert.ok(compared >= 1, `only ${compared} fixtures compared`);
});

test('reconcile names a bad argument or vendor file', () => {
  const scenario = JSON.parse(readFileSync(join(here, '../../../examples/committed-20-used-10.json'), 'utf8'));
  assert.throws(() => reconcile(scenario, 'bill.csv'), (e) => e.kind === 'argument' && e.path === 'bills');
  assert.throws(() => reconcile(scenario, [{ name: 'x.csv' }]), (e) => e.kind === 'argument' && e.path === 'bills[0].text');
  assert.throws(() => reconcile(scenario, [{ name: 'bill.csv', text: 'description,amount\nCloud CX 2 User,"75,5"\n' }]),
    (e) => e.kind === 'csv' && e.line === 2 && /decimal comma/.test(e.message) && /75\.5/.test(e.message));
  assert.throws(() => reconcile(scenario, [{ name: 'b.csv', text: 'description,amount\nx,1\n' }], { asof: '2026-01-01' }),
    (e) => e.kind === 'argument' && e.path === 'options.asof');
});
