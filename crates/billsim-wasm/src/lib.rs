#![warn(missing_docs)]
//! billsim's engine as a JavaScript API (wasm-bindgen). Inputs and outputs
//! are the scenario and result formats v1 as plain objects; errors are thrown
//! as `Error`s carrying the JSON path or the CSV line and column.

use billsim_core::{Error, Options, Scenario};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The declarations: the engine's types as billsim-core derives them
/// (generated.d.ts), then the functions and options written here (types.d.ts).
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = concat!(
    include_str!("generated.d.ts"),
    "\n",
    include_str!("types.d.ts")
);

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
        Error::Rule(v) => {
            // Same kind as other rule violations; `facts` carries the
            // violation's fields (`rule`, ids, quantities) for the caller.
            set(&err, "kind", "invalid".into());
            set(&err, "path", v.path().as_ref().into());
            if let Ok(facts) = to_js(v) {
                set(&err, "facts", facts);
            }
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

/// A call with the wrong kind of argument: a `BillsimError` of kind
/// `argument`, `path` naming the argument or option.
fn argument(path: &str, message: String) -> JsValue {
    let err = js_sys::Error::new(&format!("{path}: {message}"));
    err.set_name("BillsimError");
    set(&err, "kind", "argument".into());
    set(&err, "path", path.into());
    err.into()
}

/// What a JS value is, for messages ("a number", "undefined").
fn what(v: &JsValue) -> String {
    if v.is_undefined() {
        "undefined".into()
    } else if v.is_null() {
        "null".into()
    } else if js_sys::Array::is_array(v) {
        "an array".into()
    } else {
        format!("a {}", v.js_typeof().as_string().unwrap_or_default())
    }
}

/// Reads a scenario object through its JSON text so errors keep their paths.
fn scenario_of(value: &JsValue) -> Result<Scenario, JsValue> {
    let text = if let Some(s) = value.as_string() {
        s
    } else if value.is_object() && !js_sys::Array::is_array(value) {
        js_sys::JSON::stringify(value)
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| {
                argument(
                    "scenario",
                    "cannot be written as JSON (a cycle or a BigInt?)".into(),
                )
            })?
    } else {
        return Err(argument(
            "scenario",
            format!(
                "expected a scenario object or its JSON text, got {}",
                what(value)
            ),
        ));
    };
    Scenario::from_json(&text).map_err(|e| throw(&e))
}

/// The options of an argument, each with its value and its path
/// (`options.KEY`), read as a person wrote them: every option in `known` is
/// read with the language's own property access, so an inherited, a
/// non-enumerable and a getter property count alike, and a getter that
/// throws is an `argument` error naming the option. Any other own key is
/// listed too (its caller names it as unknown). None for `undefined` or
/// `null`; an `argument` error for anything but an object (`example` shows
/// one). Options set to `undefined` count as absent.
fn option_entries(
    value: Option<JsValue>,
    example: &str,
    known: &[&str],
) -> Result<Vec<(String, JsValue, String)>, JsValue> {
    let Some(v) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(Vec::new());
    };
    if !v.is_object() || js_sys::Array::is_array(&v) {
        return Err(argument(
            "options",
            format!("expected an object such as {example}, got {}", what(&v)),
        ));
    }
    let obj = js_sys::Object::from(v);
    let mut out = Vec::new();
    let read = |key: String, out: &mut Vec<(String, JsValue, String)>| {
        let path = format!("options.{key}");
        match js_sys::Reflect::get(&obj, &JsValue::from_str(&key)) {
            Ok(value) if value.is_undefined() => Ok(()),
            Ok(value) => {
                out.push((key, value, path));
                Ok(())
            }
            Err(e) => {
                let why = e
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .or_else(|| e.as_string())
                    .unwrap_or_else(|| "an exception".into());
                Err(argument(&path, format!("reading it threw: {why}")))
            }
        }
    };
    for key in js_sys::Object::keys(&obj).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            read(key, &mut out)?;
        }
    }
    for key in known {
        read((*key).to_owned(), &mut out)?;
    }
    Ok(out)
}

