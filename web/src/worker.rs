//! The background worker: every simulation, comparison, "Why N?" answer and
//! piece of advice runs here, and large login files are imported and held
//! here, so the page keeps answering. Messages are `billsim_web::protocol`
//! types (see `crate::bridge` for the page's side).

use std::cell::RefCell;
use std::io::Read;

use billsim_core::csv::Imported;
use billsim_core::usage::{Catalog, Sessions};
use billsim_core::workday::working_day;
use billsim_core::{Error, Model, Options, Scenario, SimResult};
use billsim_web::protocol::{self, Compare, DayChart, ExportFile, NamedText, Reply, Request};
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    /// Requests handled so far (the warm-up waits for a quiet moment).
    static REQUESTS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// The last bill posted: the one on the page's screen (or about to be),
    /// which `Export` writes out.
    static SHOWN: RefCell<Option<SimResult>> = const { RefCell::new(None) };
    /// The last successful import.
    static IMPORTED: RefCell<Option<Imported>> = const { RefCell::new(None) };
    /// A comparison to run once the worker has been idle (request id, text).
    static IDLE_COMPARE: RefCell<Option<(u64, String)>> = const { RefCell::new(None) };
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

fn post(reply: &Reply) {
    let _ = scope().post_message(&protocol::wrap(reply, None));
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
            post(&Reply::Progress {
                fraction: self.pos as f64 / self.len.max(1) as f64,
            });
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
            post(&Reply::Imported {
                name,
                sessions,
                users,
                ms: now() - t0,
            });
        }
        Err(e) => {
            let (problems, more) = match &e {
                Error::Csv { problems, more, .. } => (problems.clone(), *more),
                _ => (Vec::new(), 0),
            };
            post(&Reply::ImportFailed {
                name,
                message: e.to_string(),
                problems,
                more,
            });
        }
    }
}

/// Runs `f` with the held import placed onto `s`'s orgs and products
/// (`None` when nothing is held, or when `use_import` is false).
fn with_import<R>(
    s: &Scenario,
    use_import: bool,
    f: impl FnOnce(Option<&Sessions>) -> R,
) -> billsim_core::Result<R> {
    IMPORTED.with(|c| {
        let mut held = c.borrow_mut();
        let sessions = match held.as_mut().filter(|_| use_import) {
            Some(i) => Some(i.onto(&Catalog::of(s))?),
            None => None,
        };
        Ok(f(sessions))
    })
}

/// Bills a scenario with the imported sessions, if any.
fn bill(
    imported: Option<&mut Imported>,
    text: &str,
    opts: &Options,
) -> billsim_core::Result<SimResult> {
    let s = Scenario::from_json(text)?;
    let sessions = match imported {
        Some(i) => Some(i.onto(&Catalog::of(&s))?),
        None => None,
    };
    billsim_core::simulate(&s, sessions, opts)
}

/// The last bill posted (the one on screen, or about to be) as `file`.
fn export(file: ExportFile) -> Result<String, String> {
    SHOWN.with(|s| match &*s.borrow() {
        Some(r) => Ok(match file {
            ExportFile::InvoiceCsv => billsim_core::invoice_csv::csv(r),
            ExportFile::ResultJson => r.to_json(),
        }),
        None => Err("there is no bill yet".into()),
    })
}

/// The Workforce panel's chart of the first profile (see `protocol::DayChart`).
fn day_chart(s: &Scenario) -> Option<DayChart> {
    let profile = s.usage.profiles.first()?;
    Some(DayChart {
        seed: profile.seed,
        model: s.contract.model,
        day: working_day(s, 0).map_err(|e| e.to_string()),
    })
}

/// How long the worker waits for another request before it compares the
/// models: longer than between two keystrokes, shorter than a look at the tabs.
const IDLE_MS: i32 = 300;

