//! Measured cycles to invoices. Each rule family prices its own charges in
//! its own module (licenses, add-ons, fair-use resources, telco, devices,
//! one-time charges; AI tokens and free allocations in `ai` and
//! `allocations`); this module places them on the invoice calendar (R-M5,
//! R-M7, R-M8) and taxes each invoice (R-X1). Amounts are rounded once per
//! line (R-$1) in [`context`].

mod addons;
mod ai;
mod allocations;
mod context;
mod devices;
mod fair_use;
mod fixed;
mod licenses;
mod one_commitment;
mod one_time;
mod telco;

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use context::{Builder, Charges};
pub use fixed::Fixed;
pub use one_commitment::Whole;

use crate::calendar::Phase;
use crate::error::{Error, Result, Violation};
use crate::measure::{CycleUsage, Measured};
use crate::result::{CycleResult, Invoice, Line, PeakRow, TaxLine};
use crate::scenario::{Billing, Category};

/// One cycle priced: its charges, not yet placed, and its summary.
#[derive(Debug, Clone)]
pub struct PricedCycle {
    /// The charges, in advance and in arrears.
    pub charges: Charges,
    /// What the cycle measured and billed, for the result.
    pub summary: CycleResult,
}

/// Every invoice of a contract.
#[derive(Debug, Clone)]
pub struct Billed {
    /// The invoices, in date order.
    pub invoices: Vec<Invoice>,
    /// One summary per cycle.
    pub cycles: Vec<CycleResult>,
    /// The in-arrears lines of the cycle asked to keep (the open cycle of a
    /// bill to date), not yet invoiced.
    pub open_lines: Vec<Line>,
}

/// Some lines summed and taxed.
#[derive(Debug, Clone)]
pub struct Subtotals {
    /// Sum of the lines' amounts.
    pub subtotal: Decimal,
    /// Each tax that applied, with its base.
    pub taxes: Vec<TaxLine>,
    /// Sum of the taxes.
    pub tax: Decimal,
}