/// The options of `simulate`, read key by key: an unknown key or a value of
/// the wrong type is an error naming it, never silently ignored.
fn options_of(value: Option<JsValue>) -> Result<Options, JsValue> {
    let mut o = Options::default();
    for (key, value, path) in option_entries(
        value,
        r#"{ asOf: "2027-02-10" }"#,
        &["asOf", "model", "reports"],
    )? {
        match key.as_str() {
            "asOf" => {
                let text = value.as_string().ok_or_else(|| {
                    argument(
                        &path,
                        format!("expected a date \"YYYY-MM-DD\", got {}", what(&value)),
                    )
                })?;
                o.as_of =
                    Some(text.parse().map_err(|_| {
                        argument(&path, format!("{text:?} is not a date YYYY-MM-DD"))
                    })?);
            }
            "model" => {
                let text = value.as_string().unwrap_or_default();
                o.model = Some(
                    billsim_core::Model::ALL
                        .into_iter()
                        .find(|m| m.as_str() == text)
                        .ok_or_else(|| {
                            argument(
                                &path,
                                "expected \"named\", \"concurrent\" or \"hourly\"".into(),
                            )
                        })?,
                );
            }
            "reports" => {
                o.reports = value.as_bool().ok_or_else(|| {
                    argument(
                        &path,
                        format!("expected true or false, got {}", what(&value)),
                    )
                })?;
            }
            _ => {
                let hint = match key.as_str() {
                    "as_of" | "asof" | "as-of" => " (did you mean asOf?)",
                    _ => "",
                };
                return Err(argument(
                    &path,
                    format!("unknown option{hint}; the options are asOf, model and reports"),
                ));
            }
        }
    }
    Ok(o)
}

/// Simulates a scenario: the result v1 object. (Declared in types.d.ts, where
/// the options can be marked optional.)
#[wasm_bindgen(skip_typescript)]
pub fn simulate(scenario: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let s = scenario_of(&scenario)?;
    let o = options_of(options)?;
    let r = billsim_core::simulate(&s, None, &o).map_err(|e| throw(&e))?;
    to_js(&r)
}

/// Simulates scenario JSON text; returns the result JSON text.
#[wasm_bindgen(js_name = simulateJson, skip_typescript)]
pub fn simulate_json(text: JsValue) -> Result<String, JsValue> {
    let text = text.as_string().ok_or_else(|| {
        argument(
            "text",
            format!("expected the scenario's JSON text, got {}", what(&text)),
        )
    })?;
    billsim_core::simulate_json(&text, &Options::default())
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

/// A whole number from a JS value, for an option that counts.
fn whole(value: &JsValue, path: &str, what_for: &str) -> Result<u32, JsValue> {
    value
        .as_f64()
        .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= f64::from(u32::MAX))
        .map(|n| n as u32)
        .ok_or_else(|| {
            argument(
                path,
                format!("expected {what_for} (a whole number), got {}", what(value)),
            )
        })
}

/// The options of `why`, read key by key like `simulate`'s.
fn why_options_of(value: Option<JsValue>) -> Result<billsim_core::attribution::Options, JsValue> {
    let mut o = billsim_core::attribution::Options::default();
    for (key, value, path) in option_entries(
        value,
        r#"{ cycle: 3, org: "main" }"#,
        &["cycle", "org", "briefMinutes"],
    )? {
        match key.as_str() {
            "cycle" => o.cycle = Some(whole(&value, &path, "a cycle number")?),
            "org" => {
                o.org = Some(value.as_string().ok_or_else(|| {
                    argument(&path, format!("expected an org id, got {}", what(&value)))
                })?);
            }
            "briefMinutes" => o.brief_minutes = whole(&value, &path, "minutes")?,
            _ => {
                let hint = match key.as_str() {
                    "brief_minutes" | "briefminutes" | "brief-minutes" => {
                        " (did you mean briefMinutes?)"
                    }
                    _ => "",
                };
                return Err(argument(
                    &path,
                    format!("unknown option{hint}; the options are cycle, org and briefMinutes"),
                ));
            }
        }
    }
    Ok(o)
}

