//! The sessions reader, both ways the callers use it: strict against a
//! scenario's catalog (CLI) and open, then placed onto the catalog (app,
//! JS API); what it reads is billed against the example scenario.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The body is `billsim_fuzz::drive::csv_sessions`, which `cargo test -p billsim-core
// --test fuzz_corpus` replays on `fuzz/regress/csv_sessions/`.
fuzz_target!(|data: &[u8]| billsim_fuzz::drive::csv_sessions(data));
