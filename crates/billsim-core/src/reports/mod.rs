//! The vendor's usage reports: daily peaks (R-K4), user-hours per user per
//! day (R-H3) and billable users with their first billable login per cycle.

mod cells;
mod user_days;

use std::io::{self, Write};

use chrono::{DateTime, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::calendar::Cycle;
use crate::concurrency::daily;
use crate::error::Result;
use crate::measure::{self, Measured};
use crate::result::SimResult;
use crate::rows::{self, Json, Rows};
use crate::scenario::{Model, Scenario};
use crate::stages::Prepared;
pub use crate::table::{ReportTables, Table};
use crate::usage::{Catalog, Sessions};

/// Everything the three reports need, measured once.
pub struct Reports {
    cat: Catalog,
    cycles: Vec<Cycle>,
    sessions: Sessions,
    measured: Measured,
}

fn day_string(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.date_naive().to_string())
        .unwrap_or_default()
}

/// Measures the scenario's sessions for reporting.
pub fn build(s: &Scenario, imported: Option<&Sessions>) -> Result<Reports> {
    Reports::of(&Prepared::new(s, imported)?)
}

const DAY: i64 = 86_400_000;

impl Reports {
    /// Measures a prepared scenario's usage for reporting (named: who was
    /// logged in, and when).
    pub fn of(p: &Prepared) -> Result<Reports> {
        Ok(Reports {
            measured: p.measure(Model::Named, true)?,
            cat: p.catalog.clone(),
            cycles: p.cycles.to_vec(),
            sessions: p.sessions.clone().into_owned(),
        })
    }

    /// As [`Reports::of`], of `p` with `sessions` in place of its own
    /// (kept, not copied again).
    pub fn of_sessions(p: &Prepared, sessions: Sessions) -> Result<Reports> {
        let measured = measure::measure(
            &p.scenario,
            &p.catalog,
            &p.cycles,
            &sessions,
            Model::Named,
            true,
        )?;
        Ok(Reports {
            measured,
            cat: p.catalog.clone(),
            cycles: p.cycles.to_vec(),
            sessions,
        })
    }

    /// A user's id: from the sessions, or from the user-hour rows for a
    /// user who has none.
    fn user(&self, u: u32) -> &str {
        let known = self.sessions.users.len();
        match (u as usize).checked_sub(known) {
            None => &self.sessions.users[u as usize],
            Some(i) => self
                .measured
                .presence
                .extra_users
                .get(i)
                .map_or("", String::as_str),
        }
    }

    /// All three tables, every row held (small reports and tests; a large
    /// one is written through [`Reports::report`] instead).
    pub fn tables(&self) -> ReportTables {
        ReportTables {
            daily_peaks: self.peaks_table(),
            user_hours: self.hours_table(),
            billable_users: self.users_table(),
        }
    }

    /// The three tables at most `limit` rows each, and a note for each
    /// table cut: what a result carries ([`add_to`]).
    pub fn tables_at_most(&self, limit: usize) -> (ReportTables, Vec<String>) {
        let mut notes = Vec::new();
        let mut cut = |kind: Kind| {
            let (t, more) = rows::first(&self.report(kind), limit);
            if more > 0 {
                notes.push(format!(
                    "{}: the first {} of {} rows are in the result; `billsim report {}` writes every row",
                    kind.field(),
                    t.rows.len(),
                    t.rows.len() + more,
                    kind.command()
                ));
            }
            t
        };
        let tables = ReportTables {
            daily_peaks: cut(Kind::Peaks),
            user_hours: cut(Kind::Hours),
            billable_users: cut(Kind::Users),
        };
        (tables, notes)
    }

