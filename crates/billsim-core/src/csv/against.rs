//! What a usage file's rows are checked against as they are read: the
//! scenario they will be billed under. A row naming an org the scenario does
//! not have is a problem at that file's line and column, every such row
//! listed, rather than the first one found later at a path into a document
//! the user never wrote (`usage.calls[1].org`).

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::scenario::{Call, CallType, HoursRow, ResourceKind, ResourceUse, Scenario};
use crate::usage::{parse_duration, Catalog};

/// A problem with one field of a row: the field's name and what is wrong.
pub(super) type FieldProblem = (&'static str, String);

/// The scenario's side of the checks, and what the rows read so far add up to.
pub struct Against<'a> {
    s: &'a Scenario,
    cat: Catalog,
    /// Logged-in milliseconds per (user, date) in a user-hour report.
    day_ms: FxHashMap<(String, NaiveDate), i64>,
}

impl<'a> Against<'a> {
    /// Checks against `s`.
    pub fn new(s: &'a Scenario) -> Self {
        Against {
            s,
            cat: Catalog::of(s),
            day_ms: FxHashMap::default(),
        }
    }

    fn org(&self, org: &str, out: &mut Vec<FieldProblem>) {
        if self.cat.org(org).is_none() {
            out.push((
                "org",
                format!(
                    "unknown org {org:?} (the scenario's orgs: {})",
                    self.cat.orgs.join(", ")
                ),
            ));
        }
    }

    /// An interaction: its org.
    pub(super) fn interaction(&self, org: &str) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        self.org(org, &mut out);
        out
    }

    /// A call: its org, and a rate for its type (R-T1).
    pub(super) fn call(&self, c: &Call) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        self.org(&c.org, &mut out);
        let Some(t) = &self.s.contract.telco else {
            out.push((
                "type",
                "the contract has no telco rates (contract.telco) to bill calls".into(),
            ));
            return out;
        };
        let rates = if c.international {
            match &t.international_rates {
                Some(r) => r,
                None => {
                    out.push((
                        "international",
                        "an international call needs contract.telco.international_rates".into(),
                    ));
                    return out;
                }
            }
        } else {
            &t.rates
        };
        let rate = match c.kind {
            CallType::Inbound => rates.inbound,
            CallType::Outbound => rates.outbound,
            CallType::ExtendedOutbound => rates.extended_outbound,
            CallType::TollFree => rates.toll_free,
        };
        if rate.is_none() {
            let table = if c.international {
                "international_rates"
            } else {
                "rates"
            };
            out.push((
                "type",
                format!(
                    "no rate for {} calls in contract.telco.{table}",
                    c.kind.as_str()
                ),
            ));
        }
        out
    }

    /// A resource reading: its org, a rate for it (R-S2), and SMS only on a
    /// contract with Cloud CX 2 or 3 (R-S3).
    pub(super) fn resource(&self, r: &ResourceUse) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        self.org(&r.org, &mut out);
        let c = &self.s.contract;
        if r.resource != ResourceKind::StorageGb && !c.resources.contains_key(&r.resource) {
            out.push((
                "resource",
                format!("no rate for {} in contract.resources", r.resource.as_str()),
            ));
        } else if r.resource == ResourceKind::Sms
            && !r.quantity.is_zero()
            && c.products.values().all(|p| p.tier < 2)
        {
            out.push(("resource", "SMS and messaging are only available with Cloud CX 2 or 3; this contract has only Cloud CX 1 (R-S3)".into()));
        }
        out
    }

    /// A user-hour row: its org and product, and at most 24 hours for one
    /// user in one day, across all the rows read so far (R-H3).
    pub(super) fn hours(&mut self, h: &HoursRow) -> Vec<FieldProblem> {
        let mut out = Vec::new();
        self.org(&h.org, &mut out);
        if self.cat.product(&h.product).is_none() {
            out.push((
                "product",
                format!(
                    "unknown product {:?} (the scenario's products: {})",
                    h.product,
                    self.cat.products.join(", ")
                ),
            ));
        }
        let ms = parse_duration(&h.duration).unwrap_or(0);
        let day = self.day_ms.entry((h.user.clone(), h.date)).or_insert(0);
        *day = day.saturating_add(ms);
        if *day > 86_400_000 {
            out.push((
                "duration",
                format!(
                    "{} has {} on {} with the rows before it: at most 24 hours in one day",
                    h.user,
                    crate::usage::format_duration(*day),
                    h.date
                ),
            ));
        }
        out
    }
}
