//! The vendor's figures against the simulation's quantities (R-R5):
//! prepaid with committed, actual with measured, overage with billed minus
//! committed, fair use with the allowance, prices with the contract's
//! rates. Figures carry no money: their causes have amount 0.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::json;

use crate::error::{Error, Result};
use crate::result::{CycleResult, LineKind, SimResult};
use crate::scenario::{Model, Scenario};

use super::classify::{Class, Classifier, Subject};
use super::report::{Cause, CauseShare, FigureRecon};
use super::vendor::{FigureField, VendorBill, VendorFigure};

fn cycle_of(cycles: &[CycleResult], f: &VendorFigure, period: Option<NaiveDate>) -> Result<u32> {
    if let Some(p) = &f.period {
        let best = cycles
            .iter()
            .map(|c| {
                let s = p.start.max(c.start);
                let e = p.end.min(c.end);
                ((e - s).num_days() + 1, c.index)
            })
            .filter(|(d, _)| *d > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        return best.map(|(_, i)| i).ok_or_else(|| {
            Error::invalid(
                f.source.clone(),
                format!(
                    "the period {} to {} is outside the contract's cycles",
                    p.start, p.end
                ),
            )
        });
    }
    let Some(d) = period else {
        // Named by its file: the period is the file's, not one field's.
        let file = f
            .source
            .split_once(": ")
            .map_or(f.source.as_str(), |(file, _)| file);
        return Err(Error::invalid(
            file,
            "the file gives no billing period: say which cycle it is with --period YYYY-MM-DD (the cycle's first day)",
        ));
    };
    cycles
        .iter()
        .find(|c| c.start == d)
        .map(|c| c.index)
        .ok_or_else(|| {
            Error::invalid(
                "--period",
                format!("{d} is not the first day of a cycle: give a cycle's first day"),
            )
        })
}

fn sum_usage(
    c: &CycleResult,
    product: &str,
    org: Option<&str>,
    f: impl Fn(&crate::result::UsageRow) -> Decimal,
) -> Option<Decimal> {
    let rows: Vec<_> = c
        .usage
        .iter()
        .filter(|u| u.product == product && org.is_none_or(|o| o == u.org))
        .collect();
    if rows.is_empty() {
        return Some(Decimal::ZERO);
    }
    Some(
        rows.iter()
            .fold(Decimal::ZERO, |a, u| a.saturating_add(f(u))),
    )
}

/// The simulation's value of a figure.
fn simulated(
    s: &Scenario,
    sim: &SimResult,
    c: &CycleResult,
    subject: &Subject,
    org: Option<&str>,
    field: FigureField,
) -> Option<Decimal> {
    let model = sim.model.unwrap_or(s.contract.model);
    match subject {
        Subject::Product(id) => match field {
            FigureField::Prepaid => sum_usage(c, id, org, |u| u.committed),
            FigureField::Actual => sum_usage(c, id, org, |u| u.actual),
            FigureField::Overage => {
                sum_usage(c, id, org, |u| (u.billed - u.committed).max(Decimal::ZERO))
            }
            // Fair-use allowances belong to resources, pooled from the
            // licenses (R-S1): a license itself has none, as the vendor's
            // charges print it (fairuseQuantity 0 on a user line).
            FigureField::FairUse => Some(Decimal::ZERO),
            FigureField::OverageRate => {
                let p = s.contract.products.get(id)?;
                if model == Model::Hourly {
                    p.hourly
                } else {
                    p.rates(model).overage
                }
            }
            FigureField::OverageCharge => Some(
                sim.invoices
                    .iter()
                    .flat_map(|i| &i.lines)
                    .filter(|l| {
                        matches!(l.kind, LineKind::Overage | LineKind::Hourly)
                            && l.product.as_deref() == Some(id)
                            && org.is_none_or(|o| l.org.as_deref() == Some(o))
                            && c.start <= l.period.start
                            && l.period.start <= c.end
                    })
                    .fold(Decimal::ZERO, |a, l| a.saturating_add(l.amount)),
            ),
        },
        Subject::Resource(r) => {
            let row = c.resources.iter().find(|x| x.resource == *r);
            match field {
                FigureField::Actual => Some(row.map_or(Decimal::ZERO, |x| x.used)),
                FigureField::FairUse => Some(row.map_or(Decimal::ZERO, |x| x.allowance)),
                FigureField::Overage => Some(row.map_or(Decimal::ZERO, |x| x.overage)),
                FigureField::OverageRate => s.contract.resources.get(r).map(|x| x.rate),
                FigureField::Prepaid => Some(Decimal::ZERO),
                FigureField::OverageCharge => None,
            }
        }
        _ => None,
    }
}

/// Compares every figure of `bill`.
pub fn compare(
    s: &Scenario,
    sim: &SimResult,
    bill: &VendorBill,
    cls: &Classifier,
    period: Option<NaiveDate>,
) -> Result<Vec<FigureRecon>> {
    let mut out = Vec::new();
    for f in &bill.figures {
        let cycle = cycle_of(&sim.cycles, f, period)?;
        let Some(c) = sim.cycles.iter().find(|c| c.index == cycle) else {
            continue;
        };
        let org = match &f.org {
            Some(n) if !n.trim().is_empty() => Some(cls.org(n).ok_or_else(|| {
                Error::invalid(
                    f.source.clone(),
                    format!(
                        "the org \"{}\" is not in the scenario: add it to an org's vendor_names",
                        crate::error::Visible(n)
                    ),
                )
            })?),
            _ => None,
        };
        let subject = match cls.class(f.sku.as_deref(), &f.description) {
            Class::Charge { subject, .. } => Some(subject),
            _ => None,
        };
        let sim_value = subject
            .as_ref()
            .and_then(|sub| simulated(s, sim, c, sub, org.as_deref(), f.field));
        let difference = sim_value.map(|v| f.value.saturating_sub(v));
        let mut causes = Vec::new();
        match (&subject, difference) {
            (None, _) => causes.push(share(
                Cause::NotInSimulation,
                json!({}),
                super::words::not_in_simulation(),
            )),
            (Some(sub), Some(d)) if !d.is_zero() => causes.push(figure_cause(
                s,
                bill,
                c,
                sub,
                org.as_deref(),
                f,
                sim_value.unwrap_or_default(),
            )),
            _ => {}
        }
        out.push(FigureRecon {
            cycle,
            product: subject
                .as_ref()
                .and_then(|s| s.id())
                .unwrap_or_else(|| f.description.clone()),
            org,
            field: f.field.as_str().into(),
            vendor: f.value,
            simulated: sim_value,
            difference,
            causes,
            source: f.source.clone(),
        });
    }
    Ok(out)
}

fn share(cause: Cause, facts: serde_json::Value, says: String) -> CauseShare {
    CauseShare {
        cause,
        amount: Decimal::ZERO,
        facts,
        says,
    }
}

fn figure_cause(
    s: &Scenario,
    bill: &VendorBill,
    c: &CycleResult,
    sub: &Subject,
    org: Option<&str>,
    f: &VendorFigure,
    simulated: Decimal,
) -> CauseShare {
    let v = f.value;
    match f.field {
        FigureField::Prepaid => share(
            Cause::Commitment,
            json!({ "cycle": c.index, "committed": simulated.to_string(), "vendor_prepaid": v.to_string() }),
            format!(
                "The vendor counts {} prepaid; the scenario commits {} in this cycle.",
                v.normalize(),
                simulated.normalize()
            ),
        ),
        FigureField::OverageRate => share(
            Cause::Rate,
            json!({ "field": "overage", "contract": simulated.to_string(), "vendor": v.to_string() }),
            super::words::rate("overage", simulated, v),
        ),
        // The overage, in units or money, moves with a prepaid quantity
        // that differs: the same cause as the prepay (R-R4, R-R5).
        FigureField::Overage | FigureField::OverageCharge
            if prepaid_differing(bill, f, c, sub, org).is_some() =>
        {
            let (committed, prepaid) = prepaid_differing(bill, f, c, sub, org).unwrap_or_default();
            share(
                Cause::Commitment,
                json!({ "cycle": c.index, "committed": committed.to_string(), "vendor_prepaid": prepaid.to_string() }),
                format!(
                    "The vendor counts {} prepaid where the scenario commits {}, and the overage moves with it.",
                    prepaid.normalize(),
                    committed.normalize()
                ),
            )
        }
        FigureField::Actual | FigureField::Overage => {
            // A concurrent peak another rule reproduces.
            let peak = (s.contract.model == Model::Concurrent)
                .then(|| {
                    c.peaks
                        .iter()
                        .filter(|p| org.is_none_or(|o| o == p.org))
                        .find_map(|p| {
                            let target = if f.field == FigureField::Actual {
                                v
                            } else {
                                v.saturating_add(
                                    c.usage
                                        .iter()
                                        .filter(|u| {
                                            Some(&u.product) == sub.id().as_ref() && u.org == p.org
                                        })
                                        .fold(Decimal::ZERO, |a, u| a.saturating_add(u.committed)),
                                )
                            };
                            [
                                ("sustained", 0u32, p.raw),
                                ("sustained", s.contract.peak_rule.minutes, p.sustained),
                                ("cumulative", s.contract.peak_rule.minutes, p.cumulative),
                            ]
                            .into_iter()
                            .find(|(_, _, n)| Decimal::from(*n) == target)
                            .map(|(k, m, _)| json!({ "kind": k, "minutes": m }))
                        })
                })
                .flatten();
            match peak {
                Some(rule) => share(
                    Cause::PeakRule,
                    json!({ "rule": rule, "vendor_quantity": v.to_string(), "measured": simulated.to_string() }),
                    format!("The vendor counts {}, the peak under another rule; the contract's rule counts {}.", v.normalize(), simulated.normalize()),
                ),
                None => share(
                    Cause::Usage,
                    json!({ "vendor_quantity": v.to_string(), "measured": simulated.to_string() }),
                    super::words::usage(v, simulated, None),
                ),
            }
        }
        FigureField::FairUse | FigureField::OverageCharge => share(
            Cause::Usage,
            json!({ "vendor_quantity": v.to_string(), "measured": simulated.to_string() }),
            super::words::usage(v, simulated, None),
        ),
    }
}

/// The scenario's commitment and the vendor's prepaid figure for the same
/// product, org and period as `f`, when they differ.
fn prepaid_differing(
    bill: &VendorBill,
    f: &VendorFigure,
    c: &CycleResult,
    sub: &Subject,
    org: Option<&str>,
) -> Option<(Decimal, Decimal)> {
    let Subject::Product(id) = sub else {
        return None;
    };
    let committed = sum_usage(c, id, org, |u| u.committed)?;
    bill.figures
        .iter()
        .find(|g| {
            g.field == FigureField::Prepaid
                && g.description == f.description
                && g.org == f.org
                && g.period == f.period
                && g.value != committed
        })
        .map(|g| (committed, g.value))
}
