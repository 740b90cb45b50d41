//! What the app's "Why N?" panel shows of one cycle and org (R-W1..R-W5),
//! answered from one attribution of every cycle and org ([`Attributed`],
//! kept by the engine session): only what the panel shows travels (one day
//! of the curve, a page of each list), further pages on demand.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, Timelike};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::attribution::{self, Curve, Curves, Entry, UserLine};
use crate::measure::Measured;
use crate::reports::CycleReports;
use crate::stages::Prepared;
use crate::what_if::WhatIf;

/// Users logged in for less than this are brief (R-W1).
pub const BRIEF_MINUTES: u32 = 60;

/// Rows of a list sent at a time.
pub const PAGE: usize = 100;

/// A question about one cycle and org, or about the usage as a whole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// Cycle number (`None`, for the reports: the first with usage).
    pub cycle: Option<u32>,
    /// Org id (empty for the reports: every org).
    pub org: String,
    /// `Some(level)`: bill again without the windows that hold it.
    pub what_if: Option<u32>,
    /// The Usage tab's reports instead of the panel.
    #[serde(default)]
    pub reports: bool,
    /// Concurrent: the window whose users are sent (by position).
    #[serde(default)]
    pub window: usize,
    /// A page of one of the panel's lists instead of the panel.
    #[serde(default)]
    pub rows: Option<RowsQuery>,
    /// The product of the license line asked about: the answer then leads
    /// with its quantity ([`Headline`]).
    #[serde(default)]
    pub product: Option<String>,
    /// The kind of that invoice line (prepay, overage, ...): the answer
    /// leads with the line's own quantity; `None`: the cycle's billed one.
    #[serde(default)]
    pub line: Option<crate::result::LineKind>,
}

/// "Why N?" in two sentences, N first: what made the quantity, and what
/// would lower it (`crate::explain::why_n`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline {
    /// "20 = your commitment for cycle 0 (R-M3); ...".
    pub made: String,
    /// "Only a lower commitment for this cycle lowers it ...".
    pub lower: String,
}

/// One of the panel's lists of users.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum List {
    /// Concurrent: the users logged in at the start of a window (by position).
    Window(usize),
    /// Concurrent: who is billed at which tier.
    Tiers,
    /// Named: every billed user, brief ones first, then by time logged in
    /// (`shortest_first` turns that round); hourly: hours per user.
    Users {
        /// Shortest time logged in first.
        shortest_first: bool,
    },
    /// The Usage tab: a cycle's user-hours per user and day (R-H3).
    UserHours,
    /// The Usage tab: a cycle's billable users.
    BillableUsers,
}

impl List {
    /// Rows a page: the Usage tab shows two long tables at once, and 100
    /// rows of each were over 1,000 new cells drawn in one task.
    pub fn page_size(self) -> usize {
        match self {
            List::UserHours | List::BillableUsers => 25,
            _ => PAGE,
        }
    }
}

/// Which page of a list, searched for what (case-insensitive, any column);
/// `all`: every matching row (for the CSV download).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowsQuery {
    /// The list.
    pub list: List,
    /// The page, from 0.
    pub page: usize,
    /// Text a row must contain in some column (empty: every row).
    pub query: String,
    /// Every matching row, not a page.
    pub all: bool,
}

/// A page of a list: rows `from..from + rows.len()` of `total` matching;
/// `whole`: every row of the list (short enough to page and search in the
/// page without asking again).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rows {
    /// Rows matching.
    pub total: usize,
    /// The position of the first row sent.
    pub from: usize,
    /// The rows sent, as shown.
    pub rows: Vec<Vec<String>>,
    /// Every row of the list is sent.
    #[serde(default)]
    pub whole: bool,
}

/// Lists up to this long are sent whole (a few tens of KB), longer ones a
/// page at a time.
pub const WHOLE: usize = 1000;

/// The attribution of one cycle and org, with the curve of its peak day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Why {
    /// The contract's currency.
    pub currency: String,
    /// Who and when (R-W1..R-W4); the lists of users stay behind (they
    /// come a page at a time, see [`List`]).
    pub entry: Entry,
    /// Concurrent: the day of the first window and its curve.
    pub curve: Option<(NaiveDate, Curve)>,
    /// Users at the start of each window.
    pub window_sizes: Vec<usize>,
    /// The window whose users are in `users`.
    pub window: usize,
    /// Users per tier.
    pub tier_sizes: Vec<(String, usize)>,
    /// Billed users.
    pub billed_users: usize,
    /// How many billed users are brief (R-W1).
    pub brief_users: usize,
    /// The first page of the main list: the window's users (concurrent),
    /// else every billed user ([`List::Users`]).
    pub users: Rows,
    /// Concurrent: the first page of [`List::Tiers`].
    pub tier_users: Rows,
    /// The line's quantity explained first, when the question named its product.
    #[serde(default)]
    pub headline: Option<Headline>,
}

