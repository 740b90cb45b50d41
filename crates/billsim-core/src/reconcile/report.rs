//! The reconciliation as the format writes it (`billsim reconcile --json`):
//! per invoice the line pairs with their differences and causes, a summary
//! per cause, the figures, and the settings that would match (R-R5, R-R6).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::result::Period;

/// A cause of a difference (R-R4), in the order they are offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// A unit price differs from the contract's.
    Rate,
    /// Another period anchor, or a prorated period.
    Period,
    /// Licenses billed in a waived ramp, or not billed where the ramp bills them.
    Ramp,
    /// A prepaid quantity other than the commitment.
    Commitment,
    /// Per-org differences that net to zero.
    Split,
    /// A concurrent peak measured under another rule.
    PeakRule,
    /// Per-tier differences that net to zero.
    Tier,
    /// A quantity the usage does not explain.
    Usage,
    /// A tax rate other than the contract's.
    Tax,
    /// At most one minor unit from rounding.
    Rounding,
    /// A vendor line the scenario does not model.
    NotInSimulation,
    /// A simulated line the vendor did not bill.
    MissingFromVendor,
}

impl Cause {
    /// The format's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Rate => "rate",
            Cause::Period => "period",
            Cause::Ramp => "ramp",
            Cause::Commitment => "commitment",
            Cause::Split => "split",
            Cause::PeakRule => "peak_rule",
            Cause::Tier => "tier",
            Cause::Usage => "usage",
            Cause::Tax => "tax",
            Cause::Rounding => "rounding",
            Cause::NotInSimulation => "not_in_simulation",
            Cause::MissingFromVendor => "missing_from_vendor",
        }
    }

    /// As a person names it ("Peak rule").
    pub fn label(self) -> &'static str {
        match self {
            Cause::Rate => "Rate",
            Cause::Period => "Period",
            Cause::Ramp => "Ramp",
            Cause::Commitment => "Commitment",
            Cause::Split => "Split between orgs",
            Cause::PeakRule => "Peak rule",
            Cause::Tier => "Tier",
            Cause::Usage => "Usage",
            Cause::Tax => "Tax",
            Cause::Rounding => "Rounding",
            Cause::NotInSimulation => "Not in the simulation",
            Cause::MissingFromVendor => "Not on the vendor's bill",
        }
    }
}

/// The vendor's side of a pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct VendorSide {
    /// As printed.
    pub description: String,
    /// Service period, when the file gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// Part number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// Org as the vendor names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Units.
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity: Decimal,
    /// Unit price.
    #[serde(with = "rust_decimal::serde::str")]
    pub rate: Decimal,
    /// Money.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// File and line, or file and JSON path.
    pub source: String,
}

/// The simulation's side of a pair (one line, or the sum over orgs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct SimulatedSide {
    /// Line kind.
    pub kind: String,
    /// Product, resource, call type or device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Org; absent for a sum over orgs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// The simulated invoice text.
    pub description: String,
    /// Units.
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity: Decimal,
    /// Unit price.
    #[serde(with = "rust_decimal::serde::str")]
    pub rate: Decimal,
    /// Money.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The cycle it charges.
    pub cycle: u32,
}

/// One cause's share of a difference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CauseShare {
    /// Which cause.
    pub cause: Cause,
    /// Its money, signed like the difference.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// The facts that make it this cause (format: facts per cause).
    #[cfg_attr(feature = "schema", tsify(type = "Record<string, unknown>"))]
    pub facts: serde_json::Value,
    /// The cause in a sentence.
    pub says: String,
}

/// A vendor line and the simulated line it pairs with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct LinePair {
    /// The vendor's line; null when the vendor did not bill it.
    pub vendor: Option<VendorSide>,
    /// The simulated line; null when the simulation has none.
    pub simulated: Option<SimulatedSide>,
    /// Vendor minus simulated.
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity_difference: Decimal,
    /// Vendor rate minus simulated rate.
    #[serde(with = "rust_decimal::serde::str")]
    pub rate_difference: Decimal,
    /// Vendor amount minus simulated amount.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount_difference: Decimal,
    /// (vendor rate - simulated rate) x vendor quantity, rounded (R-R3).
    #[serde(with = "rust_decimal::serde::str")]
    pub price_part: Decimal,
    /// simulated rate x (vendor quantity - simulated quantity), rounded (R-R3).
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity_part: Decimal,
    /// What explains the difference; they sum to it, less `unexplained`.
    pub causes: Vec<CauseShare>,
    /// What no cause explains.
    #[serde(with = "rust_decimal::serde::str")]
    pub unexplained: Decimal,
}

