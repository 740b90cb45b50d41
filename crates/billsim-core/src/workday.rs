//! One working day of a workforce profile as the bill sees it: the
//! concurrency the engine's own expansion makes that day, the level the
//! contract's peak rule gives it (R-K2) and the runs above that level the
//! rule disregards (R-W2), for the page's day chart.
//!
//! Nothing is re-derived: the day's sessions are the ones billing makes
//! ([`crate::profiles::Plan`] for the same cycle and date: shifts, handover,
//! growth rounding and the absence draw of that seed), merged per user and
//! clipped to the UTC day by the measurement's own [`measure::presence`],
//! and measured by [`crate::concurrency::peaks`], as the daily report
//! (R-K4) clips a cycle's curve at midnight. The day shown is the profile's
//! first working day that follows two working days (else one, else its
//! first working day), so a
//! night shift of the day before wraps into its first hours as it does in
//! the bill.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::attribution::{runs_where, Disregarded};
use crate::calendar::{self, day_ms, Cycle};
use crate::concurrency::{peaks, Peaks};
use crate::error::{Error, Result};
use crate::measure;
use crate::profiles::{Plan, Profile, MAX_AGENT_DAYS};
use crate::scenario::{PeakRule, Scenario};
use crate::usage::{Catalog, Sessions};

/// Minutes in a UTC day.
pub const DAY_MINUTES: usize = 24 * 60;

const MINUTE_MS: i64 = 60_000;

/// A profile's working day under the contract's peak rule (serialisable: the
/// web app's worker draws it for the page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkingDay {
    /// The UTC day shown.
    pub date: NaiveDate,
    /// The number of the cycle it falls in (agents grown to that cycle).
    pub cycle: u32,
    /// Working days of the profile right before it (0 to 2) whose sessions
    /// reach into it: a night shift wraps in only after a working day.
    pub after_working_days: u8,
    /// The contract's peak rule.
    pub rule: PeakRule,
    /// Users logged in during each minute of the day (1,440 values): exact,
    /// as a profile's logins and logouts fall on whole minutes.
    pub per_minute: Vec<u32>,
    /// The day's peaks under every rule (R-K2), the day alone.
    pub peaks: Peaks,
    /// The level the contract's rule bills for the day: `peaks.under(rule.kind)`.
    pub level: u32,
    /// The runs above `level` (start, end, highest level in ms since the
    /// epoch), which the rule disregards (R-W2).
    pub disregarded: Vec<Disregarded>,
}

impl WorkingDay {
    /// Minute of the day (0 to 1,440) of an instant of this day.
    pub fn minute_of(&self, ms: i64) -> usize {
        let m = (ms - day_ms(self.date)).div_euclid(MINUTE_MS);
        usize::try_from(m).unwrap_or(0).min(DAY_MINUTES)
    }

    /// The highest count of the day, however briefly held.
    pub fn busiest(&self) -> u32 {
        self.peaks.raw
    }
}

/// Profile number `index` of `s` on its first working day that follows two
/// working days (else one, else the first), under `s`'s peak rule. `None`
/// when the profile covers no working day of the contract; an error, with
/// the profile's path, for what billing would refuse.
pub fn working_day(s: &Scenario, index: usize) -> Result<Option<WorkingDay>> {
    let path = format!("usage.profiles[{index}]");
    let p: &Profile = s
        .usage
        .profiles
        .get(index)
        .ok_or_else(|| Error::invalid(&path, "no such profile"))?;
    let cat = Catalog::of(s);
    let cycles = calendar::cycles(&s.contract)?;
    let plan = Plan::of(p, &path, &cat, &cycles)?;
    // What billing would refuse is refused here too, with its message.
    if plan.agent_days() > MAX_AGENT_DAYS {
        return Err(Error::invalid(
            &path,
            format!(
                "expands to {} agent-days, past the limit of {}",
                plan.agent_days(),
                MAX_AGENT_DAYS
            ),
        ));
    }
    let worked: Vec<(NaiveDate, &Cycle)> = plan.working_days().collect();
    let Some((date, cycle, after)) = pick(&worked) else {
        return Ok(None);
    };
    // Sessions last at most two days (a shift and a handover of a day
    // each), so the two days before are all that can reach into this one.
    let from = date.checked_sub_days(Days::new(2)).unwrap_or(date);
    let mut sessions = Sessions::default();
    plan.expand(p, &path, &(from..=date), &mut sessions)?;
    // The measurement's own merge (R-L3) and clip, with the day as its cycle.
    let day = Cycle {
        start: date,
        end: date,
        ..*cycle
    };
    let mut pres = measure::presence(&sessions, &cat, std::slice::from_ref(&day), false);
    let segs = pres
        .events
        .get_mut(usize::from(plan.org()))
        .map(|e| e.segments())
        .unwrap_or_default();
    let rule = s.contract.peak_rule;
    let day_peaks = peaks(&segs, i64::from(rule.minutes) * MINUTE_MS);
    let level = day_peaks.under(rule.kind);
    let disregarded = runs_where(&segs, |n| n > level)
        .into_iter()
        .map(|r| Disregarded {
            start: r.start,
            end: r.end,
            level: r.max,
        })
        .collect();
    let mut out = WorkingDay {
        date,
        cycle: cycle.index,
        after_working_days: after,
        rule,
        per_minute: vec![0; DAY_MINUTES],
        peaks: day_peaks,
        level,
        disregarded,
    };
    for seg in &segs {
        let (a, b) = (out.minute_of(seg.start), out.minute_of(seg.end));
        if let Some(m) = out.per_minute.get_mut(a..b) {
            m.fill(seg.count);
        }
    }
    Ok(Some(out))
}

