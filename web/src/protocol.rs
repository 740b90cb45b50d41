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
        /// The held import the bill is of, by key; none when the version
        /// on screen bills without one (Undo past an import sets it aside,
        /// and the worker keeps it, as it keeps one a later import replaced).
        import: Option<u64>,
    },
    /// Advice on `text`, the best chosen by `percentile` ("50" or "90").
    Advise {
        id: u64,
        text: String,
        percentile: String,
    },
    /// A question paired with its answer's type (see [`Query`]).
    Ask { id: u64, question: Question },
    /// A vendor file for the worker to hold (replacing one of the same
    /// name); its bytes travel beside, transferred, never copied to text.
    Bill { name: String },
    /// A sessions file to parse and hold under `key` (the id of the import
    /// that first brought it: a copy read back keeps its key); its bytes
    /// travel beside. The answer, `Imported` or `ImportFailed`, carries
    /// the same id.
    Import { id: u64, key: u64, name: String },
    /// Drop every held import.
    Clear,
    /// Run the warm-up (see `worker::warm_up`).
    WarmUp,
}

/// A question the page asks the worker, typed with its answer: the page's
/// callback takes `Self::Answer` and the worker's handler must return one
/// (`worker::answer` wraps it with [`Query::wrap`]), so a reply of the wrong
/// type is a compile error, not a branch at run time. It travels as
/// `Request::Ask` and comes back as `Reply::Answer` under the same id.
pub trait Query: Into<Question> {
    /// What the worker answers.
    type Answer;
    /// The answer as it travels.
    fn wrap(answer: Self::Answer) -> Answered;
    /// This question's answer out of what came back (`None`: another
    /// question's, which the worker's typed `answer` cannot send).
    fn take(answered: Answered) -> Option<Self::Answer>;
}

/// Declares each question's struct, its answer type and its `Question`
/// and `Answered` variants.
macro_rules! questions {
    ($($(#[$doc:meta])* $name:ident { $($(#[$fdoc:meta])* $field:ident: $ty:ty,)* } => $answer:ty;)*) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            pub struct $name { $($(#[$fdoc])* pub $field: $ty,)* }
            impl Query for $name {
                type Answer = $answer;
                fn wrap(answer: $answer) -> Answered {
                    Answered::$name(answer)
                }
                fn take(answered: Answered) -> Option<$answer> {
                    match answered {
                        Answered::$name(a) => Some(a),
                        #[allow(unreachable_patterns)]
                        _ => None,
                    }
                }
            }
            impl From<$name> for Question {
                fn from(q: $name) -> Self {
                    Question::$name(q)
                }
            }
        )*
        /// Every question, as it travels.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(tag = "q", rename_all = "snake_case")]
        pub enum Question { $($name($name),)* }
        /// Every question's answer, as it travels.
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Answered { $($name($answer),)* }
    };
}

questions! {
    /// A "Why N?" question about `text`, with the worker's import `import`
    /// (by key), if any: the panel's content, or why there is none.
    Why { text: String, import: Option<u64>, request: crate::drilldown::Request, }
        => Result<crate::drilldown::Answer, String>;
    /// A forecast row `text` can bill (`None`: every cycle is measured).
    Forecast { text: String, } => Option<billsim_core::scenario::Quantity>;
    /// Two saved quotes billed and compared (B minus A), or why not.
    Quotes { a: NamedText, b: NamedText, } => Result<QuoteDiff, String>;
    /// The latest bill as a file: its text, or why there is none (writing
    /// it is worker code). Questions are answered in order, so a value
    /// typed just before the click is in the file.
    Export { file: ExportFile, } => Result<String, String>;
    /// `text` packed for a share link: the value after `#s=`
    /// (`billsim_core::share_link`; deflate is worker code).
    Share { text: String, } => String;
    /// The scenario in a share link (the text after `#s=`), or why it
    /// cannot be read.
    OpenLink { fragment: String, } => Result<String, String>;
    /// Whether `text` is a scenario the engine reads (an opened file,
    /// before it may replace the work on screen): why not, or `Ok`.
    Check { text: String, } => Result<(), String>;
    /// The held vendor files named in `files`, in that order, reconciled
    /// against `text` (with the held import when the bill on screen has
    /// it): the check as HTML (the worker's `check_view::of`), or why not. The worker
    /// lets go of the files not named.
    Reconcile {
        text: String,
        files: Vec<String>,
        /// The dates the check is asked with.
        dates: CheckDates,
    } => Result<String, CheckRefused>;
    /// A small sessions file, its bytes beside, read for the scenario
    /// `text` (its orgs and products check the rows).
    Sessions { text: String, } => Result<SessionsRead, Rejected>;
    /// A bot interactions file, its bytes beside, placed into `text`'s
    /// `usage.interactions` and checked there: the rows as JSON.
    Interactions { text: String, } => Result<Value, Rejected>;
}

/// A bill check refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRefused {
    /// The vendor file the page should drop, or empty when the scenario is at fault.
    pub file: String,
    /// Why, as HTML (the worker's `check_view::refusal`).
    pub why: String,
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
    /// The scenario's value that refused the file (a forecast for a cycle
    /// the logins measure), for the page to name its field in words.
    pub path: Option<String>,
}

