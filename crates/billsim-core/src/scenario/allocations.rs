//! The free-allocation parts of the scenario format (R-F1): overrides of
//! the free amounts and rates, and the usage rows. What they bill is in
//! `crate::allocations`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use crate::schema::values::{DecimalText, OptionalDecimalText};

/// What an org receives a free amount of (R-F1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// Wallboard accounts in use.
    Wallboards,
    /// Rule-based decisions made.
    RuleDecisions,
    /// Cases opened.
    Cases,
}

/// `contract.allocations.<item>`: overrides of the free amount and the rate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct FreeAllocation {
    /// Free per org per cycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free: Option<u64>,
    /// Per unit above the free amount (per account per month for wallboards).
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub rate: Option<Decimal>,
}

/// `usage.allocations[]`: how many of an item one org used in one cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct AllocationUse {
    /// Cycle index.
    pub cycle: u32,
    /// Org id.
    pub org: String,
    /// Which item.
    pub item: Item,
    /// Accounts in use, decisions made or cases opened.
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(with = "crate::exact::str")]
    pub quantity: Decimal,
}
