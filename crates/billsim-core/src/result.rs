//! The result format v1: cycles with what was measured and billed, invoices
//! with explained lines, totals. Decimals are written as strings.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::calendar::Phase;
use crate::scenario::{Category, Model, ResourceKind};

/// What a line charges for (the spec's `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// Committed units, in advance (R-M3).
    Prepay,
    /// Units above the commitment, in arrears (R-M4).
    Overage,
    /// Ramp actuals (R-M2) or after-term usage (R-M6), in arrears.
    Actual,
    /// User-hours above any hour commitment (R-H1, R-H2).
    Hourly,
    /// Committed add-on users (R-A1).
    AddonPrepay,
    /// Add-on users above the commitment (R-A1).
    AddonOverage,
    /// Fair-use overage (R-S2).
    Resource,
    /// Messages (R-S3).
    Sms,
    /// Recurring device charge (R-D1).
    DeviceMonthly,
    /// Hardware (R-D1, R-M8).
    DeviceOneTime,
    /// Non-recurring charge (R-M8).
    OneTime,
    /// Rated calls (R-T1).
    Telco,
    /// Short-duration call surcharge (R-T3).
    TelcoSurcharge,
    /// Number setup (R-T2).
    NumberSetup,
    /// Number monthly (R-T2).
    NumberMonthly,
    /// Committed AI Experience tokens, in advance (R-AI4).
    AiPrepay,
    /// Billable tokens above the commitment, in arrears (R-AI4).
    AiOverage,
    /// Wallboard accounts above the free one, monthly in advance (R-F1).
    AllocationMonthly,
    /// Rule decisions and cases above the free amount, in arrears (R-F1).
    AllocationOverage,
}

impl LineKind {
    /// Every kind, in the order of the format's list.
    pub const ALL: [LineKind; 19] = [
        LineKind::Prepay,
        LineKind::Overage,
        LineKind::Actual,
        LineKind::Hourly,
        LineKind::AddonPrepay,
        LineKind::AddonOverage,
        LineKind::Resource,
        LineKind::Sms,
        LineKind::DeviceMonthly,
        LineKind::DeviceOneTime,
        LineKind::OneTime,
        LineKind::Telco,
        LineKind::TelcoSurcharge,
        LineKind::NumberSetup,
        LineKind::NumberMonthly,
        LineKind::AiPrepay,
        LineKind::AiOverage,
        LineKind::AllocationMonthly,
        LineKind::AllocationOverage,
    ];

    /// The format's spelling (`prepay`, `telco_surcharge`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            LineKind::Prepay => "prepay",
            LineKind::Overage => "overage",
            LineKind::Actual => "actual",
            LineKind::Hourly => "hourly",
            LineKind::AddonPrepay => "addon_prepay",
            LineKind::AddonOverage => "addon_overage",
            LineKind::Resource => "resource",
            LineKind::Sms => "sms",
            LineKind::DeviceMonthly => "device_monthly",
            LineKind::DeviceOneTime => "device_one_time",
            LineKind::OneTime => "one_time",
            LineKind::Telco => "telco",
            LineKind::TelcoSurcharge => "telco_surcharge",
            LineKind::NumberSetup => "number_setup",
            LineKind::NumberMonthly => "number_monthly",
            LineKind::AiPrepay => "ai_prepay",
            LineKind::AiOverage => "ai_overage",
            LineKind::AllocationMonthly => "allocation_monthly",
            LineKind::AllocationOverage => "allocation_overage",
        }
    }

    /// In words, for a reader (a workbook's cell): what the line bills.
    pub fn words(self) -> &'static str {
        match self {
            LineKind::Prepay => "Prepay",
            LineKind::Overage => "Overage",
            LineKind::Actual => "Actual use",
            LineKind::Hourly => "Hourly use",
            LineKind::AddonPrepay => "Add-on prepay",
            LineKind::AddonOverage => "Add-on overage",
            LineKind::Resource => "Fair-use overage",
            LineKind::Sms => "Messages",
            LineKind::DeviceMonthly => "Device, monthly",
            LineKind::DeviceOneTime => "Device, one-time",
            LineKind::OneTime => "One-time charge",
            LineKind::Telco => "Calls",
            LineKind::TelcoSurcharge => "Short call surcharge",
            LineKind::NumberSetup => "Number setup",
            LineKind::NumberMonthly => "Numbers, monthly",
            LineKind::AiPrepay => "AI tokens prepay",
            LineKind::AiOverage => "AI tokens overage",
            LineKind::AllocationMonthly => "Allocation, monthly",
            LineKind::AllocationOverage => "Allocation overage",
        }
    }
}

/// When a charge is billed relative to its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// At the start of the period it covers.
    InAdvance,
    /// After the period it covers.
    InArrears,
    /// Non-recurring.
    OneTime,
}

