//! Pairs vendor lines with simulated lines (R-R2) and measures each pair's
//! difference (R-R3): vendor minus simulated, the price part and the
//! quantity part.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::calendar::Phase;
use crate::money::Currency;
use crate::result::{CycleResult, LineKind};
use crate::scenario::{Model, Scenario};

use super::classify::{is_license, Class, Subject};
use super::place::Placement;
use super::sim_lines::SimLine;
use super::vendor::VendorBill;

/// A vendor line and what the simulation billed for the same thing.
#[derive(Debug, Clone)]
pub struct Pair {
    /// The simulated invoice.
    pub invoice: NaiveDate,
    /// The cycle charged.
    pub cycle: u32,
    /// Kind and subject; `None` for a vendor line the scenario does not model.
    pub key: Option<(LineKind, Subject)>,
    /// The org, when the pair is one org's.
    pub org: Option<String>,
    /// Index into the placement's charges.
    pub placed: Option<usize>,
    /// Index into the bill's lines.
    pub vendor: Option<usize>,
    /// Indices into the simulated lines (several: a sum over orgs).
    pub sim: Vec<usize>,
    /// The simulation has no such line, but bills the kind at this rate (quantity 0).
    pub virtual_rate: Option<Decimal>,
    /// Vendor quantity, rate, amount.
    pub vq: Decimal,
    /// Vendor rate.
    pub vr: Decimal,
    /// Vendor amount.
    pub va: Decimal,
    /// Simulated quantity.
    pub sq: Decimal,
    /// Simulated rate.
    pub sr: Decimal,
    /// Simulated amount.
    pub sa: Decimal,
    /// R-R3 price part.
    pub price_part: Decimal,
    /// R-R3 quantity part.
    pub quantity_part: Decimal,
}

impl Pair {
    /// Vendor amount minus simulated amount.
    pub fn amount_difference(&self) -> Decimal {
        self.va.saturating_sub(self.sa)
    }

    /// Whether the pair differs in quantity or money.
    pub fn differs(&self) -> bool {
        self.vq != self.sq || self.va != self.sa
    }

    /// A license pair: the causes of R-R4 compare its quantity.
    pub fn is_license(&self) -> bool {
        self.key.as_ref().is_some_and(|(k, _)| is_license(*k))
    }

    /// The quantity an alternative bill charges for a pair's key.
    pub fn quantity_in(&self, lines: &[SimLine]) -> Decimal {
        let p = self;
        let Some((kind, subject)) = &p.key else {
            return p.sq;
        };
        lines
            .iter()
            .filter(|l| {
                l.cycle == p.cycle
                    && l.line.kind == *kind
                    && l.subject == *subject
                    && match (&p.org, &l.line.org) {
                        (Some(a), Some(b)) => a == b,
                        _ => true,
                    }
            })
            .fold(Decimal::ZERO, |a, l| a.saturating_add(l.line.quantity))
    }

    /// The product id of a license or add-on pair.
    pub fn product(&self) -> Option<&str> {
        match &self.key {
            Some((_, Subject::Product(p))) => Some(p),
            _ => None,
        }
    }
}

/// The rate the contract bills a license kind at in a phase: what a
/// simulated line of quantity 0 would carry.
pub fn contract_rate(
    s: &Scenario,
    model: Model,
    kind: LineKind,
    product: &str,
    phase: Phase,
) -> Option<Decimal> {
    let p = s.contract.products.get(product)?;
    let r = p.rates(model);
    match (kind, phase) {
        (LineKind::Prepay, _) => r.prepay,
        (LineKind::Overage, _) => r.overage,
        (LineKind::Actual, Phase::Ramp) => r.prepay,
        (LineKind::Actual, _) => r.list,
        (LineKind::Hourly, _) => p.hourly,
        _ => None,
    }
}