    /// One report, its rows made as they are written.
    pub fn report(&self, kind: Kind) -> Report<'_> {
        Report {
            reports: self,
            kind,
            cycle: None,
        }
    }

    /// One report's rows of the cycle at position `cycle` only.
    pub fn report_of_cycle(&self, kind: Kind, cycle: usize) -> Report<'_> {
        Report {
            reports: self,
            kind,
            cycle: Some(cycle),
        }
    }

    /// R-K4: per org per UTC day, the peak and the minutes at exactly it.
    pub fn peaks_table(&self) -> Table {
        rows::table(&self.report(Kind::Peaks))
    }

    /// R-H3: one row per user per UTC day, `HH:MM:SS:mmm`.
    pub fn hours_table(&self) -> Table {
        rows::table(&self.report(Kind::Hours))
    }

    /// Billable users: cycle, user, charge (tier, R-L2) and first billable login (R-N1).
    pub fn users_table(&self) -> Table {
        rows::table(&self.report(Kind::Users))
    }

    /// R-K4 rows: per org, then per cycle (cycles are whole days, so each
    /// cycle's curve gives its own days and only one curve is held).
    fn each_peak<E>(
        &self,
        only: Option<usize>,
        f: &mut dyn FnMut(&[&str]) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let pres = &self.measured.presence;
        let orgs = pres.orgs.max(1);
        let cycles = pres.events.len() / orgs;
        let range = match only {
            Some(c) => c..(c + 1).min(cycles),
            None => 0..cycles,
        };
        for org in 0..pres.orgs {
            let name = self.cat.orgs.get(org).map_or("", String::as_str);
            for c in range.clone() {
                let Some(events) = pres.events.get(c * orgs + org) else {
                    continue;
                };
                for d in daily(&events.clone().segments()) {
                    let minutes = Decimal::new(d.ms_at_peak, 0) / Decimal::from(60_000);
                    // Shown to the second-thousandth of a minute, halves away from zero.
                    let minutes = minutes
                        .round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
                        .normalize()
                        .to_string();
                    let date = day_string(d.day * DAY);
                    f(&[&date, name, &d.peak.to_string(), &minutes])?;
                }
            }
        }
        Ok(())
    }

    /// R-H3 rows: per user (by id), per org, per day; each user's
    /// intervals are walked day by day ([`user_days`]), so one row is held.
    fn each_hour<E>(
        &self,
        only: Option<usize>,
        f: &mut dyn FnMut(&[&str]) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let merged = &self.measured.presence.merged;
        // The days shown: the cycle's, or all.
        let (lo, hi) = match only.and_then(|c| self.cycles.get(c)) {
            Some(c) => (c.start_ms(), c.end_ms()),
            None if only.is_some() => return Ok(()),
            None => (i64::MIN, i64::MAX),
        };
        // Users ranked by id once, so the intervals sort by integers.
        let n = self.sessions.users.len() + self.measured.presence.extra_users.len();
        let mut by_id: Vec<u32> = (0..n as u32).collect();
        by_id.sort_unstable_by(|&a, &b| self.user(a).cmp(self.user(b)));
        let mut rank = vec![0u32; n];
        for (r, &u) in by_id.iter().enumerate() {
            rank[u as usize] = r as u32;
        }
        let key = |k: u32| {
            let (u, org, s, _) = merged[k as usize];
            (rank.get(u as usize).copied().unwrap_or(u32::MAX), org, s)
        };
        let mut order: Vec<u32> = (0..merged.len() as u32)
            .filter(|&k| merged[k as usize].3 > lo && merged[k as usize].2 < hi)
            .collect();
        order.sort_unstable_by_key(|&k| key(k));
        let (mut ivs, mut active) = (Vec::new(), Vec::new());
        let (mut date, mut duration) = (String::new(), String::new());
        let mut dates = cells::Dates::default();
        let mut last_ms = -1;
        let mut i = 0;
        while i < order.len() {
            let (u, org, _, _) = merged[order[i] as usize];
            ivs.clear();
            while let Some(&k) = order.get(i) {
                let (u2, org2, s, e) = merged[k as usize];
                if (u2, org2) != (u, org) {
                    break;
                }
                ivs.push((s.max(lo), e.min(hi)));
                i += 1;
            }
            let (user, org) = (self.user(u), self.org(org));
            user_days::each(&ivs, &mut active, |day, ms| {
                dates.write(&mut date, day);
                // Whole days repeat: spelled again only when it changes.
                if ms != last_ms {
                    cells::duration(&mut duration, ms);
                    last_ms = ms;
                }
                f(&[user, org, &date, &duration])
            })?;
        }
        Ok(())
    }

    /// Billable-user rows, by cycle then user id.
    fn each_user<E>(
        &self,
        only: Option<usize>,
        f: &mut dyn FnMut(&[&str]) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut users: Vec<_> = self
            .measured
            .presence
            .users
            .iter()
            .filter(|u| only.is_none_or(|c| u.cycle == c))
            .collect();
        users.sort_by(|a, b| (a.cycle, self.user(a.user)).cmp(&(b.cycle, self.user(b.user))));
        let mut first = String::new();
        for u in users {
            cells::instant(&mut first, u.first);
            let product = u.product as usize;
            f(&[
                &u.cycle.to_string(),
                self.user(u.user),
                self.org(u.org),
                self.cat.products.get(product).map_or("", String::as_str),
                &format!("CX{}", self.cat.tiers.get(product).copied().unwrap_or(0)),
                &first,
            ])?;
        }
        Ok(())
    }

    fn org(&self, org: u16) -> &str {
        self.cat.orgs.get(org as usize).map_or("", String::as_str)
    }
}

