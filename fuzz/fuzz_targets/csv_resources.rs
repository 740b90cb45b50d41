//! The resources reader (`org,resource,date,quantity`), both ways the callers use it:
//! checked against the scenario (`resources_for`, the CLI) and open (the app, JS
//! API); what it reads is billed against the example scenario. Only a panic
//! fails.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let base = billsim_fuzz::csv_base();
    let open = billsim_core::csv::resources(data);
    let checked = billsim_core::csv::resources_for(data, base);
    // The checked rows when the scenario takes them (as the CLI bills
    // them), else the open ones: billed once.
    let Some(rows) = checked.ok().or(open.ok()) else {
        return;
    };
    let mut s = base.clone();
    s.usage.resources.extend(rows);
    billsim_fuzz::exercise(&s, None, billsim_fuzz::hash(data));
});
