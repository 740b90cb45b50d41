//! Reconciliation: the vendor's bill against the simulation (R-R1..R-R6).
//!
//! The vendor's files are read into [`vendor`] lines, figures and calls;
//! each line is placed in a simulated cycle and classified (kind, product,
//! org), paired with a simulated line, and its difference split into a
//! price part and a quantity part, each given to a cause. The settings
//! the vendor's numbers imply are billed again to say what would match.

pub mod alternatives;
pub mod calls;
pub mod causes;
pub mod classify;
pub mod figures;
pub mod pair;
pub mod place;
pub mod read;
pub mod report;
pub mod sim_lines;
pub mod tax;
pub mod vendor;
mod words;
pub use words::signed;

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::Result;
use crate::money::Currency;
use crate::result::SimResult;
use crate::scenario::Scenario;
use crate::session::Session;
use crate::usage::Sessions;

use alternatives::{Alternative, Rebill, Seen};
use classify::{Classifier, Map};
use pair::Pair;
use report::{
    Cause, CauseShare, CauseTotal, InvoiceRecon, LinePair, Reconciliation, SimulatedSide,
    VendorSide, WouldMatch,
};
use sim_lines::SimLine;
use vendor::VendorBill;

/// What the user asked besides the files.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Bill to date (R-C3): figures of the open cycle compare with it.
    pub as_of: Option<NaiveDate>,
    /// The cycle start of a figures file that gives no period.
    pub period: Option<NaiveDate>,
    /// Descriptions or skus mapped by the user; they override every guess.
    pub map: Map,
}

/// Reconciles `bill` against the session's scenario and usage.
/// A Cloud Voice report's calls join a scenario that has none (R-R1).
pub fn reconcile(session: &mut Session, bill: &VendorBill, o: &Options) -> Result<Reconciliation> {
    let opts = crate::simulate::Options {
        as_of: o.as_of,
        ..Default::default()
    };
    if session.scenario().usage.calls.is_empty() && !bill.calls.is_empty() {
        let mut with_calls = session.scenario().clone();
        calls::add_to(&mut with_calls, bill);
        let sim = crate::simulate::simulate(&with_calls, session.imported(), &opts)?;
        return reconcile_with(&with_calls, session.imported(), &sim, bill, o);
    }
    let sim = session.bill(&opts)?;
    reconcile_with(session.scenario(), session.imported(), &sim, bill, o)
}

/// Reconciles `bill` against `sim`, the bill of `s` with `imported` sessions.
pub fn reconcile_with(
    s: &Scenario,
    imported: Option<&Sessions>,
    sim: &SimResult,
    bill: &VendorBill,
    o: &Options,
) -> Result<Reconciliation> {
    let currency = Currency::from_code(&s.currency)?;
    let cls = Classifier::new(s, &o.map);
    let found = Found::of(s, sim, bill, &cls, currency)?;
    let rebill = Rebill {
        imported,
        as_of: o.as_of,
        count: Cell::new(0),
    };
    let alts = alternatives::find(
        &Seen {
            s,
            sim,
            bill,
            placement: &found.placement,
            pairs: &found.pairs,
        },
        &rebill,
    );
    let explained = causes::explain(
        &causes::Ground {
            s,
            sim,
            bill,
            placement: &found.placement,
            alternatives: &alts,
            currency,
        },
        &found.pairs,
        &found.sims,
    );
    let invoices = invoices(s, sim, bill, &found, &explained, currency);
    let figures = figures::compare(s, sim, bill, &cls, o.period)?;
    let calls = calls::check(s, sim, bill, &found.placement, currency)?;
    let matches = invoices.iter().all(|i| {
        i.lines
            .iter()
            .all(|l| l.amount_difference.is_zero() && l.quantity_difference.is_zero())
    }) && figures
        .iter()
        .all(|f| f.difference.is_none_or(|d| d.is_zero()) && f.simulated.is_some())
        && calls.as_ref().is_none_or(|c| c.matches());
    let would_match = would_match(
        s, sim, bill, o, &cls, &alts, &found, &explained, &rebill, currency,
    );
    let vendor_total = sum(invoices.iter().map(|i| i.vendor_total));
    let simulated_total = sum(invoices.iter().map(|i| i.simulated_total));
    let by_cause = totals(
        invoices
            .iter()
            .flat_map(|i| &i.by_cause)
            .map(|c| (c.cause, c.amount)),
    );
    let unexplained = sum(invoices.iter().map(|i| i.unexplained));
    let difference = vendor_total.saturating_sub(simulated_total);
    let out_of_scope = sim
        .invoices
        .iter()
        .map(|i| i.date)
        .filter(|d| !found.scope.contains(d))
        .collect();
    let mut notes = found.placement.notes.clone();
    if let Some(c) = &calls {
        notes.extend(c.notes());
    }
    let cause_list: Vec<(Cause, Decimal)> = by_cause.iter().map(|c| (c.cause, c.amount)).collect();
    let mut r = Reconciliation {
        matches,
        says: words::summary(
            matches,
            difference,
            &cause_list,
            &s.currency,
            figures
                .iter()
                .filter(|f| f.difference.is_some_and(|d| !d.is_zero()) || f.simulated.is_none())
                .count(),
        ),
        vendor_total,
        simulated_total,
        difference,
        by_cause,
        unexplained,
        out_of_scope,
        invoices,
        figures,
        would_match,
        calls,
        notes,
    };
    in_minor_units(&mut r, currency);
    Ok(r)
}

