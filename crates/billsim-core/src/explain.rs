//! Plain-language derivations for invoice lines (R-E1). Pure text from numbers
//! the invoice builder already has: nothing here computes a charge.

use rust_decimal::Decimal;

use chrono::NaiveDate;

use crate::calendar::Cycle;
use crate::result::LineKind;
use crate::scenario::{CallType, Model, PeakKind, PeakRule, ShortCall};
use crate::telco::{Rated, Row};
pub use crate::text::{capital, grouped};

/// How a model's actual quantity reads in a sentence.
pub fn measured(model: Model, rule: PeakRule, q: Decimal) -> String {
    match model {
        Model::Named => format!("{q} user(s) logged in at least once"),
        Model::Concurrent => format!(
            "a billable peak of {q} concurrent user(s) ({} {} min)",
            rule_name(rule),
            rule.minutes
        ),
        Model::Hourly => format!("{q} user-hour(s)"),
    }
}

fn rule_name(rule: PeakRule) -> &'static str {
    match rule.kind {
        crate::scenario::PeakKind::Sustained => "held without interruption for",
        crate::scenario::PeakKind::Cumulative => "reached for a total of",
        crate::scenario::PeakKind::CumulativeExact => "held at exactly that level for a total of",
    }
}

/// What the other peak rules (R-K2) would bill for one day's curve, and,
/// when the contract is not concurrent, that no peak rule bills it.
pub fn other_rules(p: &crate::concurrency::Peaks, model: Model) -> String {
    let mut s = format!(
        "Other rules would bill: sustained {}, cumulative {}, cumulative at the exact level {}.",
        p.sustained, p.cumulative, p.cumulative_exact
    );
    if model != Model::Concurrent {
        s.push_str(&format!(
            " This contract is billed {}: the peak rule applies under the concurrent model.",
            model.as_str()
        ));
    }
    s
}

/// "cycle 3 (2026-12-21 to 2027-01-20)".
pub fn cycle(c: &Cycle) -> String {
    format!("cycle {} ({} to {})", c.index, c.start, c.end)
}

/// What a cycle measured (or was forecast at), as a number and as words.
#[derive(Debug, Clone)]
pub struct Measured {
    /// The actual quantity.
    pub quantity: Decimal,
    /// It in a sentence ([`measured`] or [`forecast`]).
    pub words: String,
    /// A forecast (R-N2), not measured: the sentence says so.
    pub forecast: bool,
}

/// A quantity forecast for a cycle (R-N2), not measured from logins:
/// "a forecast of 10 user(s) (R-N2)".
pub fn forecast(model: Model, q: Decimal) -> String {
    match model {
        Model::Hourly => format!("a forecast of {q} user-hour(s) (R-N2)"),
        _ => format!("a forecast of {q} user(s) (R-N2)"),
    }
}

/// A prepay line (R-M3), with what the cycle then measured.
pub fn prepay(
    c: &Cycle,
    committed: Decimal,
    rate: Decimal,
    actual: Option<Measured>,
    annual: bool,
) -> String {
    let when = if annual {
        "in advance on the contract year's first invoice (annual upfront, R-M7)"
    } else {
        "in advance (R-M3)"
    };
    let mut s = format!("Committed {committed} for {}: billed {when} at the prepay rate {rate}, whatever the usage.", cycle(c));
    if let Some(Measured {
        quantity: a,
        words,
        forecast,
    }) = actual
    {
        let had = if forecast {
            "The cycle has"
        } else {
            "The cycle measured"
        };
        if a < committed {
            s.push_str(&format!(
                " {had} {words}: below the commitment, so the commitment is still billed in full."
            ));
        } else if a > committed {
            s.push_str(&format!(" {had} {words}: the {} above the commitment are billed as overage in arrears on the next invoice (R-M4).", a - committed));
        } else {
            s.push_str(&format!(" {had} {words}: exactly the commitment."));
        }
    }
    s
}

