//! The AI token parts of the scenario format (R-AI1..R-AI4): the
//! contract's rates, allocation and commitment, and the usage rows. What
//! they bill is in `crate::ai`.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use crate::schema::values::{DecimalText, KeyedBy, OptionalDecimalText};

use super::steps::AddonStep;

/// A feature, measured in its own unit (R-AI1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// Voice bot minutes (bot flows on voice).
    VoiceBotMinutes,
    /// Digital bot sessions (bot flows on messaging).
    DigitalBotSessions,
    /// Interactions handled by a virtual agent.
    VirtualAgentInteractions,
    /// Interactions handled by an agentic virtual agent.
    AgenticVirtualAgentInteractions,
    /// Agent Copilot users in the cycle.
    CopilotUsers,
    /// AI scoring evaluations.
    AiScoringEvaluations,
    /// AI translations.
    AiTranslations,
    /// AI summaries and insights.
    AiSummaries,
    /// Third-party messaging (WhatsApp, Messenger, Instagram, Apple Messages).
    MessagingMessages,
}

/// `contract.ai`: rates, allocation and the token commitment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct AiContract {
    /// Free tokens per org per cycle; default 250 named, 350 concurrent (R-AI3).
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub allocation: Option<Decimal>,
    /// Per token above the commitment; default the currency's price (R-AI4).
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub rate: Option<Decimal>,
    /// Tokens committed per cycle, all orgs together (a step schedule).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<AddonStep>,
    /// Per committed token; default `rate`.
    #[cfg_attr(feature = "schema", schemars(with = "Option<OptionalDecimalText>"))]
    #[serde(
        default,
        with = "crate::exact::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub prepay_rate: Option<Decimal>,
    /// Rate overrides as units for one token.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "KeyedBy<Feature, DecimalText>"),
        tsify(type = "Partial<Record<Feature, Decimal>>")
    )]
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        with = "crate::exact::map"
    )]
    pub units_per_token: BTreeMap<Feature, Decimal>,
    /// Rate overrides as tokens for one unit.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "KeyedBy<Feature, DecimalText>"),
        tsify(type = "Partial<Record<Feature, Decimal>>")
    )]
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        with = "crate::exact::map"
    )]
    pub tokens_per_unit: BTreeMap<Feature, Decimal>,
}

/// `usage.ai[]`: one feature's units in one cycle and org.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct AiUse {
    /// Cycle index.
    pub cycle: u32,
    /// Org id.
    pub org: String,
    /// Which feature.
    pub feature: Feature,
    /// Units of the feature (minutes, sessions, users, ...).
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(with = "crate::exact::str")]
    pub quantity: Decimal,
}
