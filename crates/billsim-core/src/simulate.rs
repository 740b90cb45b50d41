//! A simulation: the stages of [`crate::stages`] in order, scenario ->
//! prepared -> measured -> priced, plus the reports when asked. The
//! bill-to-date preview (R-C3) prices usage cut at the as-of date with the
//! same functions, so a preview and the final invoice cannot drift.

use chrono::NaiveDate;

use crate::error::Result;
use crate::result::SimResult;
use crate::scenario::{Model, Scenario};
use crate::stages::Prepared;
use crate::usage::Sessions;

/// How to run a simulation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Bill to date: invoices dated before this day, plus what the open cycle has incurred through the day before (R-C3).
    pub as_of: Option<NaiveDate>,
    /// Bill under another model than the contract's (compare).
    pub model: Option<Model>,
    /// Add the usage reports (daily peaks, user-hours, billable users) to the result.
    pub reports: bool,
}

/// Simulates a scenario. `imported` holds sessions read from CSV.
pub fn simulate(s: &Scenario, imported: Option<&Sessions>, opts: &Options) -> Result<SimResult> {
    let mut p = Prepared::new(s, imported)?;
    if let Some(d) = opts.as_of {
        p = p.cut(d);
    }
    let model = opts.model.unwrap_or(s.contract.model);
    let measured = p.measure(model, false)?;
    let mut r = p.price(&measured, model, &p.commitments)?;
    if opts.reports {
        // After the as-of cut, so reports and invoices see the same usage;
        // bounded before they are built (a result is held whole).
        crate::reports::add_to(&mut r, &crate::reports::Reports::of(&p)?);
    }
    Ok(r)
}

/// Parses and simulates JSON text: the JSON API and the CLI's common path.
pub fn simulate_json(text: &str, opts: &Options) -> Result<SimResult> {
    simulate(&Scenario::from_json(text)?, None, opts)
}
