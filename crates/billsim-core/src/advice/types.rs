//! What advice returns: the shapes of `billsim advise --json` (format
//! section "Advice"), serializable as they are.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The whole advice: per product, its cost curve and best commitment
/// (R-O1, R-O2); the models ranked (R-O3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct Advice {
    /// Format version (1).
    pub billsim: u32,
    /// One entry per licensed product with a rate to commit at.
    pub products: Vec<ProductAdvice>,
    /// Named, concurrent and hourly, cheapest first, not comparable last.
    pub models: Vec<ModelRank>,
}

/// One product's cost curve and the commitment that minimizes it (R-O1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct ProductAdvice {
    /// Product id.
    pub product: String,
    /// The org the commitment is for, when the scenario has several orgs
    /// (a commitment belongs to one org's licenses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Commitment of the first term cycle.
    #[serde(with = "rust_decimal::serde::str")]
    pub current: Decimal,
    /// The commitment, held over the whole term, with the lowest total (or
    /// percentile, R-O2); the smallest on a tie.
    #[serde(with = "rust_decimal::serde::str")]
    pub best: Decimal,
    /// The scenario's own total (`totals.total` of simulate).
    #[serde(with = "rust_decimal::serde::str")]
    pub total_at_current: Decimal,
    /// The curve's total at `best`.
    #[serde(with = "rust_decimal::serde::str")]
    pub total_at_best: Decimal,
    /// Best quantity per step span, only when the product has several steps.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepAdvice>,
    /// Every integer commitment from 0 to twice the highest quantity
    /// measured in a term cycle (at least 1), in order. Past 20,001 points
    /// (more than 10,000 users) the curve is sampled: commitments a step
    /// of its end / 1,000 (rounded up) apart, both ends included, and every integer commitment
    /// between the two samples either side of the lowest one, where the
    /// best is searched exactly. That finds the exact best when the curve
    /// falls then rises, as license costs do (R-O1).
    pub curve: Vec<CurvePoint>,
}

/// The best quantity of one step of a stepped commitment, the other steps
/// kept as they are (R-O1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct StepAdvice {
    /// The cycle the step starts at.
    pub from_cycle: u32,
    /// Its quantity in the scenario.
    #[serde(with = "rust_decimal::serde::str")]
    pub current: Decimal,
    /// Its best quantity (smallest on a tie).
    #[serde(with = "rust_decimal::serde::str")]
    pub best: Decimal,
    /// The total with the step at `best`.
    #[serde(with = "rust_decimal::serde::str")]
    pub total_at_best: Decimal,
}

/// The contract total at one commitment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct CurvePoint {
    /// Committed quantity, held over the term.
    #[serde(with = "rust_decimal::serde::str")]
    pub committed: Decimal,
    /// Total with tax, for the scenario's own usage (its own seeds).
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    /// 10th percentile over the seeds (R-O2); null without profiles.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub p10: Option<Decimal>,
    /// 50th percentile over the seeds.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub p50: Option<Decimal>,
    /// 90th percentile over the seeds.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub p90: Option<Decimal>,
}

/// One model at its own best commitments (R-O3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct ModelRank {
    /// `named`, `concurrent` or `hourly`.
    pub model: String,
    /// Total with tax; null when not comparable.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total: Option<Decimal>,
    /// Whether the usage can be billed under this model.
    pub comparable: bool,
    /// The next model's total minus this one's; null for the last and
    /// wherever either side is not comparable.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub margin: Option<Decimal>,
    /// False when priced with another model's rates.
    pub own_rates: bool,
    /// Why not comparable (empty, and left out, when comparable).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// The row's note, in words: what a comparable model is priced at
    /// (its commitments per product, and whether the rates are another
    /// model's), or "not comparable: " and the reason.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The option advice leads with for one product (R-O1): one level held
/// over the term, or one step at its best with the other steps kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lead {
    /// `best`, held over the whole term.
    Term,
    /// The step at this position of `steps`, at its best.
    Step(usize),
}

impl ProductAdvice {
    /// Whether applying the advice would change nothing: one level
    /// already, at the best.
    pub fn already_best(&self) -> bool {
        self.steps.is_empty() && self.best == self.current
    }

    /// Of the options that lower the scenario's own total, the one that
    /// lowers it most (the level over the term on a tie); the level over
    /// the term when none does.
    pub fn lead(&self) -> Lead {
        let saving = |total: Decimal| self.total_at_current.checked_sub(total).unwrap_or_default();
        let mut pick = (saving(self.total_at_best), Lead::Term);
        for (i, s) in self.steps.iter().enumerate() {
            let by_step = saving(s.total_at_best);
            if s.best != s.current && by_step > pick.0 && by_step > Decimal::ZERO {
                pick = (by_step, Lead::Step(i));
            }
        }
        pick.1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn advice(total_at_best: i64, steps: &[(i64, i64, i64)]) -> ProductAdvice {
        ProductAdvice {
            product: "cx2".into(),
            org: None,
            current: Decimal::from(20),
            best: Decimal::from(20),
            total_at_current: Decimal::from(1000),
            total_at_best: Decimal::from(total_at_best),
            steps: steps
                .iter()
                .enumerate()
                .map(|(i, &(current, best, total))| StepAdvice {
                    from_cycle: 3 * i as u32,
                    current: Decimal::from(current),
                    best: Decimal::from(best),
                    total_at_best: Decimal::from(total),
                })
                .collect(),
            curve: vec![],
        }
    }

    /// R-O1: the headline is the cheapest option found on the scenario's own usage.
    #[test]
    fn r_o1_leads_with_the_cheapest_option() {
        // A step alone beats the level over the term.
        assert_eq!(
            advice(950, &[(20, 20, 1000), (30, 22, 900)]).lead(),
            Lead::Step(1)
        );
        // The level over the term beats every step.
        assert_eq!(
            advice(850, &[(20, 18, 900), (30, 22, 900)]).lead(),
            Lead::Term
        );
        // A tie goes to the level over the term.
        assert_eq!(advice(900, &[(30, 22, 900)]).lead(), Lead::Term);
        // A step already at its best, or one that saves nothing, is not led with.
        assert_eq!(advice(1000, &[(30, 30, 900)]).lead(), Lead::Term);
        assert_eq!(advice(1100, &[(30, 22, 1000)]).lead(), Lead::Term);
    }
}
