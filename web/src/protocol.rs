//! The one message protocol between the page and the background worker.
//! Every simulation runs in the worker, whatever the size of the usage: the
//! page parses what the person typed (for the form's messages) and shows
//! answers; billing is an effect it asks for. Both sides use these types, so
//! a message the other side cannot read is a compile error, not a silent drop.
//!
//! On the wire a message is a plain object `{ msg, bytes? }`: `msg` is the
//! request or reply as JSON, and an imported file's bytes travel beside it
//! as a transferred buffer (never copied, never through JSON).

use billsim_core::compare::Comparison;
use billsim_core::error::CsvProblem;
use billsim_core::quotes::QuoteDiff;
use billsim_core::session::Work;
use billsim_core::workday::WorkingDay;
use billsim_core::{Model, SimResult};
use js_sys::{Object, Reflect};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wasm_bindgen::JsValue;

/// What the page asks of the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Request {
    /// Bill `text` with the worker's import, if any, and then the same
    /// usage under each model as `compare` says (a second reply, so the
    /// totals never wait for the comparison).
    Simulate {
        id: u64,
        text: String,
        compare: Compare,
        /// Whether the held import applies (Undo past an import sets it
        /// aside; the worker keeps it for Redo).
        with_import: bool,
    },
    /// A "Why N?" question about `text`, with the worker's import when `large`.
    Why {
        id: u64,
        text: String,
        large: bool,
        request: crate::drilldown::Request,
    },
    /// Advice on `text`, the best chosen by `percentile` ("50" or "90").
    Advise {
        id: u64,
        text: String,
        percentile: String,
    },
    /// A forecast row `text` can bill (`billsim_core::forecast`).
    Forecast { id: u64, text: String },
    /// Two saved quotes compared (B minus A).
    Quotes { id: u64, a: NamedText, b: NamedText },
    /// The latest bill as a file: the invoice CSV or the result JSON
    /// (writing them is worker code). Requests are answered in order, so a
    /// value typed just before the click is in the file.
    Export { id: u64, file: ExportFile },
    /// `text` packed for a share link (`billsim_core::share_link::encode`: deflate is
    /// worker code, as is reading a link: `OpenLink`).
    Share { id: u64, text: String },
    /// The scenario in a share link (the text after `#s=`).
    OpenLink { id: u64, fragment: String },
    /// Whether `text` is a scenario the engine reads (an opened file, before
    /// it may replace the work on screen).
    Check { id: u64, text: String },
    /// A vendor file for the worker to hold (replacing one of the same
    /// name); its bytes travel beside, transferred, never copied to text.
    Bill { name: String },
    /// The held vendor files named in `files`, in that order, reconciled
    /// against `text` (with the held import when the bill on screen has
    /// it); the worker lets go of the files not named.
    Reconcile {
        id: u64,
        text: String,
        files: Vec<String>,
        /// The dates the check is asked with.
        dates: CheckDates,
    },
    /// A sessions file to parse and hold; its bytes travel beside.
    Import { name: String },
    /// A small sessions file to read for the scenario `text` (its orgs and
    /// products check the rows); its bytes travel beside.
    Sessions { id: u64, text: String },
    /// A bot interactions file to place into `text`'s `usage.interactions`
    /// and check there; its bytes travel beside.
    Interactions { id: u64, text: String },
    /// Drop the held import.
    Clear,
    /// Run the warm-up (see `worker::warm_up`).
    WarmUp,
}

/// The dates a bill check is asked with, as the page's fields hold them
/// ("YYYY-MM-DD", or empty when not given).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckDates {
    /// The first day of the cycle a figures file without dates covers
    /// (the command line's `--period`).
    pub period: String,
    /// Bill to date (R-C3): figures of a cycle still open compare with the
    /// bill as of this day (the command line's `--as-of`).
    pub as_of: String,
}

/// When the worker compares the models after a bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    /// Right after the bill: someone is looking (the Compare tab, a print).
    Now,
    /// Once no other request has come for a moment: the comparison is ready
    /// for the tab or a print, and typing never waits behind it.
    WhenIdle,
    /// Not at all (a large import, where it costs three more bills).
    No,
}

/// A file made of the bill on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportFile {
    /// The invoices as CSV (`billsim simulate --csv`).
    InvoiceCsv,
    /// The result JSON (`billsim simulate --json`).
    ResultJson,
    /// The last bill check as CSV (`billsim reconcile --csv`).
    CheckCsv,
    /// The quote as an Excel workbook (`billsim simulate --xlsx`): answered
    /// with its input ([`WorkbookInput`] as JSON), which the workbook
    /// worker (`src/workbook.rs`) writes, so the billing worker does not
    /// carry the writer.
    Workbook,
}