/// Who and when made each license quantity (R-W1..R-W5): the object
/// `billsim why --json` prints. (Declared in types.d.ts, where the options
/// can be marked optional.)
#[wasm_bindgen(skip_typescript)]
pub fn why(scenario: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let s = scenario_of(&scenario)?;
    let o = why_options_of(options)?;
    let p = billsim_core::stages::Prepared::new(&s, None).map_err(|e| throw(&e))?;
    to_js(&billsim_core::attribution::of(&p, &o).map_err(|e| throw(&e))?)
}

/// What `advise` was asked: the engine's options and a progress callback.
struct AdviseArgs {
    options: billsim_core::advice::Options,
    progress: Option<js_sys::Function>,
}

/// The options of `advise`, read key by key as `options_of` does.
fn advise_options_of(value: Option<JsValue>) -> Result<AdviseArgs, JsValue> {
    use billsim_core::advice::{Options as AdviceOptions, Percentile, MAX_SEEDS};
    let mut a = AdviseArgs {
        options: AdviceOptions::default(),
        progress: None,
    };
    for (key, value, path) in option_entries(
        value,
        r#"{ seeds: 50 }"#,
        &["seeds", "percentile", "onProgress"],
    )? {
        match key.as_str() {
            "seeds" => {
                // A whole number in range; 2.5 or "50" is refused, not rounded.
                a.options.seeds = value
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 1.0 && *f <= f64::from(MAX_SEEDS))
                    .and_then(|f| format!("{f}").parse().ok())
                    .ok_or_else(|| {
                        argument(
                            &path,
                            format!(
                                "expected a whole number from 1 to {MAX_SEEDS}, got {}",
                                what(&value)
                            ),
                        )
                    })?;
            }
            "percentile" => {
                a.options.percentile = value
                    .as_f64()
                    .and_then(|f| Percentile::parse(&format!("{f}")))
                    .ok_or_else(|| {
                        argument(&path, format!("expected 50 or 90, got {}", what(&value)))
                    })?;
            }
            "onProgress" => {
                a.progress = Some(value.dyn_into::<js_sys::Function>().map_err(|v| {
                    argument(&path, format!("expected a function, got {}", what(&v)))
                })?);
            }
            _ => {
                return Err(argument(
                    &path,
                    "unknown option; the options are seeds, percentile and onProgress".into(),
                ))
            }
        }
    }
    Ok(a)
}

/// The commitment and the model to quote (R-O1..R-O3). (Declared in
/// types.d.ts, where the options can be marked optional.)
#[wasm_bindgen(skip_typescript)]
pub fn advise(scenario: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
    let s = scenario_of(&scenario)?;
    let a = advise_options_of(options)?;
    let mut report = |p: billsim_core::advice::Progress| {
        if let Some(f) = &a.progress {
            // A throwing callback must not stop the advice: its result is dropped.
            let _ = f.call2(&JsValue::NULL, &p.done.into(), &p.total.into());
        }
    };
    let advice = billsim_core::advice::advise_with_progress(&s, None, &a.options, &mut report)
        .map_err(|e| throw(&e))?;
    to_js(&advice)
}

/// Parses a sessions CSV (`user,org,product,login,logout`, any column order)
/// into scenario sessions, ready for `scenario.usage.sessions`.
#[wasm_bindgen(js_name = parseSessionsCsv, unchecked_return_type = "LoginSession[]")]
pub fn parse_sessions_csv(
    #[wasm_bindgen(unchecked_param_type = "string | Uint8Array | ArrayBuffer")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let (t, ids) = read_csv(&input, "parseSessionsCsv", |r| {
        billsim_core::csv::sessions_open(r)
    })?;
    to_js(&ids.sessions(&t))
}

/// Reads CSV text or bytes with `read`, a megabyte at a time; anything else,
/// or more than [`MAX_CSV_BYTES`], is an `argument` error naming `function`.
fn read_csv<T>(
    input: &JsValue,
    function: &str,
    read: impl Fn(&mut dyn std::io::Read) -> billsim_core::Result<T>,
) -> Result<T, JsValue> {
    read_csv_within(input, function, MAX_CSV_BYTES, read)
}

