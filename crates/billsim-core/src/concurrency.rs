//! The concurrent peak (R-K2) and the daily report (R-K4), exact to the
//! millisecond: an event sweep over merged per-user intervals, never sampling.

use crate::scenario::PeakKind;
use serde::{Deserialize, Serialize};

/// A stretch of time with a constant number of users logged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Start, ms since epoch.
    pub start: i64,
    /// End (exclusive), ms.
    pub end: i64,
    /// Users logged in.
    pub count: u32,
}

/// Turns half-open intervals (already merged per user, R-L3) into the
/// piecewise-constant concurrency curve. Events at one instant are applied
/// together, so a logout and a login at the same millisecond never make a
/// zero-length dip or spike.
pub fn segments(intervals: &[(i64, i64)]) -> Vec<Segment> {
    let base = intervals.iter().map(|iv| iv.0).min().unwrap_or(0);
    let end = intervals.iter().map(|iv| iv.1).max().unwrap_or(0);
    if end.saturating_sub(base) > i64::from(u32::MAX) {
        // Longer than a cycle: split into spans that fit the offsets.
        return long_segments(intervals, base, end);
    }
    let mut ev = Events::new(base);
    for &(s, e) in intervals {
        ev.push(s, e);
    }
    ev.segments()
}

fn long_segments(intervals: &[(i64, i64)], base: i64, end: i64) -> Vec<Segment> {
    let span = i64::from(u32::MAX);
    let mut out: Vec<Segment> = Vec::new();
    let mut from = base;
    while from < end {
        let to = from.saturating_add(span).min(end);
        let mut ev = Events::new(from);
        for &(s, e) in intervals {
            ev.push(s.max(from), e.min(to));
        }
        for seg in ev.segments() {
            // Re-join a run the split cut in two.
            match out.last_mut() {
                Some(l) if l.end == seg.start && l.count == seg.count => l.end = seg.end,
                _ => out.push(seg),
            }
        }
        from = to;
    }
    out
}

