//! The cause of every difference (R-R4). The price part goes to `rate`,
//! `period` (proration) or `rounding`; the quantity part is offered to the
//! causes in the rule book's order, each claiming the quantity its
//! alternative explains, valued at the simulated price. What is left is
//! `usage` (or, for a line one side lacks, `not_in_simulation` /
//! `missing_from_vendor`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::json;

use crate::calendar::Phase;
use crate::money::Currency;
use crate::result::{LineKind, SimResult};
use crate::scenario::Scenario;

use super::alternatives::Alternative;
use super::classify::Subject;
use super::pair::Pair;
use super::place::Placement;
use super::report::{Cause, CauseShare};
use super::sim_lines::SimLine;
use super::vendor::VendorBill;
use super::words;

/// The causes of one pair, and what none explains.
#[derive(Debug, Clone, Default)]
pub struct Explained {
    /// Shares, one per cause, in the rule book's order.
    pub shares: Vec<CauseShare>,
    /// What no cause explains.
    pub unexplained: Decimal,
}

/// What the causes read besides the pairs.
pub struct Ground<'a> {
    /// The scenario.
    pub s: &'a Scenario,
    /// Its bill.
    pub sim: &'a SimResult,
    /// The vendor's bill.
    pub bill: &'a VendorBill,
    /// Where its lines went.
    pub placement: &'a Placement,
    /// The settings the vendor implies, billed.
    pub alternatives: &'a [Alternative],
    /// Its minor unit.
    pub currency: Currency,
}

struct State {
    /// The simulated quantity as the causes so far move it toward the vendor's.
    at: Decimal,
    /// Money claimed of the quantity part.
    claimed: Decimal,
    shares: Vec<CauseShare>,
}

/// The part of `want - at` that `to - at` covers, signed.
fn toward(at: Decimal, to: Decimal, want: Decimal) -> Decimal {
    let d = to - at;
    let r = want - at;
    if d.is_zero() || r.is_zero() || d.is_sign_negative() != r.is_sign_negative() {
        Decimal::ZERO
    } else if d.abs() < r.abs() {
        d
    } else {
        r
    }
}

/// The measured quantity of a product and org in a cycle.
pub fn measured(sim: &SimResult, cycle: u32, product: &str, org: Option<&str>) -> Decimal {
    sim.cycles
        .iter()
        .find(|c| c.index == cycle)
        .map_or(Decimal::ZERO, |c| {
            c.usage
                .iter()
                .filter(|u| u.product == product && org.is_none_or(|o| o == u.org))
                .fold(Decimal::ZERO, |a, u| a.saturating_add(u.actual))
        })
}

/// Explains every pair.
pub fn explain(g: &Ground, pairs: &[Pair], sims: &[SimLine]) -> Vec<Explained> {
    let mut states: Vec<State> = pairs
        .iter()
        .map(|p| State {
            at: p.sq,
            claimed: Decimal::ZERO,
            shares: price_causes(g, p),
        })
        .collect();
    // 1..3 and 5: alternatives billed again.
    let by_cause = |c: Cause| {
        g.alternatives
            .iter()
            .filter(move |a| a.cause == c && a.conflict.is_none())
            .filter_map(|a| a.result.as_ref().map(|r| (a, r)))
    };
    for cause in [Cause::Period, Cause::Ramp, Cause::Commitment] {
        for (a, r) in by_cause(cause) {
            claim_from(g, pairs, &mut states, a, r);
        }
    }
    net_to_zero(g, pairs, &mut states, Cause::Split);
    for (a, r) in by_cause(Cause::PeakRule) {
        claim_from(g, pairs, &mut states, a, r);
    }
    net_to_zero(g, pairs, &mut states, Cause::Tier);
    pairs
        .iter()
        .zip(states)
        .map(|(p, st)| close(g, pairs, p, st, sims))
        .collect()
}

