//! The scenario format v1 (`docs/format.md`): field names are a
//! contract with users' saved files. Decimals travel as strings; unknown fields
//! are rejected so a typo is never silently ignored.

pub mod ai;
pub mod allocations;
mod quote;
mod steps;
mod strict;

pub use quote::Quote;
pub use steps::AddonStep;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use crate::schema::values::{DateText, DecimalText, InstantText, KeyedBy, OptionalDecimalText};

use crate::error::{Error, Result};

/// The only format version this engine reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A contract plus the usage it is billed for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The JSON Schema an editor checks the file against, e.g.
    /// `"./scenario.schema.json"`; the engine ignores it and writes it back.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format version; must be 1.
    #[cfg_attr(feature = "schema", schemars(extend("const" = 1)), tsify(type = "1"))]
    pub billsim: u32,
    /// A label for people.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Who the quote is for, who prepared it, until when it holds; the
    /// `name` is the quote's name.
    #[serde(default, skip_serializing_if = "Quote::is_empty")]
    pub quote: Quote,
    /// ISO 4217 code.
    pub currency: String,
    /// What was signed.
    pub contract: Contract,
    /// Orgs and their regions (R-K1). Defaults to one org `main`.
    #[serde(default = "default_orgs")]
    pub orgs: Vec<Org>,
    /// What was used.
    #[serde(default)]
    pub usage: Usage,
}

fn default_orgs() -> Vec<Org> {
    vec![Org {
        id: "main".into(),
        region: "default".into(),
        vendor_names: Vec::new(),
    }]
}

/// One org, living in exactly one region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Org {
    /// Referenced by usage rows.
    pub id: String,
    /// Where it runs.
    pub region: String,
    /// The names or ids under which the vendor's files name the org (R-R2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vendor_names: Vec<String>,
}

/// License model of a contract (exactly one, R-L1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Model {
    /// Users who logged in at least once in the cycle (R-N1).
    Named,
    /// The cycle's sustained peak of simultaneous users (R-K2).
    Concurrent,
    /// Logged-in hours (R-H1).
    Hourly,
}

impl Model {
    /// All models, in the order compare shows them.
    pub const ALL: [Model; 3] = [Model::Named, Model::Concurrent, Model::Hourly];

    /// The format's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Model::Named => "named",
            Model::Concurrent => "concurrent",
            Model::Hourly => "hourly",
        }
    }
}

/// License charges during the ramp (R-M2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RampLicenses {
    /// No license charges in the ramp.
    #[default]
    Waived,
    /// Ramp actuals billed at the prepay rate on the next invoice.
    ActualInArrears,
}

/// The ramp before the term (R-M1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Ramp {
    /// Number of ramp cycles, 0 for none.
    #[serde(default)]
    pub cycles: u32,
    /// License policy in the ramp.
    #[serde(default)]
    pub licenses: RampLicenses,
}

/// When commitments are invoiced (R-M7).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Billing {
    /// Each cycle's commitment on that cycle's invoice.
    #[default]
    Monthly,
    /// A contract year's commitments on the year's first invoice.
    AnnualUpfront,
}

/// How the billable concurrent peak is found (R-K2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum PeakKind {
    /// Highest N held without interruption for `minutes`.
    #[default]
    Sustained,
    /// Highest N reached (or exceeded) for `minutes` in total.
    Cumulative,
    /// Highest N held at exactly N for `minutes` in total.
    CumulativeExact,
}

/// The peak rule and its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct PeakRule {
    /// Which rule.
    #[serde(default)]
    pub kind: PeakKind,
    /// Threshold in minutes (default 30).
    #[serde(default = "default_peak_minutes")]
    pub minutes: u32,
}

fn default_peak_minutes() -> u32 {
    30
}

impl Default for PeakRule {
    fn default() -> Self {
        PeakRule {
            kind: PeakKind::Sustained,
            minutes: 30,
        }
    }
}

/// A fair-use resource (R-S1, R-S3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// IVR minutes.
    IvrMinutes,
    /// Data storage in GB.
    StorageGb,
    /// Platform API requests.
    ApiRequests,
    /// Bring-your-own-carrier minutes.
    ByocMinutes,
    /// SMS and messaging, per message, no allowance.
    Sms,
}

