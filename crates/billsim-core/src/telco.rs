//! Call rating (R-T1), the call-record reconciliation figures (R-T2) and the
//! short-duration surcharge (R-T3).

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::error::{Error, Result};
use crate::scenario::{Call, CallType, Telco};

/// Calls of one type and breakout in one cycle.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Row {
    /// Calls.
    pub calls: u64,
    /// Billed seconds after rounding up to the increment.
    pub billed_seconds: u64,
    /// Per-minute rate.
    pub rate: Decimal,
    /// Sum of per-call costs (each 4 decimals).
    pub cost: Decimal,
}

/// A cycle's calls, rated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rated {
    /// Per (type, international).
    pub rows: BTreeMap<(CallType, bool), Row>,
    /// Sum of every per-call cost: the CDR total (R-T2).
    pub cdr_total: Decimal,
    /// Completed outbound calls.
    pub outbound: u64,
    /// Of which short.
    pub short: u64,
    /// Short calls surcharged (0 unless R-T3 triggers).
    pub surcharged: u64,
}

/// One call's cost: seconds rounded up to the increment, priced per minute,
/// rounded to 4 decimals half-up (34 s -> 36 s at 0.0119/min = 0.0071).
pub fn call_cost(seconds: u32, increment: u32, per_minute: Decimal) -> Option<(u64, Decimal)> {
    let inc = u64::from(increment.max(1));
    let billed = u64::from(seconds).div_ceil(inc) * inc;
    if let Some(cost) = exact_cost(billed, per_minute) {
        return Some((billed, cost));
    }
    let cost = Decimal::from(billed)
        .checked_mul(per_minute)?
        .checked_div(Decimal::from(60))?;
    let mut cost = cost.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
    // Written with its 4 decimals, as the integer path writes it.
    cost.rescale(4);
    Some((billed, cost))
}

/// `billed` seconds at `per_minute`, in ten-thousandths rounded half away
/// from zero, in integers: the same figure as the Decimal division (x / 60
/// never ends in a run of 9s that its 28 digits could round up), several
/// times cheaper, for a rate of at most 4 decimals; `None` otherwise.
fn exact_cost(billed: u64, per_minute: Decimal) -> Option<Decimal> {
    let scale = per_minute.scale();
    if scale > 4 {
        return None;
    }
    // A call's seconds times a rate of a few digits fits in 64 bits, where
    // wasm has no 128-bit multiply or divide (a million calls are rated).
    if let Ok(m) = i64::try_from(per_minute.mantissa()) {
        let scaled = 10u64.pow(4 - scale);
        if let Some(n) = billed
            .checked_mul(m.unsigned_abs())
            .and_then(|n| n.checked_mul(scaled))
            .filter(|n| *n < 1 << 62)
        {
            let q = ((n + 30) / 60) as i64;
            return Some(Decimal::new(if m < 0 { -q } else { q }, 4));
        }
    }
    // Past 96 bits the Decimal product rounds: left to the division.
    let n = i128::from(billed)
        .checked_mul(per_minute.mantissa())
        .filter(|n| n.unsigned_abs() < 1 << 96)?;
    // Ten-thousandths x 60: billed x rate x 10^(4 - scale), rounded.
    let n = n.checked_mul(10i128.pow(4 - scale))?;
    let q = i128::try_from((n.unsigned_abs() + 30) / 60).ok()?;
    Decimal::try_from_i128_with_scale(if n < 0 { -q } else { q }, 4).ok()
}

