//! A cost curve's pricing (R-O1), split by what a commitment can change.
//! Of a term cycle's charges only licenses, add-ons (capped by their base's
//! billed users, R-A1) and fair-use resources (allowances from billed
//! licenses, R-S1) read the commitments; telco, devices, AI tokens, free
//! allocations and one-time charges do not, nor does anything outside the
//! term (no commitment applies there, R-M3). Those are priced once per
//! measured usage and kept as line amounts summed per invoice and category.
//! A point of the curve prices only the rest, and only for the term cycles
//! whose commitments it has not seen yet: a step's curve leaves the other
//! steps' cycles as they were, and a level of the whole term is, cycle by
//! cycle, a step's value too. The sums are taxed as [`Builder::totals`]
//! taxes an invoice's lines. Lines are rounded one by one as ever (R-$1),
//! so the sums, taxes and total are the same amounts.

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;

use super::ai;
use super::allocations;
use super::context::{Builder, Charges};
use crate::calendar::Phase;
use crate::error::{Error, Result, Violation};
use crate::measure::Measured;
use crate::result::Line;
use crate::scenario::{Category, Model};

/// Line amounts of one invoice, per category (by position in [`Category::ALL`]).
pub(super) type Sums = [Decimal; Category::ALL.len()];

/// What one term cycle's commitment-dependent lines add to the invoice at
/// its start, the next one, and the one carrying its prepay (R-M5, R-M7).
#[derive(Debug, Clone, Default)]
struct CycleSums {
    advance: Sums,
    arrears: Sums,
    prepay: Sums,
}

/// Term cycles priced, kept while a curve point's neighbours may ask again
/// (a curve prices the level and each step at one commitment in a row):
/// past this many the memory is cleared, never the answers changed.
const SEEN_MAX: usize = 4096;

/// The charges of one measured usage that no commitment changes, summed per
/// invoice (position 0 to the number of cycles) and category, and the term
/// cycles priced so far by the commitments they read.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The model they were priced under: another model's are not these.
    model: Model,
    /// Per invoice position.
    sums: Vec<Sums>,
    /// Key: the cycle's position, then per schedule its (org, product) and
    /// quantity in the cycle, then each add-on's (see [`Builder::read`]).
    seen: FxHashMap<Vec<u128>, CycleSums>,
}

impl Fixed {
    /// The model these charges were priced under.
    pub(super) fn model(&self) -> Model {
        self.model
    }

    /// The sums per invoice position and category.
    pub(super) fn sums(&self) -> &[Sums] {
        &self.sums
    }
}

/// Adds `lines`' amounts to `row`.
pub(super) fn add_lines(row: &mut Sums, lines: &[Line]) -> Result<()> {
    for l in lines {
        if let Some(slot) = row.get_mut(l.category as usize) {
            *slot = crate::money::add(*slot, l.amount, "invoice subtotal")?;
        }
    }
    Ok(())
}

/// Adds one invoice's `add` to `row`, category by category. Most of a
/// term cycle's are zero (its lines are licenses and resources): adding
/// nothing is skipped, as only the values reach the total (rescaled).
fn add_sums(row: Option<&mut Sums>, add: &Sums) -> Result<()> {
    if let Some(row) = row {
        for (slot, a) in row.iter_mut().zip(add) {
            if !a.is_zero() {
                *slot = crate::money::add(*slot, *a, "invoice subtotal")?;
            }
        }
    }
    Ok(())
}

/// A quantity as a key: its exact representation (scale included).
fn bits(d: Decimal) -> u128 {
    u128::from_le_bytes(d.serialize())
}

