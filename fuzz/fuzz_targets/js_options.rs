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

use billsim_core::advice::Percentile;
use billsim_core::reconcile::{self, classify};
use billsim_core::Model;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (head, map) = text.split_once('\n').unwrap_or((text, ""));
    let mut words = head.split(' ');
    // As billsim-wasm reads `asOf` and `period`: the string, parsed.
    let mut date = || words.next().and_then(|t| t.parse().ok());
    let (as_of, period) = (date(), date());
    if let Some(w) = words.next() {
        let _ = Percentile::parse(w);
        let _ = Model::ALL.into_iter().find(|m| m.as_str() == w);
    }
    let map = if map.trim().is_empty() {
        Default::default()
    } else {
        match classify::read_map(map) {
            Ok(m) => {
                let again = serde_json::to_string(&m).expect("a map writes as JSON");
                assert_eq!(
                    classify::read_map(&again).ok().as_ref(),
                    Some(&m),
                    "a map does not read back from its own JSON: {again}"
                );
                m
            }
            Err(e) => {
                let _ = e.to_string();
                return;
            }
        }
    };
    let o = reconcile::Options { as_of, period, map };
    billsim_fuzz::reconcile_example(billsim_fuzz::example_bill(), &o);
});
