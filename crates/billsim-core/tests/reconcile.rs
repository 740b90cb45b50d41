//! Reconciliation fixtures (R-R1..R-R6): one JSON file per case under
//! `tests/reconcile/`, each with the scenario, the vendor's files as the
//! customer has them, the rule ids it pins, the hand math, and what the
//! reconciliation must say. Every file is run; fields a fixture leaves out
//! are not pinned.

use std::path::Path;

use billsim_core::reconcile::{self, classify, read, report::Reconciliation, vendor::VendorBill};
use billsim_core::session::{Session, Usage};
use billsim_core::Scenario;
use serde_json::Value;

fn s(v: &Value) -> String {
    match v {
        Value::String(x) => x.clone(),
        other => other.to_string(),
    }
}

/// Runs one fixture the way `billsim reconcile` does.
pub fn run(f: &Value) -> Result<Reconciliation, billsim_core::Error> {
    let mut scenario: Scenario = serde_json::from_value(f["scenario"].clone()).expect("scenario");
    let mut bill = VendorBill::default();
    for b in f["bills"].as_array().expect("bills") {
        let text = match &b["text"] {
            Value::String(t) => t.clone(),
            // A JSON file may be written as JSON in the fixture.
            _ => serde_json::to_string_pretty(&b["json"]).expect("json"),
        };
        read::read(
            b["name"].as_str().expect("name"),
            text.as_bytes(),
            &scenario.currency,
            &mut bill,
        )?;
    }
    reconcile::calls::add_to(&mut scenario, &bill);
    let o = &f["options"];
    let opts = reconcile::Options {
        as_of: o["as_of"].as_str().map(|d| d.parse().expect("as_of")),
        period: o["period"].as_str().map(|d| d.parse().expect("period")),
        map: match o.get("map") {
            Some(m) => classify::read_map(&m.to_string())?,
            None => Default::default(),
        },
    };
    let mut session = Session::new(scenario, Usage::None).map_err(|r| r.error)?;
    reconcile::reconcile(&mut session, &bill, &opts)
}