/// The three usage reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// R-K4: date, org, peak, minutes_at_peak.
    Peaks,
    /// R-H3: user, org, date, duration.
    Hours,
    /// cycle, user, org, product, tier, first_billable_login.
    Users,
}

impl Kind {
    /// Its columns.
    pub fn headers(self) -> &'static [&'static str] {
        match self {
            Kind::Peaks => &["date", "org", "peak", "minutes_at_peak"],
            Kind::Hours => &["user", "org", "date", "duration"],
            Kind::Users => &[
                "cycle",
                "user",
                "org",
                "product",
                "tier",
                "first_billable_login",
            ],
        }
    }

    /// Its field in a result's `reports`.
    pub fn field(self) -> &'static str {
        match self {
            Kind::Peaks => "daily_peaks",
            Kind::Hours => "user_hours",
            Kind::Users => "billable_users",
        }
    }

    /// Its name after `billsim report`.
    pub fn command(self) -> &'static str {
        match self {
            Kind::Peaks => "peaks",
            Kind::Hours => "hours",
            Kind::Users => "users",
        }
    }
}

/// One report of [`Reports`]: its rows are made as they are asked for, so
/// writing it holds one row ([`crate::rows`]).
pub struct Report<'a> {
    reports: &'a Reports,
    kind: Kind,
    /// Only this cycle's rows (its position), or every cycle's.
    cycle: Option<usize>,
}

impl Rows for Report<'_> {
    fn headers(&self) -> Vec<&str> {
        self.kind.headers().to_vec()
    }

    fn each<E>(
        &self,
        f: &mut dyn FnMut(&[&str]) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        match self.kind {
            Kind::Peaks => self.reports.each_peak(self.cycle, f),
            Kind::Hours => self.reports.each_hour(self.cycle, f),
            Kind::Users => self.reports.each_user(self.cycle, f),
        }
    }
}

/// Rows of each report a result carries at most (`simulate` with
/// `reports`, the JS API's `reports: true`): a result is held whole, so
/// its reports are bounded before they are built; the CLI's `--json`
/// writes every row as it is made instead ([`write_result_json`]).
pub const RESULT_LIMIT: usize = 100_000;

