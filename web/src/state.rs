//! The app's state: the scenario text (what is saved and shared), its JSON
//! document (what the form edits), and the last good result. A bad edit shows
//! the engine's message and keeps the last good invoices on screen.

use std::collections::BTreeMap;
use std::rc::Rc;

use billsim_core::compare::Comparison;
use billsim_core::scenario::PeakRule;
use billsim_core::session::Work;
use billsim_core::SimResult;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;
use yew::{AttrValue, Reducible};

use crate::doc::{self, Seg};
use crate::protocol::{Compare, DayChart, QuoteHtml};

/// Built-in scenarios; the first is shown at first load.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "3-shift contact center (concurrent CX2, ramp, stepped commitment)",
        include_str!("../../examples/contact-center.json"),
    ),
    (
        "FAQ: committed 20, used 10",
        include_str!("../../examples/committed-20-used-10.json"),
    ),
    (
        "FAQ: 25 CX2 users beside 10 prepay",
        include_str!("../../examples/prepay-and-overage.json"),
    ),
];

/// Which main view is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// Invoices and the chart.
    Invoices,
    /// Named vs concurrent vs hourly.
    Compare,
    /// Workforce, forecasts and imports.
    Usage,
    /// Saved quotes, two side by side.
    Quotes,
    /// The commitment and model to quote (computed in the worker).
    Advice,
    /// The vendor's bill reconciled against the scenario.
    CheckBill,
}

/// The outcome of the last CSV import.
#[derive(Debug, Clone, PartialEq)]
pub enum Import {
    /// Nothing imported this session.
    None,
    /// Reading a file.
    Reading(String),
    /// Imported: file name, sessions, users.
    Done {
        file: String,
        sessions: usize,
        users: usize,
    },
    /// Rejected: nothing applied; the problems by line and column.
    Failed {
        file: String,
        message: String,
        problems: Vec<billsim_core::error::CsvProblem>,
        more: usize,
        /// The scenario's value that refused it ([`crate::protocol::Rejected::path`]).
        path: Option<String>,
    },
}

/// The outcome of the last interactions import (R-AI2): small files only,
/// the rows go into the scenario itself.
#[derive(Debug, Clone, PartialEq)]
pub enum InteractionsImport {
    /// Nothing imported this session.
    None,
    /// Imported: file name and rows.
    Done { file: String, interactions: usize },
    /// Rejected: nothing applied; the problems by line and column.
    Failed {
        file: String,
        message: String,
        problems: Vec<billsim_core::error::CsvProblem>,
        more: usize,
        /// The scenario's value that refused it ([`crate::protocol::Rejected::path`]).
        path: Option<String>,
    },
}

/// The state as every component holds it: Yew's reducer handle, equal to
/// another only when it holds the same state. The App's context compares
/// it each time the App draws: field by field, that walked the whole
/// state, the bill included, on every edit (and linked the comparison).
#[derive(Clone)]
pub struct Store {
    handle: yew::UseReducerHandle<State>,
    /// The state's [`State::version`] when the App drew with it (a handle
    /// reads the state current when it is read, so it cannot say itself).
    version: u64,
}

impl Store {
    pub fn new(handle: yew::UseReducerHandle<State>) -> Self {
        let version = handle.version;
        Store { handle, version }
    }
}

impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

impl std::ops::Deref for Store {
    type Target = yew::UseReducerHandle<State>;

    fn deref(&self) -> &Self::Target {
        &self.handle
    }
}

/// The drafts as this tab saves them: a record per field of its path, the
/// text typed and the message, split by ASCII separators no field holds
/// (read back by [`State::from_text`]).
pub fn saved_drafts(drafts: &BTreeMap<String, Draft>) -> String {
    let mut saved = String::new();
    for (p, d) in drafts {
        if !saved.is_empty() {
            saved.push('\u{1e}');
        }
        saved.push_str(&format!("{p}\u{1f}{}\u{1f}{}", d.typed, d.message));
    }
    saved
}

/// The engine's refusal of the text on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// Where, as a JSON path (`contract.commitments[1].quantity`).
    pub path: String,
    /// Why, in the engine's words.
    pub message: String,
}

