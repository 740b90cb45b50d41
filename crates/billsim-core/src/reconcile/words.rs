//! The causes in sentences, as a customer reads them beside the line.

use rust_decimal::Decimal;

use crate::result::LineKind;
use crate::scenario::PeakRule;

use super::alternatives::Alternative;
use super::pair::Pair;
use super::report::Cause;

fn n(d: Decimal) -> String {
    d.normalize().to_string()
}

/// `rate`.
pub fn rate(field: &str, contract: Decimal, vendor: Decimal) -> String {
    format!(
        "The vendor charged {} a unit; the contract's {field} rate is {}.",
        n(vendor),
        n(contract)
    )
}

/// `rounding`.
pub fn rounding() -> String {
    "A minor unit of rounding.".into()
}

/// `period`, when the vendor billed part of a cycle.
pub fn prorated(billed: i64, days: i64) -> String {
    format!("The vendor billed {billed} of the cycle's {days} days; cycles are billed whole, never prorated (R-C2).")
}

/// `split`.
pub fn split(org: Option<&str>) -> String {
    format!(
        "The vendor put this quantity on another org than {}; across the orgs the quantities are the same (a commitment held by another org, R-M4).",
        org.unwrap_or("this one")
    )
}

/// `tier`.
pub fn tier(product: &str) -> String {
    format!("The vendor billed users at another tier than {product}; across the tiers the quantities are the same (R-L2).")
}

/// `usage`.
pub fn usage(vendor: Decimal, simulated: Decimal, measured: Option<Decimal>) -> String {
    match measured {
        Some(m) => format!(
            "The vendor billed {} on this line where the simulation bills {}: the usage measures {} in the cycle (\"Why N?\" shows who and when).",
            n(vendor),
            n(simulated),
            n(m)
        ),
        None => format!(
            "The vendor billed {}; the simulation bills {}.",
            n(vendor),
            n(simulated)
        ),
    }
}

/// `not_in_simulation`.
pub fn not_in_simulation() -> String {
    "The scenario does not model this charge: add it to the contract, or map it with --map.".into()
}

/// `missing_from_vendor`.
pub fn missing_from_vendor() -> String {
    "The simulation bills this; the vendor's bill has no such line.".into()
}

/// `tax`.
pub fn tax(name: &str, contract: Decimal, vendor: Decimal, base: Decimal) -> String {
    format!(
        "The vendor's {name} rate is {}; the contract's is {}, on a base of {}.",
        n(vendor),
        n(contract),
        n(base)
    )
}

/// `tax` on a base other than the contract's taxed lines.
pub fn tax_base(name: &str, rate: Decimal, base: Decimal) -> String {
    format!(
        "The vendor applied {name} at {} to a base of {}, which is not the sum of the lines the contract taxes.",
        n(rate),
        n(base)
    )
}

fn contract_rule(r: PeakRule) -> String {
    let kind = match r.kind {
        crate::scenario::PeakKind::Sustained => "sustained",
        crate::scenario::PeakKind::Cumulative => "cumulative",
        crate::scenario::PeakKind::CumulativeExact => "cumulative exact",
    };
    format!("{}-minute {kind}", r.minutes)
}

fn rule(r: &serde_json::Value) -> String {
    match serde_json::from_value::<PeakRule>(r.clone()) {
        Ok(r) if r.minutes == 0 => "the raw peak (no disregard)".into(),
        Ok(r) => format!(
            "a {} rule of {} minutes",
            match r.kind {
                crate::scenario::PeakKind::Sustained => "sustained",
                crate::scenario::PeakKind::Cumulative => "cumulative",
                crate::scenario::PeakKind::CumulativeExact => "cumulative exact",
            },
            r.minutes
        ),
        Err(_) => "another rule".into(),
    }
}

/// A cause found by billing again with the setting the vendor implies.
pub fn alternative(a: &Alternative, p: &Pair, alt: Decimal, contract: PeakRule) -> String {
    let s = n(p.sq);
    match a.cause {
        Cause::Period => format!(
            "The vendor's periods are anchored on another day: with activation {} the simulation bills {} here, not {s}.",
            a.value.as_str().unwrap_or("?"),
            n(alt)
        ),
        Cause::Ramp => format!(
            "The vendor bills the ramp otherwise ({} ramp cycles, licenses {}): billed so, the simulation bills {} here, not {s}.",
            a.value.get("cycles").map_or("?".into(), |c| c.to_string()),
            a.value.get("licenses").and_then(|l| l.as_str()).unwrap_or("?"),
            n(alt)
        ),
        Cause::Commitment => format!(
            "The vendor's prepaid quantity is not the scenario's commitment: with the vendor's commitments the simulation bills {} here, not {s}.",
            n(alt)
        ),
        // A fair-use line follows the licenses: each brings an allowance
        // (R-S1), so a rule that bills more licenses bills less overage.
        Cause::PeakRule if matches!(p.key, Some((LineKind::Resource, _))) => format!(
            "The licenses billed set this line's fair-use allowance (R-S1): under {} the licenses, and so the allowance, differ, and this line bills {}, as the vendor billed; under the contract's {} rule it bills {s}.",
            rule(&a.value),
            n(alt),
            contract_rule(contract)
        ),
        Cause::PeakRule => format!(
            "Under {} this line bills {}, as the vendor billed; the contract's {} rule disregards shorter peaks and bills {s}.",
            rule(&a.value),
            n(alt),
            contract_rule(contract)
        ),
        _ => format!("Billed again with {}, the simulation bills {}.", a.setting, n(alt)),
    }
}

/// The one-line answer.
/// `figures_differ` counts the vendor's figures (subscription or charges
/// quantities) that differ: they carry no amount of their own.
pub fn summary(
    matches: bool,
    difference: Decimal,
    causes: &[(Cause, Decimal)],
    currency: &str,
    figures_differ: usize,
) -> String {
    if matches {
        return "The vendor's bill matches the simulation to the cent.".into();
    }
    if difference.is_zero() && causes.iter().all(|(_, a)| a.is_zero()) {
        // "differs by 0" would read as a match: say what differs instead.
        return match figures_differ {
            0 => "The vendor's amounts match the simulation to the cent, but some of its quantities differ (below).".into(),
            n => format!(
                "The vendor's amounts match the simulation to the cent, but {n} of its figures differ (below)."
            ),
        };
    }
    let mut s = format!(
        "The vendor's bill differs by {currency} {}",
        crate::text::grouped_at_scale(difference)
    );
    let named: Vec<String> = causes
        .iter()
        .filter(|(_, a)| !a.is_zero())
        .map(|(c, a)| format!("{} {}", c.label(), signed(*a)))
        .collect();
    if !named.is_empty() {
        s.push_str(": ");
        s.push_str(&named.join(", "));
    }
    s.push('.');
    s
}

/// An amount with its sign, grouped: "+1,518.00", "-2,607.81".
pub fn signed(d: Decimal) -> String {
    let g = crate::text::grouped_at_scale(d);
    if d.is_sign_positive() && !d.is_zero() {
        format!("+{g}")
    } else {
        g
    }
}