/// Bills `text`; then, as `compare` says, the same usage under each model.
fn simulate(id: u64, text: String, compare: Compare) {
    // A newer request makes a comparison waiting for idle time pointless.
    IDLE_COMPARE.with(|c| *c.borrow_mut() = None);
    let t0 = now();
    let refuse = |e: Error| {
        post(&Reply::Refused {
            id,
            path: e.path().into_owned(),
            message: e.to_string(),
        })
    };
    // The page reads no scenario: its field errors are this parse's.
    let s = match Scenario::from_json(&text) {
        Ok(s) => s,
        Err(e) => return refuse(e),
    };
    let day = day_chart(&s);
    let answer = |outcome: billsim_core::Result<SimResult>| match outcome {
        Ok(result) => {
            let reply = Reply::Simulated {
                id,
                result: Box::new(result),
                ms: now() - t0,
                day: day.clone(),
            };
            post(&reply);
            if let Reply::Simulated { result, .. } = reply {
                SHOWN.with(|s| *s.borrow_mut() = Some(*result));
            }
        }
        Err(e) => refuse(e),
    };
    let billed = match import_key(true) {
        None => {
            let outcome = billsim_core::simulate(&s, None, &Options::default());
            let ok = outcome.is_ok();
            answer(outcome);
            ok
        }
        Some(key) => {
            // With an import, the measurement the bill is priced from is kept and
            // attributed right after the bill is posted: the first "Why N?" is
            // then answered without measuring the sessions again.
            let ok = std::cell::Cell::new(false);
            let attributed = with_import(&s, true, |sessions| {
                billsim_web::drilldown::bill_then_attribute(&s, sessions, |r| {
                    ok.set(r.is_ok());
                    answer(r)
                })
            });
            match attributed {
                Ok(a) => WHY.with(|w| {
                    w.borrow_mut().put(&text, Some(key), a);
                }),
                Err(e) => answer(Err(e)),
            }
            ok.get()
        }
    };
    if !billed {
        return;
    }
    match compare {
        Compare::Now => compare_models(id, &text),
        Compare::WhenIdle => {
            IDLE_COMPARE.with(|c| *c.borrow_mut() = Some((id, text)));
            let later = Closure::once_into_js(move || {
                // Still the latest request: nothing came in the meantime.
                let waiting = IDLE_COMPARE.with(|c| c.borrow_mut().take_if(|(at, _)| *at == id));
                if let Some((id, text)) = waiting {
                    compare_models(id, &text);
                }
            });
            let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(
                later.unchecked_ref(),
                IDLE_MS,
            );
        }
        Compare::No => {}
    }
}

/// The same usage under each model, with each model's AI token lines.
fn compare_models(id: u64, text: &str) {
    let compared = Scenario::from_json(text).ok().and_then(|s| {
        let comparison = with_import(&s, true, |sessions| {
            billsim_core::compare::compare(&s, sessions)
        })
        .and_then(|c| c)
        .ok()?;
        let ai = billsim_web::compare_ai::ai_by_model(&s, &comparison);
        Some((comparison, ai))
    });
    let (comparison, ai) = match compared {
        Some((c, ai)) => (Some(Box::new(c)), ai),
        None => (None, None),
    };
    post(&Reply::Compared { id, comparison, ai });
}

/// Two saved quotes billed and compared, B minus A.
fn quotes(id: u64, a: &NamedText, b: &NamedText) {
    let run = |q: &NamedText| {
        Scenario::from_json(&q.text)
            .and_then(|s| billsim_core::simulate(&s, None, &Options::default()))
            .map_err(|e| format!("\"{}\" does not simulate: {e}", q.name))
    };
    let diff = run(a).and_then(|ra| {
        let rb = run(b)?;
        billsim_core::quotes::diff(&ra, &rb).map_err(|e| e.to_string())
    });
    post(&Reply::Quotes { id, diff });
}

/// Answers a "Why N?" question (see `billsim_web::drilldown`): only the
/// panel's content goes back to the page, never the imported sessions.
fn why(id: u64, text: &str, large: bool, request: &str) {
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
            with_import(&s, key.is_some(), |sessions| {
                if !kept {
                    return billsim_web::drilldown::answer(&s, sessions, &r);
                }
                let a = billsim_core::stages::Prepared::new(&s, sessions)
                    .map_err(|e| e.to_string())
                    .and_then(|p| billsim_web::drilldown::Attributed::of(&p));
                let a = WHY.with(|w| w.borrow_mut().put(text, key, a));
                a.as_ref().as_ref().map_err(Clone::clone)?.answer(&r)
            })
            .map_err(|e| e.to_string())
            .and_then(|a| a)
        });
    post(&Reply::Why {
        id,
        json: billsim_web::drilldown::encode(&outcome),
    });
}

