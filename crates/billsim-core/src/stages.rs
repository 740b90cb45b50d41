//! The pipeline's stages, each the input of the next, so nothing is done
//! twice: a scenario is [`Prepared`] once (validated; catalog, cycles,
//! commitment schedule, currency and sessions gathered), measured once per
//! model ([`Prepared::measure`]: the quantities each cycle bills), and priced
//! as often as asked ([`Prepared::price`]), under other commitments too.
//! `simulate`, `compare`, `advice` and the reports are compositions of these stages.

use std::borrow::Cow;

use chrono::{Days, NaiveDate};

use crate::calendar::{self, day_ms, Cycle};
use crate::contract::{self, Commitments};
use crate::error::Result;
use crate::invoice::{Builder, Fixed, Whole};
use crate::measure::{self, Measured, Presence};
use crate::money::Currency;
use crate::result::{Preview, SimResult, Totals};
use crate::scenario::{Category, Model, Scenario, FORMAT_VERSION};
use crate::usage::{Catalog, Sessions};

/// A validated scenario and everything later stages need of it.
#[derive(Debug)]
pub struct Prepared<'a> {
    /// The scenario (a copy only when usage was cut at an as-of date).
    pub scenario: Cow<'a, Scenario>,
    /// Its orgs and products by index.
    pub catalog: Catalog,
    /// Every billing cycle (R-C1, R-M1).
    pub cycles: Vec<Cycle>,
    /// The contract's commitment schedule.
    pub commitments: Commitments,
    /// The contract's currency.
    pub currency: Currency,
    /// Every session: inline, expanded profiles and an import (borrowed
    /// when the import is all there is).
    pub sessions: Cow<'a, Sessions>,
    /// The as-of date the usage was cut at (R-C3), if any.
    pub as_of: Option<NaiveDate>,
}

/// All sessions of a scenario: inline, expanded profiles, and an optional
/// import. An import alone is borrowed, not copied (it may hold a million rows).
pub fn gather_sessions<'a>(
    s: &Scenario,
    cat: &Catalog,
    cycles: &[Cycle],
    imported: Option<&'a Sessions>,
) -> Result<Cow<'a, Sessions>> {
    if let Some(t) = imported {
        if s.usage.sessions.is_empty() && s.usage.profiles.is_empty() {
            return Ok(Cow::Borrowed(t));
        }
    }
    let mut t = imported.cloned().unwrap_or_default();
    t.extend(&Sessions::from_scenario(s, cat)?);
    crate::profiles::expand_all(&s.usage.profiles, cat, cycles, &mut t)?;
    Ok(Cow::Owned(t))
}

