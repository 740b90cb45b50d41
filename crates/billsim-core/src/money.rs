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

    /// `quantity * unit_price`, rounded to the minor unit; `None` on overflow.
    pub fn line_amount(self, quantity: Decimal, unit_price: Decimal) -> Option<Decimal> {
        quantity.checked_mul(unit_price).map(|a| self.round(a))
    }

    /// Renders an amount with exactly the minor-unit decimals ("2300.00", "1500").
    pub fn fmt(self, amount: Decimal) -> String {
        let mut a = self.round(amount);
        a.rescale(self.minor_units);
        a.to_string()
    }
}

/// `a + b`, or an overflow error naming `path`.
pub fn add(a: Decimal, b: Decimal, path: &str) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(|| Error::overflow(path))
}

/// `a * b`, or an overflow error naming `path`.
pub fn mul(a: Decimal, b: Decimal, path: &str) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(|| Error::overflow(path))
}

/// Sums decimals, failing on overflow instead of panicking.
pub fn checked_sum<'a>(
    items: impl IntoIterator<Item = &'a Decimal>,
    path: &str,
) -> Result<Decimal> {
    items
        .into_iter()
        .try_fold(Decimal::ZERO, |acc, x| acc.checked_add(*x))
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