/// Money written with the currency's decimals ("0.00", not "0"), as the
/// result format writes amounts; quantities and rates keep their own.
fn in_minor_units(r: &mut Reconciliation, c: Currency) {
    let fix = |d: &mut Decimal| {
        *d = c.round(*d);
        d.rescale(c.minor_units);
    };
    fix(&mut r.vendor_total);
    fix(&mut r.simulated_total);
    fix(&mut r.difference);
    fix(&mut r.unexplained);
    r.by_cause.iter_mut().for_each(|x| fix(&mut x.amount));
    for i in &mut r.invoices {
        fix(&mut i.vendor_total);
        fix(&mut i.simulated_total);
        fix(&mut i.difference);
        fix(&mut i.unexplained);
        i.by_cause.iter_mut().for_each(|x| fix(&mut x.amount));
        for l in &mut i.lines {
            if let Some(s) = &mut l.simulated {
                fix(&mut s.amount);
            }
            fix(&mut l.amount_difference);
            fix(&mut l.price_part);
            fix(&mut l.quantity_part);
            fix(&mut l.unexplained);
            l.causes.iter_mut().for_each(|x| fix(&mut x.amount));
        }
    }
}

fn sum(it: impl Iterator<Item = Decimal>) -> Decimal {
    it.fold(Decimal::ZERO, |a, b| a.saturating_add(b))
}

fn totals(it: impl Iterator<Item = (Cause, Decimal)>) -> Vec<CauseTotal> {
    let mut m: BTreeMap<Cause, Decimal> = BTreeMap::new();
    for (c, a) in it {
        let e = m.entry(c).or_default();
        *e = e.saturating_add(a);
    }
    // A cause that nets to zero (a split between orgs) is still listed.
    m.into_iter()
        .map(|(cause, amount)| CauseTotal { cause, amount })
        .collect()
}

/// The vendor's lines placed and paired against one simulated bill.
struct Found<'a> {
    placement: place::Placement,
    sims: Vec<SimLine<'a>>,
    pairs: Vec<Pair>,
    scope: BTreeSet<NaiveDate>,
}

