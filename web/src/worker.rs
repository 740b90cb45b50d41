//! The background worker: imports of large login files and the simulations
//! that use them run here, so the page keeps answering. Messages are plain
//! objects with a `kind` (see `crate::bridge` for the page's side).

use std::cell::RefCell;
use std::io::Read;

use billsim_core::csv::Imported;
use billsim_core::usage::Catalog;
use billsim_core::{Error, Model, Options, Scenario, SimResult};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// The last successful import.
    static IMPORTED: RefCell<Option<Imported>> = const { RefCell::new(None) };
    /// Which import that is (a new one, a new number), for the cache below.
    static IMPORT_NO: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// "Why N?" of the last scenario and import, so opening the panel, paging
    /// and picking a window do not measure a million sessions again.
    static WHY: RefCell<billsim_web::drilldown::Cache> = RefCell::default();
}

/// The cache key of the import a question is about (`None`: without one).
fn import_key(large: bool) -> Option<u64> {
    let held = IMPORTED.with(|c| c.borrow().is_some());
    (large && held).then(|| IMPORT_NO.with(|n| n.get()))
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn now() -> f64 {
    scope().performance().map_or(0.0, |p| p.now())
}

fn get(msg: &JsValue, key: &str) -> JsValue {
    Reflect::get(msg, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn post(fields: &[(&str, JsValue)]) {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    let _ = scope().post_message(&o);
}

/// The file as the CSV reader sees it: copied from the page's buffer a
/// piece at a time (never whole into wasm memory), reporting how much has
/// been read every 2 MB.
struct Progress {
    data: Uint8Array,
    len: usize,
    pos: usize,
    next_report: usize,
}

impl Progress {
    fn new(data: Uint8Array, report: bool) -> Self {
        let len = data.length() as usize;
        Progress {
            data,
            len,
            pos: 0,
            next_report: if report { 2 << 20 } else { usize::MAX },
        }
    }
}

impl Read for Progress {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.len - self.pos);
        self.data
            .subarray(self.pos as u32, (self.pos + n) as u32)
            .copy_to(&mut buf[..n]);
        self.pos += n;
        if self.pos >= self.next_report {
            self.next_report += 2 << 20;
            post(&[
                ("kind", "progress".into()),
                (
                    "fraction",
                    JsValue::from_f64(self.pos as f64 / self.len.max(1) as f64),
                ),
            ]);
        }
        Ok(n)
    }
}

fn parse(data: Uint8Array, report: bool) -> billsim_core::Result<Imported> {
    let reader = Progress::new(data, report);
    let bytes = reader.len;
    let (t, ids) = billsim_core::csv::sessions_open_sized(reader, bytes)?;
    Ok(Imported::new(t, ids))
}

fn import(name: String, data: Uint8Array) {
    let t0 = now();
    match parse(data, true) {
        Ok(imported) => {
            let (sessions, users) = imported.counts();
            IMPORTED.with(|c| *c.borrow_mut() = Some(imported));
            IMPORT_NO.with(|n| n.set(n.get() + 1));
            WHY.with(|w| w.borrow_mut().clear());
            post(&[
                ("kind", "imported".into()),
                ("name", name.into()),
                ("sessions", JsValue::from_f64(sessions as f64)),
                ("users", JsValue::from_f64(users as f64)),
                ("ms", JsValue::from_f64(now() - t0)),
            ]);
        }
        Err(e) => {
            let (problems, more) = match &e {
                Error::Csv { problems, more, .. } => {
                    (serde_json::to_string(problems).unwrap_or_default(), *more)
                }
                _ => ("[]".to_owned(), 0),
            };
            post(&[
                ("kind", "import_failed".into()),
                ("name", name.into()),
                ("message", e.to_string().into()),
                ("problems", problems.into()),
                ("more", JsValue::from_f64(more as f64)),
            ]);
        }
    }
}

/// Bills a scenario with the imported sessions, if any.
fn bill(
    imported: Option<&mut Imported>,
    text: &str,
    opts: &Options,
) -> billsim_core::Result<String> {
    let s = Scenario::from_json(text)?;
    let sessions = match imported {
        Some(i) => Some(i.onto(&Catalog::of(&s))?),
        None => None,
    };
    billsim_core::simulate(&s, sessions, opts).map(|r: SimResult| r.to_json())
}

fn simulate(id: f64, text: &str) {
    let t0 = now();
    let answer = |outcome: billsim_core::Result<String>| match outcome {
        Ok(json) => post(&[
            ("kind", "result".into()),
            ("id", JsValue::from_f64(id)),
            ("json", json.into()),
            ("ms", JsValue::from_f64(now() - t0)),
        ]),
        Err(e) => post(&[
            ("kind", "error".into()),
            ("id", JsValue::from_f64(id)),
            ("path", e.path().as_ref().into()),
            ("message", e.to_string().into()),
        ]),
    };
    let Some(key) = import_key(true) else {
        return answer(IMPORTED.with(|c| bill(c.borrow_mut().as_mut(), text, &Options::default())));
    };
    // With an import, the measurement the bill is priced from is kept and
    // attributed right after the bill is posted: the first "Why N?" is
    // then answered without measuring the sessions again.
    let attributed = IMPORTED.with(|c| -> billsim_core::Result<_> {
        let s = Scenario::from_json(text)?;
        let mut held = c.borrow_mut();
        let sessions = match held.as_mut() {
            Some(i) => Some(i.onto(&Catalog::of(&s))?),
            None => None,
        };
        Ok(billsim_web::drilldown::bill_then_attribute(
            &s,
            sessions,
            |r| answer(r.map(|r: SimResult| r.to_json())),
        ))
    });
    match attributed {
        Ok(a) => WHY.with(|w| {
            w.borrow_mut().put(text, Some(key), a);
        }),
        Err(e) => answer(Err(e)),
    }
}

/// Answers a "Why N?" question (see `billsim_web::drilldown`): only the
/// panel's content goes back to the page, never the imported sessions.
fn why(id: f64, text: &str, large: bool, request: &str) {
    let key = import_key(large);
    let outcome = serde_json::from_str::<billsim_web::drilldown::Request>(request)
        .map_err(|e| format!("unreadable question: {e}"))
        .and_then(|r| {
            // The panel and its lists come from the kept attribution.
            let kept = r.what_if.is_none() && !r.reports;
            if let Some(a) = WHY.with(|w| w.borrow().get(text, key)).filter(|_| kept) {
                return a.as_ref().as_ref().map_err(Clone::clone)?.answer(&r);
            }
            let s = Scenario::from_json(text).map_err(|e| e.to_string())?;
            IMPORTED.with(|c| {
                let mut held = c.borrow_mut();
                let sessions = match held.as_mut().filter(|_| key.is_some()) {
                    Some(i) => Some(i.onto(&Catalog::of(&s)).map_err(|e| e.to_string())?),
                    None => None,
                };
                if !kept {
                    return billsim_web::drilldown::answer(&s, sessions, &r);
                }
                let a = billsim_core::stages::Prepared::new(&s, sessions)
                    .map_err(|e| e.to_string())
                    .and_then(|p| billsim_web::drilldown::Attributed::of(&p));
                let a = WHY.with(|w| w.borrow_mut().put(text, key, a));
                a.as_ref().as_ref().map_err(Clone::clone)?.answer(&r)
            })
        });
    post(&[
        ("kind", "why".into()),
        ("id", JsValue::from_f64(id)),
        ("json", billsim_web::drilldown::encode(&outcome).into()),
    ]);
}

/// Advises on a scenario (R-O1..R-O3) with the imported sessions, if any,
/// posting progress after every seed so the page can show how far it is.
fn advise(id: f64, text: &str, percentile: &str) {
    let t0 = now();
    let opts = billsim_core::advice::Options {
        percentile: billsim_core::advice::Percentile::parse(percentile).unwrap_or_default(),
        ..Default::default()
    };
    let mut report = |p: billsim_core::advice::Progress| {
        post(&[
            ("kind", "advice_progress".into()),
            ("id", JsValue::from_f64(id)),
            ("done", JsValue::from_f64(p.done.into())),
            ("total", JsValue::from_f64(p.total.into())),
        ])
    };
    let outcome = IMPORTED.with(|c| {
        let s = Scenario::from_json(text)?;
        let mut held = c.borrow_mut();
        let sessions = match held.as_mut() {
            Some(i) => Some(i.onto(&Catalog::of(&s))?),
            None => None,
        };
        billsim_core::advice::advise_with_progress(&s, sessions, &opts, &mut report)
    });
    match outcome.and_then(|a| {
        serde_json::to_string(&a).map_err(|e| Error::invalid("advice", e.to_string()))
    }) {
        Ok(json) => post(&[
            ("kind", "advice".into()),
            ("id", JsValue::from_f64(id)),
            ("json", json.into()),
            ("ms", JsValue::from_f64(now() - t0)),
        ]),
        Err(e) => post(&[
            ("kind", "advice_error".into()),
            ("id", JsValue::from_f64(id)),
            ("message", e.to_string().into()),
        ]),
    }
}

/// Runs a small import and its bills under each model; the page asks for
/// it once it has rendered, before any import can arrive. V8 first runs wasm from its baseline compiler and only
/// optimizes a function after it has run a while, and a call already
/// running never switches: without this, a user's first large import would
/// run entirely from baseline code (about 1.5x slower).
fn warm_up() -> usize {
    let mut csv = String::from("user,org,product,login,logout\n");
    for a in 0..400 {
        for day in 1..=28 {
            let h = 6 + a % 12;
            csv.push_str(&format!(
                "agent{a}@warm.test,main,cx{},2026-10-{day:02}T{h:02}:00:00Z,2026-10-{day:02}T{:02}:30:00Z\n",
                1 + a % 2,
                h + 4
            ));
        }
    }
    let scenario = r#"{ "billsim": 1, "currency": "USD",
        "contract": { "activation": "2026-10-01", "model": "concurrent", "term_cycles": 1,
          "products": { "cx1": { "tier": 1, "prepay": "75.00", "overage": "90.00", "hourly": "0.60" },
                        "cx2": { "tier": 2, "prepay": "115.00", "overage": "138.00", "hourly": "0.90" } },
          "commitments": [ { "product": "cx2", "from_cycle": 0, "quantity": "50" } ] } }"#;
    let data = Uint8Array::from(csv.as_bytes());
    let mut billed = 0;
    for model in [
        Model::Concurrent,
        Model::Named,
        Model::Hourly,
        Model::Concurrent,
    ] {
        if let Ok(mut imported) = parse(data.clone(), false) {
            let opts = Options {
                model: Some(model),
                ..Options::default()
            };
            billed += usize::from(bill(Some(&mut imported), scenario, &opts).is_ok());
        }
    }
    billed
}