/// A large import the background worker holds.
#[derive(Debug, Clone, PartialEq)]
pub struct LargeImport {
    /// The key the worker holds it under.
    pub key: u64,
    /// The file's name.
    pub file: String,
    /// Sessions read.
    pub sessions: usize,
    /// Distinct users.
    pub users: usize,
}

/// A field's typed text that is not a value it takes (kept until it is).
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// What the person typed.
    pub typed: String,
    /// Why it is not taken, in the field's words.
    pub message: String,
}

/// Drops what was typed in the fields at or under `path`; when `removed`
/// took an item out of a list, what was typed in the items after it moves
/// up with them (tester: a row's "abc" showed on the next row once its
/// own was removed).
fn forget_drafts(drafts: &mut BTreeMap<String, Draft>, path: &[Seg], removed: bool) {
    let at = doc::dotted(path);
    let under =
        |k: &str| k == at || k.starts_with(&format!("{at}.")) || k.starts_with(&format!("{at}["));
    drafts.retain(|k, _| !under(k));
    let (Some(Seg::Idx(i)), true) = (path.last(), removed) else {
        return;
    };
    let list = doc::dotted(&path[..path.len() - 1]);
    let moved: Vec<(String, String)> = drafts
        .keys()
        .filter_map(|k| {
            let rest = k.strip_prefix(&format!("{list}["))?;
            let (n, tail) = rest.split_once(']')?;
            let n: usize = n.parse().ok()?;
            (n > *i).then(|| (k.clone(), format!("{list}[{}]{tail}", n - 1)))
        })
        .collect();
    // All taken out before any goes back: "[10]" sorts before "[9]".
    let taken: Vec<(String, Draft)> = moved
        .into_iter()
        .filter_map(|(from, to)| Some((to, drafts.remove(&from)?)))
        .collect();
    drafts.extend(taken);
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The scenario text (the editor, autosave, share link, download).
    pub text: String,
    /// The text as JSON, when it parses as JSON at all.
    pub doc: Option<Value>,
    /// The first workforce profile's day chart, as the worker drew it with
    /// the last bill (`None`: no profile).
    pub day: Option<Rc<DayChart>>,
    /// The printed quote's terms and totals per year, written by the
    /// worker with the last bill.
    pub quote: Rc<QuoteHtml>,
    /// Its result.
    pub result: Option<Rc<SimResult>>,
    /// The same usage under each model.
    pub comparison: Option<Rc<Comparison>>,
    /// Each compared model's AI token lines (before tax), when the scenario has AI usage.
    pub compare_ai: Option<Rc<Vec<Option<Decimal>>>>,
    /// The comparison's break-even sentence, written by the worker with it.
    pub break_even: Option<AttrValue>,
    /// Counts the times the whole text was replaced (an example, a file, a
    /// quote, Undo, Redo; not typing in the JSON editor): a field's typing
    /// in progress ends.
    pub replaced: u32,
    /// Counts the changes of the state: each action gives a new version
    /// ([`Store`] compares them instead of the states).
    pub version: u64,
    /// The engine's refusal of the current text.
    pub error: Option<Refusal>,
    /// Selected invoice number.
    pub selected: u32,
    /// Visible tab.
    pub tab: Tab,
    /// Last import.
    pub import: Import,
    /// Last interactions import.
    pub interactions_import: InteractionsImport,
    /// How long the last simulation took in the worker, in ms.
    pub sim_ms: f64,
    /// What the worker's session has done for the scenario on screen (the
    /// bench reads it: one parse, one preparation, a measurement per model).
    pub work: Work,
    /// The large import the text on screen bills with (or that Undo set
    /// aside), held by the background worker.
    pub large: Option<LargeImport>,
    /// Every large import the worker holds, oldest first: one that a later
    /// import replaced comes back with Undo.
    pub held: Rc<Vec<LargeImport>>,
    /// The latest simulation asked of the worker (older answers are dropped).
    pub pending: u64,
    /// When that request has the models compared.
    pub compare: Compare,
    /// Whether the latest request's bill has arrived.
    pub answered: bool,
    /// Between the browser's beforeprint and afterprint: only then is the
    /// printed quote drawn (two thirds of the page's elements, which every
    /// edit would otherwise redraw twice).
    pub printing: bool,
    /// The request the comparison (or its absence) answers.
    pub compared: u64,
    /// The background worker failed to start (no bills can come).
    pub worker_failed: bool,
    /// How often the worker died and was started again.
    pub restarts: u32,
    /// Stop was pressed: the results are from before the last change, and
    /// nothing is billed until the next one.
    pub stopped: bool,
    /// The last restart left this large import (its key) to read back from
    /// this browser.
    pub read_back: Option<u64>,
    /// Import progress, 0..1, while the worker parses.
    pub progress: Option<f64>,
    /// How long the last import's parse took, in ms.
    pub import_ms: f64,
    /// Earlier versions, the latest last (Undo).
    pub past: Rc<Vec<Version>>,
    /// Versions undone, the latest undone last (Redo).
    pub future: Rc<Vec<Version>>,
    /// Whether the large import applies to the text on screen: Undo past
    /// the import sets it aside (the earlier bill, exactly), Redo applies it
    /// again; the worker keeps it meanwhile.
    pub import_on: bool,
    /// At start, the kept import is read back set aside (it was set aside
    /// when the page was left).
    pub restore_aside: bool,
    /// Fields holding text that is not a value they take, by path.
    /// The text never enters the scenario, so the rest keeps billing.
    pub drafts: Rc<BTreeMap<String, Draft>>,
    /// Why the last form action did nothing, in words.
    pub form_note: Option<String>,
    /// The large import's copy in this browser's storage.
    pub kept: Kept,
}

