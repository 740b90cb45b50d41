//! What the worker holds between messages: one engine session (with the
//! held import), the vendor files given for checks, and what dispatching
//! needs. It is the worker's only state.

use std::cell::RefCell;

use billsim_core::session::{Session, Usage};
use billsim_core::{Error, SimResult};

use crate::vendor_files::HeldBills;

/// What the worker holds: one engine session, and what dispatching needs.
#[derive(Default)]
pub struct Engine {
    /// The session of the last scenario text the engine read, the key of
    /// the held import billed with it (none: without one), and the session.
    pub session: Option<(String, Option<u64>, Session)>,
    /// The imports no session holds, by key, oldest first: set aside by
    /// the page's Undo, replaced by a later import (Undo brings them
    /// back), or waiting for their first bill.
    held: Vec<(u64, Usage)>,
    /// The held import the page's bills are of (its key), none when the
    /// version on screen bills without one.
    pub import: Option<u64>,
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

thread_local! {
    /// The worker's one state: a worker is one thread, and message handlers
    /// and timers reach it here.
    static ENGINE: RefCell<Engine> = RefCell::default();
}

/// Runs `f` on the worker's state.
pub fn engine<R>(f: impl FnOnce(&mut Engine) -> R) -> R {
    ENGINE.with(|e| f(&mut e.borrow_mut()))
}

/// How many sessions the worker holds in all its imports, at most: an
/// import that would hold more lets the oldest others go (a 16M-session
/// year is about 400 MB in a tab; two of them would not fit in 1.5 GB).
pub const HELD_SESSIONS: usize = 20_000_000;

/// Sessions in `usage`.
fn sessions(usage: &Usage) -> usize {
    match usage {
        Usage::None => 0,
        Usage::Read(s) => s.rows.len(),
        Usage::Open(i) => i.counts().0,
    }
}

impl Engine {
    /// The session of `text`, with the held import the page's bills are
    /// of: the one held when it is of that text and import, else a new one
    /// that takes that import over (the last session's goes back to the
    /// held ones). A refused text keeps the import.
    pub fn session(&mut self, text: &str) -> Result<&mut Session, Error> {
        let want = self.import;
        let same = matches!(&self.session, Some((t, k, _)) if t == text && *k == want);
        if !same {
            if let Some((_, Some(k), s)) = self.session.take() {
                self.put_back(k, s.into_usage());
            }
            let usage = want.and_then(|k| self.take(k)).unwrap_or_default();
            let keep_curves = !matches!(usage, Usage::None);
            match Session::from_json(text, usage) {
                // With an import, the bill's measurement is kept with its
                // curves: the first "Why N?" measures nothing again.
                Ok(s) if keep_curves => {
                    self.session = Some((text.to_owned(), want, s.keep_curves()))
                }
                Ok(s) => self.session = Some((text.to_owned(), want, s)),
                Err(refused) => {
                    if let Some(k) = want {
                        self.put_back(k, refused.usage);
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

    /// Asks `f` of `text`'s session; `import` (when given) says which held
    /// import applies, as the page's last bill did.
    pub fn ask<R>(
        &mut self,
        text: &str,
        import: Option<Option<u64>>,
        f: impl FnOnce(&mut Session) -> R,
    ) -> Result<R, Error> {
        if let Some(k) = import {
            self.import = k;
        }
        self.session(text).map(f)
    }

    /// Holds `usage` as import `key` beside the others; returns the keys
    /// of the oldest ones let go to stay within [`HELD_SESSIONS`].
    pub fn hold(&mut self, key: u64, usage: Usage) -> Vec<u64> {
        self.hold_within(key, usage, HELD_SESSIONS)
    }

    /// [`Engine::hold`] within `budget` sessions.
    fn hold_within(&mut self, key: u64, usage: Usage, budget: usize) -> Vec<u64> {
        if let Some((_, Some(k), s)) = self.session.take() {
            self.put_back(k, s.into_usage());
        }
        self.held.retain(|(k, _)| *k != key);
        let mut total =
            sessions(&usage) + self.held.iter().map(|(_, u)| sessions(u)).sum::<usize>();
        self.held.push((key, usage));
        let mut dropped = Vec::new();
        while total > budget && self.held.len() > 1 {
            let (k, u) = self.held.remove(0);
            total -= sessions(&u);
            dropped.push(k);
        }
        dropped
    }

    /// Lets every import go.
    pub fn clear(&mut self) {
        self.session = None;
        self.held.clear();
    }

    /// Import `key`, taken out of the held ones.
    fn take(&mut self, key: u64) -> Option<Usage> {
        let at = self.held.iter().position(|(k, _)| *k == key)?;
        Some(self.held.remove(at).1)
    }

    /// Import `key` back among the held ones, in key order.
    fn put_back(&mut self, key: u64, usage: Usage) {
        if matches!(usage, Usage::None) {
            return;
        }
        let at = self.held.partition_point(|(k, _)| *k < key);
        self.held.insert(at, (key, usage));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = include_str!("../../../examples/contact-center.json");

    /// An import of `agents` agents logged in on 22 January 2027.
    fn import(agents: usize) -> Usage {
        let mut csv = String::from("user,org,product,login,logout\n");
        for a in 0..agents {
            csv += &format!("a{a},main,cx2,2027-01-22T08:00:00Z,2027-01-22T16:00:00Z\n");
        }
        let (sessions, ids) =
            billsim_core::csv::sessions_open_sized(csv.as_bytes(), csv.len()).unwrap();
        Usage::Open(billsim_core::csv::Imported::new(sessions, ids))
    }

    /// The bill's total with import `key` (none: without one).
    fn total(e: &mut Engine, key: Option<u64>) -> String {
        let bill = e
            .ask(SCENARIO, Some(key), |s| s.bill(&Default::default()))
            .unwrap();
        bill.unwrap().totals.total.to_string()
    }

    #[test]
    fn an_import_a_later_one_replaced_bills_again_until_the_budget_lets_it_go() {
        let mut e = Engine::default();
        let none = total(&mut e, None);
        assert!(e.hold_within(1, import(300), 1000).is_empty());
        let first = total(&mut e, Some(1));
        assert!(e.hold_within(2, import(500), 1000).is_empty());
        let second = total(&mut e, Some(2));
        assert_ne!(first, second);
        assert_ne!(first, none);
        // Undo: the first import bills exactly as it did; Redo the second; set aside, neither.
        assert_eq!(total(&mut e, Some(1)), first);
        assert_eq!(total(&mut e, Some(2)), second);
        assert_eq!(total(&mut e, None), none);
        assert_eq!(total(&mut e, Some(1)), first);
        // A third that does not fit beside both lets the oldest go, not the one billed last.
        assert_eq!(e.hold_within(3, import(400), 1000), vec![1]);
        assert_eq!(
            total(&mut e, Some(1)),
            none,
            "a key let go bills without an import"
        );
        assert_eq!(total(&mut e, Some(2)), second);
        // Removing the import lets every one go.
        e.clear();
        assert_eq!(total(&mut e, Some(3)), none);
    }
}