/// As [`read_csv`], reading at most `max` bytes.
fn read_csv_within<T>(
    input: &JsValue,
    function: &str,
    max: usize,
    read: impl Fn(&mut dyn std::io::Read) -> billsim_core::Result<T>,
) -> Result<T, JsValue> {
    let too_large = |bytes: f64| {
        argument(
            "csv",
            format!("{bytes} bytes; {function} reads at most {max} (use the billsim command for larger files)"),
        )
    };
    if let Some(s) = input.as_string() {
        if s.len() > max {
            return Err(too_large(s.len() as f64));
        }
        return read(&mut s.as_bytes()).map_err(|e| throw(&e));
    }
    let bytes = if input.is_instance_of::<js_sys::Uint8Array>() {
        js_sys::Uint8Array::from(input.clone())
    } else if input.is_instance_of::<js_sys::ArrayBuffer>() {
        js_sys::Uint8Array::new(input)
    } else {
        return Err(argument(
            "csv",
            format!(
                "expected CSV text (a string) or its bytes (Uint8Array or ArrayBuffer), got {}",
                what(input)
            ),
        ));
    };
    if bytes.length() as usize > max {
        return Err(too_large(f64::from(bytes.length())));
    }
    read(&mut Chunks { bytes, at: 0 }).map_err(|e| throw(&e))
}

/// The largest CSV `parseSessionsCsv` takes: its result is an object per
/// session, so a larger file would run the page out of memory anyway.
const MAX_CSV_BYTES: usize = 256 << 20;

/// A JS byte array read a megabyte at a time, never copied whole into wasm memory.
struct Chunks {
    bytes: js_sys::Uint8Array,
    at: u32,
}

impl std::io::Read for Chunks {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.bytes.length() - self.at;
        let n = left
            .min(u32::try_from(buf.len()).unwrap_or(u32::MAX))
            .min(1 << 20);
        self.bytes
            .subarray(self.at, self.at + n)
            .copy_to(&mut buf[..n as usize]);
        self.at += n;
        Ok(n as usize)
    }
}

/// Parses an interactions CSV (`id,org,start,resources,bot_minutes,bot_sessions`,
/// resources separated by `|`, any column order) into scenario interactions,
/// ready for `scenario.usage.interactions` (R-AI2). Declared in types.d.ts.
#[wasm_bindgen(js_name = parseInteractionsCsv, skip_typescript)]
pub fn parse_interactions_csv(input: JsValue) -> Result<JsValue, JsValue> {
    let out = read_csv(&input, "parseInteractionsCsv", |r| {
        billsim_core::csv::interactions(r)
    })?;
    to_js(&out)
}

