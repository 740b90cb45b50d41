//! Numbers drawn (SVG coordinates) and timings, written with one decimal by
//! integer arithmetic: the page then carries none of the float formatting
//! and parsing code of `core::fmt`, which weighs on its size budget.

/// `x` rounded to one decimal: `12.5`, `-3.0`.
pub fn n(x: f64) -> String {
    // `as` saturates and maps NaN to 0: a drawing never fails.
    let t = (x * 10.0).round() as i64;
    let sign = if t < 0 { "-" } else { "" };
    let t = t.unsigned_abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// `x` rounded to a whole number.
pub fn whole(x: f64) -> i64 {
    x.round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_decimal_as_the_float_formatter_writes_it() {
        for x in [0.0, 0.04, 0.05, 1.25, 12.34, 639.96, -0.5, -3.0, 1e6] {
            assert_eq!(n(x), format!("{:.1}", (x * 10.0_f64).round() / 10.0), "{x}");
        }
        assert_eq!(n(f64::NAN), "0.0");
        assert_eq!(whole(2.5), 3);
    }
}