/// A version of the work: the scenario text, and the large import it
/// billed with (or had set aside).
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    /// The scenario text.
    pub text: String,
    /// The large import applied to it.
    pub import_on: bool,
    /// The large import it billed with, or had set aside.
    pub large: Option<LargeImport>,
}

/// How many earlier versions Undo can go back.
pub const HISTORY: usize = 100;

/// What can happen.
pub enum Action {
    /// New scenario text (loaded, opened or restored): a field being typed
    /// in stops ([`State::replaced`]).
    SetText(String),
    /// Scenario text typed in the JSON editor (no field is being typed in).
    TypeText(String),
    /// A form field: path and new value (`None` clears an optional field).
    SetField(Vec<Seg>, Option<Value>),
    /// Several fields at once, one step for undo (a model switch that
    /// also drops commitments counted in the other unit).
    SetFields(Vec<(Vec<Seg>, Option<Value>)>),
    /// Append to an array (a commitment step).
    Push(Vec<Seg>, Value),
    /// An invoice picked in the timeline.
    Select(u32),
    /// A tab picked.
    Tab(Tab),
    /// An import started, finished or failed.
    /// The sessions are the JSON of `usage.sessions` (read in the worker).
    Import(Import, Option<Value>),
    /// An interactions file read: its outcome, and the rows (JSON) for
    /// `usage.interactions` when it was good.
    ImportInteractions(InteractionsImport, Option<Value>),
    /// The worker's parse progress.
    Progress(f64),
    /// The worker holds a large import.
    LargeImported {
        /// The import.
        import: LargeImport,
        /// Parse time in the worker, ms.
        ms: f64,
        /// The keys of older imports the worker let go to hold it.
        dropped: Vec<u64>,
    },
    /// A worker simulation's result.
    WorkerResult {
        /// Request id.
        id: u64,
        /// The bill.
        result: Rc<SimResult>,
        /// Worker time in ms.
        ms: f64,
        /// The day chart drawn with it.
        day: Option<Rc<DayChart>>,
        /// The printed quote's parts written with it.
        quote: Rc<QuoteHtml>,
        /// The worker session's work so far.
        work: Work,
    },
    /// The comparison of the models a request asked for.
    Compared {
        /// Request id.
        id: u64,
        /// The same usage under each model (`None`: it cannot be compared).
        comparison: Option<Rc<Comparison>>,
        /// Each model's AI token lines.
        ai: Option<Rc<Vec<Option<Decimal>>>>,
        /// The break-even sentence.
        break_even: Option<AttrValue>,
        /// The worker session's work so far.
        work: Work,
    },
    /// A worker simulation's error.
    WorkerError {
        /// Request id.
        id: u64,
        /// JSON path.
        path: String,
        /// Message.
        message: String,
    },
    /// Forget the large import; bill the scenario's own usage again.
    ClearLarge,
    /// The background worker could not start.
    WorkerFailed,
    /// The background worker died and a new one started, holding nothing.
    WorkerRestarted,
    /// The person pressed Stop: the worker was replaced mid-question.
    WorkerStopped,
    /// News of the large import's copy in this browser's storage.
    Kept(Kept),
    /// A field's typed text is not a value it takes (`Some`), or is again.
    Draft(String, Option<Draft>),
    /// The share link the page opened with is read: its scenario (`None`:
    /// the link cannot be read, and the text shown is billed). With `keep`
    /// (work was autosaved) the text it covers stays one Undo away.
    LinkRead { text: Option<String>, keep: bool },
    /// Back to the text before the last change.
    Undo,
    /// Forward to the text last undone.
    Redo,
    /// Append a forecast row the scenario can bill (`None`: there is none;
    /// the worker looked, see `crate::forecast`).
    AddForecast(Option<Value>),
    /// About to print: the quote is drawn, with the model comparison,
    /// whatever tab shows.
    PreparePrint,
    /// Printed (or the print dialog closed): the quote is put away.
    PrintDone,
}

