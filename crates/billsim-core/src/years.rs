//! The invoices grouped by contract year, for a quote's summary (the
//! workbook's Summary sheet, the printed quote): what the customer pays in
//! each year.
//!
//! An invoice counts in the year of the cycle its date falls in; the
//! closing invoice, dated after the last cycle, counts with the last cycle.
//! Contract years are runs of 12 term cycles from the first term cycle, as
//! for annual prepay (R-M7); the ramp and the cycles after the term are
//! their own groups.

use rust_decimal::Decimal;

use crate::calendar::Phase;
use crate::result::{CycleResult, SimResult};

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
pub fn years(r: &SimResult) -> Result<Vec<Year>, crate::Error> {
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
                y.total = crate::money::add(y.total, inv.total, "totals.total")?;
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The example with a 2-cycle ramp, a 14-cycle term and 2 cycles after
    /// it: the ramp, two contract years (12 + 2 cycles) and the cycles after
    /// the term are four groups, and they hold every invoice and every cent
    /// (R-M7's contract years).
    #[test]
    fn r_m7_invoices_group_by_contract_year_and_sum_to_the_total() {
        let mut s: serde_json::Value =
            serde_json::from_str(include_str!("../../../examples/contact-center.json")).unwrap();
        s["contract"]["ramp"]["cycles"] = 2.into();
        s["contract"]["term_cycles"] = 14.into();
        s["contract"]["after_term_cycles"] = 2.into();
        let r = crate::simulate::simulate_json(&s.to_string(), &crate::Options::default()).unwrap();
        let y = years(&r).unwrap();
        let labels: Vec<&str> = y.iter().map(|y| y.label.as_str()).collect();
        assert_eq!(labels, ["Ramp", "Year 1", "Year 2", "After the term"]);
        assert_eq!(
            y.iter().map(|y| y.invoices).sum::<u64>(),
            r.invoices.len() as u64
        );
        assert_eq!(
            y.iter().map(|y| y.total).sum::<rust_decimal::Decimal>(),
            r.totals.total
        );
        // Year 2 holds the term's last 2 cycles' invoices, no more.
        assert!(y[2].invoices <= 3, "{y:?}");
    }
}
