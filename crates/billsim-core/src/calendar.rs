//! Billing cycles anchored on the activation date (R-C1) and the phases of a
//! contract (R-M1).

use chrono::{Days, Months, NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::scenario::Contract;

/// Which part of the contract a cycle belongs to (R-M1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Before the term.
    Ramp,
    /// The subscription term.
    Term,
    /// After the term.
    AfterTerm,
}

impl Phase {
    /// The format's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Ramp => "ramp",
            Phase::Term => "term",
            Phase::AfterTerm => "after_term",
        }
    }
}

/// One monthly billing cycle: `start..=end`, whole UTC days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cycle {
    /// 0 for the cycle starting at activation.
    pub index: u32,
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
    /// Ramp, term or after-term.
    pub phase: Phase,
}

impl Cycle {
    /// The day after `end`: the next cycle's start and the date of the invoice
    /// that carries this cycle's in-arrears charges (R-M5).
    pub fn next_start(&self) -> NaiveDate {
        // `end` was computed as a start minus one day, so this cannot overflow.
        self.end.checked_add_days(Days::new(1)).unwrap_or(self.end)
    }

    /// Start instant in milliseconds since the Unix epoch (UTC midnight).
    pub fn start_ms(&self) -> i64 {
        day_ms(self.start)
    }

    /// End instant (exclusive) in milliseconds.
    pub fn end_ms(&self) -> i64 {
        day_ms(self.next_start())
    }

    /// Whether the day falls in the cycle.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
}

/// The position of cycle number `cycle` (a row's `cycle` field at `path`),
/// or an error if the contract has no such cycle.
pub fn cycle_index(cycles: &[Cycle], cycle: u32, path: &str) -> Result<usize> {
    let c = cycle as usize;
    if c >= cycles.len() {
        return Err(Error::invalid(
            format!("{path}.cycle"),
            format!(
                "cycle {c} is past the contract's last cycle {}",
                cycles.len().saturating_sub(1)
            ),
        ));
    }
    Ok(c)
}

/// UTC midnight of a day, in milliseconds since the epoch.
pub fn day_ms(day: NaiveDate) -> i64 {
    day.and_time(NaiveTime::MIN).and_utc().timestamp_millis()
}

/// Start of cycle `k`: the anchor day `k` months on, clamped to the month's
/// last day (anchor Jan 31 -> Feb 28/29 -> Mar 31). Computed from the anchor
/// each time so a clamp never sticks.
pub fn cycle_start(activation: NaiveDate, k: u32) -> Option<NaiveDate> {
    activation.checked_add_months(Months::new(k))
}

/// Every cycle of the contract: ramp, term, after-term, tiling with no gap.
pub fn cycles(contract: &Contract) -> Result<Vec<Cycle>> {
    let ramp = contract.ramp.cycles;
    let term = contract.term_cycles;
    let total = ramp
        .checked_add(term)
        .and_then(|n| n.checked_add(contract.after_term_cycles))
        .filter(|&n| n <= MAX_CYCLES)
        .ok_or_else(|| {
            Error::invalid(
                "contract.term_cycles",
                format!("ramp + term + after-term must be at most {MAX_CYCLES} cycles"),
            )
        })?;
    (0..total)
        .map(|k| {
            let start = cycle_start(contract.activation, k);
            let next = cycle_start(contract.activation, k + 1)
                .and_then(|n| n.checked_sub_days(Days::new(1)));
            match (start, next) {
                (Some(start), Some(end)) => Ok(Cycle {
                    index: k,
                    start,
                    end,
                    phase: if k < ramp {
                        Phase::Ramp
                    } else if k < ramp + term {
                        Phase::Term
                    } else {
                        Phase::AfterTerm
                    },
                }),
                _ => Err(Error::invalid(
                    "contract.activation",
                    "the contract runs past the last representable date",
                )),
            }
        })
        .collect()
}

/// A contract longer than this (50 years) is surely a typo.
pub const MAX_CYCLES: u32 = 600;

/// The cycle containing an instant, by binary search.
pub fn cycle_of_ms(cycles: &[Cycle], t: i64) -> Option<usize> {
    let i = cycles.partition_point(|c| c.start_ms() <= t);
    (i > 0 && t < cycles[i - 1].end_ms()).then(|| i - 1)
}

/// The cycle containing a day.
pub fn cycle_of_day(cycles: &[Cycle], day: NaiveDate) -> Option<usize> {
    let i = cycles.partition_point(|c| c.start <= day);
    (i > 0 && cycles[i - 1].contains(day)).then(|| i - 1)
}

/// The quantity of a step schedule (sorted by cycle) in cycle `k`; 0 before the first step.
pub(crate) fn step_at(steps: &[(u32, Decimal)], k: u32) -> Decimal {
    steps
        .iter()
        .rev()
        .find(|(from, _)| *from <= k)
        .map_or(Decimal::ZERO, |x| x.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn r_c1_anchor_31_clamps_and_returns() {
        let a = d("2027-01-31");
        let starts: Vec<_> = (0..5)
            .map(|k| cycle_start(a, k).unwrap().to_string())
            .collect();
        assert_eq!(
            starts,
            [
                "2027-01-31",
                "2027-02-28",
                "2027-03-31",
                "2027-04-30",
                "2027-05-31"
            ]
        );
        // Leap year.
        assert_eq!(cycle_start(d("2028-01-31"), 1).unwrap(), d("2028-02-29"));
        assert_eq!(cycle_start(d("2028-01-30"), 1).unwrap(), d("2028-02-29"));
        assert_eq!(cycle_start(d("2028-01-30"), 2).unwrap(), d("2028-03-30"));
    }

    #[test]
    fn r_c1_cycle_lookup_by_instant() {
        let c = Cycle {
            index: 0,
            start: d("2026-10-21"),
            end: d("2026-11-20"),
            phase: Phase::Term,
        };
        let cs = [c];
        assert_eq!(cycle_of_ms(&cs, c.start_ms()), Some(0));
        assert_eq!(cycle_of_ms(&cs, c.end_ms() - 1), Some(0));
        assert_eq!(cycle_of_ms(&cs, c.end_ms()), None);
        assert_eq!(cycle_of_ms(&cs, c.start_ms() - 1), None);
    }
}