fn main() {
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        let msg = e.data();
        match get(&msg, "kind").as_string().as_deref() {
            Some("import") => import(
                get(&msg, "name").as_string().unwrap_or_default(),
                Uint8Array::new(&get(&msg, "bytes")),
            ),
            Some("simulate") => simulate(
                get(&msg, "id").as_f64().unwrap_or(0.0),
                &get(&msg, "text").as_string().unwrap_or_default(),
            ),
            Some("why") => why(
                get(&msg, "id").as_f64().unwrap_or(0.0),
                &get(&msg, "text").as_string().unwrap_or_default(),
                get(&msg, "large").as_bool().unwrap_or(false),
                &get(&msg, "request").as_string().unwrap_or_default(),
            ),
            Some("advise") => advise(
                get(&msg, "id").as_f64().unwrap_or(0.0),
                &get(&msg, "text").as_string().unwrap_or_default(),
                &get(&msg, "percentile").as_string().unwrap_or_default(),
            ),
            Some("clear") => {
                IMPORTED.with(|c| *c.borrow_mut() = None);
                WHY.with(|w| w.borrow_mut().clear());
            }
            Some("warm_up") => {
                let t0 = now();
                let billed = warm_up();
                let note = format!(
                    "billsim worker: {billed} warm-up bills in {:.0} ms",
                    now() - t0
                );
                web_sys::console::debug_1(&note.into());
            }
            _ => {}
        }
    });
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The worker lives as long as the page: the handler must too.
    onmessage.forget();
}
