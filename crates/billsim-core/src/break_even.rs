//! The comparison's break-even in a sentence, as the app shows it under
//! the models compared: the ratio at which concurrent stops being cheaper
//! than named, this usage's own ratio, which of the two costs less by
//! their totals, and the cheapest overall when it is neither.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::compare::Comparison;

/// A ratio as a percentage to one decimal (0.66667 -> "66.7", 1 -> "100"),
/// rounded half away from zero.
fn percent(r: Decimal) -> String {
    r.checked_mul(Decimal::ONE_HUNDRED).map_or_else(
        || "an enormous".into(),
        |p| {
            // One decimal: whole percents made "below 100 % (here 100 %)"
            // of a ratio of 99.6 %.
            p.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
                .normalize()
                .to_string()
        },
    )
}

/// Which of named and concurrent costs less, from their totals (the
/// break-even ratio is an approximation where commitments step the cost, so
/// its verdict alone could contradict the table).
fn two_way(c: &Comparison) -> &'static str {
    let total = |name: &str| {
        c.models
            .iter()
            .find(|m| m.model == name && m.available)
            .map(|m| m.total)
    };
    match (total("named"), total("concurrent")) {
        (Some(n), Some(k)) if k < n => ": of these two, concurrent costs less",
        (Some(n), Some(k)) if n < k => ": of these two, named costs less",
        (Some(_), Some(_)) => ": named and concurrent cost the same",
        _ => "",
    }
}

/// The cheapest model when it is neither of the two the break-even compares.
fn overall(c: &Comparison) -> String {
    c.models
        .iter()
        .find(|m| m.cheapest && m.model != "named" && m.model != "concurrent")
        .map(|m| format!(" Cheapest overall: {} (marked in the table).", m.model))
        .unwrap_or_default()
}

/// The sentence; `None` unless both named and concurrent bill licenses.
pub fn sentence(c: &Comparison) -> Option<String> {
    let b = c.break_even()?;
    Some(format!(
        "Break-even: concurrent is cheaper while the billed peak stays below {} % of the named users billed (here {} %{}).{}",
        percent(b.break_even),
        percent(b.ratio),
        two_way(c),
        overall(c)
    ))
}

#[cfg(test)]
mod tests {
    use super::percent;
    use rust_decimal::Decimal;

    #[test]
    fn a_ratio_just_under_one_is_not_shown_as_the_break_even_of_one() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(percent(d("0.996")), "99.6");
        assert_eq!(percent(d("1")), "100");
        assert_eq!(percent(d("0.666666")), "66.7");
        assert_eq!(percent(d("0.50")), "50");
    }
}
