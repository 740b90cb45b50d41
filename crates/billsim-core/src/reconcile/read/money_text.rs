//! Amounts and numbers as people type them from an invoice (R-R1): a
//! currency symbol or code, thousand separators, "(138.00)" for a credit.
//! Read exactly: the digits go to the crate's exact decimal reader, never
//! through a float, and the decimals printed are kept (R-R4 compares a rate
//! at the vendor's printed decimals).

use rust_decimal::Decimal;

/// A number read from text, with the decimals it was printed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Figure {
    /// Its value.
    pub(crate) value: Decimal,
    /// Digits printed after the point.
    pub(crate) decimals: u32,
}

/// The ISO codes a currency symbol may stand for. `$` is any dollar: the
/// invoice of a CAD scenario prints "$" too.
fn symbol_codes(symbol: &str) -> &'static [&'static str] {
    match symbol {
        "$" => &["USD", "CAD", "AUD", "NZD"],
        "US$" => &["USD"],
        "C$" | "CA$" => &["CAD"],
        "A$" | "AU$" => &["AUD"],
        "NZ$" => &["NZD"],
        "£" => &["GBP"],
        "€" => &["EUR"],
        "¥" => &["JPY"],
        "R$" => &["BRL"],
        "R" => &["ZAR"],
        _ => &[],
    }
}

/// Symbols, longest first so "R$" is not read as "R" followed by "$".
const SYMBOLS: [&str; 12] = [
    "CA$", "AU$", "NZ$", "US$", "R$", "C$", "A$", "$", "£", "€", "¥", "R",
];

/// Whether `code` (or `symbol`) names the scenario's `currency`.
pub(crate) fn is_currency(code_or_symbol: &str, currency: &str) -> bool {
    let t = code_or_symbol.trim();
    t.eq_ignore_ascii_case(currency)
        || symbol_codes(t)
            .iter()
            .any(|c| c.eq_ignore_ascii_case(currency))
}

/// The message for money in `found` where the scenario bills in `currency`.
pub(crate) fn other_currency(found: &str, currency: &str) -> String {
    let codes = symbol_codes(found.trim());
    let found = super::cells::clip_str(found).escape_debug();
    let what = if codes.is_empty() {
        format!("\"{found}\"")
    } else {
        format!("\"{found}\" ({})", codes.join(", "))
    };
    format!(
        "{what} is another currency than the scenario's {currency}: all of the vendor's money must be in the scenario's currency (R-R1); convert the file or set the scenario's currency"
    )
}

/// Amount text: "$1,234.50", "USD 1,234.50", "1,234.50", "(138.00)",
/// "-5", "5 €". A currency other than `currency`, a decimal comma or
/// anything else that is not an amount is an error saying what to write.
pub(crate) fn amount(cell: &str, currency: &str) -> Result<Figure, String> {
    parse(cell, Some(currency))
}

/// Number text as an amount is, without a currency ("1,000", "2.5").
pub(crate) fn number(cell: &str) -> Result<Figure, String> {
    parse(cell, None)
}

/// Plain digits with at most one point and a leading minus, of at most 18
/// digits ("0.0120", "-3"), without the general reader: the Cloud Voice
/// report has a million such cells. Anything else: none.
pub(crate) fn plain(b: &[u8]) -> Option<Figure> {
    let (neg, b) = match b {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, b),
    };
    if b.is_empty() || b.len() > 19 {
        return None;
    }
    let (mut m, mut point, mut digits) = (0i64, None, 0);
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                m = m * 10 + i64::from(c - b'0');
                digits += 1;
            }
            b'.' if point.is_none() && i > 0 => point = Some((b.len() - 1 - i) as u32),
            _ => return None,
        }
    }
    if digits == 0 || digits > 18 || point == Some(0) {
        return None;
    }
    let decimals = point.unwrap_or(0);
    let value = Decimal::new(if neg { -m } else { m }, decimals);
    Some(Figure { value, decimals })
}

