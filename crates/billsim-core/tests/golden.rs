//! Golden fixtures: one JSON file per case under `tests/golden/`, each with the
//! scenario, the expected invoices (or error), the rule ids it pins, a `math`
//! derivation to check by hand, and its provenance. Every file is run.

use std::path::Path;

use billsim_core::result::{Invoice, Line, LineKind};
use billsim_core::session::{Session, Usage};
use billsim_core::{advice, attribution, reports, stages::Prepared};
use billsim_core::{simulate, Error, Options, Scenario, SimResult};
use serde_json::Value;

fn s(v: &Value) -> String {
    match v {
        Value::String(x) => x.clone(),
        other => other.to_string(),
    }
}

fn line_json(l: &Line) -> Value {
    serde_json::to_value(l).unwrap()
}

/// Checks the fields the fixture gives; fields it leaves out are not pinned.
fn check_line(case: &str, at: &str, want: &Value, got: &Line) -> Vec<String> {
    let got_v = line_json(got);
    let mut errs = Vec::new();
    for (k, w) in want.as_object().expect("line object") {
        if k == "explanation_contains" {
            for needle in w.as_array().expect("array") {
                if !got.explanation.contains(needle.as_str().unwrap()) {
                    errs.push(format!(
                        "{case} {at}: explanation {:?} lacks {needle}",
                        got.explanation
                    ));
                }
            }
            continue;
        }
        let g = got_v.get(k).map(s).unwrap_or_else(|| "<absent>".into());
        if s(w) != g {
            errs.push(format!("{case} {at}.{k}: want {}, got {g}", s(w)));
        }
    }
    errs
}

fn check_invoice(case: &str, i: usize, want: &Value, got: &Invoice) -> Vec<String> {
    let mut errs = Vec::new();
    let at = format!("invoices[{i}]");
    for k in ["date", "subtotal", "tax", "total", "number"] {
        if let Some(w) = want.get(k) {
            let g = s(&serde_json::to_value(got).unwrap()[k]);
            if s(w) != g {
                errs.push(format!("{case} {at}.{k}: want {}, got {g}", s(w)));
            }
        }
    }
    let lines = want["lines"].as_array().expect("lines");
    if lines.len() != got.lines.len() {
        errs.push(format!(
            "{case} {at}: want {} lines, got {}: {:?}",
            lines.len(),
            got.lines.len(),
            got.lines
                .iter()
                .map(|l| format!(
                    "{:?} {} {} x {} = {}",
                    l.kind, l.description, l.quantity, l.unit_price, l.amount
                ))
                .collect::<Vec<_>>()
        ));
        return errs;
    }
    for (j, (w, g)) in lines.iter().zip(&got.lines).enumerate() {
        errs.extend(check_line(case, &format!("{at}.lines[{j}]"), w, g));
    }
    errs
}

fn check_result(case: &str, expect: &Value, r: &SimResult) -> Vec<String> {
    let mut errs = Vec::new();
    if let Some(invs) = expect.get("invoices").and_then(Value::as_array) {
        if invs.len() != r.invoices.len() {
            errs.push(format!(
                "{case}: want {} invoices, got {} dated {:?}",
                invs.len(),
                r.invoices.len(),
                r.invoices
                    .iter()
                    .map(|i| i.date.to_string())
                    .collect::<Vec<_>>()
            ));
        } else {
            for (i, (w, g)) in invs.iter().zip(&r.invoices).enumerate() {
                errs.extend(check_invoice(case, i, w, g));
            }
        }
    }
    if let Some(t) = expect.get("totals") {
        let got = serde_json::to_value(&r.totals).unwrap();
        for (k, w) in t.as_object().unwrap() {
            if s(w) != s(&got[k]) {
                errs.push(format!(
                    "{case} totals.{k}: want {}, got {}",
                    s(w),
                    s(&got[k])
                ));
            }
        }
    }
    if let Some(cycles) = expect.get("cycles").and_then(Value::as_array) {
        let got = serde_json::to_value(&r.cycles).unwrap();
        for w in cycles {
            let idx = w["index"].as_u64().unwrap();
            let Some(g) = got
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["index"].as_u64() == Some(idx))
            else {
                errs.push(format!("{case}: no cycle {idx}"));
                continue;
            };
            for (k, wv) in w.as_object().unwrap() {
                if g[k] != *wv && s(&g[k]) != s(wv) {
                    errs.push(format!("{case} cycles[{idx}].{k}: want {wv}, got {}", g[k]));
                }
            }
        }
    }
    if let Some(p) = expect.get("preview") {
        match &r.preview {
            None => errs.push(format!("{case}: no preview")),
            Some(got) => {
                let gv = serde_json::to_value(got).unwrap();
                for k in ["cycle", "subtotal", "tax", "total"] {
                    if let Some(w) = p.get(k) {
                        if s(w) != s(&gv[k]) {
                            errs.push(format!(
                                "{case} preview.{k}: want {}, got {}",
                                s(w),
                                s(&gv[k])
                            ));
                        }
                    }
                }
                let lines = p["lines"].as_array().unwrap();
                if lines.len() != got.lines.len() {
                    errs.push(format!(
                        "{case} preview: want {} lines, got {}",
                        lines.len(),
                        got.lines.len()
                    ));
                } else {
                    for (j, (w, g)) in lines.iter().zip(&got.lines).enumerate() {
                        errs.extend(check_line(case, &format!("preview.lines[{j}]"), w, g));
                    }
                }
            }
        }
    }
    errs
}

