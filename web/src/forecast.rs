//! "Add a forecast" (run in the background worker, where billing runs):
//! the row is found by billing candidates, so it is one the engine accepts.

use billsim_core::Scenario;
use serde_json::Value;

use crate::doc::{self, Seg};

/// A forecast row the scenario can bill: the first product and cycle
/// not measured from sessions or profiles (a forecast for a measured
/// cycle would be a second truth, which the engine refuses).
/// `bills` says whether a candidate scenario bills (the worker bills it with
/// its held import, so a cycle the import measures is never forecast).
pub fn billable(text: &str, bills: impl Fn(&Scenario) -> bool) -> Option<Value> {
    let sc = Scenario::from_json(text).ok()?;
    let d: Value = serde_json::from_str(text).ok()?;
    let cycles = sc.contract.ramp.cycles + sc.contract.term_cycles + sc.contract.after_term_cycles;
    for cycle in 0..cycles.min(60) {
        for product in sc.contract.products.keys() {
            // A second row for a cycle and product already forecast is no new forecast.
            let taken = sc
                .usage
                .quantities
                .iter()
                .any(|q| q.cycle == cycle && q.product == *product);
            if taken {
                continue;
            }
            let row = serde_json::json!({ "cycle": cycle, "product": product, "quantity": "10" });
            let mut candidate = d.clone();
            doc::push(
                &mut candidate,
                &[Seg::Key("usage"), Seg::Key("quantities")],
                row.clone(),
            );
            let ok = serde_json::to_string(&candidate)
                .ok()
                .and_then(|t| Scenario::from_json(&t).ok())
                .is_some_and(|c| bills(&c));
            if ok {
                return Some(row);
            }
        }
    }
    None
}
