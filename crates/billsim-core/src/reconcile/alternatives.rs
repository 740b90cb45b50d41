//! The settings the vendor's numbers imply (R-R4 causes 1, 2, 3 and 5;
//! R-R6): another activation, ramp, commitment schedule or peak rule, each
//! billed again so its quantities can claim the differences they explain.

use std::cell::Cell;
use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde_json::json;

use crate::calendar::Phase;
use crate::error::Result;
use crate::result::{CycleResult, LineKind, SimResult};
use crate::scenario::{Commitment, Model, PeakKind, PeakRule, RampLicenses, Scenario};
use crate::usage::Sessions;

use super::classify::{Class, Subject};
use super::pair::Pair;
use super::place::Placement;
use super::report::Cause;
use super::vendor::VendorBill;

/// The most bills run again for one reconciliation (R-R6).
pub const MOST_REBILLS: u32 = 40;

/// Bills a scenario again with the same usage, counting.
pub struct Rebill<'a> {
    /// The imported sessions, when there are.
    pub imported: Option<&'a Sessions>,
    /// Bill to date.
    pub as_of: Option<NaiveDate>,
    /// Bills run so far.
    pub count: Cell<u32>,
}

impl Rebill<'_> {
    /// The bill of `s`, or `None` once the budget is spent.
    pub fn bill(&self, s: &Scenario) -> Option<Result<SimResult>> {
        if self.count.get() >= MOST_REBILLS {
            return None;
        }
        self.count.set(self.count.get() + 1);
        let o = crate::simulate::Options {
            as_of: self.as_of,
            ..Default::default()
        };
        Some(crate::simulate::simulate(s, self.imported, &o))
    }
}

/// A license group: cycle, product and org.
type Group = (u32, String, Option<String>);

/// One implied setting.
#[derive(Debug, Clone)]
pub struct Alternative {
    /// The cause it stands for.
    pub cause: Cause,
    /// The scenario field.
    pub setting: &'static str,
    /// Its value.
    pub value: serde_json::Value,
    /// The scenario with it.
    pub scenario: Scenario,
    /// That scenario's bill; `None` when not tried.
    pub result: Option<SimResult>,
    /// Why it was not tried.
    pub conflict: Option<String>,
}

/// What every finder reads.
pub struct Seen<'a> {
    /// The scenario as given.
    pub s: &'a Scenario,
    /// Its bill.
    pub sim: &'a SimResult,
    /// The vendor's bill.
    pub bill: &'a VendorBill,
    /// Where its lines went.
    pub placement: &'a Placement,
    /// The pairs.
    pub pairs: &'a [Pair],
}

impl Seen<'_> {
    fn cycle(&self, k: u32) -> Option<&CycleResult> {
        self.sim.cycles.iter().find(|c| c.index == k)
    }

    /// License groups (cycle, product, org) whose vendor and simulated
    /// totals differ: (vendor total, simulated total).
    fn disputed(&self) -> BTreeMap<Group, (Decimal, Decimal)> {
        let mut g: BTreeMap<_, (Decimal, Decimal)> = BTreeMap::new();
        for p in self.pairs.iter().filter(|p| p.is_license()) {
            let key = (
                p.cycle,
                p.product().unwrap_or_default().to_owned(),
                p.org.clone(),
            );
            let e = g.entry(key).or_default();
            e.0 = e.0.saturating_add(p.vq);
            e.1 = e.1.saturating_add(p.sq);
        }
        g.retain(|_, (v, s)| v != s);
        g
    }

    /// The committed quantity of a product and org in a cycle, as billed.
    fn committed(&self, cycle: u32, product: &str, org: Option<&str>) -> Decimal {
        self.cycle(cycle).map_or(Decimal::ZERO, |c| {
            c.usage
                .iter()
                .filter(|u| u.product == product && org.is_none_or(|o| o == u.org))
                .fold(Decimal::ZERO, |a, u| a.saturating_add(u.committed))
        })
    }
}

