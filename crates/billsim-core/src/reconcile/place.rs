//! Where each vendor line belongs (R-R2 scope): its cycle (the most days of
//! its service period, or its invoice date and kind), what it charges for,
//! its org, and the simulated invoice it is read against.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::result::{CycleResult, LineKind, Period, Timing};

use super::classify::{Class, Classifier};
use super::sim_lines::{invoice_date, timing};
use super::vendor::{FileKind, RowKind, VendorBill, VendorLine};

/// One vendor line, placed.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Index into the bill's lines.
    pub index: usize,
    /// The simulated cycle it charges.
    pub cycle: u32,
    /// What it charges for, in the cycle's phase.
    pub class: Class,
    /// The scenario org it names.
    pub org: Option<String>,
    /// The simulated invoice it is read against.
    pub invoice: NaiveDate,
    /// Days billed and days in the cycle, when the vendor's period is
    /// shorter than the cycle (proration, which R-C2 does not do).
    pub prorated: Option<(i64, i64)>,
}

/// The vendor's lines, placed: charges, taxes, and what the totals said.
#[derive(Debug, Clone, Default)]
pub struct Placement {
    /// Charges (and lines the scenario does not model), in file order.
    pub charges: Vec<Placed>,
    /// Tax lines.
    pub taxes: Vec<Placed>,
    /// Total rows that do not add up, duplicate sources compared.
    pub notes: Vec<String>,
}

/// Days a period shares with a cycle.
fn overlap(p: &Period, c: &CycleResult) -> i64 {
    let s = p.start.max(c.start);
    let e = p.end.min(c.end);
    (e - s).num_days() + 1
}