/// An overage line (R-M4).
pub fn overage(c: &Cycle, words: &str, committed: Decimal, over: Decimal, rate: Decimal) -> String {
    format!("{}: {words} against {committed} committed; the {over} above the commitment are billed in arrears at the overage rate {rate} (R-M4).", capital(&cycle(c)))
}

/// A ramp line under `actual_in_arrears` (R-M2).
pub fn ramp_actual(c: &Cycle, words: &str, rate: Decimal) -> String {
    format!("Ramp {}: {words}, billed in arrears at the contracted rate {rate} (ramp licenses billed as actual, in arrears: R-M2).", cycle(c))
}

/// An after-term line (R-M6).
pub fn after_term(c: &Cycle, words: &str, rate: Decimal) -> String {
    format!("After the term, {}: {words}, billed in arrears at the list rate {rate} with no prepay (R-M6).", cycle(c))
}

/// Hours above the hour commitment (R-H1, R-H2).
pub fn hourly(
    c: &Cycle,
    exact: Decimal,
    billed: Decimal,
    committed: Decimal,
    excess: Decimal,
    rate: Decimal,
) -> String {
    let exact =
        exact.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let commit = if committed.is_zero() {
        String::new()
    } else {
        format!(", {committed} h committed and prepaid, so {excess} h")
    };
    format!("{}: {exact} h logged in, rounded up once to {billed} h (R-H1){commit} billed in arrears at {rate} per hour.", capital(&cycle(c)))
}

/// One product's share of a resource allowance (R-S1).
#[derive(Debug, Clone)]
pub struct AllowancePart {
    /// Billed users (or hours, under the hourly model).
    pub quantity: Decimal,
    /// Whether `quantity` is hours.
    pub hours: bool,
    /// The product's display name.
    pub product: String,
    /// Allowance per user (or hour).
    pub per_unit: Decimal,
}

/// A resource overage line (R-S1, R-S2).
pub fn resource(
    c: &Cycle,
    label: &str,
    used: Decimal,
    allowance: Decimal,
    parts: &[AllowancePart],
    over: Decimal,
    rate: Decimal,
) -> String {
    let basis = if parts.is_empty() {
        "no billed licenses".to_owned()
    } else {
        let each = parts.iter().map(|p| {
            let unit = if p.hours { "h" } else { "users" };
            format!(
                "{} {unit} of {} x {}",
                p.quantity.normalize(),
                p.product,
                p.per_unit
            )
        });
        each.collect::<Vec<_>>().join(" + ")
    };
    format!("{}: {used} {label} used, allowance {allowance} ({basis}); the {over} above the allowance are billed in arrears at {rate} (R-S2). Unused allowance does not carry over.", capital(&cycle(c)))
}

/// SMS, billed per message (R-S3).
pub fn sms(c: &Cycle, used: Decimal, rate: Decimal) -> String {
    format!(
        "{}: {used} messages at {rate} each, billed in arrears (R-S3).",
        capital(&cycle(c))
    )
}

/// An add-on's in-arrears line (R-A1): overage in the term, actuals in the
/// ramp and after it.
pub fn addon(c: &Cycle, id: &str, actual: Decimal, committed: Decimal, rate: Decimal) -> String {
    match c.phase {
        crate::calendar::Phase::Term => {
            let over = (actual - committed).max(Decimal::ZERO);
            format!("{}: {actual} {id} users against {committed} committed; {over} billed in arrears at the overage rate {rate} (R-A1, R-M4).", capital(&cycle(c)))
        }
        crate::calendar::Phase::Ramp => format!(
            "Ramp {}: {actual} {id} users billed in arrears at {rate} (R-A1, R-M2).",
            cycle(c)
        ),
        crate::calendar::Phase::AfterTerm => format!(
            "After the term, {}: {actual} {id} users billed in arrears at {rate} (R-A1, R-M6).",
            cycle(c)
        ),
    }
}

