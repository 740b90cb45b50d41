//! The simulated bill as reconciliation reads it: every line with the
//! invoice it is on, the cycle it charges and what it is about.

use chrono::NaiveDate;

use crate::result::{CycleResult, Line, LineKind, SimResult, Timing};

use super::classify::{simulated_subject, Subject};

/// One simulated line, placed.
#[derive(Debug, Clone)]
pub struct SimLine<'a> {
    /// The invoice it is on.
    pub invoice: NaiveDate,
    /// The cycle it charges.
    pub cycle: u32,
    /// What it is about.
    pub subject: Subject,
    /// The line.
    pub line: &'a Line,
}

/// Every line of `r`'s invoices, in invoice and line order.
pub fn of(r: &SimResult) -> Vec<SimLine<'_>> {
    let mut out = Vec::new();
    for inv in &r.invoices {
        for l in &inv.lines {
            out.push(SimLine {
                invoice: inv.date,
                cycle: cycle_of_day(&r.cycles, l.period.start),
                subject: simulated_subject(l),
                line: l,
            });
        }
    }
    out
}

/// The cycle containing `day`; a day before the first cycle is the first
/// cycle's (a one-time charge dated before activation), after the last the last's.
pub fn cycle_of_day(cycles: &[CycleResult], day: NaiveDate) -> u32 {
    cycles
        .iter()
        .find(|c| c.start <= day && day <= c.end)
        .or_else(|| cycles.iter().rfind(|c| c.start <= day))
        .or(cycles.first())
        .map_or(0, |c| c.index)
}

/// When a kind is billed: in advance, in arrears or once (the engine's timing).
pub fn timing(kind: LineKind) -> Timing {
    use LineKind::*;
    match kind {
        Prepay | AddonPrepay | DeviceMonthly | NumberMonthly | AiPrepay | AllocationMonthly => {
            Timing::InAdvance
        }
        DeviceOneTime | OneTime | NumberSetup => Timing::OneTime,
        Overage | Actual | Hourly | AddonOverage | Resource | Sms | Telco | TelcoSurcharge
        | AiOverage | AllocationOverage => Timing::InArrears,
    }
}

/// The date of the invoice a charge of `kind` for `cycle` goes on: the
/// cycle's start in advance (and once), the next cycle's start in arrears.
pub fn invoice_date(cycles: &[CycleResult], cycle: u32, kind: Option<LineKind>) -> NaiveDate {
    let Some(c) = cycles.iter().find(|c| c.index == cycle).or(cycles.last()) else {
        return NaiveDate::MIN;
    };
    match kind.map(timing) {
        Some(Timing::InArrears) => c.end.succ_opt().unwrap_or(c.end),
        _ => c.start,
    }
}