impl ResourceKind {
    /// Every resource, in invoice order.
    pub const ALL: [ResourceKind; 5] = [
        ResourceKind::IvrMinutes,
        ResourceKind::StorageGb,
        ResourceKind::ApiRequests,
        ResourceKind::ByocMinutes,
        ResourceKind::Sms,
    ];

    /// The format's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::IvrMinutes => "ivr_minutes",
            ResourceKind::StorageGb => "storage_gb",
            ResourceKind::ApiRequests => "api_requests",
            ResourceKind::ByocMinutes => "byoc_minutes",
            ResourceKind::Sms => "sms",
        }
    }

    /// Parses the format's spelling.
    pub fn parse(s: &str) -> Option<ResourceKind> {
        ResourceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A label for invoices.
    pub fn label(self) -> &'static str {
        match self {
            ResourceKind::IvrMinutes => "IVR minutes",
            ResourceKind::StorageGb => "Data storage (GB)",
            ResourceKind::ApiRequests => "API requests",
            ResourceKind::ByocMinutes => "BYOC minutes",
            ResourceKind::Sms => "SMS messages",
        }
    }
}

/// A licensed product (Cloud CX 1..4) and its rates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// 1..4; orders products for R-L2 and picks the allowance row.
    #[cfg_attr(
        feature = "schema",
        schemars(range(min = 1, max = 4)),
        tsify(type = "1 | 2 | 3 | 4")
    )]
    pub tier: u8,
    /// Invoice label; default "Cloud CX {tier}".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Per committed unit per cycle.
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub prepay: Option<Decimal>,
    /// Per unit above the commitment.
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub overage: Option<Decimal>,
    /// Per unit after the term (R-M6).
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub list: Option<Decimal>,
    /// Per user-hour (hourly model).
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub hourly: Option<Decimal>,
    /// A product's own model; must equal the contract's (R-L1). Absent: the contract's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Model>,
    /// Per-user (or per-hour) fair-use allowances overriding the built-in table (R-S1).
    #[cfg_attr(
        feature = "schema",
        schemars(with = "KeyedBy<ResourceKind, DecimalText>"),
        tsify(type = "Partial<Record<ResourceKind, Decimal>>")
    )]
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        with = "crate::exact::map"
    )]
    pub allowances: BTreeMap<ResourceKind, Decimal>,
    /// Its rates under the concurrent model, which the vendor prices above
    /// named: under `model: concurrent` they replace `prepay`, `overage` and
    /// `list` (R-O3). Absent: the plain rates apply under every model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrent: Option<Rates>,
    /// The vendor's part numbers for the product (R-R2), e.g. `PC-170-NV-USR2C`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skus: Vec<String>,
}

/// A product's per-user rates under one model.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Rates {
    /// Per committed unit per cycle.
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub prepay: Option<Decimal>,
    /// Per unit above the commitment.
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub overage: Option<Decimal>,
    /// Per unit after the term (R-M6).
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub list: Option<Decimal>,
}

impl Product {
    /// The prepay, overage and list rates billed under `model`: the
    /// product's `concurrent` rates under the concurrent model when it has
    /// them, else its plain ones (the hourly model uses `hourly` instead).
    pub fn rates(&self, model: Model) -> Rates {
        match (&self.concurrent, model) {
            (Some(r), Model::Concurrent) => r.clone(),
            _ => Rates {
                prepay: self.prepay,
                overage: self.overage,
                list: self.list,
            },
        }
    }
}

/// One step of a commitment schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Commitment {
    /// Product id.
    pub product: String,
    /// From this cycle index on (until the next step).
    pub from_cycle: u32,
    /// Committed units (users, or hours in the hourly model).
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(with = "crate::exact::str")]
    pub quantity: Decimal,
    /// The org the commitment belongs to; absent: the first org.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
}

/// An add-on bought for some CX1/CX2 users (R-A1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Addon {
    /// Id, used as `product` in usage quantities.
    pub id: String,
    /// Invoice label; default the id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The base product (tier 1 or 2).
    pub base: String,
    /// Per committed user.
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(with = "crate::exact::str")]
    pub prepay: Decimal,
    /// Per user above the commitment.
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(with = "crate::exact::str")]
    pub overage: Decimal,
    /// Commitment steps.
    #[serde(default)]
    pub commitments: Vec<AddonStep>,
    /// The org; absent: the first org.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
}

