//! The pipeline: scenario -> validated contract + usage -> measured cycles ->
//! invoices. The bill-to-date preview (R-C3) runs the same function on usage
//! cut at the as-of date, so a preview and the final invoice cannot drift.

use std::borrow::Cow;

use chrono::{Days, NaiveDate};

use crate::calendar::{self, day_ms};
use crate::contract::{self, Commitments};
use crate::error::Result;
use crate::invoice::Builder;
use crate::measure::{self, Measured};
use crate::money::Currency;
use crate::result::{Preview, SimResult, Totals};
use crate::scenario::Category;
use crate::scenario::{Model, Scenario, FORMAT_VERSION};
use crate::usage::{Catalog, Sessions};

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

/// All sessions of a scenario: inline, expanded profiles, and an optional
/// import. An import alone is borrowed, not copied (it may hold a million rows).
pub fn all_sessions<'a>(
    s: &Scenario,
    cat: &Catalog,
    imported: Option<&'a Sessions>,
) -> Result<Cow<'a, Sessions>> {
    if let Some(t) = imported {
        if s.usage.sessions.is_empty() && s.usage.profiles.is_empty() {
            return Ok(Cow::Borrowed(t));
        }
    }
    let mut t = imported.cloned().unwrap_or_default();
    t.extend(&Sessions::from_scenario(s, cat)?);
    let cycles = calendar::cycles(&s.contract)?;
    crate::profiles::expand_all(s, cat, &cycles, &mut t)?;
    Ok(Cow::Owned(t))
}

/// Simulates a scenario. `imported` holds sessions read from CSV.
pub fn simulate(s: &Scenario, imported: Option<&Sessions>, opts: &Options) -> Result<SimResult> {
    contract::validate(s)?;
    let cat = Catalog::of(s);
    let sessions = all_sessions(s, &cat, imported)?;
    simulate_sessions(s, &cat, sessions, opts)
}

/// Simulates with sessions already gathered (so compare expands profiles once).
pub fn simulate_sessions(
    s: &Scenario,
    cat: &Catalog,
    mut sessions: Cow<'_, Sessions>,
    opts: &Options,
) -> Result<SimResult> {
    let cycles = calendar::cycles(&s.contract)?;
    let model = opts.model.unwrap_or(s.contract.model);
    let cur = Currency::from_code(&s.currency)?;
    let cut_scenario;
    let s = match opts.as_of {
        Some(d) => {
            let cut = day_ms(d);
            sessions.to_mut().truncate_at(cut);
            let mut c = s.clone();
            c.usage.resources.retain(|r| r.date < d);
            c.usage.calls.retain(|x| x.start.timestamp_millis() < cut);
            c.usage.interactions.retain_before(cut);
            c.usage.hours.retain(|h| h.date < d);
            cut_scenario = c;
            &cut_scenario
        }
        None => s,
    };
    // After the as-of cut, so reports and invoices see the same usage.
    let reports = if opts.reports {
        Some(crate::reports::Reports::of(s, cat, sessions.clone().into_owned())?.tables())
    } else {
        None
    };
    let measured: Measured = measure::measure(s, cat, &cycles, &sessions, model, false)?;
    let b = Builder {
        s,
        cat,
        cycles: &cycles,
        cur,
        commit: Commitments::of(s, cat),
        model,
    };
    let last_day = opts.as_of.and_then(|d| d.checked_sub_days(Days::new(1)));
    let open = last_day.and_then(|day| calendar::cycle_of_day(&cycles, day));
    let (mut invoices, summaries, mut lines) = b.invoices(&measured, open)?;
    let mut preview = None;
    if let Some(d) = opts.as_of {
        invoices.retain(|i| i.date < d);
        if let Some(k) = open {
            lines.sort_by_key(|l| Category::ALL.iter().position(|c| *c == l.category));
            let (subtotal, _, tax) = b.totals(&lines)?;
            preview = Some(Preview {
                as_of: d,
                cycle: cycles[k].index,
                lines,
                subtotal,
                tax,
                total: crate::money::add(subtotal, tax, "preview.total")?,
            });
        }
    }
    let mut totals = Totals::default();
    for i in &invoices {
        totals.subtotal = crate::money::add(totals.subtotal, i.subtotal, "totals.subtotal")?;
        totals.tax = crate::money::add(totals.tax, i.tax, "totals.tax")?;
        totals.total = crate::money::add(totals.total, i.total, "totals.total")?;
    }
    for t in [&mut totals.subtotal, &mut totals.tax, &mut totals.total] {
        t.rescale(cur.minor_units);
    }
    Ok(SimResult {
        billsim: FORMAT_VERSION,
        currency: s.currency.clone(),
        model: Some(model.as_str().to_owned()),
        cycles: summaries,
        invoices,
        totals,
        preview,
        reports,
        notes: measured.notes,
    })
}

/// Parses and simulates JSON text: the JSON API and the CLI's common path.
pub fn simulate_json(text: &str, opts: &Options) -> Result<SimResult> {
    simulate(&Scenario::from_json(text)?, None, opts)
}
