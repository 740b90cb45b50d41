//! Measured cycles to invoices: the charges of each cycle (R-M1..R-M7, R-A1,
//! R-S1..R-S3, R-D1, R-T1..R-T3, with the hooks of R-AI4 and R-F1), placed on the invoice calendar (R-M5, R-M8),
//! rounded (R-$1) and taxed (R-X1).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::{Cycle, Phase};
use crate::contract::Commitments;
use crate::error::{Error, Result};
use crate::explain;
use crate::measure::{CycleUsage, Measured};
use crate::money::Currency;
use crate::resources;
use crate::result::{
    CycleResult, Invoice, Line, LineKind, PeakRow, Period, ResourceRow, TaxLine, TelcoRecon,
    Timing, UsageRow,
};
use crate::scenario::{Billing, Category, Model, RampLicenses, ResourceKind, Scenario};
use crate::telco;
use crate::usage::Catalog;

/// A cycle's charges before they are placed on invoices.
#[derive(Debug, Default, Clone)]
pub struct Charges {
    /// On the invoice dated at the cycle's start.
    pub advance: Vec<Line>,
    /// On the invoice dated the day after the cycle's end.
    pub arrears: Vec<Line>,
}

/// What the builder needs, read-only.
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
    pub period: Period,
    pub timing: Timing,
    pub explanation: String,
}