/// A resource's overage rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ResourceRate {
    /// Per unit above the allowance (per message for SMS).
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(with = "crate::exact::str")]
    pub rate: Decimal,
}

/// Per-minute rates of each call type.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct CallRates {
    /// Inbound calling service.
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub inbound: Option<Decimal>,
    /// Outbound calling service.
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub outbound: Option<Decimal>,
    /// Extended outbound calling service.
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub extended_outbound: Option<Decimal>,
    /// Toll-free calling service.
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub toll_free: Option<Decimal>,
}

/// The short-duration call surcharge (R-T3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ShortCall {
    /// Calls of at most this many seconds are short.
    #[serde(default = "default_short_seconds")]
    pub max_seconds: u32,
    /// The surcharge needs at least this many outbound calls in the cycle.
    #[serde(default = "default_min_calls")]
    pub min_calls: u32,
    /// ... and short calls making up at least this share of them.
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(default = "default_share", with = "crate::exact::str")]
    pub share: Decimal,
    /// Charged per short call.
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(with = "crate::exact::str")]
    pub surcharge: Decimal,
}

fn default_short_seconds() -> u32 {
    6
}
fn default_min_calls() -> u32 {
    100
}
fn default_share() -> Decimal {
    Decimal::new(15, 2)
}

/// Phone numbers: setup once, monthly in advance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Numbers {
    /// One-time per number.
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(with = "crate::exact::str")]
    pub setup: Decimal,
    /// Per number per cycle.
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(with = "crate::exact::str")]
    pub monthly: Decimal,
    /// How many numbers.
    pub count: u32,
}

/// Telco usage pricing (R-T1..R-T3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Telco {
    /// Calls are rounded up to this many seconds (default 6).
    #[serde(default = "default_increment")]
    pub increment_seconds: u32,
    /// Per-minute rates for US calls.
    #[serde(default)]
    pub rates: CallRates,
    /// Per-minute rates for international calls (the international breakout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub international_rates: Option<CallRates>,
    /// Short-duration surcharge, if the contract has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_call: Option<ShortCall>,
    /// Phone numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbers: Option<Numbers>,
}

fn default_increment() -> u32 {
    6
}

/// A device: monthly in advance and/or one-time on its ship date (R-D1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// Label.
    pub name: String,
    /// How many.
    pub quantity: u32,
    /// Per device per cycle, in advance.
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub monthly: Option<Decimal>,
    /// Per device, once.
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub one_time: Option<Decimal>,
    /// When the hardware ships; absent: activation.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<DateText>"),
        tsify(type = "DateString")
    )]
    #[serde(
        default,
        with = "crate::exact::date_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub ship_date: Option<NaiveDate>,
}

/// A non-recurring charge (R-M8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct OneTime {
    /// Label.
    pub name: String,
    /// Amount.
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(with = "crate::exact::str")]
    pub amount: Decimal,
    /// Order date.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "DateText"),
        tsify(type = "DateString")
    )]
    #[serde(with = "crate::exact::date")]
    pub date: NaiveDate,
}

/// Invoice categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// User licenses and add-ons.
    License,
    /// Fair-use resources and messaging, and the free allocations (R-F1).
    Resource,
    /// AI Experience tokens (R-AI4).
    Ai,
    /// Devices.
    Device,
    /// Telco usage and numbers.
    Telco,
    /// Non-recurring charges.
    OneTime,
}

impl Category {
    /// Every category, in invoice order.
    pub const ALL: [Category; 6] = [
        Category::License,
        Category::Resource,
        Category::Ai,
        Category::Device,
        Category::Telco,
        Category::OneTime,
    ];

    /// The format's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::License => "license",
            Category::Resource => "resource",
            Category::Ai => "ai",
            Category::Device => "device",
            Category::Telco => "telco",
            Category::OneTime => "one_time",
        }
    }

    /// In words, for a reader (a workbook's cell).
    pub fn words(self) -> &'static str {
        match self {
            Category::License => "Licenses",
            Category::Resource => "Fair-use resources",
            Category::Ai => "AI",
            Category::Device => "Devices",
            Category::Telco => "Telco",
            Category::OneTime => "One-time",
        }
    }
}

/// A tax on some categories (R-X1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Tax {
    /// Label.
    pub name: String,
    /// Fraction, e.g. "0.0825".
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(with = "crate::exact::str")]
    pub rate: Decimal,
    /// Categories taxed.
    pub applies_to: Vec<Category>,
}

