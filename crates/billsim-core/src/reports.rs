//! The vendor's usage reports: daily peaks (R-K4), user-hours per user per
//! day (R-H3) and billable users with their first billable login per cycle.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::concurrency::daily;
use crate::error::Result;
use crate::measure::Measured;
use crate::scenario::{Model, Scenario};
use crate::stages::Prepared;
pub use crate::table::{ReportTables, Table};
use crate::usage::{format_duration, Catalog, Sessions};

/// Everything the three reports need, measured once.
pub struct Reports {
    cat: Catalog,
    sessions: Sessions,
    measured: Measured,
}

fn day_string(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.date_naive().to_string())
        .unwrap_or_default()
}

fn instant_string(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
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
            sessions: p.sessions.clone().into_owned(),
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

    /// All three tables.
    pub fn tables(&self) -> ReportTables {
        ReportTables {
            daily_peaks: self.peaks_table(),
            user_hours: self.hours_table(),
            billable_users: self.users_table(),
        }
    }

    /// R-K4: per org per UTC day, the peak and the minutes at exactly it.
    pub fn peaks_table(&self) -> Table {
        let mut rows = Vec::new();
        let pres = &self.measured.presence;
        for org in 0..pres.orgs {
            // Cycles are whole days: each cycle's curve gives its own days.
            let segs: Vec<_> = pres
                .events
                .iter()
                .skip(org)
                .step_by(pres.orgs.max(1))
                .flat_map(|e| e.clone().segments())
                .collect();
            for d in daily(&segs) {
                let minutes = rust_decimal::Decimal::new(d.ms_at_peak, 0)
                    / rust_decimal::Decimal::from(60_000);
                rows.push(vec![
                    day_string(d.day * DAY),
                    self.cat.orgs[org].clone(),
                    d.peak.to_string(),
                    // Shown to the second-thousandth of a minute, halves away from zero.
                    minutes
                        .round_dp_with_strategy(
                            3,
                            rust_decimal::RoundingStrategy::MidpointAwayFromZero,
                        )
                        .normalize()
                        .to_string(),
                ]);
            }
        }
        Table {
            headers: ["date", "org", "peak", "minutes_at_peak"]
                .map(String::from)
                .to_vec(),
            rows,
        }
    }

    /// R-H3: one row per user per UTC day, `HH:MM:SS:mmm`.
    pub fn hours_table(&self) -> Table {
        let mut per: BTreeMap<(String, u16, i64), i64> = BTreeMap::new();
        for &(u, org, s, e) in &self.measured.presence.merged {
            let mut t = s;
            while t < e {
                let day = t.div_euclid(DAY);
                let stop = e.min((day + 1) * DAY);
                *per.entry((self.user(u).to_owned(), org, day)).or_default() += stop - t;
                t = stop;
            }
        }
        let rows = per
            .into_iter()
            .map(|((user, org, day), ms)| {
                vec![
                    user,
                    self.cat.orgs[org as usize].clone(),
                    day_string(day * DAY),
                    format_duration(ms),
                ]
            })
            .collect();
        Table {
            headers: ["user", "org", "date", "duration"]
                .map(String::from)
                .to_vec(),
            rows,
        }
    }

    /// Billable users: cycle, user, charge (tier, R-L2) and first billable login (R-N1).
    pub fn users_table(&self) -> Table {
        let mut users: Vec<_> = self.measured.presence.users.iter().collect();
        users.sort_by(|a, b| (a.cycle, self.user(a.user)).cmp(&(b.cycle, self.user(b.user))));
        let rows = users
            .into_iter()
            .map(|u| {
                vec![
                    u.cycle.to_string(),
                    self.user(u.user).to_owned(),
                    self.cat.orgs[u.org as usize].clone(),
                    self.cat.products[u.product as usize].clone(),
                    format!("CX{}", self.cat.tiers[u.product as usize]),
                    instant_string(u.first),
                ]
            })
            .collect();
        Table {
            headers: [
                "cycle",
                "user",
                "org",
                "product",
                "tier",
                "first_billable_login",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        }
    }
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

fn keep_rows(t: Table, f: impl Fn(&[String]) -> bool) -> (Table, usize) {
    let mut rows: Vec<Vec<String>> = t.rows.into_iter().filter(|r| f(r)).collect();
    let extra = rows.len().saturating_sub(CYCLE_LIMIT);
    rows.truncate(CYCLE_LIMIT);
    (
        Table {
            headers: t.headers,
            rows,
        },
        extra,
    )
}

/// The reports of cycle number `cycle`, or of the first cycle with usage,
/// at most [`CYCLE_LIMIT`] rows of each (the app's Usage tab).
pub fn of_cycle(p: &Prepared, cycle: Option<u32>) -> std::result::Result<CycleReports, String> {
    let r = Reports::of(p).map_err(|e| e.to_string())?;
    let users = r.users_table();
    // The billable-user report numbers cycles by position.
    let mut with_usage: Vec<usize> = users
        .rows
        .iter()
        .filter_map(|row| row.first()?.parse().ok())
        .collect();
    with_usage.dedup();
    let pos = match cycle {
        Some(n) => p
            .cycles
            .iter()
            .position(|c| c.index == n)
            .ok_or_else(|| format!("no cycle {n}"))?,
        None => with_usage.first().copied().unwrap_or(0),
    };
    let c = p.cycles.get(pos).ok_or("the contract has no cycles")?;
    let in_cycle = |d: &str| {
        d.parse::<NaiveDate>()
            .is_ok_and(|d| c.start <= d && d <= c.end)
    };
    let (daily_peaks, _) = keep_rows(r.peaks_table(), |row| in_cycle(&row[0]));
    let (user_hours, h) = keep_rows(r.hours_table(), |row| in_cycle(&row[2]));
    let at = pos.to_string();
    let (billable_users, u) = keep_rows(users, |row| row[0] == at);
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

#[cfg(test)]
mod tests {
    use super::*;

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
