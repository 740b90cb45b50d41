//! Currency minor units and the one rounding rule for money (R-$1).

use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::{Error, Result, Violation};

/// ISO 4217 codes the engine knows, with their minor units. A code outside
/// this table is rejected rather than guessed.
const MINOR_UNITS: &[(&str, u32)] = &[
    ("AUD", 2),
    ("BHD", 3),
    ("BRL", 2),
    ("CAD", 2),
    ("CHF", 2),
    ("CLP", 0),
    ("CNY", 2),
    ("CZK", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("INR", 2),
    ("ISK", 0),
    ("JOD", 3),
    ("JPY", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("MXN", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PLN", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("THB", 2),
    ("TND", 3),
    ("TRY", 2),
    ("TWD", 2),
    ("USD", 2),
    ("VND", 0),
    ("ZAR", 2),
];

/// A currency and how many decimals its amounts carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    /// Decimals of the minor unit: USD 2, JPY 0, BHD 3.
    pub minor_units: u32,
}

impl Currency {
    /// Looks up an ISO 4217 code.
    pub fn from_code(code: &str) -> Result<Currency> {
        MINOR_UNITS
            .iter()
            .find(|(c, _)| *c == code)
            .map(|&(_, minor_units)| Currency { minor_units })
            .ok_or_else(|| {
                Violation::UnknownCurrency {
                    code: code.to_owned(),
                }
                .into()
            })
    }

    /// Rounds an amount to the minor unit, half away from zero (R-$1):
    /// USD 0.125 -> 0.13, -0.125 -> -0.13; JPY 12.5 -> 13.
    pub fn round(self, amount: Decimal) -> Decimal {
        amount.round_dp_with_strategy(self.minor_units, RoundingStrategy::MidpointAwayFromZero)
    }

    /// `quantity * unit_price`, rounded to the minor unit; `None` on
    /// overflow, or at [`AMOUNT_LIMIT`] and above.
    pub fn line_amount(self, quantity: Decimal, unit_price: Decimal) -> Option<Decimal> {
        quantity
            .checked_mul(unit_price)
            .and_then(kept)
            .map(|a| self.round(a))
    }

    /// Renders an amount with exactly the minor-unit decimals ("2300.00", "1500").
    pub fn fmt(self, amount: Decimal) -> String {
        let mut a = self.round(amount);
        a.rescale(self.minor_units);
        a.to_string()
    }
}

/// The bound every amount stays under: 10^25. A decimal holds 28
/// significant digits, and past it `rust_decimal` drops decimals to make
/// room, so a total of 10^27 would silently lose its cents. Below 10^25 an
/// amount keeps three decimals exact (BHD's minor unit), whatever it sums.
pub const AMOUNT_LIMIT: Decimal = Decimal::from_parts(0x4a00_0000, 0x1614_0148, 0x8_4595, false, 0);

/// `a` when it is under [`AMOUNT_LIMIT`] in size.
fn kept(a: Decimal) -> Option<Decimal> {
    (a.abs() < AMOUNT_LIMIT).then_some(a)
}

/// `a + b`, or an overflow error naming `path` (at [`AMOUNT_LIMIT`] too).
pub fn add(a: Decimal, b: Decimal, path: &str) -> Result<Decimal> {
    a.checked_add(b)
        .and_then(kept)
        .ok_or_else(|| Error::overflow(path))
}

/// `a * b`, or an overflow error naming `path` (at [`AMOUNT_LIMIT`] too).
pub fn mul(a: Decimal, b: Decimal, path: &str) -> Result<Decimal> {
    a.checked_mul(b)
        .and_then(kept)
        .ok_or_else(|| Error::overflow(path))
}

/// Sums decimals, failing on overflow instead of panicking.
pub fn checked_sum<'a>(
    items: impl IntoIterator<Item = &'a Decimal>,
    path: &str,
) -> Result<Decimal> {
    items
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, x| acc.checked_add(*x).and_then(kept))
        .ok_or_else(|| Error::overflow(path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn r_v1_the_amount_limit_is_ten_to_the_25_and_keeps_three_decimals() {
        assert_eq!(AMOUNT_LIMIT, d("10000000000000000000000000"));
        // Just under the limit, a BHD amount keeps its fils when summed.
        let under = d("9999999999999999999999999.999");
        assert_eq!(
            add(under, d("-0.001"), "x").unwrap(),
            d("9999999999999999999999999.998")
        );
        assert!(add(under, d("0.001"), "x").is_err());
        assert!(mul(d("1000000000000"), d("10000000000000"), "x").is_err());
        assert!(checked_sum([&under, &d("0.001")], "x").is_err());
        let usd = Currency::from_code("USD").unwrap();
        assert_eq!(
            usd.line_amount(d("2"), d("5000000000000000000000000")),
            None
        );
        assert_eq!(
            usd.line_amount(d("2"), d("4999999999999999999999999.995")),
            Some(d("9999999999999999999999999.99"))
        );
    }

    #[test]
    fn r_dollar1_rounds_half_away_from_zero_to_minor_unit() {
        let usd = Currency::from_code("USD").unwrap();
        assert_eq!(usd.round(d("0.125")), d("0.13"));
        assert_eq!(usd.round(d("-0.125")), d("-0.13"));
        assert_eq!(
            usd.round(d("2.345")),
            d("2.35"),
            "banker's rounding would give 2.34"
        );
        let jpy = Currency::from_code("JPY").unwrap();
        assert_eq!(jpy.fmt(d("12.5")), "13");
        let bhd = Currency::from_code("BHD").unwrap();
        assert_eq!(bhd.fmt(d("1.2345")), "1.235");
        assert_eq!(usd.fmt(d("2300")), "2300.00");
    }

    #[test]
    fn unknown_currency_is_an_error_naming_the_field() {
        let e = Currency::from_code("XYZ").unwrap_err();
        assert_eq!(e.path(), "currency");
    }
}