fn check_reports(case: &str, expect: &Value, scenario: &Scenario) -> Vec<String> {
    let Some(want) = expect.get("reports") else {
        return vec![];
    };
    let r = reports::build(scenario, None).expect("reports build");
    let mut errs = Vec::new();
    for (name, rows) in want.as_object().unwrap() {
        let table = match name.as_str() {
            "peaks" => r.peaks_table(),
            "hours" => r.hours_table(),
            "users" => r.users_table(),
            other => panic!("{case}: unknown report {other}"),
        };
        let want_rows: Vec<Vec<String>> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row.as_array().unwrap().iter().map(s).collect())
            .collect();
        if want_rows != table.rows {
            errs.push(format!(
                "{case} report {name}: want {want_rows:?}, got {:?}",
                table.rows
            ));
        }
    }
    errs
}

/// `want` matches `got` where it speaks: objects by the keys they give,
/// arrays element by element and of the same length, scalars as strings.
fn partial(at: &str, want: &Value, got: &Value, errs: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), _) => {
            for (k, wv) in w {
                let gv = got.get(k).unwrap_or(&Value::Null);
                if gv.is_null() && !wv.is_null() && got.get(k).is_none() {
                    errs.push(format!("{at}.{k}: absent, want {wv}"));
                    continue;
                }
                partial(&format!("{at}.{k}"), wv, gv, errs);
            }
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                errs.push(format!(
                    "{at}: want {} items, got {}: {got}",
                    w.len(),
                    g.len()
                ));
                return;
            }
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                partial(&format!("{at}[{i}]"), wv, gv, errs);
            }
        }
        (Value::Array(_), _) => errs.push(format!("{at}: want an array, got {got}")),
        (Value::Null, g) if !g.is_null() => errs.push(format!("{at}: want null, got {g}")),
        (w, g) => {
            if s(w) != s(g) {
                errs.push(format!("{at}: want {}, got {}", s(w), s(g)));
            }
        }
    }
}

/// R-W1..R-W4: `expect.attribution` holds the entries `billsim why --json`
/// prints (as far as the fixture pins them); `why_options` may set
/// `brief_minutes`.
fn check_attribution(case: &str, f: &Value, scenario: &Scenario) -> Vec<String> {
    let Some(want) = f["expect"].get("attribution") else {
        return vec![];
    };
    let mut o = attribution::Options::default();
    if let Some(b) = f.get("why_options").and_then(|w| w.get("brief_minutes")) {
        o.brief_minutes = b.as_u64().unwrap() as u32;
    }
    let got = Prepared::new(scenario, None).and_then(|p| attribution::of(&p, &o));
    match got {
        Err(e) => vec![format!("{case}: attribution failed: {e}")],
        Ok(a) => {
            let mut errs = Vec::new();
            let g = serde_json::to_value(&a).unwrap();
            partial(
                &format!("{case} attribution"),
                want,
                &g["attribution"],
                &mut errs,
            );
            errs
        }
    }
}

fn check_error(case: &str, want: &Value, e: &Error) -> Vec<String> {
    let mut errs = Vec::new();
    if let Some(p) = want.get("path") {
        if e.path() != p.as_str().unwrap() {
            errs.push(format!(
                "{case}: error path want {p}, got {:?} ({e})",
                e.path()
            ));
        }
    }
    for needle in want
        .get("contains")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if !e.to_string().contains(needle.as_str().unwrap()) {
            errs.push(format!("{case}: error {e:?} lacks {needle}"));
        }
    }
    errs
}