/// An add-on's prepay line (R-A1, R-M3).
pub fn addon_prepay(c: &Cycle, id: &str, committed: Decimal, rate: Decimal) -> String {
    format!(
        "{id} add-on: {committed} committed for {}, billed in advance at {rate} (R-A1, R-M3).",
        cycle(c)
    )
}

/// Phone numbers' monthly charge (R-T2).
pub fn numbers_monthly(c: &Cycle, count: u32, monthly: Decimal) -> String {
    format!("{count} numbers at {monthly} each for {}, in advance; not in the call records, reconciled separately (R-T2).", cycle(c))
}

/// Phone numbers' setup charge (R-T2).
pub fn numbers_setup(count: u32, setup: Decimal) -> String {
    format!("{count} numbers set up at {setup} each, once; not in the call records (R-T2).")
}

/// One row of rated calls (R-T1, R-T2).
pub fn calls(c: &Cycle, kind: CallType, row: &Row, increment_seconds: u32) -> String {
    format!(
        "{} {} call(s) in {}: each rounded up to {increment_seconds} s and priced at {} per minute, each cost rounded to 4 decimals; their sum {} is this row's share of the call records' total cost (R-T1, R-T2).",
        row.calls, kind.as_str(), cycle(c), row.rate, row.cost.normalize()
    )
}

/// The short-call surcharge (R-T3). The share of short calls is shown to
/// one decimal, half away from zero (R-$1).
pub fn short_calls(rated: &Rated, s: &ShortCall) -> String {
    let share = (Decimal::from(rated.short) * Decimal::from(100)
        / Decimal::from(rated.outbound.max(1)))
    .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    let threshold = s.share.checked_mul(Decimal::from(100)).unwrap_or(s.share);
    format!(
        "{} of {} outbound calls lasted {} s or less ({share}% >= {threshold}%, and at least {} calls): each short call is surcharged {} (R-T3).",
        rated.short, rated.outbound, s.max_seconds, s.min_calls, s.surcharge
    )
}

/// A device's monthly charge (R-D1).
pub fn device_monthly(c: &Cycle, quantity: u32, name: &str, rate: Decimal) -> String {
    format!(
        "{quantity} x {name} at {rate} per month, billed in advance for {} (R-D1).",
        cycle(c)
    )
}

/// Device hardware (R-D1, R-M8).
pub fn device_hardware(quantity: u32, name: &str, rate: Decimal, ship: NaiveDate) -> String {
    format!("{quantity} x {name} at {rate}, shipped {ship}: hardware is invoiced on the first invoice on or after its ship date (R-D1, R-M8).")
}

/// A one-time order (R-M8).
pub fn one_time(ordered: NaiveDate) -> String {
    format!("Ordered {ordered}: non-recurring, invoiced on the first invoice on or after the order date (R-M8).")
}

/// One org's AI Experience tokens in one cycle, ready for a sentence
/// (tokens already rounded for reading; billing used the exact values).
#[derive(Debug, Clone)]
pub struct OrgTokens {
    /// Org id.
    pub org: String,
    /// Per feature: unit label, units, tokens.
    pub parts: Vec<(&'static str, Decimal, Decimal)>,
    /// How each feature converts ("17 voice-bot minutes per token").
    pub rates: Vec<String>,
    /// All features' tokens.
    pub tokens: Decimal,
    /// Free tokens (R-AI3).
    pub allocation: Decimal,
    /// Tokens above the allocation, before the round-up.
    pub excess: Decimal,
    /// Whole tokens billable (R-AI4).
    pub billable: Decimal,
}

impl OrgTokens {
    /// "4,400 voice-bot minutes = 258.82 tokens; 250 free".
    fn usage(&self) -> String {
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|(label, q, t)| format!("{} {label} = {} tokens", grouped(*q), grouped(*t)))
            .collect();
        let all = if parts.len() > 1 {
            format!(", {} tokens in all", grouped(self.tokens))
        } else {
            String::new()
        };
        format!(
            "{}{all}; {} free",
            parts.join(" + "),
            grouped(self.allocation)
        )
    }

