//! The calls reader (`org,type,start,seconds,international`); what it reads is billed against
//! the example scenario. Only a panic fails.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = billsim_core::csv::calls(data) {
        let mut s = billsim_fuzz::csv_base().clone();
        s.usage.calls = rows;
        billsim_fuzz::exercise(&s, None, billsim_fuzz::hash(data));
    }
});
