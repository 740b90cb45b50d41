//! AI Experience tokens (R-AI1..R-AI4): each feature's usage, in its own
//! unit, becomes tokens per org and cycle at the scenario's rates; each org
//! gets a free allocation; what is left, rounded up once, is billable. A
//! token commitment per cycle covers all orgs together, billed in advance;
//! the excess is billed in arrears.
//!
//! Tokens are kept as exact fractions ([`Ratio`]) from the conversion to
//! the one round-up: 4,400 voice-bot minutes at 17 a token are 258 14/17
//! tokens, not a 28-digit approximation that could round up one too many.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::calendar::{Cycle, Phase};
use crate::checks::non_negative;
use crate::error::{Error, Result};
pub use crate::interactions::{BotResource, BotResources, Interaction, Interactions};
pub use crate::scenario::ai::{AiContract, AiUse, Feature};
use crate::scenario::{Model, Scenario};
use crate::usage::Catalog;

impl Feature {
    /// Every feature, in invoice order.
    pub const ALL: [Feature; 9] = [
        Feature::VoiceBotMinutes,
        Feature::DigitalBotSessions,
        Feature::VirtualAgentInteractions,
        Feature::AgenticVirtualAgentInteractions,
        Feature::CopilotUsers,
        Feature::AiScoringEvaluations,
        Feature::AiTranslations,
        Feature::AiSummaries,
        Feature::MessagingMessages,
    ];

    /// The format's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::VoiceBotMinutes => "voice_bot_minutes",
            Feature::DigitalBotSessions => "digital_bot_sessions",
            Feature::VirtualAgentInteractions => "virtual_agent_interactions",
            Feature::AgenticVirtualAgentInteractions => "agentic_virtual_agent_interactions",
            Feature::CopilotUsers => "copilot_users",
            Feature::AiScoringEvaluations => "ai_scoring_evaluations",
            Feature::AiTranslations => "ai_translations",
            Feature::AiSummaries => "ai_summaries",
            Feature::MessagingMessages => "messaging_messages",
        }
    }

    /// The unit in a sentence ("voice-bot minutes").
    pub fn label(self) -> &'static str {
        match self {
            Feature::VoiceBotMinutes => "voice-bot minutes",
            Feature::DigitalBotSessions => "digital-bot sessions",
            Feature::VirtualAgentInteractions => "virtual-agent interactions",
            Feature::AgenticVirtualAgentInteractions => "agentic virtual-agent interactions",
            Feature::CopilotUsers => "Agent Copilot users",
            Feature::AiScoringEvaluations => "AI scoring evaluations",
            Feature::AiTranslations => "AI translations",
            Feature::AiSummaries => "AI summaries and insights",
            Feature::MessagingMessages => "third-party messages",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// The vendor's rate (R-AI1). Copilot depends on the model: 40 tokens
    /// per user named, 60 concurrent, 40 hourly.
    pub fn default_rate(self, model: Model) -> Rate {
        let per_token = |n: i64| Rate::UnitsPerToken(Decimal::from(n));
        match self {
            Feature::VoiceBotMinutes => per_token(17),
            Feature::DigitalBotSessions => per_token(51),
            Feature::VirtualAgentInteractions => Rate::TokensPerUnit(Decimal::new(5, 1)),
            Feature::AgenticVirtualAgentInteractions => Rate::TokensPerUnit(Decimal::new(12, 1)),
            Feature::CopilotUsers => Rate::TokensPerUnit(Decimal::from(match model {
                Model::Concurrent => 60,
                Model::Named | Model::Hourly => 40,
            })),
            Feature::AiScoringEvaluations => per_token(20),
            Feature::AiTranslations => per_token(2),
            Feature::AiSummaries => per_token(50),
            Feature::MessagingMessages => per_token(400),
        }
    }
}

