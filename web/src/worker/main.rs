//! The background worker: every simulation, comparison, "Why N?" answer and
//! piece of advice runs here, and large login files are imported and held
//! here, so the page keeps answering. Messages are `billsim_web::protocol`
//! types (see `billsim_web::bridge` for the page's side). A thin
//! dispatcher around the engine session (`engine`), its only state.

mod check_view;
mod engine;
mod files;
mod pool;
mod quote_terms;
mod reading;
mod small_import;
mod vendor_files;
mod warm_up;
mod wire;

use billsim_core::quotes::QuoteDiff;
use billsim_core::session::{Session, Usage, Work};
use billsim_core::workday::working_day;
use billsim_core::{Error, Options, Scenario};
use billsim_web::protocol::{
    self, CheckRefused, Compare, DayChart, ExportFile, Query, Question, Reply, Request,
    VendorRefused,
};
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::MessageEvent;

use engine::engine;
use files::parse_sent;
use warm_up::warm_up_when_idle;
use wire::{now, post, scope, IDLE_MS};

/// Parses an import (bytes, or the person's file) and holds it under
/// `key`; answers `Imported` or `ImportFailed` under the request's id.
/// `t0`: when reading it began (a pool's reading that ends here counts).
fn import(id: u64, key: u64, name: String, sent: &JsValue, t0: f64) {
    match parse_sent(sent) {
        Ok(imported) => self::imported(id, key, name, imported, now() - t0),
        Err(e) => import_failed(id, name, e),
    }
}

/// Holds an import read in `ms` and says so; a file of no sessions is
/// refused as the page refuses a small one (the import held stays).
fn imported(id: u64, key: u64, name: String, imported: billsim_core::csv::Imported, ms: f64) {
    let (sessions, users) = imported.counts();
    if sessions == 0 {
        return refuse_import(id, name, small_import::NO_SESSIONS.into(), Vec::new(), 0);
    }
    let dropped = engine(|e| e.hold(key, Usage::Open(imported)));
    post(&Reply::Imported {
        id,
        key,
        name,
        sessions,
        users,
        ms,
        dropped,
    });
}

/// Refuses an import, its bad rows listed (`more` counted past them).
fn refuse_import(
    id: u64,
    name: String,
    message: String,
    problems: Vec<billsim_core::error::CsvProblem>,
    more: usize,
) {
    post(&Reply::ImportFailed {
        id,
        name,
        message,
        problems,
        more,
    });
}

/// Says why an engine refused an import, its rows' problems listed, in
/// the words a small file's refusal uses (tester: a large file's message
/// repeated the table above it and left out that nothing was imported).
fn import_failed(id: u64, name: String, e: Error) {
    let r = small_import::rejected(e);
    refuse_import(id, name, r.message, r.problems, r.more);
}

/// The last bill posted (the one on screen, or about to be) as `file`.
fn export(protocol::Export { file }: protocol::Export) -> Result<String, String> {
    if file == ExportFile::Workbook {
        return workbook_input();
    }
    if file == ExportFile::CheckCsv {
        return engine(|e| e.check_csv.clone()).ok_or_else(|| "there is no bill check yet".into());
    }
    engine(|e| match &e.shown {
        Some(r) => Ok(match file {
            ExportFile::InvoiceCsv => billsim_core::invoice_csv::csv(r),
            ExportFile::ResultJson => r.to_json(),
            ExportFile::CheckCsv | ExportFile::Workbook => String::new(),
        }),
        None => Err("there is no bill yet".into()),
    })
}

