//! Plain-language derivations for invoice lines (R-E1). Pure text from numbers
//! the invoice builder already has: nothing here computes a charge.

use rust_decimal::Decimal;

use crate::calendar::Cycle;
use crate::scenario::{Model, PeakRule};

/// How a model's actual quantity reads in a sentence.
pub fn measured(model: Model, rule: PeakRule, q: Decimal) -> String {
    match model {
        Model::Named => format!("{q} user(s) logged in at least once"),
        Model::Concurrent => format!(
            "a billable peak of {q} concurrent user(s) ({} {} min)",
            rule_name(rule),
            rule.minutes
        ),
        Model::Hourly => format!("{q} user-hour(s)"),
    }
}

fn rule_name(rule: PeakRule) -> &'static str {
    match rule.kind {
        crate::scenario::PeakKind::Sustained => "held without interruption for",
        crate::scenario::PeakKind::Cumulative => "reached for a total of",
        crate::scenario::PeakKind::CumulativeExact => "held at exactly that level for a total of",
    }
}

/// "cycle 3 (2026-12-21 to 2027-01-20)".
pub fn cycle(c: &Cycle) -> String {
    format!("cycle {} ({} to {})", c.index, c.start, c.end)
}

/// A prepay line (R-M3), with what the cycle then measured.
pub fn prepay(
    c: &Cycle,
    committed: Decimal,
    rate: Decimal,
    actual: Option<(Decimal, String)>,
    annual: bool,
) -> String {
    let when = if annual {
        "in advance on the contract year's first invoice (annual upfront, R-M7)"
    } else {
        "in advance (R-M3)"
    };
    let mut s = format!("Committed {committed} for {}: billed {when} at the prepay rate {rate}, whatever the usage.", cycle(c));
    if let Some((a, words)) = actual {
        if a < committed {
            s.push_str(&format!(" The cycle measured {words}: below the commitment, so the commitment is still billed in full."));
        } else if a > committed {
            s.push_str(&format!(" The cycle measured {words}: the {} above the commitment are billed as overage in arrears on the next invoice (R-M4).", a - committed));
        } else {
            s.push_str(&format!(
                " The cycle measured {words}: exactly the commitment."
            ));
        }
    }
    s
}

/// An overage line (R-M4).
pub fn overage(c: &Cycle, words: &str, committed: Decimal, over: Decimal, rate: Decimal) -> String {
    format!("{}: {words} against {committed} committed; the {over} above the commitment are billed in arrears at the overage rate {rate} (R-M4).", capital(&cycle(c)))
}

/// A ramp line under `actual_in_arrears` (R-M2).
pub fn ramp_actual(c: &Cycle, words: &str, rate: Decimal) -> String {
    format!("Ramp {}: {words}, billed in arrears at the contracted rate {rate} (ramp licenses actual_in_arrears, R-M2).", cycle(c))
}

/// An after-term line (R-M6).
pub fn after_term(c: &Cycle, words: &str, rate: Decimal) -> String {
    format!("After the term, {}: {words}, billed in arrears at the list rate {rate} with no prepay (R-M6).", cycle(c))
}

/// Hours above the hour commitment (R-H1, R-H2).
pub fn hourly(
    c: &Cycle,
    exact: Decimal,
    billed: Decimal,
    committed: Decimal,
    excess: Decimal,
    rate: Decimal,
) -> String {
    let exact =
        exact.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let commit = if committed.is_zero() {
        String::new()
    } else {
        format!(", {committed} h committed and prepaid, so {excess} h")
    };
    format!("{}: {exact} h logged in, rounded up once to {billed} h (R-H1){commit} billed in arrears at {rate} per hour.", capital(&cycle(c)))
}

/// A resource overage line (R-S1, R-S2).
pub fn resource(
    c: &Cycle,
    label: &str,
    used: Decimal,
    allowance: Decimal,
    basis: &str,
    over: Decimal,
    rate: Decimal,
) -> String {
    format!("{}: {used} {label} used, allowance {allowance} ({basis}); the {over} above the allowance are billed in arrears at {rate} (R-S2). Unused allowance does not carry over.", capital(&cycle(c)))
}

/// Upper-cases the first letter.
pub fn capital(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