impl Feature {
    /// Where a scenario overrides this feature's rate, and how a form labels
    /// it with the built-in rate (R-AI1): the map it is written in
    /// (`units_per_token` or `tokens_per_unit`, the way the built-in rate is
    /// stated) and a label such as "Voice-bot minutes per token (built-in 17)".
    pub fn rate_field(self) -> (&'static str, String) {
        let named = self.default_rate(Model::Named);
        let concurrent = self.default_rate(Model::Concurrent);
        match (named, concurrent) {
            (Rate::UnitsPerToken(d), _) => {
                let label = self.label();
                let mut first = label.chars();
                let cap: String = first
                    .next()
                    .map(|c| c.to_uppercase().chain(first).collect())
                    .unwrap_or_default();
                (
                    "units_per_token",
                    format!("{cap} per token (built-in {})", d.normalize()),
                )
            }
            (Rate::TokensPerUnit(t), Rate::TokensPerUnit(c)) if c != t => (
                "tokens_per_unit",
                format!(
                    "Tokens per {} (built-in {}, concurrent {})",
                    singular(self),
                    t.normalize(),
                    c.normalize()
                ),
            ),
            (Rate::TokensPerUnit(t), _) => (
                "tokens_per_unit",
                format!("Tokens per {} (built-in {})", singular(self), t.normalize()),
            ),
        }
    }
}

/// What one unit of a feature costs in tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rate {
    /// Units that make one token (voice bot: 17 minutes).
    UnitsPerToken(Decimal),
    /// Tokens one unit costs (agentic virtual agent: 1.2).
    TokensPerUnit(Decimal),
}

impl Rate {
    /// Tokens for `units`, exactly; none on overflow (or a zero divisor,
    /// which validation rejects first).
    pub fn tokens(self, units: Decimal) -> Option<Ratio> {
        let u = Ratio::from_decimal(units)?;
        match self {
            Rate::UnitsPerToken(d) => u.checked_div(Ratio::from_decimal(d)?),
            Rate::TokensPerUnit(t) => u.checked_mul(Ratio::from_decimal(t)?),
        }
    }

    /// How the rate reads after a unit label: "17 voice-bot minutes per token".
    pub fn describe(self, f: Feature) -> String {
        match self {
            Rate::UnitsPerToken(d) => format!("{} {} per token", d.normalize(), f.label()),
            Rate::TokensPerUnit(t) => format!("{} token(s) per {}", t.normalize(), singular(f)),
        }
    }
}

fn singular(f: Feature) -> &'static str {
    match f {
        Feature::VoiceBotMinutes => "voice-bot minute",
        Feature::DigitalBotSessions => "digital-bot session",
        Feature::VirtualAgentInteractions => "virtual-agent interaction",
        Feature::AgenticVirtualAgentInteractions => "agentic virtual-agent interaction",
        Feature::CopilotUsers => "Agent Copilot user per cycle",
        Feature::AiScoringEvaluations => "AI scoring evaluation",
        Feature::AiTranslations => "AI translation",
        Feature::AiSummaries => "AI summary",
        Feature::MessagingMessages => "third-party message",
    }
}

/// An exact fraction `num / den`, `den > 0`, kept reduced. Every operation
/// is checked: `None` on overflow, never a panic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Ratio {
    /// Zero.
    pub const ZERO: Ratio = Ratio { num: 0, den: 1 };

    fn new(num: i128, den: i128) -> Option<Ratio> {
        if den == 0 {
            return None;
        }
        let g = gcd(num.unsigned_abs(), den.unsigned_abs()).max(1);
        let g = i128::try_from(g).ok()?;
        let (mut num, mut den) = (num / g, den / g);
        if den < 0 {
            num = num.checked_neg()?;
            den = den.checked_neg()?;
        }
        Some(Ratio { num, den })
    }

    /// A decimal, exactly (`2.5` is 5/2).
    pub fn from_decimal(d: Decimal) -> Option<Ratio> {
        Ratio::new(d.mantissa(), 10i128.checked_pow(d.scale())?)
    }

    /// `self + o`.
    pub fn checked_add(self, o: Ratio) -> Option<Ratio> {
        let g = i128::try_from(gcd(self.den.unsigned_abs(), o.den.unsigned_abs())).ok()?;
        let den = (self.den / g).checked_mul(o.den)?;
        let a = self.num.checked_mul(den / self.den)?;
        let b = o.num.checked_mul(den / o.den)?;
        Ratio::new(a.checked_add(b)?, den)
    }

    /// `self - o`.
    pub fn checked_sub(self, o: Ratio) -> Option<Ratio> {
        self.checked_add(Ratio {
            num: o.num.checked_neg()?,
            den: o.den,
        })
    }

    /// `self * o`.
    pub fn checked_mul(self, o: Ratio) -> Option<Ratio> {
        let g1 = i128::try_from(gcd(self.num.unsigned_abs(), o.den.unsigned_abs()).max(1)).ok()?;
        let g2 = i128::try_from(gcd(o.num.unsigned_abs(), self.den.unsigned_abs()).max(1)).ok()?;
        Ratio::new(
            (self.num / g1).checked_mul(o.num / g2)?,
            (self.den / g2).checked_mul(o.den / g1)?,
        )
    }

    /// `self / o`; none when `o` is zero.
    pub fn checked_div(self, o: Ratio) -> Option<Ratio> {
        if o.num == 0 {
            return None;
        }
        self.checked_mul(Ratio::new(o.den, o.num)?)
    }

    /// Whether it is above zero.
    pub fn is_positive(self) -> bool {
        self.num > 0
    }

    /// The least whole number not below it: rounded up, once (R-AI4).
    pub fn ceil(self) -> Option<Decimal> {
        // den > 0: ceil(n / d) = -floor(-n / d).
        let c = self.num.checked_neg()?.div_euclid(self.den).checked_neg()?;
        Decimal::try_from_i128_with_scale(c, 0).ok()
    }

    /// The value as a decimal rounded to `dp` places, half away from zero
    /// (for reading only: billing uses the fraction).
    pub fn approx(self, dp: u32) -> Option<Decimal> {
        let n = Decimal::try_from_i128_with_scale(self.num, 0).ok()?;
        let d = Decimal::try_from_i128_with_scale(self.den, 0).ok()?;
        Some(
            n.checked_div(d)?
                .round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
                .normalize(),
        )
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, o: &Ratio) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Ratio {
    fn cmp(&self, o: &Ratio) -> Ordering {
        match (self.num.checked_mul(o.den), o.num.checked_mul(self.den)) {
            (Some(a), Some(b)) => a.cmp(&b),
            // Too large to cross-multiply: the 28-digit quotients decide.
            _ => self.approx(28).cmp(&o.approx(28)),
        }
    }
}

