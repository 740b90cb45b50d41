//! Checks every validator shares, so that each rule family can validate
//! its own part of a scenario without importing another's.

use rust_decimal::Decimal;

use crate::error::{Result, Violation};

/// Refuses a value below zero at `path`.
pub(crate) fn non_negative(path: impl Into<String>, d: Decimal) -> Result<()> {
    if d.is_sign_negative() && !d.is_zero() {
        return Err(Violation::Negative { path: path.into() }.into());
    }
    Ok(())
}

/// Refuses a given value below zero at `path`.
pub(crate) fn opt_non_negative(path: impl Into<String>, d: Option<Decimal>) -> Result<()> {
    d.map_or(Ok(()), |d| non_negative(path, d))
}