impl Rejected {
    /// A refusal with no rows to list.
    pub fn plain(message: impl Into<String>) -> Self {
        Rejected {
            message: message.into(),
            problems: Vec::new(),
            more: 0,
            path: None,
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

/// The printed quote's parts the worker writes with each bill, as HTML:
/// the contract terms and workforce assumptions (before the invoices), and
/// the totals per contract year (after them). Markup costs the page
/// nothing to read.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QuoteHtml {
    pub terms: String,
    pub years: String,
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
        id: u64,
        /// The key it is held under.
        key: u64,
        name: String,
        sessions: usize,
        users: usize,
        ms: f64,
        /// The keys of older imports the worker let go to hold this one.
        dropped: Vec<u64>,
    },
    /// An import failed; the held one (if any) is kept.
    ImportFailed {
        id: u64,
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
        /// The printed quote's terms and totals per year, for this bill.
        quote: QuoteHtml,
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
        /// The break-even sentence (`billsim_core::break_even`).
        break_even: Option<String>,
        work: Work,
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
    /// The answer to `Request::Ask` of the same id.
    Answer { id: u64, answer: Answered },
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
    wrap_under("msg", msg, bytes)
}

/// As [`wrap`], the message under `key` (the worker speaks to its helpers
/// under a key of their own, `pool`).
pub fn wrap_under<T: Serialize>(key: &str, msg: &T, bytes: Option<&JsValue>) -> Object {
    let o = Object::new();
    let json = serde_json::to_string(msg).unwrap_or_default();
    let _ = Reflect::set(&o, &JsValue::from_str(key), &JsValue::from_str(&json));
    if let Some(b) = bytes {
        let _ = Reflect::set(&o, &JsValue::from_str("bytes"), b);
    }
    o
}

/// The message in a wire object, or why it could not be read.
pub fn unwrap<T: for<'de> Deserialize<'de>>(data: &JsValue) -> Result<T, String> {
    unwrap_under("msg", data)
}

/// As [`unwrap`], the message under `key`.
pub fn unwrap_under<T: for<'de> Deserialize<'de>>(key: &str, data: &JsValue) -> Result<T, String> {
    let json = Reflect::get(data, &JsValue::from_str(key))
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
            import: Some(3),
        };
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains(r#""kind":"simulate""#), "{json}");
        assert!(json.contains(r#""compare":"when_idle""#), "{json}");
        assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), r);
        let diff: Result<QuoteDiff, String> = Err("\"A\" does not simulate".into());
        let q = Reply::Answer {
            id: 3,
            answer: Quotes::wrap(diff.clone()),
        };
        let json = serde_json::to_string(&q).unwrap();
        let back = serde_json::from_str::<Reply>(&json).unwrap();
        assert_eq!(back, q);
        let Reply::Answer { answer, .. } = back else {
            panic!("{json}")
        };
        assert_eq!(Quotes::take(answer), Some(diff));
    }
}