/// Every setting the vendor's numbers imply, billed again.
pub fn find(seen: &Seen, rebill: &Rebill) -> Vec<Alternative> {
    let mut out = Vec::new();
    if seen.pairs.iter().all(|p| !p.differs()) {
        return out;
    }
    if let Some(a) = period(seen) {
        out.push(a);
    }
    if !seen.disputed().is_empty() {
        out.extend(ramp(seen));
        out.extend(commitment(seen));
        out.extend(peak_rule(seen, rebill));
    }
    for a in &mut out {
        if a.conflict.is_none() && a.result.is_none() {
            match rebill.bill(&a.scenario) {
                Some(Ok(r)) => a.result = Some(r),
                Some(Err(e)) => a.conflict = Some(format!("the scenario with it is refused: {e}")),
                None => a.conflict = Some("not tried: 40 bills were run already".into()),
            }
        }
    }
    out
}

fn last_day(y: i32, m: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|d| NaiveDate::from_ymd_opt(y, m, *d).is_some())
        .unwrap_or(28)
}

/// `period`: the largest anchor day consistent with every vendor start.
fn period(seen: &Seen) -> Option<Alternative> {
    let mut starts = BTreeSet::new();
    let mut differs = false;
    for p in &seen.placement.charges {
        let l = &seen.bill.lines[p.index];
        let (Some(per), Class::Charge { kind, .. }) = (l.period, &p.class) else {
            continue;
        };
        if super::sim_lines::timing(*kind) == crate::result::Timing::OneTime {
            continue;
        }
        starts.insert(per.start);
        if seen.cycle(p.cycle).is_some_and(|c| c.start != per.start) {
            differs = true;
        }
    }
    if !differs {
        return None;
    }
    let act = seen.s.contract.activation;
    let anchor = (1..=31u32).rev().find(|d| {
        starts
            .iter()
            .all(|s| s.day() == (*d).min(last_day(s.year(), s.month())))
    });
    let mut scenario = seen.s.clone();
    let Some(d) = anchor else {
        return Some(Alternative {
            cause: Cause::Period,
            setting: "contract.activation",
            value: serde_json::Value::Null,
            scenario,
            result: None,
            conflict: Some("the vendor's periods start on different days of the month".into()),
        });
    };
    let day = d.min(last_day(act.year(), act.month()));
    let new = act.with_day(day)?;
    if new == act {
        return None;
    }
    scenario.contract.activation = new;
    Some(Alternative {
        cause: Cause::Period,
        setting: "contract.activation",
        value: json!(new.to_string()),
        scenario,
        result: None,
        conflict: None,
    })
}

/// `ramp`: licenses billed in a cycle the scenario waives, or none billed
/// where it bills them.
fn ramp(seen: &Seen) -> Option<Alternative> {
    let r = seen.s.contract.ramp;
    let mut vendor_license: BTreeMap<u32, BTreeSet<LineKind>> = BTreeMap::new();
    for p in &seen.placement.charges {
        if let Class::Charge { kind, .. } = &p.class {
            if super::classify::is_license(*kind) && !seen.bill.lines[p.index].amount.is_zero() {
                vendor_license.entry(p.cycle).or_default().insert(*kind);
            }
        }
    }
    let mut new = r;
    let prepay_in_ramp = vendor_license
        .iter()
        .filter(|(k, kinds)| **k < r.cycles && kinds.contains(&LineKind::Prepay))
        .map(|(k, _)| *k)
        .min();
    let actual_in_ramp = vendor_license
        .iter()
        .any(|(k, kinds)| *k < r.cycles && kinds.contains(&LineKind::Actual));
    // Cycles the simulation bills licenses in, whose invoice the vendor sent, without a vendor license line.
    let unbilled: BTreeSet<u32> = seen
        .pairs
        .iter()
        .filter(|p| p.is_license() && !p.sim.is_empty() && !p.sa.is_zero())
        .map(|p| p.cycle)
        .filter(|k| !vendor_license.contains_key(k))
        .collect();
    if let Some(k) = prepay_in_ramp {
        new.cycles = k;
    } else if actual_in_ramp && r.licenses == RampLicenses::Waived {
        new.licenses = RampLicenses::ActualInArrears;
    } else if unbilled.iter().any(|k| *k < r.cycles) && r.licenses == RampLicenses::ActualInArrears
    {
        new.licenses = RampLicenses::Waived;
    } else if let Some(&k) = unbilled.iter().filter(|k| **k >= r.cycles).max() {
        // Contiguous from the ramp's end: the vendor's term starts later.
        if (r.cycles..=k).all(|c| unbilled.contains(&c)) {
            new.cycles = k + 1;
        }
    }
    if new == r {
        return None;
    }
    let mut scenario = seen.s.clone();
    scenario.contract.ramp = new;
    Some(Alternative {
        cause: Cause::Ramp,
        setting: "contract.ramp",
        value: serde_json::to_value(new).unwrap_or_default(),
        scenario,
        result: None,
        conflict: None,
    })
}