/// The vendor's files of `reconcile(scenario, bills, options)`: an array
/// of `{ name, text }` (text a string, or its bytes).
fn bills_of(
    value: &JsValue,
    currency: &str,
) -> Result<billsim_core::reconcile::vendor::VendorBill, JsValue> {
    let mut bill = billsim_core::reconcile::vendor::VendorBill::default();
    if !js_sys::Array::is_array(value) {
        return Err(argument(
            "bills",
            format!(
                "expected an array of files such as [{{ name: \"bill.csv\", text }}], got {}",
                what(value)
            ),
        ));
    }
    for (i, f) in js_sys::Array::from(value).iter().enumerate() {
        let at = format!("bills[{i}]");
        let get =
            |k: &str| js_sys::Reflect::get(&f, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
        let name = get("name").as_string().ok_or_else(|| {
            argument(
                &format!("{at}.name"),
                "expected the file's name, a string".into(),
            )
        })?;
        let text = get("text");
        let bytes: Vec<u8> = if let Some(t) = text.as_string() {
            t.into_bytes()
        } else if text.is_instance_of::<js_sys::Uint8Array>() {
            js_sys::Uint8Array::from(text).to_vec()
        } else if text.is_instance_of::<js_sys::ArrayBuffer>() {
            js_sys::Uint8Array::new(&text).to_vec()
        } else {
            return Err(argument(
                &format!("{at}.text"),
                format!("expected the file's text or bytes, got {}", what(&text)),
            ));
        };
        billsim_core::reconcile::read::read(&name, &bytes, currency, &mut bill)
            .map_err(|e| throw(&e))?;
    }
    Ok(bill)
}

/// The options of `reconcile`: `asOf`, `period` (dates) and `map` (the map object).
fn reconcile_options_of(
    value: Option<JsValue>,
) -> Result<billsim_core::reconcile::Options, JsValue> {
    let mut o = billsim_core::reconcile::Options::default();
    for (key, value, path) in option_entries(
        value,
        r#"{ asOf: "2027-02-10" }"#,
        &["asOf", "period", "map"],
    )? {
        match key.as_str() {
            "asOf" | "period" => {
                let d = value
                    .as_string()
                    .and_then(|t| t.parse().ok())
                    .ok_or_else(|| {
                        argument(
                            &path,
                            format!("expected a date \"YYYY-MM-DD\", got {}", what(&value)),
                        )
                    })?;
                if key == "asOf" {
                    o.as_of = Some(d);
                } else {
                    o.period = Some(d);
                }
            }
            "map" => {
                let text = js_sys::JSON::stringify(&value)
                    .ok()
                    .and_then(|t| t.as_string())
                    .ok_or_else(|| argument(&path, "cannot be written as JSON".into()))?;
                o.map = billsim_core::reconcile::classify::read_map(&text)
                    .map_err(|e| argument(&path, e.to_string()))?;
            }
            _ => {
                return Err(argument(
                    &path,
                    "unknown option; the options are asOf, period and map".into(),
                ))
            }
        }
    }
    Ok(o)
}

/// The reconciliation document, the same JSON `billsim reconcile --json` prints.
fn reconciliation_js(
    r: &billsim_core::reconcile::report::Reconciliation,
) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&r.to_json())
        .map_err(|_| js_sys::Error::new("the reconciliation is not JSON").into())
}

/// Reconciles the vendor's bill against the scenario (R-R1..R-R6): the
/// object `billsim reconcile --json` prints. Declared in types.d.ts.
#[wasm_bindgen(skip_typescript)]
pub fn reconcile(
    scenario: JsValue,
    bills: JsValue,
    options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let s = scenario_of(&scenario)?;
    // The options first: a misspelt one is named before any file is read.
    let o = reconcile_options_of(options)?;
    let bill = bills_of(&bills, &s.currency)?;
    let mut session = billsim_core::Session::new(s, billsim_core::session::Usage::None)
        .map_err(|r| throw(&r.error))?;
    let r = billsim_core::reconcile::reconcile(&mut session, &bill, &o).map_err(|e| throw(&e))?;
    reconciliation_js(&r)
}

/// The engine's version.
#[wasm_bindgen]
pub fn version() -> String {
    billsim_core::VERSION.to_owned()
}

/// An engine session for JavaScript: a scenario and its imports read and
/// prepared once, then any number of questions, each model measured once
/// (`billsim_core::session`). `free()` releases its memory.
#[wasm_bindgen(js_name = Session, skip_typescript)]
pub struct JsSession {
    inner: billsim_core::Session,
}

/// The imports of `new Session(scenario, imports)`: `{ sessions }`, a
/// sessions CSV as text or bytes (any column order, orgs and products
/// checked against the scenario).
fn imports_of(value: Option<JsValue>) -> Result<billsim_core::session::Usage, JsValue> {
    use billsim_core::session::Usage;
    let mut usage = Usage::None;
    for (key, value, path) in option_entries(
        value,
        r#"{ sessions: "user,org,product,login,logout\n..." }"#,
        &["sessions"],
    )? {
        match key.as_str() {
            "sessions" => {
                let (t, ids) = session_csv(&value, &path.replacen("options.", "imports.", 1))?;
                usage = Usage::Open(billsim_core::csv::Imported::new(t, ids));
            }
            _ => {
                return Err(argument(
                    &path.replacen("options.", "imports.", 1),
                    "unknown import; the imports are sessions".into(),
                ))
            }
        }
    }
    Ok(usage)
}

