//! One engine session: a scenario and its usage, read and prepared once,
//! answering every question asked of them (the bill, the comparison, who
//! and when, the reports, advice, the exports) from what it has already
//! measured and priced. The command line, the JS API and the app's worker
//! all ask through it, so none of them holds billing knowledge of its own.
//!
//! What is kept, and for how long:
//! - the scenario, its catalog, cycles, commitments and currency, and the
//!   gathered sessions: for the session's life (an edit is a new session);
//! - who was logged in when ([`Presence`]), once a second model is asked;
//! - each model's measurement and its bill under the contract's own
//!   commitments, once asked;
//! - the last bill asked for without options, which the exports write.
//!
//! An edit makes a new session: [`Session::into_usage`] hands the usage
//! (an import of a million rows) to it without copying.

use std::borrow::Cow;
use std::sync::Arc;

use crate::attribution::{self, Attribution, Curves};
use crate::calendar::Cycle;
use crate::compare::{compare_with, Compared};
use crate::contract::Commitments;
use crate::csv::Imported;
use crate::error::Result;
use crate::measure::{Measured, Presence};
use crate::money::Currency;
use crate::panel::{self, Attributed};
use crate::result::{LineKind, SimResult};
use crate::scenario::{Model, Scenario};
use crate::simulate::Options;
use crate::stages::Prepared;
use crate::usage::{Catalog, Sessions};

/// Sessions read apart from the scenario, billed with it.
#[derive(Debug, Default)]
pub enum Usage {
    /// None: the scenario's own sessions and profiles only.
    #[default]
    None,
    /// Sessions read against this scenario's catalog (the command line's `--sessions`).
    Read(Sessions),
    /// Sessions read without a scenario, placed onto each session's catalog
    /// (the app's import, kept across edits).
    Open(Imported),
}

impl Usage {
    fn sessions(&self) -> Option<&Sessions> {
        match self {
            Usage::None => None,
            Usage::Read(s) => Some(s),
            Usage::Open(i) => Some(i.placed()),
        }
    }
}

/// A scenario the engine refused, and the usage handed back with it.
#[derive(Debug)]
pub struct Refused {
    /// Why.
    pub error: crate::Error,
    /// The usage given, for the next try.
    pub usage: Usage,
}

/// How much work a session has done: the bench and the tests read it to
/// check that nothing is computed twice.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Work {
    /// Scenario texts parsed.
    pub parses: u32,
    /// Preparations (validation, cycles, sessions gathered and expanded).
    pub preparations: u32,
    /// Presence computed (sessions merged per user and split at cycles).
    pub presences: u32,
    /// Cycles measured under one model (each a pass over the sessions).
    pub measurements: u32,
    /// Bills priced.
    pub pricings: u32,
}

/// A scenario and its usage, and everything measured and priced of them so far.
#[derive(Debug)]
pub struct Session {
    scenario: Scenario,
    usage: Usage,
    /// The scenario's sessions and profiles with the usage, when the
    /// scenario has any of its own (else the usage's are read as they are).
    gathered: Option<Sessions>,
    catalog: Catalog,
    cycles: Vec<Cycle>,
    commitments: Commitments,
    currency: Currency,
    presence: Option<Presence>,
    /// Per model (in [`Model::ALL`]'s order): its measurement, and its bill
    /// under the contract's commitments.
    measured: [Option<Arc<Measured>>; 3],
    billed: [Option<Arc<SimResult>>; 3],
    /// The contract model's curves, kept beside its measurement for "Why N?".
    curves: Option<Arc<Curves>>,
    /// Measure the contract's model with its curves (an app that asks "Why
    /// N?" next), not only what the bill needs.
    keep_curves: bool,
    compared: Option<Compared>,
    attributed: Option<std::result::Result<Arc<Attributed>, String>>,
    /// The Usage tab's reports of the cycle last asked for, paged from here.
    reports: Option<Arc<crate::reports::CycleReports>>,
    last: Option<Arc<SimResult>>,
    work: Work,
}

fn slot(model: Model) -> usize {
    Model::ALL.iter().position(|m| *m == model).unwrap_or(0)
}