impl Builder<'_> {
    pub(crate) fn period(c: &Cycle) -> Period {
        Period {
            start: c.start,
            end: c.end,
        }
    }

    /// A rounded line, or none when the quantity is zero.
    pub(crate) fn line(&self, spec: LineSpec<'_>) -> Result<Option<Line>> {
        if spec.quantity.is_zero() {
            return Ok(None);
        }
        let amount = self
            .cur
            .line_amount(spec.quantity, spec.unit_price)
            .ok_or_else(|| {
                Error::overflow(format!("{} x {}", spec.description, spec.unit_price))
            })?;
        let mut amount = amount;
        amount.rescale(self.cur.minor_units);
        Ok(Some(Line {
            kind: spec.kind,
            category: spec.category,
            org: spec.org.map(|o| self.cat.orgs[o as usize].clone()),
            product: spec.product.map(str::to_owned),
            description: spec.description,
            quantity: spec.quantity.normalize(),
            unit_price: spec.unit_price,
            amount,
            period: spec.period,
            timing: spec.timing,
            explanation: spec.explanation,
        }))
    }

    fn product_name(&self, p: u16) -> String {
        let id = &self.cat.products[p as usize];
        let prod = &self.s.contract.products[id];
        prod.name
            .clone()
            .unwrap_or_else(|| format!("Cloud CX {}", prod.tier))
    }

    fn committed(&self, c: &Cycle, org: u16, p: u16) -> Decimal {
        if c.phase == Phase::Term {
            self.commit.product(org, p, c.index)
        } else {
            Decimal::ZERO
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

    /// Billed quantity of (org, product) in a cycle: greater of committed and
    /// actual in the term; actual elsewhere (0 in a waived ramp).
    fn billed(&self, c: &Cycle, committed: Decimal, actual: Decimal) -> Decimal {
        match c.phase {
            Phase::Term => committed.max(actual),
            Phase::Ramp if self.s.contract.ramp.licenses == RampLicenses::Waived => Decimal::ZERO,
            _ => actual,
        }
    }

    /// Charges and the cycle summary for cycle position `k`.
    pub fn cycle(&self, k: usize, u: &CycleUsage) -> Result<(Charges, CycleResult)> {
        let c = &self.cycles[k];
        let mut ch = Charges::default();
        let mut usage_rows = Vec::new();
        let rule = self.s.contract.peak_rule;
        let period = Self::period(c);
        // Resource allowance basis per product: max(committed, actual) (R-S1).
        let mut basis: Vec<(u16, Decimal)> = Vec::new();

        for (org, p) in self.license_keys(u) {
            let id = self.cat.products[p as usize].as_str();
            let prod = &self.s.contract.products[id];
            let actual = u.licenses.get(&(org, p)).copied().unwrap_or_default();
            let committed = self.committed(c, org, p);
            let billed = self.billed(c, committed, actual);
            if actual.is_zero() && committed.is_zero() {
                continue;
            }
            basis.push((p, committed.max(actual)));
            usage_rows.push(UsageRow {
                org: self.cat.orgs[org as usize].clone(),
                product: id.to_owned(),
                actual: actual.normalize(),
                committed: committed.normalize(),
                billed: billed.normalize(),
            });
            let name = self.product_name(p);
            let words = explain::measured(self.model, rule, actual);
            let hourly = self.model == Model::Hourly;
            let unit = if hourly { " User Hours" } else { " User" };
            let rate_of = |r: Option<Decimal>, field: &str| -> Result<Decimal> {
                r.ok_or_else(|| {
                    Error::invalid(
                        format!("contract.products.{id}.{field}"),
                        format!("a rate is needed: {id} has usage in {}", explain::cycle(c)),
                    )
                })
            };
            match c.phase {
                Phase::Ramp => {
                    if self.s.contract.ramp.licenses == RampLicenses::ActualInArrears {
                        let rate = if hourly {
                            rate_of(prod.hourly, "hourly")?
                        } else {
                            rate_of(prod.prepay.or(prod.overage), "prepay")?
                        };
                        ch.arrears.extend(self.line(LineSpec {
                            kind: LineKind::Actual,
                            category: Category::License,
                            org: Some(org),
                            product: Some(id),
                            description: format!("{name}{unit} (ramp)"),
                            quantity: actual,
                            unit_price: rate,
                            period,
                            timing: Timing::InArrears,
                            explanation: explain::ramp_actual(c, &words, rate),
                        })?);
                    }
                }
                Phase::AfterTerm => {
                    let rate = if hourly {
                        rate_of(prod.hourly, "hourly")?
                    } else {
                        rate_of(prod.list.or(prod.overage), "list")?
                    };
                    ch.arrears.extend(self.line(LineSpec {
                        kind: LineKind::Actual,
                        category: Category::License,
                        org: Some(org),
                        product: Some(id),
                        description: format!("{name}{unit}"),
                        quantity: actual,
                        unit_price: rate,
                        period,
                        timing: Timing::InArrears,
                        explanation: explain::after_term(c, &words, rate),
                    })?);
                }
                Phase::Term => {
                    let over = (actual - committed).max(Decimal::ZERO);
                    if hourly {
                        let rate = rate_of(prod.hourly, "hourly")?;
                        let exact = u.exact_hours.get(&(org, p)).copied().unwrap_or(actual);
                        ch.arrears.extend(self.line(LineSpec {
                            kind: LineKind::Hourly,
                            category: Category::License,
                            org: Some(org),
                            product: Some(id),
                            description: format!("{name}{unit}"),
                            quantity: over,
                            unit_price: rate,
                            period,
                            timing: Timing::InArrears,
                            explanation: explain::hourly(c, exact, actual, committed, over, rate),
                        })?);
                    } else if !over.is_zero() {
                        let rate = rate_of(prod.overage, "overage")?;
                        ch.arrears.extend(self.line(LineSpec {
                            kind: LineKind::Overage,
                            category: Category::License,
                            org: Some(org),
                            product: Some(id),
                            description: format!("{name}{unit}"),
                            quantity: over,
                            unit_price: rate,
                            period,
                            timing: Timing::InArrears,
                            explanation: explain::overage(c, &words, committed, over, rate),
                        })?);
                    }
                }
            }
        }

        self.addons(c, u, &mut ch, &mut usage_rows)?;
        let resource_rows = self.resources(c, u, &basis, &mut ch)?;
        let telco = self.telco(c, u, &mut ch)?;
        self.recurring(c, &mut ch)?;
        let ai = crate::ai::charges(self, c, u, &mut ch)?;
        let allocations = crate::allocations::charges(self, c, u, &mut ch)?;

        let peaks = u
            .peaks
            .iter()
            .map(|(&org, p)| PeakRow {
                org: self.cat.orgs[org as usize].clone(),
                region: self.s.orgs[org as usize].region.clone(),
                raw: p.raw,
                sustained: p.sustained,
                cumulative: p.cumulative,
                cumulative_exact: p.cumulative_exact,
                billed: p.under(rule.kind),
            })
            .collect();
        let summary = CycleResult {
            index: c.index,
            start: c.start,
            end: c.end,
            phase: c.phase.as_str().to_owned(),
            usage: usage_rows,
            peaks,
            resources: resource_rows,
            telco,
            ai,
            allocations,
        };
        Ok((ch, summary))
    }

    /// Prepay lines of cycle `k` (R-M3), with the cycle's actual for the explanation.
    fn prepay_lines(&self, k: usize, m: &Measured, annual: bool) -> Result<Vec<Line>> {
        let c = &self.cycles[k];
        let u = &m.cycles[k];
        let mut out = Vec::new();
        if c.phase != Phase::Term {
            return Ok(out);
        }
        let rule = self.s.contract.peak_rule;
        for (org, p) in self.commit.keys() {
            let committed = self.commit.product(org, p, c.index);
            let id = self.cat.products[p as usize].as_str();
            let prod = &self.s.contract.products[id];
            let rate = if self.model == Model::Hourly {
                prod.hourly
            } else {
                prod.prepay
            };
            let Some(rate) = rate else { continue };
            let actual = u.licenses.get(&(org, p)).copied().unwrap_or_default();
            let unit = if self.model == Model::Hourly {
                " User Hours - Prepay"
            } else {
                " User - Prepay"
            };
            out.extend(self.line(LineSpec {
                kind: LineKind::Prepay,
                category: Category::License,
                org: Some(org),
                product: Some(id),
                description: format!("{}{unit}", self.product_name(p)),
                quantity: committed,
                unit_price: rate,
                period: Self::period(c),
                timing: Timing::InAdvance,
                explanation: explain::prepay(
                    c,
                    committed,
                    rate,
                    Some((actual, explain::measured(self.model, rule, actual))),
                    annual,
                ),
            })?);
        }
        out.extend(crate::ai::prepay(self, c, u, annual)?);
        for (i, a) in self.s.contract.addons.iter().enumerate() {
            let committed = self.commit.addon(i, c.index);
            let org = a.org.as_deref().and_then(|o| self.cat.org(o)).unwrap_or(0);
            out.extend(self.line(LineSpec {
                kind: LineKind::AddonPrepay, category: Category::License, org: Some(org), product: Some(&a.id),
                description: format!("{} - Prepay", a.name.as_deref().unwrap_or(&a.id)), quantity: committed, unit_price: a.prepay,
                period: Self::period(c), timing: Timing::InAdvance,
                explanation: format!("{} add-on: {committed} committed for {}, billed in advance at {} (R-A1, R-M3).", a.id, explain::cycle(c), a.prepay),
            })?);
        }
        Ok(out)
    }

    /// Add-ons: billed like base licenses, never above the base's billed users (R-A1).
    fn addons(
        &self,
        c: &Cycle,
        u: &CycleUsage,
        ch: &mut Charges,
        rows: &mut Vec<UsageRow>,
    ) -> Result<()> {
        for (i, a) in self.s.contract.addons.iter().enumerate() {
            let org = a.org.as_deref().and_then(|o| self.cat.org(o)).unwrap_or(0);
            let actual = u.addons.get(&(org, i)).copied().unwrap_or_default();
            let committed = if c.phase == Phase::Term {
                self.commit.addon(i, c.index)
            } else {
                Decimal::ZERO
            };
            if actual.is_zero() && committed.is_zero() {
                continue;
            }
            let base = self.cat.product(&a.base).unwrap_or(0);
            let base_actual = u.licenses.get(&(org, base)).copied().unwrap_or_default();
            let base_billed = self.committed(c, org, base).max(base_actual);
            let addon_billed = committed.max(actual);
            if addon_billed > base_billed {
                return Err(Error::invalid(
                    format!("contract.addons[{i}]"),
                    format!("{}: {addon_billed} {} users but only {base_billed} {} users are billed; an add-on covers a subset of its base users (R-A1)", explain::capital(&explain::cycle(c)), a.id, a.base),
                ));
            }
            rows.push(UsageRow {
                org: self.cat.orgs[org as usize].clone(),
                product: a.id.clone(),
                actual: actual.normalize(),
                committed: committed.normalize(),
                billed: self.billed(c, committed, actual).normalize(),
            });
            let name = a.name.clone().unwrap_or_else(|| a.id.clone());
            let period = Self::period(c);
            let (kind, qty, rate, text) = match c.phase {
                Phase::Term => {
                    let over = (actual - committed).max(Decimal::ZERO);
                    (LineKind::AddonOverage, over, a.overage, format!("{}: {actual} {} users against {committed} committed; {over} billed in arrears at the overage rate {} (R-A1, R-M4).", explain::capital(&explain::cycle(c)), a.id, a.overage))
                }
                Phase::Ramp if self.s.contract.ramp.licenses == RampLicenses::Waived => continue,
                Phase::Ramp => (LineKind::Actual, actual, a.prepay, format!("Ramp {}: {actual} {} users billed in arrears at {} (R-A1, R-M2).", explain::cycle(c), a.id, a.prepay)),
                Phase::AfterTerm => (LineKind::Actual, actual, a.overage, format!("After the term, {}: {actual} {} users billed in arrears at {} (R-A1, R-M6).", explain::cycle(c), a.id, a.overage)),
            };
            ch.arrears.extend(self.line(LineSpec {
                kind,
                category: Category::License,
                org: Some(org),
                product: Some(&a.id),
                description: name,
                quantity: qty,
                unit_price: rate,
                period,
                timing: Timing::InArrears,
                explanation: text,
            })?);
        }
        Ok(())
    }

    /// Fair-use pools and messaging (R-S1..R-S3), in arrears, in the ramp too.
    fn resources(
        &self,
        c: &Cycle,
        u: &CycleUsage,
        basis: &[(u16, Decimal)],
        ch: &mut Charges,
    ) -> Result<Vec<ResourceRow>> {
        let mut rows = Vec::new();
        for (&kind, &used) in &u.resources {
            let rate = match self.s.contract.resources.get(&kind) {
                Some(r) => r.rate,
                None => Decimal::new(25, 2), // storage default 0.25 per GB (R-S2); validation requires the others
            };
            let period = Self::period(c);
            if kind == ResourceKind::Sms {
                rows.push(ResourceRow {
                    resource: kind.as_str().into(),
                    used: used.normalize(),
                    allowance: Decimal::ZERO,
                    overage: used.normalize(),
                });
                ch.arrears.extend(self.line(LineSpec {
                    kind: LineKind::Sms,
                    category: Category::Resource,
                    org: None,
                    product: None,
                    description: kind.label().into(),
                    quantity: used,
                    unit_price: rate,
                    period,
                    timing: Timing::InArrears,
                    explanation: format!(
                        "{}: {used} messages at {rate} each, billed in arrears (R-S3).",
                        explain::capital(&explain::cycle(c))
                    ),
                })?);
                continue;
            }
            let mut allowance = Decimal::ZERO;
            let mut parts = Vec::new();
            for &(p, q) in basis {
                let prod = &self.s.contract.products[&self.cat.products[p as usize]];
                let per = resources::per_unit(kind, prod, self.model);
                let add = q
                    .checked_mul(per)
                    .ok_or_else(|| Error::overflow(format!("allowance of {}", kind.as_str())))?;
                allowance = crate::money::add(allowance, add, kind.as_str())?;
                let unit = if self.model == Model::Hourly {
                    "h"
                } else {
                    "users"
                };
                parts.push(format!(
                    "{} {unit} of {} x {}",
                    q.normalize(),
                    self.product_name(p),
                    per
                ));
            }
            let over = (used - allowance).max(Decimal::ZERO);
            rows.push(ResourceRow {
                resource: kind.as_str().into(),
                used: used.normalize(),
                allowance: allowance.normalize(),
                overage: over.normalize(),
            });
            let basis_text = if parts.is_empty() {
                "no billed licenses".to_owned()
            } else {
                parts.join(" + ")
            };
            ch.arrears.extend(self.line(LineSpec {
                kind: LineKind::Resource,
                category: Category::Resource,
                org: None,
                product: None,
                description: format!("{} overage", kind.label()),
                quantity: over,
                unit_price: rate,
                period,
                timing: Timing::InArrears,
                explanation: explain::resource(
                    c,
                    kind.label(),
                    used.normalize(),
                    allowance.normalize(),
                    &basis_text,
                    over.normalize(),
                    rate,
                ),
            })?);
        }
        Ok(rows)
    }

    /// Rated calls, the surcharge and number monthly charges (R-T1..R-T3).
    fn telco(&self, c: &Cycle, u: &CycleUsage, ch: &mut Charges) -> Result<Option<TelcoRecon>> {
        let Some(t) = &self.s.contract.telco else {
            if let Some(&i) = u.calls.first() {
                return Err(Error::invalid(
                    format!("usage.calls[{i}]"),
                    "calls need contract.telco rates",
                ));
            }
            return Ok(None);
        };
        let period = Self::period(c);
        if let Some(n) = &t.numbers {
            ch.advance.extend(self.line(LineSpec {
                kind: LineKind::NumberMonthly, category: Category::Telco, org: None, product: None,
                description: "Phone numbers - monthly".into(), quantity: Decimal::from(n.count), unit_price: n.monthly, period, timing: Timing::InAdvance,
                explanation: format!("{} numbers at {} each for {}, in advance; not in the call records, reconciled separately (R-T2).", n.count, n.monthly, explain::cycle(c)),
            })?);
        }
        if u.calls.is_empty() {
            return Ok(None);
        }
        let rated = telco::rate(t, &self.s.usage.calls, &u.calls)?;
        for ((kind, intl), row) in &rated.rows {
            let breakout = if *intl { "International" } else { "US" };
            let minutes = (Decimal::from(row.billed_seconds) / Decimal::from(60)).normalize();
            let mut line = self.line(LineSpec {
                kind: LineKind::Telco, category: Category::Telco, org: None, product: None,
                description: format!("{} ({breakout})", kind.label()), quantity: minutes, unit_price: row.rate, period, timing: Timing::InArrears,
                explanation: format!(
                    "{} {} call(s) in {}: each rounded up to {} s and priced at {} per minute, each cost rounded to 4 decimals; their sum {} is this row's share of the call records' total cost (R-T1, R-T2).",
                    row.calls, kind.as_str(), explain::cycle(c), t.increment_seconds, row.rate, row.cost.normalize()
                ),
            })?;
            if let Some(l) = &mut line {
                // The row is the sum of per-call costs, not minutes x rate (R-T1).
                l.amount = self.cur.round(row.cost);
                l.amount.rescale(self.cur.minor_units);
            }
            ch.arrears.extend(line);
        }
        if let Some(s) = &t.short_call {
            ch.arrears.extend(self.line(LineSpec {
                kind: LineKind::TelcoSurcharge, category: Category::Telco, org: None, product: None,
                description: "Short Duration Call Surcharge".into(), quantity: Decimal::from(rated.surcharged), unit_price: s.surcharge, period, timing: Timing::InArrears,
                explanation: format!(
                    "{} of {} outbound calls lasted {} s or less ({}% >= {}%, and at least {} calls): each short call is surcharged {} (R-T3).",
                    rated.short, rated.outbound, s.max_seconds,
                    (Decimal::from(rated.short) * Decimal::from(100) / Decimal::from(rated.outbound.max(1))).round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero), s.share.checked_mul(Decimal::from(100)).unwrap_or(s.share), s.min_calls, s.surcharge
                ),
            })?);
        }
        Ok(Some(TelcoRecon {
            calls: rated.rows.values().map(|r| r.calls).sum(),
            cdr_total: rated.cdr_total.normalize(),
            surcharged_calls: rated.surcharged,
        }))
    }

    /// Monthly device charges in advance, in every phase (R-D1).
    fn recurring(&self, c: &Cycle, ch: &mut Charges) -> Result<()> {
        for d in &self.s.contract.devices {
            if let Some(rate) = d.monthly {
                ch.advance.extend(self.line(LineSpec {
                    kind: LineKind::DeviceMonthly,
                    category: Category::Device,
                    org: None,
                    product: None,
                    description: d.name.clone(),
                    quantity: Decimal::from(d.quantity),
                    unit_price: rate,
                    period: Self::period(c),
                    timing: Timing::InAdvance,
                    explanation: format!(
                        "{} x {} at {rate} per month, billed in advance for {} (R-D1).",
                        d.quantity,
                        d.name,
                        explain::cycle(c)
                    ),
                })?);
            }
        }
        Ok(())
    }

    /// Non-recurring charges with the date they are invoiced on or after (R-M8).
    fn one_time(&self) -> Result<Vec<(NaiveDate, String, Line)>> {
        let mut out = Vec::new();
        let first = self
            .cycles
            .first()
            .map_or(self.s.contract.activation, |c| c.start);
        for (i, o) in self.s.contract.one_time.iter().enumerate() {
            let p = Period {
                start: o.date,
                end: o.date,
            };
            out.extend(self.line(LineSpec {
                kind: LineKind::OneTime, category: Category::OneTime, org: None, product: None, description: o.name.clone(),
                quantity: Decimal::ONE, unit_price: o.amount, period: p, timing: Timing::OneTime,
                explanation: format!("Ordered {}: non-recurring, invoiced on the first invoice on or after the order date (R-M8).", o.date),
            })?.map(|l| (o.date, format!("contract.one_time[{i}].date"), l)));
        }
        for (i, d) in self.s.contract.devices.iter().enumerate() {
            if let Some(rate) = d.one_time {
                let ship = d.ship_date.unwrap_or(first);
                out.extend(self.line(LineSpec {
                    kind: LineKind::DeviceOneTime, category: Category::Device, org: None, product: None, description: d.name.clone(),
                    quantity: Decimal::from(d.quantity), unit_price: rate, period: Period { start: ship, end: ship }, timing: Timing::OneTime,
                    explanation: format!("{} x {} at {rate}, shipped {ship}: hardware is invoiced on the first invoice on or after its ship date (R-D1, R-M8).", d.quantity, d.name),
                })?.map(|l| (ship, format!("contract.devices[{i}].ship_date"), l)));
            }
        }
        if let Some(n) = self
            .s
            .contract
            .telco
            .as_ref()
            .and_then(|t| t.numbers.as_ref())
        {
            out.extend(
                self.line(LineSpec {
                    kind: LineKind::NumberSetup,
                    category: Category::Telco,
                    org: None,
                    product: None,
                    description: "Phone numbers - setup".into(),
                    quantity: Decimal::from(n.count),
                    unit_price: n.setup,
                    period: Period {
                        start: first,
                        end: first,
                    },
                    timing: Timing::OneTime,
                    explanation: format!(
                        "{} numbers set up at {} each, once; not in the call records (R-T2).",
                        n.count, n.setup
                    ),
                })?
                .map(|l| (first, "contract.telco.numbers".to_owned(), l)),
            );
        }
        Ok(out)
    }

    /// Every invoice of the contract, and the per-cycle summaries.
    ///
    /// `keep` names a cycle whose in-arrears lines are also returned (the bill-to-date preview).
    pub fn invoices(
        &self,
        m: &Measured,
        keep: Option<usize>,
    ) -> Result<(Vec<Invoice>, Vec<CycleResult>, Vec<Line>)> {
        let n = self.cycles.len();
        let mut charges: Vec<Charges> = Vec::with_capacity(n);
        let mut summaries = Vec::with_capacity(n);
        for k in 0..n {
            let (ch, summary) = self.cycle(k, &m.cycles[k])?;
            charges.push(ch);
            summaries.push(summary);
        }
        // Prepay: each cycle's, or a contract year's on its first invoice (R-M7).
        let ramp = self.s.contract.ramp.cycles as usize;
        let annual = self.s.contract.billing == Billing::AnnualUpfront;
        let mut prepay: Vec<Vec<Line>> = vec![Vec::new(); n];
        for k in 0..n {
            let target = if annual && self.cycles[k].phase == Phase::Term {
                ramp + (k - ramp) / 12 * 12
            } else {
                k
            };
            let lines = self.prepay_lines(k, m, annual)?;
            prepay[target].extend(lines);
        }
        let mut dates: Vec<NaiveDate> = self.cycles.iter().map(|c| c.start).collect();
        if let Some(last) = self.cycles.last() {
            dates.push(last.next_start());
        }
        let mut one_time = self.one_time()?;
        if let Some(&last_date) = dates.last() {
            if let Some((d, path, _)) = one_time.iter().find(|(d, _, _)| *d > last_date) {
                return Err(Error::invalid(
                    path.clone(),
                    format!("{d} is after the contract's last invoice ({last_date})"),
                ));
            }
        }
        one_time.sort_by_key(|(d, _, _)| *d);
        let kept = keep
            .and_then(|k| charges.get(k))
            .map(|c: &Charges| c.arrears.clone())
            .unwrap_or_default();
        let mut invoices = Vec::new();
        let mut ot = one_time.into_iter().peekable();
        for (k, &date) in dates.iter().enumerate() {
            let mut lines = Vec::new();
            if k > 0 {
                lines.append(&mut charges[k - 1].arrears);
            }
            if k < n {
                lines.append(&mut prepay[k]);
                lines.append(&mut charges[k].advance);
            }
            while let Some((_, _, l)) = ot.next_if(|(d, _, _)| *d <= date) {
                lines.push(l);
            }
            if lines.is_empty() {
                continue;
            }
            invoices.push(self.finish(invoices.len() as u32 + 1, date, lines)?);
        }
        Ok((invoices, summaries, kept))
    }

    /// Sorts lines by category, sums and taxes them (R-$1, R-X1).
    pub fn finish(&self, number: u32, date: NaiveDate, mut lines: Vec<Line>) -> Result<Invoice> {
        lines.sort_by_key(|l| Category::ALL.iter().position(|c| *c == l.category));
        let (subtotal, taxes, tax) = self.totals(&lines)?;
        let total = subtotal
            .checked_add(tax)
            .ok_or_else(|| Error::overflow(format!("invoice of {date}")))?;
        Ok(Invoice {
            number,
            date,
            lines,
            subtotal,
            taxes,
            tax,
            total,
        })
    }

    /// Subtotal, per-tax breakdown and tax of some lines.
    pub fn totals(&self, lines: &[Line]) -> Result<(Decimal, Vec<TaxLine>, Decimal)> {
        let mut subtotal =
            crate::money::checked_sum(lines.iter().map(|l| &l.amount), "invoice subtotal")?;
        subtotal.rescale(self.cur.minor_units);
        let mut taxes = Vec::new();
        for t in &self.s.contract.taxes {
            let base = crate::money::checked_sum(
                lines
                    .iter()
                    .filter(|l| t.applies_to.contains(&l.category))
                    .map(|l| &l.amount),
                "tax base",
            )?;
            if base.is_zero() {
                continue;
            }
            let mut amount = base
                .checked_mul(t.rate)
                .map(|a| self.cur.round(a))
                .ok_or_else(|| Error::overflow(format!("tax {}", t.name)))?;
            amount.rescale(self.cur.minor_units);
            taxes.push(TaxLine {
                name: t.name.clone(),
                rate: t.rate,
                base,
                amount,
            });
        }
        let mut tax = crate::money::checked_sum(taxes.iter().map(|t| &t.amount), "invoice tax")?;
        tax.rescale(self.cur.minor_units);
        Ok((subtotal, taxes, tax))
    }
}