impl Builder<'_> {
    /// Cycle position `k` priced: every family's charges and the summary.
    pub fn cycle(&self, k: usize, u: &CycleUsage) -> Result<PricedCycle> {
        let c = &self.cycles[k];
        let mut ch = Charges::default();
        let mut usage = Vec::new();
        let basis = self.licenses(c, u, &mut ch, &mut usage)?;
        self.addons(c, u, &mut ch, &mut usage)?;
        let resources = self.resources(c, u, &basis, &mut ch)?;
        let telco = self.telco(c, u, &mut ch)?;
        self.device_monthly(c, &mut ch)?;
        let ai = ai::charges(self, c, u, &mut ch)?;
        let allocations = allocations::charges(self, c, u, &mut ch)?;

        let kind = self.s.contract.peak_rule.kind;
        let peaks = u
            .peaks
            .iter()
            .filter(|_| !self.quiet)
            .map(|(&org, p)| PeakRow {
                org: self.org_id(org),
                region: self.s.orgs[org as usize].region.clone(),
                raw: p.raw,
                sustained: p.sustained,
                cumulative: p.cumulative,
                cumulative_exact: p.cumulative_exact,
                billed: p.under(kind),
            })
            .collect();
        let summary = CycleResult {
            index: c.index,
            start: c.start,
            end: c.end,
            phase: c.phase,
            usage,
            peaks,
            resources,
            telco,
            ai,
            allocations,
        };
        Ok(PricedCycle {
            charges: ch,
            summary,
        })
    }

    /// Every prepay line of cycle `k` (R-M3): licenses, tokens, add-ons.
    fn prepay_lines(&self, k: usize, m: &Measured, annual: bool) -> Result<Vec<Line>> {
        let c = &self.cycles[k];
        let u = &m.cycles[k];
        if c.phase != Phase::Term {
            return Ok(Vec::new());
        }
        let mut out = self.license_prepay(c, u, annual)?;
        out.extend(ai::prepay(self, c, u, annual)?);
        out.extend(self.addon_prepay(c)?);
        Ok(out)
    }

    /// Whether prepay is billed a contract year at a time (R-M7).
    fn annual(&self) -> bool {
        self.s.contract.billing == Billing::AnnualUpfront
    }

    /// The invoice (by position) that carries cycle `k`'s prepay: the
    /// cycle's own, or its contract year's first when billed annually (R-M7).
    fn prepay_invoice(&self, k: usize) -> usize {
        let ramp = self.s.contract.ramp.cycles as usize;
        let term = self.cycles.get(k).is_some_and(|c| c.phase == Phase::Term);
        if self.annual() && term && k >= ramp {
            ramp + (k - ramp) / 12 * 12
        } else {
            k
        }
    }

    /// Every invoice of the contract, and the per-cycle summaries.
    ///
    /// `keep` names a cycle whose in-arrears lines are also returned (the
    /// bill-to-date preview).
    pub fn invoices(&self, m: &Measured, keep: Option<usize>) -> Result<Billed> {
        let n = self.cycles.len();
        let mut charges: Vec<Charges> = Vec::with_capacity(n);
        let mut cycles = Vec::with_capacity(n);
        for k in 0..n {
            let priced = self.cycle(k, &m.cycles[k])?;
            charges.push(priced.charges);
            cycles.push(priced.summary);
        }
        let annual = self.annual();
        let mut prepay: Vec<Vec<Line>> = vec![Vec::new(); n];
        for k in 0..n {
            let lines = self.prepay_lines(k, m, annual)?;
            if let Some(p) = prepay.get_mut(self.prepay_invoice(k)) {
                p.extend(lines);
            }
        }
        // An invoice at each cycle's start, and one after the last cycle (R-M5).
        let mut dates: Vec<NaiveDate> = self.cycles.iter().map(|c| c.start).collect();
        if let Some(last) = self.cycles.last() {
            dates.push(last.next_start());
        }
        let mut one_time = self.one_time()?;
        if let Some(&last) = dates.last() {
            if let Some(late) = one_time.iter().find(|o| o.date > last) {
                return Err(Violation::AfterLastInvoice {
                    path: late.path.clone(),
                    date: late.date,
                    last,
                }
                .into());
            }
        }
        one_time.sort_by_key(|o| o.date);
        let open_lines = keep
            .and_then(|k| charges.get(k))
            .map(|c: &Charges| c.arrears.clone())
            .unwrap_or_default();
        let mut invoices = Vec::new();
        let mut ot = one_time.into_iter().peekable();
        for (k, &date) in dates.iter().enumerate() {
            let mut lines = Vec::new();
            if k > 0 {
                lines.append(&mut charges[k - 1].arrears);
            }
            if k < n {
                lines.append(&mut prepay[k]);
                lines.append(&mut charges[k].advance);
            }
            while let Some(o) = ot.next_if(|o| o.date <= date) {
                lines.push(o.line);
            }
            if lines.is_empty() {
                continue;
            }
            invoices.push(self.finish(invoices.len() as u32 + 1, date, lines)?);
        }
        Ok(Billed {
            invoices,
            cycles,
            open_lines,
        })
    }

    /// Sorts lines by category, sums and taxes them (R-$1, R-X1).
    pub fn finish(&self, number: u32, date: NaiveDate, mut lines: Vec<Line>) -> Result<Invoice> {
        lines.sort_by_key(|l| Category::ALL.iter().position(|c| *c == l.category));
        let Subtotals {
            subtotal,
            taxes,
            tax,
        } = self.totals(&lines)?;
        let total = subtotal
            .checked_add(tax)
            .ok_or_else(|| Error::overflow(format!("invoice of {date}")))?;
        Ok(Invoice {
            number,
            date,
            lines,
            subtotal,
            taxes,
            tax,
            total,
        })
    }

    /// Subtotal, per-tax breakdown and tax of some lines.
    pub fn totals(&self, lines: &[Line]) -> Result<Subtotals> {
        let mut subtotal =
            crate::money::checked_sum(lines.iter().map(|l| &l.amount), "invoice subtotal")?;
        subtotal.rescale(self.cur.minor_units);
        let mut taxes = Vec::new();
        for t in &self.s.contract.taxes {
            let base = crate::money::checked_sum(
                lines
                    .iter()
                    .filter(|l| t.applies_to.contains(&l.category))
                    .map(|l| &l.amount),
                "tax base",
            )?;
            if base.is_zero() {
                continue;
            }
            let mut amount = base
                .checked_mul(t.rate)
                .map(|a| self.cur.round(a))
                .ok_or_else(|| Error::overflow(format!("tax {}", t.name)))?;
            amount.rescale(self.cur.minor_units);
            taxes.push(TaxLine {
                name: t.name.clone(),
                rate: t.rate,
                base,
                amount,
            });
        }
        let mut tax = crate::money::checked_sum(taxes.iter().map(|t| &t.amount), "invoice tax")?;
        tax.rescale(self.cur.minor_units);
        Ok(Subtotals {
            subtotal,
            taxes,
            tax,
        })
    }
}