/// The contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// Effective date; anchors every cycle (R-C1).
    #[cfg_attr(
        feature = "schema",
        schemars(with = "DateText"),
        tsify(type = "DateString")
    )]
    #[serde(with = "crate::exact::date")]
    pub activation: NaiveDate,
    /// The license model.
    pub model: Model,
    /// The ramp.
    #[serde(default)]
    pub ramp: Ramp,
    /// Term length in cycles.
    pub term_cycles: u32,
    /// Cycles billed after the term (R-M6).
    #[serde(default)]
    pub after_term_cycles: u32,
    /// Monthly or annual upfront.
    #[serde(default)]
    pub billing: Billing,
    /// Concurrent peak rule.
    #[serde(default)]
    pub peak_rule: PeakRule,
    /// Products by id.
    pub products: BTreeMap<String, Product>,
    /// Commitment schedule.
    #[serde(default)]
    pub commitments: Vec<Commitment>,
    /// Add-ons.
    #[serde(default)]
    pub addons: Vec<Addon>,
    /// Resource rates.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "KeyedBy<ResourceKind, ResourceRate>"),
        tsify(type = "Partial<Record<ResourceKind, ResourceRate>>")
    )]
    #[serde(default)]
    pub resources: BTreeMap<ResourceKind, ResourceRate>,
    /// Telco pricing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telco: Option<Telco>,
    /// Devices.
    #[serde(default)]
    pub devices: Vec<Device>,
    /// Non-recurring charges.
    #[serde(default)]
    pub one_time: Vec<OneTime>,
    /// Taxes.
    #[serde(default)]
    pub taxes: Vec<Tax>,
    /// AI Experience tokens (R-AI1..R-AI4); absent: the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai: Option<ai::AiContract>,
    /// Free allocations per org: wallboards, rule decisions, cases (R-F1).
    #[cfg_attr(
        feature = "schema",
        schemars(with = "KeyedBy<allocations::Item, allocations::FreeAllocation>"),
        tsify(type = "Partial<Record<Item, FreeAllocation>>")
    )]
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub allocations: BTreeMap<allocations::Item, allocations::FreeAllocation>,
}

/// A login session, half-open [login, logout) (R-L3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// User id (e-mail).
    pub user: String,
    /// Org id.
    pub org: String,
    /// Product id assigned during the session.
    pub product: String,
    /// Start, UTC.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "InstantText"),
        tsify(type = "Instant")
    )]
    #[serde(with = "crate::exact::instant")]
    pub login: DateTime<Utc>,
    /// End, UTC, after `login`.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "InstantText"),
        tsify(type = "Instant")
    )]
    #[serde(with = "crate::exact::instant")]
    pub logout: DateTime<Utc>,
}

/// A forecast quantity for one cycle (R-N2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    /// Cycle index.
    pub cycle: u32,
    /// Org id; absent: the first org.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Product (or add-on) id.
    pub product: String,
    /// Users (peak users, or hours in the hourly model).
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(with = "crate::exact::str")]
    pub quantity: Decimal,
}

/// One day's use of a resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct ResourceUse {
    /// The day (UTC).
    #[cfg_attr(
        feature = "schema",
        schemars(with = "DateText"),
        tsify(type = "DateString")
    )]
    #[serde(with = "crate::exact::date")]
    pub date: NaiveDate,
    /// Org id.
    pub org: String,
    /// Which resource.
    pub resource: ResourceKind,
    /// Units used that day (for storage: GB held that day).
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(with = "crate::exact::str")]
    pub quantity: Decimal,
}

/// A call type (R-T1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum CallType {
    /// Inbound calling service.
    Inbound,
    /// Outbound calling service.
    Outbound,
    /// Extended outbound calling service.
    ExtendedOutbound,
    /// Toll-free calling service.
    TollFree,
}

