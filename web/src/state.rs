//! The app's state: the scenario text (what is saved and shared), its JSON
//! document (what the form edits), and the last good result. A bad edit shows
//! the engine's message and keeps the last good invoices on screen.

use std::rc::Rc;

use billsim_core::compare::Comparison;
use billsim_core::{Options, Scenario, SimResult};
use serde_json::Value;
use yew::Reducible;

use crate::doc::{self, Seg};

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
    },
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The scenario text (the editor, autosave, share link, download).
    pub text: String,
    /// The text as JSON, when it parses as JSON at all.
    pub doc: Option<Value>,
    /// The last scenario that simulated.
    pub scenario: Option<Rc<Scenario>>,
    /// Its result.
    pub result: Option<Rc<SimResult>>,
    /// The same usage under each model.
    pub comparison: Option<Rc<Comparison>>,
    /// The engine's message for the current text, with its path.
    pub error: Option<(String, String)>,
    /// Selected invoice number.
    pub selected: u32,
    /// Visible tab.
    pub tab: Tab,
    /// Last import.
    pub import: Import,
    /// How long the last simulation took, in ms.
    pub sim_ms: f64,
    /// Whether the background worker ran it (a large import is billed there).
    pub sim_in_worker: bool,
    /// A large import held by the background worker: file, sessions, users.
    pub large: Option<(String, usize, usize)>,
    /// The latest simulation asked of the worker (older answers are dropped).
    pub pending: u64,
    /// Import progress, 0..1, while the worker parses.
    pub progress: Option<f64>,
    /// How long the last import's parse took, in ms.
    pub import_ms: f64,
}

/// What can happen.
pub enum Action {
    /// New scenario text (typed, loaded, opened or restored).
    SetText(String),
    /// A form field: path and new value (`None` clears an optional field).
    SetField(Vec<Seg>, Option<Value>),
    /// Append to an array (a commitment step).
    Push(Vec<Seg>, Value),
    /// An invoice picked in the timeline.
    Select(u32),
    /// A tab picked.
    Tab(Tab),
    /// An import started, finished or failed.
    Import(Import, Option<Vec<billsim_core::scenario::Session>>),
    /// The worker's parse progress.
    Progress(f64),
    /// The worker holds a large import.
    LargeImported {
        /// File name.
        file: String,
        /// Sessions read.
        sessions: usize,
        /// Distinct users.
        users: usize,
        /// Parse time in the worker, ms.
        ms: f64,
    },
    /// A worker simulation's result JSON.
    WorkerResult {
        /// Request id.
        id: u64,
        /// Result v1 JSON.
        json: String,
        /// Worker time in ms.
        ms: f64,
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
    /// Forget the large import; simulate in the page again.
    ClearLarge,
}

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

impl State {
    /// State for some scenario text, simulated.
    pub fn from_text(text: String) -> State {
        let mut s = State {
            text: String::new(),
            doc: None,
            scenario: None,
            result: None,
            comparison: None,
            error: None,
            selected: 1,
            tab: Tab::Invoices,
            import: Import::None,
            sim_ms: 0.0,
            sim_in_worker: false,
            large: None,
            pending: 0,
            progress: None,
            import_ms: 0.0,
        };
        s.apply_text(text);
        s
    }

    /// Re-reads and re-simulates the text; keeps the last good result on error.
    pub fn apply_text(&mut self, text: String) {
        self.text = text;
        self.doc = serde_json::from_str(&self.text).ok();
        if self.large.is_some() {
            // The imported logins live in the worker: it simulates, the page waits for the answer.
            match Scenario::from_json(&self.text) {
                Ok(_) => self.pending += 1,
                Err(e) => self.error = Some((e.path().to_owned(), e.to_string())),
            }
            return;
        }
        let t0 = now();
        let outcome = Scenario::from_json(&self.text)
            .and_then(|sc| billsim_core::simulate(&sc, None, &Options::default()).map(|r| (sc, r)));
        match outcome {
            Ok((sc, r)) => {
                // Compare bills the usage twice more: only while its tab is open.
                self.comparison = None;
                if !r.invoices.iter().any(|i| i.number == self.selected) {
                    self.selected = r.invoices.first().map_or(1, |i| i.number);
                }
                self.scenario = Some(Rc::new(sc));
                self.result = Some(Rc::new(r));
                self.error = None;
            }
            Err(e) => self.error = Some((e.path().to_owned(), e.to_string())),
        }
        self.sim_ms = now() - t0;
        self.sim_in_worker = false;
        self.refresh_comparison();
    }