impl Session {
    /// Reads scenario JSON text and prepares it with `usage`.
    pub fn from_json(text: &str, usage: Usage) -> std::result::Result<Session, Box<Refused>> {
        match Scenario::from_json(text) {
            Ok(s) => Session::new(s, usage).map(|mut s| {
                s.work.parses += 1;
                s
            }),
            Err(error) => Err(Box::new(Refused { error, usage })),
        }
    }

    /// Prepares `scenario` with `usage`: validated, its cycles and
    /// commitment schedule computed, its sessions gathered. On an error the
    /// usage comes back, so a refused edit never loses an import.
    pub fn new(scenario: Scenario, mut usage: Usage) -> std::result::Result<Session, Box<Refused>> {
        let catalog = Catalog::of(&scenario);
        if let Usage::Open(i) = &mut usage {
            if let Err(e) = i.onto(&catalog) {
                return Err(Box::new(Refused { error: e, usage }));
            }
        }
        let parts = Prepared::new(&scenario, usage.sessions()).map(|p| {
            let gathered = match p.sessions {
                Cow::Owned(s) => Some(s),
                Cow::Borrowed(_) => None,
            };
            (p.cycles, p.commitments, p.currency, gathered)
        });
        let (cycles, commitments, currency, gathered) = match parts {
            Ok(x) => x,
            Err(error) => return Err(Box::new(Refused { error, usage })),
        };
        Ok(Session {
            scenario,
            usage,
            gathered,
            catalog,
            cycles,
            commitments,
            currency,
            presence: None,
            measured: Default::default(),
            billed: Default::default(),
            curves: None,
            keep_curves: false,
            compared: None,
            attributed: None,
            reports: None,
            last: None,
            work: Work {
                preparations: 1,
                ..Work::default()
            },
        })
    }

    /// Keeps the contract model's curves when measuring it, so "Why N?"
    /// is answered from the bill's own measurement (the app does; a
    /// one-shot command need not).
    pub fn keep_curves(mut self) -> Session {
        self.keep_curves = true;
        self
    }

    /// The scenario.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Every session billed: the usage's and the scenario's own.
    pub fn sessions(&self) -> &Sessions {
        static NONE: std::sync::OnceLock<Sessions> = std::sync::OnceLock::new();
        match (&self.gathered, self.usage.sessions()) {
            (Some(g), _) => g,
            (None, Some(s)) => s,
            (None, None) => NONE.get_or_init(Sessions::default),
        }
    }

    /// The sessions read apart from the scenario (an import or `--sessions`),
    /// for billing the same usage under another contract setting.
    pub fn imported(&self) -> Option<&Sessions> {
        self.usage.sessions()
    }

    /// The usage read apart from the scenario, for the next session (an edit).
    pub fn into_usage(self) -> Usage {
        self.usage
    }

    /// Whether sessions were read apart from the scenario.
    pub fn has_usage(&self) -> bool {
        !matches!(self.usage, Usage::None)
    }

    /// The work done so far.
    pub fn work(&self) -> Work {
        self.work
    }

