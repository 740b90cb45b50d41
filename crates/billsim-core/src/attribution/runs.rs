//! Runs of the concurrency curve: maximal stretches whose level satisfies a
//! test, and the ones that hold a level under each peak rule (R-K2, R-W2).

use crate::concurrency::Segment;
use crate::scenario::PeakKind;

/// A maximal contiguous stretch of the curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Start, ms since the epoch.
    pub start: i64,
    /// End (exclusive), ms.
    pub end: i64,
    /// Highest level inside.
    pub max: u32,
}

/// Maximal runs of segments whose level passes `keep`. Segments are
/// contiguous when one ends where the next starts; a gap is nobody logged
/// in (level 0), which breaks a run like any other failing level.
pub fn runs_where(segs: &[Segment], keep: impl Fn(u32) -> bool) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut open = false;
    for s in segs {
        if !keep(s.count) {
            open = false;
            continue;
        }
        match out.last_mut() {
            Some(r) if open && r.end == s.start => {
                r.end = s.end;
                r.max = r.max.max(s.count);
            }
            _ => out.push(Run {
                start: s.start,
                end: s.end,
                max: s.count,
            }),
        }
        open = true;
    }
    out
}

/// The windows that hold `level` under the rule: breaking all of them
/// leaves the rule billing at most `level - 1`.
/// - `sustained`: runs at or above the level lasting at least `min_ms`;
/// - `cumulative`: every run at or above the level (their time together is
///   what bills it);
/// - `cumulative_exact`: the runs at exactly k, for the level and every
///   level above it whose time at exactly k reaches `min_ms` (each of those
///   would bill k >= level on its own). For the billed peak that is the runs
///   at exactly the peak: no level above it reaches the minutes.
pub fn holding(segs: &[Segment], level: u32, kind: PeakKind, min_ms: i64) -> Vec<Run> {
    match kind {
        PeakKind::Sustained => runs_where(segs, |n| n >= level)
            .into_iter()
            .filter(|r| r.end - r.start >= min_ms)
            .collect(),
        PeakKind::Cumulative => runs_where(segs, |n| n >= level),
        PeakKind::CumulativeExact => {
            let mut at: std::collections::BTreeMap<u32, i64> = Default::default();
            for s in segs.iter().filter(|s| s.count >= level) {
                *at.entry(s.count).or_default() += s.end - s.start;
            }
            let billing: Vec<u32> = at
                .into_iter()
                .filter(|&(_, ms)| ms >= min_ms)
                .map(|(k, _)| k)
                .collect();
            runs_where(segs, |n| billing.contains(&n))
                .into_iter()
                .flat_map(|r| split_exact(segs, r))
                .collect()
        }
    }
}

/// A run over several billing levels, split into runs at one level each
/// (the exact rule counts each level on its own).
fn split_exact(segs: &[Segment], r: Run) -> Vec<Run> {
    let inside = segs.iter().filter(|s| s.start >= r.start && s.end <= r.end);
    let mut out: Vec<Run> = Vec::new();
    for s in inside {
        match out.last_mut() {
            Some(x) if x.max == s.count && x.end == s.start => x.end = s.end,
            _ => out.push(Run {
                start: s.start,
                end: s.end,
                max: s.count,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::concurrency::segments;

    const MIN: i64 = 60_000;

    /// R-W2 with the vendor's example: 500 for 37 minutes with 503 for 6 of
    /// them under 30 sustained minutes: one window of 500 (09:00-09:37) and
    /// the run of 503 disregarded.
    #[test]
    fn r_w2_vendor_example_window_and_disregarded_run() {
        let mut iv = vec![(0, 37 * MIN); 500];
        iv.extend(vec![(10 * MIN, 16 * MIN); 3]);
        let segs = segments(&iv);
        let w = holding(&segs, 500, PeakKind::Sustained, 30 * MIN);
        assert_eq!(
            w,
            [Run {
                start: 0,
                end: 37 * MIN,
                max: 503
            }]
        );
        assert_eq!(
            runs_where(&segs, |n| n > 500),
            [Run {
                start: 10 * MIN,
                end: 16 * MIN,
                max: 503
            }]
        );
        let exact = holding(&segs, 500, PeakKind::CumulativeExact, 30 * MIN);
        assert_eq!(exact.len(), 2, "{exact:?}");
        assert_eq!(exact.iter().map(|r| r.end - r.start).sum::<i64>(), 31 * MIN);
    }

    /// A gap (nobody logged in) ends a run even when both sides qualify.
    #[test]
    fn r_w2_gap_splits_runs() {
        let segs = segments(&[(0, 10 * MIN), (11 * MIN, 20 * MIN)]);
        assert_eq!(runs_where(&segs, |n| n >= 1).len(), 2);
        assert_eq!(holding(&segs, 1, PeakKind::Cumulative, 30 * MIN).len(), 2);
        assert!(holding(&segs, 1, PeakKind::Sustained, 30 * MIN).is_empty());
    }
}
