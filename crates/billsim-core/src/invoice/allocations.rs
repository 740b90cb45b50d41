//! Free allocations on the invoice (R-F1): wallboard accounts above the
//! free one monthly in advance, decisions and cases above theirs in arrears.

use rust_decimal::Decimal;

use super::context::{Builder, Charges, LineSpec};
use crate::allocations::{default_wallboard_price, Item};
use crate::calendar::Cycle;
use crate::error::{Error, Result};
use crate::explain;
use crate::measure::CycleUsage;
use crate::result::{AllocationRow, LineKind, Timing};
use crate::scenario::Category;

/// Lines for what each org used above its free amounts in cycle `c` (R-F1).
pub(super) fn charges(
    b: &Builder<'_>,
    c: &Cycle,
    u: &CycleUsage,
    ch: &mut Charges,
) -> Result<Vec<AllocationRow>> {
    let mut rows = Vec::new();
    for (&(org, item), &used) in &u.allocations {
        let given = b.s.contract.allocations.get(&item);
        let free = given
            .and_then(|g| g.free)
            .map_or_else(|| item.default_free(), Decimal::from);
        let over = (used - free).max(Decimal::ZERO);
        rows.push(AllocationRow {
            org: b.cat.orgs[org as usize].clone(),
            item,
            used: used.normalize(),
            free: free.normalize(),
            billed: over.normalize(),
        });
        if over.is_zero() {
            continue;
        }
        let path = format!("contract.allocations.{}.rate", item.as_str());
        let rate = given
            .and_then(|g| g.rate)
            .or_else(|| {
                item.in_advance()
                    .then(|| default_wallboard_price(&b.s.currency))
                    .flatten()
            })
            .ok_or_else(|| {
                let why = if item.in_advance() {
                    format!("no default wallboard price in {}", b.s.currency)
                } else {
                    format!("{} have no default rate", item.label())
                };
                Error::invalid(
                    path.clone(),
                    format!(
                        "{}: org {} used {} {} above the {} free; {why}: set the rate (R-F1)",
                        explain::capital(&explain::cycle(c)),
                        b.cat.orgs[org as usize],
                        over.normalize(),
                        item.label(),
                        free.normalize()
                    ),
                )
            })?;
        let line = b.line(LineSpec {
            kind: if item.in_advance() {
                LineKind::AllocationMonthly
            } else {
                LineKind::AllocationOverage
            },
            category: Category::Resource,
            org: Some(org),
            product: None,
            description: match item {
                Item::Wallboards => "Wallboard accounts".into(),
                Item::RuleDecisions => "Rule-based decisions overage".into(),
                Item::Cases => "Cases overage".into(),
            },
            quantity: over,
            unit_price: rate,
            at: &|| path.clone(),
            period: Builder::period(c),
            timing: if item.in_advance() {
                Timing::InAdvance
            } else {
                Timing::InArrears
            },
            explanation: b.says(|| {
                explain::allocation(
                    c,
                    &b.cat.orgs[org as usize],
                    item.label(),
                    used.normalize(),
                    free.normalize(),
                    over.normalize(),
                    rate,
                    item.in_advance(),
                )
            }),
        })?;
        if item.in_advance() {
            ch.advance.extend(line);
        } else {
            ch.arrears.extend(line);
        }
    }
    Ok(rows)
}
