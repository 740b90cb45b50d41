//! The engine session answers exactly what the one-shot functions answer,
//! over every golden and example scenario, and does each piece of work once.

use std::path::Path;

use billsim_core::compare::compare;
use billsim_core::session::{Session, Usage, Work};
use billsim_core::stages::Prepared;
use billsim_core::{attribution, simulate, Model, Options, Scenario};
use serde_json::Value;

/// Every scenario the repository ships: golden fixtures and examples.
fn scenarios() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/golden")).expect("golden") {
        let path = entry.expect("entry").path();
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        out.push((path.display().to_string(), case["scenario"].to_string()));
    }
    for entry in std::fs::read_dir(root.join("../../examples")).expect("examples") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    assert!(out.len() > 50, "fixtures found: {}", out.len());
    out
}

fn json<T: serde::Serialize>(r: &billsim_core::Result<T>) -> String {
    match r {
        Ok(v) => serde_json::to_string(v).unwrap(),
        Err(e) => format!("error: {e}"),
    }
}

/// The session's bill, comparison and attribution are byte for byte the
/// one-shot functions', under every option a surface passes.
#[test]
fn a_session_answers_what_the_functions_answer() {
    for (name, text) in scenarios() {
        let Ok(s) = Scenario::from_json(&text) else {
            continue;
        };
        let mut session = match Session::new(s.clone(), Usage::None) {
            Ok(x) => x,
            Err(refused) => {
                let e = refused.error;
                let direct = simulate(&s, None, &Options::default());
                assert_eq!(
                    format!("error: {e}"),
                    json(&direct),
                    "{name}: refused alike"
                );
                continue;
            }
        };
        let mut options = vec![Options::default()];
        for model in Model::ALL {
            options.push(Options {
                model: Some(model),
                ..Options::default()
            });
        }
        if let Some(day) = s
            .contract
            .activation
            .checked_add_days(chrono::Days::new(45))
        {
            options.push(Options {
                as_of: Some(day),
                reports: true,
                ..Options::default()
            });
        }
        options.push(Options {
            reports: true,
            ..Options::default()
        });
        for o in &options {
            assert_eq!(
                json(&session.bill(o)),
                json(&simulate(&s, None, o)),
                "{name} {o:?}"
            );
        }
        assert_eq!(
            json(&session.compare().map(|c| c.comparison)),
            json(&compare(&s, None)),
            "{name}: compare"
        );
        let everything = attribution::Options::default();
        let direct = Prepared::new(&s, None).and_then(|p| attribution::of(&p, &everything));
        assert_eq!(
            json(&session.why(&everything)),
            json(&direct),
            "{name}: why"
        );
    }
}

const EXAMPLE: &str = include_str!("../../../examples/contact-center.json");

/// One edit's worth of questions (the bill, then the comparison) parses
/// once, prepares once, and measures and prices each model once; asking
/// again costs nothing.
#[test]
fn each_model_is_measured_and_priced_once() {
    let mut session = Session::from_json(EXAMPLE, Usage::None).expect("example");
    session.bill(&Options::default()).expect("bill");
    assert_eq!(
        session.work(),
        Work {
            parses: 1,
            preparations: 1,
            presences: 1,
            measurements: 1,
            pricings: 1
        }
    );
    let compared = session.compare().expect("compare");
    let available = compared
        .comparison
        .models
        .iter()
        .filter(|m| m.available)
        .count() as u32;
    assert_eq!(available, 3, "the example bills under every model");
    let after = session.work();
    assert_eq!((after.measurements, after.pricings), (3, 3), "{after:?}");
    assert_eq!(
        after.presences, 2,
        "once for the bill, once kept for the others"
    );
    session.bill(&Options::default()).expect("bill");
    session.compare().expect("compare");
    assert_eq!(session.work(), after, "nothing is computed twice");
}

/// "Why N?" after the bill reads the bill's own measurement when the
/// session keeps curves (the app's worker after an import).
#[test]
fn why_after_the_bill_measures_nothing_again() {
    let mut session = Session::from_json(EXAMPLE, Usage::None)
        .expect("example")
        .keep_curves();
    let bill = session.bill(&Options::default()).expect("bill");
    let before = session.work();
    let w = session.why(&attribution::Options::default()).expect("why");
    assert_eq!(session.work(), before);
    assert!(!w.attribution.is_empty());
    let direct = simulate(session.scenario(), None, &Options::default()).expect("simulate");
    assert_eq!(bill.to_json(), direct.to_json());
}

/// A refused scenario hands the usage back: an edit never loses an import.
#[test]
fn a_refused_edit_keeps_the_usage() {
    let csv =
        "user,org,product,login,logout\na@x,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n";
    let (t, ids) = billsim_core::csv::sessions_open(&mut csv.as_bytes()).expect("csv");
    let usage = Usage::Open(billsim_core::csv::Imported::new(t, ids));
    let Err(refused) = Session::from_json(r#"{ "billsim": 1 }"#, usage) else {
        panic!("an incomplete scenario is refused")
    };
    let (e, usage) = (refused.error, refused.usage);
    assert!(e.to_string().contains("currency"), "{e}");
    let mut session = Session::from_json(EXAMPLE, usage).expect("the example takes the import");
    assert!(session.has_usage());
    let r = session.bill(&Options::default()).expect("bill");
    let usage = session.into_usage();
    let Usage::Open(i) = usage else {
        panic!("the import comes back")
    };
    assert_eq!(i.counts(), (1, 1));
    assert!(!r.invoices.is_empty());
}
