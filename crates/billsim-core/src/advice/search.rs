//! The arithmetic of advice: a total at a commitment, the best point of a
//! curve, percentiles over seeds, and the ranking of models.

use rust_decimal::Decimal;

use super::types::ModelRank;
use crate::contract::Commitments;
use crate::error::Result;
use crate::invoice::{Fixed, Whole};
use crate::measure::Measured;
use crate::scenario::Model;
use crate::stages::Prepared;

/// One measured usage (a seed's) and what it was prepared from.
pub(super) struct Run<'r, 'a> {
    /// The prepared scenario.
    pub prepared: &'r Prepared<'a>,
    /// Its usage, measured once under the model being priced.
    pub measured: &'r Measured,
    /// Its charges no commitment changes, priced once for every point of
    /// its curves, and the term cycles priced so far (None: each point is
    /// priced in full).
    fixed: Option<Fixed>,
    /// Every charge at the run's commitments, so that a point of one
    /// org's curve prices that org's lines only (None: in full).
    whole: Option<Whole>,
}

impl<'r, 'a> Run<'r, 'a> {
    /// A run to price under `model` at the scenario's commitments.
    pub fn new(prepared: &'r Prepared<'a>, measured: &'r Measured, model: Model) -> Self {
        Run::at(prepared, measured, model, &prepared.commitments)
    }

    /// A run to price under `model`, its curves around `commit`.
    pub fn at(
        prepared: &'r Prepared<'a>,
        measured: &'r Measured,
        model: Model,
        commit: &Commitments,
    ) -> Self {
        let fixed = prepared.fixed(measured, model);
        let whole = fixed
            .as_ref()
            .and_then(|f| prepared.whole(f, measured, model, commit));
        Run {
            prepared,
            measured,
            fixed,
            whole,
        }
    }

    /// Moves (org, product) of the run's commitments to `steps` for good,
    /// `commit` being those commitments (R-O3). An error drops the whole:
    /// later points are priced in full.
    pub fn set(&mut self, org: u16, product: u16, steps: Vec<(u32, Decimal)>) {
        if let Some(w) = self.whole.as_mut() {
            if self
                .prepared
                .set_one(w, self.measured, org, product, steps)
                .is_err()
            {
                self.whole = None;
            }
        }
    }
}

/// The total of `run` with (org, product) committed to `steps` and every
/// other commitment as in `commit` (the run's own): that org's lines
/// priced only, or in full where that cannot be (the total or error is the
/// full pricing's either way, R-O1).
pub(super) fn total_at(
    run: &mut Run<'_, '_>,
    model: Model,
    commit: &Commitments,
    org: u16,
    product: u16,
    steps: &[(u32, Decimal)],
) -> Result<Decimal> {
    if let Some(w) = run.whole.as_ref().filter(|w| w.model() == model) {
        return run.prepared.price_one(w, run.measured, org, product, steps);
    }
    let commit = commit.with_schedule(org, product, steps.to_vec());
    total(run, model, &commit)
}

/// The contract total with tax (`totals.total`) of `run` under `commit`:
/// explanations left unwritten, the charges no commitment changes priced
/// once, amounts the same (the R-O1 property checks every point against a
/// full simulate).
pub(super) fn total(run: &mut Run<'_, '_>, model: Model, commit: &Commitments) -> Result<Decimal> {
    run.prepared
        .price_total_with(run.fixed.as_mut(), run.measured, model, commit)
}

/// The position of the lowest value; the first (the smallest commitment)
/// on a tie (R-O1). 0 for an empty slice.
pub(super) fn argmin(values: &[Decimal]) -> usize {
    let mut best = 0;
    for (i, v) in values.iter().enumerate() {
        // Strictly lower only: an equal later value is a larger commitment.
        if values.get(best).is_some_and(|b| v < b) {
            best = i;
        }
    }
    best
}

/// The smallest integer c in [0, hi] where f(c + 1) >= f(c), found by
/// bisection: the smallest minimizer of a convex f (R-O1's tie rule), in
/// about 2 log2(hi) evaluations.
pub(super) fn convex_min(
    hi: Decimal,
    mut f: impl FnMut(Decimal) -> Result<Decimal>,
) -> Result<Decimal> {
    let (mut lo, mut hi) = (Decimal::ZERO, hi.trunc());
    while lo < hi {
        // (lo + hi) / 2 rounded down, without overflow.
        let mid = (lo + (hi - lo) / Decimal::TWO).floor();
        if f(mid + Decimal::ONE)? >= f(mid)? {
            hi = mid;
        } else {
            lo = mid + Decimal::ONE;
        }
    }
    Ok(lo)
}

