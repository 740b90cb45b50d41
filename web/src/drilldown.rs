//! What the "Why N?" panel shows, computed where the usage is: the
//! background worker answers it (for a large import that is the only place
//! the sessions are), and the page only when there is no worker. Both call
//! [`answer`] or [`Attributed::answer`], so there is one way to compute it;
//! only what the panel shows travels back (one cycle and org, one day of
//! the curve, a page of each list), further pages on demand.

use std::collections::HashMap;
use std::rc::Rc;

use billsim_core::attribution::{self, Curve, Curves, Entry, UserLine, WhatIf};
use billsim_core::measure::Measured;
use billsim_core::stages::Prepared;
use billsim_core::usage::Sessions;
use billsim_core::{Scenario, SimResult};
use chrono::{DateTime, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Users logged in for less than this are brief (R-W1).
pub const BRIEF_MINUTES: u32 = 60;

/// Rows of a list sent at a time.
pub const PAGE: usize = crate::components::paged_table::PAGE;

/// A question about one cycle and org, or about the usage as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    Users { shortest_first: bool },
}

/// Which page of a list, searched for what (case-insensitive, any column);
/// `all`: every matching row (for the CSV download).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowsQuery {
    pub list: List,
    pub page: usize,
    pub query: String,
    pub all: bool,
}

/// A page of a list: rows `from..from + rows.len()` of `total` matching;
/// `whole`: every row of the list (short enough to page and search in the
/// page without asking again).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rows {
    pub total: usize,
    pub from: usize,
    pub rows: Vec<Vec<String>>,
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
    /// Billed users, and how many of them are brief.
    pub billed_users: usize,
    pub brief_users: usize,
    /// The first page of the main list: the window's users (concurrent),
    /// else every billed user ([`List::Users`]).
    pub users: Rows,
    /// Concurrent: the first page of [`List::Tiers`].
    pub tier_users: Rows,
}