fn parse(cell: &str, currency: Option<&str>) -> Result<Figure, String> {
    let shown = super::cells::clip_str(cell.trim())
        .escape_debug()
        .to_string();
    let not_a_number = || {
        if currency.is_some() {
            format!("\"{shown}\" is not an amount (write it as 1234.50, $1,234.50 or (138.00) for a credit)")
        } else {
            format!("\"{shown}\" is not a number (write it as 12, 1,000 or 2.5)")
        }
    };
    let mut t = cell.trim();
    if t.is_empty() {
        return Err("empty: write a number".to_owned());
    }
    // No amount is this long; the message quotes only the start.
    if t.len() > super::cells::QUOTED {
        return Err(format!("\"{shown}...\" is too long to be a number"));
    }
    let mut negative = false;
    if let Some(inner) = t.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        negative = true;
        t = inner.trim();
    }
    if let Some(rest) = t.strip_prefix('-') {
        if negative {
            return Err(not_a_number());
        }
        negative = true;
        t = rest.trim_start();
    }
    // A currency before or after the digits ("USD 5", "$5", "5 €").
    let (rest, found) = strip_currency(t);
    t = rest;
    if let Some(found) = found {
        match currency {
            None => return Err(not_a_number()),
            Some(c) if !is_currency(found, c) => return Err(other_currency(found, c)),
            Some(_) => {}
        }
    }
    // "$-5"
    if let Some(rest) = t.strip_prefix('-') {
        if negative {
            return Err(not_a_number());
        }
        negative = true;
        t = rest;
    }
    // "1e3" is named as an exponent, not just "not a number".
    if t.bytes().any(|b| b == b'e' || b == b'E') {
        if let Some(m) = crate::exact::parse(t).err().and_then(|bad| bad.message(t)) {
            return Err(m);
        }
    }
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Err(not_a_number());
    }
    let digits = separators(t, &shown)?;
    let value = crate::exact::parse(&digits)
        .map_err(|bad| bad.message(&digits).unwrap_or_else(not_a_number))?;
    let decimals = value.scale();
    Ok(Figure {
        value: if negative { -value } else { value },
        decimals,
    })
}

/// `t` without a currency code or symbol at either end, and the one found.
fn strip_currency(t: &str) -> (&str, Option<&str>) {
    // A three-letter code: "USD 1,234.50", "1,234.50 USD".
    let letters = t.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 3 && t.len() > 3 {
        return (t[3..].trim_start(), Some(&t[..3]));
    }
    let trailing = t.bytes().rev().take_while(u8::is_ascii_alphabetic).count();
    if trailing == 3 && t.len() > 3 {
        let at = t.len() - 3;
        return (t[..at].trim_end(), Some(&t[at..]));
    }
    for s in SYMBOLS {
        if let Some(rest) = t.strip_prefix(s) {
            return (rest.trim_start(), Some(s));
        }
        if let Some(rest) = t.strip_suffix(s) {
            return (rest.trim_end(), Some(s));
        }
    }
    (t, None)
}

/// Digits and at most one point, the thousand separators taken out: a
/// comma followed by exactly three digits (then another separator or the
/// end) is one; any other comma is a decimal comma, an error that writes the
/// number with a point.
fn separators(t: &str, shown: &str) -> Result<String, String> {
    let b = t.as_bytes();
    let mut out = String::with_capacity(t.len());
    let mut after_point = false;
    let mut group_start = 0;
    for (i, &c) in b.iter().enumerate() {
        match c {
            b',' => {
                let next = &b[i + 1..];
                let three = next.len() >= 3
                    && next[..3].iter().all(u8::is_ascii_digit)
                    && matches!(next.get(3), None | Some(b',' | b'.'));
                if after_point || !three {
                    return Err(decimal_comma(t, shown));
                }
                // The first group has 1 to 3 digits, the others exactly 3.
                let group = i - group_start;
                if group == 0 || (group > 3) {
                    return Err(format!(
                        "\"{shown}\": thousand separators go every three digits; write {}",
                        t.replace(',', "")
                    ));
                }
                group_start = i + 1;
            }
            b'.' => {
                after_point = true;
                out.push('.');
            }
            _ => out.push(char::from(c)),
        }
    }
    Ok(out)
}

