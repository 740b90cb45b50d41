//! Base licenses: prepay in advance (R-M3), overage or hours in arrears
//! (R-M4, R-H1, R-H2), ramp (R-M2) and after-term (R-M6) lines.

use rust_decimal::Decimal;

use super::context::{Builder, Charges, LineSpec};
use crate::calendar::{Cycle, Phase};
use crate::error::{Error, Result, Violation};
use crate::explain;
use crate::measure::CycleUsage;
use crate::result::{Line, LineKind, Timing, UsageRow};
use crate::scenario::{Category, Model, RampLicenses};

/// A product's billed quantity in a cycle, the basis of its fair-use
/// allowances (R-S1): the greater of committed and actual.
#[derive(Debug, Clone, Copy)]
pub(super) struct AllowanceBasis {
    pub product: u16,
    pub quantity: Decimal,
}

/// A rate field's name among a product's `concurrent` rates.
fn concat_concurrent(field: &'static str) -> &'static str {
    match field {
        "prepay" => "concurrent.prepay",
        "list" => "concurrent.list",
        _ => "concurrent.overage",
    }
}

impl Builder<'_> {
    /// Whether the cycle's quantity of (org, product) is a forecast (R-N2)
    /// rather than measured: the engine refuses both for one cycle, so a
    /// forecast row for it says which.
    fn forecast(&self, cycle: u32, org: u16, product: &str) -> bool {
        let org = self.org_id(org);
        let first = self.cat.first_org().ok();
        self.s.usage.quantities.iter().any(|q| {
            q.cycle == cycle
                && q.product == product
                && q.org.as_deref().or(first) == Some(org.as_str())
        })
    }

    /// The cycle's quantity in words: measured, or forecast (R-N2).
    fn quantity_words(&self, cycle: u32, org: u16, product: &str, q: Decimal) -> String {
        if self.forecast(cycle, org, product) {
            explain::forecast(self.model, q)
        } else {
            explain::measured(self.model, self.s.contract.peak_rule, q)
        }
    }

    /// The (org, product) pairs that matter in a cycle: measured or committed.
    fn license_keys(&self, u: &CycleUsage) -> Vec<(u16, u16)> {
        let mut keys: Vec<(u16, u16)> = u
            .licenses
            .keys()
            .copied()
            .chain(self.commit.keys())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// A rate the usage needs, or the error naming the product's field.
    fn rate(
        &self,
        c: &Cycle,
        id: &str,
        field: &'static str,
        r: Option<Decimal>,
    ) -> Result<Decimal> {
        r.ok_or_else(|| {
            Error::from(Violation::MissingRate {
                product: id.to_owned(),
                field,
                cycle: c.index,
                period: explain::cycle(c),
            })
        })
    }

    /// The in-arrears license lines of cycle `c`, its usage rows, and the
    /// allowance basis of each product billed.
    pub(super) fn licenses(
        &self,
        c: &Cycle,
        u: &CycleUsage,
        ch: &mut Charges,
        rows: &mut Vec<UsageRow>,
    ) -> Result<Vec<AllowanceBasis>> {
        let mut basis = Vec::new();
        for (org, p) in self.license_keys(u) {
            let committed = self.committed(c, org, p);
            if let Some(b) = self.license_line(c, u, org, p, committed, ch, rows)? {
                basis.push(b);
            }
        }
        Ok(basis)
    }

    /// The in-arrears line of one (org, product) in cycle `c` at `committed`
    /// (its usage row too), and its allowance basis; none when neither
    /// measured nor committed. One org's curve prices only this (R-O1).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn license_line(
        &self,
        c: &Cycle,
        u: &CycleUsage,
        org: u16,
        p: u16,
        committed: Decimal,
        ch: &mut Charges,
        rows: &mut Vec<UsageRow>,
    ) -> Result<Option<AllowanceBasis>> {
        crate::work::count_line();
        let period = Self::period(c);
        let hourly = self.model == Model::Hourly;
        let unit = if hourly { " User Hours" } else { " User" };
        let id = self.cat.products[p as usize].as_str();
        let prod = &self.s.contract.products[id];
        // Under the concurrent model a product's own concurrent rates,
        // when it has them (format "Per-model rates"); a missing one is
        // named where it is missing.
        let rates = prod.rates(self.model);
        let own = prod.concurrent.is_some() && self.model == Model::Concurrent;
        let field = |plain: &'static str, concurrent: &'static str| {
            if own {
                concurrent
            } else {
                plain
            }
        };
        let actual = u.licenses.get(&(org, p)).copied().unwrap_or_default();
        if actual.is_zero() && committed.is_zero() {
            return Ok(None);
        }
        let basis = AllowanceBasis {
            product: p,
            quantity: committed.max(actual),
        };
        // A quiet pricing wants the amounts only, not the summary rows.
        if !self.quiet {
            rows.push(UsageRow {
                org: self.org_id(org),
                product: id.to_owned(),
                actual: actual.normalize(),
                committed: committed.normalize(),
                billed: self.billed(c, committed, actual).normalize(),
            });
        }
        let words = self.says(|| self.quantity_words(c.index, org, id, actual));
        // The field whose rate a line bills, named if its amount is too
        // large to compute: a missing rate falls back to another.
        let used = |first: &'static str, then: &'static str, r: Option<Decimal>| {
            if hourly {
                "hourly"
            } else if r.is_some() {
                field(first, concat_concurrent(first))
            } else {
                field(then, concat_concurrent(then))
            }
        };
        let (kind, quantity, unit_price, explanation, source) = match c.phase {
            Phase::Ramp if self.s.contract.ramp.licenses != RampLicenses::ActualInArrears => {
                return Ok(Some(basis))
            }
            Phase::Ramp => {
                let rate = if hourly {
                    self.rate(c, id, "hourly", prod.hourly)?
                } else {
                    self.rate(
                        c,
                        id,
                        field("prepay", "concurrent.prepay"),
                        rates.prepay.or(rates.overage),
                    )?
                };
                let text = self.says(|| explain::ramp_actual(c, &words, rate));
                let source = used("prepay", "overage", rates.prepay);
                (LineKind::Actual, actual, rate, text, source)
            }
            Phase::AfterTerm => {
                let rate = if hourly {
                    self.rate(c, id, "hourly", prod.hourly)?
                } else {
                    self.rate(
                        c,
                        id,
                        field("list", "concurrent.list"),
                        rates.list.or(rates.overage),
                    )?
                };
                let text = self.says(|| explain::after_term(c, &words, rate));
                let source = used("list", "overage", rates.list);
                (LineKind::Actual, actual, rate, text, source)
            }
            Phase::Term if hourly => {
                let over = (actual - committed).max(Decimal::ZERO);
                let rate = self.rate(c, id, "hourly", prod.hourly)?;
                let exact = u.exact_hours.get(&(org, p)).copied().unwrap_or(actual);
                let text = self.says(|| explain::hourly(c, exact, actual, committed, over, rate));
                (LineKind::Hourly, over, rate, text, "hourly")
            }
            Phase::Term => {
                let over = (actual - committed).max(Decimal::ZERO);
                if over.is_zero() {
                    return Ok(Some(basis));
                }
                let rate =
                    self.rate(c, id, field("overage", "concurrent.overage"), rates.overage)?;
                let text = self.says(|| explain::overage(c, &words, committed, over, rate));
                (
                    LineKind::Overage,
                    over,
                    rate,
                    text,
                    used("overage", "overage", rates.overage),
                )
            }
        };
        if quantity.is_zero() {
            return Ok(Some(basis)); // no line, so no name to write
        }
        let suffix = if c.phase == Phase::Ramp {
            " (ramp)"
        } else {
            ""
        };
        ch.arrears.extend(self.line(LineSpec {
            kind,
            category: Category::License,
            org: Some(org),
            product: Some(id),
            description: self.says(|| format!("{}{unit}{suffix}", self.product_name(p))),
            quantity,
            unit_price,
            at: &|| format!("contract.products.{id}.{source}"),
            period,
            timing: Timing::InArrears,
            explanation,
        })?);
        Ok(Some(basis))
    }

    /// The prepay lines of cycle `c` (R-M3), each explained with what the
    /// cycle then measured.
    pub(super) fn license_prepay(
        &self,
        c: &Cycle,
        u: &CycleUsage,
        annual: bool,
    ) -> Result<Vec<Line>> {
        let mut out = Vec::new();
        for (org, p) in self.commit.keys() {
            let committed = self.commit.product(org, p, c.index);
            out.extend(self.license_prepay_line(c, u, org, p, committed, annual)?);
        }
        Ok(out)
    }

    /// The prepay line of one (org, product) committed to `committed` in
    /// cycle `c`: none without a prepay rate or at 0 (R-M3).
    pub(super) fn license_prepay_line(
        &self,
        c: &Cycle,
        u: &CycleUsage,
        org: u16,
        p: u16,
        committed: Decimal,
        annual: bool,
    ) -> Result<Option<Line>> {
        let hourly = self.model == Model::Hourly;
        let unit = if hourly {
            " User Hours - Prepay"
        } else {
            " User - Prepay"
        };
        let id = self.cat.products[p as usize].as_str();
        let prod = &self.s.contract.products[id];
        let (rate, source) = if hourly {
            (prod.hourly, "hourly")
        } else if prod.concurrent.is_some() && self.model == Model::Concurrent {
            (prod.rates(self.model).prepay, "concurrent.prepay")
        } else {
            (prod.rates(self.model).prepay, "prepay")
        };
        let Some(rate) = rate else { return Ok(None) };
        let actual = u.licenses.get(&(org, p)).copied().unwrap_or_default();
        let measured = explain::Measured {
            quantity: actual,
            words: self.says(|| self.quantity_words(c.index, org, id, actual)),
            // Only a line's sentence asks (a quiet pricing writes none).
            forecast: !self.quiet && self.forecast(c.index, org, id),
        };
        self.line(LineSpec {
            kind: LineKind::Prepay,
            category: Category::License,
            org: Some(org),
            product: Some(id),
            description: self.says(|| format!("{}{unit}", self.product_name(p))),
            quantity: committed,
            unit_price: rate,
            at: &|| format!("contract.products.{id}.{source}"),
            period: Self::period(c),
            timing: Timing::InAdvance,
            explanation: self.says(|| explain::prepay(c, committed, rate, Some(measured), annual)),
        })
    }
}