/// Whether a scenario bills AI tokens at all: some usage of an AI feature,
/// bot interactions, or a token commitment.
pub fn bills_ai(s: &Scenario) -> bool {
    !s.usage.ai.is_empty()
        || !s.usage.interactions.is_empty()
        || s.contract
            .ai
            .as_ref()
            .is_some_and(|a| !a.commitments.is_empty())
}

/// The token price per currency (R-AI4); none for a currency not in the table.
pub fn default_token_price(currency: &str) -> Option<Decimal> {
    let (m, s) = match currency {
        "USD" => (100, 2),
        "CAD" => (110, 2),
        "AUD" => (130, 2),
        "NZD" => (140, 2),
        "GBP" => (70, 2),
        "EUR" => (80, 2),
        "BRL" => (401, 2),
        "JPY" => (120, 0),
        "ZAR" => (1420, 2),
        _ => return None,
    };
    Some(Decimal::new(m, s))
}

/// The scenario's rate of every feature.
#[derive(Debug, Clone, Copy)]
pub struct Rates([Rate; 9]);

impl Rates {
    /// Defaults (R-AI1) with the contract's overrides; Copilot per `model`.
    pub fn of(s: &Scenario, model: Model) -> Rates {
        let mut r = Feature::ALL.map(|f| f.default_rate(model));
        if let Some(ai) = &s.contract.ai {
            for (f, d) in &ai.units_per_token {
                r[f.index()] = Rate::UnitsPerToken(*d);
            }
            for (f, t) in &ai.tokens_per_unit {
                r[f.index()] = Rate::TokensPerUnit(*t);
            }
        }
        Rates(r)
    }

    /// The rate of `f`.
    pub fn get(&self, f: Feature) -> Rate {
        self.0[f.index()]
    }

    /// R-AI2: an interaction with a virtual agent of either kind is charged
    /// once, per interaction, at the higher-priced of the kinds it used
    /// (agentic on a tie); none for a bot flow alone.
    pub fn interaction_feature(&self, r: BotResources) -> Option<Feature> {
        let va = r
            .contains(BotResource::VirtualAgent)
            .then_some(Feature::VirtualAgentInteractions);
        let ava = r
            .contains(BotResource::AgenticVirtualAgent)
            .then_some(Feature::AgenticVirtualAgentInteractions);
        match (va, ava) {
            (Some(v), Some(a)) => {
                let one = |f: Feature| self.get(f).tokens(Decimal::ONE);
                Some(if one(v) > one(a) { v } else { a })
            }
            (v, a) => a.or(v),
        }
    }
}

