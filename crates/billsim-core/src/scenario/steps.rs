//! A step of a commitment schedule counted in units (an add-on's users, AI
//! tokens): from a cycle on, a quantity.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use crate::schema::values::DecimalText;

/// A step of an add-on's commitment schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct AddonStep {
    /// From this cycle index on.
    pub from_cycle: u32,
    /// Committed users of the add-on.
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(with = "crate::exact::str")]
    pub quantity: Decimal,
}
