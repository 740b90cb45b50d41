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
    let cost = Decimal::from(billed)
        .checked_mul(per_minute)?
        .checked_div(Decimal::from(60))?;
    Some((
        billed,
        cost.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero),
    ))
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
        let at = format!("usage.calls[{i}]");
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
        row.cost = crate::money::add(row.cost, cost, &at)?;
        out.cdr_total = crate::money::add(out.cdr_total, cost, &at)?;
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
}
