//! A cost curve's pricing (R-O1), split by what a product commitment can
//! change. Of a cycle's charges only licenses, add-ons (capped by their
//! base's billed users, R-A1) and fair-use resources (allowances from billed
//! licenses, R-S1) read the product commitments; telco, devices, AI tokens,
//! free allocations and one-time charges do not. Those are priced once per
//! measured usage and kept as line amounts summed per invoice and category;
//! each point of the curve prices only the rest and taxes the sums as
//! [`Builder::totals`] taxes an invoice's lines. The lines are rounded one
//! by one as ever (R-$1), so the sums, taxes and total are the same amounts.

use rust_decimal::Decimal;

use super::ai;
use super::allocations;
use super::context::{Builder, Charges};
use crate::calendar::Phase;
use crate::error::{Error, Result, Violation};
use crate::measure::Measured;
use crate::result::Line;
use crate::scenario::{Category, Model};

/// Line amounts of one invoice, per category (by position in [`Category::ALL`]).
type Sums = [Decimal; Category::ALL.len()];

/// The charges of one measured usage that no product commitment changes,
/// summed per invoice (position 0 to the number of cycles) and category.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The model they were priced under: another model's are not these.
    model: Model,
    /// Per invoice position.
    sums: Vec<Sums>,
}

/// Adds `lines`' amounts to invoice `inv`'s sums.
fn add_lines(sums: &mut [Sums], inv: usize, lines: &[Line]) -> Result<()> {
    let Some(row) = sums.get_mut(inv) else {
        return Ok(());
    };
    for l in lines {
        if let Some(slot) = row.get_mut(l.category as usize) {
            *slot = crate::money::add(*slot, l.amount, "invoice subtotal")?;
        }
    }
    Ok(())
}

impl Builder<'_> {
    /// A cycle's advance lines go on the invoice at its start, its arrears
    /// on the next (R-M5): the placement [`Builder::invoices`] makes.
    fn add_charges(sums: &mut [Sums], k: usize, ch: &Charges) -> Result<()> {
        add_lines(sums, k, &ch.advance)?;
        add_lines(sums, k + 1, &ch.arrears)
    }

    /// Prices the charges of `m` that no product commitment changes (see
    /// the module). An error here is left for the full pricing to report.
    pub fn fixed(&self, m: &Measured) -> Result<Fixed> {
        let n = self.cycles.len();
        let mut sums = vec![Sums::default(); n + 1];
        let annual = self.annual();
        for (k, c) in self.cycles.iter().enumerate() {
            let u = m
                .cycles
                .get(k)
                .ok_or_else(|| Error::invalid("cycles", "a cycle not measured"))?;
            let mut ch = Charges::default();
            self.telco(c, u, &mut ch)?;
            self.device_monthly(c, &mut ch)?;
            ai::charges(self, c, u, &mut ch)?;
            allocations::charges(self, c, u, &mut ch)?;
            Self::add_charges(&mut sums, k, &ch)?;
            if c.phase == Phase::Term {
                let lines: Vec<Line> = ai::prepay(self, c, u, annual)?.into_iter().collect();
                add_lines(&mut sums, self.prepay_invoice(k), &lines)?;
            }
        }
        // One-time lines on the first invoice on or after their date (R-M8).
        let mut dates: Vec<_> = self.cycles.iter().map(|c| c.start).collect();
        if let Some(last) = self.cycles.last() {
            dates.push(last.next_start());
        }
        for o in self.one_time()? {
            match dates.iter().position(|&d| o.date <= d) {
                Some(inv) => add_lines(&mut sums, inv, std::slice::from_ref(&o.line))?,
                None => {
                    if let Some(&last) = dates.last() {
                        return Err(Violation::AfterLastInvoice {
                            path: o.path,
                            date: o.date,
                            last,
                        }
                        .into());
                    }
                }
            }
        }
        Ok(Fixed {
            model: self.model,
            sums,
        })
    }

    /// The contract total with tax of `m` under this builder's commitments:
    /// `fixed` (priced from the same `m`) plus the charges the commitments
    /// change, taxed per invoice. The caller prices in full on an error, or
    /// when `fixed` is another model's (see [`Fixed`]).
    pub fn total_with(&self, fixed: &Fixed, m: &Measured) -> Result<Decimal> {
        if fixed.model != self.model || fixed.sums.len() != self.cycles.len() + 1 {
            return Err(Error::invalid(
                "model",
                "charges priced under another model",
            ));
        }
        let mut sums = fixed.sums.clone();
        let annual = self.annual();
        let mut usage = Vec::new();
        for (k, c) in self.cycles.iter().enumerate() {
            let u = m
                .cycles
                .get(k)
                .ok_or_else(|| Error::invalid("cycles", "a cycle not measured"))?;
            let mut ch = Charges::default();
            let basis = self.licenses(c, u, &mut ch, &mut usage)?;
            self.addons(c, u, &mut ch, &mut usage)?;
            self.resources(c, u, &basis, &mut ch)?;
            Self::add_charges(&mut sums, k, &ch)?;
            if c.phase == Phase::Term {
                let inv = self.prepay_invoice(k);
                add_lines(&mut sums, inv, &self.license_prepay(c, u, annual)?)?;
                add_lines(&mut sums, inv, &self.addon_prepay(c)?)?;
            }
        }
        let mut total = Decimal::ZERO;
        for row in &sums {
            total = crate::money::add(total, self.invoice_total(row)?, "totals.total")?;
        }
        total.rescale(self.cur.minor_units);
        Ok(total)
    }

    /// One invoice's total from its sums per category: the subtotal and
    /// taxes of [`Builder::totals`], the same additions of the same amounts.
    fn invoice_total(&self, row: &Sums) -> Result<Decimal> {
        let subtotal = crate::money::checked_sum(row, "invoice subtotal")?;
        let mut tax = Decimal::ZERO;
        for t in &self.s.contract.taxes {
            // Each category once, however often the tax names it.
            let base = crate::money::checked_sum(
                Category::ALL
                    .iter()
                    .zip(row)
                    .filter(|(c, _)| t.applies_to.contains(c))
                    .map(|(_, a)| a),
                "tax base",
            )?;
            if base.is_zero() {
                continue;
            }
            let amount = base
                .checked_mul(t.rate)
                .map(|a| self.cur.round(a))
                .ok_or_else(|| Error::overflow(format!("tax {}", t.name)))?;
            tax = crate::money::add(tax, amount, "invoice tax")?;
        }
        crate::money::add(subtotal, tax, "invoice total")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_s_slot_is_its_position_in_invoice_order() {
        // The sums are indexed by `category as usize`: that must be ALL's order.
        for (i, c) in Category::ALL.iter().enumerate() {
            assert_eq!(*c as usize, i, "{c:?}");
        }
    }
}