/// The `p`th percentile of `values` by the nearest-rank method: sorted
/// ascending, the value at rank ceil(p/100 x n) (1-based, at least 1). Always
/// one of the values, never interpolated: a total some seed actually
/// produced. None for no values or p above 100.
pub(crate) fn nearest_rank(values: &[Decimal], p: u32) -> Option<Decimal> {
    if values.is_empty() || p > 100 {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = u64::try_from(v.len()).ok()?;
    // ceil(p * n / 100) in integers: no float, no rounding to name.
    let rank = (u64::from(p) * n).div_ceil(100).max(1);
    v.get(usize::try_from(rank - 1).ok()?).copied()
}

/// Sorts comparable models by total (stable: named, concurrent, hourly on a
/// tie), not comparable ones last, and sets each margin to the next (R-O3).
pub(super) fn order(models: &mut [ModelRank]) {
    models.sort_by_key(|m| (!m.comparable, m.total));
    for i in 0..models.len() {
        let next = models.get(i + 1).and_then(|n| n.total);
        models[i].margin = match (models[i].total, next) {
            (Some(a), Some(b)) => b.checked_sub(a),
            _ => None,
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: &[i64]) -> Vec<Decimal> {
        v.iter().map(|&x| Decimal::from(x)).collect()
    }

    #[test]
    fn nearest_rank_takes_a_value_never_interpolates() {
        // R-O2: ten values 1..10; p10 = rank 1, p50 = rank 5, p90 = rank 9.
        let v = d(&[10, 3, 7, 1, 9, 2, 8, 4, 6, 5]);
        assert_eq!(nearest_rank(&v, 10), Some(Decimal::from(1)));
        assert_eq!(nearest_rank(&v, 50), Some(Decimal::from(5)));
        assert_eq!(nearest_rank(&v, 90), Some(Decimal::from(9)));
        // Three values: ceil(0.3) = 1, ceil(1.5) = 2, ceil(2.7) = 3.
        let v = d(&[30, 10, 20]);
        assert_eq!(nearest_rank(&v, 10), Some(Decimal::from(10)));
        assert_eq!(nearest_rank(&v, 50), Some(Decimal::from(20)));
        assert_eq!(nearest_rank(&v, 90), Some(Decimal::from(30)));
        assert_eq!(nearest_rank(&[], 50), None);
        assert_eq!(nearest_rank(&v, 101), None);
    }

    #[test]
    fn convex_min_finds_the_smallest_minimizer() {
        // The 10-12-8 curve of the golden fixture: 3600 - 60c to 8, then up.
        let f = |c: Decimal| -> Result<Decimal> {
            let mut t = Decimal::ZERO;
            for a in [10, 12, 8] {
                let a = Decimal::from(a);
                t += Decimal::from(100) * c + Decimal::from(120) * (a - c).max(Decimal::ZERO);
            }
            Ok(t)
        };
        assert_eq!(convex_min(Decimal::from(24), f).unwrap(), Decimal::from(8));
        // A plateau (10..=12 all equal): the smallest, as R-O1's tie rule.
        let g = |c: Decimal| -> Result<Decimal> {
            let (a, b) = (Decimal::from(10), Decimal::from(12));
            Ok(Decimal::from(200) * c
                + Decimal::from(200) * ((a - c).max(Decimal::ZERO) + (b - c).max(Decimal::ZERO)))
        };
        assert_eq!(convex_min(Decimal::from(24), g).unwrap(), Decimal::from(10));
        assert_eq!(convex_min(Decimal::ZERO, g).unwrap(), Decimal::ZERO);
    }

    #[test]
    fn argmin_takes_the_smallest_commitment_on_a_tie() {
        // R-O1: 5 at positions 1 and 3; the first wins.
        assert_eq!(argmin(&d(&[7, 5, 6, 5])), 1);
        assert_eq!(argmin(&d(&[4])), 0);
        assert_eq!(argmin(&[]), 0);
    }

    #[test]
    fn models_are_ranked_with_margins_not_comparable_last() {
        let m = |name: &str, total: Option<i64>| ModelRank {
            model: name.into(),
            total: total.map(Decimal::from),
            comparable: total.is_some(),
            margin: None,
            own_rates: true,
            reason: String::new(),
            note: String::new(),
        };
        let mut v = vec![
            m("named", Some(300)),
            m("concurrent", None),
            m("hourly", Some(200)),
        ];
        order(&mut v);
        let names: Vec<&str> = v.iter().map(|x| x.model.as_str()).collect();
        assert_eq!(names, ["hourly", "named", "concurrent"]);
        assert_eq!(v[0].margin, Some(Decimal::from(100)));
        assert_eq!(v[1].margin, None);
        assert_eq!(v[2].margin, None);
    }
}