/// The logins and logouts of one org in one cycle, kept as milliseconds
/// from `base` (a cycle's start: a month is under 2^32 ms) in two lists:
/// 8 bytes per interval instead of 16, which is most of the memory a year
/// of sessions needs while it is measured.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Events {
    /// The instant offsets count from.
    pub base: i64,
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl Events {
    /// No events yet, offsets from `base`.
    pub fn new(base: i64) -> Events {
        Events {
            base,
            starts: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// Records [s, e). The caller keeps it within 2^32 ms of `base` (a
    /// cycle); an interval that is empty or out of that range is skipped.
    pub fn push(&mut self, s: i64, e: i64) {
        if e <= s {
            return;
        }
        let off = |t: i64| t.checked_sub(self.base).and_then(|d| u32::try_from(d).ok());
        if let (Some(a), Some(b)) = (off(s), off(e)) {
            self.starts.push(a);
            self.ends.push(b);
        }
    }

    /// How many intervals.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Appends another list's intervals (with the same base).
    pub fn extend(&mut self, other: &Events) {
        for (&s, &e) in other.starts.iter().zip(&other.ends) {
            self.push(other.base + i64::from(s), other.base + i64::from(e));
        }
    }

    /// Lists of one cycle (with the same base: the offsets stay as they
    /// are) one after the other, into the first list's room grown once to
    /// hold them all: grown by doubling, a year's events were copied over
    /// and over, and held twice at the peak.
    pub fn joined(lists: Vec<Events>) -> Events {
        let total: usize = lists.iter().map(Events::len).sum();
        let mut lists = lists.into_iter();
        let Some(mut out) = lists.next() else {
            return Events::default();
        };
        out.starts.reserve_exact(total - out.len());
        out.ends.reserve_exact(total - out.len());
        for mut other in lists {
            debug_assert_eq!(out.base, other.base);
            out.starts.append(&mut other.starts);
            out.ends.append(&mut other.ends);
        }
        out
    }

    /// The curve; sorts the lists in place.
    pub fn segments(&mut self) -> Vec<Segment> {
        sort_offsets(&mut self.starts);
        sort_offsets(&mut self.ends);
        let (starts, ends) = (&self.starts, &self.ends);
        let mut out = Vec::with_capacity(starts.len() + 1);
        let (mut i, mut j) = (0, 0);
        let mut count: i64 = 0;
        // Every start has its end, so the ends run out last.
        while j < ends.len() {
            let t = match starts.get(i) {
                Some(&s) => s.min(ends[j]),
                None => ends[j],
            };
            while i < starts.len() && starts[i] == t {
                count += 1;
                i += 1;
            }
            while j < ends.len() && ends[j] == t {
                count -= 1;
                j += 1;
            }
            let next = match (starts.get(i), ends.get(j)) {
                (Some(&s), Some(&e)) => s.min(e),
                (None, Some(&e)) => e,
                _ => break,
            };
            if count > 0 {
                out.push(Segment {
                    start: self.base + i64::from(t),
                    end: self.base + i64::from(next),
                    count: count as u32,
                });
            }
        }
        out
    }
}

/// LSD radix sort of offsets: the sweep's hot spot, several times faster
/// than `sort_unstable` at a million events. 11-bit digits: three passes
/// for a month of milliseconds. Small inputs use the standard sort.
fn sort_offsets(v: &mut [u32]) {
    const BITS: u32 = 11;
    const MASK: u32 = (1 << BITS) - 1;
    if v.len() < 4096 {
        v.sort_unstable();
        return;
    }
    // Attribution sorts a cycle's events before measuring them: the second
    // sort of the same events is then one read.
    if v.is_sorted() {
        return;
    }
    let max = v.iter().copied().max().unwrap_or(0);
    let passes = (32 - max.leading_zeros()).div_ceil(BITS) as usize;
    // Every digit's histogram in one read.
    let mut counts = vec![[0usize; 1 << BITS]; passes];
    for &x in v.iter() {
        for (p, c) in counts.iter_mut().enumerate() {
            c[((x >> (BITS as usize * p)) & MASK) as usize] += 1;
        }
    }
    let mut buf = vec![0u32; v.len()];
    let mut in_v = true;
    for (p, count) in counts.iter().enumerate() {
        if count.contains(&v.len()) {
            continue; // every key shares this digit
        }
        let shift = BITS as usize * p;
        let (src, dst): (&[u32], &mut [u32]) = if in_v {
            (&*v, &mut buf)
        } else {
            (&buf, &mut *v)
        };
        let mut pos = vec![0usize; 1 << BITS];
        let mut sum = 0;
        for (slot, c) in pos.iter_mut().zip(count) {
            *slot = sum;
            sum += c;
        }
        for &x in src {
            let d = ((x >> shift) & MASK) as usize;
            dst[pos[d]] = x;
            pos[d] += 1;
        }
        in_v = !in_v;
    }
    if !in_v {
        v.copy_from_slice(&buf);
    }
}

/// The peaks of one curve under every rule, for comparison and reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Peaks {
    /// Highest count at any instant, however briefly.
    pub raw: u32,
    /// R-K2 `sustained`.
    pub sustained: u32,
    /// R-K2 `cumulative`.
    pub cumulative: u32,
    /// R-K2 `cumulative_exact`.
    pub cumulative_exact: u32,
}

impl Peaks {
    /// The peak the contract's rule bills.
    pub fn under(&self, kind: PeakKind) -> u32 {
        match kind {
            PeakKind::Sustained => self.sustained,
            PeakKind::Cumulative => self.cumulative,
            PeakKind::CumulativeExact => self.cumulative_exact,
        }
    }
}

/// All peaks of a curve with threshold `min_ms` (R-K2).
pub fn peaks(segs: &[Segment], min_ms: i64) -> Peaks {
    let raw = segs.iter().map(|s| s.count).max().unwrap_or(0);
    // Time spent at exactly each level.
    let mut at = vec![0i64; raw as usize + 1];
    for s in segs {
        at[s.count as usize] += s.end - s.start;
    }
    let cumulative_exact = (1..=raw)
        .rev()
        .find(|&n| at[n as usize] >= min_ms)
        .unwrap_or(0);
    let mut at_least = 0i64;
    let mut cumulative = 0;
    for n in (1..=raw).rev() {
        at_least += at[n as usize];
        if at_least >= min_ms {
            cumulative = n;
            break;
        }
    }
    Peaks {
        raw,
        sustained: sustained(segs, min_ms),
        cumulative,
        cumulative_exact,
    }
}

/// Highest N held without interruption for `min_ms`: the best over windows
/// of length `min_ms` of the lowest count inside. A run at >= N users starts
/// at a segment boundary, so windows starting at boundaries suffice; a
/// monotonic deque keeps the window minimum, O(n). A gap between segments
/// (nobody logged in) is count 0 and breaks every run.
fn sustained(segs: &[Segment], min_ms: i64) -> u32 {
    if min_ms <= 0 {
        return segs.iter().map(|s| s.count).max().unwrap_or(0);
    }
    let mut best = 0;
    let mut deque: std::collections::VecDeque<usize> = std::collections::VecDeque::new();
    let mut j = 0; // next segment to enter the window
    for i in 0..segs.len() {
        let window_end = segs[i].start + min_ms;
        while deque.front().is_some_and(|&f| f < i) {
            deque.pop_front();
        }
        if j < i {
            j = i;
        }
        // Extend while contiguous and the window is not yet covered.
        while j < segs.len()
            && segs[j].start < window_end
            && (j == i || segs[j].start == segs[j - 1].end)
        {
            while deque
                .back()
                .is_some_and(|&b| segs[b].count >= segs[j].count)
            {
                deque.pop_back();
            }
            deque.push_back(j);
            j += 1;
        }
        let covered = segs[j - 1].end >= window_end;
        if covered {
            if let Some(&m) = deque.front() {
                best = best.max(segs[m].count);
            }
        }
    }
    best
}

/// One row of the daily peak report (R-K4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayPeak {
    /// The UTC day, as days since the epoch.
    pub day: i64,
    /// Highest concurrency reached that day.
    pub peak: u32,
    /// Milliseconds spent at exactly that level that day.
    pub ms_at_peak: i64,
}