/// A cause's money over an invoice or the whole bill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CauseTotal {
    /// Which cause.
    pub cause: Cause,
    /// Its money.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
}

/// One invoice in scope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct InvoiceRecon {
    /// The simulated invoice's date.
    #[cfg_attr(feature = "schema", tsify(type = "DateString"))]
    pub date: NaiveDate,
    /// The vendor's lines, taxes included when the vendor lists any.
    #[serde(with = "rust_decimal::serde::str")]
    pub vendor_total: Decimal,
    /// The simulated lines in scope, taxes when the vendor lists any.
    #[serde(with = "rust_decimal::serde::str")]
    pub simulated_total: Decimal,
    /// Vendor minus simulated.
    #[serde(with = "rust_decimal::serde::str")]
    pub difference: Decimal,
    /// Per cause.
    pub by_cause: Vec<CauseTotal>,
    /// What no cause explains.
    #[serde(with = "rust_decimal::serde::str")]
    pub unexplained: Decimal,
    /// The pairs, in the simulated invoice's line order, then the vendor's.
    pub lines: Vec<LinePair>,
}

/// A vendor figure against the simulation (R-R5).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct FigureRecon {
    /// Cycle index.
    pub cycle: u32,
    /// Product (or resource) id; the vendor's name when unmatched.
    pub product: String,
    /// Org, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// `prepaid`, `actual`, `overage`, `fair_use`, `overage_rate`, `overage_charge`.
    pub field: String,
    /// The vendor's figure.
    #[serde(with = "rust_decimal::serde::str")]
    pub vendor: Decimal,
    /// The simulation's.
    #[serde(default, with = "crate::exact::str_option")]
    pub simulated: Option<Decimal>,
    /// Vendor minus simulated.
    #[serde(default, with = "crate::exact::str_option")]
    pub difference: Option<Decimal>,
    /// Why they differ (figures carry no money: amounts are 0).
    pub causes: Vec<CauseShare>,
    /// Where the figure came from.
    pub source: String,
}

/// A setting that the vendor's numbers imply, billed again (R-R6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct WouldMatch {
    /// The scenario field (`contract.peak_rule`, ...), or `all` for every candidate together.
    pub setting: String,
    /// The value to put there (for `all`: an object of setting to value).
    #[cfg_attr(feature = "schema", tsify(type = "unknown"))]
    pub value: serde_json::Value,
    /// The cause it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
    /// Whether the whole bill then matches.
    pub matches: bool,
    /// Whether the lines of its cause then match.
    pub resolves: bool,
    /// Why it was not tried (cycles imply conflicting values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conflict: Option<String>,
}

/// The whole reconciliation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Reconciliation {
    /// Every line and figure matches to the minor unit (R-R5).
    pub matches: bool,
    /// The one-line answer.
    pub says: String,
    /// Sum over invoices in scope.
    #[serde(with = "rust_decimal::serde::str")]
    pub vendor_total: Decimal,
    /// Sum over invoices in scope.
    #[serde(with = "rust_decimal::serde::str")]
    pub simulated_total: Decimal,
    /// Vendor minus simulated.
    #[serde(with = "rust_decimal::serde::str")]
    pub difference: Decimal,
    /// Per cause, over all invoices.
    pub by_cause: Vec<CauseTotal>,
    /// What no cause explains.
    #[serde(with = "rust_decimal::serde::str")]
    pub unexplained: Decimal,
    /// Dates of simulated invoices no vendor file covers.
    #[cfg_attr(feature = "schema", tsify(type = "DateString[]"))]
    pub out_of_scope: Vec<NaiveDate>,
    /// Invoices in scope.
    pub invoices: Vec<InvoiceRecon>,
    /// Figures.
    pub figures: Vec<FigureRecon>,
    /// Settings that would match.
    pub would_match: Vec<WouldMatch>,
    /// The Cloud Voice usage report's calls, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calls: Option<CallsRecon>,
    /// Things to know: total rows that do not add up, sources compared, calls read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The format's envelope: `{ "billsim": 1, "reconciliation": ... }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// Format version.
    pub billsim: u32,
    /// The reconciliation.
    pub reconciliation: Reconciliation,
}

/// One call whose cost differs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CallDifference {
    /// File and line.
    pub source: String,
    /// The vendor's call id.
    pub call_id: String,
    /// The vendor's Total cost.
    #[serde(with = "rust_decimal::serde::str")]
    pub vendor_cost: Decimal,
    /// The contract's rating (R-T1).
    #[serde(with = "rust_decimal::serde::str")]
    pub rated_cost: Decimal,
    /// `rate` (the rate per minute differs) or `usage` (the rated seconds differ).
    pub cause: Cause,
    /// In a sentence.
    pub says: String,
}

