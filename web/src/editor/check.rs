//! A field's typed text checked before it enters the scenario: a value the
//! field cannot take is explained in the field's own words (its label, what
//! it takes, what was typed) and kept out of the scenario, so the last good
//! scenario keeps billing and nothing typed is lost.

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

use crate::doc::{self, Kind};

/// The JSON for the typed text (`None` clears the field), or why the field
/// cannot take it. `date` says the field holds a date.
pub fn check(label: &str, kind: Kind, date: bool, typed: &str) -> Result<Option<Value>, String> {
    let t = typed.trim();
    if t.is_empty() {
        return Ok(doc::value_of(kind, t));
    }
    let said = |what: &str| format!("{label} {what}; you typed \"{t}\".");
    if date {
        return date_of(t)
            .map(|()| doc::value_of(kind, t))
            .map_err(|why| said(&why));
    }
    match kind {
        Kind::Int => {
            if t.parse::<u64>().is_ok() {
                return Ok(doc::value_of(kind, t));
            }
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            Err(if digits(t) {
                // Past the largest whole number a field can hold.
                said("is too large: write a smaller whole number")
            } else if t.strip_prefix('-').is_some_and(digits) {
                said("must be a whole number of 0 or more (not negative)")
            } else if t.contains([',', '.']) {
                said("must be a whole number, without decimals or thousand separators, like 12")
            } else {
                said("must be a whole number, like 12")
            })
        }
        Kind::Decimal => {
            if Decimal::from_str(t).is_ok() {
                return Ok(doc::value_of(kind, t));
            }
            // Only a rate or a share is a fraction; elsewhere a percent sign is just not a number.
            let fraction_field = ["rate", "share", "absence", "growth"]
                .iter()
                .any(|w| label.to_ascii_lowercase().contains(w));
            if let Some(p) = t
                .strip_suffix('%')
                .and_then(|n| Decimal::from_str(n.trim()).ok())
                .filter(|_| fraction_field)
            {
                let fraction = (p / Decimal::ONE_HUNDRED).normalize();
                return Err(said(&format!(
                    "is a fraction, not a percent: {}% is written {fraction}",
                    p.normalize()
                )));
            }
            // "1.234,50" is written where a comma marks decimals: 1234.50; so
            // is "75,5", whose comma is not followed by a group of three digits.
            let after_last_comma = t.rsplit(',').next().unwrap_or_default();
            let decimal_comma = !t.contains('.')
                && t.contains(',')
                && !(after_last_comma.len() == 3
                    && after_last_comma.bytes().all(|b| b.is_ascii_digit()));
            let european = (t.rfind(',') > t.rfind('.') && t.contains('.')) || decimal_comma;
            let plain: String = if european {
                t.chars()
                    .filter(|c| *c != '.' && *c != ' ')
                    .map(|c| if c == ',' { '.' } else { c })
                    .collect()
            } else {
                t.chars().filter(|c| *c != ',' && *c != ' ').collect()
            };
            if t.contains(',') && Decimal::from_str(&plain).is_ok() {
                let how = if european {
                    ", with a dot for decimals and no thousand separators"
                } else {
                    " without thousand separators"
                };
                return Err(said(&format!("must be a plain number{how}: write {plain}")));
            }
            let bare = t
                .trim_start_matches(['$', '€', '£'])
                .trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == ' ');
            if bare != t && Decimal::from_str(bare).is_ok() {
                return Err(said(&format!(
                    "must be a number without a currency: write {bare}"
                )));
            }
            let plain_digits = !t.is_empty()
                && t.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && t.bytes().filter(|&b| b == b'.').count() <= 1;
            Err(said(if plain_digits {
                // Past the 28 digits a decimal holds.
                "is too large: write a smaller number"
            } else {
                "must be a number with a dot for decimals, like 115.00"
            }))
        }
        Kind::Text | Kind::Words => Ok(doc::value_of(kind, t)),
    }
}

/// Whether the text is a date as YYYY-MM-DD, or why not.
fn date_of(t: &str) -> Result<(), String> {
    if chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").is_ok() && t.len() == 10 {
        return Ok(());
    }
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let month = t.get(5..7).and_then(|m| m.parse::<u32>().ok());
    Err(if shaped && !matches!(month, Some(1..=12)) {
        format!(
            "must be a date that exists (there is no month {})",
            t.get(5..7).unwrap_or_default()
        )
    } else if shaped {
        "must be a date that exists (that month has no such day)".to_owned()
    } else {
        "must be a date written year-month-day, like 2026-10-21".to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decimal_comma_and_a_month_past_12_are_named_as_such() {
        assert_eq!(
            check("Prepay", Kind::Decimal, false, "1.234,50").unwrap_err(),
            "Prepay must be a plain number, with a dot for decimals and no thousand separators: write 1234.50; you typed \"1.234,50\"."
        );
        // A comma before one or two digits marks decimals, not thousands.
        assert_eq!(
            check("Prepay", Kind::Decimal, false, "75,5").unwrap_err(),
            "Prepay must be a plain number, with a dot for decimals and no thousand separators: write 75.5; you typed \"75,5\"."
        );
        assert!(check("Prepay", Kind::Decimal, false, "1,234")
            .unwrap_err()
            .contains("write 1234;"));
        assert!(date_of("2026-13-01")
            .unwrap_err()
            .contains("there is no month 13"));
        assert!(date_of("2026-00-01")
            .unwrap_err()
            .contains("there is no month 00"));
        assert!(date_of("2026-02-30")
            .unwrap_err()
            .contains("that month has no such day"));
    }

    /// Tester: a 21-digit quantity read "must be a whole number, like 12".
    #[test]
    fn a_number_too_large_to_hold_says_so() {
        assert_eq!(
            check("Quantity", Kind::Int, false, "100000000000000000000").unwrap_err(),
            "Quantity is too large: write a smaller whole number; you typed \"100000000000000000000\"."
        );
        assert!(check(
            "Quantity",
            Kind::Decimal,
            false,
            "99999999999999999999999999999"
        )
        .unwrap_err()
        .starts_with("Quantity is too large: write a smaller number;"));
        assert!(check("Quantity", Kind::Decimal, false, "1.2.3")
            .unwrap_err()
            .contains("must be a number with a dot"));
    }

    #[test]
    fn explains_in_the_fields_words() {
        assert_eq!(
            check("Term cycles", Kind::Int, false, "-2").unwrap_err(),
            "Term cycles must be a whole number of 0 or more (not negative); you typed \"-2\"."
        );
        assert_eq!(
            check("Prepay", Kind::Decimal, false, "1,234.50").unwrap_err(),
            "Prepay must be a plain number without thousand separators: write 1234.50; you typed \"1,234.50\"."
        );
        assert_eq!(
            check("Rate", Kind::Decimal, false, "8.25%").unwrap_err(),
            "Rate is a fraction, not a percent: 8.25% is written 0.0825; you typed \"8.25%\"."
        );
        assert!(check("Activation", Kind::Text, true, "2026-02-30")
            .unwrap_err()
            .contains("no such day"));
        assert!(check("Activation", Kind::Text, true, "2026-02")
            .unwrap_err()
            .contains("like 2026-10-21"));
        assert_eq!(
            check("Activation", Kind::Text, true, "2026-02-28"),
            Ok(Some("2026-02-28".into()))
        );
        assert_eq!(
            check("Prepay", Kind::Decimal, false, "115.00"),
            Ok(Some("115.00".into()))
        );
        assert_eq!(check("Prepay", Kind::Decimal, false, ""), Ok(None));
        assert_eq!(check("Tier", Kind::Int, false, "3"), Ok(Some(3.into())));
    }
}