/// An answer: the attribution, or the bill without the top windows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// The panel's content.
    Why(Box<Why>),
    /// A quantity no user made (a commitment or a forecast): its headline only.
    Said(Headline),
    /// A page of one of its lists.
    Rows(Rows),
    /// The re-bill for "What if".
    WhatIf(WhatIf),
    /// The Usage tab's reports of one cycle.
    Reports(Box<UsageReports>),
}

/// One cycle's reports as the Usage tab shows them: the daily peaks whole
/// (a row a day and org), the two long tables by their first page (the
/// rest stays in the engine session: [`List::UserHours`],
/// [`List::BillableUsers`]). After a large import they are 20,000 rows
/// each, 3 MB that the page took in at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UsageReports {
    /// The cycle and its daily peaks; the long tables' rows are below.
    pub reports: CycleReports,
    /// The first page of the user-hours.
    pub hours: Rows,
    /// The first page of the billable users.
    pub users: Rows,
}

impl UsageReports {
    /// What the tab shows first of `r`.
    pub fn of(r: &CycleReports) -> UsageReports {
        let first = |list: List| {
            let q = RowsQuery {
                list,
                page: 0,
                query: String::new(),
                all: false,
            };
            report_page(r, &q)
        };
        let headers = |t: &crate::table::Table| crate::table::Table {
            headers: t.headers.clone(),
            rows: Vec::new(),
        };
        let reports = CycleReports {
            cycle: r.cycle,
            start: r.start,
            end: r.end,
            cycles: r.cycles.clone(),
            daily_peaks: r.daily_peaks.clone(),
            user_hours: headers(&r.user_hours),
            billable_users: headers(&r.billable_users),
            left_out: r.left_out,
        };
        UsageReports {
            hours: first(List::UserHours),
            users: first(List::BillableUsers),
            reports,
        }
    }
}

/// A page of one of the Usage tab's long tables of `r`.
pub fn report_page(r: &CycleReports, q: &RowsQuery) -> Rows {
    match q.list {
        List::UserHours => page(&r.user_hours.rows, q),
        List::BillableUsers => page(&r.billable_users.rows, q),
        _ => Rows::default(),
    }
}

/// Every cycle and org, brief under [`BRIEF_MINUTES`].
fn everything() -> attribution::Options {
    attribution::Options {
        cycle: None,
        org: None,
        brief_minutes: BRIEF_MINUTES,
    }
}

/// What the panel shows of a scenario and its usage, attributed once for
/// every cycle and org: every question about it (another line, another
/// window, another page) is answered from here without measuring again.
#[derive(Debug)]
pub struct Attributed {
    currency: String,
    entries: Vec<Entry>,
    /// Concurrent: each entry's peak day and its curve (by position).
    days: Vec<Option<(NaiveDate, Curve)>>,
}

impl Attributed {
    /// Measures and attributes `p`.
    pub fn of(p: &Prepared) -> Result<Attributed, String> {
        let (m, curves) = attribution::measure_for(p, &everything()).map_err(|e| e.to_string())?;
        Attributed::from_measured(p, &m, &curves)
    }

    /// Attributes what [`attribution::measure_for`] measured of `p`.
    pub fn from_measured(
        p: &Prepared,
        m: &Measured,
        curves: &Curves,
    ) -> Result<Attributed, String> {
        let a = attribution::of_measured(p, &everything(), m, curves).map_err(|e| e.to_string())?;
        let mut days = Vec::with_capacity(a.attribution.len());
        for e in &a.attribution {
            let day = e
                .windows
                .iter()
                .flatten()
                .next()
                .and_then(|w| DateTime::from_timestamp_millis(w.start))
                .map(|t| t.date_naive());
            days.push(match day {
                Some(d) => Some((
                    d,
                    attribution::day_curve(p, curves, &e.org, e.cycle, Some(d))
                        .map_err(|e| e.to_string())?,
                )),
                None => None,
            });
        }
        Ok(Attributed {
            currency: p.scenario.currency.clone(),
            entries: a.attribution,
            days,
        })
    }

    /// The attribution of cycle number `cycle` and `org`, if anybody made it.
    pub fn entry(&self, cycle: u32, org: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .find(|e| e.cycle == cycle && e.org == org)
    }

