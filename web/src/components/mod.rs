//! One component per file.

pub mod advice;
pub mod advice_chart;
pub mod chart;
pub mod compare;
pub mod import;
pub mod invoice;
pub mod quotes;
pub mod timeline;
pub mod workforce;

/// An amount as written on an offer: thousands grouped, its own decimals
/// kept (1234.50 -> "1,234.50"), straight from the decimal's digits.
pub fn money(d: rust_decimal::Decimal) -> String {
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