impl CallType {
    /// The format's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CallType::Inbound => "inbound",
            CallType::Outbound => "outbound",
            CallType::ExtendedOutbound => "extended_outbound",
            CallType::TollFree => "toll_free",
        }
    }

    /// Parses the format's spelling.
    pub fn parse(s: &str) -> Option<CallType> {
        [
            CallType::Inbound,
            CallType::Outbound,
            CallType::ExtendedOutbound,
            CallType::TollFree,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }

    /// Invoice row label.
    pub fn label(self) -> &'static str {
        match self {
            CallType::Inbound => "Inbound Calling Service",
            CallType::Outbound => "Outbound Calling Service",
            CallType::ExtendedOutbound => "Extended Outbound Calling Service",
            CallType::TollFree => "Toll-Free Calling Service",
        }
    }

    /// Outbound calls count for the short-call surcharge (R-T3).
    pub fn is_outbound(self) -> bool {
        matches!(self, CallType::Outbound | CallType::ExtendedOutbound)
    }
}

/// A call detail record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Call {
    /// Org id.
    pub org: String,
    /// Call type.
    #[serde(rename = "type")]
    pub kind: CallType,
    /// Start, UTC.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "InstantText"),
        tsify(type = "Instant")
    )]
    #[serde(with = "crate::exact::instant")]
    pub start: DateTime<Utc>,
    /// Duration in seconds.
    pub seconds: u32,
    /// International breakout.
    #[serde(default)]
    pub international: bool,
}

/// One row of a user-hour report (R-H3) used as input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct HoursRow {
    /// User id.
    pub user: String,
    /// Org id.
    pub org: String,
    /// Product id.
    pub product: String,
    /// The UTC day.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "DateText"),
        tsify(type = "DateString")
    )]
    #[serde(with = "crate::exact::date")]
    pub date: NaiveDate,
    /// Logged-in time, `HH:MM:SS:mmm`.
    pub duration: String,
}

/// What was used.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Usage {
    /// Logins.
    #[serde(default)]
    pub sessions: Vec<Session>,
    /// Forecast quantities.
    #[serde(default)]
    pub quantities: Vec<Quantity>,
    /// Workforce profiles, expanded into sessions.
    #[serde(default)]
    pub profiles: Vec<Profile>,
    /// Daily resource use.
    #[serde(default)]
    pub resources: Vec<ResourceUse>,
    /// Call detail records.
    #[serde(default)]
    pub calls: Vec<Call>,
    /// User-hour report rows (hourly contracts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hours: Vec<HoursRow>,
    /// AI feature usage per cycle and org (R-AI1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ai: Vec<ai::AiUse>,
    /// Interactions with bots and virtual agents (R-AI2).
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<crate::interactions::Interaction>"),
        tsify(type = "Interaction[]")
    )]
    #[serde(
        default,
        skip_serializing_if = "crate::interactions::Interactions::is_empty"
    )]
    pub interactions: crate::interactions::Interactions,
    /// Wallboards, rule decisions and cases in use per cycle and org (R-F1).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allocations: Vec<allocations::AllocationUse>,
}

impl Scenario {
    /// Reads a scenario from JSON text; errors name the JSON path.
    pub fn from_json(text: &str) -> Result<Scenario> {
        let de = &mut serde_json::Deserializer::from_str(text);
        let scenario: Scenario =
            serde_path_to_error::deserialize(strict::Strict(de)).map_err(|e| {
                let raw = e.path().to_string();
                let mut path = if raw == "." {
                    String::new()
                } else {
                    known_part(&raw)
                };
                let message = clean_serde_message(&e.inner().to_string());
                // A key of a map keyed by a name of the format (`ivr_minutes`) is
                // not one serde_path_to_error can name: the message does.
                if let Some(key) = strict::twice(&message).filter(|_| raw.ends_with('?')) {
                    path = if path.is_empty() {
                        key.to_owned()
                    } else {
                        format!("{path}.{key}")
                    };
                }
                // serde reports a missing field at its parent: point at the field itself.
                if let Some(field) = message
                    .strip_prefix("missing field `")
                    .and_then(|m| m.split('`').next())
                {
                    path = if path.is_empty() {
                        field.to_owned()
                    } else {
                        format!("{path}.{field}")
                    };
                }
                Error::Json { path, message }
            })?;
        if scenario.billsim != FORMAT_VERSION {
            return Err(Error::invalid(
                "billsim",
                format!(
                    "format version {} is not supported (this is version {FORMAT_VERSION})",
                    scenario.billsim
                ),
            ));
        }
        Ok(scenario)
    }