/// Per UTC day: highest concurrency and time at exactly it (R-K4).
pub fn daily(segs: &[Segment]) -> Vec<DayPeak> {
    const DAY: i64 = 86_400_000;
    let mut out: Vec<DayPeak> = Vec::new();
    for s in segs {
        let mut t = s.start;
        while t < s.end {
            let day = t.div_euclid(DAY);
            let stop = s.end.min((day + 1) * DAY);
            let len = stop - t;
            match out.last_mut() {
                Some(r) if r.day == day => {
                    if s.count > r.peak {
                        r.peak = s.count;
                        r.ms_at_peak = len;
                    } else if s.count == r.peak {
                        r.ms_at_peak += len;
                    }
                }
                _ => out.push(DayPeak {
                    day,
                    peak: s.count,
                    ms_at_peak: len,
                }),
            }
            t = stop;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn users(n: usize, start: i64, end: i64) -> Vec<(i64, i64)> {
        vec![(start, end); n]
    }

    #[test]
    fn r_k2_vendor_example_500_for_31_min_and_503_for_6_bills_500() {
        let mut iv = users(500, 0, 37 * MIN);
        iv.extend(users(3, 10 * MIN, 16 * MIN));
        let p = peaks(&segments(&iv), 30 * MIN);
        assert_eq!(p.raw, 503);
        assert_eq!(
            (p.sustained, p.cumulative, p.cumulative_exact),
            (500, 500, 500)
        );
    }

    #[test]
    fn r_k2_rules_disagree_on_interrupted_peaks() {
        // 10 users twice for 20 minutes with 5 users in between: 10 is held
        // 40 minutes in total but never 30 without interruption.
        let mut iv = users(5, 0, 60 * MIN);
        iv.extend(users(5, 0, 20 * MIN));
        iv.extend(users(5, 40 * MIN, 60 * MIN));
        let p = peaks(&segments(&iv), 30 * MIN);
        assert_eq!(p.sustained, 5);
        assert_eq!(p.cumulative, 10);
        assert_eq!(p.cumulative_exact, 10);
        // cumulative counts time at >= N; exact only at N.
        let mut iv = users(3, 0, 20 * MIN);
        iv.extend(users(1, 20 * MIN, 40 * MIN));
        iv.push((0, 40 * MIN));
        let p = peaks(&segments(&iv), 30 * MIN);
        // 4 users for 20 min, then 2 for 20 min: >= 2 for 40 min, exactly 2 for 20.
        assert_eq!((p.raw, p.cumulative, p.cumulative_exact), (4, 2, 0));
    }

    #[test]
    fn r_k2_same_instant_handover_is_not_a_dip() {
        // One user hands over to another at the same millisecond: 1 held for 60 min.
        let iv = vec![(0, 20 * MIN), (20 * MIN, 60 * MIN)];
        let segs = segments(&iv);
        assert!(segs.iter().all(|s| s.count == 1), "{segs:?}");
        assert_eq!((segs[0].start, segs[segs.len() - 1].end), (0, 60 * MIN));
        assert_eq!(peaks(&segs, 30 * MIN).sustained, 1);
    }

    #[test]
    fn r_k2_gap_breaks_sustained_run() {
        let iv = vec![(0, 20 * MIN), (21 * MIN, 41 * MIN)];
        let p = peaks(&segments(&iv), 30 * MIN);
        assert_eq!(p.sustained, 0);
        assert_eq!(p.cumulative, 1);
    }

    #[test]
    fn r_k4_daily_report_splits_at_midnight() {
        const DAY: i64 = 86_400_000;
        let iv = vec![(DAY - 10 * MIN, DAY + 20 * MIN), (DAY, DAY + 5 * MIN)];
        let d = daily(&segments(&iv));
        assert_eq!(
            d,
            vec![
                DayPeak {
                    day: 0,
                    peak: 1,
                    ms_at_peak: 10 * MIN
                },
                DayPeak {
                    day: 1,
                    peak: 2,
                    ms_at_peak: 5 * MIN
                },
            ]
        );
    }

    #[test]
    fn radix_sort_matches_std_sort() {
        let mut x: Vec<u32> = (0..10_000u32)
            .map(|i| (i * 7919 % 10007) * 268_000)
            .chain([u32::MAX, 0, u32::MAX])
            .collect();
        let mut y = x.clone();
        sort_offsets(&mut x);
        y.sort_unstable();
        assert_eq!(x, y);
    }

    #[test]
    fn a_span_longer_than_offsets_reach_is_split_and_rejoined() {
        let day = 86_400_000i64;
        // 60 days, past 2^32 ms: one user all along, a second for a day in the middle.
        let iv = [(0, 60 * day), (30 * day, 31 * day)];
        assert_eq!(
            segments(&iv),
            vec![
                Segment {
                    start: 0,
                    end: 30 * day,
                    count: 1
                },
                Segment {
                    start: 30 * day,
                    end: 31 * day,
                    count: 2
                },
                Segment {
                    start: 31 * day,
                    end: 60 * day,
                    count: 1
                },
            ]
        );
    }
}