/// Puts the reports in a result, at most [`RESULT_LIMIT`] rows of each,
/// with a note for each report cut.
pub fn add_to(r: &mut SimResult, reports: &Reports) {
    let (tables, notes) = reports.tables_at_most(RESULT_LIMIT);
    r.reports = Some(tables);
    r.notes.extend(notes);
}

/// Writes `r` as [`SimResult::to_json`] would with every row of the
/// reports in it, each row written as it is made (the CLI's `simulate
/// --reports --json`). `r` comes without reports.
pub fn write_result_json<W: Write>(r: &SimResult, reports: &Reports, w: W) -> io::Result<()> {
    // The result's fields before `reports` as serde writes them, then the
    // reports and the notes that follow them, at depth 1.
    let bare = SimResult {
        reports: None,
        notes: Vec::new(),
        ..r.clone()
    };
    let head = bare.to_json();
    let Some(head) = head.strip_suffix("\n}") else {
        return Err(io::Error::other("the result is not a JSON object"));
    };
    let mut out = Json::new(w);
    out.raw(head.as_bytes());
    out.raw(b",");
    out.indent(1);
    out.raw(b"\"reports\": {");
    for (i, kind) in [Kind::Peaks, Kind::Hours, Kind::Users]
        .into_iter()
        .enumerate()
    {
        out.raw(if i > 0 { b"," } else { b"" });
        out.indent(2);
        out.string(kind.field());
        out.raw(b": ");
        out.table(&reports.report(kind), 2)?;
    }
    out.indent(1);
    out.raw(b"}");
    if !r.notes.is_empty() {
        out.raw(b",");
        out.indent(1);
        out.raw(b"\"notes\": ");
        let notes: Vec<&str> = r.notes.iter().map(String::as_str).collect();
        out.strings(&notes, 1);
    }
    out.indent(0);
    out.raw(b"}");
    out.finish().map(drop)
}

/// Rows of one report sent to the page at most (a million-session import
/// has far more user-days than anyone reads on screen).
pub const CYCLE_LIMIT: usize = 20_000;

/// The Usage tab's reports of one cycle: daily peaks (R-K4), user-hours
/// (R-H3) and billable users; only the chosen cycle's rows, and at most
/// [`CYCLE_LIMIT`] of each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CycleReports {
    /// The cycle shown.
    pub cycle: u32,
    /// Its first day.
    pub start: NaiveDate,
    /// Its last day.
    pub end: NaiveDate,
    /// Every cycle with some usage (to choose from).
    pub cycles: Vec<u32>,
    /// date, org, peak, minutes_at_peak.
    pub daily_peaks: Table,
    /// user, org, date, duration.
    pub user_hours: Table,
    /// cycle, user, org, product, tier, first_billable_login.
    pub billable_users: Table,
    /// Rows left out of each table past [`CYCLE_LIMIT`]: user-hours, billable users.
    pub left_out: (usize, usize),
}

/// The reports of cycle number `cycle`, or of the first cycle with usage,
/// at most [`CYCLE_LIMIT`] rows of each (the app's Usage tab); only that
/// cycle's rows are made.
pub fn of_cycle(p: &Prepared, cycle: Option<u32>) -> std::result::Result<CycleReports, String> {
    // The billable-user report numbers cycles by position.
    let with_usage = cycles_with_usage(p);
    let pos = match cycle {
        Some(n) => p
            .cycles
            .iter()
            .position(|c| c.index == n)
            .ok_or_else(|| format!("no cycle {n}"))?,
        None => with_usage.first().copied().unwrap_or(0),
    };
    let c = p.cycles.get(pos).ok_or("the contract has no cycles")?;
    // Only the sessions that overlap the cycle are measured: a user's
    // sessions merge where they overlap (R-L3) and are cut at the cycle's
    // bounds, so no other session can change a row of it. A year's import
    // measures one month, not twelve, and copies that month's rows only.
    let r = Reports::of_sessions(p, p.sessions.overlapping(c.start_ms(), c.end_ms()))
        .map_err(|e| e.to_string())?;
    let (daily_peaks, _) = rows::first(&r.report_of_cycle(Kind::Peaks, pos), CYCLE_LIMIT);
    let (user_hours, h) = rows::first(&r.report_of_cycle(Kind::Hours, pos), CYCLE_LIMIT);
    let (billable_users, u) = rows::first(&r.report_of_cycle(Kind::Users, pos), CYCLE_LIMIT);
    Ok(CycleReports {
        cycle: c.index,
        start: c.start,
        end: c.end,
        cycles: with_usage
            .into_iter()
            .filter_map(|k| p.cycles.get(k).map(|c| c.index))
            .collect(),
        daily_peaks,
        user_hours,
        billable_users,
        left_out: (h, u),
    })
}