impl Builder<'_> {
    /// Prices the charges of `m` that no commitment changes (see the
    /// module). An error here is left for the full pricing to report.
    pub fn fixed(&self, m: &Measured) -> Result<Fixed> {
        let n = self.cycles.len();
        let mut sums = vec![Sums::default(); n + 1];
        let annual = self.annual();
        let mut rows = Vec::new();
        for (k, c) in self.cycles.iter().enumerate() {
            let u = m
                .cycles
                .get(k)
                .ok_or_else(|| Error::invalid("cycles", "a cycle not measured"))?;
            let mut ch = Charges::default();
            let term = c.phase == Phase::Term;
            // Outside the term no family reads a commitment (R-M3); in it,
            // these three are the curve's to price.
            if !term {
                let basis = self.licenses(c, u, &mut ch, &mut rows)?;
                self.addons(c, u, &mut ch, &mut rows)?;
                self.resources(c, u, &basis, &mut ch)?;
            }
            self.telco(c, u, &mut ch)?;
            self.device_monthly(c, &mut ch)?;
            ai::charges(self, c, u, &mut ch)?;
            allocations::charges(self, c, u, &mut ch)?;
            if let Some(row) = sums.get_mut(k) {
                add_lines(row, &ch.advance)?;
            }
            if let Some(row) = sums.get_mut(k + 1) {
                add_lines(row, &ch.arrears)?;
            }
            if term {
                let lines: Vec<Line> = ai::prepay(self, c, u, annual)?.into_iter().collect();
                if let Some(row) = sums.get_mut(self.prepay_invoice(k)) {
                    add_lines(row, &lines)?;
                }
            }
        }
        // One-time lines on the first invoice on or after their date (R-M8).
        let mut dates: Vec<_> = self.cycles.iter().map(|c| c.start).collect();
        if let Some(last) = self.cycles.last() {
            dates.push(last.next_start());
        }
        for o in self.one_time()? {
            match dates.iter().position(|&d| o.date <= d) {
                Some(inv) => {
                    if let Some(row) = sums.get_mut(inv) {
                        add_lines(row, std::slice::from_ref(&o.line))?;
                    }
                }
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
            seen: FxHashMap::default(),
        })
    }

    /// Writes to `key` what term cycle `k`'s commitment-dependent charges
    /// read of the commitments: the schedules there are, and each one's
    /// and each add-on's quantity in the cycle.
    fn read(&self, k: usize, index: u32, key: &mut Vec<u128>) {
        key.clear();
        key.push(k as u128);
        for (org, p) in self.commit.keys() {
            key.push((u128::from(org) << 16) | u128::from(p));
            key.push(bits(self.commit.product(org, p, index)));
        }
        for a in 0..self.s.contract.addons.len() {
            key.push(bits(self.commit.addon(a, index)));
        }
    }

    /// Term cycle `k`'s commitment-dependent lines, summed.
    fn term_cycle(&self, k: usize, m: &Measured) -> Result<CycleSums> {
        let (Some(c), Some(u)) = (self.cycles.get(k), m.cycles.get(k)) else {
            return Err(Error::invalid("cycles", "a cycle not measured"));
        };
        let mut ch = Charges::default();
        let mut rows = Vec::new();
        let basis = self.licenses(c, u, &mut ch, &mut rows)?;
        self.addons(c, u, &mut ch, &mut rows)?;
        self.resources(c, u, &basis, &mut ch)?;
        let mut out = CycleSums::default();
        add_lines(&mut out.advance, &ch.advance)?;
        add_lines(&mut out.arrears, &ch.arrears)?;
        add_lines(&mut out.prepay, &self.license_prepay(c, u, self.annual())?)?;
        add_lines(&mut out.prepay, &self.addon_prepay(c)?)?;
        Ok(out)
    }

    /// The contract total with tax of `m` under this builder's commitments:
    /// `fixed` (priced from the same `m`) plus the charges the commitments
    /// change, taxed per invoice. The caller prices in full on an error, or
    /// when `fixed` is another model's (see [`Fixed`]).
    pub fn total_with(&self, fixed: &mut Fixed, m: &Measured) -> Result<Decimal> {
        if fixed.model != self.model || fixed.sums.len() != self.cycles.len() + 1 {
            return Err(Error::invalid(
                "model",
                "charges priced under another model",
            ));
        }
        let mut sums = fixed.sums.clone();
        let mut key = Vec::new();
        for (k, c) in self.cycles.iter().enumerate() {
            if c.phase != Phase::Term {
                continue;
            }
            self.read(k, c.index, &mut key);
            if !fixed.seen.contains_key(key.as_slice()) {
                let p = self.term_cycle(k, m)?;
                if fixed.seen.len() >= SEEN_MAX {
                    fixed.seen.clear();
                }
                fixed.seen.insert(key.clone(), p);
            }
            let Some(priced) = fixed.seen.get(key.as_slice()) else {
                return Err(Error::invalid("cycles", "a cycle not priced"));
            };
            add_sums(sums.get_mut(k), &priced.advance)?;
            add_sums(sums.get_mut(k + 1), &priced.arrears)?;
            add_sums(sums.get_mut(self.prepay_invoice(k)), &priced.prepay)?;
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
    pub(super) fn invoice_total(&self, row: &Sums) -> Result<Decimal> {
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