/// Checks `got` holds what `want` gives, recursively: objects by the keys
/// the fixture names, arrays element by element and of the same length,
/// scalars compared as strings.
fn check_subset(case: &str, at: &str, want: &Value, got: &Value) -> Vec<String> {
    match (want, got) {
        (Value::Object(w), _) => w
            .iter()
            .flat_map(|(k, wv)| check_subset(case, &format!("{at}.{k}"), wv, &got[k]))
            .collect(),
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => w
            .iter()
            .zip(g)
            .enumerate()
            .flat_map(|(i, (wv, gv))| check_subset(case, &format!("{at}[{i}]"), wv, gv))
            .collect(),
        (Value::Array(w), _) => vec![format!("{case} {at}: want {} items, got {got}", w.len())],
        _ if s(want) == s(got) => vec![],
        _ => vec![format!("{case} {at}: want {}, got {}", s(want), s(got))],
    }
}

/// The advice a fixture expects (R-O1..R-O3), against `advice::advise`
/// with the default options.
fn check_advice(case: &str, f: &Value, scenario: &Scenario) -> Vec<String> {
    let Some(want) = f.get("advice") else {
        return vec![];
    };
    match advice::advise(scenario, None, &advice::Options::default()) {
        Ok(a) => check_subset(case, "advice", want, &serde_json::to_value(a).unwrap()),
        Err(e) => vec![format!("{case}: advice failed: {e}")],
    }
}

/// "Why N?" N first (R-W1) for the lines a fixture names: each entry has
/// `cycle`, `org`, `product`, the line's `kind` (absent: the cycle's billed
/// quantity) and the exact `made` sentence, optionally `lower`.
fn check_why(case: &str, f: &Value, scenario: &Scenario) -> Vec<String> {
    let Some(want) = f["expect"].get("why").and_then(Value::as_array) else {
        return vec![];
    };
    let mut session = match Session::new(scenario.clone(), Usage::None) {
        Ok(s) => s,
        Err(e) => return vec![format!("{case}: session failed: {}", e.error)],
    };
    let mut errs = Vec::new();
    for (i, w) in want.iter().enumerate() {
        let line = w.get("kind").map(|k| {
            serde_json::from_value::<LineKind>(k.clone())
                .unwrap_or_else(|e| panic!("{case}: why[{i}].kind: {e}"))
        });
        let got = session.headline(
            w["cycle"].as_u64().expect("cycle") as u32,
            w["org"].as_str().expect("org"),
            w["product"].as_str().expect("product"),
            line,
        );
        let Some(h) = got else {
            errs.push(format!("{case} why[{i}]: no headline"));
            continue;
        };
        for (k, g) in [("made", &h.made), ("lower", &h.lower)] {
            if let Some(w) = w.get(k).and_then(Value::as_str) {
                if w != g {
                    errs.push(format!("{case} why[{i}].{k}:\n want {w}\n  got {g}"));
                }
            }
        }
    }
    errs
}

fn run(path: &Path) -> Vec<String> {
    let case = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(path).unwrap();
    let f: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{case}: fixture is not JSON: {e}"));
    for key in ["rules", "math", "provenance", "expect"] {
        assert!(f.get(key).is_some(), "{case}: fixture needs \"{key}\"");
    }
    assert!(
        f.get("scenario").is_some() || f.get("scenario_text").is_some(),
        "{case}: fixture needs a scenario"
    );
    let scenario_text = match f.get("scenario_text") {
        Some(t) => t.as_str().unwrap().to_owned(),
        None => serde_json::to_string(&f["scenario"]).unwrap(),
    };
    let opts = Options {
        as_of: f.get("as_of").map(|d| d.as_str().unwrap().parse().unwrap()),
        ..Options::default()
    };
    let expect = &f["expect"];
    let outcome = Scenario::from_json(&scenario_text)
        .and_then(|sc| simulate(&sc, None, &opts).map(|r| (sc, r)));
    match (expect.get("error"), outcome) {
        (Some(w), Err(e)) => check_error(&case, w, &e),
        (Some(_), Ok(_)) => vec![format!("{case}: expected an error, got a result")],
        (None, Err(e)) => vec![format!("{case}: unexpected error {e}")],
        (None, Ok((sc, r))) => {
            let mut errs = check_result(&case, expect, &r);
            errs.extend(check_reports(&case, expect, &sc));
            errs.extend(check_advice(&case, &f, &sc));
            errs.extend(check_attribution(&case, &f, &sc));
            errs.extend(check_why(&case, &f, &sc));
            errs
        }
    }
}

#[test]
fn golden_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 30, "only {} fixtures", files.len());
    let errs: Vec<String> = files.iter().flat_map(|p| run(p)).collect();
    assert!(
        errs.is_empty(),
        "{} mismatch(es):\n{}",
        errs.len(),
        errs.join("\n")
    );
}