/// Positions of the cycles with some usage: a session overlapping them,
/// or a user-hour row on one of their days (as measuring finds them,
/// without measuring).
fn cycles_with_usage(p: &Prepared) -> Vec<usize> {
    let bounds: Vec<(i64, i64)> = p
        .cycles
        .iter()
        .map(|c| (c.start_ms(), c.end_ms()))
        .collect();
    let mut used = vec![false; bounds.len()];
    for r in &p.sessions.rows {
        let mut k = bounds.partition_point(|&(_, end)| end <= r.login);
        while bounds.get(k).is_some_and(|&(start, _)| start < r.logout) {
            used[k] = true;
            k += 1;
        }
    }
    for h in &p.scenario.usage.hours {
        if let Some(k) = crate::calendar::cycle_of_day(&p.cycles, h.date) {
            used[k] = true;
        }
    }
    (0..used.len()).filter(|&k| used[k]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reports of a cycle as they were made before `of_cycle` measured
    /// one cycle: every cycle measured, the asked one's rows taken.
    fn from_every_cycle(p: &Prepared, pos: usize) -> (Vec<usize>, [Table; 3]) {
        let r = Reports::of(p).expect("reports");
        let mut with_usage: Vec<usize> =
            r.measured.presence.users.iter().map(|u| u.cycle).collect();
        with_usage.sort_unstable();
        with_usage.dedup();
        let t = |k| rows::first(&r.report_of_cycle(k, pos), CYCLE_LIMIT).0;
        (with_usage, [t(Kind::Peaks), t(Kind::Hours), t(Kind::Users)])
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// R-L3, R-K4, R-H3: one cycle's reports, measured from the sessions
        /// that overlap it, equal those of every cycle measured, for
        /// sessions that overlap each other and cross cycle boundaries.
        #[test]
        fn r_l3_one_cycle_measured_alone_reports_as_every_cycle_measured(
            sessions in proptest::collection::vec((0u8..4, 0i64..90 * 24, 1i64..72, 0u8..2), 1..40),
            hours in proptest::collection::vec((0u8..5, 0i64..90), 0..3),
        ) {
            let row = |(u, h, len, p): (u8, i64, i64, u8)| {
                let at = |h: i64| (chrono::DateTime::from_timestamp_millis(1_792_540_800_000 + h * 3_600_000).unwrap()).to_rfc3339();
                format!(r#"{{ "user": "u{u}", "org": "main", "product": "cx{}", "login": "{}", "logout": "{}" }}"#, p + 1, at(h), at(h + len))
            };
            let hour = |(u, d): (u8, i64)| format!(
                r#"{{ "user": "h{u}", "org": "main", "product": "cx1", "date": "{}", "duration": "01:00:00:000" }}"#,
                NaiveDate::from_ymd_opt(2026, 10, 21).unwrap() + chrono::Days::new(d as u64)
            );
            let text = format!(
                r#"{{ "billsim": 1, "currency": "USD",
                "contract": {{ "activation": "2026-10-21", "model": "named", "term_cycles": 3,
                  "products": {{ "cx1": {{ "tier": 1, "prepay": "50.00", "overage": "60.00" }},
                                 "cx2": {{ "tier": 2, "prepay": "115.00", "overage": "138.00" }} }} }},
                "usage": {{ "sessions": [{}], "hours": [{}] }} }}"#,
                sessions.into_iter().map(row).collect::<Vec<_>>().join(","),
                hours.into_iter().map(hour).collect::<Vec<_>>().join(","),
            );
            let s = Scenario::from_json(&text).expect("scenario");
            let p = Prepared::new(&s, None).expect("prepared");
            for pos in 0..p.cycles.len() {
                let (with_usage, [peaks, hours, users]) = from_every_cycle(&p, pos);
                let one = of_cycle(&p, Some(p.cycles[pos].index)).expect("reports");
                let cycles: Vec<u32> = with_usage.iter().map(|&k| p.cycles[k].index).collect();
                prop_assert_eq!(&one.cycles, &cycles);
                prop_assert_eq!(&one.daily_peaks, &peaks);
                prop_assert_eq!(&one.user_hours, &hours);
                prop_assert_eq!(&one.billable_users, &users);
            }
        }
    }

    /// R-K4: a day whose peak of 2 lasts 30 ms shows 0.0005 minutes rounded
    /// half away from zero, 0.001 (banker's rounding would show 0).
    #[test]
    fn r_k4_minutes_at_peak_round_half_away_from_zero() {
        let s = Scenario::from_json(
            r#"{ "billsim": 1, "currency": "USD",
            "contract": { "activation": "2026-10-21", "model": "concurrent", "term_cycles": 1,
              "products": { "cx2": { "tier": 2, "prepay": "115.00", "overage": "138.00" } } },
            "usage": { "sessions": [
              { "user": "a", "org": "main", "product": "cx2", "login": "2026-10-22T08:00:00Z", "logout": "2026-10-22T09:00:00Z" },
              { "user": "b", "org": "main", "product": "cx2", "login": "2026-10-22T08:59:59.970Z", "logout": "2026-10-22T09:30:00Z" } ] } }"#,
        )
        .expect("scenario");
        let t = build(&s, None).expect("reports").peaks_table();
        let day = t
            .rows
            .iter()
            .find(|r| r[0] == "2026-10-22")
            .expect("the day");
        assert_eq!((day[2].as_str(), day[3].as_str()), ("2", "0.001"));
    }

    /// R-H3, R-N1: a user known only from a user-hour report has their id
    /// in the billable-user report and their hours in the user-hour report.
    #[test]
    fn r_h3_users_only_in_a_user_hour_report_are_named_in_the_reports() {
        let s = Scenario::from_json(
            r#"{ "billsim": 1, "currency": "USD",
            "contract": { "activation": "2026-10-21", "model": "named", "term_cycles": 1,
              "products": { "cx2": { "tier": 2, "prepay": "115.00", "overage": "138.00" } } },
            "usage": {
              "sessions": [ { "user": "ana", "org": "main", "product": "cx2",
                "login": "2026-10-22T08:00:00Z", "logout": "2026-10-22T09:00:00Z" } ],
              "hours": [ { "user": "zoe", "org": "main", "product": "cx2",
                "date": "2026-10-23", "duration": "02:30:00:000" } ] } }"#,
        )
        .expect("scenario");
        let r = build(&s, None).expect("reports");
        let users: Vec<String> = r
            .users_table()
            .rows
            .into_iter()
            .map(|row| row[1].clone())
            .collect();
        assert_eq!(users, ["ana", "zoe"]);
        let hours = r.hours_table().rows;
        assert_eq!(
            hours,
            [
                ["ana", "main", "2026-10-22", "01:00:00:000"]
                    .map(String::from)
                    .to_vec(),
                ["zoe", "main", "2026-10-23", "02:30:00:000"]
                    .map(String::from)
                    .to_vec(),
            ]
        );
    }
}