/// The most CSV a [`JsSession`] reads: its sessions are held as compact
/// rows (24 bytes each, not a JS object each), and 2 GiB of CSV (about 30
/// million sessions) leaves room in wasm's 4 GiB for their measurement.
const MAX_SESSION_CSV_BYTES: usize = 2 << 30;

/// A Session's sessions CSV: text, bytes, or any iterable of them (a
/// generator reading a file a piece at a time): a stream, read in the
/// order given, never joined into one copy.
fn session_csv(
    value: &JsValue,
    path: &str,
) -> Result<(billsim_core::usage::Sessions, billsim_core::csv::OpenIds), JsValue> {
    let iterable = !value.is_string()
        && !value.is_instance_of::<js_sys::Uint8Array>()
        && !value.is_instance_of::<js_sys::ArrayBuffer>();
    let iter = if iterable {
        js_sys::try_iter(value).ok().flatten()
    } else {
        None
    };
    let Some(iter) = iter else {
        return read_csv_within(value, "new Session", MAX_SESSION_CSV_BYTES, |r| {
            billsim_core::csv::sessions_open(r)
        });
    };
    let mut stream = Stream {
        iter,
        chunk: None,
        index: 0,
        total: 0,
        path: path.to_owned(),
        error: None,
    };
    let read = billsim_core::csv::sessions_open(&mut stream);
    if let Some(e) = stream.error {
        return Err(e);
    }
    read.map_err(|e| throw(&e))
}

/// CSV text or bytes given piece by piece (an iterable's items).
struct Stream {
    iter: js_sys::IntoIter,
    chunk: Option<Chunks>,
    /// The next item's index, for its path in an error.
    index: usize,
    total: usize,
    path: String,
    /// Why the stream stopped early: an item that is not CSV text or
    /// bytes, the iterator's own error, or past the bound.
    error: Option<JsValue>,
}

impl Stream {
    /// The next item as bytes, or none at the end (or on an error, kept).
    fn next_chunk(&mut self) -> Option<Chunks> {
        let item = match self.iter.next()? {
            Ok(item) => item,
            Err(e) => {
                self.error = Some(e);
                return None;
            }
        };
        let at = format!("{}[{}]", self.path, self.index);
        self.index += 1;
        let bytes = if let Some(s) = item.as_string() {
            js_sys::Uint8Array::from(s.as_bytes())
        } else if item.is_instance_of::<js_sys::Uint8Array>() {
            js_sys::Uint8Array::from(item)
        } else if item.is_instance_of::<js_sys::ArrayBuffer>() {
            js_sys::Uint8Array::new(&item)
        } else {
            self.error = Some(argument(
                &at,
                format!(
                    "expected a piece of CSV (a string, Uint8Array or ArrayBuffer), got {}",
                    what(&item)
                ),
            ));
            return None;
        };
        self.total += bytes.length() as usize;
        if self.total > MAX_SESSION_CSV_BYTES {
            self.error = Some(argument(
                &at,
                format!("past {MAX_SESSION_CSV_BYTES} bytes of CSV, the most a Session reads (use the billsim command for larger files)"),
            ));
            return None;
        }
        Some(Chunks { bytes, at: 0 })
    }
}

impl std::io::Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            if let Some(c) = &mut self.chunk {
                let n = c.read(buf)?;
                if n > 0 || buf.is_empty() {
                    return Ok(n);
                }
            }
            match self.next_chunk() {
                Some(c) => self.chunk = Some(c),
                None if self.error.is_some() => {
                    return Err(std::io::Error::other("the sessions stream stopped"))
                }
                None => return Ok(0),
            }
        }
    }
}