impl<'a> Found<'a> {
    fn of(
        s: &Scenario,
        sim: &'a SimResult,
        bill: &VendorBill,
        cls: &Classifier,
        currency: Currency,
    ) -> Result<Found<'a>> {
        let model = sim.model.unwrap_or(s.contract.model);
        let placement = place::place(&sim.cycles, bill, cls)?;
        let sims = sim_lines::of(sim);
        let (pairs, scope) = pair::pair(s, model, &sim.cycles, &sims, bill, &placement, currency);
        Ok(Found {
            placement,
            sims,
            pairs,
            scope,
        })
    }

    /// Every pair and tax of every invoice in scope matches.
    fn matches(
        &self,
        s: &Scenario,
        sim: &SimResult,
        bill: &VendorBill,
        currency: Currency,
    ) -> bool {
        let none: Vec<causes::Explained> = self.pairs.iter().map(|_| Default::default()).collect();
        self.pairs.iter().all(|p| !p.differs())
            && invoices(s, sim, bill, self, &none, currency)
                .iter()
                .all(|i| i.difference.is_zero())
    }
}

fn vendor_side(bill: &VendorBill, p: &Pair) -> Option<VendorSide> {
    let l = &bill.lines[p.vendor?];
    Some(VendorSide {
        description: l.description.clone(),
        period: l.period,
        sku: l.sku.clone(),
        org: l.org.clone(),
        quantity: l.quantity,
        rate: l.rate,
        amount: l.amount,
        source: l.source.clone(),
    })
}

fn simulated_side(sims: &[SimLine], p: &Pair) -> Option<SimulatedSide> {
    let (kind, subject) = p.key.as_ref()?;
    if p.sim.is_empty() && p.virtual_rate.is_none() {
        return None;
    }
    let description = p
        .sim
        .first()
        .map_or_else(String::new, |&i| sims[i].line.description.clone());
    Some(SimulatedSide {
        kind: kind.as_str().into(),
        product: subject.id(),
        org: p.org.clone(),
        description,
        quantity: p.sq,
        rate: p.sr,
        amount: p.sa,
        cycle: p.cycle,
    })
}

fn line_pair(bill: &VendorBill, sims: &[SimLine], p: &Pair, e: &causes::Explained) -> LinePair {
    LinePair {
        vendor: vendor_side(bill, p),
        simulated: simulated_side(sims, p),
        quantity_difference: p.vq.saturating_sub(p.sq),
        rate_difference: p.vr.saturating_sub(p.sr),
        amount_difference: p.amount_difference(),
        price_part: p.price_part,
        quantity_part: p.quantity_part,
        causes: e.shares.clone(),
        unexplained: e.unexplained,
    }
}

/// Every invoice in scope, its pairs and taxes, and its summary (R-R5).
fn invoices(
    s: &Scenario,
    sim: &SimResult,
    bill: &VendorBill,
    found: &Found,
    explained: &[causes::Explained],
    currency: Currency,
) -> Vec<InvoiceRecon> {
    let mut out = Vec::new();
    for &date in &found.scope {
        let mut lines = Vec::new();
        let mut taxed = Vec::new();
        for (p, e) in found.pairs.iter().zip(explained) {
            if p.invoice != date {
                continue;
            }
            lines.push(line_pair(bill, &found.sims, p, e));
            let category = p
                .sim
                .first()
                .map(|&i| found.sims[i].line.category)
                .or_else(|| p.key.as_ref().map(|(k, _)| tax::category_of(*k)));
            taxed.push((category, p.va, &e.shares));
        }
        let vendor_taxes: Vec<&place::Placed> = found
            .placement
            .taxes
            .iter()
            .filter(|t| t.invoice == date)
            .collect();
        if !vendor_taxes.is_empty() {
            let charges: Vec<tax::Taxed> = taxed
                .iter()
                .map(|(category, vendor_amount, causes)| tax::Taxed {
                    category: *category,
                    vendor_amount: *vendor_amount,
                    causes,
                })
                .collect();
            let sim_invoice = sim.invoices.iter().find(|i| i.date == date);
            let cycle = sim_lines::cycle_of_day(&sim.cycles, date);
            lines.extend(tax::pairs(
                s,
                currency,
                bill,
                &vendor_taxes,
                sim_invoice,
                &charges,
                cycle,
            ));
        }
        let vendor_total = sum(lines
            .iter()
            .filter_map(|l| l.vendor.as_ref().map(|v| v.amount)));
        let simulated_total = sum(lines
            .iter()
            .filter_map(|l| l.simulated.as_ref().map(|v| v.amount)));
        let by_cause = totals(
            lines
                .iter()
                .flat_map(|l| &l.causes)
                .map(|c| (c.cause, c.amount)),
        );
        let unexplained = sum(lines.iter().map(|l| l.unexplained));
        out.push(InvoiceRecon {
            date,
            vendor_total,
            simulated_total,
            difference: vendor_total.saturating_sub(simulated_total),
            by_cause,
            unexplained,
            lines,
        });
    }
    out
}