    fn rates(&self) -> String {
        self.rates.join(", ")
    }
}

/// An org's billable tokens with nothing committed (R-AI1, R-AI3, R-AI4):
/// "Cycle 0 (...): org main: 4,400 voice-bot minutes = 258.82 tokens; 250 free; 9 billed at 1.00 ...".
pub fn ai_org(c: &Cycle, t: &OrgTokens, rate: Decimal, ramp: bool) -> String {
    format!(
        "{}: org {}: {}; {} billed at {rate} ({} above the free allocation, rounded up once to a whole token), in arrears (R-AI1, R-AI3, R-AI4). Rates: {}. Unused free tokens do not carry over.{}",
        capital(&cycle(c)),
        t.org,
        t.usage(),
        grouped(t.billable),
        grouped(t.excess),
        t.rates(),
        ai_ramp(ramp)
    )
}

/// An org's tokens all within its free allocation (R-AI3): the zero line
/// that shows the usage was counted and covered.
/// "Cycle 0 (...): org main: 3,400 voice-bot minutes = 200 tokens; 250 free; nothing above ...".
pub fn ai_covered(c: &Cycle, t: &OrgTokens, ramp: bool) -> String {
    format!(
        "{}: org {}: {}; nothing above the free allocation, so 0 tokens billed (R-AI1, R-AI3). Rates: {}. Unused free tokens do not carry over.{}",
        capital(&cycle(c)),
        t.org,
        t.usage(),
        t.rates(),
        ai_ramp(ramp)
    )
}

/// Why a ramp cycle's tokens count at all.
fn ai_ramp(ramp: bool) -> &'static str {
    if ramp {
        " Tokens are usage: billed in the ramp too."
    } else {
        ""
    }
}

/// The tokens of all orgs above the cycle's token commitment (R-AI4).
pub fn ai_pooled(
    c: &Cycle,
    orgs: &[OrgTokens],
    billable: Decimal,
    committed: Decimal,
    over: Decimal,
    rate: Decimal,
) -> String {
    let per_org: Vec<String> = orgs
        .iter()
        .map(|t| {
            format!(
                "org {}: {}; {} billable",
                t.org,
                t.usage(),
                grouped(t.billable)
            )
        })
        .collect();
    format!(
        "{}: {}. {} billable tokens in all against {} committed (prepaid in advance); the {} above the commitment are billed in arrears at {rate} (R-AI1, R-AI3, R-AI4).",
        capital(&cycle(c)),
        per_org.join("; "),
        grouped(billable),
        grouped(committed),
        grouped(over)
    )
}

/// A token commitment billed in advance (R-AI4 like R-M3), with what the cycle used.
pub fn ai_prepay(
    c: &Cycle,
    committed: Decimal,
    rate: Decimal,
    used: Decimal,
    annual: bool,
) -> String {
    let when = if annual {
        "in advance on the contract year's first invoice (annual upfront, R-M7)"
    } else {
        "in advance (R-AI4, R-M3)"
    };
    let then = match used.cmp(&committed) {
        std::cmp::Ordering::Less => "below the commitment, so the commitment is still billed in full".to_owned(),
        std::cmp::Ordering::Equal => "exactly the commitment".to_owned(),
        std::cmp::Ordering::Greater => format!(
            "the {} above the commitment are billed in arrears at the token rate on the next invoice",
            grouped(used - committed)
        ),
    };
    format!(
        "Token commitment of {} for {}, all orgs together: billed {when} at the prepay rate {rate}, whatever the usage. The cycle's orgs used {} billable tokens: {then}.",
        grouped(committed),
        cycle(c),
        grouped(used)
    )
}

