//! The TypeScript declarations of the JS API's objects
//! (`crates/billsim-wasm/src/generated.d.ts`) are derived from the engine's
//! types (`schema` feature): this test fails when the committed file is
//! stale, and checks that they declare every type they refer to.

mod bless;

use std::path::{Path, PathBuf};

fn generated_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../billsim-wasm/src/generated.d.ts")
}

#[test]
fn the_committed_declarations_are_the_generated_ones() {
    let fresh = billsim_core::schema::typescript();
    bless::committed_is_fresh(&generated_path(), &fresh, "typescript");
}

/// The names `text` declares (`export interface X`, `export type X`, ...).
fn declared(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("export "))
        .filter_map(|l| l.split_whitespace().nth(1))
        .map(|name| name.trim_end_matches(['{', '<', '(', ';']).to_owned())
        .collect()
}

/// The capitalized names the code (not the comments) of `text` refers to.
fn referred(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with(['*', '/']))
        .flat_map(|l| l.split(|c: char| !(c.is_alphanumeric() || c == '_')))
        .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_type_the_declarations_name_is_declared() {
    let generated = billsim_core::schema::typescript();
    let written = std::fs::read_to_string(generated_path().with_file_name("types.d.ts"))
        .expect("types.d.ts read");
    let mut known = declared(&generated);
    known.extend(declared(&written));
    // TypeScript's own.
    known.extend(
        [
            "Partial",
            "Record",
            "Error",
            "Uint8Array",
            "ArrayBuffer",
            "Iterable",
        ]
        .map(String::from),
    );
    for name in referred(&generated).into_iter().chain(referred(&written)) {
        assert!(known.contains(&name), "{name} is named but not declared");
    }
}

#[test]
fn the_declarations_and_the_json_schema_describe_the_same_scenario_types() {
    let schema = billsim_core::schema::scenario();
    let declared = declared(&billsim_core::schema::typescript());
    // The JSON Schema's names for values the TypeScript calls by their own.
    let ts_name = |def: &str| {
        match def {
            "Session" => "LoginSession",
            "Feature" => "AiFeature",
            "Item" => "AllocationItem",
            "Date" => "DateString",
            "OptionalDecimal" => "Decimal",
            other => other,
        }
        .to_owned()
    };
    let defs = schema["$defs"].as_object().expect("the schema has $defs");
    for def in defs.keys().chain(["Scenario".to_owned()].iter()) {
        let name = ts_name(def);
        assert!(
            declared.contains(&name),
            "the schema defines {def}, TypeScript lacks {name}"
        );
    }
    assert!(defs.len() > 40, "{} definitions", defs.len());
}
