//! Scenario JSON as a user's file: parse, then simulate (default options,
//! an as-of date derived from the input, reports on, another model),
//! the reports alone and compare. Only a panic fails.
#![no_main]

use billsim_core::Scenario;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(s) = Scenario::from_json(text) {
        billsim_fuzz::exercise(&s, None, billsim_fuzz::hash(data));
    }
});
