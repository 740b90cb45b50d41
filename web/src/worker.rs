//! The background worker: every simulation, comparison, "Why N?" answer and
//! piece of advice runs here, and large login files are imported and held
//! here, so the page keeps answering. Messages are `billsim_web::protocol`
//! types (see `crate::bridge` for the page's side).

use std::cell::RefCell;
use std::io::Read;

use billsim_core::csv::Imported;
use billsim_core::quotes::QuoteDiff;
use billsim_core::reconcile::vendor::VendorBill;
use billsim_core::session::{Session, Usage, Work};
use billsim_core::workday::working_day;
use billsim_core::{Error, Model, Options, Scenario, SimResult};
use billsim_web::protocol::{
    self, CheckRefused, Compare, DayChart, ExportFile, Query, Question, Reply, Request,
    VendorRefused,
};
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// What the worker holds: one engine session, and what dispatching needs.
/// What the worker holds: one engine session, and what dispatching needs.
struct Engine {
    /// The session of the last scenario text the engine read, whether the
    /// held import applies to it, and the session.
    session: Option<(String, bool, Session)>,
    /// The held import while no session holds it (after a refused text, a
    /// new import before its first bill, or set aside by the page's Undo).
    usage: Usage,
    /// Whether the held import applies to the page's bills: the page's
    /// Undo past an import sets it aside, Redo applies it again.
    with_import: bool,
    /// The last bill posted: the one on the page's screen (or about to
    /// be), which `Export` writes out.
    shown: Option<SimResult>,
    /// Requests handled so far (the warm-up waits for a quiet moment).
    requests: u64,
    /// A comparison to run once the worker has been idle (request id, text).
    idle_compare: Option<(u64, String)>,
}

impl Default for Engine {
    fn default() -> Self {
        Engine {
            session: None,
            usage: Usage::None,
            with_import: true,
            shown: None,
            requests: 0,
            idle_compare: None,
        }
    }
}

thread_local! {
    static ENGINE: RefCell<Engine> = RefCell::default();
    /// The last bill check's CSV (`billsim reconcile --csv`), for its download.
    static CHECK_CSV: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The vendor files the "Check a bill" tab has given.
    static BILLS: RefCell<HeldBills> = const { RefCell::new(HeldBills { files: Vec::new(), combined: None }) };
}

fn engine<R>(f: impl FnOnce(&mut Engine) -> R) -> R {
    ENGINE.with(|e| f(&mut e.borrow_mut()))
}

impl Engine {
    /// The session of `text`, with the held import when it applies: the
    /// one held when it is of that text, else a new one that takes the
    /// import over. A refused text keeps the import.
    fn session(&mut self, text: &str) -> Result<&mut Session, Error> {
        let want = self.with_import;
        let same = matches!(&self.session, Some((t, w, _)) if t == text && *w == want);
        if !same {
            let mut held = match self.session.take() {
                Some((_, _, s)) => s.into_usage(),
                None => Usage::None,
            };
            if matches!(held, Usage::None) {
                held = std::mem::take(&mut self.usage);
            }
            let usage = if want {
                held
            } else {
                // Set aside: kept here for Redo, not billed.
                self.usage = held;
                Usage::None
            };
            let keep_curves = !matches!(usage, Usage::None);
            match Session::from_json(text, usage) {
                // With an import, the bill's measurement is kept with its
                // curves: the first "Why N?" measures nothing again.
                Ok(s) if keep_curves => {
                    self.session = Some((text.to_owned(), want, s.keep_curves()))
                }
                Ok(s) => self.session = Some((text.to_owned(), want, s)),
                Err(refused) => {
                    if want {
                        self.usage = refused.usage;
                    }
                    return Err(refused.error);
                }
            }
        }
        match &mut self.session {
            Some((_, _, s)) => Ok(s),
            None => Err(Error::invalid("", "no scenario")),
        }
    }

    /// Asks `f` of `text`'s session; `with_import` (when given) says
    /// whether the held import applies, as the page's last bill did.
    fn ask<R>(
        &mut self,
        text: &str,
        with_import: Option<bool>,
        f: impl FnOnce(&mut Session) -> R,
    ) -> Result<R, Error> {
        if let Some(w) = with_import {
            self.with_import = w;
        }
        self.session(text).map(f)
    }

