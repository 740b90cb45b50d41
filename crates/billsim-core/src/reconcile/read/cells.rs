//! What every vendor-file reader shares: quoting a cell in a message, a
//! whole-file CSV error, header names, derived prices and dates.

use chrono::{NaiveDate, Timelike};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::{CsvProblem, Error};

/// The most of a cell a message quotes: a hostile file's cells may be a
/// megabyte each, and a hundred problems are listed.
pub(super) const QUOTED: usize = 60;

/// The start of cell `b`, as much as a message quotes.
pub(super) fn clip(b: &[u8]) -> &[u8] {
    &b[..b.len().min(QUOTED)]
}

/// The start of text `s`, as much as a message quotes (whole characters).
pub(super) fn clip_str(s: &str) -> &str {
    let mut end = s.len().min(QUOTED);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// A CSV error of one problem that is the whole file's (its header).
pub(super) fn csv_error(name: &str, line: u64, message: String) -> Error {
    Error::Csv {
        file: name.to_owned(),
        problems: vec![CsvProblem {
            line,
            column: 0,
            field: String::new(),
            message,
        }],
        more: 0,
    }
}

/// A header name as the format compares it: trimmed, lower-cased, spaces
/// and hyphens read as `_` ("Total cost" is `total_cost`).
pub(super) fn normal(h: &[u8]) -> String {
    String::from_utf8_lossy(h.trim_ascii())
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// A unit price the vendor did not print: amount / quantity, kept to 10
/// decimals (R-R1); 0 for a quantity of 0. None on overflow.
pub(super) fn derived_rate(amount: Decimal, quantity: Decimal) -> Option<Decimal> {
    if quantity.is_zero() {
        return Some(Decimal::ZERO);
    }
    amount
        .checked_div(quantity)
        .map(|r| r.round_dp_with_strategy(10, RoundingStrategy::MidpointAwayFromZero))
}

/// A date `YYYY-MM-DD` in the years billsim bills.
pub(super) fn date_text(s: &str) -> std::result::Result<NaiveDate, String> {
    let shown = clip_str(s).escape_debug();
    if s.len() > QUOTED {
        return Err(format!("\"{shown}...\" is not a date YYYY-MM-DD"));
    }
    match crate::exact::date(s) {
        Ok(d) => Ok(d),
        Err(e) if e.contains("outside the years") => Err(e),
        Err(_) => Err(crate::exact::no_such_date(s)
            .unwrap_or_else(|| format!("\"{shown}\" is not a date YYYY-MM-DD"))),
    }
}

/// The UTC day of an API date: a date `YYYY-MM-DD` is that day; an instant
/// (`2026-03-01T00:00:00Z`, with an offset or milliseconds) is cut to its
/// UTC day. For the end of a period, an instant at exactly 00:00:00 UTC is
/// exclusive (R-R2: the next period starts then), so its day is the one
/// before.
pub(super) fn api_day(s: &str, end: bool) -> std::result::Result<NaiveDate, String> {
    if s.len() == 10 || s.len() > QUOTED {
        return date_text(s);
    }
    let t = crate::exact::instant(s).map_err(|e| {
        if e.contains("outside the years") || e.contains("millisecond") {
            e
        } else {
            format!(
                "\"{}\" is not a date YYYY-MM-DD or an instant such as 2026-03-01T00:00:00Z",
                s.escape_debug()
            )
        }
    })?;
    let day = t.date_naive();
    let midnight = t.num_seconds_from_midnight() == 0 && t.nanosecond() == 0;
    if end && midnight {
        day.pred_opt()
            .ok_or_else(|| format!("\"{}\" is too early a date", s.escape_debug()))
    } else {
        Ok(day)
    }
}
