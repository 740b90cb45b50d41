//! Words and numbers as people write them: no billing knowledge, so that
//! any module (errors included) can use them.

use rust_decimal::Decimal;

/// A number with thousands grouped by commas, as people write them on
/// invoices: 4400 -> "4,400", 258.82 -> "258.82", 1234567.5 -> "1,234,567.5".
pub fn grouped(d: Decimal) -> String {
    grouped_at_scale(d.normalize())
}

/// [`grouped`] keeping the decimals as they are: money at its minor units
/// (138.00 -> "138.00", not "138").
pub fn grouped_at_scale(d: Decimal) -> String {
    let t = d.to_string();
    let (sign, t) = t.strip_prefix('-').map_or(("", t.as_str()), |r| ("-", r));
    let (int, frac) = t.split_once('.').map_or((t, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(t.len() + t.len() / 3 + 1);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// Upper-cases the first letter.
pub fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_thousands() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(grouped(d("4400")), "4,400");
        assert_eq!(grouped(d("258.82")), "258.82");
        assert_eq!(grouped(d("1234567.50")), "1,234,567.5");
        assert_eq!(grouped(d("-50000")), "-50,000");
        assert_eq!(grouped(d("999")), "999");
    }
}