    /// The prepared stage, borrowing what the session holds (nothing is
    /// computed again: the catalog, cycles and commitments are copied).
    pub fn prepared(&self) -> Prepared<'_> {
        Prepared {
            scenario: Cow::Borrowed(&self.scenario),
            catalog: self.catalog.clone(),
            cycles: self.cycles.clone(),
            commitments: self.commitments.clone(),
            currency: self.currency,
            sessions: Cow::Borrowed(self.sessions()),
            as_of: None,
        }
    }

    /// Who was logged in when: computed once, then copied per model.
    fn presence(&mut self) -> Presence {
        if let Some(p) = &self.presence {
            return p.clone();
        }
        self.work.presences += 1;
        let p = self.prepared().presence();
        self.presence = Some(p.clone());
        p
    }

    /// The usage measured under `model` (R-K*, R-N*, R-H*), measured once.
    pub fn measured(&mut self, model: Model) -> Result<Arc<Measured>> {
        let k = slot(model);
        if let Some(m) = &self.measured[k] {
            return Ok(m.clone());
        }
        let own = model == self.scenario.contract.model;
        let m = if own && self.keep_curves {
            self.work.presences += 1;
            let (m, curves) =
                attribution::measure_for(&self.prepared(), &attribution::Options::default())?;
            self.curves = Some(Arc::new(curves));
            m
        } else if self.measured.iter().all(Option::is_none) && self.presence.is_none() {
            // The first model: its presence is computed and used up, not
            // copied (a second model computes it again, once, and keeps it).
            self.work.presences += 1;
            self.prepared().measure(model, false)?
        } else {
            let pres = self.presence();
            self.prepared().measure_from(model, pres)?
        };
        self.work.measurements += 1;
        let m = Arc::new(m);
        self.measured[k] = Some(m.clone());
        Ok(m)
    }

    /// The bill under `model` and the contract's commitments, priced once.
    fn billed(&mut self, model: Model) -> Result<Arc<SimResult>> {
        let k = slot(model);
        if let Some(r) = &self.billed[k] {
            return Ok(r.clone());
        }
        let m = self.measured(model)?;
        self.work.pricings += 1;
        let p = self.prepared();
        let r = Arc::new(p.price(&m, model, &p.commitments)?);
        self.billed[k] = Some(r.clone());
        Ok(r)
    }

    /// The bill (R-C*, R-M*, ...): under the contract's model or `opts.model`,
    /// to date when `opts.as_of` (R-C3), with the reports when asked.
    pub fn bill(&mut self, opts: &Options) -> Result<SimResult> {
        let model = opts.model.unwrap_or(self.scenario.contract.model);
        let mut r = match opts.as_of {
            // Usage cut at a date is its own preparation; nothing of it is kept.
            Some(day) => {
                self.work.measurements += 1;
                self.work.pricings += 1;
                let p = self.prepared().cut(day);
                let m = p.measure(model, false)?;
                let mut r = p.price(&m, model, &p.commitments)?;
                if opts.reports {
                    crate::reports::add_to(&mut r, &crate::reports::Reports::of(&p)?);
                }
                return Ok(r);
            }
            None => self.billed(model)?,
        };
        if opts == &Options::default() {
            self.last = Some(r.clone());
        }
        if opts.reports {
            let reports = crate::reports::Reports::of(&self.prepared())?;
            crate::reports::add_to(Arc::make_mut(&mut r), &reports);
        }
        Ok(Arc::unwrap_or_clone(r))
    }

    /// The last bill asked for without options (the one on the app's screen).
    pub fn last_bill(&self) -> Option<&SimResult> {
        self.last.as_deref()
    }

    /// The same usage under every model (R-O3), each model measured and
    /// priced once in the session's life.
    pub fn compare(&mut self) -> Result<Compared> {
        if let Some(c) = &self.compared {
            return Ok(c.clone());
        }
        // Measure every model the comparison can price first, so the
        // comparison itself only reads the session.
        let mut measured: Vec<Option<Result<Arc<Measured>>>> = Vec::new();
        for model in Model::ALL {
            let available = crate::compare::unavailable(&self.scenario, model).is_none();
            measured.push(available.then(|| self.measured(model)));
        }
        let mut pricings = 0;
        let mut kept: Vec<(usize, Arc<SimResult>)> = Vec::new();
        let outcome = {
            let p = self.prepared();
            let billed = &self.billed;
            let mut price = |model: Model, commitments: &Commitments| -> Result<SimResult> {
                let k = slot(model);
                let own = *commitments == p.commitments;
                if let Some(r) = billed[k].as_ref().filter(|_| own) {
                    return Ok(SimResult::clone(r));
                }
                let m = match measured[k].take() {
                    Some(m) => m?,
                    None => p.measure(model, false).map(Arc::new)?,
                };
                pricings += 1;
                let r = p.price(&m, model, commitments)?;
                if own {
                    kept.push((k, Arc::new(r.clone())));
                }
                Ok(r)
            };
            compare_with(&p, &mut price)
        };
        self.work.pricings += pricings;
        for (k, r) in kept {
            self.billed[k] = Some(r);
        }
        if let Ok(c) = &outcome {
            self.compared = Some(c.clone());
        }
        outcome
    }

    /// Who and when made each license quantity (R-W1..R-W5), for the cycles
    /// and orgs `o` asks for.
    pub fn why(&mut self, o: &attribution::Options) -> Result<Attribution> {
        let own = self.scenario.contract.model;
        if let (Some(m), Some(curves)) = (self.measured[slot(own)].clone(), self.curves.clone()) {
            return attribution::of_measured(&self.prepared(), o, &m, &curves);
        }
        self.work.presences += 1;
        self.work.measurements += 1;
        let p = self.prepared();
        let (m, curves) = attribution::measure_for(&p, o)?;
        attribution::of_measured(&p, o, &m, &curves)
    }

    /// The measurement of the contract's model and its curves, measured
    /// once (for the app's "Why N?" panel).
    pub fn measured_with_curves(&mut self) -> Result<(Arc<Measured>, Arc<Curves>)> {
        let own = self.scenario.contract.model;
        if self.curves.is_none() {
            // Measured before curves were wanted: measure again, keeping them.
            self.measured[slot(own)] = None;
            self.billed[slot(own)] = None;
            self.keep_curves = true;
        }
        let m = self.measured(own)?;
        let curves = self.curves.clone().unwrap_or_default();
        Ok((m, curves))
    }

    /// "Why N?" N first for every license quantity the bill charges in the
    /// cycles and orgs `o` asks for, with the attribution `w` made of them:
    /// (cycle, org, product, headline), in the bill's order.
    pub fn headlines(
        &mut self,
        o: &attribution::Options,
        w: &Attribution,
    ) -> Result<Vec<(u32, String, String, panel::Headline)>> {
        let own = self.scenario.contract.model;
        let bill = self.billed(own)?;
        let mut out = Vec::new();
        for c in bill
            .cycles
            .iter()
            .filter(|c| o.cycle.is_none_or(|k| k == c.index))
        {
            for u in &c.usage {
                let asked = o.org.as_deref().is_none_or(|x| x == u.org);
                let license = self.scenario.contract.products.contains_key(&u.product);
                if !asked || !license || u.billed.is_zero() {
                    continue;
                }
                let entry = w
                    .attribution
                    .iter()
                    .find(|e| e.cycle == c.index && e.org == u.org);
                if let Some(h) = self.headline_with(c.index, &u.org, &u.product, None, entry) {
                    out.push((c.index, u.org.clone(), u.product.clone(), h));
                }
            }
        }
        Ok(out)
    }

    /// The usage reports (R-K4, R-H3, billable users), every row.
    pub fn reports(&mut self) -> Result<crate::reports::Reports> {
        self.reports_as_of(None)
    }

    /// The usage reports of the usage a bill to date `as_of` counts
    /// (R-C3), or of all of it: what `bill` with `reports` puts in the
    /// result, for writing every row as it is made.
    pub fn reports_as_of(
        &mut self,
        as_of: Option<chrono::NaiveDate>,
    ) -> Result<crate::reports::Reports> {
        self.work.measurements += 1;
        match as_of {
            Some(day) => crate::reports::Reports::of(&self.prepared().cut(day)),
            None => crate::reports::Reports::of(&self.prepared()),
        }
    }

    /// Advice (R-O1..R-O3), reporting progress after every step.
    pub fn advise(
        &mut self,
        opts: &crate::advice::Options,
        progress: &mut dyn FnMut(crate::advice::Progress),
    ) -> Result<crate::advice::Advice> {
        crate::advice::advise_with_progress(&self.scenario, self.usage.sessions(), opts, progress)
    }

    /// A forecast row (R-N2) the scenario can bill, for "Add a forecast":
    /// the first cycle and product neither forecast nor measured
    /// ([`crate::forecast::first_open`]). `None` when every cycle is
    /// covered, or the scenario does not bill as it is.
    pub fn forecast_row(&mut self) -> Option<crate::scenario::Quantity> {
        let own = self.scenario.contract.model;
        self.billed(own).ok()?;
        let m = self.measured(own).ok()?;
        let row = crate::forecast::first_open(&self.scenario, &self.catalog, &self.cycles, &m)?;
        // The row must bill too (its own checks: a rate, an org).
        let mut with = self.scenario.clone();
        with.usage.quantities.push(row.clone());
        crate::simulate(&with, self.usage.sessions(), &Options::default()).ok()?;
        Some(row)
    }

    /// The app's "Why N?" attribution of every cycle and org, from the
    /// contract model's measurement with its curves, attributed once.
    fn attributed(&mut self) -> std::result::Result<Arc<Attributed>, String> {
        if let Some(a) = &self.attributed {
            return a.clone();
        }
        let a = self
            .measured_with_curves()
            .map_err(|e| e.to_string())
            .and_then(|(m, curves)| Attributed::from_measured(&self.prepared(), &m, &curves))
            .map(Arc::new);
        self.attributed = Some(a.clone());
        a
    }

    /// Makes the app's "Why N?" attribution now (after a bill is shown),
    /// so the first question is answered at once.
    pub fn attribute(&mut self) {
        let _ = self.attributed();
    }

    /// Answers a question of the app's "Why N?" panel (one cycle and org, a
    /// page of a list, "what if") or of its Usage tab (one cycle's reports).
    /// Errors are the engine's plain words.
    pub fn why_panel(&mut self, r: &panel::Request) -> std::result::Result<panel::Answer, String> {
        if r.reports {
            let held = match &self.reports {
                Some(h) if r.cycle == Some(h.cycle) => h.clone(),
                _ => {
                    let h = Arc::new(crate::reports::of_cycle(&self.prepared(), r.cycle)?);
                    self.reports = Some(h.clone());
                    h
                }
            };
            return Ok(match &r.rows {
                Some(q) => panel::Answer::Rows(panel::report_page(&held, q)),
                None => panel::Answer::Reports(Box::new(panel::UsageReports::of(&held))),
            });
        }
        if let Some(level) = r.what_if {
            return crate::what_if::what_if(&self.prepared(), r.cycle.unwrap_or(0), &r.org, level)
                .map(panel::Answer::WhatIf)
                .map_err(|e| e.to_string());
        }
        let headline = match (&r.product, &r.rows) {
            (Some(product), None) => self.headline(r.cycle.unwrap_or(0), &r.org, product, r.line),
            _ => None,
        };
        match (self.attributed()?.answer(r), headline) {
            (Ok(panel::Answer::Why(mut w)), headline) => {
                w.headline = headline;
                Ok(panel::Answer::Why(w))
            }
            // Nobody made it (a commitment or a forecast): the headline says why.
            (Err(_), Some(h)) => Ok(panel::Answer::Said(h)),
            (other, _) => other,
        }
    }

    /// "Why N?" N first for the license quantity of `product` in `org` and
    /// cycle number `cycle` (`None` when the bill has none), or for its
    /// invoice line of kind `line`.
    pub fn headline(
        &mut self,
        cycle: u32,
        org: &str,
        product: &str,
        line: Option<LineKind>,
    ) -> Option<panel::Headline> {
        let attributed = self.attributed().ok();
        let entry = attributed.as_ref().and_then(|a| a.entry(cycle, org));
        self.headline_with(cycle, org, product, line, entry)
    }

    /// [`Session::headline`] with the attribution `entry` of that cycle and
    /// org given (from [`Session::why`] for the cycles and orgs asked), so
    /// nothing else is attributed.
    pub fn headline_with(
        &mut self,
        cycle: u32,
        org: &str,
        product: &str,
        line: Option<LineKind>,
        entry: Option<&attribution::Entry>,
    ) -> Option<panel::Headline> {
        let own = self.scenario.contract.model;
        let bill = self.billed(own).ok()?;
        let row = bill
            .cycles
            .iter()
            .find(|c| c.index == cycle)?
            .usage
            .iter()
            .find(|u| u.org == org && u.product == product)?;
        let first_org = self.catalog.first_org().ok()?;
        let forecast = self.scenario.usage.quantities.iter().any(|q| {
            q.cycle == cycle && q.product == product && q.org.as_deref().unwrap_or(first_org) == org
        });
        let facts = crate::explain::QuantityFacts {
            n: row.billed,
            product,
            org,
            cycle,
            model: own,
            rule: self.scenario.contract.peak_rule,
            actual: row.actual,
            committed: row.committed,
            forecast,
            peak: entry.and_then(|e| {
                Some((
                    e.billed_peak?,
                    e.tiers
                        .iter()
                        .map(|t| (t.product.clone(), t.users.len()))
                        .collect(),
                ))
            }),
            brief: entry
                .and_then(|e| Some((e.users.iter().filter(|u| u.brief).count(), e.brief_cost?))),
            one_fewer: entry
                .and_then(|e| e.ladder.as_ref())
                .and_then(|l| l.first())
                .map(|r| r.saving),
            currency: &self.scenario.currency,
            phase: self
                .cycles
                .iter()
                .find(|c| c.index == cycle)
                .map_or(crate::calendar::Phase::Term, |c| c.phase),
            line,
        };
        let (made, lower) = crate::explain::why_n(&facts);
        Some(panel::Headline { made, lower })
    }
}