impl Timing {
    /// The format's spelling (`in_advance`, `in_arrears`, `one_time`).
    pub fn as_str(self) -> &'static str {
        match self {
            Timing::InAdvance => "in_advance",
            Timing::InArrears => "in_arrears",
            Timing::OneTime => "one_time",
        }
    }

    /// In words, for a reader (a workbook's cell).
    pub fn words(self) -> &'static str {
        match self {
            Timing::InAdvance => "In advance",
            Timing::InArrears => "In arrears",
            Timing::OneTime => "Once",
        }
    }
}

/// An inclusive date range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct Period {
    /// First day.
    #[cfg_attr(feature = "schema", tsify(type = "DateString"))]
    pub start: NaiveDate,
    /// Last day.
    #[cfg_attr(feature = "schema", tsify(type = "DateString"))]
    pub end: NaiveDate,
}

/// One invoice line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Line {
    /// What it charges for.
    pub kind: LineKind,
    /// Invoice section.
    pub category: Category,
    /// Org, for per-org line groups (R-K1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Product or add-on id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Invoice text.
    pub description: String,
    /// Units.
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity: Decimal,
    /// Price per unit, at its given precision.
    #[serde(with = "rust_decimal::serde::str")]
    pub unit_price: Decimal,
    /// Rounded to the currency's minor unit (R-$1).
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The period charged.
    pub period: Period,
    /// In advance, in arrears or one-time.
    pub timing: Timing,
    /// How the quantity and amount came about (R-E1).
    pub explanation: String,
}

/// One tax on one invoice (R-X1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct TaxLine {
    /// Tax name.
    pub name: String,
    /// Rate.
    #[serde(with = "rust_decimal::serde::str")]
    pub rate: Decimal,
    /// Sum of the taxed lines.
    #[serde(with = "rust_decimal::serde::str")]
    pub base: Decimal,
    /// base x rate, rounded to the minor unit.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
}

/// One invoice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Invoice {
    /// 1, 2, ... in date order.
    pub number: u32,
    /// Issue date.
    #[cfg_attr(feature = "schema", tsify(type = "DateString"))]
    pub date: NaiveDate,
    /// Lines.
    pub lines: Vec<Line>,
    /// Sum of line amounts.
    #[serde(with = "rust_decimal::serde::str")]
    pub subtotal: Decimal,
    /// Per-tax breakdown.
    #[serde(default)]
    pub taxes: Vec<TaxLine>,
    /// Sum of taxes.
    #[serde(with = "rust_decimal::serde::str")]
    pub tax: Decimal,
    /// subtotal + tax.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
}

/// Measured, committed and billed quantity of one product in one cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct UsageRow {
    /// Org.
    pub org: String,
    /// Product or add-on id.
    pub product: String,
    /// Measured: users, peak users, or hours.
    #[serde(with = "rust_decimal::serde::str")]
    pub actual: Decimal,
    /// Committed in this cycle.
    #[serde(with = "rust_decimal::serde::str")]
    pub committed: Decimal,
    /// Charged for this cycle in total.
    #[serde(with = "rust_decimal::serde::str")]
    pub billed: Decimal,
}

/// The concurrent peaks of one org in one cycle under every rule (R-K2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct PeakRow {
    /// Org.
    pub org: String,
    /// Region.
    pub region: String,
    /// Highest instantaneous count.
    pub raw: u32,
    /// `sustained` rule.
    pub sustained: u32,
    /// `cumulative` rule.
    pub cumulative: u32,
    /// `cumulative_exact` rule.
    pub cumulative_exact: u32,
    /// What the contract's rule bills.
    pub billed: u32,
}

/// A resource's use against its allowance in one cycle (R-S1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ResourceRow {
    /// Which resource (`ivr_minutes`, ...).
    pub resource: ResourceKind,
    /// Used.
    #[serde(with = "rust_decimal::serde::str")]
    pub used: Decimal,
    /// Pooled allowance.
    #[serde(with = "rust_decimal::serde::str")]
    pub allowance: Decimal,
    /// max(0, used - allowance).
    #[serde(with = "rust_decimal::serde::str")]
    pub overage: Decimal,
}

/// Call records against invoice rows (R-T2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct TelcoRecon {
    /// Calls rated.
    pub calls: u64,
    /// Sum of the per-call costs, 4 decimals: the CDR's Total Cost.
    #[serde(with = "rust_decimal::serde::str")]
    pub cdr_total: Decimal,
    /// Short calls surcharged (R-T3).
    pub surcharged_calls: u64,
}

