//! The Cloud Voice usage report against the contract (R-T1, R-T2): each
//! call's Total cost against its rating at the contract's rate and
//! increment, and per cycle the report's sum against the invoice's
//! Inbound + Outbound + Extended Outbound Calling Service rows.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::error::Result;
use crate::money::Currency;
use crate::result::{LineKind, SimResult};
use crate::scenario::{Call, CallType, Scenario};

use super::classify::{Class, Subject};
use super::place::Placement;
use super::report::{CallDifference, CallsRecon, Cause, CycleCalls};
use super::vendor::VendorBill;

/// Calls listed in full when they differ; the rest are counted.
const LISTED: usize = 20;

/// Adds the report's calls to a scenario that has none (R-R1), on its
/// first org: the report is one org's. Returns whether it did.
pub fn add_to(s: &mut Scenario, bill: &VendorBill) -> bool {
    if !s.usage.calls.is_empty() || bill.calls.is_empty() {
        return false;
    }
    let org = s.orgs.first().map(|o| o.id.clone()).unwrap_or_default();
    s.usage.calls = bill
        .calls
        .iter()
        .map(|c| Call {
            org: org.clone(),
            kind: c.kind,
            start: c.start,
            seconds: c.seconds,
            international: false,
        })
        .collect();
    true
}

/// Checks the report's calls, when the bill has any.
pub fn check(
    s: &Scenario,
    sim: &SimResult,
    bill: &VendorBill,
    placement: &Placement,
    currency: Currency,
) -> Result<Option<CallsRecon>> {
    if bill.calls.is_empty() {
        return Ok(None);
    }
    let telco = s.contract.telco.as_ref();
    let mut out = CallsRecon {
        calls: bill.calls.len() as u64,
        vendor_total: Decimal::ZERO,
        rated_total: Decimal::ZERO,
        differing: 0,
        rate: Decimal::ZERO,
        usage: Decimal::ZERO,
        examples: Vec::new(),
        cycles: Vec::new(),
    };
    let mut per_cycle: BTreeMap<u32, Decimal> = BTreeMap::new();
    let increment = telco.map_or(6, |t| t.increment_seconds);
    // The cycle of the last call's day: a report's calls come in order, so
    // most calls fall in the cycle before them.
    let mut last: Option<(chrono::NaiveDate, chrono::NaiveDate, u32)> = None;
    for c in &bill.calls {
        // The path is written only for an error: a million calls are read.
        let at = || crate::error::Error::overflow(c.source());
        out.vendor_total = out.vendor_total.checked_add(c.total_cost).ok_or_else(at)?;
        let day = c.start.date_naive();
        let k = match last {
            Some((from, to, k)) if from <= day && day <= to => k,
            _ => {
                let k = super::sim_lines::cycle_of_day(&sim.cycles, day);
                // Cached only when the day lies in that cycle (a day
                // outside every cycle is placed by the rule each time).
                last = sim
                    .cycles
                    .iter()
                    .find(|r| r.index == k && r.start <= day && day <= r.end)
                    .map(|r| (r.start, r.end, k));
                k
            }
        };
        let e = per_cycle.entry(k).or_default();
        *e = e.checked_add(c.total_cost).ok_or_else(at)?;
        let rate = telco.and_then(|t| match c.kind {
            CallType::Inbound => t.rates.inbound,
            CallType::Outbound => t.rates.outbound,
            CallType::ExtendedOutbound => t.rates.extended_outbound,
            CallType::TollFree => t.rates.toll_free,
        });
        let Some(rate) = rate else { continue };
        let Some((billed, cost)) = crate::telco::call_cost(c.seconds, increment, rate) else {
            continue;
        };
        out.rated_total = out.rated_total.checked_add(cost).ok_or_else(at)?;
        if cost == c.total_cost {
            continue;
        }
        out.differing += 1;
        let diff = c.total_cost.saturating_sub(cost);
        let (cause, says) = if c.rate_per_minute != rate {
            (
                Cause::Rate,
                format!(
                    "The report rates this call at {} a minute; the contract's {} rate is {}.",
                    c.rate_per_minute.normalize(),
                    c.kind.as_str(),
                    rate.normalize()
                ),
            )
        } else {
            (
                Cause::Usage,
                format!(
                    "The report bills {} seconds; {} seconds rounded up to {}-second increments are {} (R-T1).",
                    c.adjusted_seconds.map_or("other".into(), |a| a.normalize().to_string()),
                    c.seconds,
                    increment,
                    billed
                ),
            )
        };
        if cause == Cause::Rate {
            out.rate = out.rate.saturating_add(diff);
        } else {
            out.usage = out.usage.saturating_add(diff);
        }
        if out.examples.len() < LISTED {
            out.examples.push(CallDifference {
                source: c.source(),
                call_id: bill.call_id(c).to_owned(),
                vendor_cost: c.total_cost,
                rated_cost: cost,
                cause,
                says,
            });
        }
    }
    // R-T2: the report's total against the invoice's calling rows (toll-free has its own row).
    let mut rows: BTreeMap<u32, Decimal> = BTreeMap::new();
    for p in &placement.charges {
        if let Class::Charge {
            kind: LineKind::Telco,
            subject: Subject::Call(t),
        } = &p.class
        {
            if *t != CallType::TollFree {
                let e = rows.entry(p.cycle).or_default();
                *e = e.saturating_add(bill.lines[p.index].amount);
            }
        }
    }
    out.cycles = per_cycle
        .into_iter()
        .map(|(cycle, report_total)| {
            let invoice_rows = rows.get(&cycle).copied();
            CycleCalls {
                cycle,
                report_total,
                invoice_rows,
                difference: invoice_rows.map(|r| currency.round(r.saturating_sub(report_total))),
            }
        })
        .collect();
    Ok(Some(out))
}
