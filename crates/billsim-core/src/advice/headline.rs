//! The advice's headline per product, as the app shows it (R-O1): written
//! by the engine, so the page shows it and decides nothing.

use rust_decimal::Decimal;

use super::types::{Lead, ProductAdvice};

fn money(d: Decimal) -> String {
    crate::text::grouped_at_scale(d)
}

/// The scenario's steps as a person reads them: "20 from cycle 3, 30 from cycle 9".
fn current_steps(a: &ProductAdvice) -> String {
    let steps: Vec<String> = a
        .steps
        .iter()
        .map(|s| format!("{} from cycle {}", s.current, s.from_cycle))
        .collect();
    steps.join(", ")
}

/// The advice's headline for one product: the option it leads with
/// ([`ProductAdvice::lead`]) and what it saves, in words (R-O1).
pub fn headline(a: &ProductAdvice, currency: &str) -> String {
    if let Lead::Step(i) = a.lead() {
        let s = &a.steps[i];
        let saving = a.total_at_current - s.total_at_best;
        return format!(
            "Commit {} from cycle {} instead of {} (the other steps kept): save {} {currency} over the contract.",
            s.best,
            s.from_cycle,
            s.current,
            money(saving)
        );
    }
    let flat_saving = a.total_at_current.checked_sub(a.total_at_best);
    if !a.steps.is_empty()
        && a.steps.iter().all(|s| s.best == s.current)
        && flat_saving.is_some_and(|s| s <= Decimal::ZERO)
    {
        let flat = match flat_saving {
            Some(s) if s < Decimal::ZERO => format!(
                "one level over the whole term ({}) would cost {} {currency} more on this scenario's own usage",
                a.best,
                money(-s)
            ),
            _ => format!("one level over the whole term ({}) gives the same total", a.best),
        };
        return format!(
            "The current steps ({}) are each at their best; {flat}.",
            current_steps(a)
        );
    }
    if a.already_best() {
        return format!(
            "The current commitment of {} is already the best.",
            a.current
        );
    }
    // A stepped commitment is compared as a whole: the best is one level over the term.
    let now = if a.steps.is_empty() {
        a.current.to_string()
    } else {
        format!("the steps {}", current_steps(a))
    };
    let over = if a.steps.is_empty() {
        ""
    } else {
        " over the whole term"
    };
    match a.total_at_current.checked_sub(a.total_at_best) {
        Some(s) if s > Decimal::ZERO => format!(
            "Commit {}{over} instead of {now}: save {} {currency} over the contract.",
            a.best,
            money(s)
        ),
        Some(s) if s == Decimal::ZERO => format!(
            "Commit {}{over} instead of {now}: the same total.",
            a.best
        ),
        // Chosen by a percentile over the seeds, the best can cost more on the scenario's own seed.
        Some(s) => format!(
            "Commit {}{over} instead of {now}: best over the seeds, though {} {currency} more on this scenario's own usage.",
            a.best,
            money(-s)
        ),
        None => format!("Commit {}{over} instead of {now}.", a.best),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advice::types::StepAdvice;

    fn advice(steps: Vec<StepAdvice>, total_at_best: i64) -> ProductAdvice {
        ProductAdvice {
            product: "cx2".into(),
            org: None,
            current: Decimal::from(20),
            best: Decimal::from(20),
            total_at_current: Decimal::new(5817292, 2),
            total_at_best: Decimal::new(total_at_best, 2),
            steps,
            curve: vec![],
        }
    }

    fn step(from_cycle: u32, current: i64, best: i64, total: i64) -> StepAdvice {
        StepAdvice {
            from_cycle,
            current: Decimal::from(current),
            best: Decimal::from(best),
            total_at_best: Decimal::new(total, 2),
        }
    }

    /// R-O1: the headline names the cheapest option and its saving; a
    /// stepped commitment at its best says so, with the level's cost.
    #[test]
    fn r_o1_the_headline_names_the_cheapest_option() {
        let a = advice(
            vec![step(3, 20, 20, 5817292), step(9, 30, 22, 5413953)],
            5443830,
        );
        assert_eq!(
            headline(&a, "USD"),
            "Commit 22 from cycle 9 instead of 30 (the other steps kept): save 4,033.39 USD over the contract."
        );
        let at_best = advice(
            vec![step(3, 20, 20, 5817292), step(9, 22, 22, 5817292)],
            5847169,
        );
        assert_eq!(
            headline(&at_best, "USD"),
            "The current steps (20 from cycle 3, 22 from cycle 9) are each at their best; one level over the whole term (20) would cost 298.77 USD more on this scenario's own usage."
        );
        let flat = advice(vec![], 5443830);
        assert_eq!(
            headline(&flat, "USD"),
            "The current commitment of 20 is already the best."
        );
    }
}
