//! The interactions reader (`id,org,start,resources,bot_minutes,bot_sessions`),
//! both ways the callers use it: open (app, JS API) and checked against the
//! scenario (CLI, appended to its table); what it reads is billed against
//! the example scenario. Only a panic fails.
#![no_main]

use billsim_core::csv::{interactions, interactions_for};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let base = billsim_fuzz::csv_base();
    let open = interactions(data);
    let checked = interactions_for(data, data.len(), base);
    let Ok(rows) = open else { return };
    let mut s = base.clone();
    s.usage.interactions = rows;
    if let Ok(rows) = checked {
        // As the CLI does, onto a table that already has rows (the merge of
        // org ids, not the move into an empty one).
        s.usage.interactions.append(rows);
    }
    billsim_fuzz::exercise(&s, None, billsim_fuzz::hash(data));
});