/// The report against one cycle's invoice rows (R-T2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CycleCalls {
    /// Cycle index.
    pub cycle: u32,
    /// Sum of the report's Total cost for calls started in the cycle.
    #[serde(with = "rust_decimal::serde::str")]
    pub report_total: Decimal,
    /// The vendor's Inbound + Outbound + Extended Outbound rows; null when the bill has none.
    #[serde(default, with = "crate::exact::str_option")]
    pub invoice_rows: Option<Decimal>,
    /// Invoice rows minus the report, rounded to the minor unit.
    #[serde(default, with = "crate::exact::str_option")]
    pub difference: Option<Decimal>,
}

/// The calls of the report, checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CallsRecon {
    /// Calls read.
    pub calls: u64,
    /// Sum of Total cost.
    #[serde(with = "rust_decimal::serde::str")]
    pub vendor_total: Decimal,
    /// Sum of the contract's ratings.
    #[serde(with = "rust_decimal::serde::str")]
    pub rated_total: Decimal,
    /// Calls whose cost differs.
    pub differing: u64,
    /// Of the difference, what rates per minute explain.
    #[serde(with = "rust_decimal::serde::str")]
    pub rate: Decimal,
    /// Of the difference, what rated seconds (increments) explain.
    #[serde(with = "rust_decimal::serde::str")]
    pub usage: Decimal,
    /// The first differing calls.
    pub examples: Vec<CallDifference>,
    /// Per cycle against the invoice (R-T2).
    pub cycles: Vec<CycleCalls>,
}

impl CallsRecon {
    /// No call differs and every cycle's rows equal the report.
    pub fn matches(&self) -> bool {
        self.differing == 0
            && self
                .cycles
                .iter()
                .all(|c| c.difference.is_none_or(|d| d.is_zero()))
    }

    /// What the summary says of the calls.
    pub fn notes(&self) -> Vec<String> {
        let mut n = vec![format!(
            "{} calls read: the report's total {} against {} at the contract's rates",
            self.calls, self.vendor_total, self.rated_total
        )];
        if self.differing > 0 {
            n.push(format!(
                "{} calls cost otherwise than the contract rates them: rate {}, rated seconds {}",
                self.differing, self.rate, self.usage
            ));
        }
        n
    }
}

/// The `--csv` columns: one row per line pair, in invoice order.
pub const CSV_COLUMNS: [&str; 13] = [
    "invoice",
    "description",
    "product",
    "org",
    "kind",
    "vendor_quantity",
    "simulated_quantity",
    "vendor_rate",
    "simulated_rate",
    "vendor_amount",
    "simulated_amount",
    "difference",
    "causes",
];

impl Reconciliation {
    /// One row per line pair (`causes` as `cause:amount` joined by `;`).
    pub fn table(&self) -> crate::table::Table {
        let dec = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
        let rows = self
            .invoices
            .iter()
            .flat_map(|inv| {
                inv.lines.iter().map(move |l| {
                    let v = l.vendor.as_ref();
                    let s = l.simulated.as_ref();
                    let mut causes: Vec<String> = l
                        .causes
                        .iter()
                        .map(|c| format!("{}:{}", c.cause.as_str(), c.amount))
                        .collect();
                    if !l.unexplained.is_zero() {
                        causes.push(format!("unexplained:{}", l.unexplained));
                    }
                    vec![
                        inv.date.to_string(),
                        v.map(|v| v.description.clone())
                            .or_else(|| s.map(|s| s.description.clone()))
                            .unwrap_or_default(),
                        s.and_then(|s| s.product.clone()).unwrap_or_default(),
                        s.and_then(|s| s.org.clone())
                            .or_else(|| v.and_then(|v| v.org.clone()))
                            .unwrap_or_default(),
                        s.map(|s| s.kind.clone()).unwrap_or_default(),
                        dec(v.map(|v| v.quantity)),
                        dec(s.map(|s| s.quantity)),
                        dec(v.map(|v| v.rate)),
                        dec(s.map(|s| s.rate)),
                        dec(v.map(|v| v.amount)),
                        dec(s.map(|s| s.amount)),
                        l.amount_difference.to_string(),
                        causes.join(";"),
                    ]
                })
            })
            .collect();
        crate::table::Table {
            headers: CSV_COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
            rows,
        }
    }

    /// The `--json` document.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&Document {
            billsim: 1,
            reconciliation: self.clone(),
        })
        .unwrap_or_default()
    }
}
