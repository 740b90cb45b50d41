//! The text of a report row's dates, instants and durations, written into
//! buffers the caller reuses: millions of user-days are written without an
//! allocation or a formatter call each.

use chrono::DateTime;

const DAY: i64 = 86_400_000;

/// Day numbers already spelled, from the first asked for on: a report's
/// days repeat for every user.
#[derive(Default)]
pub struct Dates {
    first: i64,
    /// Whether day `first + k` is spelled at `text[10 k..10 k + 10]`.
    known: Vec<bool>,
    text: String,
}

/// Days a [`Dates`] keeps at most (a contract's 600 cycles are 18,300).
const KEPT: i64 = 1 << 16;

impl Dates {
    /// Writes day number `day` as [`date`] does.
    pub fn write(&mut self, out: &mut String, day: i64) {
        if self.known.is_empty() {
            self.first = day;
        }
        let Some(at) = day
            .checked_sub(self.first)
            .filter(|k| (0..KEPT).contains(k))
            .map(|k| k as usize)
        else {
            return date(out, day);
        };
        if at >= self.known.len() {
            self.known.resize(at + 1, false);
            let len = self.text.len();
            self.text
                .extend(std::iter::repeat_n(' ', 10 * (at + 1) - len));
        }
        let slot = 10 * at..10 * at + 10;
        if self.known[at] {
            out.clear();
            out.push_str(self.text.get(slot).unwrap_or_default());
            return;
        }
        date(out, day);
        // Only a ten-character spelling has its slot (always, for 1900..2100).
        if out.len() == 10 {
            self.text.replace_range(slot, out);
            self.known[at] = true;
        }
    }
}

/// Writes an instant (ms since 1970) as `YYYY-MM-DDTHH:MM:SS.mmmZ`, as
/// chrono's `%Y-%m-%dT%H:%M:%S%.3fZ` does.
pub fn instant(out: &mut String, ms: i64) {
    let mut day = String::new();
    date(&mut day, ms.div_euclid(DAY));
    let t = ms.rem_euclid(DAY);
    out.clear();
    if day.len() != 10 {
        if let Some(t) = DateTime::from_timestamp_millis(ms) {
            out.push_str(&t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
        }
        return;
    }
    out.push_str(&day);
    out.push('T');
    digits(out, (t / 3_600_000) as u64, 2);
    out.push(':');
    digits(out, (t / 60_000 % 60) as u64, 2);
    out.push(':');
    digits(out, (t / 1000 % 60) as u64, 2);
    out.push('.');
    digits(out, (t % 1000) as u64, 3);
    out.push('Z');
}

/// Writes day number `day` (days since 1970-01-01) as `YYYY-MM-DD`, as
/// `NaiveDate`'s `to_string` does.
pub fn date(out: &mut String, day: i64) {
    out.clear();
    let (y, m, d) = civil(day);
    if (0..=9999).contains(&y) {
        digits(out, y as u64, 4);
        out.push('-');
        digits(out, u64::from(m), 2);
        out.push('-');
        digits(out, u64::from(d), 2);
    } else if let Some(t) = DateTime::from_timestamp_millis(day.saturating_mul(DAY)) {
        // Years past four digits: chrono's own spelling (never met: dates are 1900..2100).
        out.push_str(&t.date_naive().to_string());
    }
}

/// Writes milliseconds as `HH:MM:SS:mmm` (R-H3), as
/// [`crate::usage::format_duration`] does.
pub fn duration(out: &mut String, ms: i64) {
    out.clear();
    if !(0..100 * 3_600_000).contains(&ms) {
        out.push_str(&crate::usage::format_duration(ms));
        return;
    }
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    digits(out, h as u64, 2);
    out.push(':');
    digits(out, (rest / 60_000) as u64, 2);
    out.push(':');
    digits(out, (rest % 60_000 / 1000) as u64, 2);
    out.push(':');
    digits(out, (rest % 1000) as u64, 3);
}

/// `n` in exactly `width` decimal digits (it fits: checked by the callers).
fn digits(out: &mut String, n: u64, width: u32) {
    let mut p = 10u64.pow(width.saturating_sub(1));
    while p > 0 {
        out.push(char::from(b'0' + (n / p % 10) as u8));
        p /= 10;
    }
}

/// Year, month and day of a day number (H. Hinnant's `civil_from_days`).
fn civil(day: i64) -> (i64, u32, u32) {
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_chronos_spelling() {
        let mut s = String::new();
        // 1800-01-01 to 2200-12-31, and the far ends.
        for day in (-62_091..84_000).chain([-719_468 - 400, 3_000_000]) {
            date(&mut s, day);
            let want = DateTime::from_timestamp_millis(day * 86_400_000)
                .map(|t| t.date_naive().to_string())
                .unwrap_or_default();
            assert_eq!(s, want, "day {day}");
        }
    }

    #[test]
    fn instants_and_kept_dates_are_chronos_spelling() {
        let (mut s, mut kept) = (String::new(), String::new());
        let mut dates = Dates::default();
        for ms in (-2_300_000_000_000..4_200_000_000_000i64).step_by(999_999_937) {
            instant(&mut s, ms);
            let want = DateTime::from_timestamp_millis(ms)
                .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
                .unwrap_or_default();
            assert_eq!(s, want, "{ms} ms");
            let day = ms.div_euclid(DAY);
            dates.write(&mut kept, day);
            assert_eq!(kept, want[..10], "day {day}");
        }
    }

    #[test]
    fn durations_are_format_durations_spelling() {
        let mut s = String::new();
        for ms in [
            0,
            1,
            999,
            1000,
            59_999,
            3_599_999,
            86_400_000,
            359_999_999,
            360_000_000,
            123_456_789_012,
            -5,
        ] {
            duration(&mut s, ms);
            assert_eq!(s, crate::usage::format_duration(ms), "{ms} ms");
        }
    }
}