    /// Answers a question about the panel or one of its lists (not "what
    /// if" nor the reports: they bill or measure again, see
    /// [`crate::session::Session::why_panel`]).
    pub fn answer(&self, r: &Request) -> Result<Answer, String> {
        let cycle = r.cycle.unwrap_or(0);
        let Some(at) = self
            .entries
            .iter()
            .position(|e| e.cycle == cycle && e.org == r.org)
        else {
            return Err(format!(
                "nobody was logged in to {} in cycle {}, so no user made this quantity",
                r.org, cycle
            ));
        };
        let full = &self.entries[at];
        if let Some(q) = &r.rows {
            return Ok(Answer::Rows(page(&rows(full, q.list), q)));
        }
        let first = |list| {
            let q = RowsQuery {
                list,
                page: 0,
                query: String::new(),
                all: false,
            };
            page(&rows(full, list), &q)
        };
        let window = r.window.min(
            full.windows
                .as_ref()
                .map_or(0, |w| w.len().saturating_sub(1)),
        );
        let concurrent = full.windows.is_some();
        let (users, tier_users) = if concurrent {
            (first(List::Window(window)), first(List::Tiers))
        } else {
            (
                first(List::Users {
                    shortest_first: false,
                }),
                Rows::default(),
            )
        };
        // Everything but the lists, which are sent a page at a time.
        let entry = Entry {
            cycle: full.cycle,
            org: full.org.clone(),
            model: full.model.clone(),
            billed_peak: full.billed_peak,
            committed: full.committed,
            windows: full.windows.as_ref().map(|ws| {
                ws.iter()
                    .map(|w| attribution::Window {
                        start: w.start,
                        end: w.end,
                        level: w.level,
                        users: Vec::new(),
                    })
                    .collect()
            }),
            disregarded: full.disregarded.clone(),
            tiers: full
                .tiers
                .iter()
                .map(|t| attribution::Tier {
                    product: t.product.clone(),
                    users: Vec::new(),
                    minutes: t.minutes,
                    hours_billed: t.hours_billed,
                    unused_minutes: t.unused_minutes,
                })
                .collect(),
            ladder: full.ladder.clone(),
            brief_cost: full.brief_cost,
            users: Vec::new(),
        };
        Ok(Answer::Why(Box::new(Why {
            headline: None,
            currency: self.currency.clone(),
            curve: self.days.get(at).cloned().flatten(),
            window_sizes: full
                .windows
                .iter()
                .flatten()
                .map(|w| w.users.len())
                .collect(),
            window,
            tier_sizes: full
                .tiers
                .iter()
                .map(|t| (t.product.clone(), t.users.len()))
                .collect(),
            billed_users: full.users.len(),
            brief_users: full.users.iter().filter(|u| u.brief).count(),
            users,
            tier_users,
            entry,
        })))
    }
}
/// A list's rows, every one (the panel's columns, as shown).
fn rows(e: &Entry, list: List) -> Vec<Vec<String>> {
    match list {
        List::Window(k) => {
            let by_id: HashMap<&str, &UserLine> =
                e.users.iter().map(|u| (u.user.as_str(), u)).collect();
            let users = e
                .windows
                .iter()
                .flatten()
                .nth(k)
                .map_or(&[][..], |w| &w.users[..]);
            let unbilled = not_among_billed(e.billed_peak.unwrap_or(0));
            users
                .iter()
                .map(|u| {
                    let line = by_id.get(u.as_str());
                    vec![
                        u.clone(),
                        line.map_or_else(|| unbilled.clone(), |l| l.product.clone()),
                        line.map_or_else(String::new, |l| at(l.first_login)),
                        line.map_or_else(String::new, |l| l.minutes.to_string()),
                    ]
                })
                .collect()
        }
        List::Tiers => e
            .users
            .iter()
            .map(|u| vec![u.product.clone(), u.user.clone()])
            .collect(),
        List::Users { shortest_first } if e.model == "named" => {
            let mut rows: Vec<Vec<String>> = e
                .users
                .iter()
                .map(|u| {
                    vec![
                        u.user.clone(),
                        u.product.clone(),
                        at(u.first_login),
                        u.minutes.to_string(),
                        if u.brief { "brief" } else { "" }.to_owned(),
                    ]
                })
                .collect();
            sort_named(&mut rows, shortest_first);
            rows
        }
        List::UserHours | List::BillableUsers => Vec::new(),
        List::Users { .. } => e
            .users
            .iter()
            .map(|u| {
                vec![
                    u.user.clone(),
                    u.product.clone(),
                    u.minutes.to_string(),
                    hours_minutes(u.minutes),
                ]
            })
            .collect(),
    }
}