/// `commitment`: the schedule the vendor's prepay lines imply, whole.
fn commitment(seen: &Seen) -> Option<Alternative> {
    let first = seen
        .s
        .orgs
        .first()
        .map(|o| o.id.clone())
        .unwrap_or_default();
    let mut vendor: BTreeMap<(String, String, u32), Decimal> = BTreeMap::new();
    let mut conflict = None;
    for p in &seen.placement.charges {
        let Class::Charge {
            kind: LineKind::Prepay,
            subject: Subject::Product(id),
        } = &p.class
        else {
            continue;
        };
        let org = p.org.clone().unwrap_or_else(|| first.clone());
        let q = seen.bill.lines[p.index].quantity;
        match vendor.insert((id.clone(), org, p.cycle), q) {
            Some(old) if old != q => {
                conflict = Some(format!(
                    "two vendor lines prepay {old} and {q} {id} in cycle {}",
                    p.cycle
                ));
            }
            _ => {}
        }
    }
    let differs = vendor
        .iter()
        .any(|((id, org, k), q)| seen.committed(*k, id, Some(org)) != *q);
    if !differs {
        return None;
    }
    let c = &seen.s.contract;
    let term: Vec<u32> = seen
        .sim
        .cycles
        .iter()
        .filter(|c| c.phase == Phase::Term)
        .map(|c| c.index)
        .collect();
    let mut keys: BTreeSet<(String, String)> = c
        .commitments
        .iter()
        .map(|s| {
            (
                s.product.clone(),
                s.org.clone().unwrap_or_else(|| first.clone()),
            )
        })
        .collect();
    keys.extend(vendor.keys().map(|(p, o, _)| (p.clone(), o.clone())));
    let mut steps = Vec::new();
    for (product, org) in keys {
        let mut last: Option<Decimal> = None;
        for &k in &term {
            let q = vendor
                .get(&(product.clone(), org.clone(), k))
                .copied()
                .unwrap_or_else(|| seen.committed(k, &product, Some(&org)));
            if last != Some(q) {
                steps.push(Commitment {
                    product: product.clone(),
                    from_cycle: k,
                    quantity: q,
                    org: (org != first).then(|| org.clone()),
                });
                last = Some(q);
            }
        }
    }
    let mut scenario = seen.s.clone();
    scenario.contract.commitments = steps;
    Some(Alternative {
        cause: Cause::Commitment,
        setting: "contract.commitments",
        value: serde_json::to_value(&scenario.contract.commitments).unwrap_or_default(),
        scenario,
        result: None,
        conflict,
    })
}

/// What a peak rule bills for each disputed group against the vendor's.
enum Fit {
    /// Every group billed at the vendor's quantity.
    Equal,
    /// Some above, none below.
    Above,
    /// Some below, none above.
    Below,
    /// Some above and some below.
    Both,
}

