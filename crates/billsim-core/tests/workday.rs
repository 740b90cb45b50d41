//! The page's day chart agrees with the bill: a profile's working day
//! ([`billsim_core::workday`]) bills what `simulate` bills for a
//! scenario of that one day (R-K2), and its curve is the one the engine
//! measures for that date of the whole scenario, absences included.

use billsim_core::attribution;
use billsim_core::stages::Prepared;
use billsim_core::workday::{working_day, DAY_MINUTES};
use billsim_core::{simulate, Options, Scenario};
use chrono::NaiveDate;
use proptest::prelude::*;

/// Shifts as (start minute, minutes, agents).
fn scenario(
    shifts: &[(u32, u32, u32)],
    handover: u32,
    days: &str,
    kind: &str,
    threshold: u32,
    extra: &str,
) -> Scenario {
    let shifts: Vec<String> = shifts
        .iter()
        .map(|&(start, minutes, agents)| {
            format!(
                r#"{{ "start": "{:02}:{:02}", "minutes": {minutes}, "agents": {agents} }}"#,
                start / 60,
                start % 60
            )
        })
        .collect();
    Scenario::from_json(&format!(
        r#"{{ "billsim": 1, "currency": "USD",
  "contract": {{ "activation": "2027-01-06", "model": "concurrent", "term_cycles": 1,
    "peak_rule": {{ "kind": "{kind}", "minutes": {threshold} }},
    "products": {{ "cx2": {{ "tier": 2, "prepay": "115.00", "overage": "138.00" }} }} }},
  "orgs": [ {{ "id": "main", "region": "us-east-1" }} ],
  "usage": {{ "profiles": [ {{ "id": "a", "mix": {{ "cx2": "1" }}, "shifts": [{}],
    "handover_minutes": {handover}, "days": {days} {extra} }} ] }} }}"#,
        shifts.join(", ")
    ))
    .expect("test scenario")
}

fn shifts() -> impl Strategy<Value = Vec<(u32, u32, u32)>> {
    proptest::collection::vec((0u32..1440, 1u32..=1440, 1u32..15), 1..4)
}

fn kind() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("sustained"),
        Just("cumulative"),
        Just("cumulative_exact")
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// R-K2: the chart's level (and every rule's peak) for a profile that
    /// works only Wednesdays is what `simulate` bills for cycle 0 cut after
    /// the first one (2027-01-06, the activation day): one day, no absence.
    #[test]
    fn r_k2_day_level_is_what_simulate_bills_for_that_one_day(
        sh in shifts(), handover in 0u32..120, kind in kind(), threshold in 0u32..240,
    ) {
        let s = scenario(&sh, handover, r#"["wed"]"#, kind, threshold, "");
        let d = working_day(&s, 0).unwrap().unwrap();
        prop_assert_eq!(d.date, NaiveDate::from_ymd_opt(2027, 1, 6).unwrap());
        let as_of = NaiveDate::from_ymd_opt(2027, 1, 7);
        let r = simulate(&s, None, &Options { as_of, ..Options::default() }).unwrap();
        let row = &r.cycles[0].peaks[0];
        prop_assert_eq!(d.level, row.billed);
        prop_assert_eq!(
            (d.peaks.raw, d.peaks.sustained, d.peaks.cumulative, d.peaks.cumulative_exact),
            (row.raw, row.sustained, row.cumulative, row.cumulative_exact)
        );
        // Every disregarded run is above the level, and the curve reaches it.
        prop_assert!(d.disregarded.iter().all(|r| r.level > d.level));
        prop_assert_eq!(d.per_minute.iter().copied().max().unwrap_or(0), d.peaks.raw);
    }

    /// The chart's curve is the engine's measured curve of the whole
    /// scenario on that date (night shifts wrapping in from the days
    /// before, handovers, growth, and the absence draw of the seed).
    #[test]
    fn chart_curve_is_the_engines_curve_of_that_date(
        sh in shifts(), handover in 0u32..120, kind in kind(),
        days in prop_oneof![
            Just(r#"["mon", "tue", "wed", "thu", "fri"]"#),
            Just(r#"["mon", "tue", "wed", "thu", "fri", "sat", "sun"]"#),
            Just(r#"["tue", "thu", "sat"]"#),
            Just(r#"["thu", "fri"]"#),
        ],
        absence in 0u32..60, seed in 0u64..1000, growth in 0u32..20,
    ) {
        let extra = format!(r#", "absence": "0.{absence:02}", "seed": {seed}, "growth": "0.{growth:02}""#);
        let s = scenario(&sh, handover, days, kind, 30, &extra);
        let d = working_day(&s, 0).unwrap().unwrap();
        let p = Prepared::new(&s, None).unwrap();
        let c = attribution::curve(&p, "main", d.cycle, Some(d.date)).unwrap();
        let mut engine = vec![0u32; DAY_MINUTES];
        for l in &c.segments {
            for m in &mut engine[d.minute_of(l.start)..d.minute_of(l.end)] {
                *m = l.level;
            }
        }
        prop_assert_eq!(&d.per_minute, &engine);
    }
}

/// The built-in example: Friday 2026-10-23 (after Wednesday and Thursday),
/// its three handovers disregarded under the sustained 30 minutes.
#[test]
fn r_k2_example_day_disregards_its_handovers() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/contact-center.json"
    ))
    .unwrap();
    let s = Scenario::from_json(&text).unwrap();
    let d = working_day(&s, 0).unwrap().unwrap();
    assert_eq!(d.date, NaiveDate::from_ymd_opt(2026, 10, 23).unwrap());
    assert_eq!(d.after_working_days, 2);
    let starts: Vec<usize> = d.disregarded.iter().map(|r| d.minute_of(r.start)).collect();
    assert_eq!(starts, [6 * 60, 14 * 60, 22 * 60]);
    assert!(d.disregarded.iter().all(|r| r.end - r.start == 10 * 60_000));
    // 24 agents of the afternoon shift held all afternoon; 42 at 14:00-14:10.
    assert_eq!((d.level, d.busiest()), (24, 42));
}