/// Rates a cycle's calls. `indices` point into `calls`, for error paths.
pub fn rate(telco: &Telco, calls: &[Call], indices: &[usize]) -> Result<Rated> {
    let mut out = Rated::default();
    for &i in indices {
        let c = &calls[i];
        let rates = if c.international {
            telco.international_rates.as_ref().ok_or_else(|| {
                Error::invalid(
                    format!("usage.calls[{i}].international"),
                    "an international call needs contract.telco.international_rates",
                )
            })?
        } else {
            &telco.rates
        };
        let rate = match c.kind {
            CallType::Inbound => rates.inbound,
            CallType::Outbound => rates.outbound,
            CallType::ExtendedOutbound => rates.extended_outbound,
            CallType::TollFree => rates.toll_free,
        };
        let table = if c.international {
            "international_rates"
        } else {
            "rates"
        };
        let rate = rate.ok_or_else(|| {
            Error::invalid(
                format!("usage.calls[{i}].type"),
                format!(
                    "no rate for {} calls in contract.telco.{table}",
                    c.kind.as_str()
                ),
            )
        })?;
        // Seconds are bounded: a cost too large to compute is the rate's.
        let (billed, cost) = call_cost(c.seconds, telco.increment_seconds, rate)
            .ok_or_else(|| Error::overflow(rate_path(c.kind, c.international)))?;
        let row = out
            .rows
            .entry((c.kind, c.international))
            .or_insert_with(|| Row {
                rate,
                ..Row::default()
            });
        row.calls += 1;
        row.billed_seconds += billed;
        // The path is written only for an error: a million calls are rated.
        let at = || Error::overflow(format!("usage.calls[{i}]"));
        row.cost = row.cost.checked_add(cost).ok_or_else(at)?;
        out.cdr_total = out.cdr_total.checked_add(cost).ok_or_else(at)?;
        if c.kind.is_outbound() && c.seconds > 0 {
            out.outbound += 1;
            if let Some(s) = &telco.short_call {
                if c.seconds <= s.max_seconds {
                    out.short += 1;
                }
            }
        }
    }
    if let Some(s) = &telco.short_call {
        // R-T3: enough calls, and a large enough share of them short.
        if out.outbound >= u64::from(s.min_calls)
            && out.outbound > 0
            && s.share
                .checked_mul(Decimal::from(out.outbound))
                .is_some_and(|need| Decimal::from(out.short) >= need)
        {
            out.surcharged = out.short;
        }
    }
    Ok(out)
}

/// Where the rate of calls of `kind` is written: `contract.telco.rates.inbound`,
/// or `international_rates` for international calls.
pub fn rate_path(kind: CallType, international: bool) -> String {
    let table = if international {
        "international_rates"
    } else {
        "rates"
    };
    format!("contract.telco.{table}.{}", kind.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn r_t1_vendor_example_34s_costs_0_0071() {
        let (billed, cost) = call_cost(34, 6, Decimal::from_str("0.0119").unwrap()).unwrap();
        assert_eq!(billed, 36);
        assert_eq!(cost.to_string(), "0.0071");
        assert_eq!(call_cost(36, 6, Decimal::ONE).unwrap().0, 36);
        assert_eq!(call_cost(1, 6, Decimal::ONE).unwrap().0, 6);
        assert_eq!(call_cost(0, 6, Decimal::ONE).unwrap().0, 0);
        assert_eq!(call_cost(60, 6, Decimal::MAX), None);
    }

    /// R-T1: the integer cost is the Decimal division's, to the digit, for
    /// rates of up to 4 decimals and either sign; both write 4 decimals.
    #[test]
    fn r_t1_the_integer_cost_is_the_decimal_divisions() {
        let decimal = |billed: u64, rate: Decimal| {
            let mut d = (Decimal::from(billed) * rate / Decimal::from(60))
                .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
            d.rescale(4);
            d
        };
        for scale in 0..=4 {
            // The last two pass 62 bits with the longest calls: the 128-bit path.
            for m in [
                1i64,
                7,
                30,
                59,
                60,
                119,
                125,
                1500,
                9999,
                12345,
                -119,
                -30,
                10i64.pow(13),
                -(10i64.pow(13)),
            ] {
                let rate = Decimal::new(m, scale);
                for billed in (0..=600u64).chain([3599, 3600, 86_400, 4_294_967_295]) {
                    let want = decimal(billed, rate);
                    let got = exact_cost(billed, rate).unwrap();
                    assert_eq!(
                        (got, got.to_string()),
                        (want, want.to_string()),
                        "{billed} s at {rate}"
                    );
                }
            }
        }
        assert_eq!(exact_cost(60, Decimal::new(1, 5)), None);
    }
}