    /// Writes the scenario as pretty JSON in the v1 format.
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// serde_json's wording in plain words. It appends " at line L column C";
/// that is kept, it says where in the text.
fn clean_serde_message(m: &str) -> String {
    const PLAIN: [(&str, &str); 17] = [
        (
            "a Decimal type representing a fixed-point number",
            "a decimal written as a string, e.g. \"115.00\"",
        ),
        ("invalid type: ", "wrong kind of value: "),
        ("expected u8", "expected a whole number (0 or more)"),
        ("expected u16", "expected a whole number (0 or more)"),
        ("expected u32", "expected a whole number (0 or more)"),
        ("expected u64", "expected a whole number (0 or more)"),
        ("expected usize", "expected a whole number (0 or more)"),
        ("expected i32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        (
            "EOF while parsing a value",
            "the text ends where a value should be (is it cut short?)",
        ),
        (
            "EOF while parsing an object",
            "the text ends inside an object: a closing } is missing",
        ),
        (
            "EOF while parsing a list",
            "the text ends inside a list: a closing ] is missing",
        ),
        (
            "EOF while parsing a string",
            "the text ends inside a string: a closing \" is missing",
        ),
        (
            "key must be a string",
            "a key must be text in double quotes",
        ),
        (
            "trailing comma",
            "a comma with nothing after it (remove that comma)",
        ),
        (
            "expected `,` or `}`",
            "expected a comma or a closing } (a comma missing, or one too many?)",
        ),
        (
            "expected `,` or `]`",
            "expected a comma or a closing ] (a comma missing, or one too many?)",
        ),
    ];
    PLAIN
        .iter()
        .fold(m.to_owned(), |m, (raw, plain)| m.replace(raw, plain))
}

/// serde_path_to_error's path up to a part it could not name (`?`, inside
/// text that is not JSON): `contract.?` is `contract`.
fn known_part(path: &str) -> String {
    path.split('.')
        .take_while(|p| !p.starts_with('?'))
        .collect::<Vec<_>>()
        .join(".")
}

// Workforce profiles: the format here, the expansion into sessions in the profiles module.

/// One shift of a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Shift {
    /// Start time, UTC, `HH:MM`.
    pub start: String,
    /// Length in minutes, before the handover.
    pub minutes: u32,
    /// Agents in the shift in the first cycle.
    pub agents: u32,
}

/// A workforce description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Prefix of generated user ids.
    pub id: String,
    /// Org of every agent; absent: the first org.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Product id -> share of agents ("0.8"); shares must sum to 1.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "BTreeMap<String, DecimalText>"),
        tsify(type = "Record<string, Decimal>")
    )]
    #[serde(with = "share_map")]
    pub mix: BTreeMap<String, Decimal>,
    /// The shifts.
    pub shifts: Vec<Shift>,
    /// Minutes each agent stays logged in after the shift ends.
    #[serde(default)]
    pub handover_minutes: u32,
    /// Working weekdays: `mon` .. `sun`. Default Monday to Friday.
    #[serde(default = "weekdays")]
    pub days: Vec<String>,
    /// Share of agent-days absent, "0.05".
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(default, with = "crate::exact::str")]
    pub absence: Decimal,
    /// Growth of every shift per cycle, "0.02" for +2 %.
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(default, with = "crate::exact::str")]
    pub growth: Decimal,
    /// Seed for absences.
    #[serde(default)]
    pub seed: u64,
    /// First cycle the profile covers.
    #[serde(default)]
    pub from_cycle: u32,
    /// Number of cycles covered; absent: to the contract's end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycles: Option<u32>,
}

fn weekdays() -> Vec<String> {
    ["mon", "tue", "wed", "thu", "fri"]
        .map(String::from)
        .to_vec()
}

mod share_map {
    use super::*;
    use serde::{Deserializer, Serializer};

    #[derive(Serialize, Deserialize)]
    struct D(#[serde(with = "crate::exact::str")] Decimal);

    pub fn serialize<S: Serializer>(
        m: &BTreeMap<String, Decimal>,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        s.collect_map(m.iter().map(|(k, v)| (k, D(*v))))
    }

    pub fn deserialize<'de, De: Deserializer<'de>>(
        d: De,
    ) -> std::result::Result<BTreeMap<String, Decimal>, De::Error> {
        let m: BTreeMap<String, D> = BTreeMap::deserialize(d)?;
        Ok(m.into_iter().map(|(k, D(v))| (k, v)).collect())
    }
}
