//! Scenario JSON as a user's file: parse, then simulate (default options,
//! an as-of date derived from the input, reports on, another model),
//! the reports alone and compare. Only a panic fails.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The body is `billsim_fuzz::drive::scenario_json`, which `cargo test -p billsim-core
// --test fuzz_corpus` replays on `fuzz/regress/scenario_json/`.
fuzz_target!(|data: &[u8]| billsim_fuzz::drive::scenario_json(data));
