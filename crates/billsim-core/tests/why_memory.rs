//! "Why N?" for one cycle and org costs what that org's users cost, not
//! every user times every org (issue 18 #1: 200,000 sessions across 1,000
//! orgs took 4.7 GB). Heap bytes are counted exactly by a global
//! allocator, so this is a measurement, not a timing. One test only: the
//! count is process-wide.

// Only the counting allocator of the CSV shapes is used here.
#[allow(dead_code)]
#[path = "../benches/shapes.rs"]
mod shapes;

use billsim_core::session::{Session, Usage};
use billsim_core::{attribution, Scenario};
use serde_json::json;
use shapes::counting::Counting;

#[global_allocator]
static ALLOC: Counting = Counting;

#[test]
fn r_w1_why_for_one_org_holds_memory_for_that_org_not_users_times_orgs() {
    // 20,000 users, one session each, spread over 1,000 orgs.
    let orgs: Vec<_> = (0..1000)
        .map(|o| json!({ "id": format!("o{o}"), "region": "default" }))
        .collect();
    let mut csv = String::from("user,org,product,login,logout\n");
    for u in 0..20_000 {
        csv.push_str(&format!(
            "u{u},o{},cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n",
            u % 1000
        ));
    }
    let s: Scenario = serde_json::from_value(json!({
        "billsim": 1, "currency": "USD", "orgs": orgs,
        "contract": { "activation": "2026-10-21", "model": "concurrent", "term_cycles": 1,
            "products": { "cx2": { "tier": 2, "prepay": "115.00", "overage": "138.00" } } }
    }))
    .expect("scenario");
    let (t, ids) = billsim_core::csv::sessions_open(&mut csv.as_bytes()).expect("csv");
    let mut session =
        Session::new(s, Usage::Open(billsim_core::csv::Imported::new(t, ids))).expect("session");
    let before = Counting::reset();
    let w = session
        .why(&attribution::Options {
            cycle: Some(0),
            org: Some("o7".into()),
            ..Default::default()
        })
        .expect("why");
    let held = Counting::peak() - before;
    assert_eq!(w.attribution.len(), 1);
    assert_eq!(w.attribution[0].users.len(), 20);
    // One slot per user per org was 20 million slots (480 MB); the answer
    // needs the sessions' presence (a few MB) and the org's 20 users.
    assert!(held < 64 << 20, "{held} bytes held for one org's answer");
}