/// What the quote workbook is written from: the bill on screen as the
/// billing worker holds it ([`WorkbookInputRef`] on its side).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct WorkbookInput {
    /// The scenario billed (its name and quote fields head the summary).
    pub scenario: billsim_core::Scenario,
    /// Its bill.
    pub result: SimResult,
    /// The models compared, when the scenario bills under each.
    pub comparison: Option<Comparison>,
}

/// [`WorkbookInput`] as the billing worker writes it, without copies.
#[derive(Debug, Serialize)]
pub struct WorkbookInputRef<'a> {
    /// The scenario billed.
    pub scenario: &'a billsim_core::Scenario,
    /// Its bill.
    pub result: &'a SimResult,
    /// The models compared.
    pub comparison: Option<&'a Comparison>,
}

/// A saved quote as the worker needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedText {
    /// The quote's name, for messages.
    pub name: String,
    /// Its scenario.
    pub text: String,
}

/// A reconciliation refused: the vendor file at fault (if one is), and why
/// (the worker writes it as the `Exported` error text).
#[derive(Debug, Clone, PartialEq)]
pub struct VendorRefused {
    /// The file the page should drop; `None` when the scenario is at fault.
    pub file: Option<String>,
    /// Why, with the bad rows.
    pub why: Rejected,
}

/// A small file's import refused: nothing is applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rejected {
    /// Why, as the page shows it.
    pub message: String,
    /// The bad rows by line and column (empty when the file is not to blame row by row).
    pub problems: Vec<CsvProblem>,
    /// Bad rows beyond `problems`.
    pub more: usize,
}

impl Rejected {
    /// A refusal with no rows to list.
    pub fn plain(message: impl Into<String>) -> Self {
        Rejected {
            message: message.into(),
            problems: Vec::new(),
            more: 0,
        }
    }
}

/// A small sessions file read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionsRead {
    /// Sessions read.
    pub sessions: usize,
    /// Distinct users.
    pub users: usize,
    /// The JSON of `usage.sessions` (not typed: the page only places it in
    /// the scenario text, and needs no reader for sessions).
    pub list: Value,
}

/// What the worker answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reply {
    /// How much of an import has been read, 0..1.
    Progress { fraction: f64 },
    /// The worker died and a new one started (written by the page's
    /// keeper, web/start-worker.js): it holds nothing yet.
    Restarted,
    /// The page's Stop was obeyed: the worker in hand was ended and a new
    /// one started (written by web/start-worker.js, never by the worker).
    Stopped,
    /// An import is held.
    Imported {
        name: String,
        sessions: usize,
        users: usize,
        ms: f64,
    },
    /// An import failed; the held one (if any) is kept.
    ImportFailed {
        name: String,
        message: String,
        problems: Vec<CsvProblem>,
        more: usize,
    },
    /// The bill of a `Simulate` request, with the day chart of the
    /// scenario's first workforce profile (`None`: it has none).
    Simulated {
        id: u64,
        result: Box<SimResult>,
        ms: f64,
        day: Option<DayChart>,
        /// The worker session's work so far (the bench counts it).
        work: Work,
    },
    /// The engine refused a `Simulate` request: the JSON path and message.
    Refused {
        id: u64,
        path: String,
        message: String,
    },
    /// The comparison a `Simulate` request asked for (`None`: none possible).
    Compared {
        id: u64,
        comparison: Option<Box<Comparison>>,
        /// Each compared model's AI token lines (`Compared::ai_by_model`).
        ai: Option<Vec<Option<Decimal>>>,
        /// The worker session's work so far, the comparison included.
        work: Work,
    },
    /// A "Why N?" answer, or why there is none.
    Why {
        id: u64,
        answer: Result<crate::drilldown::Answer, String>,
    },
    /// Advice progress: `done` of `total` steps.
    AdviceProgress { id: u64, done: u32, total: u32 },
    /// The advice and the worker's time.
    Advice {
        id: u64,
        advice: Box<billsim_core::advice::Advice>,
        /// Each product's headline (`billsim_core::advice::headline`).
        headlines: Vec<String>,
        ms: f64,
    },
    /// Why no advice.
    AdviceError { id: u64, message: String },
    /// The forecast row to append, or `None` when every cycle is measured.
    Forecast {
        id: u64,
        row: Option<billsim_core::scenario::Quantity>,
    },
    /// A `Sessions` request's file read, or why not.
    Sessions {
        id: u64,
        outcome: Result<SessionsRead, Rejected>,
    },
    /// An `Interactions` request's rows (JSON of `usage.interactions`), or why not.
    Interactions {
        id: u64,
        outcome: Result<Value, Rejected>,
    },
    /// Two quotes compared, or why not.
    Quotes {
        id: u64,
        diff: Result<QuoteDiff, String>,
    },
    /// The answer to `Export`: the file's text, or why there is none; and
    /// to `Reconcile`: the check as HTML (`check_view::of`), or the refused
    /// file's name, a line break and why, as HTML (`check_view::refusal`).
    Exported {
        id: u64,
        text: Result<String, String>,
    },
    /// The answer to `Share`: the value after `#s=`.
    Shared { id: u64, fragment: String },
    /// The answer to `OpenLink`: the scenario, or why the link cannot be read.
    LinkRead {
        id: u64,
        text: Result<String, String>,
    },
    /// The answer to `Check`: why the text is not a scenario, or `None`.
    Checked { id: u64, error: Option<String> },
}