/// What became of the copy of a large import kept in this browser
/// (`crate::kept`), for the status lines.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Kept {
    /// Nothing kept, or nothing to say.
    #[default]
    None,
    /// Reading the kept file back: its name.
    Restoring(String),
    /// Storing the file just imported.
    Saving,
    /// Stored: a reload brings it back.
    Saved,
    /// Imported again at start: file and sessions.
    Restored { file: String, sessions: usize },
    /// Not stored, in words: the import works for this session only.
    NotSaved(String),
    /// Kept but not applied, because the page opened a shared scenario: its name.
    Skipped(String),
    /// The kept file could not be imported again, in words.
    Lost(String),
}

thread_local! {
    /// [`State::replaced`] as the reducer last set it, read by an input's
    /// change handler made at an earlier render (its state is that
    /// render's): a change fired while the form is redrawn for a replaced
    /// text is dropped.
    static REPLACED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Counts one more replacement of the whole text.
fn replace_text() -> u32 {
    REPLACED.with(|r| {
        r.set(r.get().wrapping_add(1));
        r.get()
    })
}

/// The replacements of the whole text so far.
pub fn replaced_now() -> u32 {
    REPLACED.with(std::cell::Cell::get)
}

impl State {
    /// A small import went into the scenario text: after Undo or Redo the
    /// text on screen may no longer hold it, so its "imported" note goes
    /// (the Usage tab's reports say what the scenario holds). A large
    /// import keeps its note: Undo sets it aside and says so.
    fn forget_small_import(&mut self) {
        if self.large.is_none() && matches!(self.import, Import::Done { .. }) {
            self.import = Import::None;
        }
    }

    /// After a new worker took over: a large import comes back only from
    /// its copy in this browser (billed again once read back, in lib.rs,
    /// and set aside again if it was); without one it is gone. Whether it
    /// is being read back.
    fn read_back_kept(&mut self) -> bool {
        Rc::make_mut(&mut self.held).clear();
        let kept = matches!(self.kept, Kept::Saved | Kept::Restored { .. });
        self.read_back = self.large.take().filter(|_| kept).map(|l| l.key);
        if self.read_back.is_some() {
            self.restore_aside = !self.import_on;
            self.answered = false;
        }
        self.read_back.is_some()
    }

    /// The version on screen.
    fn now(&mut self) -> Version {
        Version {
            text: std::mem::take(&mut self.text),
            import_on: self.import_on,
            large: self.large.clone(),
        }
    }

    /// Goes back (or forward) to `v`: its import comes back if the worker
    /// still holds it; if not, the text bills without it, and the form
    /// says why.
    fn go_to(&mut self, v: Version) {
        Rc::make_mut(&mut self.drafts).clear();
        // A note spoke of the step it was said at.
        self.form_note = None;
        let held = v
            .large
            .as_ref()
            .is_some_and(|l| self.held.iter().any(|h| h.key == l.key));
        if let (Some(l), false) = (&v.large, held) {
            if v.import_on {
                self.form_note = Some(format!("This version billed with {}, which this page no longer holds (removed, let go for memory, or after a restart): the invoices bill without it. Import the file again to bill it.", l.file));
            }
        }
        if held {
            // The status line speaks of the import this step bills with (or
            // set aside), not of a later file.
            if let Some(l) = &v.large {
                self.import = Import::Done {
                    file: l.file.clone(),
                    sessions: l.sessions,
                    users: l.users,
                };
            }
            self.large = v.large;
        }
        self.import_on = v.import_on && held;
        self.forget_small_import();
        self.apply_text(v.text);
    }

    /// The key of the held import the text on screen bills with.
    pub fn import_key(&self) -> Option<u64> {
        self.large
            .as_ref()
            .filter(|_| self.import_on)
            .map(|l| l.key)
    }

    /// State for some scenario text, simulated.
    pub fn from_text(text: String) -> State {
        let mut s = State {
            text: String::new(),
            doc: None,
            day: None,
            quote: Rc::default(),
            result: None,
            comparison: None,
            compare_ai: None,
            break_even: None,
            replaced: replaced_now(),
            version: 0,
            error: None,
            selected: 1,
            tab: Tab::Invoices,
            import: Import::None,
            interactions_import: InteractionsImport::None,
            sim_ms: 0.0,
            work: Work::default(),
            large: None,
            held: Rc::default(),
            pending: 0,
            compare: Compare::No,
            answered: false,
            printing: false,
            compared: 0,
            worker_failed: false,
            restarts: 0,
            stopped: false,
            read_back: None,
            progress: None,
            import_ms: 0.0,
            past: Rc::default(),
            future: Rc::default(),
            import_on: false,
            restore_aside: crate::storage::import_aside(),
            drafts: Rc::default(),
            form_note: None,
            kept: Kept::None,
        };
        s.apply_text(text);
        // What the fields held that the scenario could not take before a
        // reload (a link read next drops them: they are not its), put back
        // as the reducer puts a draft.
        let saved = crate::storage::drafts();
        let drafts = Rc::make_mut(&mut s.drafts);
        for r in saved.split('\u{1e}') {
            if let Some((path, rest)) = r.split_once('\u{1f}') {
                if let Some((typed, message)) = rest.split_once('\u{1f}') {
                    let d = Draft {
                        typed: typed.to_owned(),
                        message: message.to_owned(),
                    };
                    drafts.insert(path.to_owned(), d);
                }
            }
        }
        s
    }

    /// A change of the text by the person: the text before it can be undone to.
    pub fn change_text(&mut self, text: String) {
        if text == self.text {
            return;
        }
        let before = self.now();
        self.remember(before);
        self.apply_text(text);
    }

    /// Keeps `v` for Undo (a new change forgets what was undone).
    fn remember(&mut self, v: Version) {
        let past = Rc::make_mut(&mut self.past);
        past.push(v);
        if past.len() > HISTORY {
            past.remove(0);
        }
        Rc::make_mut(&mut self.future).clear();
    }

    /// Re-reads the text and asks the worker to bill it; keeps the last
    /// good result on screen until the new one arrives, or on error. The
    /// form shows the JSON at once; the worker reads it as a scenario, and
    /// its refusal (with the JSON path) is the form's field error: the page
    /// never deserialises a scenario, which keeps its wasm small.
    pub fn apply_text(&mut self, text: String) {
        self.text = text;
        self.doc = serde_json::from_str(&self.text).ok();
        self.request();
    }

    /// Asks for a bill of the text (the effect in `App` posts it): with the
    /// comparison unless a large import makes that costly and no one looks.
    fn request(&mut self) {
        self.pending += 1;
        self.answered = false;
        self.stopped = false;
        self.compare = if self.tab == Tab::Compare {
            Compare::Now
        } else if self.large.is_none() {
            Compare::WhenIdle
        } else {
            Compare::No
        };
    }

    /// Asks again with the comparison when it is missing and needed (the
    /// Compare tab or the printed quote).
    fn need_comparison(&mut self) {
        if self.comparison.is_none() && self.compare != Compare::Now && self.error.is_none() {
            self.request();
            self.compare = Compare::Now;
        }
    }

    fn edit(&mut self, f: impl FnOnce(&mut Value)) {
        let Some(mut d) = self.doc.clone() else {
            return;
        };
        f(&mut d);
        let text = serde_json::to_string_pretty(&d).unwrap_or_default();
        self.change_text(text);
    }

    /// A text field of the scenario's JSON, as typed ("" when absent).
    pub fn text_at(&self, path: &[&'static str]) -> &str {
        let path: Vec<Seg> = path.iter().map(|k| Seg::Key(k)).collect();
        self.doc
            .as_ref()
            .and_then(|d| doc::get(d, &path))
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// The first key, in sorted order as the engine reads them, of an object
    /// of the scenario's JSON (the first product).
    pub fn first_key(&self, path: &[&'static str]) -> Option<String> {
        let path: Vec<Seg> = path.iter().map(|k| Seg::Key(k)).collect();
        let o = self
            .doc
            .as_ref()
            .and_then(|d| doc::get(d, &path))?
            .as_object()?;
        o.keys().min().cloned()
    }

    /// The contract's peak rule as typed (the default when absent or not one).
    pub fn peak_rule(&self) -> PeakRule {
        self.doc
            .as_ref()
            .and_then(|d| d["contract"].get("peak_rule"))
            .and_then(|r| PeakRule::deserialize(r).ok())
            .unwrap_or_default()
    }

    /// Whether the results on screen leave out a change (a field holds an error).
    pub fn stale(&self) -> bool {
        self.error.is_some() || !self.drafts.is_empty()
    }

    /// The engine's message if it points at `path` (or inside it).
    pub fn error_at(&self, path: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|r| {
                r.path
                    .strip_prefix(path)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
            })
            .map(|r| r.message.as_str())
    }
}

impl Reducible for State {
    type Action = Action;

    /// The next state; a new bill it asks for is posted at once, before
    /// the page is drawn (see `crate::outbox`).
    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let asked = self.pending;
        let s = self.step(action);
        if s.pending != asked && s.pending > 0 {
            crate::outbox::bill(s.pending, &s.text, s.compare, s.import_key());
        }
        s
    }
}

impl State {
    /// What `action` makes of the state.
    fn step(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        s.version += 1;
        match action {
            Action::LinkRead { text, keep } => {
                // Values typed for the scenario the link replaces are not its.
                if text.as_ref().is_some_and(|t| *t != s.text) {
                    Rc::make_mut(&mut s.drafts).clear();
                }
                match text {
                // An edit made while the link was read is kept for Undo too.
                Some(t) if t != s.text && (keep || !s.past.is_empty()) => s.change_text(t),
                Some(t) if t != s.text => s.apply_text(t),
                _ => s.request(),
                }
            }
            Action::SetText(t) => {
                s.replaced = replace_text();
                Rc::make_mut(&mut s.drafts).clear();
                s.change_text(t)
            }
            Action::TypeText(t) => {
                Rc::make_mut(&mut s.drafts).clear();
                s.change_text(t)
            }
            Action::SetField(path, v) => {
                let removed = v.is_none();
                forget_drafts(Rc::make_mut(&mut s.drafts), &path, removed);
                s.edit(|d| doc::set(d, &path, v))
            }
            Action::SetFields(fields) => {
                for (path, v) in &fields {
                    forget_drafts(Rc::make_mut(&mut s.drafts), path, v.is_none());
                }
                s.edit(|d| {
                    for (path, v) in fields {
                        doc::set(d, &path, v);
                    }
                })
            }
            Action::Draft(path, d) => {
                let drafts = Rc::make_mut(&mut s.drafts);
                match d {
                    Some(d) => drafts.insert(path, d),
                    None => drafts.remove(&path),
                };
            }
            Action::Undo => {
                s.replaced = replace_text();
                if !s.drafts.is_empty() {
                    // What was typed and could not bill is undone first: the
                    // form shows the step on screen again (tester: Undo went
                    // past it, to the step before).
                    let typed: Vec<String> =
                        s.drafts.values().map(|d| format!("\"{}\"", d.typed)).collect();
                    Rc::make_mut(&mut s.drafts).clear();
                    s.form_note = Some(format!(
                        "Undo took back what you typed that could not bill ({}): the fields show the scenario billed. Undo again goes back a step.",
                        typed.join(", ")
                    ));
                } else if let Some(v) = Rc::make_mut(&mut s.past).pop() {
                    let now = s.now();
                    Rc::make_mut(&mut s.future).push(now);
                    s.go_to(v);
                }
            }
            Action::Redo => {
                s.replaced = replace_text();
                if let Some(v) = Rc::make_mut(&mut s.future).pop() {
                    let now = s.now();
                    Rc::make_mut(&mut s.past).push(now);
                    s.go_to(v);
                }
            }
            Action::AddForecast(row) => match row {
                Some(row) => {
                    s.form_note = None;
                    s.edit(|d| doc::push(d, &[Seg::Key("usage"), Seg::Key("quantities")], row));
                }
                None => {
                    s.form_note = Some("No forecast was added: every cycle of every product is already measured from the sessions or workforce profiles, and a forecast would count it twice. Remove a profile (in the Scenario JSON) to forecast instead.".into())
                }
            },
            Action::Push(path, v) => s.edit(|d| doc::push(d, &path, v)),
            Action::Select(n) => s.selected = n,
            Action::Tab(t) => {
                s.tab = t;
                if t == Tab::Compare {
                    s.need_comparison();
                }
            }
            Action::Progress(f) => s.progress = Some(f),
            Action::PreparePrint => {
                s.printing = true;
                s.need_comparison();
            }
            Action::PrintDone => s.printing = false,
            Action::LargeImported { import, ms, dropped } => {
                s.progress = None;
                s.import_ms = ms;
                s.import = Import::Done {
                    file: import.file.clone(),
                    sessions: import.sessions,
                    users: import.users,
                };
                let held = Rc::make_mut(&mut s.held);
                held.retain(|h| h.key != import.key && !dropped.contains(&h.key));
                held.push(import.clone());
                // The import it replaces on screen, if another (a copy read
                // back keeps its key): the version before bills with it, a
                // step back even when its text is the same.
                let key = import.key;
                let earlier = s.large.replace(import).filter(|l| l.key != key);
                s.comparison = None;
                s.compare_ai = None;
                if std::mem::take(&mut s.restore_aside) {
                    // Read back at start, but it was set aside by Undo when
                    // the page was left: the text on screen bills without it.
                    s.import_on = false;
                    s.request();
                    return s.into();
                }
                // The import stands for the scenario's own logins and
                // workforce profiles; the version before it bills without it
                // (Undo brings that bill back exactly, Redo the import).
                let text = match s.doc.clone() {
                    Some(mut d) => {
                        doc::set(&mut d, &[Seg::Key("usage"), Seg::Key("sessions")], None);
                        doc::set(&mut d, &[Seg::Key("usage"), Seg::Key("profiles")], None);
                        serde_json::to_string_pretty(&d).unwrap_or_else(|_| s.text.clone())
                    }
                    None => s.text.clone(),
                };
                if text == s.text && earlier.is_none() {
                    // Nothing of the scenario's own usage to set aside (a
                    // restore at start, or a scenario without any): bill it.
                    s.import_on = true;
                    s.request();
                } else {
                    // Undo goes back to the version before, with the import
                    // it billed with (or had set aside), if any.
                    let before = Version {
                        text: s.text.clone(),
                        import_on: earlier.is_some() && s.import_on,
                        large: earlier,
                    };
                    s.remember(before);
                    s.import_on = true;
                    s.apply_text(text);
                }
            }
            Action::WorkerResult {
                id,
                result,
                ms,
                day,
                quote,
                work,
            } => {
                if id == s.pending {
                    s.work = work;
                    s.day = day;
                    s.quote = quote;
                    if !result.invoices.iter().any(|i| i.number == s.selected) {
                        s.selected = result.invoices.first().map_or(1, |i| i.number);
                    }
                    s.result = Some(result);
                    s.error = None;
                    s.sim_ms = ms;
                    s.answered = true;
                    // Until the new comparison comes, an old one would show the wrong models' totals.
                    if s.compare != Compare::Now {
                        s.comparison = None;
                        s.compare_ai = None;
                    }
                }
            }
            Action::WorkerFailed => s.worker_failed = true,
            Action::WorkerStopped => {
                s.restarts += 1;
                // Only a bill in hand was stopped (advice has its own word).
                s.stopped = !s.answered;
                s.answered = true;
                s.progress = None;
                if let Import::Reading(file) = &s.import {
                    s.import = Import::Failed {
                        file: file.clone(),
                        message: "stopped before it was read: nothing was imported".into(),
                        problems: Vec::new(),
                        more: 0,
                        path: None,
                    };
                }
                // The new worker holds no import: the kept copy, if any, is
                // read back (and billed, as for a restart); else the bill
                // waits for the next change.
                s.read_back_kept();
            }
            Action::WorkerRestarted => {
                s.restarts += 1;
                if !s.read_back_kept() {
                    s.request();
                }
            }
            Action::Compared {
                id,
                comparison,
                ai,
                break_even,
                work,
            } => {
                if id == s.pending {
                    s.work = work;
                    s.compared = id;
                    s.comparison = comparison;
                    s.compare_ai = ai;
                    s.break_even = break_even;
                }
            }
            Action::WorkerError { id, path, message } => {
                // Id 0: the worker itself failed; every request is answered by it.
                if id == s.pending || id == 0 {
                    s.error = Some(Refusal { path, message });
                    s.answered = true;
                }
            }
            Action::Kept(k) => s.kept = k,
            Action::ClearLarge => {
                // A step of its own: Undo comes back to the version that billed
                // with the import, and says it is gone (not an earlier file).
                if s.large.is_some() {
                    let before = Version {
                        text: s.text.clone(),
                        import_on: s.import_on,
                        large: s.large.clone(),
                    };
                    s.remember(before);
                }
                s.large = None;
                Rc::make_mut(&mut s.held).clear();
                s.import_on = false;
                s.kept = Kept::None;
                s.import = Import::None;
                let text = s.text.clone();
                s.apply_text(text);
            }
            Action::ImportInteractions(status, rows) => {
                s.interactions_import = status;
                if let Some(list) = rows {
                    // The worker checked them in this scenario (the worker's `small_import`, src/worker/small_import.rs); they
                    // replace its interactions (importing a file twice counts it once).
                    s.edit(|d| {
                        doc::set(
                            d,
                            &[Seg::Key("usage"), Seg::Key("interactions")],
                            Some(list),
                        )
                    });
                }
            }
            Action::Import(status, sessions) => {
                if let Some(list) = sessions {
                    // Imported logins replace the sessions and workforce profiles they stand for.
                    s.edit(|d| {
                        doc::set(d, &[Seg::Key("usage"), Seg::Key("sessions")], Some(list));
                        doc::set(d, &[Seg::Key("usage"), Seg::Key("profiles")], None);
                    });
                    // A large import on screen is set aside, not dropped: the
                    // step before bills with it, so Undo brings it back
                    // (tester: it was lost). The bill asked above is posted
                    // with the state this action ends in.
                    s.import_on = false;
                }
                s.import = status;
            }
        }
        Rc::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(t: &str) -> Draft {
        Draft {
            typed: t.into(),
            message: String::new(),
        }
    }

    #[test]
    fn a_removed_items_drafts_go_and_the_later_items_move_up_with_theirs() {
        let mut d: BTreeMap<String, Draft> = [
            ("contract.commitments[1].quantity", "abc"),
            ("contract.commitments[2].quantity", "2x"),
            ("contract.commitments[9].quantity", "9x"),
            ("contract.commitments[10].quantity", "10x"),
            ("contract.term_cycles", "-"),
        ]
        .into_iter()
        .map(|(k, t)| (k.to_owned(), typed(t)))
        .collect();
        let item = [Seg::Key("contract"), Seg::Key("commitments"), Seg::Idx(1)];
        forget_drafts(&mut d, &item, true);
        let left: Vec<(&str, &str)> = d
            .iter()
            .map(|(k, v)| (k.as_str(), v.typed.as_str()))
            .collect();
        assert_eq!(
            left,
            [
                ("contract.commitments[1].quantity", "2x"),
                ("contract.commitments[8].quantity", "9x"),
                ("contract.commitments[9].quantity", "10x"),
                ("contract.term_cycles", "-"),
            ]
        );
        // A value set (not removed) drops only its own field's draft.
        let term = [Seg::Key("contract"), Seg::Key("term_cycles")];
        forget_drafts(&mut d, &term, false);
        assert_eq!(d.len(), 3);
    }
}