/// The cycle of a line: the most overlapping days (ties: the earlier);
/// with only an invoice date, the cycle starting within 15 days of it for
/// in-advance kinds, the one before for in-arrears kinds.
fn cycle_of(
    cycles: &[CycleResult],
    l: &VendorLine,
    kind: Option<LineKind>,
) -> std::result::Result<u32, String> {
    if let Some(p) = &l.period {
        let best = cycles
            .iter()
            .map(|c| (overlap(p, c), c.index))
            .filter(|(d, _)| *d > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        if let Some((_, i)) = best {
            return Ok(i);
        }
        return Ok(super::sim_lines::cycle_of_day(cycles, p.start));
    }
    let Some(d) = l.invoice_date else {
        return Err("has neither a service period nor an invoice date: add a service_period (YYYY-MM-DD - YYYY-MM-DD) or an invoice_date column".into());
    };
    let starting = cycles
        .iter()
        .find(|c| (c.start - d).num_days().abs() <= 15)
        .map(|c| c.index);
    // The invoice after the last cycle (R-M5) carries only that cycle's
    // in-arrears charges (and their taxes): it starts no cycle of its own.
    let after_last = cycles
        .last()
        .and_then(|c| Some((c.index, c.end.succ_opt()?)))
        .filter(|(_, next)| (*next - d).num_days().abs() <= 15)
        .map(|(last, _)| last);
    match (starting, after_last, kind.map(timing)) {
        (Some(k), _, Some(Timing::InArrears)) => Ok(k.saturating_sub(1)),
        (Some(k), _, _) => Ok(k),
        (None, Some(last), Some(Timing::InArrears) | None) => Ok(last),
        _ => Err(format!(
            "invoice date {d} is not within 15 days of any cycle's start: add the line's service period"
        )),
    }
}

/// Places every line of `bill` against the simulated `cycles`.
pub fn place(cycles: &[CycleResult], bill: &VendorBill, cls: &Classifier) -> Result<Placement> {
    let mut out = Placement::default();
    for (index, l) in bill.lines.iter().enumerate() {
        bounded(l)?;
        if l.row == RowKind::Total {
            continue;
        }
        let class = if l.row == RowKind::Tax {
            Class::Tax
        } else {
            cls.class(l.sku.as_deref(), &l.description)
        };
        let kind = match &class {
            Class::Charge { kind, .. } => Some(*kind),
            _ => None,
        };
        let cycle = cycle_of(cycles, l, kind).map_err(|m| Error::invalid(l.source.clone(), m))?;
        let phase = cycles
            .iter()
            .find(|c| c.index == cycle)
            .map(|c| c.phase)
            .unwrap_or(crate::calendar::Phase::Term);
        let class = class.in_phase(phase);
        let org = match &l.org {
            Some(name) if !name.trim().is_empty() => Some(cls.org(name).ok_or_else(|| {
                Error::invalid(
                    l.source.clone(),
                    format!(
                        "the org \"{}\" is not in the scenario: add it to an org's vendor_names",
                        crate::error::Visible(name)
                    ),
                )
            })?),
            _ => None,
        };
        let kind = match &class {
            Class::Charge { kind, .. } => Some(*kind),
            _ => None,
        };
        let prorated = prorated(cycles, l, cycle, kind);
        let placed = Placed {
            index,
            cycle,
            invoice: invoice_date(cycles, cycle, kind),
            class,
            org,
            prorated,
        };
        if placed.class == Class::Tax {
            out.taxes.push(placed);
        } else {
            out.charges.push(placed);
        }
    }
    one_file_per_invoice(bill, &out)?;
    out.notes.extend(check_totals(bill));
    // A tax line goes on the invoice its file's charges went to.
    for t in &mut out.taxes {
        let l = &bill.lines[t.index];
        let mut votes: BTreeMap<NaiveDate, usize> = BTreeMap::new();
        for c in &out.charges {
            let cl = &bill.lines[c.index];
            if same_invoice(cl, l) {
                *votes.entry(c.invoice).or_default() += 1;
            }
        }
        if let Some((d, _)) = votes
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        {
            t.invoice = d;
        } else if let Some(d) = l.invoice_date {
            t.invoice = d;
        }
    }
    drop_duplicates(bill, &mut out);
    Ok(out)
}

/// The largest quantity, rate or amount a vendor line may carry: a bill
/// line beyond a trillion is a typo, and the bound keeps every product of
/// two of them inside a decimal.
const LARGEST: i64 = 1_000_000_000_000;

fn bounded(l: &VendorLine) -> Result<()> {
    for (what, v) in [
        ("quantity", l.quantity),
        ("rate", l.rate),
        ("amount", l.amount),
    ] {
        if v.abs() > Decimal::from(LARGEST) {
            return Err(Error::invalid(
                l.source.clone(),
                format!("the {what} {v} is too large for a bill line: check the number"),
            ));
        }
    }
    Ok(())
}

/// Two files of one kind billing the same invoice would count its lines
/// twice (R-R1): the later file is refused, naming the earlier. (An
/// invoice CSV beside the API's JSON of the same invoice is expected: the
/// CSV's line is used, see [`drop_duplicates`].)
fn one_file_per_invoice(bill: &VendorBill, out: &Placement) -> Result<()> {
    let mut first: BTreeMap<(FileKind, NaiveDate), &str> = BTreeMap::new();
    for p in &out.charges {
        let l = &bill.lines[p.index];
        let file = file_of(&l.source);
        let seen = *first.entry((l.file, p.invoice)).or_insert(file);
        if seen != file {
            return Err(Error::invalid(
                file,
                format!(
                    "bills the invoice of {} that {seen} bills too: its lines would count twice. Check one file per invoice: remove one of them",
                    p.invoice
                ),
            ));
        }
    }
    Ok(())
}

/// Two lines of one vendor invoice: the same file and invoice date.
pub fn same_invoice(a: &VendorLine, b: &VendorLine) -> bool {
    file_of(&a.source) == file_of(&b.source) && a.invoice_date == b.invoice_date
}

fn file_of(source: &str) -> &str {
    source.rsplit_once(':').map_or(source, |(f, _)| f)
}

/// The days billed and in the cycle, for a recurring line whose period is
/// shorter than its cycle.
fn prorated(
    cycles: &[CycleResult],
    l: &VendorLine,
    cycle: u32,
    kind: Option<LineKind>,
) -> Option<(i64, i64)> {
    let p = l.period?;
    if kind.map(timing) == Some(Timing::OneTime) || kind.is_none() {
        return None;
    }
    let c = cycles.iter().find(|c| c.index == cycle)?;
    let billed = (p.end - p.start).num_days() + 1;
    let days = (c.end - c.start).num_days() + 1;
    (billed < days).then_some((billed, days))
}

/// Total rows only check the sum of the vendor's own lines (R-R1).
fn check_totals(bill: &VendorBill) -> Vec<String> {
    let mut notes = Vec::new();
    for t in bill.lines.iter().filter(|l| l.row == RowKind::Total) {
        let sum = bill
            .lines
            .iter()
            .filter(|l| l.row != RowKind::Total && same_invoice(l, t))
            .try_fold(Decimal::ZERO, |a, l| a.checked_add(l.amount));
        match sum {
            Some(s) if s == t.amount => {}
            Some(s) => notes.push(format!(
                "{}: the vendor's total {} is not the sum of its lines {}",
                t.source, t.amount, s
            )),
            None => notes.push(format!("{}: the lines are too large to add up", t.source)),
        }
    }
    notes
}

/// The same line from the invoice CSV and the API: the CSV wins (R-R2),
/// and a difference between them is noted.
fn drop_duplicates(bill: &VendorBill, out: &mut Placement) {
    let key = |p: &Placed| (p.cycle, format!("{:?}", p.class), p.org.clone());
    let csv: BTreeMap<_, usize> = out
        .charges
        .iter()
        .filter(|p| bill.lines[p.index].file == FileKind::InvoiceCsv)
        .map(|p| (key(p), p.index))
        .collect();
    let mut notes = Vec::new();
    out.charges.retain(|p| {
        let l = &bill.lines[p.index];
        if l.file == FileKind::InvoiceCsv || matches!(p.class, Class::Unknown) {
            return true;
        }
        match csv.get(&key(p)) {
            Some(&i) => {
                let c = &bill.lines[i];
                if c.quantity != l.quantity || c.amount != l.amount {
                    notes.push(format!(
                        "{} says {} for {}, {} says {}: the invoice CSV is used",
                        l.source, l.amount, l.description, c.source, c.amount
                    ));
                }
                false
            }
            None => true,
        }
    });
    out.notes.extend(notes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Phase;

    fn cycle(index: u32, start: &str, end: &str) -> CycleResult {
        CycleResult {
            index,
            start: start.parse().unwrap(),
            end: end.parse().unwrap(),
            phase: Phase::Term,
            usage: Vec::new(),
            peaks: Vec::new(),
            resources: Vec::new(),
            telco: None,
            ai: None,
            allocations: Vec::new(),
        }
    }

    fn dated(day: &str) -> VendorLine {
        VendorLine {
            source: "bill.csv:2".into(),
            file: FileKind::InvoiceCsv,
            row: RowKind::Charge,
            invoice_date: Some(day.parse().unwrap()),
            period: None,
            description: String::new(),
            sku: None,
            org: None,
            quantity: Decimal::ONE,
            rate: Decimal::ONE,
            rate_decimals: None,
            amount: Decimal::ONE,
        }
    }

    #[test]
    fn r_r2_the_invoice_after_the_last_cycle_places_its_arrears_and_taxes_r_m5() {
        let cycles = [
            cycle(0, "2026-03-01", "2026-03-31"),
            cycle(1, "2026-04-01", "2026-04-30"),
        ];
        let at = |day, kind| cycle_of(&cycles, &dated(day), kind);
        // Within the contract: in advance the cycle starting, in arrears the one before.
        assert_eq!(at("2026-04-01", Some(LineKind::Prepay)), Ok(1));
        assert_eq!(at("2026-04-01", Some(LineKind::Overage)), Ok(0));
        // The invoice dated after the last cycle: its arrears and a tax row (no kind).
        assert_eq!(at("2026-05-01", Some(LineKind::Overage)), Ok(1));
        assert_eq!(at("2026-05-03", None), Ok(1));
        // In advance there is no cycle to charge.
        assert!(at("2026-05-01", Some(LineKind::Prepay)).is_err());
        assert!(at("2026-06-01", Some(LineKind::Overage)).is_err());
    }
}