    /// Computes the comparison when the Compare tab shows and it is missing.
    fn refresh_comparison(&mut self) {
        if self.tab == Tab::Compare && self.comparison.is_none() && self.large.is_none() {
            if let Some(sc) = &self.scenario {
                self.comparison = billsim_core::compare::compare(sc, None).ok().map(Rc::new);
            }
        }
    }

    fn edit(&mut self, f: impl FnOnce(&mut Value)) {
        let Some(mut d) = self.doc.clone() else {
            return;
        };
        f(&mut d);
        let text = serde_json::to_string_pretty(&d).unwrap_or_default();
        self.apply_text(text);
    }

    /// The engine's message if it points at `path` (or inside it).
    pub fn error_at(&self, path: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(p, _)| p == path || p.starts_with(&format!("{path}.")))
            .map(|(_, m)| m.as_str())
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetText(t) => s.apply_text(t),
            Action::SetField(path, v) => s.edit(|d| doc::set(d, &path, v)),
            Action::Push(path, v) => s.edit(|d| doc::push(d, &path, v)),
            Action::Select(n) => s.selected = n,
            Action::Tab(t) => {
                s.tab = t;
                s.refresh_comparison();
            }
            Action::Progress(f) => s.progress = Some(f),
            Action::LargeImported {
                file,
                sessions,
                users,
                ms,
            } => {
                s.progress = None;
                s.import_ms = ms;
                s.import = Import::Done {
                    file: file.clone(),
                    sessions,
                    users,
                };
                s.large = Some((file, sessions, users));
                s.comparison = None;
                // The import stands for the scenario's own logins and workforce profiles.
                s.edit(|d| {
                    doc::set(d, &[Seg::Key("usage"), Seg::Key("sessions")], None);
                    doc::set(d, &[Seg::Key("usage"), Seg::Key("profiles")], None);
                });
                if s.pending == 0 {
                    s.pending = 1;
                }
            }
            Action::WorkerResult { id, json, ms } => {
                if id == s.pending {
                    match serde_json::from_str::<SimResult>(&json) {
                        Ok(r) => {
                            if !r.invoices.iter().any(|i| i.number == s.selected) {
                                s.selected = r.invoices.first().map_or(1, |i| i.number);
                            }
                            s.result = Some(Rc::new(r));
                            s.scenario = Scenario::from_json(&s.text).ok().map(Rc::new);
                            s.error = None;
                            s.sim_ms = ms;
                            s.sim_in_worker = true;
                        }
                        Err(e) => {
                            s.error =
                                Some((String::new(), format!("worker answer unreadable: {e}")))
                        }
                    }
                }
            }
            Action::WorkerError { id, path, message } => {
                if id == s.pending {
                    s.error = Some((path, message));
                }
            }
            Action::ClearLarge => {
                s.large = None;
                s.import = Import::None;
                let text = s.text.clone();
                s.apply_text(text);
            }
            Action::Import(status, sessions) => {
                if let Some(list) = sessions {
                    // Imported logins replace the sessions and workforce profiles they stand for.
                    let list = serde_json::to_value(list).unwrap_or(Value::Array(vec![]));
                    s.edit(|d| {
                        doc::set(d, &[Seg::Key("usage"), Seg::Key("sessions")], Some(list));
                        doc::set(d, &[Seg::Key("usage"), Seg::Key("profiles")], None);
                    });
                }
                s.import = status;
            }
        }
        Rc::new(s)
    }
}