/// Checks `contract.ai` and the AI usage rows that need no cycles. Errors name the path.
pub fn validate(s: &Scenario, cat: &Catalog) -> Result<()> {
    if let Some(ai) = &s.contract.ai {
        for (name, v) in [
            ("allocation", ai.allocation),
            ("rate", ai.rate),
            ("prepay_rate", ai.prepay_rate),
        ] {
            if let Some(v) = v {
                non_negative(format!("contract.ai.{name}"), v)?;
            }
        }
        for (i, st) in ai.commitments.iter().enumerate() {
            let path = format!("contract.ai.commitments[{i}].quantity");
            non_negative(&path, st.quantity)?;
            if !st.quantity.fract().is_zero() {
                return Err(Error::invalid(
                    path,
                    "a token commitment is a whole number of tokens",
                ));
            }
        }
        for (f, d) in &ai.units_per_token {
            if *d <= Decimal::ZERO {
                return Err(Error::invalid(
                    format!("contract.ai.units_per_token.{}", f.as_str()),
                    "must be above zero (units that make one token)",
                ));
            }
        }
        for (f, t) in &ai.tokens_per_unit {
            let path = format!("contract.ai.tokens_per_unit.{}", f.as_str());
            non_negative(&path, *t)?;
            if ai.units_per_token.contains_key(f) {
                return Err(Error::invalid(
                    path,
                    format!(
                        "{} is also given in contract.ai.units_per_token: give its rate one way, not both",
                        f.as_str()
                    ),
                ));
            }
        }
    }
    for (i, a) in s.usage.ai.iter().enumerate() {
        let path = format!("usage.ai[{i}]");
        cat.org(&a.org)
            .ok_or_else(|| cat.unknown_org(&format!("{path}.org"), &a.org))?;
        non_negative(format!("{path}.quantity"), a.quantity)?;
    }
    // A million interactions: paths are only written for the row at fault.
    let t = &s.usage.interactions;
    for (o, id) in t.orgs().iter().enumerate() {
        if cat.org(id).is_none() {
            let i = t.first_of_org(o as u16).unwrap_or(0);
            return Err(cat.unknown_org(&format!("usage.interactions[{i}].org"), id));
        }
    }
    for (i, x) in t.rows().enumerate() {
        if x.resources.is_empty() {
            return Err(Error::invalid(
                format!("usage.interactions[{i}].resources"),
                "an interaction names at least one of bot_flow, virtual_agent, agentic_virtual_agent (R-AI2)",
            ));
        }
        for (name, v) in [
            ("bot_minutes", x.bot_minutes),
            ("bot_sessions", x.bot_sessions),
        ] {
            if v.is_sign_negative() && !v.is_zero() {
                non_negative(format!("usage.interactions[{i}].{name}"), v)?;
            }
        }
    }
    Ok(())
}

/// Units per feature of one org in one cycle.
pub type Units = BTreeMap<Feature, Decimal>;

/// What the AI usage of a scenario measured.
#[derive(Debug, Default)]
pub struct Measurement {
    /// Per cycle: each org's units per feature.
    pub cycles: Vec<BTreeMap<u16, Units>>,
    /// Interactions outside every cycle, ignored.
    pub ignored: usize,
}

