//! Free allocations per org besides tokens (R-F1): wallboard accounts (one
//! free; each further account billed monthly in advance), rule-based
//! decisions and cases (a free amount; usage above it billed in arrears).

use serde::{Deserialize, Serialize};

use rust_decimal::Decimal;

use crate::calendar::Cycle;
use crate::contract::non_negative;
use crate::error::{Error, Result};
use crate::explain;
use crate::invoice::{Builder, Charges, LineSpec};
use crate::measure::{CycleUsage, Measured};
use crate::result::{AllocationRow, LineKind, Timing};
use crate::scenario::{Category, Scenario};
use crate::usage::Catalog;

/// What an org receives a free amount of (R-F1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// Wallboard accounts in use.
    Wallboards,
    /// Rule-based decisions made.
    RuleDecisions,
    /// Cases opened.
    Cases,
}

impl Item {
    /// Every item, in invoice order.
    pub const ALL: [Item; 3] = [Item::Wallboards, Item::RuleDecisions, Item::Cases];

    /// The format's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Item::Wallboards => "wallboards",
            Item::RuleDecisions => "rule_decisions",
            Item::Cases => "cases",
        }
    }

    /// The unit in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            Item::Wallboards => "wallboard accounts",
            Item::RuleDecisions => "rule-based decisions",
            Item::Cases => "cases",
        }
    }

    /// The free amount per org per cycle (R-F1).
    pub fn default_free(self) -> Decimal {
        Decimal::from(match self {
            Item::Wallboards => 1,
            Item::RuleDecisions => 50_000,
            Item::Cases => 150,
        })
    }

    /// Wallboard accounts are billed per month in advance; the others per unit in arrears.
    pub fn in_advance(self) -> bool {
        self == Item::Wallboards
    }
}

/// The price of a wallboard account per month, per currency (R-F1).
pub fn default_wallboard_price(currency: &str) -> Option<Decimal> {
    let (m, s) = match currency {
        "USD" => (1800, 2),
        "CAD" => (1980, 2),
        "AUD" => (2340, 2),
        "NZD" => (2520, 2),
        "GBP" => (1260, 2),
        "EUR" => (1440, 2),
        "BRL" => (7200, 2),
        "JPY" => (2160, 0),
        "ZAR" => (25560, 2),
        _ => return None,
    };
    Some(Decimal::new(m, s))
}

/// `contract.allocations.<item>`: overrides of the free amount and the rate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FreeAllocation {
    /// Free per org per cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free: Option<u64>,
    /// Per unit above the free amount (per account per month for wallboards).
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub rate: Option<Decimal>,
}

/// `usage.allocations[]`: how many of an item one org used in one cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocationUse {
    /// Cycle index.
    pub cycle: u32,
    /// Org id.
    pub org: String,
    /// Which item.
    pub item: Item,
    /// Accounts in use, decisions made or cases opened.
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity: Decimal,
}

/// Checks the rates and the usage rows that need no cycles. Errors name the path.
pub fn validate(s: &Scenario, cat: &Catalog) -> Result<()> {
    for (item, a) in &s.contract.allocations {
        if let Some(r) = a.rate {
            non_negative(format!("contract.allocations.{}.rate", item.as_str()), r)?;
        }
    }
    for (i, a) in s.usage.allocations.iter().enumerate() {
        let path = format!("usage.allocations[{i}]");
        cat.org(&a.org)
            .ok_or_else(|| cat.unknown_org(&format!("{path}.org"), &a.org))?;
        non_negative(format!("{path}.quantity"), a.quantity)?;
        if a.item == Item::Wallboards && !a.quantity.fract().is_zero() {
            return Err(Error::invalid(
                format!("{path}.quantity"),
                "wallboard accounts are counted in whole accounts",
            ));
        }
    }
    Ok(())
}

/// Sums `usage.allocations` per cycle, org and item into `m.cycles[k].allocations`.
pub fn measure(s: &Scenario, cat: &Catalog, cycles: &[Cycle], m: &mut Measured) -> Result<()> {
    for (i, a) in s.usage.allocations.iter().enumerate() {
        let path = format!("usage.allocations[{i}]");
        let c = crate::calendar::cycle_index(cycles, a.cycle, &path)?;
        let org = cat
            .org(&a.org)
            .ok_or_else(|| cat.unknown_org(&format!("{path}.org"), &a.org))?;
        let e = m.cycles[c].allocations.entry((org, a.item)).or_default();
        *e = e
            .checked_add(a.quantity)
            .ok_or_else(|| Error::overflow(format!("{path}.quantity")))?;
    }
    Ok(())
}

/// Lines for what each org used above its free amounts in cycle `c` (R-F1).
pub fn charges(
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
            item: item.as_str().to_owned(),
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
                    path,
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
