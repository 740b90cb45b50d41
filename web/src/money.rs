//! Money as people read it: thousands grouped, from the engine's exact
//! decimal string (a float would round a large amount's cents).

use rust_decimal::Decimal;

/// A count with thousand separators: 1,005,549.
pub fn count(n: impl Into<Decimal>) -> String {
    grouped(&n.into())
}

/// `58172.92` -> `58,172.92` (the digits are the decimal's own, untouched):
/// the core's grouping, so a figure reads the same in the page, the CLI
/// and the workbook.
pub fn grouped(d: &Decimal) -> String {
    billsim_core::text::grouped_at_scale(*d)
}

/// An amount with its currency code: `58,172.92 USD`.
pub fn money(d: &Decimal, currency: &str) -> String {
    format!("{} {currency}", grouped(d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn groups_the_exact_digits() {
        let g = |s: &str| grouped(&Decimal::from_str(s).unwrap());
        assert_eq!(g("58172.92"), "58,172.92");
        assert_eq!(g("0.72"), "0.72");
        assert_eq!(g("999.00"), "999.00");
        assert_eq!(g("1000"), "1,000");
        assert_eq!(g("-1234567.5"), "-1,234,567.5");
        // Past a float's 15-16 significant digits, every cent is kept.
        assert_eq!(g("12345678901234567.89"), "12,345,678,901,234,567.89");
        assert_eq!(
            money(&Decimal::from_str("2760.00").unwrap(), "USD"),
            "2,760.00 USD"
        );
    }
}