/// Sums each cycle's units per org and feature from `usage.ai` and the
/// interactions (R-AI1, R-AI2).
pub fn measure(s: &Scenario, cat: &Catalog, cycles: &[Cycle]) -> Result<Measurement> {
    let mut m = Measurement {
        cycles: vec![BTreeMap::new(); cycles.len()],
        ignored: 0,
    };
    if s.usage.ai.is_empty() && s.usage.interactions.is_empty() {
        return Ok(m);
    }
    let orgs = cat.orgs.len();
    // Flat sums per (cycle, org), then maps: a million interactions add in place.
    let mut sums: Vec<Option<[Decimal; 9]>> = vec![None; cycles.len() * orgs];
    let add = |sums: &mut Vec<Option<[Decimal; 9]>>, at: usize, f: Feature, q: Decimal| {
        let e = sums[at].get_or_insert([Decimal::ZERO; 9]);
        e[f.index()] = e[f.index()].checked_add(q)?;
        Some(())
    };
    for (i, a) in s.usage.ai.iter().enumerate() {
        let path = format!("usage.ai[{i}]");
        let c = crate::calendar::cycle_index(cycles, a.cycle, &path)?;
        let org = cat
            .org(&a.org)
            .ok_or_else(|| cat.unknown_org(&format!("{path}.org"), &a.org))?;
        add(
            &mut sums,
            c * orgs + usize::from(org),
            a.feature,
            a.quantity,
        )
        .ok_or_else(|| Error::overflow(format!("{path}.quantity")))?;
    }
    // The choice between the two virtual agents depends only on rates the
    // model does not change.
    let rates = Rates::of(s, Model::Named);
    // Cycle bounds in ms, computed once: the cycle of an instant by binary search.
    let starts: Vec<i64> = cycles.iter().map(Cycle::start_ms).collect();
    let end = cycles.last().map_or(i64::MIN, Cycle::end_ms);
    let cycle_of = |t: i64| {
        let i = starts.partition_point(|&s| s <= t);
        (i > 0 && t < end).then(|| i - 1)
    };
    let mut ignored = 0usize;
    let t = &s.usage.interactions;
    let org_map = t
        .orgs()
        .iter()
        .enumerate()
        .map(|(o, id)| {
            cat.org(id).ok_or_else(|| {
                let i = t.first_of_org(o as u16).unwrap_or(0);
                cat.unknown_org(&format!("usage.interactions[{i}].org"), id)
            })
        })
        .collect::<Result<Vec<u16>>>()?;
    for (i, x) in t.rows().enumerate() {
        let org = org_map[usize::from(x.org_index)];
        let Some(c) = cycle_of(x.start) else {
            ignored += 1;
            continue;
        };
        let at = c * orgs + usize::from(org);
        let overflow = || Error::overflow(format!("usage.interactions[{i}]"));
        match rates.interaction_feature(x.resources) {
            Some(f) => add(&mut sums, at, f, Decimal::ONE).ok_or_else(overflow)?,
            None => {
                add(&mut sums, at, Feature::VoiceBotMinutes, x.bot_minutes).ok_or_else(overflow)?;
                add(&mut sums, at, Feature::DigitalBotSessions, x.bot_sessions)
                    .ok_or_else(overflow)?;
            }
        }
    }
    m.ignored = ignored;
    for (at, sum) in sums.into_iter().enumerate() {
        let Some(sum) = sum else { continue };
        let units: Units = Feature::ALL
            .into_iter()
            .filter(|f| !sum[f.index()].is_zero())
            .map(|f| (f, sum[f.index()]))
            .collect();
        m.cycles[at / orgs].insert((at % orgs) as u16, units);
    }
    Ok(m)
}

/// One org's tokens in one cycle.
#[derive(Debug, Clone)]
pub struct OrgTokens {
    /// Org index.
    pub org: u16,
    /// Per feature: units, rate, tokens.
    pub parts: Vec<(Feature, Decimal, Rate, Ratio)>,
    /// All features' tokens, exactly.
    pub tokens: Ratio,
    /// The free allocation (R-AI3).
    pub allocation: Decimal,
    /// Tokens above the allocation, exactly (0 when below).
    pub excess: Ratio,
    /// `excess` rounded up once to a whole token (R-AI4).
    pub billable: Decimal,
}

/// The free allocation of each org (R-AI3): the contract's, else 250 named,
/// 350 concurrent; an hourly contract has no default.
pub fn allocation(s: &Scenario, model: Model) -> Result<Decimal> {
    if let Some(a) = s.contract.ai.as_ref().and_then(|a| a.allocation) {
        return Ok(a);
    }
    match model {
        Model::Named => Ok(Decimal::from(250)),
        Model::Concurrent => Ok(Decimal::from(350)),
        Model::Hourly => Err(Error::invalid(
            "contract.ai.allocation",
            "an hourly contract with AI usage needs its free token allocation per org set here (R-AI3 has no hourly default)",
        )),
    }
}

