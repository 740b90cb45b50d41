//! `scenario.schema.json`, the JSON Schema of the scenario format, is
//! derived from the serde types (`schema` feature): this test fails when the
//! committed file is stale, and checks the schema against what the engine
//! really reads: every example and golden scenario validates, and what the
//! engine refuses for its shape (an unknown field, a wrong type, a decimal
//! as a number) the schema refuses too.

mod bless;

use std::path::{Path, PathBuf};

use billsim_core::Scenario;
use serde_json::{json, Value};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The schema as the repository ships it: pretty JSON and a final newline.
fn generated() -> String {
    let schema = billsim_core::schema::scenario();
    serde_json::to_string_pretty(&schema).expect("JSON prints") + "\n"
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let path = root().join("scenario.schema.json");
    bless::committed_is_fresh(&path, &generated(), "schema");
}

fn validator() -> jsonschema::Validator {
    let schema = billsim_core::schema::scenario();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema is a valid draft 2020-12 schema")
}

/// Why the schema refuses `scenario`, one line per error; empty when valid.
fn refusals(v: &jsonschema::Validator, scenario: &Value) -> Vec<String> {
    v.iter_errors(scenario)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// Every scenario the repository keeps, by where it is: the examples, and
/// the scenarios inside the golden and reconcile fixtures (`scenario`, or
/// `scenario_text` for a case that is not JSON or not a scenario).
fn scenarios() -> Vec<(String, String)> {
    let core = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for path in json_files(&root().join("examples")) {
        let text = std::fs::read_to_string(&path).expect("example read");
        out.push((path.display().to_string(), text));
    }
    for dir in ["tests/golden", "tests/reconcile"] {
        for path in json_files(&core.join(dir)) {
            let case = read_json(&path);
            let text = match (&case["scenario"], &case["scenario_text"]) {
                (Value::Null, Value::String(t)) => t.clone(),
                (s, _) => s.to_string(),
            };
            out.push((path.display().to_string(), text));
        }
    }
    out
}

#[test]
fn every_scenario_the_engine_reads_validates_against_the_schema() {
    let v = validator();
    let (mut read, mut refused) = (0, 0);
    for (name, text) in scenarios() {
        // Only what the engine reads: a case of a refusal (`error-...`) may be
        // refused for its shape, which the other tests hold the schema to.
        if let Err(e) = Scenario::from_json(&text) {
            eprintln!("{name}: {e}");
            refused += 1;
            continue;
        }
        read += 1;
        let value: Value = serde_json::from_str(&text).expect("read by the engine: JSON");
        let why = refusals(&v, &value);
        assert!(
            why.is_empty(),
            "{name} is refused by the schema:\n{}",
            why.join("\n")
        );
    }
    // The 3 examples and nearly all of the 99 fixtures are scenarios the engine reads.
    assert!(read > 90 && refused < 10, "read {read}, refused {refused}");
}

#[test]
fn what_the_engine_refuses_for_its_shape_the_schema_refuses() {
    let v = validator();
    let mut shape_errors = 0;
    for (name, text) in scenarios() {
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            continue; // not JSON at all: no schema applies
        };
        if Scenario::from_json(&text).is_err() {
            shape_errors += 1;
            assert!(
                !refusals(&v, &value).is_empty(),
                "{name}: the engine refuses it, the schema does not"
            );
        }
    }
    // An unknown field (twice), an unknown feature and resource, a decimal as a number.
    assert_eq!(shape_errors, 5);
}

/// A change to a scenario.
type Edit = fn(&mut Value);

/// The small example, changed by `edit`: (engine reads it, schema takes it).
fn verdicts(edit: impl FnOnce(&mut Value)) -> (bool, bool) {
    let mut value = read_json(&root().join("examples/committed-20-used-10.json"));
    edit(&mut value);
    let engine = Scenario::from_json(&value.to_string()).is_ok();
    (engine, refusals(&validator(), &value).is_empty())
}