/// A free allocation exceeded (R-F1).
#[allow(clippy::too_many_arguments)]
pub fn allocation(
    c: &Cycle,
    org: &str,
    label: &str,
    used: Decimal,
    free: Decimal,
    over: Decimal,
    rate: Decimal,
    in_advance: bool,
) -> String {
    let how = if in_advance {
        format!("billed at {rate} each per month, in advance")
    } else {
        format!("billed at {rate} each, in arrears")
    };
    format!(
        "{}: org {org} used {} {label}; {} free per org; the {} above are {how} (R-F1).",
        capital(&cycle(c)),
        grouped(used),
        grouped(free),
        grouped(over)
    )
}

/// What a contract's commitment steps count under the hourly model
/// (R-H2), said where the model is chosen: a number of users becomes a
/// number of user-hours when the model changes, and nothing else says so.
pub fn hourly_commitments(steps: usize) -> String {
    format!(
        "Under the hourly model a commitment counts user-hours, not users: the {steps} commitment step(s) below now commit their quantities in hours, at each product's hourly rate."
    )
}

/// How a peak rule holds a level, after "N users logged in at once, ..."
/// (R-K2): the app's "Why N?" summary.
pub fn peak_rule_holds(kind: PeakKind, minutes: u32) -> String {
    match kind {
        PeakKind::Sustained => format!("held without interruption for at least {minutes} min"),
        PeakKind::Cumulative => format!("reached for {minutes} min in total"),
        PeakKind::CumulativeExact => {
            format!("held at exactly that level for {minutes} min in total")
        }
    }
}

/// The sentence naming the rule that made one working day's level (R-K2):
/// the app's one-day workforce chart.
pub fn day_level(kind: PeakKind, minutes: u32, level: u32) -> String {
    if level == 0 {
        return format!(
            "Under the {} rule (R-K2, {minutes} min) no level lasts long enough: this day alone bills none.",
            match kind {
                PeakKind::Sustained => "sustained",
                PeakKind::Cumulative => "cumulative",
                PeakKind::CumulativeExact => "cumulative_exact",
            }
        );
    }
    match kind {
        PeakKind::Sustained => format!("The sustained rule (R-K2) bills {level}: held without a break for at least {minutes} min (dashed line)."),
        PeakKind::Cumulative => format!("The cumulative rule (R-K2) bills {level}: {level} or more logged in for {minutes} min in total over the day (dashed line); over a cycle the days' minutes add up."),
        PeakKind::CumulativeExact => format!("The cumulative_exact rule (R-K2) bills {level}: exactly {level} logged in for {minutes} min in total over the day (dashed line); over a cycle the days' minutes add up."),
    }
}

/// The facts behind one license quantity of one cycle, org and product,
/// for the first sentences of "Why N?" ([`why_n`]).
#[derive(Debug, Clone)]
pub struct QuantityFacts<'a> {
    /// The quantity billed for the cycle (N).
    pub n: Decimal,
    /// Product, org and cycle number.
    pub product: &'a str,
    /// The org.
    pub org: &'a str,
    /// The cycle number.
    pub cycle: u32,
    /// The license model and the peak rule.
    pub model: Model,
    /// The contract's peak rule (R-K2).
    pub rule: PeakRule,
    /// Measured (or forecast) and committed quantities.
    pub actual: Decimal,
    /// Committed for this cycle.
    pub committed: Decimal,
    /// The quantity is a forecast (R-N2), not measured.
    pub forecast: bool,
    /// Concurrent: the org's billed peak and the users billed at each product.
    pub peak: Option<(u32, Vec<(String, usize)>)>,
    /// Named: how many billed users were brief (R-W1) and what they cost.
    pub brief: Option<(usize, Decimal)>,
    /// Concurrent: what one user fewer at the peak saves (R-W3).
    pub one_fewer: Option<Decimal>,
    /// The contract's currency.
    pub currency: &'a str,
    /// The cycle's phase (R-M1): a ramp or after-term `actual` line says
    /// why the measured quantity is billed as it is.
    pub phase: crate::calendar::Phase,
    /// The invoice line asked about: its own quantity leads (the prepay
    /// line's commitment, the overage line's excess); `None`: the cycle's
    /// billed quantity.
    pub line: Option<LineKind>,
}

