//! The pricing context every rule family reads: the scenario, its catalog
//! and cycles, the currency, the commitments and the model priced, plus the
//! one way a charge becomes a rounded invoice line (R-$1).

use rust_decimal::Decimal;

use crate::calendar::{Cycle, Phase};
use crate::contract::Commitments;
use crate::error::{Error, Result};
use crate::money::Currency;
use crate::result::{Line, LineKind, Period, Timing};
use crate::scenario::{Category, Model, RampLicenses, Scenario};
use crate::usage::Catalog;

/// A cycle's charges before they are placed on invoices.
#[derive(Debug, Default, Clone)]
pub struct Charges {
    /// On the invoice dated at the cycle's start.
    pub advance: Vec<Line>,
    /// On the invoice dated the day after the cycle's end.
    pub arrears: Vec<Line>,
}

/// What every rule family prices with, read-only.
pub struct Builder<'a> {
    /// The scenario.
    pub s: &'a Scenario,
    /// Orgs and products by index.
    pub cat: &'a Catalog,
    /// Every cycle.
    pub cycles: &'a [Cycle],
    /// Currency rounding.
    pub cur: Currency,
    /// Commitment schedules.
    pub commit: &'a Commitments,
    /// The model billed.
    pub model: Model,
    /// Leave explanations empty: only amounts are wanted (advice prices a
    /// cost curve thousands of times, and the words were half the work).
    pub quiet: bool,
}

/// What a line says before it is rounded.
pub(crate) struct LineSpec<'p> {
    pub kind: LineKind,
    pub category: Category,
    pub org: Option<u16>,
    pub product: Option<&'p str>,
    pub description: String,
    pub quantity: Decimal,
    pub unit_price: Decimal,
    /// The JSON path of the unit price (`contract.products.cx2.prepay`):
    /// where an amount too large to compute is reported.
    pub at: &'p dyn Fn() -> String,
    pub period: Period,
    pub timing: Timing,
    pub explanation: String,
}

impl Builder<'_> {
    /// A cycle's service period, as lines show it.
    pub(crate) fn period(c: &Cycle) -> Period {
        Period {
            start: c.start,
            end: c.end,
        }
    }

    /// The words `f` writes (an explanation, or a line's description in the
    /// families a cost curve prices), unless the builder is quiet: amounts
    /// never depend on them, so a quiet pricing totals the same. A quiet
    /// pricing's error may lack them: its callers price again in full to
    /// report it ([`crate::stages::Prepared::price_total`]).
    pub(crate) fn says(&self, f: impl FnOnce() -> String) -> String {
        if self.quiet {
            String::new()
        } else {
            f()
        }
    }

    /// A rounded line, or none when the quantity is zero.
    pub(crate) fn line(&self, spec: LineSpec<'_>) -> Result<Option<Line>> {
        if spec.quantity.is_zero() {
            return Ok(None);
        }
        self.priced(spec).map(Some)
    }

    /// A rounded line, kept even at quantity zero: for a charge the
    /// customer should see was counted and covered (R-AI3).
    pub(crate) fn priced(&self, spec: LineSpec<'_>) -> Result<Line> {
        let mut amount = self
            .cur
            .line_amount(spec.quantity, spec.unit_price)
            .ok_or_else(|| Error::overflow((spec.at)()))?;
        amount.rescale(self.cur.minor_units);
        Ok(Line {
            kind: spec.kind,
            category: spec.category,
            org: spec.org.map(|o| self.org_id(o)),
            product: spec.product.map(str::to_owned),
            description: spec.description,
            quantity: spec.quantity.normalize(),
            unit_price: spec.unit_price,
            amount,
            period: spec.period,
            timing: spec.timing,
            explanation: spec.explanation,
        })
    }

    /// An org's id, as the scenario spells it.
    pub(crate) fn org_id(&self, org: u16) -> String {
        self.cat.orgs[org as usize].clone()
    }

    /// A product's display name ("Cloud CX 2" unless the scenario names it).
    pub(crate) fn product_name(&self, p: u16) -> String {
        let id = &self.cat.products[p as usize];
        let prod = &self.s.contract.products[id];
        prod.name
            .clone()
            .unwrap_or_else(|| format!("Cloud CX {}", prod.tier))
    }

    /// The quantity of (org, product) committed in a cycle: 0 outside the term.
    pub(crate) fn committed(&self, c: &Cycle, org: u16, p: u16) -> Decimal {
        if c.phase == Phase::Term {
            self.commit.product(org, p, c.index)
        } else {
            Decimal::ZERO
        }
    }

    /// Billed quantity in a cycle: greater of committed and actual in the
    /// term; actual elsewhere (0 in a waived ramp).
    pub(crate) fn billed(&self, c: &Cycle, committed: Decimal, actual: Decimal) -> Decimal {
        match c.phase {
            Phase::Term => committed.max(actual),
            Phase::Ramp if self.ramp_waived() => Decimal::ZERO,
            _ => actual,
        }
    }

    /// Whether ramp licenses are free (R-M2).
    pub(crate) fn ramp_waived(&self) -> bool {
        self.s.contract.ramp.licenses == RampLicenses::Waived
    }
}