#[test]
fn an_unknown_field_and_a_wrong_type_are_refused_by_the_schema() {
    let cases: [(&str, Edit); 7] = [
        ("unknown top-level field", |s| s["comments"] = json!("x")),
        ("unknown field in a commitment", |s| {
            s["contract"]["commitments"][0]["qty"] = json!("20")
        }),
        ("term_cycles as a string", |s| {
            s["contract"]["term_cycles"] = json!("3")
        }),
        ("a decimal as a number (R-V1)", |s| {
            s["contract"]["commitments"][0]["quantity"] = json!(20)
        }),
        ("an unknown model", |s| {
            s["contract"]["model"] = json!("seats")
        }),
        ("an unknown resource key", |s| {
            s["contract"]["products"]["cx2"]["allowances"] = json!({"ivr_minute": "10"})
        }),
        ("$schema not a string", |s| s["$schema"] = json!(5)),
    ];
    for (what, edit) in cases {
        assert_eq!(verdicts(edit), (false, false), "{what}");
    }
    // The same file with `$schema` and the defaults written out is read by both.
    let ok = verdicts(|s| {
        s["$schema"] = json!("../scenario.schema.json");
        s["orgs"] = json!([{"id": "main", "region": "default"}]);
        s["contract"]["products"]["cx2"]["allowances"] = json!({"ivr_minutes": "10"});
    });
    assert_eq!(ok, (true, true));
}

/// Decimals and dates are strings the engine reads with its own exact
/// readers (`exact::str`, `exact::date`): the schema's patterns take the
/// same texts, but for the digit count and impossible days (left to the engine).
#[test]
fn decimal_and_date_texts_the_schema_takes_are_those_the_engine_reads() {
    let decimals = [
        "20",
        "20.5",
        "-0.0119",
        "+1",
        "0",
        "007",
        ".5",
        "5.",
        "1_000",
        "1_000.000_1",
        "",
        " 1",
        "1 ",
        "1e3",
        "1E-2",
        "abc",
        ".",
        "-",
        "+",
        "1.2.3",
        "--1",
        "_1",
        "1,5",
        "0x10",
        "NaN",
        "∞",
    ];
    for d in decimals {
        let v = verdicts(|s| s["contract"]["commitments"][0]["quantity"] = json!(d));
        assert_eq!(v.0, v.1, "decimal {d:?}: (engine, schema) = {v:?}");
    }
    // An optional decimal may also be "" for none.
    for (d, read) in [("", true), ("138.00", true), ("abc", false), ("1e2", false)] {
        let v = verdicts(|s| s["contract"]["products"]["cx2"]["list"] = json!(d));
        assert_eq!(v, (read, read), "optional decimal {d:?}");
    }
    // Same verdicts: the format's `YYYY-MM-DD` in the years 1900 to 2100.
    for d in [
        "2026-10-21",
        "1900-01-01",
        "2100-12-31",
        "1899-12-31",
        "2101-01-01",
        "2026-02-30",
        "26-10-21",
        "2026/10/21",
        "2026-10-21T00:00:00Z",
        "",
    ] {
        let v = verdicts(|s| s["contract"]["activation"] = json!(d));
        assert_eq!(v.0, v.1, "date {d:?}: (engine, schema) = {v:?}");
    }
    // chrono's leniencies beyond the format's spelling: the engine reads
    // them, the schema (`format: date`, RFC 3339's full-date) flags them.
    for d in ["2026-1-5", "+2026-10-21", "2026-10-21 "] {
        let v = verdicts(|s| s["contract"]["activation"] = json!(d));
        assert_eq!(v, (true, false), "date {d:?}");
    }
}

#[test]
fn a_scenario_naming_its_schema_is_read_and_written_back_with_it() {
    let mut value = read_json(&root().join("examples/committed-20-used-10.json"));
    let plain = Scenario::from_json(&value.to_string()).expect("the example reads");
    assert!(!plain.to_json().contains("$schema"));
    value["$schema"] = json!("./scenario.schema.json");
    let named = Scenario::from_json(&value.to_string()).expect("`$schema` is allowed");
    assert_eq!(named.schema.as_deref(), Some("./scenario.schema.json"));
    let written = named.to_json();
    assert!(
        written.starts_with("{\n  \"$schema\": \"./scenario.schema.json\",\n  \"billsim\": 1,"),
        "{written}"
    );
    // Billed as without it.
    let bill =
        |s: &Scenario| billsim_core::simulate(s, None, &Default::default()).map(|r| r.totals);
    assert_eq!(bill(&named).ok(), bill(&plain).ok());
    assert!(bill(&plain).is_ok());
}
