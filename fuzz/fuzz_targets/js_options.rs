//! The options of the JS API's `reconcile(scenario, bills, { asOf, period,
//! map })` (and the CLI's `--as-of`, `--period`, `--map FILE`), past the
//! part only a JS engine can run (property access, `typeof`,
//! `JSON.stringify`): the dates' text and the map's JSON text, read as
//! billsim-wasm reads them, then the example's vendor bill reconciled under
//! them, so a map naming any kind, product, resource, call type or org
//! reaches classify and pair. The other options of the JS API are a
//! number range or a fixed word (`seeds`, `percentile`, `model`,
//! `reports`), read here too.
//!
//! Input: a first line `ASOF PERIOD PERCENTILE` (any may be missing or
//! junk), then the map. Fails on a panic, or when a map that reads does not
//! read back the same from its own JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The body is `billsim_fuzz::drive::js_options`, which `cargo test -p billsim-core
// --test fuzz_corpus` replays on `fuzz/regress/js_options/`.
fuzz_target!(|data: &[u8]| billsim_fuzz::drive::js_options(data));