fn check(case: &str, want: &Value, got: &Reconciliation) -> Vec<String> {
    let g = serde_json::to_value(got).expect("serialises");
    let mut errs = Vec::new();
    for k in [
        "matches",
        "vendor_total",
        "simulated_total",
        "difference",
        "unexplained",
    ] {
        if let Some(w) = want.get(k) {
            if s(w) != s(&g[k]) {
                errs.push(format!("{case} {k}: want {}, got {}", s(w), s(&g[k])));
            }
        }
    }
    if let Some(w) = want.get("says_contains") {
        let says = got.says.as_str();
        if !says.contains(w.as_str().expect("text")) {
            errs.push(format!("{case} says: {says:?} lacks {w}"));
        }
    }
    if let Some(w) = want.get("by_cause").and_then(Value::as_object) {
        let got_causes: serde_json::Map<String, Value> = got
            .by_cause
            .iter()
            .map(|c| {
                (
                    c.cause.as_str().to_owned(),
                    Value::String(c.amount.to_string()),
                )
            })
            .collect();
        if *w != got_causes {
            errs.push(format!("{case} by_cause: want {w:?}, got {got_causes:?}"));
        }
    }
    if let Some(w) = want.get("out_of_scope") {
        if *w != g["out_of_scope"] {
            errs.push(format!(
                "{case} out_of_scope: want {w}, got {}",
                g["out_of_scope"]
            ));
        }
    }
    // `differing`: every line pair that differs, in invoice order.
    if let Some(w) = want.get("differing").and_then(Value::as_array) {
        let differing: Vec<&billsim_core::reconcile::report::LinePair> = got
            .invoices
            .iter()
            .flat_map(|i| &i.lines)
            .filter(|l| !l.amount_difference.is_zero() || !l.quantity_difference.is_zero())
            .collect();
        if w.len() != differing.len() {
            errs.push(format!(
                "{case} differing: want {} lines, got {}: {}",
                w.len(),
                differing.len(),
                serde_json::to_string_pretty(&differing).unwrap_or_default()
            ));
        } else {
            for (j, (w, l)) in w.iter().zip(differing).enumerate() {
                let lv = serde_json::to_value(l).expect("line");
                for (k, wv) in w.as_object().expect("object") {
                    match k.as_str() {
                        "causes" => {
                            let got_c: serde_json::Map<String, Value> = l
                                .causes
                                .iter()
                                .map(|c| {
                                    (
                                        c.cause.as_str().to_owned(),
                                        Value::String(c.amount.to_string()),
                                    )
                                })
                                .collect();
                            if *wv != Value::Object(got_c.clone()) {
                                errs.push(format!(
                                    "{case} differing[{j}].causes: want {wv}, got {got_c:?}"
                                ));
                            }
                        }
                        "facts" => {
                            for (cause, facts) in wv.as_object().expect("facts") {
                                let got_f = l
                                    .causes
                                    .iter()
                                    .find(|c| c.cause.as_str() == cause)
                                    .map(|c| &c.facts);
                                for (fk, fv) in facts.as_object().expect("fact object") {
                                    let gf = got_f.and_then(|f| f.get(fk));
                                    if gf != Some(fv) {
                                        errs.push(format!("{case} differing[{j}] {cause}.{fk}: want {fv}, got {gf:?}"));
                                    }
                                }
                            }
                        }
                        "says_contains" => {
                            let all: String = l
                                .causes
                                .iter()
                                .map(|c| c.says.as_str())
                                .collect::<Vec<_>>()
                                .join(" ");
                            if !all.contains(wv.as_str().expect("text")) {
                                errs.push(format!("{case} differing[{j}] says {all:?} lacks {wv}"));
                            }
                        }
                        "description" => {
                            let d = l
                                .vendor
                                .as_ref()
                                .map(|v| v.description.clone())
                                .or_else(|| l.simulated.as_ref().map(|s| s.description.clone()))
                                .unwrap_or_default();
                            if s(wv) != d {
                                errs.push(format!(
                                    "{case} differing[{j}].description: want {}, got {d}",
                                    s(wv)
                                ));
                            }
                        }
                        other => {
                            if s(wv) != s(&lv[other]) {
                                errs.push(format!(
                                    "{case} differing[{j}].{other}: want {}, got {}",
                                    s(wv),
                                    s(&lv[other])
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    if let Some(w) = want.get("would_match").and_then(Value::as_array) {
        let gw = &g["would_match"];
        if w.len() != gw.as_array().map_or(0, Vec::len) {
            errs.push(format!("{case} would_match: want {w:?}, got {gw}"));
        } else {
            for (j, wv) in w.iter().enumerate() {
                for (k, v) in wv.as_object().expect("object") {
                    if gw[j][k] != *v {
                        errs.push(format!(
                            "{case} would_match[{j}].{k}: want {v}, got {}",
                            gw[j][k]
                        ));
                    }
                }
            }
        }
    }
    if let Some(w) = want.get("figures").and_then(Value::as_array) {
        let gf = &g["figures"];
        if w.len() != gf.as_array().map_or(0, Vec::len) {
            errs.push(format!("{case} figures: want {} got {gf}", w.len()));
        } else {
            for (j, wv) in w.iter().enumerate() {
                for (k, v) in wv.as_object().expect("object") {
                    let got_v = if k == "causes" {
                        Value::Array(
                            gf[j]["causes"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .map(|c| c["cause"].clone())
                                .collect(),
                        )
                    } else {
                        gf[j][k].clone()
                    };
                    if got_v != *v {
                        errs.push(format!("{case} figures[{j}].{k}: want {v}, got {got_v}"));
                    }
                }
            }
        }
    }
    if let Some(w) = want.get("calls").and_then(Value::as_object) {
        for (k, v) in w {
            let got_v = &g["calls"][k];
            let same = match (v, got_v) {
                (Value::Array(a), Value::Array(b)) => {
                    a.len() == b.len()
                        && a.iter().zip(b).all(|(x, y)| {
                            x.as_object()
                                .expect("object")
                                .iter()
                                .all(|(xk, xv)| y[xk] == *xv)
                        })
                }
                _ => got_v == v,
            };
            if !same {
                errs.push(format!("{case} calls.{k}: want {v}, got {got_v}"));
            }
        }
    }
    errs
}

fn fixtures() -> Vec<(String, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reconcile");
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .expect("tests/reconcile")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read");
            let v: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (
                p.file_stem().expect("stem").to_string_lossy().into_owned(),
                v,
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_reconciliation_fixture_says_what_its_hand_math_says() {
    let all = fixtures();
    let mut errs = Vec::new();
    for (name, f) in &all {
        for k in ["rules", "math", "provenance", "scenario", "bills", "expect"] {
            assert!(f.get(k).is_some(), "{name}: no `{k}`");
        }
        let rules: Vec<&str> = f["rules"]
            .as_array()
            .expect("rules")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(
            rules.iter().any(|r| r.starts_with("R-R")),
            "{name}: names no R-R rule"
        );
        match (run(f), f["expect"].get("error_contains")) {
            (Ok(r), None) => {
                errs.extend(check(name, &f["expect"], &r));
                // R-R4: the causes of every pair sum to its difference, less the unexplained rest.
                for l in r.invoices.iter().flat_map(|i| &i.lines) {
                    let sum = l
                        .causes
                        .iter()
                        .fold(rust_decimal::Decimal::ZERO, |a, c| a + c.amount);
                    if sum + l.unexplained != l.amount_difference {
                        errs.push(format!(
                            "{name}: causes {sum} + unexplained {} != difference {}",
                            l.unexplained, l.amount_difference
                        ));
                    }
                }
            }
            (Err(e), Some(w)) => {
                if !e.to_string().contains(w.as_str().expect("text")) {
                    errs.push(format!("{name}: error {e} lacks {w}"));
                }
            }
            (Ok(_), Some(w)) => errs.push(format!(
                "{name}: want an error with {w}, got a reconciliation"
            )),
            (Err(e), None) => errs.push(format!("{name}: {e}")),
        }
    }
    assert!(errs.is_empty(), "{}", errs.join("\n"));
    // One per case the issue lists, at least.
    assert!(
        all.len() >= 13,
        "only {} reconciliation fixtures",
        all.len()
    );
}
