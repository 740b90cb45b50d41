//! Free allocations per org besides tokens (R-F1): wallboard accounts (one
//! free; each further account billed monthly in advance), rule-based
//! decisions and cases (a free amount; usage above it billed in arrears).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::calendar::Cycle;
use crate::checks::non_negative;
use crate::error::{Error, Result};
pub use crate::scenario::allocations::{AllocationUse, FreeAllocation, Item};
use crate::scenario::Scenario;
use crate::usage::Catalog;

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

/// Each cycle's use per (org, item).
pub type Used = BTreeMap<(u16, Item), Decimal>;

/// Sums `usage.allocations` per cycle, org and item.
pub fn measure(s: &Scenario, cat: &Catalog, cycles: &[Cycle]) -> Result<Vec<Used>> {
    let mut m = vec![Used::new(); cycles.len()];
    for (i, a) in s.usage.allocations.iter().enumerate() {
        let path = format!("usage.allocations[{i}]");
        let c = crate::calendar::cycle_index(cycles, a.cycle, &path)?;
        let org = cat
            .org(&a.org)
            .ok_or_else(|| cat.unknown_org(&format!("{path}.org"), &a.org))?;
        let e = m[c].entry((org, a.item)).or_default();
        *e = e
            .checked_add(a.quantity)
            .ok_or_else(|| Error::overflow(format!("{path}.quantity")))?;
    }
    Ok(m)
}