/// The named "Why N?" summary (R-W1): the org's users in the cycle, how
/// many were brief (under [`BRIEF_MINUTES`]) and what those
/// cost, in `currency`.
pub fn named_summary(users: usize, brief: usize, cost: Decimal, currency: &str) -> String {
    format!(
        "In all, {} users of this org logged in this cycle, at every product (the Product column says which); {} of them were logged in for under {} min (brief) and cost {} {currency}.",
        crate::text::grouped(Decimal::from(users)),
        crate::text::grouped(Decimal::from(brief)),
        BRIEF_MINUTES,
        crate::text::grouped_at_scale(cost)
    )
}

/// Minutes as a person reads a duration: 4850 -> "80 h 50 min", 50 ->
/// "50 min" (to the nearest minute, half away from zero).
pub fn hours_minutes(minutes: Decimal) -> String {
    let m = minutes
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .try_into()
        .unwrap_or(i64::MAX);
    match (m / 60, m % 60) {
        (0, m) => format!("{m} min"),
        (h, m) => format!("{} h {m} min", crate::text::grouped(Decimal::from(h))),
    }
}

/// The "Billed at" cell of a user in a window who is not billed: present
/// when the peak was held, yet N others have more time in the cycle (R-K3),
/// which is not the same as free of charge.
pub fn not_among_billed(n: u32) -> String {
    format!(
        "in the window, not among the {n} billed (R-K3: the {n} with the most time in the cycle)"
    )
}

/// R-W1's order of the named list ([`List::Users`]' columns: user,
/// product, first login, minutes, brief): brief users first, then by time
/// logged in (longest first unless `shortest_first`), then by id. The page
/// turns a whole list round with it too, without asking again.
pub fn sort_named(rows: &mut [Vec<String>], shortest_first: bool) {
    rows.sort_by_cached_key(|r| {
        let cell = |i: usize| r.get(i).map_or("", String::as_str);
        let minutes = cell(3).parse::<Decimal>().unwrap_or_default();
        (
            cell(4) != "brief",
            if shortest_first { minutes } else { -minutes },
            cell(0).to_owned(),
        )
    });
}

/// The page `q` asks for of `rows` (the last when it asks past the end),
/// or every matching row.
fn page(rows: &[Vec<String>], q: &RowsQuery) -> Rows {
    let needle = q.query.to_lowercase();
    // Only the rows sent are copied (a report's table is 20,000 rows).
    let shown: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| needle.is_empty() || r.iter().any(|c| c.to_lowercase().contains(&needle)))
        .collect();
    let total = shown.len();
    let whole = needle.is_empty() && total <= WHOLE;
    if q.all || whole {
        return Rows {
            total,
            from: 0,
            rows: shown.into_iter().cloned().collect(),
            whole,
        };
    }
    let size = q.list.page_size();
    let from = q.page.min(total.div_ceil(size).saturating_sub(1)) * size;
    Rows {
        total,
        from,
        rows: shown.into_iter().skip(from).take(size).cloned().collect(),
        whole: false,
    }
}

/// An instant in UTC with its date, to the minute (seconds when there are):
/// "2027-02-03 13:05", "2027-02-03 13:05:07".
pub fn at(ms: i64) -> String {
    date_time(ms, ms % 60_000 != 0)
}

/// "2027-02-03 13:05" of an instant in UTC, with ":07" seconds when
/// `seconds` ("" out of range).
pub fn date_time(ms: i64, seconds: bool) -> String {
    let Some(t) = DateTime::from_timestamp_millis(ms).map(|t| t.naive_utc()) else {
        return String::new();
    };
    let mut s = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute()
    );
    if seconds {
        s.push_str(&format!(":{:02}", t.second()));
    }
    s
}

#[cfg(test)]
mod duration_tests {
    use super::hours_minutes;
    use rust_decimal::Decimal;

    /// R-H3's hours per user read as a duration, never "80.83" hours.
    #[test]
    fn r_h3_minutes_read_as_hours_and_minutes() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(hours_minutes(d("4850")), "80 h 50 min");
        assert_eq!(hours_minutes(d("50")), "50 min");
        assert_eq!(hours_minutes(d("143700")), "2,395 h 0 min");
        assert_eq!(hours_minutes(d("59.5")), "1 h 0 min");
        assert_eq!(hours_minutes(d("0")), "0 min");
    }
}
