//! Values of the format read exactly (R-V1). Decimals as the format writes them (`"115.00"`), read without loss: a
//! number with more digits than a decimal holds is refused, not rounded,
//! and an exponent (`"1e3"`) is refused, not read as 1000 (R-V1, R-$1). The
//! scenario's decimal fields and the CSV decimal cells share this reader.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::Serializer;

/// Why a text is not a decimal billsim can hold exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bad {
    /// Written with an exponent; the number in full, when it has one.
    Exponent(Option<Decimal>),
    /// A number, but with more digits than a decimal holds.
    TooManyDigits,
    /// Not a number at all.
    NotANumber,
}

/// A decimal read exactly from `s`.
pub(crate) fn parse(s: &str) -> Result<Decimal, Bad> {
    if s.bytes().any(|b| b == b'e' || b == b'E') {
        let full = Decimal::from_scientific(s).ok().map(|d| d.normalize());
        return Err(Bad::Exponent(full));
    }
    match Decimal::from_str_exact(s) {
        Ok(d) => Ok(d),
        Err(_) if is_number(s) => Err(Bad::TooManyDigits),
        Err(_) => Err(Bad::NotANumber),
    }
}

/// Digits with at most one point and an optional sign: a number, whatever
/// its size.
fn is_number(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    digits > 0
        && s.bytes().filter(|&b| b == b'.').count() <= 1
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'_')
}

impl Bad {
    /// What is wrong with `s` and what to write instead; none for text that
    /// is not a number (the caller says what it expected).
    pub(crate) fn message(self, s: &str) -> Option<String> {
        let s = s.escape_debug();
        match self {
            Bad::Exponent(Some(full)) => Some(format!(
                "\"{s}\" has an exponent: write the number in full ({full})"
            )),
            Bad::Exponent(None) => Some(format!(
                "\"{s}\" has an exponent: write the number in full, digits and a point"
            )),
            Bad::TooManyDigits => Some(format!(
                "\"{s}\" has more digits than billsim can hold (at most 28 significant digits)"
            )),
            Bad::NotANumber => None,
        }
    }
}

/// What rust_decimal's own reader says it expects (read as plain words by
/// the scenario's error messages).
const EXPECTING: &str = "a Decimal type representing a fixed-point number";

struct Exact;

impl Visitor<'_> for Exact {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTING)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        parse(v).map_err(|bad| match bad.message(v) {
            Some(m) => E::custom(m),
            None => E::invalid_value(Unexpected::Str(v), &self),
        })
    }
}

/// `#[serde(with = "crate::exact::str")]`: a decimal as a string.
pub mod str {
    use super::*;

    /// Reads a decimal string exactly.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        d.deserialize_str(Exact)
    }

    /// Writes it as rust_decimal does.
    pub fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        rust_decimal::serde::str::serialize(v, s)
    }
}

struct ExactOption;

impl<'de> Visitor<'de> for ExactOption {
    type Value = Option<Decimal>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTING)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<Decimal>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_str(self)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<Decimal>, E> {
        // As rust_decimal's reader: an empty text is no value.
        if v.is_empty() {
            return Ok(None);
        }
        parse(v).map(Some).map_err(|bad| match bad.message(v) {
            Some(m) => E::custom(m),
            None => E::custom(
                Decimal::from_str(v)
                    .or_else(|_| Decimal::from_scientific(v))
                    .err()
                    .map_or_else(String::new, |e| e.to_string()),
            ),
        })
    }
}

/// `#[serde(with = "crate::exact::str_option")]`: an optional
/// decimal as a string.
pub mod str_option {
    use super::*;

    /// Reads an optional decimal string exactly.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        d.deserialize_option(ExactOption)
    }

    /// Writes it as rust_decimal does.
    pub fn serialize<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
        rust_decimal::serde::str_option::serialize(v, s)
    }
}