/// "Why N?" answered N first (R-W1..R-W5, R-M3, R-M4, R-N2): what made the
/// quantity, and one sentence on what would lower it.
pub fn why_n(f: &QuantityFacts) -> (String, String) {
    // Counts as a person reads them, "2,395" (the button says "Why 2,395?").
    let n = crate::text::grouped(f.n);
    let unit = if f.model == Model::Hourly {
        "hour(s)"
    } else {
        "user(s)"
    };
    let (actual, committed) = (
        crate::text::grouped(f.actual),
        crate::text::grouped(f.committed),
    );
    let how = if f.forecast { "forecast" } else { "measured" };
    // No overage: the commitment covers what was used (R-M4).
    if f.line == Some(LineKind::Overage) && f.committed > Decimal::ZERO && f.actual <= f.committed {
        return (
            format!(
                "0 = the {unit} above your commitment of {committed} (R-M4): {actual} {unit} {how}, within it, so there is no overage; the commitment is billed on the prepay line (R-M3)."
            ),
            "Nothing lowers it below 0: only a lower commitment lowers the prepay line.".into(),
        );
    }
    if f.committed > Decimal::ZERO && f.actual <= f.committed && f.n == f.committed {
        let against = if f.actual == f.committed {
            "exactly"
        } else {
            "below"
        };
        return (
            format!(
                "{n} = your commitment for cycle {} (R-M3); {actual} {unit} {how}: {against} it, so the commitment is billed, used or not; only what is above it would be overage (R-M4).",
                f.cycle
            ),
            "Only a lower commitment for this cycle lowers it: using fewer does not.".into(),
        );
    }
    let made = if f.forecast {
        format!(
            "{n} = your forecast of {actual} {unit} for cycle {} (R-N2)",
            f.cycle
        )
    } else {
        match (f.model, &f.peak) {
            (Model::Concurrent, Some((peak, split))) => {
                let peak = crate::text::grouped(Decimal::from(*peak));
                let kind = match f.rule.kind {
                    PeakKind::Sustained => "sustained",
                    PeakKind::Cumulative => "cumulative",
                    PeakKind::CumulativeExact => "cumulative_exact",
                };
                let split = if split.len() > 1 {
                    let parts: Vec<String> =
                        split.iter().map(|(p, k)| format!("{} at {p}", crate::text::grouped(Decimal::from(*k)))).collect();
                    format!(", {}", parts.join(", "))
                } else {
                    String::new()
                };
                format!(
                    "{n} = {}'s share of {}'s {kind} peak of {peak} (R-K2; R-K3: the {peak} users with the most time{split})",
                    f.product, f.org
                )
            }
            (Model::Hourly, _) => format!(
                "{n} = the hours logged in on {} in {} in cycle {}, rounded up (R-H1)",
                f.product, f.org, f.cycle
            ),
            _ => format!(
                "{n} = the users logged in to {} in {} in cycle {}, each counted once at the highest tier they used (R-N1, R-L2)",
                f.product, f.org, f.cycle
            ),
        }
    };
    let over = crate::text::grouped(f.n - f.committed);
    let split = f.committed > Decimal::ZERO && f.n > f.committed;
    match f.line {
        // The prepay line bills the commitment; the excess is on another line.
        Some(LineKind::Prepay) if split => {
            return (
                format!(
                    "{committed} = your commitment for cycle {} (R-M3), billed in advance, used or not. {made}; the {over} above the commitment are on the overage line (R-M4).",
                    f.cycle
                ),
                "Only a lower commitment for this cycle lowers this line: using fewer lowers the overage line.".into(),
            );
        }
        // The overage line bills what is above the commitment (R-M4).
        Some(LineKind::Overage | LineKind::Hourly) if split => {
            let lower = match &f.one_fewer {
                Some(saving) => format!(
                    "One user fewer at the peak would save {saving} {} (the savings ladder below); at {committed} {unit} or fewer there is no overage.",
                    f.currency
                ),
                None => format!("Fewer {unit} {how} lowers it: at {committed} or fewer there is no overage."),
            };
            return (
                format!(
                    "{over} = the {unit} above your commitment of {committed} (R-M4): {n} billed, {committed} prepaid (R-M3). {made}."
                ),
                lower,
            );
        }
        _ => {}
    }
    let made = match f.phase {
        _ if split => {
            format!("{made}; {committed} are your commitment (R-M3) and {over} are overage (R-M4).")
        }
        crate::calendar::Phase::Ramp => {
            format!("{made}; during the ramp the {unit} used are billed, in arrears, with no commitment (R-M2).")
        }
        crate::calendar::Phase::AfterTerm => {
            format!("{made}; after the term the {unit} used are billed, in arrears, at the list rate (R-M6).")
        }
        crate::calendar::Phase::Term => format!("{made}."),
    };
    let lower = match (&f.one_fewer, &f.brief) {
        (Some(saving), _) => format!(
            "One user fewer at the peak would save {saving} {} (the savings ladder below).",
            f.currency
        ),
        (None, Some((k, cost))) if *k > 0 => format!(
            "{k} of them were logged in for less than an hour in the cycle; they cost {cost} {}.",
            f.currency
        ),
        _ if f.forecast => "A lower forecast lowers it.".into(),
        _ if f.committed > Decimal::ZERO => {
            format!("Fewer {unit} {how} lowers it, down to the commitment of {committed}.")
        }
        _ => format!("Fewer {unit} {how} lowers it."),
    };
    (made, lower)
}

