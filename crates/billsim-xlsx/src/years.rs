//! The invoices grouped by contract year, for the summary: what the
//! customer pays in each year.
//!
//! An invoice counts in the year of the cycle its date falls in; the
//! closing invoice, dated after the last cycle, counts with the last cycle.
//! Contract years are runs of 12 term cycles from the first term cycle, as
//! for annual prepay (R-M7); the ramp and the cycles after the term are
//! their own groups.

use rust_decimal::Decimal;

use billsim_core::calendar::Phase;
use billsim_core::result::{CycleResult, SimResult};

/// One group's invoices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    /// `Ramp`, `Year 1`, ..., `After the term`.
    pub label: String,
    /// Invoices in it.
    pub invoices: u64,
    /// Their totals, summed.
    pub total: Decimal,
}

/// The groups in date order.
pub fn years(r: &SimResult) -> Result<Vec<Year>, billsim_core::Error> {
    let labels = labels(&r.cycles);
    let mut out: Vec<Year> = Vec::new();
    for inv in &r.invoices {
        // The last cycle starting on or before the invoice's date.
        let k = r.cycles.partition_point(|c| c.start <= inv.date);
        let label = labels
            .get(k.saturating_sub(1))
            .cloned()
            .unwrap_or_else(|| "Contract".to_owned());
        match out.last_mut() {
            Some(y) if y.label == label => {
                y.invoices += 1;
                y.total = billsim_core::money::add(y.total, inv.total, "totals.total")?;
            }
            _ => out.push(Year {
                label,
                invoices: 1,
                total: inv.total,
            }),
        }
    }
    Ok(out)
}

/// Each cycle's group label.
fn labels(cycles: &[CycleResult]) -> Vec<String> {
    let mut term = 0u32;
    cycles
        .iter()
        .map(|c| match c.phase {
            Phase::Ramp => "Ramp".to_owned(),
            Phase::Term => {
                term += 1;
                format!("Year {}", (term - 1) / 12 + 1)
            }
            Phase::AfterTerm => "After the term".to_owned(),
        })
        .collect()
}
