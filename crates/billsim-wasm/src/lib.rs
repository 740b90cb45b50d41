//! billsim's engine as a JavaScript API (wasm-bindgen). Inputs and outputs
//! are the scenario and result formats v1 as plain objects; errors are thrown
//! as `Error`s carrying the JSON path or the CSV line and column.

use billsim_core::{Error, Options, Scenario};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Plain JSON-compatible objects: no `Map`s, `null` for none.
fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_sys::Error::new(&e.to_string()).into())
}

fn set(obj: &js_sys::Error, key: &str, value: JsValue) {
    // Setting a property on a fresh Error cannot fail.
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), &value);
}

/// An engine error as a JS `Error` with `kind`, `path` or `line`/`column`.
fn throw(e: &Error) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("BillsimError");
    match e {
        Error::Json { path, .. } => {
            set(&err, "kind", "json".into());
            set(&err, "path", path.as_str().into());
        }
        Error::Invalid { path, .. } => {
            set(&err, "kind", "invalid".into());
            set(&err, "path", path.as_str().into());
        }
        Error::Overflow { path } => {
            set(&err, "kind", "overflow".into());
            set(&err, "path", path.as_str().into());
        }
        Error::Csv { problems, more, .. } => {
            set(&err, "kind", "csv".into());
            if let Some(p) = problems.first() {
                set(&err, "line", JsValue::from_f64(p.line as f64));
                set(&err, "column", JsValue::from_f64(p.column as f64));
            }
            if let Ok(list) = to_js(problems) {
                set(&err, "problems", list);
            }
            set(&err, "more", JsValue::from_f64(*more as f64));
        }
    }
    err.into()
}

/// Reads a scenario object through its JSON text so errors keep their paths.
fn scenario_of(value: &JsValue) -> Result<Scenario, JsValue> {
    let text = if let Some(s) = value.as_string() {
        s
    } else {
        js_sys::JSON::stringify(value)
            .map_err(|_| JsValue::from(js_sys::Error::new("scenario: not serialisable as JSON")))?
            .as_string()
            .unwrap_or_default()
    };
    Scenario::from_json(&text).map_err(|e| throw(&e))
}

#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct JsOptions {
    as_of: Option<chrono::NaiveDate>,
    model: Option<billsim_core::Model>,
    #[serde(default)]
    reports: bool,
}

/// Simulates a scenario: the result v1 object. (Declared in types.d.ts, where
/// the options can be marked optional.)
#[wasm_bindgen(skip_typescript)]
pub fn simulate(scenario: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let s = scenario_of(&scenario)?;
    let o: JsOptions = match options.filter(|o| !o.is_undefined() && !o.is_null()) {
        None => JsOptions::default(),
        Some(o) => serde_wasm_bindgen::from_value(o)
            .map_err(|e| throw(&Error::invalid("options", e.to_string())))?,
    };
    let r = billsim_core::simulate(
        &s,
        None,
        &Options {
            as_of: o.as_of,
            model: o.model,
            reports: o.reports,
        },
    )
    .map_err(|e| throw(&e))?;
    to_js(&r)
}

/// Simulates scenario JSON text; returns the result JSON text.
#[wasm_bindgen(js_name = simulateJson)]
pub fn simulate_json(text: &str) -> Result<String, JsValue> {
    billsim_core::simulate_json(text, &Options::default())
        .map(|r| r.to_json())
        .map_err(|e| throw(&e))
}

/// The same usage under named, concurrent and hourly.
#[wasm_bindgen(unchecked_return_type = "Comparison")]
pub fn compare(
    #[wasm_bindgen(unchecked_param_type = "Scenario")] scenario: JsValue,
) -> Result<JsValue, JsValue> {
    let s = scenario_of(&scenario)?;
    to_js(&billsim_core::compare::compare(&s, None).map_err(|e| throw(&e))?)
}

/// Parses a sessions CSV (`user,org,product,login,logout`, any column order)
/// into scenario sessions, ready for `scenario.usage.sessions`.
#[wasm_bindgen(js_name = parseSessionsCsv, unchecked_return_type = "Session[]")]
pub fn parse_sessions_csv(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes: Vec<u8> = match input.as_string() {
        Some(s) => s.into_bytes(),
        None => js_sys::Uint8Array::new(&input).to_vec(),
    };
    let (t, ids) = billsim_core::csv::sessions_open(&bytes[..]).map_err(|e| throw(&e))?;
    let out = ids.sessions(&t);
    to_js(&out)
}

/// Parses an interactions CSV (`id,org,start,resources,bot_minutes,bot_sessions`,
/// resources separated by `|`, any column order) into scenario interactions,
/// ready for `scenario.usage.interactions` (R-AI2). Declared in types.d.ts.
#[wasm_bindgen(js_name = parseInteractionsCsv, skip_typescript)]
pub fn parse_interactions_csv(input: JsValue) -> Result<JsValue, JsValue> {
    let bytes: Vec<u8> = match input.as_string() {
        Some(s) => s.into_bytes(),
        None => js_sys::Uint8Array::new(&input).to_vec(),
    };
    let out = billsim_core::csv::interactions(&bytes[..]).map_err(|e| throw(&e))?;
    to_js(&out)
}

/// The engine's version.
#[wasm_bindgen]
pub fn version() -> String {
    billsim_core::VERSION.to_owned()
}
