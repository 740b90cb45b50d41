//! Dates and times as the page writes them, built from chrono's accessors:
//! chrono's strftime formatter is a format-string interpreter the page's
//! wasm need not carry for four fixed layouts.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike};

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// "Tue 3 Feb 2026".
pub fn day(d: NaiveDate) -> String {
    let weekday = WEEKDAYS[d.weekday().num_days_from_monday() as usize % 7];
    let month = MONTHS[d.month0() as usize % 12];
    format!("{weekday} {} {month} {}", d.day(), d.year())
}

/// An instant (ms since the epoch, UTC) as chrono reads it; `None` out of range.
fn utc(ms: i64) -> Option<NaiveDateTime> {
    DateTime::from_timestamp_millis(ms).map(|t| t.naive_utc())
}

/// "13:05" of an instant, UTC ("" out of range).
pub fn hh_mm(ms: i64) -> String {
    utc(ms).map_or_else(String::new, |t| {
        format!("{:02}:{:02}", t.hour(), t.minute())
    })
}

/// "2027-02-03 13:05", with ":07" seconds when `seconds` ("" out of range):
/// the engine's own layout, as its lists write instants.
pub fn date_time(ms: i64, seconds: bool) -> String {
    billsim_core::panel::date_time(ms, seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layouts are the ones chrono's formatter wrote before.
    #[test]
    fn writes_what_strftime_wrote() {
        for (y, m, d) in [(2026, 2, 3), (2027, 12, 31), (2024, 2, 29), (1999, 1, 1)] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(day(date), date.format("%a %-d %b %Y").to_string());
        }
        for ms in [0, 1_770_000_000_000, 1_770_000_007_000, 1_799_999_999_999] {
            let t = DateTime::from_timestamp_millis(ms).unwrap();
            assert_eq!(hh_mm(ms), t.format("%H:%M").to_string());
            assert_eq!(date_time(ms, false), t.format("%Y-%m-%d %H:%M").to_string());
            assert_eq!(
                date_time(ms, true),
                t.format("%Y-%m-%d %H:%M:%S").to_string()
            );
        }
        assert_eq!(hh_mm(i64::MAX), "");
    }
}