/// Advises on a scenario (R-O1..R-O3) with the imported sessions, if any,
/// posting progress after every seed so the page can show how far it is.
fn advise(id: u64, text: &str, percentile: &str) {
    let t0 = now();
    let opts = billsim_core::advice::Options {
        percentile: billsim_core::advice::Percentile::parse(percentile).unwrap_or_default(),
        ..Default::default()
    };
    let mut report = |p: billsim_core::advice::Progress| {
        post(&Reply::AdviceProgress {
            id,
            done: p.done,
            total: p.total,
        })
    };
    let outcome = Scenario::from_json(text).and_then(|s| {
        with_import(&s, true, |sessions| {
            billsim_core::advice::advise_with_progress(&s, sessions, &opts, &mut report)
        })
        .and_then(|a| a)
    });
    match outcome.and_then(|a| {
        serde_json::to_string(&a).map_err(|e| Error::invalid("advice", e.to_string()))
    }) {
        Ok(json) => post(&Reply::Advice {
            id,
            json,
            ms: now() - t0,
        }),
        Err(e) => post(&Reply::AdviceError {
            id,
            message: e.to_string(),
        }),
    }
}

/// Runs a small import and its bills under each model; the page asks for
/// it once it has rendered, before any import can arrive. V8 first runs wasm from its baseline compiler and only
/// optimizes a function after it has run a while, and a call already
/// running never switches: without this, a user's first large import would
/// run entirely from baseline code (about 1.5x slower).
/// Runs the warm-up once no request has come for `IDLE_MS`: the page asks
/// for it as it starts, and it must never delay the first bill or an edit.
fn warm_up_when_idle() {
    let seen = REQUESTS.with(|n| n.get());
    let later = Closure::once_into_js(move || {
        if REQUESTS.with(|n| n.get()) != seen {
            return warm_up_when_idle();
        }
        let t0 = now();
        let billed = warm_up();
        let note = format!(
            "billsim worker: {billed} warm-up bills in {:.0} ms",
            now() - t0
        );
        web_sys::console::debug_1(&note.into());
    });
    let _ = scope()
        .set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), IDLE_MS);
}

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

/// The bytes beside a message (a small file, copied whole).
fn file(data: &JsValue) -> Vec<u8> {
    Uint8Array::new(&protocol::bytes(data)).to_vec()
}

fn main() {
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        let data = e.data();
        // A message this build cannot read is dropped: the page only sends what it can.
        let Ok(request) = protocol::unwrap::<Request>(&data) else {
            return;
        };
        REQUESTS.with(|n| n.set(n.get() + 1));
        match request {
            Request::Import { name } => import(name, Uint8Array::new(&protocol::bytes(&data))),
            Request::Sessions { id, text } => post(&Reply::Sessions {
                id,
                outcome: billsim_web::small_import::sessions(&file(&data), &text),
            }),
            Request::Interactions { id, text } => post(&Reply::Interactions {
                id,
                outcome: billsim_web::small_import::interactions(&file(&data), &text),
            }),
            Request::Simulate { id, text, compare } => simulate(id, text, compare),
            Request::Why {
                id,
                text,
                large,
                request,
            } => why(id, &text, large, &request),
            Request::Advise {
                id,
                text,
                percentile,
            } => advise(id, &text, &percentile),
            Request::Forecast { id, text } => post(&Reply::Forecast {
                id,
                row: billsim_web::forecast::billable(&text, |candidate| {
                    with_import(candidate, true, |sessions| {
                        billsim_core::simulate(candidate, sessions, &Options::default()).is_ok()
                    })
                    .unwrap_or(false)
                }),
            }),
            Request::Quotes { id, a, b } => quotes(id, &a, &b),
            Request::Export { id, file } => post(&Reply::Exported {
                id,
                text: export(file),
            }),
            Request::Share { id, text } => post(&Reply::Shared {
                id,
                fragment: billsim_web::share::encode(&text),
            }),
            Request::Check { id, text } => post(&Reply::Checked {
                id,
                error: Scenario::from_json(&text).err().map(|e| e.to_string()),
            }),
            Request::Clear => {
                IMPORTED.with(|c| *c.borrow_mut() = None);
                WHY.with(|w| w.borrow_mut().clear());
            }
            Request::WarmUp => warm_up_when_idle(),
        }
    });
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The worker lives as long as the page: the handler must too.
    onmessage.forget();
}
