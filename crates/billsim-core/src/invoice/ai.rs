//! AI Experience tokens on the invoice (R-AI4): per org in arrears when
//! nothing is committed (a zero line when the free allocation covers an
//! org's usage, R-AI3), else the commitment in advance and the tokens of
//! all orgs above it in arrears.

use rust_decimal::Decimal;

use super::context::{Builder, Charges, LineSpec};
use crate::ai::{committed, org_tokens, prepay_rate, token_rate, OrgTokens, Ratio};
use crate::calendar::{Cycle, Phase};
use crate::error::Result;
use crate::explain;
use crate::measure::CycleUsage;
use crate::result::{AiOrgRow, AiSummary, Line, LineKind, Timing};
use crate::scenario::Category;

/// How an org's tokens read in a sentence.
fn org_words(b: &Builder<'_>, t: &OrgTokens) -> explain::OrgTokens {
    let round = |r: Ratio| r.approx(2).unwrap_or_default();
    explain::OrgTokens {
        org: b.cat.orgs[t.org as usize].clone(),
        parts: t
            .parts
            .iter()
            .map(|(f, q, _, tok)| (f.label(), *q, round(*tok)))
            .collect(),
        rates: t.parts.iter().map(|(f, _, r, _)| r.describe(*f)).collect(),
        tokens: round(t.tokens),
        allocation: t.allocation,
        excess: round(t.excess),
        billable: t.billable,
    }
}

/// The in-arrears token lines of a cycle and its summary (R-AI4): per org
/// when nothing is committed, else one line for the tokens of all orgs
/// above the commitment.
pub(super) fn charges(
    b: &Builder<'_>,
    c: &Cycle,
    u: &CycleUsage,
    ch: &mut Charges,
) -> Result<Option<AiSummary>> {
    let committed = committed(b.s, c);
    if u.ai.is_empty() && committed.is_zero() {
        return Ok(None);
    }
    let orgs = org_tokens(b.s, b.model, &u.ai)?;
    let total = crate::money::checked_sum(orgs.iter().map(|t| &t.billable), "billable tokens")?;
    let over = (total - committed).max(Decimal::ZERO);
    let period = Builder::period(c);
    if committed.is_zero() {
        for t in &orgs {
            ch.arrears.extend(org_line(b, c, t)?);
        }
    } else if !over.is_zero() {
        let rate = token_rate(b.s)?;
        let words: Vec<_> = orgs.iter().map(|t| org_words(b, t)).collect();
        ch.arrears.extend(b.line(LineSpec {
            kind: LineKind::AiOverage,
            category: Category::Ai,
            org: None,
            product: None,
            description: "AI Experience tokens".into(),
            quantity: over,
            unit_price: rate,
            at: &|| "contract.ai.rate".into(),
            period,
            timing: Timing::InArrears,
            explanation: b.says(|| explain::ai_pooled(c, &words, total, committed, over, rate)),
        })?);
    }
    Ok(Some(AiSummary {
        committed: committed.normalize(),
        billable: total.normalize(),
        overage: over.normalize(),
        orgs: orgs
            .iter()
            .map(|t| AiOrgRow {
                org: b.cat.orgs[t.org as usize].clone(),
                tokens: t.tokens.approx(4).unwrap_or_default(),
                allocation: t.allocation.normalize(),
                billable: t.billable.normalize(),
            })
            .collect(),
    }))
}

/// An org's in-arrears token line with nothing committed (R-AI4): its
/// billable tokens, or a zero line when it used AI and the free allocation
/// covered all of it (R-AI3), so the customer sees the usage was counted;
/// none without usage. A covered zero line needs no token price: it shows
/// the currency's when there is one, else 0.
fn org_line(b: &Builder<'_>, c: &Cycle, t: &OrgTokens) -> Result<Option<Line>> {
    let covered = t.billable.is_zero();
    if covered && t.parts.is_empty() {
        return Ok(None);
    }
    let rate = if covered {
        token_rate(b.s).unwrap_or(Decimal::ZERO)
    } else {
        token_rate(b.s)?
    };
    let ramp = c.phase == Phase::Ramp;
    let spec = LineSpec {
        kind: LineKind::AiOverage,
        category: Category::Ai,
        org: Some(t.org),
        product: None,
        description: "AI Experience tokens".into(),
        quantity: t.billable,
        unit_price: rate,
        at: &|| "contract.ai.rate".into(),
        period: Builder::period(c),
        timing: Timing::InArrears,
        explanation: b.says(|| {
            let words = org_words(b, t);
            if covered {
                explain::ai_covered(c, &words, ramp)
            } else {
                explain::ai_org(c, &words, rate, ramp)
            }
        }),
    };
    b.priced(spec).map(Some)
}

/// The token commitment of cycle `c`, billed in advance (R-AI4, R-M3).
pub(super) fn prepay(
    b: &Builder<'_>,
    c: &Cycle,
    u: &CycleUsage,
    annual: bool,
) -> Result<Option<Line>> {
    let committed = committed(b.s, c);
    if committed.is_zero() {
        return Ok(None);
    }
    let rate = prepay_rate(b.s)?;
    let used = crate::money::checked_sum(
        org_tokens(b.s, b.model, &u.ai)?.iter().map(|t| &t.billable),
        "billable tokens",
    )?;
    b.line(LineSpec {
        kind: LineKind::AiPrepay,
        category: Category::Ai,
        org: None,
        product: None,
        description: "AI Experience tokens - Prepay".into(),
        quantity: committed,
        unit_price: rate,
        at: &|| "contract.ai.prepay_rate".into(),
        period: Builder::period(c),
        timing: Timing::InAdvance,
        explanation: b.says(|| explain::ai_prepay(c, committed, rate, used, annual)),
    })
}
