//! What the "Why N?" panel shows, computed where the usage is: the
//! background worker answers it (for a large import that is the only place
//! the sessions are), and the page only when there is no worker. Both call
//! [`answer`], so there is one way to compute it; only what the panel shows
//! travels back (one cycle and org, one day of the curve).

use billsim_core::attribution::{self, Curve, Entry, WhatIf};
use billsim_core::stages::Prepared;
use billsim_core::usage::Sessions;
use billsim_core::Scenario;
use chrono::{DateTime, NaiveDate};
use serde::{Deserialize, Serialize};

/// Users logged in for less than this are brief (R-W1).
pub const BRIEF_MINUTES: u32 = 60;

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
}

/// The attribution of one cycle and org, with the curve of its peak day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Why {
    /// The contract's currency.
    pub currency: String,
    /// Who and when (R-W1..R-W4).
    pub entry: Entry,
    /// Concurrent: the day of the first window and its curve.
    pub curve: Option<(NaiveDate, Curve)>,
    /// Users at the start of each window: only the window asked for keeps
    /// its list (a month of windows of thousands of users each would be
    /// megabytes to send and parse).
    pub window_sizes: Vec<usize>,
    /// The window whose users are in `entry`.
    pub window: usize,
    /// Users per tier; the lists stay behind (they are `entry.users` by product).
    pub tier_sizes: Vec<(String, usize)>,
}

/// An answer: the attribution, or the bill without the top windows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    /// The panel's content.
    Why(Box<Why>),
    /// The re-bill for "What if".
    WhatIf(WhatIf),
    /// The Usage tab's reports of one cycle.
    Reports(Box<crate::usage_reports::Reports>),
}

/// Answers `r` for scenario `s` with the `imported` sessions, if any.
/// Errors come back as the engine's plain words.
pub fn answer(s: &Scenario, imported: Option<&Sessions>, r: &Request) -> Result<Answer, String> {
    let p = Prepared::new(s, imported).map_err(|e| e.to_string())?;
    if r.reports {
        return crate::usage_reports::of(&p, r.cycle).map(|x| Answer::Reports(Box::new(x)));
    }
    let cycle = r.cycle.unwrap_or(0);
    if let Some(level) = r.what_if {
        return attribution::what_if(&p, cycle, &r.org, level)
            .map(Answer::WhatIf)
            .map_err(|e| e.to_string());
    }
    let opts = attribution::Options {
        cycle: Some(cycle),
        org: Some(r.org.clone()),
        brief_minutes: BRIEF_MINUTES,
    };
    // The curve comes from the attribution's own measurement, not a second one.
    let (a, curves) = attribution::of_with_curves(&p, &opts).map_err(|e| e.to_string())?;
    let Some(mut entry) = a.attribution.into_iter().next() else {
        return Err(format!(
            "nobody was logged in to {} in cycle {}, so no user made this quantity",
            r.org, cycle
        ));
    };
    let day = entry
        .windows
        .iter()
        .flatten()
        .next()
        .and_then(|w| DateTime::from_timestamp_millis(w.start))
        .map(|t| t.date_naive());
    let curve = match day {
        Some(d) => Some((
            d,
            attribution::day_curve(&p, &curves, &r.org, cycle, Some(d))
                .map_err(|e| e.to_string())?,
        )),
        None => None,
    };
    let window = r.window.min(
        entry
            .windows
            .as_ref()
            .map_or(0, |w| w.len().saturating_sub(1)),
    );
    let mut window_sizes = Vec::new();
    for (i, w) in entry.windows.iter_mut().flatten().enumerate() {
        window_sizes.push(w.users.len());
        if i != window {
            w.users = Vec::new();
        }
    }
    let tier_sizes = entry
        .tiers
        .iter_mut()
        .map(|t| (t.product.clone(), std::mem::take(&mut t.users).len()))
        .collect();
    Ok(Answer::Why(Box::new(Why {
        currency: s.currency.clone(),
        entry,
        curve,
        window_sizes,
        window,
        tier_sizes,
    })))
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
    DateTime::from_timestamp_millis(ms).map_or_else(String::new, |t| {
        if ms % 60_000 == 0 {
            t.format("%Y-%m-%d %H:%M").to_string()
        } else {
            t.format("%Y-%m-%d %H:%M:%S").to_string()
        }
    })
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
        assert_eq!(win.users, ["a", "b", "c"]);
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
        let brief: Vec<&str> = w
            .entry
            .users
            .iter()
            .filter(|u| u.brief)
            .map(|u| u.user.as_str())
            .collect();
        assert_eq!(brief, ["d"]);
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
        };
        let Ok(Answer::Reports(x)) = answer(&scenario("concurrent"), None, &r) else {
            panic!("no reports")
        };
        assert_eq!((x.cycle, x.cycles.clone()), (0, vec![0]));
        assert_eq!(x.daily_peaks.rows, [["2026-10-22", "main", "4", "10"]]);
        assert_eq!(x.billable_users.rows.len(), 4);
        assert_eq!(x.user_hours.rows.len(), 4);
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
