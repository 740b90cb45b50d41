//! One user's logged-in time per UTC day (R-H3), walked day by day: a
//! session of 20 years gives its 7,300 days one at a time, never all at
//! once, so the user-hour report holds one row whatever its length
//! (issue 23 #3).

const DAY: i64 = 86_400_000;

/// Calls `f(day, ms)` for each UTC day (days since 1970-01-01) on which
/// the intervals hold time, in day order, with the time summed over the
/// intervals (a user-hour row may overlap a session: both count, as the
/// vendor's report adds them). `ivs` are `[start, end)` in milliseconds,
/// sorted by start; `active` is scratch space the caller keeps.
pub fn each<E>(
    ivs: &[(i64, i64)],
    active: &mut Vec<(i64, i64)>,
    mut f: impl FnMut(i64, i64) -> Result<(), E>,
) -> Result<(), E> {
    active.clear();
    let mut next = 0;
    let mut day = i64::MIN;
    loop {
        if active.is_empty() {
            // Nothing open: jump to the next interval's first day.
            match ivs[next..].iter().find(|iv| iv.1 > iv.0) {
                Some(iv) => day = day.max(iv.0.div_euclid(DAY)),
                None => return Ok(()),
            }
        }
        let (from, to) = (
            day.saturating_mul(DAY),
            day.saturating_add(1).saturating_mul(DAY),
        );
        while let Some(&iv) = ivs.get(next).filter(|iv| iv.0 < to) {
            if iv.1 > iv.0 {
                active.push(iv);
            }
            next += 1;
        }
        let ms: i64 = active
            .iter()
            .map(|&(s, e)| e.min(to).saturating_sub(s.max(from)).max(0))
            .fold(0, i64::saturating_add);
        if ms > 0 {
            f(day, ms)?;
        }
        active.retain(|iv| iv.1 > to);
        day = day.saturating_add(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(ivs: &[(i64, i64)]) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        let _ = each::<()>(ivs, &mut Vec::new(), |d, ms| {
            out.push((d, ms));
            Ok(())
        });
        out
    }

    /// The walk gives what splitting every interval at midnight and summing
    /// per day gives (the held report's way).
    #[test]
    fn r_h3_days_are_the_sums_of_the_intervals_split_at_midnight() {
        let h = 3_600_000;
        let ivs = [
            (-2 * h, 3 * h),
            (DAY + 20 * h, 3 * DAY + h),
            (2 * DAY, 2 * DAY + 5 * h),
            (2 * DAY + h, 2 * DAY + h),
            (10 * DAY, 10 * DAY + 1),
        ];
        let mut want = std::collections::BTreeMap::new();
        for &(s, e) in &ivs {
            let mut t = s;
            while t < e {
                let d = t.div_euclid(DAY);
                let stop = e.min((d + 1) * DAY);
                *want.entry(d).or_insert(0) += stop - t;
                t = stop;
            }
        }
        assert_eq!(days(&ivs), want.into_iter().collect::<Vec<_>>());
        assert_eq!(days(&[]), []);
    }
}