/// The first working day after two working days, else after one, else the
/// first: with how many working days come right before it.
fn pick<'c>(worked: &[(NaiveDate, &'c Cycle)]) -> Option<(NaiveDate, &'c Cycle, u8)> {
    let before = |i: usize, k: usize| -> bool {
        match (i.checked_sub(k).and_then(|j| worked.get(j)), worked.get(i)) {
            (Some(b), Some(d)) => d.0.checked_sub_days(Days::new(k as u64)) == Some(b.0),
            _ => false,
        }
    };
    for want in [2u8, 1] {
        if let Some(i) = (0..worked.len()).find(|&i| (1..=usize::from(want)).all(|k| before(i, k)))
        {
            return worked.get(i).map(|&(d, c)| (d, c, want));
        }
    }
    worked.first().map(|&(d, c)| (d, c, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::PeakKind;

    /// A concurrent contract from Wednesday 2027-01-06 with one profile
    /// (`shifts` as JSON) working `days`, under `rule`.
    fn scenario(shifts: &str, handover: u32, days: &str, rule: &str) -> Scenario {
        Scenario::from_json(&format!(
            r#"{{ "billsim": 1, "currency": "USD",
  "contract": {{ "activation": "2027-01-06", "model": "concurrent", "term_cycles": 1,
    "peak_rule": {rule},
    "products": {{ "cx2": {{ "tier": 2, "prepay": "115.00", "overage": "138.00" }} }} }},
  "orgs": [ {{ "id": "main", "region": "us-east-1" }} ],
  "usage": {{ "profiles": [ {{ "id": "a", "mix": {{ "cx2": "1" }}, "shifts": {shifts},
    "handover_minutes": {handover}, "days": {days} }} ] }} }}"#
        ))
        .expect("test scenario")
    }

    const WEEKDAYS: &str = r#"["mon", "tue", "wed", "thu", "fri"]"#;
    const SUSTAINED_30: &str = r#"{ "kind": "sustained", "minutes": 30 }"#;
    const TWO_SHIFTS: &str = r#"[ { "start": "08:00", "minutes": 480, "agents": 10 },
                                  { "start": "16:00", "minutes": 480, "agents": 10 } ]"#;
    const THREE_SHIFTS: &str = r#"[ { "start": "06:00", "minutes": 480, "agents": 10 },
                                    { "start": "14:00", "minutes": 480, "agents": 12 },
                                    { "start": "22:00", "minutes": 480, "agents": 8 } ]"#;

    fn day(s: &Scenario) -> WorkingDay {
        working_day(s, 0)
            .expect("valid profile")
            .expect("a working day")
    }

    /// (start minute, end minute, level) of each disregarded run.
    fn spikes(d: &WorkingDay) -> Vec<(usize, usize, u32)> {
        d.disregarded
            .iter()
            .map(|r| (d.minute_of(r.start), d.minute_of(r.end), r.level))
            .collect()
    }

    /// R-K2: the 10-minute handover overlap is never billed under the
    /// sustained 30 minutes; it is the one disregarded spike.
    #[test]
    fn r_k2_handover_10_min_is_disregarded_under_sustained() {
        let d = day(&scenario(TWO_SHIFTS, 10, WEEKDAYS, SUSTAINED_30));
        // Activation on a Wednesday: Friday is the first day after two working days.
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2027, 1, 8).expect("date"));
        assert_eq!((d.cycle, d.after_working_days), (0, 2));
        assert_eq!((d.busiest(), d.level), (20, 10));
        assert_eq!(spikes(&d), [(16 * 60, 16 * 60 + 10, 20)]);
        assert_eq!(d.per_minute[16 * 60 + 9], 20);
        assert_eq!(d.per_minute[16 * 60 + 10], 10);
    }

    /// R-K2: a 30-minute overlap meets the threshold exactly and is billed.
    #[test]
    fn r_k2_handover_30_min_is_billed_under_sustained() {
        let d = day(&scenario(TWO_SHIFTS, 30, WEEKDAYS, SUSTAINED_30));
        assert_eq!((d.busiest(), d.level), (20, 20));
        assert!(d.disregarded.is_empty(), "{:?}", d.disregarded);
        assert_eq!(d.peaks.sustained, 20);
    }

    /// The night shift of the working day before wraps into the first hours
    /// (22:00 + 480 + 10 minutes ends 06:10), overlapping the morning shift.
    #[test]
    fn r_k2_night_shift_wraps_past_midnight_after_a_working_day() {
        let d = day(&scenario(THREE_SHIFTS, 10, WEEKDAYS, SUSTAINED_30));
        assert_eq!(d.per_minute[0], 8);
        assert_eq!(d.per_minute[6 * 60 - 1], 8);
        assert_eq!(d.per_minute[6 * 60], 18, "night and morning shifts overlap");
        assert_eq!(d.per_minute[6 * 60 + 10], 10);
        assert_eq!(d.per_minute[22 * 60 - 1], 12);
        assert_eq!(d.per_minute[22 * 60], 20);
        assert_eq!(d.per_minute[DAY_MINUTES - 1], 8);
        // The three handovers are disregarded; 12 is held 14:10-22:00.
        assert_eq!(d.level, 12);
        assert_eq!(
            spikes(&d),
            [
                (6 * 60, 6 * 60 + 10, 18),
                (14 * 60, 14 * 60 + 10, 22),
                (22 * 60, 22 * 60 + 10, 20)
            ]
        );
    }

    /// With no working day before it, nothing wraps in: the bill's first
    /// day has no night shift before it either.
    #[test]
    fn r_k2_night_shift_does_not_wrap_into_a_day_after_a_day_off() {
        let d = day(&scenario(
            THREE_SHIFTS,
            10,
            r#"["mon", "wed", "fri"]"#,
            SUSTAINED_30,
        ));
        assert_eq!(d.after_working_days, 0);
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2027, 1, 6).expect("date"));
        assert_eq!(d.per_minute[0], 0);
        assert_eq!(d.per_minute[6 * 60], 10);
        assert_eq!(d.per_minute[DAY_MINUTES - 1], 8);
    }

    /// R-K2 `cumulative`: the day's time at 20 or more (14:00-14:20 at 22,
    /// 22:00-22:20 at 20) adds up to 40 minutes, past 30: 20 is billed and
    /// only the run at 22 is disregarded.
    #[test]
    fn r_k2_cumulative_adds_up_the_handovers_at_or_above_a_level() {
        let d = day(&scenario(
            THREE_SHIFTS,
            20,
            WEEKDAYS,
            r#"{ "kind": "cumulative", "minutes": 30 }"#,
        ));
        assert_eq!(d.rule.kind, PeakKind::Cumulative);
        assert_eq!(
            (d.level, d.peaks.sustained, d.peaks.cumulative_exact),
            (20, 12, 12)
        );
        assert_eq!(spikes(&d), [(14 * 60, 14 * 60 + 20, 22)]);
    }

    /// R-K2 `cumulative_exact`: three 20-minute handovers at exactly 20
    /// make 60 minutes, which bills 20 at a 30-minute threshold and not at
    /// a 90-minute one.
    #[test]
    fn r_k2_cumulative_exact_adds_up_the_time_at_exactly_a_level() {
        let even = r#"[ { "start": "06:00", "minutes": 480, "agents": 10 },
                        { "start": "14:00", "minutes": 480, "agents": 10 },
                        { "start": "22:00", "minutes": 480, "agents": 10 } ]"#;
        let exact = |minutes: u32| {
            day(&scenario(
                even,
                20,
                WEEKDAYS,
                &format!(r#"{{ "kind": "cumulative_exact", "minutes": {minutes} }}"#),
            ))
        };
        let d = exact(30);
        assert_eq!((d.level, d.peaks.sustained), (20, 10));
        assert!(d.disregarded.is_empty());
        let d = exact(90);
        assert_eq!(d.level, 10);
        assert_eq!(
            spikes(&d),
            [
                (6 * 60, 6 * 60 + 20, 20),
                (14 * 60, 14 * 60 + 20, 20),
                (22 * 60, 22 * 60 + 20, 20)
            ]
        );
    }

    /// A profile past the contract's cycles has no working day to show;
    /// an unknown product is the engine's own error at its path.
    #[test]
    fn no_day_and_bad_profiles() {
        let mut s = scenario(TWO_SHIFTS, 10, WEEKDAYS, SUSTAINED_30);
        s.usage.profiles[0].from_cycle = 5;
        assert_eq!(working_day(&s, 0).expect("valid"), None);
        s.usage.profiles[0].from_cycle = 0;
        s.usage.profiles[0].mix = [("cx9".to_owned(), rust_decimal::Decimal::ONE)].into();
        let e = working_day(&s, 0).expect_err("unknown product");
        assert!(e.to_string().contains("usage.profiles[0].mix.cx9"), "{e}");
        assert!(working_day(&s, 1).is_err());
    }
}