impl<'a> Prepared<'a> {
    /// Validates `s` and gathers what every later stage needs.
    pub fn new(s: &'a Scenario, imported: Option<&'a Sessions>) -> Result<Prepared<'a>> {
        contract::validate(s)?;
        let catalog = Catalog::of(s);
        let cycles = calendar::cycles(&s.contract)?;
        let sessions = gather_sessions(s, &catalog, &cycles, imported)?;
        Ok(Prepared {
            commitments: Commitments::of(s, &catalog),
            currency: Currency::from_code(&s.currency)?,
            scenario: Cow::Borrowed(s),
            catalog,
            cycles,
            sessions,
            as_of: None,
        })
    }

    /// The usage incurred before `day` (R-C3): sessions cut at its start,
    /// resources, calls, hours and interactions dated before it.
    pub fn cut(mut self, day: NaiveDate) -> Prepared<'a> {
        let cut = day_ms(day);
        self.sessions.to_mut().truncate_at(cut);
        let s = self.scenario.to_mut();
        s.usage.resources.retain(|r| r.date < day);
        s.usage.calls.retain(|x| x.start.timestamp_millis() < cut);
        s.usage.hours.retain(|h| h.date < day);
        s.usage.interactions.retain_before(cut);
        self.as_of = Some(day);
        self
    }

    /// Measures every cycle under `model`; `keep_merged` keeps the merged
    /// intervals the user-hour report needs.
    pub fn measure(&self, model: Model, keep_merged: bool) -> Result<Measured> {
        measure::measure(
            &self.scenario,
            &self.catalog,
            &self.cycles,
            &self.sessions,
            model,
            keep_merged,
        )
    }

    /// Who was logged in when: the sessions merged per user and split at
    /// cycle boundaries, the part of measuring every model shares.
    pub fn presence(&self) -> Presence {
        measure::presence(&self.sessions, &self.catalog, &self.cycles, false)
    }

    /// Measures every cycle under `model` from a presence computed once.
    pub fn measure_from(&self, model: Model, presence: Presence) -> Result<Measured> {
        measure::measure_from(
            &self.scenario,
            &self.catalog,
            &self.cycles,
            &self.sessions,
            model,
            false,
            presence,
        )
    }

    /// Prices measured usage under `model` and `commitments` (the
    /// contract's own, or another schedule to compare): invoices, totals,
    /// and the bill to date when the usage was cut.
    pub fn price(
        &self,
        measured: &Measured,
        model: Model,
        commitments: &Commitments,
    ) -> Result<SimResult> {
        self.price_as(measured, model, commitments, false)
    }

    /// The contract total with tax (`totals.total`) of [`Prepared::price`],
    /// without writing the lines' explanations: the same amounts for about
    /// half the work, for callers that price a curve (R-O1).
    pub fn price_total(
        &self,
        measured: &Measured,
        model: Model,
        commitments: &Commitments,
    ) -> Result<rust_decimal::Decimal> {
        match self.price_as(measured, model, commitments, true) {
            Ok(r) => Ok(r.totals.total),
            // A quiet error may lack a line's description: the full
            // pricing reports it in its own words.
            Err(_) => self
                .price(measured, model, commitments)
                .map(|r| r.totals.total),
        }
    }

    /// The charges of `measured` under `model` that no product commitment
    /// changes, priced once for [`Prepared::price_total_with`] (R-O1). None
    /// where that split does not apply (usage cut at an as-of date) or
    /// pricing them failed: the full pricing then reports the error.
    pub fn fixed(&self, measured: &Measured, model: Model) -> Option<Fixed> {
        if self.as_of.is_some() {
            return None;
        }
        self.builder(model, &self.commitments, true)
            .fixed(measured)
            .ok()
    }

    /// [`Prepared::price_total`], pricing only the charges `commitments`
    /// can change when `fixed` holds the others (from [`Prepared::fixed`] of
    /// the same `measured`, which keeps the term cycles it prices for the
    /// next call). Any error, or `fixed` of another model, falls back to the
    /// full pricing, so the total or error is always its own.
    pub fn price_total_with(
        &self,
        fixed: Option<&mut Fixed>,
        measured: &Measured,
        model: Model,
        commitments: &Commitments,
    ) -> Result<rust_decimal::Decimal> {
        if let Some(f) = fixed.filter(|_| self.as_of.is_none()) {
            if let Ok(total) = self
                .builder(model, commitments, true)
                .total_with(f, measured)
            {
                return Ok(total);
            }
        }
        self.price_total(measured, model, commitments)
    }

    /// Every charge of `measured` under `model` at `commitments`, summed
    /// per invoice from `fixed` (of the same `measured`), kept so that one
    /// (org, product)'s commitment can be repriced alone with
    /// [`Prepared::price_one`] (R-O1). None where that does not apply (usage
    /// cut at an as-of date) or pricing failed: the full pricing then
    /// reports the error.
    pub fn whole(
        &self,
        fixed: &Fixed,
        measured: &Measured,
        model: Model,
        commitments: &Commitments,
    ) -> Option<Whole> {
        if self.as_of.is_some() {
            return None;
        }
        self.builder(model, commitments, true)
            .whole(fixed, measured)
            .ok()
    }

    /// [`Prepared::price_total`] with (org, product) committed to `steps`
    /// (sorted by cycle) and every other commitment as in `whole`: only
    /// that pair's lines priced, so a point of one org's curve costs the
    /// same with 10,000 orgs. Any error falls back to the full pricing, so
    /// the total or error is always its own.
    pub fn price_one(
        &self,
        whole: &Whole,
        measured: &Measured,
        org: u16,
        product: u16,
        steps: &[(u32, rust_decimal::Decimal)],
    ) -> Result<rust_decimal::Decimal> {
        if let Ok(total) = self.price_one_split(whole, measured, org, product, steps) {
            return Ok(total);
        }
        let commit = whole
            .commitments()
            .with_schedule(org, product, steps.to_vec());
        self.price_total(measured, whole.model(), &commit)
    }

    /// [`Prepared::price_one`] without the fallback: the pair's lines
    /// only, or an error (possibly in fewer words than the full pricing's).
    pub fn price_one_split(
        &self,
        whole: &Whole,
        measured: &Measured,
        org: u16,
        product: u16,
        steps: &[(u32, rust_decimal::Decimal)],
    ) -> Result<rust_decimal::Decimal> {
        if self.as_of.is_some() {
            return Err(crate::error::Error::invalid(
                "as_of",
                "usage cut at a date is priced in full",
            ));
        }
        self.builder(whole.model(), whole.commitments(), true)
            .total_one(whole, measured, org, product, steps)
    }

    /// Moves (org, product) of `whole` to `steps` for good (R-O3: another
    /// model's best commitments, product after product). An error leaves
    /// `whole` as it was.
    pub fn set_one(
        &self,
        whole: &mut Whole,
        measured: &Measured,
        org: u16,
        product: u16,
        steps: Vec<(u32, rust_decimal::Decimal)>,
    ) -> Result<()> {
        let b = self.builder(whole.model(), &self.commitments, true);
        whole.set(&b, measured, org, product, steps)
    }

    fn builder<'b>(
        &'b self,
        model: Model,
        commitments: &'b Commitments,
        quiet: bool,
    ) -> Builder<'b> {
        Builder {
            s: &self.scenario,
            cat: &self.catalog,
            cycles: &self.cycles,
            cur: self.currency,
            commit: commitments,
            model,
            quiet,
        }
    }

    fn price_as(
        &self,
        measured: &Measured,
        model: Model,
        commitments: &Commitments,
        quiet: bool,
    ) -> Result<SimResult> {
        let s: &Scenario = &self.scenario;
        let cur = self.currency;
        let b = self.builder(model, commitments, quiet);
        let last_day = self.as_of.and_then(|d| d.checked_sub_days(Days::new(1)));
        let open = last_day.and_then(|day| calendar::cycle_of_day(&self.cycles, day));
        let crate::invoice::Billed {
            mut invoices,
            cycles: summaries,
            open_lines: mut lines,
        } = b.invoices(measured, open)?;
        let mut preview = None;
        if let Some(d) = self.as_of {
            invoices.retain(|i| i.date < d);
            if let Some(k) = open {
                lines.sort_by_key(|l| Category::ALL.iter().position(|c| *c == l.category));
                let crate::invoice::Subtotals { subtotal, tax, .. } = b.totals(&lines)?;
                preview = Some(Preview {
                    as_of: d,
                    cycle: self.cycles[k].index,
                    lines,
                    subtotal,
                    tax,
                    total: crate::money::add(subtotal, tax, "preview.total")?,
                });
            }
        }
        let mut totals = Totals::default();
        for i in &invoices {
            totals.subtotal = crate::money::add(totals.subtotal, i.subtotal, "totals.subtotal")?;
            totals.tax = crate::money::add(totals.tax, i.tax, "totals.tax")?;
            totals.total = crate::money::add(totals.total, i.total, "totals.total")?;
        }
        for t in [&mut totals.subtotal, &mut totals.tax, &mut totals.total] {
            t.rescale(cur.minor_units);
        }
        Ok(SimResult {
            billsim: FORMAT_VERSION,
            currency: s.currency.clone(),
            model: Some(model),
            cycles: summaries,
            invoices,
            totals,
            preview,
            reports: None,
            notes: self.notes(measured),
        })
    }

    /// The measurement's notes, and a commitment step that starts after the
    /// term: kept (shortening the term in a form must not refuse the steps
    /// it leaves behind) but said, since it bills nothing.
    fn notes(&self, measured: &Measured) -> Vec<String> {
        let mut notes = measured.notes.clone();
        let last = self
            .cycles
            .iter()
            .filter(|c| c.phase == calendar::Phase::Term)
            .map(|c| c.index)
            .max();
        for (i, c) in self.scenario.contract.commitments.iter().enumerate() {
            if last.is_none_or(|l| c.from_cycle > l) {
                // In the words of the form's "Commitment steps", not a JSON path.
                let step = format!(
                    "Commitment step {} ({} from cycle {})",
                    i + 1,
                    c.product,
                    c.from_cycle
                );
                notes.push(match last {
                    Some(l) => format!(
                        "{step} starts after the term's last cycle ({l}), so it bills nothing: remove it or lengthen the term"
                    ),
                    None => format!("{step}: the contract has no term cycles, so it bills nothing"),
                });
            }
        }
        notes
    }
}