/// The message for a decimal comma: the number written with a point (the
/// last comma is the decimal one; dots before it were thousand separators).
fn decimal_comma(t: &str, shown: &str) -> String {
    let at = t.rfind(',').unwrap_or(t.len());
    let whole: String = t[..at].chars().filter(char::is_ascii_digit).collect();
    let fraction: String = t[at..].chars().filter(char::is_ascii_digit).collect();
    let whole = if whole.is_empty() {
        "0".to_owned()
    } else {
        whole
    };
    format!("{shown}: a decimal comma; write {whole}.{fraction}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(t: &str, cur: &str) -> (String, u32) {
        let f = amount(t, cur).unwrap_or_else(|e| panic!("{t}: {e}"));
        (f.value.to_string(), f.decimals)
    }

    #[test]
    fn r_r1_amounts_with_symbol_code_and_separators() {
        assert_eq!(ok("$1,234.50", "USD"), ("1234.50".into(), 2));
        assert_eq!(ok("USD 1,234.50", "USD"), ("1234.50".into(), 2));
        assert_eq!(ok("1,234.50", "USD"), ("1234.50".into(), 2));
        assert_eq!(ok("1,234,567", "USD"), ("1234567".into(), 0));
        assert_eq!(ok(" 138.000 ", "USD"), ("138.000".into(), 3));
        assert_eq!(ok("5 €", "EUR"), ("5".into(), 0));
        assert_eq!(ok("R$ 10.5", "BRL"), ("10.5".into(), 1));
        assert_eq!(ok("R 10.5", "ZAR"), ("10.5".into(), 1));
        assert_eq!(ok("$12", "CAD"), ("12".into(), 0));
    }

    #[test]
    fn r_r1_parentheses_and_minus_are_credits() {
        assert_eq!(ok("(138.00)", "USD"), ("-138.00".into(), 2));
        assert_eq!(ok("($138.00)", "USD"), ("-138.00".into(), 2));
        assert_eq!(ok("-$5.10", "USD"), ("-5.10".into(), 2));
        assert_eq!(ok("$-5.10", "USD"), ("-5.10".into(), 2));
        assert!(amount("(-5)", "USD").is_err());
    }

    #[test]
    fn r_r1_a_decimal_comma_is_refused_with_the_number_written_with_a_point() {
        assert_eq!(
            amount("75,5", "USD").unwrap_err(),
            "75,5: a decimal comma; write 75.5"
        );
        assert_eq!(
            amount("1,23", "USD").unwrap_err(),
            "1,23: a decimal comma; write 1.23"
        );
        assert_eq!(
            amount("1.234,56", "EUR").unwrap_err(),
            "1.234,56: a decimal comma; write 1234.56"
        );
        assert_eq!(
            amount("1,2345", "USD").unwrap_err(),
            "1,2345: a decimal comma; write 1.2345"
        );
        assert!(amount("1234,567", "USD")
            .unwrap_err()
            .contains("every three digits"));
    }

    #[test]
    fn r_r1_another_currency_is_refused() {
        let e = amount("€5", "USD").unwrap_err();
        assert!(
            e.contains("\"€\" (EUR) is another currency than the scenario's USD"),
            "{e}"
        );
        assert!(amount("EUR 5", "USD").unwrap_err().contains("\"EUR\""));
        assert!(amount("$5", "EUR")
            .unwrap_err()
            .contains("USD, CAD, AUD, NZD"));
        assert!(amount("£5", "GBP").is_ok());
    }

    #[test]
    fn numbers_refuse_currency_and_junk() {
        assert_eq!(number("1,000").unwrap().value, Decimal::new(1000, 0));
        assert!(number("$5").is_err());
        assert!(number("abc").is_err());
        // Three letters alone are junk, not a currency.
        assert!(amount("TBD", "USD")
            .unwrap_err()
            .contains("is not an amount"));
        assert!(number("1e3").unwrap_err().contains("exponent"));
        assert!(number("").is_err());
        assert!(number("1.2.3").is_err());
    }

    #[test]
    fn plain_cells_match_the_general_reader() {
        for t in ["0", "0.0120", "-3", "12.5", "123456789012345678"] {
            assert_eq!(plain(t.as_bytes()), number(t).ok(), "{t}");
        }
        for t in ["", "-", ".5", "5.", "1,000", "1e3", "1234567890123456789"] {
            assert_eq!(plain(t.as_bytes()), None, "{t}");
        }
    }
}