/// The years billsim reads dates and instants in. A date outside them is a
/// typo (`20026`) or a placeholder (`0001-01-01`), never a bill.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// What is wrong with the year of date text `v`.
fn year_message(v: &str, what: &str) -> String {
    format!(
        "\"{}\" is outside the years billsim bills: write {what} in the years {} to {}",
        v.escape_debug(),
        YEARS.start(),
        YEARS.end()
    )
}

/// A date `YYYY-MM-DD` in [`YEARS`]; the error says what is wrong (chrono's
/// words for text that is not a date).
pub(crate) fn date(v: &str) -> Result<chrono::NaiveDate, String> {
    use chrono::Datelike;
    let d: chrono::NaiveDate = v.parse().map_err(|e: chrono::ParseError| e.to_string())?;
    if YEARS.contains(&d.year()) {
        Ok(d)
    } else {
        Err(year_message(v, "a date"))
    }
}

/// Why text written as a date (`YYYY-MM-DD`, digits where digits go) is
/// not one: the month or the day that does not exist. None for text of
/// another shape (its message asks for the shape).
pub(crate) fn no_such_date(v: &str) -> Option<String> {
    let shaped = v.len() == 10
        && v.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped || v.parse::<chrono::NaiveDate>().is_ok() {
        return None;
    }
    let month: u32 = v[5..7].parse().ok()?;
    Some(if (1..=12).contains(&month) {
        format!(
            "\"{v}\" is not a date that exists: {} has no day {}",
            &v[..7],
            &v[8..]
        )
    } else {
        format!(
            "\"{v}\" is not a date that exists: there is no month {}",
            &v[5..7]
        )
    })
}

/// Whether instant text `v` has a non-zero digit past the millisecond.
pub(crate) fn finer_than_a_millisecond(v: &[u8]) -> bool {
    v.iter().position(|&b| b == b'.').is_some_and(|i| {
        v[i + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .skip(3)
            .any(|&b| b != b'0')
    })
}

/// The message for instant text finer than a millisecond.
pub(crate) fn finer_message(v: &str) -> String {
    format!(
        "\"{}\": billsim keeps times to the millisecond: write at most 3 decimals of a second",
        v.escape_debug()
    )
}

/// The first and the last millisecond of [`YEARS`], UTC: 1900-01-01T00:00Z
/// and the millisecond before 2101-01-01T00:00Z.
pub(crate) const fn instant_range() -> std::ops::RangeInclusive<i64> {
    -2_208_988_800_000..=4_133_980_800_000 - 1
}

/// An instant in [`YEARS`] kept to the millisecond; the error says what is
/// wrong (chrono's words for text that is not an instant).
pub(crate) fn instant(v: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let t: chrono::DateTime<chrono::FixedOffset> =
        v.parse().map_err(|e: chrono::ParseError| e.to_string())?;
    if finer_than_a_millisecond(v.as_bytes()) {
        return Err(finer_message(v));
    }
    if !instant_range().contains(&t.timestamp_millis()) {
        return Err(year_message(v, "an instant"));
    }
    Ok(t.with_timezone(&chrono::Utc))
}

struct DateText;

impl Visitor<'_> for DateText {
    type Value = chrono::NaiveDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a formatted date string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<chrono::NaiveDate, E> {
        date(v).map_err(E::custom)
    }
}

/// `#[serde(with = "crate::exact::date")]`: a date `YYYY-MM-DD` in [`YEARS`].
pub mod date {
    use super::*;

    /// Reads a date.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<chrono::NaiveDate, D::Error> {
        d.deserialize_str(DateText)
    }

    /// Writes it as chrono does.
    pub fn serialize<S: Serializer>(v: &chrono::NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(v, s)
    }
}

/// `#[serde(with = "crate::exact::date_option")]`: an optional date.
pub mod date_option {
    use super::*;