/// Each org's tokens and billable tokens in one cycle (R-AI1, R-AI3, R-AI4).
pub fn org_tokens(
    s: &Scenario,
    model: Model,
    units: &BTreeMap<u16, Units>,
) -> Result<Vec<OrgTokens>> {
    let rates = Rates::of(s, model);
    let mut out = Vec::with_capacity(units.len());
    for (&org, units) in units {
        let allocation = allocation(s, model)?;
        let mut tokens = Ratio::ZERO;
        let mut parts = Vec::with_capacity(units.len());
        for (&f, &q) in units {
            let rate = rates.get(f);
            let overflow = || Error::overflow(format!("tokens of {}", f.as_str()));
            let t = rate.tokens(q).ok_or_else(overflow)?;
            tokens = tokens.checked_add(t).ok_or_else(overflow)?;
            parts.push((f, q, rate, t));
        }
        let overflow = || Error::overflow("contract.ai.allocation");
        let excess = tokens
            .checked_sub(Ratio::from_decimal(allocation).ok_or_else(overflow)?)
            .ok_or_else(overflow)?
            .max(Ratio::ZERO);
        let billable = excess.ceil().ok_or_else(overflow)?;
        out.push(OrgTokens {
            org,
            parts,
            tokens,
            allocation,
            excess,
            billable,
        });
    }
    Ok(out)
}

/// Tokens committed in cycle `c`: the step schedule in term cycles, else 0.
pub fn committed(s: &Scenario, c: &Cycle) -> Decimal {
    let Some(ai) = &s.contract.ai else {
        return Decimal::ZERO;
    };
    if c.phase != Phase::Term || ai.commitments.is_empty() {
        return Decimal::ZERO;
    }
    let mut steps: Vec<(u32, Decimal)> = ai
        .commitments
        .iter()
        .map(|st| (st.from_cycle, st.quantity))
        .collect();
    steps.sort_by_key(|x| x.0);
    crate::calendar::step_at(&steps, c.index)
}

/// The price of a token above the commitment: the contract's, else the currency's (R-AI4).
pub fn token_rate(s: &Scenario) -> Result<Decimal> {
    s.contract
        .ai
        .as_ref()
        .and_then(|a| a.rate)
        .or_else(|| default_token_price(&s.currency))
        .ok_or_else(|| {
            Error::invalid(
                "contract.ai.rate",
                format!(
                    "no default token price in {} (R-AI4 lists USD, CAD, AUD, NZD, GBP, EUR, BRL, JPY, ZAR): set the rate",
                    s.currency
                ),
            )
        })
}

/// The price of a committed token: `prepay_rate`, else the token rate.
pub fn prepay_rate(s: &Scenario) -> Result<Decimal> {
    match s.contract.ai.as_ref().and_then(|a| a.prepay_rate) {
        Some(r) => Ok(r),
        None => token_rate(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn r_ai1_conversion_is_exact_until_the_round_up() {
        let voice = Feature::VoiceBotMinutes.default_rate(Model::Named);
        assert_eq!(voice.tokens(d("4250")).unwrap().ceil(), Some(d("250")));
        let t = voice.tokens(d("4400")).unwrap();
        assert_eq!(t.approx(2), Some(d("258.82")));
        // 1/17 + 48/51 is exactly one token: decimals to 28 digits could say 1.0000...1 and bill 2.
        let digital = Feature::DigitalBotSessions.default_rate(Model::Named);
        let sum = voice
            .tokens(d("1"))
            .unwrap()
            .checked_add(digital.tokens(d("48")).unwrap())
            .unwrap();
        assert_eq!(sum.ceil(), Some(d("1")));
        assert_eq!(sum, Ratio::from_decimal(Decimal::ONE).unwrap());
        assert_eq!(
            Feature::CopilotUsers
                .default_rate(Model::Concurrent)
                .tokens(d("2")),
            Ratio::from_decimal(d("120"))
        );
        assert_eq!(Ratio::from_decimal(d("-0.5")).unwrap().ceil(), Some(d("0")));
        assert_eq!(Ratio::from_decimal(d("2.01")).unwrap().ceil(), Some(d("3")));
    }

    #[test]
    fn r_ai2_highest_resource_wins() {
        let s = Scenario::from_json(
            r#"{"billsim":1,"currency":"USD","contract":{"activation":"2026-10-21","model":"named","term_cycles":1,"products":{"cx2":{"tier":2}}}}"#,
        )
        .unwrap();
        let r = Rates::of(&s, Model::Named);
        let set = |v: &[BotResource]| v.iter().copied().collect::<BotResources>();
        use BotResource::*;
        assert_eq!(r.interaction_feature(set(&[BotFlow])), None);
        assert_eq!(
            r.interaction_feature(set(&[BotFlow, VirtualAgent])),
            Some(Feature::VirtualAgentInteractions)
        );
        assert_eq!(
            r.interaction_feature(set(&[VirtualAgent, AgenticVirtualAgent, BotFlow])),
            Some(Feature::AgenticVirtualAgentInteractions)
        );
    }
}