/// The price part: `period` when the vendor prorated, `rate` when its rate
/// differs from the contract's at its printed decimals, else `rounding`.
fn price_causes(g: &Ground, p: &Pair) -> Vec<CauseShare> {
    if p.price_part.is_zero() {
        return Vec::new();
    }
    let prorated = p
        .placed
        .and_then(|i| g.placement.charges.get(i))
        .and_then(|pl| pl.prorated);
    if let Some((billed, days)) = prorated {
        let activation = g
            .alternatives
            .iter()
            .find(|a| a.cause == Cause::Period)
            .map_or(serde_json::Value::Null, |a| a.value.clone());
        return vec![CauseShare {
            cause: Cause::Period,
            amount: p.price_part,
            facts: json!({ "activation": activation, "days_billed": billed, "days_in_cycle": days }),
            says: words::prorated(billed, days),
        }];
    }
    let line = p.vendor.map(|i| &g.bill.lines[i]);
    let is_rate = match line.and_then(|l| l.rate_decimals) {
        Some(d) => {
            p.sr.round_dp_with_strategy(d, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                != p.vr
        }
        None => {
            let expected = g.currency.round(p.vq.saturating_mul(p.sr));
            (p.va.saturating_sub(expected)).abs() > minor(g.currency)
        }
    };
    if is_rate {
        let field = rate_field(g, p);
        vec![CauseShare {
            cause: Cause::Rate,
            amount: p.price_part,
            facts: json!({ "field": field, "contract": p.sr.to_string(), "vendor": p.vr.to_string() }),
            says: words::rate(&field, p.sr, p.vr),
        }]
    } else {
        vec![rounding(p.price_part)]
    }
}

/// The contract field a pair's rate comes from.
fn rate_field(g: &Ground, p: &Pair) -> String {
    let phase = g
        .sim
        .cycles
        .iter()
        .find(|c| c.index == p.cycle)
        .map_or(Phase::Term, |c| c.phase);
    match &p.key {
        Some((LineKind::Prepay | LineKind::AddonPrepay, _)) => "prepay".into(),
        Some((LineKind::Overage | LineKind::AddonOverage, _)) => "overage".into(),
        Some((LineKind::Actual, _)) if phase == Phase::Ramp => "prepay".into(),
        Some((LineKind::Actual, _)) => "list".into(),
        Some((LineKind::Hourly, _)) => "hourly".into(),
        Some((_, Subject::Resource(r))) => r.as_str().into(),
        Some((_, Subject::Call(c))) => c.as_str().into(),
        Some((k, _)) => k.as_str().into(),
        None => "rate".into(),
    }
}

fn minor(c: Currency) -> Decimal {
    Decimal::new(1, c.minor_units)
}

fn rounding(amount: Decimal) -> CauseShare {
    CauseShare {
        cause: Cause::Rounding,
        amount,
        facts: json!({}),
        says: words::rounding(),
    }
}

fn add_share(st: &mut State, share: CauseShare) {
    if let Some(s) = st.shares.iter_mut().find(|s| s.cause == share.cause) {
        s.amount = s.amount.saturating_add(share.amount);
    } else {
        st.shares.push(share);
    }
}

/// Each pair claims what the alternative's bill moves toward the vendor's quantity.
fn claim_from(g: &Ground, pairs: &[Pair], states: &mut [State], a: &Alternative, r: &SimResult) {
    let lines = super::sim_lines::of(r);
    for (p, st) in pairs.iter().zip(states.iter_mut()) {
        if p.key.is_none() {
            continue;
        }
        let alt = p.quantity_in(&lines);
        let q = toward(st.at, alt, p.vq);
        if q.is_zero() {
            continue;
        }
        st.at += q;
        let amount = g.currency.round(p.sr.saturating_mul(q));
        st.claimed = st.claimed.saturating_add(amount);
        let facts = facts_of(g, pairs, p, a, alt);
        add_share(
            st,
            CauseShare {
                cause: a.cause,
                amount,
                says: words::alternative(a, p, alt, g.s.contract.peak_rule),
                facts,
            },
        );
    }
}

fn facts_of(
    g: &Ground,
    pairs: &[Pair],
    p: &Pair,
    a: &Alternative,
    alt: Decimal,
) -> serde_json::Value {
    let product = p.product().unwrap_or_default();
    let group = |f: fn(&Pair) -> Decimal| {
        pairs
            .iter()
            .filter(|q| {
                q.is_license() && q.cycle == p.cycle && q.product() == p.product() && q.org == p.org
            })
            .fold(Decimal::ZERO, |s, q| s.saturating_add(f(q)))
    };
    match a.cause {
        Cause::Period => {
            let (billed, days) = p
                .placed
                .and_then(|i| g.placement.charges.get(i))
                .and_then(|pl| {
                    let l = &g.bill.lines[pl.index];
                    let per = l.period?;
                    let c = g.sim.cycles.iter().find(|c| c.index == p.cycle)?;
                    Some((
                        (per.end - per.start).num_days() + 1,
                        (c.end - c.start).num_days() + 1,
                    ))
                })
                .unwrap_or((0, 0));
            json!({ "activation": a.value, "days_billed": billed, "days_in_cycle": days })
        }
        Cause::Ramp => json!({
            "cycle": p.cycle,
            "ramp_cycles": a.value.get("cycles"),
            "licenses": a.value.get("licenses"),
        }),
        Cause::Commitment => {
            let committed =
                g.sim
                    .cycles
                    .iter()
                    .find(|c| c.index == p.cycle)
                    .map_or(Decimal::ZERO, |c| {
                        c.usage
                            .iter()
                            .filter(|u| {
                                u.product == product && p.org.as_ref().is_none_or(|o| *o == u.org)
                            })
                            .fold(Decimal::ZERO, |s, u| s.saturating_add(u.committed))
                    });
            let prepaid = pairs
                .iter()
                .filter(|q| {
                    q.cycle == p.cycle
                        && q.product() == p.product()
                        && q.org == p.org
                        && matches!(q.key, Some((LineKind::Prepay, _)))
                })
                .fold(Decimal::ZERO, |s, q| s.saturating_add(q.vq));
            json!({ "cycle": p.cycle, "committed": committed.to_string(), "vendor_prepaid": prepaid.to_string() })
        }
        Cause::PeakRule => json!({
            "rule": a.value,
            "vendor_quantity": group(|q| q.vq).to_string(),
            "measured": measured(g.sim, p.cycle, product, p.org.as_deref()).to_string(),
        }),
        _ => json!({ "simulated_again": alt.to_string() }),
    }
}

/// `split` (per org within a product) and `tier` (per product within an
/// org): differences left that net to zero across the group.
fn net_to_zero(g: &Ground, pairs: &[Pair], states: &mut [State], cause: Cause) {
    type Key = (u32, Option<LineKind>, Option<String>);
    let key = |p: &Pair| -> Option<Key> {
        if !p.is_license() {
            return None;
        }
        let kind = p.key.as_ref().map(|(k, _)| *k);
        match cause {
            Cause::Split => Some((p.cycle, kind, p.product().map(str::to_owned))),
            _ => Some((p.cycle, kind, p.org.clone())),
        }
    };
    let mut groups: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, p) in pairs.iter().enumerate() {
        if let Some(k) = key(p) {
            groups.entry(k).or_default().push(i);
        }
    }
    for members in groups.values() {
        let left: Vec<Decimal> = members
            .iter()
            .map(|&i| pairs[i].vq - states[i].at)
            .collect();
        let moving = left.iter().filter(|d| !d.is_zero()).count();
        let sum = left.iter().fold(Decimal::ZERO, |a, d| a.saturating_add(*d));
        if moving < 2 || !sum.is_zero() {
            continue;
        }
        let rows: Vec<serde_json::Value> = members
            .iter()
            .map(|&i| {
                let p = &pairs[i];
                let name = match cause {
                    Cause::Split => json!({ "org": p.org }),
                    _ => json!({ "product": p.product() }),
                };
                let mut row = name;
                row["simulated"] = json!(p.sq.to_string());
                row["vendor"] = json!(p.vq.to_string());
                row
            })
            .collect();
        let facts = match cause {
            Cause::Split => json!({ "orgs": rows }),
            _ => json!({ "tiers": rows }),
        };
        for (&i, d) in members.iter().zip(left) {
            if d.is_zero() {
                continue;
            }
            let p = &pairs[i];
            let st = &mut states[i];
            st.at += d;
            let amount = g.currency.round(p.sr.saturating_mul(d));
            st.claimed = st.claimed.saturating_add(amount);
            add_share(
                st,
                CauseShare {
                    cause,
                    amount,
                    facts: facts.clone(),
                    says: if cause == Cause::Split {
                        words::split(p.org.as_deref())
                    } else {
                        words::tier(p.product().unwrap_or_default())
                    },
                },
            );
        }
    }
}

