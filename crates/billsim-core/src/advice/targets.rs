//! What advice works on: the products whose commitment is advised, the
//! range of each curve, the seeds' scenarios, and the bounds on the work.

use rust_decimal::Decimal;

use crate::calendar::Phase;
use crate::contract::Commitments;
use crate::error::{Error, Result};
use crate::measure::Measured;
use crate::scenario::{Model, Scenario};
use crate::stages::Prepared;

use super::sampling::most_points;

/// The most pricings one advice may do (curve points x steps x seeds): each
/// is a full invoice run, tens of microseconds, so this bounds it to
/// seconds rather than hours.
pub const MAX_PRICINGS: usize = 200_000;

/// A product whose commitment is advised: (org, product) indices and ids.
#[derive(Debug, Clone)]
pub(super) struct Target {
    pub org: u16,
    pub product: u16,
    pub id: String,
    pub org_id: Option<String>,
}

/// The scenario with every profile's seed moved on by `i` (wrapping): run
/// `i` of R-O2. Run 0 is the scenario itself.
pub(super) fn reseeded(s: &Scenario, i: u32) -> Scenario {
    let mut sc = s.clone();
    for p in &mut sc.usage.profiles {
        p.seed = p.seed.wrapping_add(u64::from(i));
    }
    sc
}

/// The products whose commitment can be advised under `model`: those with
/// a rate to commit at (prepay; hourly under the hourly model), each for
/// the orgs its commitments name (the first org when it has none). Without
/// such a rate a commitment would cost nothing, and advice would be absurd.
pub(super) fn targets(s: &Scenario, p: &Prepared<'_>, model: Model) -> Vec<Target> {
    let cat = &p.catalog;
    let mut out = Vec::new();
    for (pi, id) in cat.products.iter().enumerate() {
        let Ok(product) = u16::try_from(pi) else {
            continue;
        };
        let Some(prod) = s.contract.products.get(id) else {
            continue;
        };
        let rate = match model {
            Model::Hourly => prod.hourly,
            _ => prod.rates(model).prepay,
        };
        if rate.is_none() {
            continue;
        }
        let mut orgs: Vec<u16> = p
            .commitments
            .keys()
            .filter(|&(_, q)| q == product)
            .map(|(o, _)| o)
            .collect();
        if orgs.is_empty() {
            orgs.push(0);
        }
        for org in orgs {
            out.push(Target {
                org,
                product,
                id: id.clone(),
                org_id: (cat.orgs.len() > 1)
                    .then(|| cat.orgs.get(usize::from(org)).cloned())
                    .flatten(),
            });
        }
    }
    out
}

/// Positions of the term cycles: where commitments apply (R-M3).
pub(super) fn term_cycles(p: &Prepared<'_>) -> Vec<usize> {
    (0..p.cycles.len())
        .filter(|&k| p.cycles[k].phase == Phase::Term)
        .collect()
}

/// The last commitment a curve may reach: twice the largest commitment a
/// contract may write. Past it (a forecast of a billion users) advice is
/// refused: no one could commit to its answer.
pub const MAX_CURVE_END: usize = 2 * crate::contract::MAX_COMMITTED as usize;

/// The highest quantity of the target measured in a term cycle.
pub(super) fn top(m: &Measured, term: &[usize], t: &Target) -> Decimal {
    let mut top = Decimal::ZERO;
    for &k in term {
        if let Some(q) = m
            .cycles
            .get(k)
            .and_then(|c| c.licenses.get(&(t.org, t.product)))
        {
            top = top.max(*q);
        }
    }
    top
}

/// The last commitment of the target's curve: twice the highest quantity
/// measured in a term cycle, rounded up, at least 1 (R-O1).
pub(super) fn highest(m: &Measured, term: &[usize], t: &Target) -> Result<usize> {
    let mut top = Decimal::ZERO;
    for &k in term {
        if let Some(q) = m
            .cycles
            .get(k)
            .and_then(|c| c.licenses.get(&(t.org, t.product)))
        {
            top = top.max(*q);
        }
    }
    let hi = top
        .ceil()
        .checked_mul(Decimal::TWO)
        .and_then(|d| usize::try_from(d).ok())
        .filter(|&hi| hi <= MAX_CURVE_END)
        .ok_or_else(|| {
            Error::invalid(
                format!("contract.products.{}", t.id),
                format!(
                    "{top} measured in a term cycle: a curve up to twice that is longer than {} points, past twice the largest commitment a contract may write ({}) (R-O1)",
                    MAX_CURVE_END + 1,
                    crate::contract::MAX_COMMITTED
                ),
            )
        })?;
    Ok(hi.max(1))
}

/// The steps of a stepped commitment (more than one, or one that starts
/// after `first_term`, the term's first cycle), else none.
pub(super) fn stepped(c: &Commitments, t: &Target, first_term: u32) -> Vec<(u32, Decimal)> {
    let steps = c.steps_of(t.org, t.product);
    // One step that starts after the term's first cycle is a schedule too:
    // nothing is committed before it (issue 22: "instead of 0").
    if steps.len() > 1 || steps.first().is_some_and(|&(from, _)| from > first_term) {
        steps.to_vec()
    } else {
        Vec::new()
    }
}

/// Refuses an advice of more than [`MAX_PRICINGS`] pricings: every curve
/// point, per step too, for every seed.
pub(super) fn check_pricings(
    curves: &[(&Target, usize)],
    c: &Commitments,
    first_term: u32,
    runs: usize,
) -> Result<()> {
    let per_run: usize = curves
        .iter()
        .map(|(t, hi)| most_points(*hi).saturating_mul(1 + stepped(c, t, first_term).len()))
        .fold(0, usize::saturating_add);
    if per_run.saturating_mul(runs) <= MAX_PRICINGS {
        return Ok(());
    }
    let longest = curves.iter().max_by_key(|(_, hi)| *hi).map(|(t, _)| t);
    match longest {
        // One run: no seed to drop; the work is in the curves themselves.
        Some(t) if runs == 1 => Err(Error::invalid(
            format!("contract.products.{}", t.id),
            format!(
                "{per_run} commitments to price (every curve point, per step too) is more than {MAX_PRICINGS} pricings (R-O1): advise fewer orgs or products at a time, or with fewer commitment steps"
            ),
        )),
        _ => Err(Error::invalid(
            "seeds",
            format!(
                "{per_run} commitments priced for each of {runs} seed(s) is more than {MAX_PRICINGS} pricings (R-O1, R-O2): ask for fewer seeds"
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::usage::Catalog;

    /// R-O1: one step from cycle 3 in a term that starts at cycle 0 is a
    /// schedule (0, then the step), advised step by step; from the term's
    /// first cycle it is one level.
    #[test]
    fn r_o1_one_later_step_is_a_schedule() {
        let s = Scenario::from_json(
            r#"{ "billsim": 1, "currency": "USD",
            "contract": { "activation": "2026-10-21", "model": "named", "term_cycles": 6,
              "commitments": [ { "product": "cx2", "from_cycle": 3, "quantity": "4" } ],
              "products": { "cx2": { "tier": 2, "prepay": "115.00", "overage": "138.00" } } } }"#,
        )
        .expect("scenario");
        let c = Commitments::of(&s, &Catalog::of(&s));
        let t = Target {
            org: 0,
            product: 0,
            id: "cx2".into(),
            org_id: None,
        };
        assert_eq!(stepped(&c, &t, 0), vec![(3, Decimal::from(4))]);
        assert_eq!(stepped(&c, &t, 3), vec![]);
    }
}
