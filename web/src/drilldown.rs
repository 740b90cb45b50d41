//! The "Why N?" panel in the page: its questions and answers are the
//! engine's (`billsim_core::panel`, answered by the worker's session); the
//! page only writes instants and stretches for people.

pub use billsim_core::panel::{
    sort_named, Answer, Headline, List, Request, Rows, RowsQuery, Why, PAGE, WHOLE,
};

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

/// The name a "Why N?" list is downloaded under (`what`: which list).
pub fn file_name(e: &billsim_core::attribution::Entry, what: &str) -> String {
    format!("why-cycle{}-{}-{what}", e.cycle, e.org)
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

    /// The page writes an instant as the engine's lists do.
    #[test]
    fn instants_as_the_engine_writes_them() {
        for ms in [0, 1_770_000_000_000, 1_770_000_007_000] {
            assert_eq!(at(ms), billsim_core::panel::at(ms));
        }
    }
}
