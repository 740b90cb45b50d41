//! The sessions reader, both ways the callers use it: strict against a
//! scenario's catalog (CLI) and open, then placed onto the catalog (app,
//! JS API); what it reads is billed against the example scenario.
#![no_main]

use billsim_core::csv::{sessions, sessions_open, sessions_open_sized, Imported};
use billsim_core::usage::Catalog;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let base = billsim_fuzz::csv_base();
    let cat = Catalog::of(base);
    let strict = sessions(data, &cat);
    let _ = sessions_open_sized(data, data.len());
    if let Ok((t, ids)) = sessions_open(data) {
        let mut imported = Imported::new(t, ids);
        let _ = imported.counts();
        if let Ok(t) = imported.onto(&cat) {
            let t = t.clone();
            billsim_fuzz::exercise(base, Some(&t), billsim_fuzz::hash(data));
        }
    }
    drop(strict);
});