    /// Holds `usage` as the import from now on (or none).
    fn hold(&mut self, usage: Usage) {
        self.session = None;
        self.usage = usage;
    }
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

fn import(id: u64, name: String, data: Uint8Array) {
    let t0 = now();
    match parse(data, true) {
        Ok(imported) => {
            let (sessions, users) = imported.counts();
            engine(|e| e.hold(Usage::Open(imported)));
            post(&Reply::Imported {
                id,
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
                id,
                name,
                message: e.to_string(),
                problems,
                more,
            });
        }
    }
}

/// An import's bytes: sent as bytes, or as the person's file, read here
/// in one go (a worker may read a file synchronously).
fn file_bytes(sent: &JsValue) -> Result<Uint8Array, String> {
    let Some(file) = sent.dyn_ref::<web_sys::Blob>() else {
        return Ok(Uint8Array::new(sent));
    };
    file_reader()
        .and_then(|r| slice(&r, file, 0.0, file.size()))
        .map_err(|e| e.to_string())
}

/// The worker's synchronous file reader, or why there is none.
fn file_reader() -> std::io::Result<web_sys::FileReaderSync> {
    web_sys::FileReaderSync::new()
        .map_err(|_| std::io::Error::other("this browser cannot read files in the background"))
}

/// The last bill posted (the one on screen, or about to be) as `file`.
fn export(protocol::Export { file }: protocol::Export) -> Result<String, String> {
    if file == ExportFile::Workbook {
        return workbook_input();
    }
    if file == ExportFile::CheckCsv {
        return CHECK_CSV
            .with(|c| c.borrow().clone())
            .ok_or_else(|| "there is no bill check yet".into());
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

/// How long the worker waits for another request before it compares the
/// models: longer than between two keystrokes, shorter than a look at the tabs.
const IDLE_MS: i32 = 300;

/// Bills `text`; then, as `compare` says, the same usage under each model.
fn simulate(id: u64, text: String, compare: Compare, with_import: bool) {
    let t0 = now();
    let outcome = engine(|e| {
        // A newer request makes a comparison waiting for idle time pointless.
        e.idle_compare = None;
        e.with_import = with_import;
        // The page reads no scenario: its field errors are this session's.
        let s = e.session(&text)?;
        let day = day_chart(s.scenario());
        s.bill(&Options::default()).map(|r| (r, day, s.work()))
    });
    let (result, day, work) = match outcome {
        Ok(x) => x,
        Err(e) => {
            return post(&Reply::Refused {
                id,
                path: e.path().into_owned(),
                message: e.to_string(),
            })
        }
    };
    let reply = Reply::Simulated {
        id,
        result: Box::new(result),
        ms: now() - t0,
        day,
        work,
    };
    post(&reply);
    engine(|e| {
        if let Reply::Simulated { result, .. } = reply {
            e.shown = Some(*result);
        }
        // With an import, "Why N?" is made ready from the bill's measurement.
        if let Ok(s) = e.session(&text) {
            if s.has_usage() {
                s.attribute();
            }
        }
    });
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
    post(&Reply::Compared {
        id,
        comparison,
        ai,
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

/// A vendor file held for checks: the file, and what it read as in the
/// last currency asked (a million-call report is read once, not per edit).
struct HeldBill {
    name: String,
    /// The file itself, read a piece at a time: a 141 MB report is never
    /// whole in the page or the worker beside what it reads as.
    file: web_sys::Blob,
    read: Option<(String, VendorBill)>,
}

/// A file from `at` on, read from the browser a piece of [`PIECE`] bytes at
/// a time and copied into the reader's buffer: the whole file is never
/// one allocation outside the worker's memory beside the calls read.
struct Pieces {
    reader: web_sys::FileReaderSync,
    file: web_sys::Blob,
    size: f64,
    /// Where `piece` starts in the file, and how much of it is read.
    piece_at: f64,
    piece: Uint8Array,
    at: u32,
}

/// Bytes read from the browser at a time.
const PIECE: f64 = 16.0 * 1024.0 * 1024.0;

impl std::io::Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at >= self.piece.length() {
            let start = self.piece_at + f64::from(self.piece.length());
            if start >= self.size {
                return Ok(0);
            }
            self.piece = slice(
                &self.reader,
                &self.file,
                start,
                (start + PIECE).min(self.size),
            )?;
            self.piece_at = start;
            self.at = 0;
        }
        let left = self.piece.length() - self.at;
        let n = left.min(u32::try_from(buf.len()).unwrap_or(u32::MAX));
        let end = self.at + n;
        self.piece
            .subarray(self.at, end)
            .copy_to(&mut buf[..n as usize]);
        self.at = end;
        Ok(n as usize)
    }
}

/// The bytes `start..end` of `file` as the browser's copy, or why the
/// browser could not read them (a worker may read a file synchronously).
fn slice(
    reader: &web_sys::FileReaderSync,
    file: &web_sys::Blob,
    start: f64,
    end: f64,
) -> std::io::Result<Uint8Array> {
    let gone = |_| {
        std::io::Error::other(
            "the browser could not read the file again (moved or deleted?): choose it again",
        )
    };
    let part = file.slice_with_f64_and_f64(start, end).map_err(gone)?;
    let bytes = reader.read_as_array_buffer(&part).map_err(gone)?;
    Ok(Uint8Array::new(&bytes))
}

/// Reads a held file as `currency`: its first 64 KiB and its size decide
/// its kind, or refuse it before the rest is read (R-R1).
fn read_held(h: &HeldBill, currency: &str) -> billsim_core::Result<VendorBill> {
    use billsim_core::reconcile::read::{read_stream, sniff, HEAD_BYTES};
    let unreadable = |e: std::io::Error| billsim_core::Error::invalid(&h.name, e.to_string());
    let reader = file_reader().map_err(unreadable)?;
    let size = h.file.size();
    let head_end = size.min(HEAD_BYTES as f64);
    let head = slice(&reader, &h.file, 0.0, head_end)
        .map_err(unreadable)?
        .to_vec();
    sniff(&h.name, &head, size as u64)?;
    let rest = Pieces {
        reader,
        file: h.file.clone(),
        size,
        piece_at: head_end,
        piece: Uint8Array::new_with_length(0),
        at: 0,
    };
    let mut one = VendorBill::default();
    read_stream(&h.name, &head, rest, size as usize, currency, &mut one)?;
    Ok(one)
}

/// The held files, and their reads put together for the last list of
/// files and currency checked (so an edit re-checks without a copy).
struct HeldBills {
    files: Vec<HeldBill>,
    combined: Option<(Vec<String>, String, VendorBill)>,
}

/// Holds a vendor file (the browser's handle, not its bytes: it is read
/// when a check asks), replacing one of the same name.
fn hold_bill(name: String, file: web_sys::Blob) {
    BILLS.with(|b| {
        let mut held = b.borrow_mut();
        held.combined = None;
        held.files.retain(|h| h.name != name);
        held.files.push(HeldBill {
            name,
            file,
            read: None,
        });
    });
}

/// Runs `f` on the held files named in `files`, read in `currency` and put
/// together in that order; the others are let go. One file is lent as
/// read; several are put together once per list and currency.
fn with_held_bill<T>(
    files: &[String],
    currency: &str,
    f: impl FnOnce(&VendorBill) -> Result<T, VendorRefused>,
) -> Result<T, VendorRefused> {
    BILLS.with(|b| {
        let held = &mut *b.borrow_mut();
        held.files.retain(|h| files.contains(&h.name));
        for name in files {
            let Some(h) = held.files.iter_mut().find(|h| &h.name == name) else {
                return Err(VendorRefused {
                    file: Some(name.clone()),
                    why: billsim_web::protocol::Rejected::plain(format!(
                        "{name} is no longer loaded in this page: choose it again"
                    )),
                });
            };
            if h.read.as_ref().is_none_or(|(c, _)| c != currency) {
                held.combined = None;
                let one = read_held(h, currency).map_err(|e| VendorRefused {
                    file: Some(name.clone()),
                    why: billsim_web::small_import::refused(e, name),
                })?;
                h.read = Some((currency.to_owned(), one));
            }
        }
        let mut reads = files
            .iter()
            .filter_map(|n| held.files.iter().find(|h| &h.name == n))
            .filter_map(|h| h.read.as_ref().map(|(_, r)| r));
        if files.len() == 1 {
            return f(reads.next().unwrap_or(&VendorBill::default()));
        }
        let fresh = held
            .combined
            .as_ref()
            .is_some_and(|(n, c, _)| n == files && c == currency);
        if !fresh {
            let mut all = VendorBill::default();
            for r in reads {
                all.append(&mut r.clone());
            }
            held.combined = Some((files.to_vec(), currency.to_owned(), all));
        }
        match &held.combined {
            Some((_, _, bill)) => f(bill),
            None => f(&VendorBill::default()),
        }
    })
}

/// Reconciles the held vendor files named in `files` against `text`
/// (R-R1..R-R6) in the session on screen: nothing of the vendor's files
/// leaves the worker but the reconciliation.
fn reconcile(q: protocol::Reconcile) -> Result<String, CheckRefused> {
    use billsim_core::reconcile;
    let protocol::Reconcile { text, files, dates } = q;
    if files.is_empty() {
        BILLS.with(|b| {
            let mut held = b.borrow_mut();
            held.files.clear();
            held.combined = None;
        });
        return Ok(String::new());
    }
    let outcome = engine(|e| {
        e.ask(&text, None, |s| {
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
                why: billsim_web::protocol::Rejected::plain(
                    billsim_web::check_view::in_the_apps_words(&e.to_string()),
                ),
            };
            let (r, waiting) = with_held_bill(&files, &currency, |bill| {
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
                        Ok((
                            r,
                            Some(billsim_web::check_view::in_the_apps_words(&e.to_string())),
                        ))
                    }
                    r => r.map(|r| (r, None)).map_err(refused),
                }
            })?;
            let csv = r.table().to_csv();
            let html = billsim_web::check_view::of(&r, &currency);
            Ok((
                billsim_web::check_view::with_alert(waiting.as_deref(), html),
                csv,
            ))
        })
    })
    .unwrap_or_else(|e| {
        Err(VendorRefused {
            file: None,
            why: billsim_web::protocol::Rejected::plain(format!("the scenario does not bill: {e}")),
        })
    });
    match outcome {
        Ok((html, csv)) => {
            CHECK_CSV.with(|c| *c.borrow_mut() = Some(csv));
            Ok(html)
        }
        Err(r) => Err(CheckRefused {
            file: r.file.unwrap_or_default(),
            why: billsim_web::check_view::refusal(&r.why),
        }),
    }
}

/// Answers a "Why N?" question: only the panel's content goes back to the
/// page, never the imported sessions.
fn why(q: protocol::Why) -> <protocol::Why as Query>::Answer {
    let protocol::Why {
        text,
        large,
        request,
    } = q;
    engine(|e| e.ask(&text, Some(large), |s| s.why_panel(&request)))
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
        Question::Sessions(q) => answer(id, q, |q| {
            billsim_web::small_import::sessions(&file(data), &q.text)
        }),
        Question::Interactions(q) => answer(id, q, |q| {
            billsim_web::small_import::interactions(&file(data), &q.text)
        }),
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

/// Runs a small import and its bills under each model; the page asks for
/// it once it has rendered, before any import can arrive. V8 first runs wasm from its baseline compiler and only
/// optimizes a function after it has run a while, and a call already
/// running never switches: without this, a user's first large import would
/// run entirely from baseline code (about 1.5x slower).
/// Runs the warm-up once no request has come for `IDLE_MS`: the page asks
/// for it as it starts, and it must never delay the first bill or an edit.
fn warm_up_when_idle() {
    let seen = engine(|e| e.requests);
    let later = Closure::once_into_js(move || {
        if engine(|e| e.requests) != seen {
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
        if let Ok(imported) = parse(data.clone(), false) {
            let opts = Options {
                model: Some(model),
                ..Options::default()
            };
            let bill = Session::from_json(scenario, Usage::Open(imported))
                .map_err(|r| r.error)
                .and_then(|mut s| s.bill(&opts));
            billed += usize::from(bill.is_ok());
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
        engine(|e| e.requests += 1);
        match request {
            Request::Import { id, name } => match file_bytes(&protocol::bytes(&data)) {
                Ok(bytes) => import(id, name, bytes),
                Err(message) => post(&Reply::ImportFailed {
                    id,
                    name,
                    message,
                    problems: Vec::new(),
                    more: 0,
                }),
            },
            Request::Bill { name } => hold_bill(name, protocol::bytes(&data).unchecked_into()),
            Request::Ask { id, question } => ask(id, question, &data),
            Request::Simulate {
                id,
                text,
                compare,
                with_import,
            } => simulate(id, text, compare, with_import),
            Request::Advise {
                id,
                text,
                percentile,
            } => advise(id, &text, &percentile),
            Request::Clear => engine(|e| e.hold(Usage::None)),
            Request::WarmUp => warm_up_when_idle(),
        }
    });
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The worker lives as long as the page: the handler must too.
    onmessage.forget();
}
