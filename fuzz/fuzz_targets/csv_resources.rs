//! The resources reader (`org,resource,date,quantity`); what it reads is billed against
//! the example scenario. Only a panic fails.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = billsim_core::csv::resources(data) {
        let mut s = billsim_fuzz::csv_base().clone();
        s.usage.resources = rows;
        billsim_fuzz::exercise(&s, None, billsim_fuzz::hash(data));
    }
});
