//! The hours reader (`user,org,product,date,duration (R-H3)`); what it reads is billed against
//! the example scenario. Only a panic fails.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = billsim_core::csv::hours(data) {
        let mut s = billsim_fuzz::csv_base().clone();
        s.usage.hours = rows;
        billsim_fuzz::exercise(&s, None, billsim_fuzz::hash(data));
    }
});