/// Each implied setting billed alone, then all together (R-R6).
#[allow(clippy::too_many_arguments)]
fn would_match(
    s: &Scenario,
    sim: &SimResult,
    bill: &VendorBill,
    o: &Options,
    cls: &Classifier,
    alts: &[Alternative],
    found: &Found,
    explained: &[causes::Explained],
    rebill: &Rebill,
    currency: Currency,
) -> Vec<WouldMatch> {
    let _ = (sim, o);
    let mut out = Vec::new();
    // The keys of the lines each cause touched, to say whether it resolves them.
    let touched = |c: Cause| -> BTreeSet<(u32, String, Option<String>)> {
        found
            .pairs
            .iter()
            .zip(explained)
            .filter(|(_, e)| e.shares.iter().any(|x: &CauseShare| x.cause == c))
            .map(|(p, _)| (p.cycle, format!("{:?}", p.key), p.org.clone()))
            .collect()
    };
    let outcome =
        |alt_s: &Scenario, r: &SimResult, keys: &BTreeSet<(u32, String, Option<String>)>| {
            let Ok(f) = Found::of(alt_s, r, bill, cls, currency) else {
                return (false, false);
            };
            let resolves = f
                .pairs
                .iter()
                .filter(|p| keys.contains(&(p.cycle, format!("{:?}", p.key), p.org.clone())))
                .all(|p| !p.differs());
            (f.matches(alt_s, r, bill, currency), resolves)
        };
    // Cloned only when an alternative is tried: the scenario can hold a
    // Cloud Voice report's million calls.
    let mut together: Option<Scenario> = None;
    let mut all_keys = BTreeSet::new();
    let mut tried = 0;
    for a in alts {
        let keys = touched(a.cause);
        let (matches, resolves) = match (&a.conflict, &a.result) {
            (None, Some(r)) => outcome(&a.scenario, r, &keys),
            _ => (false, false),
        };
        if a.conflict.is_none() {
            tried += 1;
            all_keys.extend(keys);
            apply(together.get_or_insert_with(|| s.clone()), a);
        }
        out.push(WouldMatch {
            setting: a.setting.into(),
            value: a.value.clone(),
            cause: Some(a.cause),
            matches,
            resolves,
            conflict: a.conflict.clone(),
        });
    }
    if let Some(together) = together.filter(|_| tried > 1) {
        let (matches, resolves) = match rebill.bill(&together) {
            Some(Ok(r)) => outcome(&together, &r, &all_keys),
            _ => (false, false),
        };
        let value: serde_json::Map<String, serde_json::Value> = alts
            .iter()
            .filter(|a| a.conflict.is_none())
            .map(|a| (a.setting.to_owned(), a.value.clone()))
            .collect();
        out.push(WouldMatch {
            setting: "all".into(),
            value: serde_json::Value::Object(value),
            cause: None,
            matches,
            resolves,
            conflict: None,
        });
    }
    out
}

/// Puts an alternative's setting into `s`.
pub fn apply(s: &mut Scenario, a: &Alternative) {
    let c = &mut s.contract;
    let from = &a.scenario.contract;
    match a.setting {
        "contract.activation" => c.activation = from.activation,
        "contract.ramp" => c.ramp = from.ramp,
        "contract.commitments" => c.commitments = from.commitments.clone(),
        "contract.peak_rule" => c.peak_rule = from.peak_rule,
        _ => {}
    }
}