/// An answer: the attribution, or the bill without the top windows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// The panel's content.
    Why(Box<Why>),
    /// A page of one of its lists.
    Rows(Rows),
    /// The re-bill for "What if".
    WhatIf(WhatIf),
    /// The Usage tab's reports of one cycle.
    Reports(Box<crate::usage_reports::Reports>),
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

    fn from_measured(p: &Prepared, m: &Measured, curves: &Curves) -> Result<Attributed, String> {
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

    /// Answers a question about the panel or one of its lists (not "what
    /// if" nor the reports: they bill or measure again, see [`answer`]).
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
            return Ok(Answer::Rows(page(rows(full, q.list), q)));
        }
        let first = |list| {
            let q = RowsQuery {
                list,
                page: 0,
                query: String::new(),
                all: false,
            };
            page(rows(full, list), &q)
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
            users
                .iter()
                .map(|u| {
                    let line = by_id.get(u.as_str());
                    vec![
                        u.clone(),
                        line.map_or_else(|| "not billed".to_owned(), |l| l.product.clone()),
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
        List::Users { .. } => {
            let sixty = Decimal::from(60);
            e.users
                .iter()
                .map(|u| {
                    vec![
                        u.user.clone(),
                        u.product.clone(),
                        u.minutes.to_string(),
                        (u.minutes / sixty).round_dp(2).to_string(),
                    ]
                })
                .collect()
        }
    }
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
fn page(rows: Vec<Vec<String>>, q: &RowsQuery) -> Rows {
    let needle = q.query.to_lowercase();
    let shown: Vec<Vec<String>> = rows
        .into_iter()
        .filter(|r| needle.is_empty() || r.iter().any(|c| c.to_lowercase().contains(&needle)))
        .collect();
    let total = shown.len();
    let whole = needle.is_empty() && total <= WHOLE;
    if q.all || whole {
        return Rows {
            total,
            from: 0,
            rows: shown,
            whole,
        };
    }
    let from = q.page.min(total.div_ceil(PAGE).saturating_sub(1)) * PAGE;
    Rows {
        total,
        from,
        rows: shown.into_iter().skip(from).take(PAGE).collect(),
        whole: false,
    }
}

/// Answers `r` for scenario `s` with the `imported` sessions, if any.
/// Errors come back as the engine's plain words.
pub fn answer(s: &Scenario, imported: Option<&Sessions>, r: &Request) -> Result<Answer, String> {
    let p = Prepared::new(s, imported).map_err(|e| e.to_string())?;
    if r.reports {
        return crate::usage_reports::of(&p, r.cycle).map(|x| Answer::Reports(Box::new(x)));
    }
    if let Some(level) = r.what_if {
        return attribution::what_if(&p, r.cycle.unwrap_or(0), &r.org, level)
            .map(Answer::WhatIf)
            .map_err(|e| e.to_string());
    }
    Attributed::of(&p)?.answer(r)
}

/// Bills `s` with the `imported` sessions exactly as `billsim_core::simulate`
/// does with its default options, hands the bill to `billed` as soon as it
/// is priced, then attributes the same measurement: the worker bills an
/// import and has "Why N?" ready after one measurement.
pub fn bill_then_attribute(
    s: &Scenario,
    imported: Option<&Sessions>,
    billed: impl FnOnce(billsim_core::Result<SimResult>),
) -> Result<Attributed, String> {
    let measured = Prepared::new(s, imported).and_then(|p| {
        let (m, curves) = attribution::measure_for(&p, &everything())?;
        Ok((p, m, curves))
    });
    match measured {
        Ok((p, m, curves)) => {
            billed(p.price(&m, s.contract.model, &p.commitments));
            Attributed::from_measured(&p, &m, &curves)
        }
        Err(e) => {
            let words = e.to_string();
            billed(Err(e));
            Err(words)
        }
    }
}

/// The attribution of the last scenario text and import asked about (the
/// import by the number the worker gave it, `None` without one): a new
/// text or import is a different key, so an answer can never be stale.
#[derive(Default)]
pub struct Cache {
    held: Option<(String, Option<u64>, Kept)>,
}

/// An attribution as kept (or why there is none), shared with the question
/// being answered.
pub type Kept = Rc<Result<Attributed, String>>;

impl Cache {
    /// The attribution kept for `text` and `import`, if that is what is kept.
    pub fn get(&self, text: &str, import: Option<u64>) -> Option<Kept> {
        self.held
            .as_ref()
            .filter(|(t, i, _)| t == text && *i == import)
            .map(|(_, _, a)| a.clone())
    }

    /// Keeps `a` (and drops what was kept: one attribution of a large
    /// import can hold tens of thousands of users).
    pub fn put(&mut self, text: &str, import: Option<u64>, a: Result<Attributed, String>) -> Kept {
        let a = Rc::new(a);
        self.held = Some((text.to_owned(), import, a.clone()));
        a
    }

    /// Forgets it (the import it was made of is gone).
    pub fn clear(&mut self) {
        self.held = None;
    }
}

/// An answer as it crosses from the worker: JSON of `Result<Answer, String>`.
pub fn encode(a: &Result<Answer, String>) -> String {
    serde_json::to_string(a).unwrap_or_else(|e| format!("{{\"Err\":\"{e}\"}}"))
}

/// Reads what [`encode`] wrote; an unreadable answer is an error in words.
pub fn decode(json: &str) -> Result<Answer, String> {
    serde_json::from_str::<Result<Answer, String>>(json)
        .unwrap_or_else(|e| Err(format!("the worker's answer could not be read: {e}")))
}

/// An instant in UTC with its date, to the minute (seconds when there are).
pub fn at(ms: i64) -> String {
    crate::when::date_time(ms, ms % 60_000 != 0)
}

/// A stretch in UTC, e.g. "2027-02-03 13:15–14:10 UTC" (the date once when
/// both ends are on it).
pub fn span(start: i64, end: i64) -> String {
    let (a, b) = (at(start), at(end));
    match (a.split_once(' '), b.split_once(' ')) {
        (Some((da, _)), Some((db, tb))) if da == db => format!("{a}–{tb} UTC"),
        _ => format!("{a} – {b} UTC"),
    }
}

/// Rows as CSV text, every field quoted when it needs to be.
pub fn csv(headers: &[&str], rows: &[Vec<String>]) -> String {
    let q = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let mut out = headers.join(",");
    out.push('\n');
    for r in rows {
        out.push_str(&r.iter().map(|c| q(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_name_the_date_once_in_utc() {
        let t = |h: i64, m: i64| 1_801_612_800_000 + (h * 60 + m) * 60_000; // 2027-02-03
        assert_eq!(span(t(13, 15), t(14, 10)), "2027-02-03 13:15–14:10 UTC");
        assert_eq!(
            span(t(23, 0), t(25, 0)),
            "2027-02-03 23:00 – 2027-02-04 01:00 UTC"
        );
    }

    /// a and b 08:00-11:00 and c 09:00-10:00 on 2026-10-22, d 09:20-09:30
    /// (under the named model d is brief).
    fn scenario(model: &str) -> Scenario {
        let s = |u: &str, a: &str, b: &str| {
            format!(
                r#"{{ "user": "{u}", "org": "main", "product": "cx2", "login": "2026-10-22T{a}:00Z", "logout": "2026-10-22T{b}:00Z" }}"#
            )
        };
        Scenario::from_json(&format!(
            r#"{{ "billsim": 1, "currency": "USD",
            "contract": {{ "activation": "2026-10-21", "model": "{model}", "term_cycles": 2,
              "products": {{ "cx2": {{ "tier": 2, "prepay": "115.00", "overage": "138.00" }} }} }},
            "usage": {{ "sessions": [ {}, {}, {}, {} ] }} }}"#,
            s("a", "08:00", "11:00"),
            s("b", "08:00", "11:00"),
            s("c", "09:00", "10:00"),
            s("d", "09:20", "09:30"),
        ))
        .expect("scenario")
    }

    fn ask(model: &str, what_if: Option<u32>) -> Result<Answer, String> {
        let r = Request {
            cycle: Some(0),
            org: "main".into(),
            what_if,
            reports: false,
            window: 0,
            rows: None,
        };
        answer(&scenario(model), None, &r)
    }

    /// Concurrent: the panel gets the window's day and that day's curve
    /// only, and the answer survives the trip from the worker as JSON.
    #[test]
    fn concurrent_answer_has_the_peak_day_curve() {
        let a = ask("concurrent", None).expect("answer");
        // (The ladder's spans stay behind: "what if" is priced where the sessions are.)
        let json = encode(&Ok(a.clone()));
        assert_eq!(encode(&decode(&json)), json);
        let Answer::Why(w) = a else {
            panic!("not a why: {a:?}")
        };
        let (day, curve) = w.curve.expect("curve");
        assert_eq!(day.to_string(), "2026-10-22");
        assert_eq!(curve.billed_peak, 3);
        assert_eq!(curve.segments.len(), 5, "2, 3, 4, 3, 2");
        let win = &w.entry.windows.as_ref().expect("windows")[0];
        assert_eq!(span(win.start, win.end), "2026-10-22 09:00–10:00 UTC");
        // The window's users come as the first page of their list, joined
        // with what each is billed at; the lists themselves stay behind.
        let names: Vec<&str> = w.users.rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(w.users.rows[0], ["a", "cx2", "2026-10-22 08:00", "180"]);
        assert!(win.users.is_empty() && w.entry.users.is_empty());
        // R-K3: a peak of 3 bills the 3 users with the most time (not d).
        assert_eq!((w.window_sizes.clone(), w.billed_users), (vec![3], 3));
    }

    /// "What if" goes through the same function; a cycle with nobody is
    /// an error in words, not a panic.
    #[test]
    fn what_if_and_empty_cycles_answer_in_words() {
        let Ok(Answer::WhatIf(w)) = ask("concurrent", Some(3)) else {
            panic!("no what-if")
        };
        assert_eq!((w.before.billed_peak, w.after.billed_peak), (3, 2));
        let r = Request {
            cycle: Some(1),
            org: "main".into(),
            what_if: None,
            reports: false,
            window: 0,
            rows: None,
        };
        let e = answer(&scenario("concurrent"), None, &r).expect_err("nobody in cycle 1");
        assert!(e.contains("nobody was logged in to main in cycle 1"), "{e}");
    }

    /// Named: the brief user is flagged (R-W1); no curve is sent.
    #[test]
    fn named_answer_flags_the_brief_user() {
        let Ok(Answer::Why(w)) = ask("named", None) else {
            panic!("no answer")
        };
        assert!(w.curve.is_none());
        assert_eq!((w.billed_users, w.brief_users), (4, 1));
        // Brief first, then longest first (R-W1).
        let order: Vec<&str> = w.users.rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(order, ["d", "a", "b", "c"]);
        assert_eq!(w.users.rows[0][4], "brief");
    }

    /// The Usage tab's reports: the first cycle with usage, its rows only.
    #[test]
    fn reports_of_the_first_cycle_with_usage() {
        let r = Request {
            cycle: None,
            org: String::new(),
            what_if: None,
            reports: true,
            window: 0,
            rows: None,
        };
        let Ok(Answer::Reports(x)) = answer(&scenario("concurrent"), None, &r) else {
            panic!("no reports")
        };
        assert_eq!((x.cycle, x.cycles.clone()), (0, vec![0]));
        assert_eq!(x.daily_peaks.rows, [["2026-10-22", "main", "4", "10"]]);
        assert_eq!(x.billable_users.rows.len(), 4);
        assert_eq!(x.user_hours.rows.len(), 4);
    }

    /// `n` users all logged in 09:00-10:00 on 2026-10-22 (one window of `n`).
    fn crowd(n: usize) -> Scenario {
        let sessions: Vec<String> = (0..n)
            .map(|i| format!(
                r#"{{ "user": "u{i:04}", "org": "main", "product": "cx2", "login": "2026-10-22T09:00:00Z", "logout": "2026-10-22T10:00:00Z" }}"#
            ))
            .collect();
        Scenario::from_json(&format!(
            r#"{{ "billsim": 1, "currency": "USD",
            "contract": {{ "activation": "2026-10-21", "model": "concurrent", "term_cycles": 1,
              "products": {{ "cx2": {{ "tier": 2, "prepay": "115.00", "overage": "138.00" }} }} }},
            "usage": {{ "sessions": [ {} ] }} }}"#,
            sessions.join(",")
        ))
        .expect("scenario")
    }

    fn rows_of(a: &Attributed, list: List, page: usize, query: &str, all: bool) -> Rows {
        let r = Request {
            cycle: Some(0),
            org: "main".into(),
            what_if: None,
            reports: false,
            window: 0,
            rows: Some(RowsQuery {
                list,
                page,
                query: query.into(),
                all,
            }),
        };
        match a.answer(&r) {
            Ok(Answer::Rows(x)) => x,
            other => panic!("not rows: {other:?}"),
        }
    }

    /// Only the first page of a long list travels with the panel; further
    /// pages, searches and the whole list (for the CSV) are asked for. A
    /// short list is sent whole.
    #[test]
    fn long_lists_are_sent_a_page_at_a_time() {
        let s = crowd(WHOLE + 250);
        let p = Prepared::new(&s, None).expect("prepared");
        let a = Attributed::of(&p).expect("attributed");
        let Ok(Answer::Why(w)) = a.answer(&Request {
            cycle: Some(0),
            org: "main".into(),
            what_if: None,
            reports: false,
            window: 0,
            rows: None,
        }) else {
            panic!("no answer")
        };
        let n = WHOLE + 250;
        assert_eq!(
            (w.users.total, w.users.from, w.users.rows.len()),
            (n, 0, PAGE)
        );
        assert!(!w.users.whole);
        assert_eq!((w.tier_users.total, w.tier_users.rows.len()), (n, PAGE));
        assert_eq!(w.window_sizes, [n]);
        let last = n / PAGE;
        let tail = rows_of(&a, List::Window(0), last, "", false);
        assert_eq!(
            (tail.total, tail.from, tail.rows.len()),
            (n, last * PAGE, n % PAGE)
        );
        assert_eq!(tail.rows[0][0], format!("u{:04}", last * PAGE));
        // Past the end: the last page.
        assert_eq!(
            rows_of(&a, List::Window(0), last + 5, "", false).from,
            last * PAGE
        );
        let found = rows_of(&a, List::Window(0), 0, "U124", false);
        let names: Vec<&str> = found.rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(
            names,
            [
                "u1240", "u1241", "u1242", "u1243", "u1244", "u1245", "u1246", "u1247", "u1248",
                "u1249"
            ]
        );
        assert_eq!(rows_of(&a, List::Tiers, 0, "", true).rows.len(), n);
    }

    /// The worker bills an import and keeps its attribution from one
    /// measurement: the bill is the one `simulate` makes, the attribution
    /// the one asked for afresh.
    #[test]
    fn billing_then_attributing_matches_each_alone() {
        let s = scenario("concurrent");
        let mut bill = None;
        let a = bill_then_attribute(&s, None, |r| bill = Some(r.map(|r| r.to_json())))
            .expect("attributed");
        let simulated = billsim_core::simulate(&s, None, &Default::default()).map(|r| r.to_json());
        assert_eq!(bill.expect("billed").ok(), simulated.ok());
        let r = Request {
            cycle: Some(0),
            org: "main".into(),
            what_if: None,
            reports: false,
            window: 0,
            rows: None,
        };
        assert_eq!(a.answer(&r), answer(&s, None, &r));
    }

    /// The kept attribution answers only the text and import it was made
    /// of: an edit or another import asks afresh.
    #[test]
    fn the_cache_is_keyed_by_text_and_import() {
        let mut c = Cache::default();
        assert!(c.get("a", Some(1)).is_none());
        c.put("a", Some(1), Err("kept".into()));
        assert!(c.get("a", Some(1)).is_some());
        assert!(c.get("a ", Some(1)).is_none(), "an edit");
        assert!(c.get("a", Some(2)).is_none(), "another import");
        assert!(c.get("a", None).is_none(), "the import removed");
        c.clear();
        assert!(c.get("a", Some(1)).is_none());
    }

    #[test]
    fn csv_quotes_only_what_needs_it() {
        let rows = vec![vec!["a,b".to_owned(), "x\"y".to_owned(), "z".to_owned()]];
        assert_eq!(
            csv(&["h1", "h2", "h3"], &rows),
            "h1,h2,h3\n\"a,b\",\"x\"\"y\",z\n"
        );
    }
}