    /// Reads an optional date.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<chrono::NaiveDate>, D::Error> {
        struct MaybeDate;
        impl<'de> Visitor<'de> for MaybeDate {
            type Value = Option<chrono::NaiveDate>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a formatted date string")
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_str(DateText).map(Some)
            }
        }
        d.deserialize_option(MaybeDate)
    }

    /// Writes it as chrono does.
    pub fn serialize<S: Serializer>(
        v: &Option<chrono::NaiveDate>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(v, s)
    }
}

struct InstantText;

impl Visitor<'_> for InstantText {
    type Value = chrono::DateTime<chrono::Utc>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 formatted date and time string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        instant(v).map_err(E::custom)
    }
}

/// `#[serde(with = "crate::exact::instant")]`: an RFC 3339 instant in
/// [`YEARS`], kept to the millisecond.
pub mod instant {
    use super::*;

    /// Reads an instant.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<chrono::DateTime<chrono::Utc>, D::Error> {
        d.deserialize_str(InstantText)
    }

    /// Writes it as chrono does.
    pub fn serialize<S: Serializer>(
        v: &chrono::DateTime<chrono::Utc>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(v, s)
    }
}

/// Serde for a map of decimals written as strings, keyed by a format enum.
pub mod map {
    use std::collections::BTreeMap;

    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct D(#[serde(with = "crate::exact::str")] Decimal);

    pub fn serialize<K: Serialize, S: Serializer>(
        m: &BTreeMap<K, Decimal>,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        s.collect_map(m.iter().map(|(k, v)| (k, D(*v))))
    }

    pub fn deserialize<'de, K: Deserialize<'de> + Ord, De: Deserializer<'de>>(
        d: De,
    ) -> std::result::Result<BTreeMap<K, Decimal>, De::Error> {
        let m: BTreeMap<K, D> = BTreeMap::deserialize(d)?;
        Ok(m.into_iter().map(|(k, D(v))| (k, v)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_v1_a_date_shaped_value_says_which_part_does_not_exist() {
        assert_eq!(
            no_such_date("2027-13-21").as_deref(),
            Some("\"2027-13-21\" is not a date that exists: there is no month 13")
        );
        assert_eq!(
            no_such_date("2027-02-30").as_deref(),
            Some("\"2027-02-30\" is not a date that exists: 2027-02 has no day 30")
        );
        assert_eq!(no_such_date("2027-02-28"), None);
        assert_eq!(no_such_date("21/10/2026"), None);
    }

    #[test]
    fn the_instant_range_is_the_years_range() {
        let ms = |y: i32| {
            chrono::NaiveDate::from_ymd_opt(y, 1, 1)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc().timestamp_millis())
                .unwrap()
        };
        assert_eq!(
            instant_range(),
            ms(*YEARS.start())..=ms(YEARS.end() + 1) - 1
        );
    }

    #[test]
    fn exact_decimals_and_what_is_refused() {
        assert_eq!(parse("115.00"), Ok(Decimal::new(11500, 2)));
        assert_eq!(parse("-0.0119"), Ok(Decimal::new(-119, 4)));
        assert_eq!(parse("1e3"), Err(Bad::Exponent(Some(Decimal::from(1000)))));
        assert_eq!(
            parse("2.5E-1").unwrap_err().message("2.5E-1").unwrap(),
            "\"2.5E-1\" has an exponent: write the number in full (0.25)"
        );
        let forty = "1.234567890123456789012345678901234567890";
        assert_eq!(parse(forty), Err(Bad::TooManyDigits));
        assert_eq!(parse(&"9".repeat(40)), Err(Bad::TooManyDigits));
        assert_eq!(
            parse("0.0000000000000000000000000001"),
            Ok(Decimal::new(1, 28))
        );
        assert_eq!(parse("abc"), Err(Bad::NotANumber));
        assert_eq!(parse(""), Err(Bad::NotANumber));
        assert_eq!(parse("."), Err(Bad::NotANumber));
    }
}