/// The Workforce panel's chart: the first profile's working day as the bill
/// draws it (`billsim_core::workday`), drawn in the worker, where the
/// scenario is read, so the page never deserialises a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DayChart {
    /// The profile's absence seed.
    pub seed: u64,
    /// The contract's license model.
    pub model: Model,
    /// The day (`None`: the profile covers no working day), or why billing
    /// would refuse the profile.
    pub day: Result<Option<WorkingDay>, String>,
}

/// The wire object for `msg`, with `bytes` beside it when given.
pub fn wrap<T: Serialize>(msg: &T, bytes: Option<&JsValue>) -> Object {
    let o = Object::new();
    let json = serde_json::to_string(msg).unwrap_or_default();
    let _ = Reflect::set(&o, &JsValue::from_str("msg"), &JsValue::from_str(&json));
    if let Some(b) = bytes {
        let _ = Reflect::set(&o, &JsValue::from_str("bytes"), b);
    }
    o
}

/// The message in a wire object, or why it could not be read.
pub fn unwrap<T: for<'de> Deserialize<'de>>(data: &JsValue) -> Result<T, String> {
    let json = Reflect::get(data, &JsValue::from_str("msg"))
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| "a message without its text".to_owned())?;
    serde_json::from_str(&json).map_err(|e| format!("an unreadable message: {e}"))
}

/// The bytes beside a wire message (an import's file).
pub fn bytes(data: &JsValue) -> JsValue {
    Reflect::get(data, &JsValue::from_str("bytes")).unwrap_or(JsValue::UNDEFINED)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The workbook worker reads back exactly what the billing worker
    /// wrote of the bill on screen, the example with its comparison.
    #[test]
    fn the_workbook_input_reads_back_as_written() {
        let text = include_str!("../../examples/contact-center.json");
        let mut session =
            billsim_core::session::Session::from_json(text, billsim_core::session::Usage::None)
                .unwrap();
        let result = session.bill(&Default::default()).unwrap();
        let compared = session.compare().unwrap();
        let json = serde_json::to_string(&WorkbookInputRef {
            scenario: session.scenario(),
            result: &result,
            comparison: Some(&compared.comparison),
        })
        .unwrap();
        let back: WorkbookInput = serde_json::from_str(&json).unwrap();
        assert_eq!(&back.scenario, session.scenario());
        assert_eq!(back.result, result);
        assert_eq!(back.comparison.as_ref(), Some(&compared.comparison));
    }

    /// The page's keeper (web/start-worker.js) writes these replies itself
    /// when the worker dies or is stopped: their text must be this enum's.
    #[test]
    fn the_keepers_replies_are_this_enums() {
        let keeper = include_str!("../start-worker.js");
        for reply in [Reply::Restarted, Reply::Stopped] {
            let wire = serde_json::to_string(&reply).unwrap();
            assert!(keeper.contains(&format!("msg: '{wire}'")), "{wire}");
            assert_eq!(serde_json::from_str::<Reply>(&wire).unwrap(), reply);
        }
    }

    #[test]
    fn requests_and_replies_read_back_as_written() {
        let r = Request::Simulate {
            id: 7,
            text: "{}".into(),
            compare: Compare::WhenIdle,
            with_import: true,
        };
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains(r#""kind":"simulate""#), "{json}");
        assert!(json.contains(r#""compare":"when_idle""#), "{json}");
        assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), r);
        let q = Reply::Quotes {
            id: 3,
            diff: Err("\"A\" does not simulate".into()),
        };
        let json = serde_json::to_string(&q).unwrap();
        assert_eq!(serde_json::from_str::<Reply>(&json).unwrap(), q);
    }
}