/// `peak_rule`: the rule, per kind, with the minutes nearest the
/// contract's that reproduce every disputed cycle (R-R6). The peak falls
/// as the minutes grow (`sustained`, `cumulative`), so a binary search
/// finds them.
fn peak_rule(seen: &Seen, rebill: &Rebill) -> Option<Alternative> {
    if seen.s.contract.model != Model::Concurrent {
        return None;
    }
    // The disputed usage lines of the term: overage (and after-term
    // actual) pairs whose quantities differ. A prepay line follows the
    // commitment, not the peak, and may sit on an invoice the vendor did
    // not send: it is no target.
    let targets: Vec<&Pair> = seen
        .pairs
        .iter()
        .filter(|p| {
            matches!(
                p.key,
                Some((LineKind::Overage | LineKind::Actual, Subject::Product(_)))
            ) && p.vendor.is_some()
                && p.vq != p.sq
                && seen.cycle(p.cycle).is_some_and(|c| c.phase != Phase::Ramp)
        })
        .collect();
    if targets.is_empty() {
        return None;
    }
    let fit = |r: &SimResult| {
        let lines = super::sim_lines::of(r);
        let mut above = false;
        let mut below = false;
        for p in &targets {
            let billed = p.quantity_in(&lines);
            above |= billed > p.vq;
            below |= billed < p.vq;
        }
        match (above, below) {
            (false, false) => Fit::Equal,
            (true, false) => Fit::Above,
            (false, true) => Fit::Below,
            (true, true) => Fit::Both,
        }
    };
    let contract = seen.s.contract.peak_rule;
    let with = |rule: PeakRule| {
        let mut s = seen.s.clone();
        s.contract.peak_rule = rule;
        s
    };
    let eval = |rule: PeakRule| -> Option<(Fit, Option<SimResult>)> {
        let r = rebill.bill(&with(rule))?.ok()?;
        Some((fit(&r), Some(r)))
    };
    let kinds = std::iter::once(contract.kind).chain(
        [PeakKind::Sustained, PeakKind::Cumulative]
            .into_iter()
            .filter(|k| *k != contract.kind),
    );
    for kind in kinds {
        if kind == PeakKind::CumulativeExact {
            continue; // not monotone in the minutes
        }
        // The minutes m with every group equal form an interval: the peak
        // falls as m grows. Search each side of the contract's minutes.
        let rule = |minutes| PeakRule { kind, minutes };
        let here = eval(rule(contract.minutes));
        let (lo, hi, want_above) = match here.as_ref().map(|h| &h.0) {
            Some(Fit::Equal) => {
                let (_, r) = here?;
                return Some(peak_found(seen, rule(contract.minutes), r));
            }
            // Billed below the vendor: fewer minutes disregard less.
            Some(Fit::Below) => (0u32, contract.minutes, true),
            Some(Fit::Above) => (contract.minutes, 24 * 60, false),
            _ => continue,
        };
        // Largest m in [lo, hi) still not above / smallest m not below.
        let (mut a, mut b) = (lo, hi);
        let mut found = None;
        while a < b {
            let m = if want_above {
                a + (b - a) / 2
            } else {
                a + (b - a).div_ceil(2)
            };
            let Some((f, r)) = eval(rule(m)) else { break };
            match f {
                Fit::Equal => {
                    found = Some((m, r));
                    if want_above {
                        a = m + 1
                    } else {
                        b = m.saturating_sub(1)
                    }
                }
                Fit::Below if want_above => b = m,
                Fit::Above if !want_above => a = m,
                Fit::Above => a = m + 1,
                Fit::Below => b = m.saturating_sub(1),
                Fit::Both => break,
            }
        }
        if let Some((m, r)) = found {
            return Some(peak_found(seen, rule(m), r));
        }
    }
    Some(Alternative {
        cause: Cause::PeakRule,
        setting: "contract.peak_rule",
        value: serde_json::Value::Null,
        scenario: seen.s.clone(),
        result: None,
        conflict: Some("no peak rule bills the vendor's quantity in every disputed cycle".into()),
    })
}

fn peak_found(seen: &Seen, rule: PeakRule, r: Option<SimResult>) -> Alternative {
    let mut scenario = seen.s.clone();
    scenario.contract.peak_rule = rule;
    Alternative {
        cause: Cause::PeakRule,
        setting: "contract.peak_rule",
        value: serde_json::to_value(rule).unwrap_or_default(),
        scenario,
        result: r,
        conflict: None,
    }
}
