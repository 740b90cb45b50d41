//! The Usage tab's reports of one cycle, from the core's vendor reports
//! (`billsim_core::reports`): daily peaks (R-K4), user-hours (R-H3) and
//! billable users. Computed where the usage is (see `crate::drilldown`);
//! only the chosen cycle's rows travel, and at most [`LIMIT`] of each.

use billsim_core::reports::Table;
use billsim_core::stages::Prepared;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Rows of one report sent to the page at most (a million-session import
/// has far more user-days than anyone reads on screen).
pub const LIMIT: usize = 20_000;

/// One cycle's reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reports {
    /// The cycle shown.
    pub cycle: u32,
    /// Its first and last day.
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Every cycle with some usage (to choose from).
    pub cycles: Vec<u32>,
    /// date, org, peak, minutes_at_peak.
    pub daily_peaks: Table,
    /// user, org, date, duration.
    pub user_hours: Table,
    /// cycle, user, org, product, tier, first_billable_login.
    pub billable_users: Table,
    /// Rows left out of each table past [`LIMIT`]: user-hours, billable users.
    pub left_out: (usize, usize),
}

fn keep(t: Table, f: impl Fn(&[String]) -> bool) -> (Table, usize) {
    let mut rows: Vec<Vec<String>> = t.rows.into_iter().filter(|r| f(r)).collect();
    let extra = rows.len().saturating_sub(LIMIT);
    rows.truncate(LIMIT);
    (
        Table {
            headers: t.headers,
            rows,
        },
        extra,
    )
}

/// The reports of cycle number `cycle`, or of the first cycle with usage.
pub fn of(p: &Prepared, cycle: Option<u32>) -> Result<Reports, String> {
    let r = billsim_core::reports::Reports::of(p).map_err(|e| e.to_string())?;
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
    let (daily_peaks, _) = keep(r.peaks_table(), |row| in_cycle(&row[0]));
    let (user_hours, h) = keep(r.hours_table(), |row| in_cycle(&row[2]));
    let at = pos.to_string();
    let (billable_users, u) = keep(users, |row| row[0] == at);
    Ok(Reports {
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
