//! What the worker holds between messages: one engine session (with the
//! held import), the vendor files given for checks, and what dispatching
//! needs. It is the worker's only state.

use std::cell::RefCell;

use billsim_core::session::{Session, Usage};
use billsim_core::{Error, SimResult};

use crate::vendor_files::HeldBills;

/// What the worker holds: one engine session, and what dispatching needs.
pub struct Engine {
    /// The session of the last scenario text the engine read, whether the
    /// held import applies to it, and the session.
    pub session: Option<(String, bool, Session)>,
    /// The held import while no session holds it (after a refused text, a
    /// new import before its first bill, or set aside by the page's Undo).
    usage: Usage,
    /// Whether the held import applies to the page's bills: the page's
    /// Undo past an import sets it aside, Redo applies it again.
    pub with_import: bool,
    /// The last bill posted: the one on the page's screen (or about to
    /// be), which `Export` writes out.
    pub shown: Option<SimResult>,
    /// Requests handled so far (the warm-up waits for a quiet moment).
    pub requests: u64,
    /// A comparison to run once the worker has been idle (request id, text).
    pub idle_compare: Option<(u64, String)>,
    /// The vendor files the "Check a bill" tab has given.
    pub bills: HeldBills,
    /// The last bill check's CSV (`billsim reconcile --csv`), for its download.
    pub check_csv: Option<String>,
    /// The helper workers a large import is read with (`pool`).
    pub helpers: Vec<web_sys::Worker>,
    /// How many of them have warmed up.
    pub warm_helpers: usize,
    /// A large import being read by them.
    pub reading: Option<Box<crate::reading::Reading>>,
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
            bills: HeldBills::default(),
            check_csv: None,
            helpers: Vec::new(),
            warm_helpers: 0,
            reading: None,
        }
    }
}

thread_local! {
    /// The worker's one state: a worker is one thread, and message handlers
    /// and timers reach it here.
    static ENGINE: RefCell<Engine> = RefCell::default();
}

/// Runs `f` on the worker's state.
pub fn engine<R>(f: impl FnOnce(&mut Engine) -> R) -> R {
    ENGINE.with(|e| f(&mut e.borrow_mut()))
}

impl Engine {
    /// The session of `text`, with the held import when it applies: the
    /// one held when it is of that text, else a new one that takes the
    /// import over. A refused text keeps the import.
    pub fn session(&mut self, text: &str) -> Result<&mut Session, Error> {
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
    pub fn ask<R>(
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
    pub fn hold(&mut self, usage: Usage) {
        self.session = None;
        self.usage = usage;
    }
}