/// The savings ladder's step and the "what if" re-bill of the same level,
/// side by side ([`ladder_vs_rebill`]).
#[derive(Debug, Clone)]
pub struct LadderVsRebill<'a> {
    /// The level L whose windows were removed.
    pub level: u32,
    /// The peak billed after the re-bill.
    pub peak_after: u32,
    /// The minutes removed.
    pub removed_minutes: Decimal,
    /// The ladder's saving at a peak of L - 1 (R-W3).
    pub ladder_saving: Decimal,
    /// Users fewer per product in the ladder's step (R-K3).
    pub ladder_drops: &'a [(String, Decimal)],
    /// What the re-bill saves on the cycle's licenses.
    pub saving: Decimal,
    /// Users fewer per product in the re-bill (negative: more).
    pub drops: &'a [(String, Decimal)],
    /// The contract's currency.
    pub currency: &'a str,
}

/// One sentence on why "what if" saves another amount than the savings
/// ladder for the same step (R-W3, R-K3), naming the products that drop in
/// each; when both save the same, a sentence saying so.
pub fn ladder_vs_rebill(f: &LadderVsRebill) -> String {
    let money = |d: Decimal| format!("{} {}", crate::text::grouped_at_scale(d), f.currency);
    if f.saving == f.ladder_saving {
        return format!(
            "The re-bill saves the same {} as the savings ladder (R-W3).",
            money(f.saving)
        );
    }
    let one_lower = f.level.saturating_sub(1);
    let ladder_count: Decimal = f.ladder_drops.iter().map(|(_, q)| *q).sum();
    let least = if ladder_count == Decimal::ONE {
        "the billed user with the least time".to_owned()
    } else {
        format!(
            "the {} billed users with the least time",
            ladder_count.normalize()
        )
    };
    let ladder = format!(
        "The savings ladder drops {least}, {} ({})",
        at_products(f.ladder_drops),
        money(f.ladder_saving)
    );
    let minutes = grouped(f.removed_minutes);
    let rebill = if f.peak_after == one_lower {
        format!("without those {minutes} min the users are ranked again by their time (R-K3)")
    } else {
        let moves = if f.peak_after < one_lower {
            "falls to"
        } else {
            "is"
        };
        format!(
            "without those {minutes} min the peak {moves} {}, not {one_lower},",
            f.peak_after
        )
    };
    format!(
        "{ladder}; {rebill} and {} ({}).",
        who_drops(f.drops),
        money(f.saving)
    )
}