/// What the quote workbook (`billsim simulate --xlsx`) is written from, as
/// JSON: the bill on screen, with the comparison of the models when the
/// scenario bills under each. The workbook worker writes it.
fn workbook_input() -> Result<String, String> {
    engine(|e| {
        let (Some(shown), Some((_, _, session))) = (&e.shown, e.session.as_mut()) else {
            return Err(
                "there is no bill yet: fix the scenario so that it bills, then try again".into(),
            );
        };
        let compared = session.compare().ok();
        serde_json::to_string(&protocol::WorkbookInputRef {
            scenario: session.scenario(),
            result: shown,
            comparison: compared.as_ref().map(|c| &c.comparison),
        })
        .map_err(|e| e.to_string())
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

/// Bills `text`; then, as `compare` says, the same usage under each model.
fn simulate(id: u64, text: String, compare: Compare, import: Option<u64>) {
    let reply = bill(id, &text, import);
    post(&reply);
    engine(|e| {
        if let Reply::Simulated { result, .. } = reply {
            e.shown = Some(*result);
        }
    });
    attribute_when_idle(text.clone());
    match compare {
        Compare::Now => compare_models(id, &text),
        Compare::WhenIdle => {
            engine(|e| e.idle_compare = Some((id, text)));
            let later = Closure::once_into_js(move || {
                // Still the latest request: nothing came in the meantime.
                let waiting = engine(|e| e.idle_compare.take_if(|(at, _)| *at == id));
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

/// The bill of `text` (with held import `import`) as the page is sent it.
fn bill(id: u64, text: &str, import: Option<u64>) -> Reply {
    let t0 = now();
    let outcome = engine(|e| {
        // A newer request makes a comparison waiting for idle time pointless.
        e.idle_compare = None;
        e.import = import;
        // The page reads no scenario: its field errors are this session's.
        let s = e.session(text)?;
        let day = day_chart(s.scenario());
        s.bill(&Options::default()).map(|r| {
            let quote = quote_terms::quote_html(s.scenario(), &r);
            (r, day, quote, s.work())
        })
    });
    match outcome {
        Ok((result, day, quote, work)) => Reply::Simulated {
            id,
            result: Box::new(result),
            ms: now() - t0,
            day,
            quote,
            work,
        },
        Err(e) => Reply::Refused {
            id,
            path: e.path().into_owned(),
            message: e.to_string(),
        },
    }
}

/// Bills the page's first example as soon as the worker has started,
/// while the page still loads, unless the page has asked for something.
/// V8 compiles a wasm function on its first call, and the first bill's
/// functions took 100-250 ms to compile: paid here, the page's first
/// bill runs compiled code, and when it is of the example (a first visit)
/// its session and bill are this one's (issue 21).
fn bill_the_example_early() {
    let later = Closure::once_into_js(|| {
        if engine(|e| e.requests) == 0 {
            let reply = bill(0, billsim_web::state::EXAMPLES[0].1, None);
            // Writing the answer out is part of the first bill's code too.
            let _ = protocol::wrap(&reply, None);
        }
    });
    let _ = scope().set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), 0);
}

/// With an import, makes "Why N?" ready from the bill's measurement once
/// the worker has been idle: the page asks for the Usage tab's reports
/// right after the bill, and a person sees those first (after a million
/// sessions, 100-150 ms of attribution held them up). A "Why N?" asked
/// sooner makes it then.
fn attribute_when_idle(text: String) {
    let later = Closure::once_into_js(move || {
        engine(|e| {
            // Only the session still billed: a newer one attributes its own.
            let want = e.import;
            if let Some((t, w, s)) = &mut e.session {
                if *t == text && *w == want && s.has_usage() {
                    s.attribute();
                }
            }
        })
    });
    let _ = scope()
        .set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), IDLE_MS);
}

/// The same usage under each model, with each model's AI token lines.
fn compare_models(id: u64, text: &str) {
    let compared = engine(|e| {
        let s = e.session(text).ok()?;
        let c = s.compare().ok();
        let ai = c.as_ref().and_then(|c| c.ai_by_model(s.scenario()));
        Some((c.map(|c| c.comparison), ai, s.work()))
    });
    let (comparison, ai, work) = match compared {
        Some((c, ai, work)) => (c.map(Box::new), ai, work),
        None => (None, None, Work::default()),
    };
    let break_even = comparison
        .as_deref()
        .and_then(billsim_core::break_even::sentence);
    post(&Reply::Compared {
        id,
        comparison,
        ai,
        break_even,
        work,
    });
}

/// Two saved quotes billed and compared, B minus A.
fn quotes(protocol::Quotes { a, b }: protocol::Quotes) -> Result<QuoteDiff, String> {
    let run = |q: &protocol::NamedText| {
        Session::from_json(&q.text, Usage::None)
            .map_err(|r| r.error)
            .and_then(|mut s| s.bill(&Options::default()))
            .map_err(|e| format!("\"{}\" does not simulate: {e}", q.name))
    };
    run(&a).and_then(|ra| {
        let rb = run(&b)?;
        billsim_core::quotes::diff(&ra, &rb).map_err(|e| e.to_string())
    })
}

/// Reconciles the held vendor files named in `files` against `text`
/// (R-R1..R-R6) in the session on screen: nothing of the vendor's files
/// leaves the worker but the reconciliation.
fn reconcile(q: protocol::Reconcile) -> Result<String, CheckRefused> {
    use billsim_core::reconcile;
    let protocol::Reconcile { text, files, dates } = q;
    if files.is_empty() {
        engine(|e| e.bills.let_go());
        return Ok(String::new());
    }
    let outcome = engine(|e| {
        // Lent out while the session is asked (both are the engine's).
        let mut bills = std::mem::take(&mut e.bills);
        let checked = e.ask(&text, None, |s| {
            let currency = s.scenario().currency.clone();
            // The page's fields hold dates it offered (a cycle's first
            // day, a date input's value): anything else counts as not given.
            let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
            let o = reconcile::Options {
                period: day(&dates.period),
                as_of: day(&dates.as_of),
                ..Default::default()
            };
            let refused = |e: billsim_core::Error| VendorRefused {
                file: None,
                why: billsim_web::protocol::Rejected::plain(check_view::in_the_apps_words(
                    &e.to_string(),
                )),
            };
            let (r, waiting) = bills.with_named(&files, &currency, |bill| {
                match reconcile::reconcile(s, bill, &o) {
                    // Figures without dates wait for their cycle to be
                    // chosen; the other files are checked meanwhile.
                    Err(e)
                        if o.period.is_none()
                            && bill.figures.iter().any(|f| f.period.is_none()) =>
                    {
                        let mut dated = bill.clone();
                        dated.figures.retain(|f| f.period.is_some());
                        let r = reconcile::reconcile(s, &dated, &o).map_err(refused)?;
                        Ok((r, Some(check_view::in_the_apps_words(&e.to_string()))))
                    }
                    r => r.map(|r| (r, None)).map_err(refused),
                }
            })?;
            let csv = r.table().to_csv();
            let html = check_view::of(&r, &currency);
            Ok((check_view::with_alert(waiting.as_deref(), html), csv))
        });
        e.bills = bills;
        checked
    })
    .unwrap_or_else(|e| {
        Err(VendorRefused {
            file: None,
            why: billsim_web::protocol::Rejected::plain(format!("the scenario does not bill: {e}")),
        })
    });
    match outcome {
        Ok((html, csv)) => {
            engine(|e| e.check_csv = Some(csv));
            Ok(html)
        }
        Err(r) => Err(CheckRefused {
            file: r.file.unwrap_or_default(),
            why: check_view::refusal(&r.why),
        }),
    }
}

/// Answers a "Why N?" question: only the panel's content goes back to the
/// page, never the imported sessions.
fn why(q: protocol::Why) -> <protocol::Why as Query>::Answer {
    let protocol::Why {
        text,
        import,
        request,
    } = q;
    engine(|e| e.ask(&text, Some(import), |s| s.why_panel(&request)))
        .map_err(|e| e.to_string())
        .and_then(|a| a)
}

/// Posts the answer `f` gives to question `q`: typed by the question, so
/// the page reads it as the type it asked for.
fn answer<Q: Query>(id: u64, q: Q, f: impl FnOnce(Q) -> Q::Answer) {
    post(&Reply::Answer {
        id,
        answer: Q::wrap(f(q)),
    });
}

/// Answers question `id`; a file's bytes, if any, are beside it in `data`.
fn ask(id: u64, question: Question, data: &JsValue) {
    match question {
        Question::Why(q) => answer(id, q, why),
        Question::Forecast(q) => answer(id, q, |q| {
            engine(|e| e.ask(&q.text, None, Session::forecast_row))
                .ok()
                .flatten()
        }),
        Question::Quotes(q) => answer(id, q, quotes),
        Question::Export(q) => answer(id, q, export),
        Question::Share(q) => answer(id, q, |q| billsim_core::share_link::encode(&q.text)),
        Question::OpenLink(q) => answer(id, q, |q| billsim_core::share_link::read(&q.fragment)),
        Question::Check(q) => answer(id, q, |q| {
            Scenario::from_json(&q.text)
                .map(drop)
                .map_err(|e| e.to_string())
        }),
        Question::Reconcile(q) => answer(id, q, reconcile),
        Question::Sessions(q) => answer(id, q, |q| small_import::sessions(&file(data), &q.text)),
        Question::Interactions(q) => {
            answer(id, q, |q| small_import::interactions(&file(data), &q.text))
        }
    }
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
    let outcome = engine(|e| {
        e.ask(text, None, |s| {
            let currency = s.scenario().currency.clone();
            s.advise(&opts, &mut report).map(|a| (a, currency))
        })
    })
    .and_then(|a| a);
    match outcome {
        Ok((advice, currency)) => post(&Reply::Advice {
            id,
            headlines: advice
                .products
                .iter()
                .map(|p| billsim_core::advice::headline(p, &currency))
                .collect(),
            advice: Box::new(advice),
            ms: now() - t0,
        }),
        Err(e) => post(&Reply::AdviceError {
            id,
            message: e.to_string(),
        }),
    }
}

/// The bytes beside a message (a small file, copied whole).
fn file(data: &JsValue) -> Vec<u8> {
    Uint8Array::new(&protocol::bytes(data)).to_vec()
}

/// Handles the page's messages that came while an import was read on
/// the pool, in order.
fn replay(held: Vec<JsValue>) {
    for data in held {
        dispatch(data);
    }
}

/// Handles one message from the page (or, in a helper, from the pool).
fn dispatch(data: JsValue) {
    if pool::is_job(&data) {
        // A helper has had its work: it bills no example (`bill_the_example_early`).
        engine(|e| e.requests += 1);
        return;
    }
    // While an import is read on the pool, what the page asks waits for it.
    let data = match engine(|e| match &mut e.reading {
        Some(r) => {
            r.held.push(data);
            None
        }
        None => Some(data),
    }) {
        Some(data) => data,
        None => return,
    };
    // A message this build cannot read is dropped: the page only sends what it can.
    let Ok(request) = protocol::unwrap::<Request>(&data) else {
        return;
    };
    engine(|e| e.requests += 1);
    match request {
        Request::Import { id, key, name } => {
            let (t0, sent) = (now(), protocol::bytes(&data));
            // Unread (the browser refused), the reading below says why.
            let first = files::head(&sent).unwrap_or_default();
            // The page's look at a small file's first bytes, for a large one.
            let sniffed = files::sniffed(&sent, &first);
            let seen = (!sniffed.is_empty()).then(|| billsim_web::sniff::not_sessions(&sniffed));
            if let Some(why) = seen.flatten() {
                return refuse_import(id, name, why.into(), Vec::new(), 0);
            }
            if let Err(name) = pool::start(id, key, name, &sent, &first) {
                import(id, key, name, &sent, t0);
            }
        }
        Request::Bill { name } => {
            engine(|e| e.bills.hold(name, protocol::bytes(&data).unchecked_into()))
        }
        Request::Ask { id, question } => ask(id, question, &data),
        Request::Simulate {
            id,
            text,
            compare,
            import,
        } => simulate(id, text, compare, import),
        Request::Advise {
            id,
            text,
            percentile,
        } => advise(id, &text, &percentile),
        Request::Clear => engine(|e| e.clear()),
        Request::WarmUp => warm_up_when_idle(),
    }
}

fn main() {
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| dispatch(e.data()));
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The worker lives as long as the page: the handler must too.
    onmessage.forget();
    bill_the_example_early();
}
