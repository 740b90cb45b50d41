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
        };
        s.apply_text(text);
        s
    }

    /// Re-reads and re-simulates the text; keeps the last good result on error.
    pub fn apply_text(&mut self, text: String) {
        self.text = text;
        self.doc = serde_json::from_str(&self.text).ok();
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
        self.refresh_comparison();
    }

    /// Computes the comparison when the Compare tab shows and it is missing.
    fn refresh_comparison(&mut self) {
        if self.tab == Tab::Compare && self.comparison.is_none() {
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
