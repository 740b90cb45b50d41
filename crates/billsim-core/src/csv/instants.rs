//! RFC 3339 instants of the usage files, to milliseconds since 1970.

use chrono::DateTime;

/// Parses RFC 3339 instants: `2026-10-21T08:00:00Z` (optionally `.sss`)
/// without allocation, remembering the day numbers of recent dates (a
/// file's rows share a few hundred dates at most); anything else goes
/// through chrono's full parser.
pub struct Instants {
    /// Dates seen, by a hash of their ten bytes: the bytes as numbers and
    /// the day number.
    days: Box<[Option<(u64, u16, i64)>; 1 << DAY_BITS]>,
}

/// Room for a year's dates and more: a file sorted by user goes through
/// every day of the year once per user, so a table of 64 missed on most
/// rows of a year of logins.
const DAY_BITS: u32 = 10;

impl Default for Instants {
    fn default() -> Self {
        Instants {
            days: Box::new([None; 1 << DAY_BITS]),
        }
    }
}

impl Instants {
    /// Milliseconds since the epoch of an RFC 3339 instant, or none if `b`
    /// is not one, is finer than a millisecond or is outside the years
    /// billsim bills ([`problem`] says which).
    pub fn parse(&mut self, b: &[u8]) -> Option<i64> {
        self.fast(b).or_else(|| {
            if crate::exact::finer_than_a_millisecond(b) {
                return None;
            }
            std::str::from_utf8(b)
                .ok()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                .map(|t| t.timestamp_millis())
                .filter(|ms| crate::exact::instant_range().contains(ms))
        })
    }

    fn fast(&mut self, b: &[u8]) -> Option<i64> {
        if b.len() < 20 || (b[10] != b'T' && b[10] != b't') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let key = (
            u64::from_le_bytes(b[0..8].try_into().ok()?),
            u16::from_le_bytes(b[8..10].try_into().ok()?),
        );
        let slot = ((key.0 ^ u64::from(key.1) << 3).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            >> (64 - DAY_BITS)) as usize;
        let days = match self.days.get(slot).copied().flatten() {
            Some((k8, k2, days)) if (k8, k2) == key => days,
            _ => {
                let days = day_number(b)?;
                if let Some(s) = self.days.get_mut(slot) {
                    *s = Some((key.0, key.1, days));
                }
                days
            }
        };
        let (h, mi, s) = (
            digits(&b[11..13])?,
            digits(&b[14..16])?,
            digits(&b[17..19])?,
        );
        let ms = match &b[19..] {
            b"Z" | b"z" => 0,
            // Kept to the millisecond: a digit past it must be 0.
            [b'.', rest @ .., b'Z'] if !rest.is_empty() && rest.len() <= 9 => {
                let frac = digits(rest)?;
                let scale = 10i64.pow(rest.len() as u32);
                if (frac * 1000) % scale != 0 {
                    return None;
                }
                frac * 1000 / scale
            }
            _ => return None,
        };
        if h > 23 || mi > 59 || s > 59 {
            return None;
        }
        Some(days * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + ms)
    }
}

/// What is wrong with cell `b`, which [`Instants::parse`] refused.
#[cold]
pub fn problem(b: &[u8]) -> String {
    let shown = super::cells::shown(b);
    if crate::exact::finer_than_a_millisecond(b) {
        return format!(
            "\"{shown}\": billsim keeps times to the millisecond: write at most 3 decimals of a second"
        );
    }
    match std::str::from_utf8(b).map(DateTime::parse_from_rfc3339) {
        Ok(Ok(_)) => format!(
            "\"{shown}\" is outside the years billsim bills: write an instant in the years {} to {}",
            crate::exact::YEARS.start(),
            crate::exact::YEARS.end()
        ),
        _ => format!(
            "\"{shown}\" is not a date and time like 2026-10-21T09:00:00Z (RFC 3339: Z or an offset such as +02:00)"
        ),
    }
}

/// A run of ASCII digits as a number.
fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

/// The day number of a valid `YYYY-MM-DD` at the start of `b`.
fn day_number(b: &[u8]) -> Option<i64> {
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (y, mo, d) = (
        digits(b.get(0..4)?)?,
        digits(b.get(5..7)?)?,
        digits(b.get(8..10)?)?,
    );
    if !crate::exact::YEARS.contains(&(y as i32)) {
        return None;
    }
    let days_in_month = match mo {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    (1..=days_in_month)
        .contains(&d)
        .then(|| days_from_civil(y, mo, d))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`): the CSV hot path avoids building a chrono date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_instant(b: &[u8]) -> Option<i64> {
        Instants::default().parse(b)
    }
    use chrono::NaiveDate;

    #[test]
    fn civil_days_match_chrono() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (2026, 10, 21),
            (2100, 3, 1),
            (1969, 12, 31),
        ] {
            let want = crate::calendar::day_ms(
                NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32).unwrap(),
            ) / 86_400_000;
            assert_eq!(days_from_civil(y, m, d), want, "{y}-{m}-{d}");
        }
        assert_eq!(parse_instant(b"2027-02-29T00:00:00Z"), None);
        assert!(parse_instant(b"2028-02-29T00:00:00Z").is_some());
    }

    #[test]
    fn instants_fast_and_slow_paths_agree() {
        let a = parse_instant(b"2026-10-21T08:00:00Z").unwrap();
        assert_eq!(Some(a), parse_instant(b"2026-10-21T10:00:00+02:00"));
        assert_eq!(Some(a + 250), parse_instant(b"2026-10-21T08:00:00.250Z"));
        assert_eq!(parse_instant(b"2026-13-21T08:00:00Z"), None);
        assert_eq!(parse_instant(b"yesterday"), None);
    }

    #[test]
    fn instants_remember_dates_without_mixing_them_up() {
        // One parser over three years, back and forth: every slot of its
        // date cache is reused by many dates.
        let mut p = Instants::default();
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for i in (0..1096).chain((0..1096).rev()).chain((0..1096).step_by(7)) {
            let day = start + chrono::Days::new(i);
            let text = format!("{day}T{:02}:15:00Z", i % 24);
            let want = DateTime::parse_from_rfc3339(&text)
                .unwrap()
                .timestamp_millis();
            assert_eq!(p.parse(text.as_bytes()), Some(want), "{text}");
        }
    }
}