fn org_fits(want: Option<&str>, line: Option<&str>) -> bool {
    match (want, line) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

/// Pairs the placed vendor lines with the simulated lines, in file order,
/// each with the first free candidate (R-R2); then every simulated line of
/// an invoice in scope that no vendor line took. Returns the pairs and the
/// invoices in scope.
pub fn pair(
    s: &Scenario,
    model: Model,
    cycles: &[CycleResult],
    sims: &[SimLine],
    bill: &VendorBill,
    placement: &Placement,
    currency: Currency,
) -> (Vec<Pair>, BTreeSet<NaiveDate>) {
    let mut taken = vec![false; sims.len()];
    let mut pairs = Vec::new();
    for (pi, p) in placement.charges.iter().enumerate() {
        let l = &bill.lines[p.index];
        let key = match &p.class {
            Class::Charge { kind, subject } => Some((*kind, subject.clone())),
            _ => None,
        };
        let mut sim = Vec::new();
        if let Some((kind, subject)) = &key {
            let fits = |i: usize, sl: &SimLine| {
                !taken[i]
                    && sl.cycle == p.cycle
                    && sl.line.kind == *kind
                    && sl.subject == *subject
                    && org_fits(p.org.as_deref(), sl.line.org.as_deref())
            };
            let candidates: Vec<usize> = sims
                .iter()
                .enumerate()
                .filter(|(i, sl)| fits(*i, sl))
                .map(|(i, _)| i)
                .collect();
            let orgs: BTreeSet<_> = candidates
                .iter()
                .filter_map(|&i| sims[i].line.org.as_deref())
                .collect();
            // No org on the vendor's line: the sum across orgs.
            if p.org.is_none() && orgs.len() > 1 {
                sim = candidates;
            } else if let Some(&i) = candidates.first() {
                sim.push(i);
            }
        }
        for &i in &sim {
            taken[i] = true;
        }
        let org = match sim.as_slice() {
            [one] => sims[*one].line.org.clone().or(p.org.clone()),
            [] => p.org.clone().or_else(|| {
                key.as_ref()
                    .filter(|(k, _)| is_license(*k))
                    .and_then(|_| s.orgs.first().map(|o| o.id.clone()))
            }),
            _ => None,
        };
        let invoice = sim.first().map_or(p.invoice, |&i| sims[i].invoice);
        let virtual_rate = match (&key, sim.is_empty()) {
            (Some((kind, Subject::Product(id))), true) => {
                let phase = cycles
                    .iter()
                    .find(|c| c.index == p.cycle)
                    .map_or(Phase::Term, |c| c.phase);
                contract_rate(s, model, *kind, id, phase)
            }
            _ => None,
        };
        pairs.push(finish(
            Pair {
                invoice,
                cycle: p.cycle,
                key,
                org,
                placed: Some(pi),
                vendor: Some(p.index),
                sim,
                virtual_rate,
                vq: l.quantity,
                vr: l.rate,
                va: l.amount,
                sq: Decimal::ZERO,
                sr: Decimal::ZERO,
                sa: Decimal::ZERO,
                price_part: Decimal::ZERO,
                quantity_part: Decimal::ZERO,
            },
            sims,
            currency,
        ));
    }
    let scope: BTreeSet<NaiveDate> = pairs
        .iter()
        .map(|p| p.invoice)
        .chain(placement.taxes.iter().map(|t| t.invoice))
        .collect();
    for (i, sl) in sims.iter().enumerate() {
        if taken[i] || !scope.contains(&sl.invoice) {
            continue;
        }
        pairs.push(finish(
            Pair {
                invoice: sl.invoice,
                cycle: sl.cycle,
                key: Some((sl.line.kind, sl.subject.clone())),
                org: sl.line.org.clone(),
                placed: None,
                vendor: None,
                sim: vec![i],
                virtual_rate: None,
                vq: Decimal::ZERO,
                vr: Decimal::ZERO,
                va: Decimal::ZERO,
                sq: Decimal::ZERO,
                sr: Decimal::ZERO,
                sa: Decimal::ZERO,
                price_part: Decimal::ZERO,
                quantity_part: Decimal::ZERO,
            },
            sims,
            currency,
        ));
    }
    (pairs, scope)
}

/// Fills the simulated side and the R-R3 parts. A missing side has
/// quantity 0, amount 0 and the other side's unit price.
fn finish(mut p: Pair, sims: &[SimLine], currency: Currency) -> Pair {
    let mut q = Decimal::ZERO;
    let mut a = Decimal::ZERO;
    for &i in &p.sim {
        q = q.saturating_add(sims[i].line.quantity);
        a = a.saturating_add(sims[i].line.amount);
    }
    p.sq = q;
    p.sa = a;
    p.sr = match p.sim.as_slice() {
        [] => p.virtual_rate.unwrap_or(p.vr),
        [one] => sims[*one].line.unit_price,
        many => {
            let first = sims[many[0]].line.unit_price;
            if many.iter().all(|&i| sims[i].line.unit_price == first) || q.is_zero() {
                first
            } else {
                a.checked_div(q).unwrap_or(first).round_dp(10)
            }
        }
    };
    if p.vendor.is_none() {
        p.vr = p.sr;
    }
    // Vendor numbers are bounded when read (place::bounded), so these fit.
    let price = p.vr.saturating_sub(p.sr).saturating_mul(p.vq);
    let quantity = p.sr.saturating_mul(p.vq.saturating_sub(p.sq));
    p.price_part = currency.round(price);
    p.quantity_part = currency.round(quantity);
    p
}
