//! Structure-aware: a golden scenario with numbers, strings, dates and
//! whole subtrees replaced by extreme values, repeated or removed (see
//! `billsim_fuzz::Mutation`), then everything `scenario_json` runs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|plan: billsim_fuzz::Plan| {
    billsim_fuzz::run_plan(&plan);
});
