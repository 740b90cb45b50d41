//! Numbers shown in words are rounded half away from zero, like money
//! (R-$1), never by the decimal library's default (banker's rounding).

use billsim_core::{simulate_json, Options};

/// R-T3: 1 short call of 400 outbound is 0.25 %, shown as 0.3 % (banker's
/// rounding would show 0.2 %).
#[test]
fn r_t3_the_short_call_share_in_the_explanation_rounds_half_away_from_zero() {
    let mut calls = Vec::new();
    for i in 0..400 {
        let seconds = if i == 0 { 3 } else { 60 };
        calls.push(format!(
            r#"{{ "org": "main", "type": "outbound", "start": "2026-10-22T08:{:02}:{:02}Z", "seconds": {seconds} }}"#,
            i / 60,
            i % 60
        ));
    }
    let text = format!(
        r#"{{ "billsim": 1, "currency": "USD",
        "contract": {{ "activation": "2026-10-21", "model": "named", "term_cycles": 1,
          "products": {{ "cx2": {{ "tier": 2, "prepay": "115.00", "overage": "138.00" }} }},
          "telco": {{ "rates": {{ "outbound": "0.0119" }},
            "short_call": {{ "max_seconds": 6, "min_calls": 1, "share": "0.0025", "surcharge": "0.0100" }} }} }},
        "usage": {{ "calls": [ {} ] }} }}"#,
        calls.join(",")
    );
    let r = simulate_json(&text, &Options::default()).expect("billed");
    let line = r
        .invoices
        .iter()
        .flat_map(|i| &i.lines)
        .find(|l| l.kind.as_str() == "telco_surcharge")
        .expect("a surcharge line");
    assert!(
        line.explanation
            .starts_with("1 of 400 outbound calls lasted 6 s or less (0.3% >= "),
        "{}",
        line.explanation
    );
}