/// One cycle: dates, phase and what was measured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CycleResult {
    /// 0 from activation.
    pub index: u32,
    /// First day.
    #[cfg_attr(feature = "schema", tsify(type = "DateString"))]
    pub start: NaiveDate,
    /// Last day, inclusive.
    #[cfg_attr(feature = "schema", tsify(type = "DateString"))]
    pub end: NaiveDate,
    /// Ramp, term or after the term.
    pub phase: Phase,
    /// Per org and product.
    pub usage: Vec<UsageRow>,
    /// Concurrent contracts: peaks per org.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub peaks: Vec<PeakRow>,
    /// Resources used against allowances.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub resources: Vec<ResourceRow>,
    /// Telco reconciliation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telco: Option<TelcoRecon>,
    /// AI Experience tokens (R-AI1..R-AI4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai: Option<AiSummary>,
    /// Free allocations used per org (R-F1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allocations: Vec<AllocationRow>,
}

/// One org's AI Experience tokens in one cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct AiOrgRow {
    /// Org.
    pub org: String,
    /// Tokens consumed, to 4 decimals for reading (billing keeps the exact fraction).
    #[serde(with = "rust_decimal::serde::str")]
    pub tokens: Decimal,
    /// Free tokens of the org (R-AI3).
    #[serde(with = "rust_decimal::serde::str")]
    pub allocation: Decimal,
    /// Tokens above the allocation, rounded up once (R-AI4).
    #[serde(with = "rust_decimal::serde::str")]
    pub billable: Decimal,
}

/// The tokens of all orgs in one cycle against the commitment (R-AI4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct AiSummary {
    /// Tokens committed for the cycle (term cycles only).
    #[serde(with = "rust_decimal::serde::str")]
    pub committed: Decimal,
    /// Billable tokens of all orgs.
    #[serde(with = "rust_decimal::serde::str")]
    pub billable: Decimal,
    /// max(0, billable - committed), billed in arrears.
    #[serde(with = "rust_decimal::serde::str")]
    pub overage: Decimal,
    /// Per org.
    pub orgs: Vec<AiOrgRow>,
}

/// One org's use of a free allocation in one cycle (R-F1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct AllocationRow {
    /// Org.
    pub org: String,
    /// `wallboards`, `rule_decisions`, `cases`.
    pub item: crate::allocations::Item,
    /// Used in the cycle.
    #[serde(with = "rust_decimal::serde::str")]
    pub used: Decimal,
    /// Free per org.
    #[serde(with = "rust_decimal::serde::str")]
    pub free: Decimal,
    /// max(0, used - free).
    #[serde(with = "rust_decimal::serde::str")]
    pub billed: Decimal,
}

/// Sums over all invoices.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// Sum of subtotals.
    #[serde(with = "rust_decimal::serde::str")]
    pub subtotal: Decimal,
    /// Sum of taxes.
    #[serde(with = "rust_decimal::serde::str")]
    pub tax: Decimal,
    /// Sum of totals.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
}

/// What the open cycle has incurred so far (R-C3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Preview {
    /// The as-of date D; usage through D-1 counts.
    #[cfg_attr(feature = "schema", tsify(type = "DateString"))]
    pub as_of: NaiveDate,
    /// The open cycle (the one containing D-1).
    pub cycle: u32,
    /// In-arrears lines incurred so far, as they would appear on the cycle's closing invoice.
    pub lines: Vec<Line>,
    /// Sum of lines.
    #[serde(with = "rust_decimal::serde::str")]
    pub subtotal: Decimal,
    /// Taxes on them.
    #[serde(with = "rust_decimal::serde::str")]
    pub tax: Decimal,
    /// subtotal + tax.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
}

/// The whole simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct SimResult {
    /// Format version (1).
    pub billsim: u32,
    /// Currency code.
    pub currency: String,
    /// The license model billed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Model>,
    /// Every cycle.
    pub cycles: Vec<CycleResult>,
    /// Every invoice with lines (issued ones only, with an as-of date).
    pub invoices: Vec<Invoice>,
    /// Sums over `invoices`.
    pub totals: Totals,
    /// Bill to date, when asked for with an as-of date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<Preview>,
    /// The usage reports, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reports: Option<crate::table::ReportTables>,
    /// Things the user should know (ignored rows, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl SimResult {
    /// Pretty JSON in the v1 format.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_match_serde() {
        for k in LineKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        for t in [Timing::InAdvance, Timing::InArrears, Timing::OneTime] {
            assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
        }
    }

    /// The words a workbook shows are words (no code's underscore), one per
    /// kind, timing and category, so no two read alike.
    #[test]
    fn words_are_words_and_tell_each_one_apart() {
        let kinds: Vec<&str> = LineKind::ALL.iter().map(|k| k.words()).collect();
        let timings = [Timing::InAdvance, Timing::InArrears, Timing::OneTime].map(Timing::words);
        let categories = crate::scenario::Category::ALL.map(crate::scenario::Category::words);
        for list in [&kinds[..], &timings[..], &categories[..]] {
            let distinct: std::collections::BTreeSet<&&str> = list.iter().collect();
            assert_eq!(distinct.len(), list.len(), "{list:?}");
            assert!(
                list.iter()
                    .all(|w| !w.contains('_') && w.starts_with(char::is_uppercase)),
                "{list:?}"
            );
        }
    }
}