#[wasm_bindgen(js_class = Session)]
impl JsSession {
    /// Reads `scenario` (an object or its JSON text) and its `imports`.
    #[wasm_bindgen(constructor)]
    pub fn new(scenario: JsValue, imports: Option<JsValue>) -> Result<JsSession, JsValue> {
        let s = scenario_of(&scenario)?;
        let usage = imports_of(imports)?;
        let inner = billsim_core::Session::new(s, usage).map_err(|r| throw(&r.error))?;
        Ok(JsSession { inner })
    }

    /// The bill, as `simulate(scenario, options)` gives it.
    pub fn simulate(&mut self, options: Option<JsValue>) -> Result<JsValue, JsValue> {
        let o = options_of(options)?;
        to_js(&self.inner.bill(&o).map_err(|e| throw(&e))?)
    }

    /// The comparison, as `compare(scenario)` gives it.
    pub fn compare(&mut self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.compare().map_err(|e| throw(&e))?.comparison)
    }

    /// Who and when, as `why(scenario, options)` gives it.
    pub fn why(&mut self, options: Option<JsValue>) -> Result<JsValue, JsValue> {
        let o = why_options_of(options)?;
        to_js(&self.inner.why(&o).map_err(|e| throw(&e))?)
    }

    /// "Why N?" N first for every license quantity the bill charges in the
    /// cycles and orgs asked (options as `why`): `[{ cycle, org, product,
    /// made, lower }]`, what made each quantity and what would lower it.
    pub fn headlines(&mut self, options: Option<JsValue>) -> Result<JsValue, JsValue> {
        let o = why_options_of(options)?;
        let w = self.inner.why(&o).map_err(|e| throw(&e))?;
        let said = self.inner.headlines(&o, &w).map_err(|e| throw(&e))?;
        let rows: Vec<serde_json::Value> = said
            .into_iter()
            .map(|(cycle, org, product, h)| {
                serde_json::json!({ "cycle": cycle, "org": org, "product": product, "made": h.made, "lower": h.lower })
            })
            .collect();
        to_js(&rows)
    }

    /// Advice, as `advise(scenario, options)` gives it.
    pub fn advise(&mut self, options: Option<JsValue>) -> Result<JsValue, JsValue> {
        let a = advise_options_of(options)?;
        let mut report = |p: billsim_core::advice::Progress| {
            if let Some(f) = &a.progress {
                let _ = f.call2(&JsValue::NULL, &p.done.into(), &p.total.into());
            }
        };
        let advice = self
            .inner
            .advise(&a.options, &mut report)
            .map_err(|e| throw(&e))?;
        to_js(&advice)
    }

    /// The reconciliation of the vendor's `bills` against this session's
    /// scenario and imports, as `reconcile(scenario, bills, options)` gives it.
    pub fn reconcile(
        &mut self,
        bills: JsValue,
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let o = reconcile_options_of(options)?;
        let bill = bills_of(&bills, &self.inner.scenario().currency.clone())?;
        let r = billsim_core::reconcile::reconcile(&mut self.inner, &bill, &o)
            .map_err(|e| throw(&e))?;
        reconciliation_js(&r)
    }

    /// The usage reports of cycle number `cycle` (or of the first cycle
    /// with usage): daily peaks, user-hours and billable users, at most
    /// 20,000 rows of each.
    #[wasm_bindgen(js_name = reportsFor)]
    pub fn reports_for(&mut self, cycle: JsValue) -> Result<JsValue, JsValue> {
        let cycle = if cycle.is_undefined() || cycle.is_null() {
            None
        } else {
            Some(whole(&cycle, "cycle", "a cycle number")?)
        };
        let r = billsim_core::reports::of_cycle(&self.inner.prepared(), cycle)
            .map_err(|m| throw(&Error::invalid("cycle", m)))?;
        to_js(&r)
    }

    /// The work done so far: `{ parses, preparations, presences,
    /// measurements, pricings }` (each question is answered from what is
    /// already measured and priced).
    pub fn work(&self) -> Result<JsValue, JsValue> {
        let w = self.inner.work();
        to_js(&serde_json::json!({
            "parses": w.parses,
            "preparations": w.preparations,
            "presences": w.presences,
            "measurements": w.measurements,
            "pricings": w.pricings,
        }))
    }
}