/// "at cx2", "2 at cx2 and 1 at cx1": where users fewer are billed.
fn at_products(drops: &[(String, Decimal)]) -> String {
    match drops {
        [] => "at no product".to_owned(),
        [(p, _)] => format!("at {p}"),
        _ => and_list(
            drops
                .iter()
                .map(|(p, q)| format!("{} at {p}", q.normalize())),
        ),
    }
}

/// "the one who drops is at cx1", "the 6 who drop are at cx2", or, when a
/// product gains users as others lose them, "the billed users change by 1
/// fewer at cx3 and 1 more at cx2".
fn who_drops(drops: &[(String, Decimal)]) -> String {
    if drops.iter().any(|(_, q)| q.is_sign_negative()) {
        let parts = drops.iter().map(|(p, q)| {
            let more_or_fewer = if q.is_sign_negative() {
                "more"
            } else {
                "fewer"
            };
            format!("{} {more_or_fewer} at {p}", q.abs().normalize())
        });
        return format!("the billed users change by {}", and_list(parts));
    }
    let count: Decimal = drops.iter().map(|(_, q)| *q).sum();
    if count == Decimal::ONE {
        format!("the one who drops is {}", at_products(drops))
    } else {
        format!(
            "the {} who drop are {}",
            count.normalize(),
            at_products(drops)
        )
    }
}

/// "a", "a and b", "a, b and c".
fn and_list(parts: impl Iterator<Item = String>) -> String {
    let parts: Vec<String> = parts.collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(product: &str, n: i64) -> (String, Decimal) {
        (product.to_owned(), Decimal::from(n))
    }

    /// R-K2: the day chart names every other rule in words (not the
    /// format's `cumulative_exact`) and says when no peak rule bills.
    #[test]
    fn r_k2_other_rules_in_words() {
        let p = crate::concurrency::Peaks {
            raw: 9,
            sustained: 7,
            cumulative: 8,
            cumulative_exact: 5,
        };
        assert_eq!(
            other_rules(&p, Model::Concurrent),
            "Other rules would bill: sustained 7, cumulative 8, cumulative at the exact level 5."
        );
        let named = other_rules(&p, Model::Named);
        assert!(named.ends_with(
            "This contract is billed named: the peak rule applies under the concurrent model."
        ));
        assert!(!named.contains("cumulative_exact"));
    }

    /// R-W3, R-K3: when the cut moves a user to another tier, the sentence
    /// lists each product's change, more as well as fewer; several users
    /// in the ladder's step are counted (level 5 of a peak of 6 drops two).
    #[test]
    fn r_w3_r_k3_rebill_that_moves_a_tier_lists_each_change() {
        let ladder = [q("cx1", 1), q("cx2", 1)];
        let rebill = [q("cx1", 1), q("cx2", -1), q("cx3", 2)];
        let s = ladder_vs_rebill(&LadderVsRebill {
            level: 5,
            peak_after: 4,
            removed_minutes: Decimal::new(12505, 1),
            ladder_saving: Decimal::new(22800, 2),
            ladder_drops: &ladder,
            saving: Decimal::new(37200, 2),
            drops: &rebill,
            currency: "USD",
        });
        assert_eq!(
            s,
            "The savings ladder drops the 2 billed users with the least time, 1 at cx1 and 1 at \
             cx2 (228.00 USD); without those 1,250.5 min the users are ranked again by their time \
             (R-K3) and the billed users change by 1 fewer at cx1, 1 more at cx2 and 2 fewer at \
             cx3 (372.00 USD)."
        );
    }
}
