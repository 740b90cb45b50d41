//! Which commitments a curve prices (R-O1). A curve of up to
//! [`MAX_CURVE_POINTS`] points prices every integer commitment. A longer
//! one (more than 10,000 users measured in a term cycle) is sampled, not
//! refused (issue 23 #13): [`SAMPLES`] evenly spaced commitments with both
//! ends, then every integer commitment between the two samples either side
//! of the sampled minimum. That finds the exact best when the curve falls
//! then rises (convex, as prepay x c plus overage above c is, cycle by
//! cycle; tax rounding moves it by cents): its smallest minimizer lies
//! between the neighbours of the first lowest sample. A curve with a second
//! dip away from the sampled minimum could hide it; licenses and fair-use
//! allowances do not make one.

use rust_decimal::Decimal;

/// The most points a curve prices one by one (every integer commitment);
/// a longer one (more than 10,000 users measured) is sampled instead.
pub const MAX_CURVE_POINTS: usize = 20_001;

/// The intervals a sampled curve is cut into: SAMPLES + 1 commitments.
pub const SAMPLES: usize = 1000;

/// A curve's commitments and, for each, the totals of every run
/// (`rows[i][run]` is at `points[i]`).
#[derive(Debug, Clone, Default)]
pub(super) struct Curve {
    pub points: Vec<usize>,
    pub rows: Vec<Vec<Decimal>>,
}

/// Whether a curve up to `hi` is sampled rather than priced at every point.
pub(super) fn is_sampled(hi: usize) -> bool {
    hi >= MAX_CURVE_POINTS
}

/// The distance between two samples of a curve up to `hi`.
fn spacing(hi: usize) -> usize {
    hi.div_ceil(SAMPLES).max(1)
}

/// The commitments priced first: every one up to `hi`, or when sampled
/// 0, s, 2s, ... and `hi` itself.
pub(super) fn first_pass(hi: usize) -> Vec<usize> {
    if !is_sampled(hi) {
        return (0..=hi).collect();
    }
    let mut v: Vec<usize> = (0..=hi).step_by(spacing(hi)).collect();
    if v.last() != Some(&hi) {
        v.push(hi);
    }
    v
}

/// The commitments priced second, around the first pass's best (its
/// position in `first`): every one strictly between its neighbours not
/// yet priced. None for a curve priced at every point.
pub(super) fn second_pass(first: &[usize], best: usize) -> Vec<usize> {
    let (Some(&lo), Some(&hi)) = (
        first.get(best.saturating_sub(1)),
        first.get(best + 1).or(first.last()),
    ) else {
        return Vec::new();
    };
    (lo..=hi)
        .filter(|c| first.binary_search(c).is_err())
        .collect()
}

/// The most commitments a curve up to `hi` prices in both passes: what
/// the bound on the work counts (R-V1).
pub(super) fn most_points(hi: usize) -> usize {
    if !is_sampled(hi) {
        return hi.saturating_add(1);
    }
    (SAMPLES + 2).saturating_add(spacing(hi).saturating_mul(2))
}

impl Curve {
    /// A curve at `points`, no run priced yet.
    pub fn new(points: Vec<usize>, runs: usize) -> Curve {
        let rows = vec![Vec::with_capacity(runs); points.len()];
        Curve { points, rows }
    }

    /// Adds the points of the second pass, each with its totals, and sorts
    /// the curve by commitment.
    pub fn extend(&mut self, points: Vec<usize>, rows: Vec<Vec<Decimal>>) {
        let mut all: Vec<(usize, Vec<Decimal>)> = std::mem::take(&mut self.points)
            .into_iter()
            .zip(std::mem::take(&mut self.rows))
            .chain(points.into_iter().zip(rows))
            .collect();
        all.sort_by_key(|(c, _)| *c);
        (self.points, self.rows) = all.into_iter().unzip();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_curve_is_every_point() {
        assert_eq!(first_pass(3), vec![0, 1, 2, 3]);
        assert_eq!(most_points(20_000), 20_001);
        assert!(second_pass(&first_pass(3), 1).is_empty());
    }

    #[test]
    fn a_long_curve_is_sampled_with_both_ends_then_searched_around_its_best() {
        let first = first_pass(24_001);
        // 25 apart: 0, 25, ..., 24000, and the end.
        assert_eq!(first.first(), Some(&0));
        assert_eq!(first.last(), Some(&24_001));
        assert_eq!(first.len(), 960 + 2);
        let best = first.binary_search(&9_000).unwrap();
        let second = second_pass(&first, best);
        assert_eq!(second.first(), Some(&8_976));
        assert_eq!(second.last(), Some(&9_024));
        assert_eq!(second.len(), 48);
        // At an end: only the side there is.
        assert_eq!(second_pass(&first, 0), (1..25).collect::<Vec<_>>());
        let last = first.len() - 1;
        assert!(second_pass(&first, last).is_empty());
        assert!(first.len() + second.len() <= most_points(24_001));
    }
}