/// What is left: `usage`, or the missing side's cause; then the rest of
/// the amount is `rounding` (one minor unit) or unexplained.
fn close(g: &Ground, pairs: &[Pair], p: &Pair, mut st: State, _sims: &[SimLine]) -> Explained {
    let left_q = p.vq - st.at;
    let left_money = p.quantity_part.saturating_sub(st.claimed);
    if !left_q.is_zero() || !left_money.is_zero() {
        let (cause, facts, says) = fallback(g, pairs, p);
        if left_q.is_zero() {
            // Only the rounding of the claims themselves is left.
            if let Some(last) = st.shares.iter_mut().rev().find(|s| s.cause != Cause::Rate) {
                last.amount = last.amount.saturating_add(left_money);
            } else {
                add_share(&mut st, rounding(left_money));
            }
        } else {
            add_share(
                &mut st,
                CauseShare {
                    cause,
                    amount: left_money,
                    facts,
                    says,
                },
            );
        }
    }
    let rest = p
        .amount_difference()
        .saturating_sub(p.price_part)
        .saturating_sub(p.quantity_part);
    let mut unexplained = Decimal::ZERO;
    if !rest.is_zero() {
        if rest.abs() <= minor(g.currency) {
            add_share(&mut st, rounding(rest));
        } else {
            unexplained = rest;
        }
    }
    st.shares
        .retain(|s| !s.amount.is_zero() || s.cause != Cause::Rounding);
    Explained {
        shares: st.shares,
        unexplained,
    }
}

fn fallback(g: &Ground, pairs: &[Pair], p: &Pair) -> (Cause, serde_json::Value, String) {
    let none = json!({});
    if p.key.is_none() {
        return (Cause::NotInSimulation, none, words::not_in_simulation());
    }
    if p.vendor.is_none() {
        let vendor_has_group = p.is_license()
            && pairs.iter().any(|q| {
                q.vendor.is_some()
                    && q.is_license()
                    && q.cycle == p.cycle
                    && q.product() == p.product()
                    && (q.org.is_none() || q.org == p.org)
            });
        if !vendor_has_group {
            return (Cause::MissingFromVendor, none, words::missing_from_vendor());
        }
    } else if p.sim.is_empty() && p.virtual_rate.is_none() {
        return (Cause::NotInSimulation, none, words::not_in_simulation());
    }
    let m = match p.product() {
        Some(id) if p.is_license() => measured(g.sim, p.cycle, id, p.org.as_deref()),
        _ => p.sq,
    };
    (
        Cause::Usage,
        json!({ "vendor_quantity": p.vq.to_string(), "measured": m.to_string() }),
        words::usage(p.vq, p.sq, p.is_license().then_some(m)),
    )
}
