//! R-O3: each model at its own best commitments.

use rust_decimal::Decimal;

use super::search::{self, Run};
use super::targets::{targets, term_cycles, top};
use super::types::ModelRank;
use crate::contract::Commitments;
use crate::error::{Error, Result};
use crate::measure::Presence;
use crate::scenario::{Model, Scenario};

/// One model at its own best commitments (R-O3). The contract's own model
/// takes the products' advised commitments; another model starts from no
/// product commitment (a number of users is not a number of hours) and
/// takes, product after product, the best level held over the term, priced
/// from the scenario's own usage. That best is found by bisection on the
/// curve's slope, not by pricing every point: the curve is convex (each
/// cycle costs prepay x c plus overage x max(0, actual - c), and fair-use
/// overage falls as c rises, R-S1), and an hourly contract may bill
/// millions of hours, a curve no one reads.
pub(super) fn rank_model(
    s: &Scenario,
    run: &mut Run<'_, '_>,
    presence: &Presence,
    model: Model,
    own_best: &Commitments,
) -> Result<ModelRank> {
    let mut rank = ModelRank {
        model: model.as_str().into(),
        total: None,
        comparable: false,
        margin: None,
        own_rates: crate::compare::own_rates(s, model),
        reason: String::new(),
    };
    if let Some(reason) = crate::compare::unavailable(s, model) {
        rank.reason = reason;
        return Ok(rank);
    }
    let priced = if model == s.contract.model {
        search::total(run, model, own_best)
    } else {
        best_of_model(s, run, presence, model)
    };
    match priced {
        Ok(total) => {
            rank.total = Some(total);
            rank.comparable = true;
        }
        // As compare: what cannot be measured or priced under a model is
        // not comparable under it, the reason said.
        Err(e) => rank.reason = e.to_string(),
    }
    Ok(rank)
}

/// Another model's total at its own best commitments (see [`rank_model`]).
fn best_of_model(
    s: &Scenario,
    run: &Run<'_, '_>,
    presence: &Presence,
    model: Model,
) -> Result<Decimal> {
    let p = run.prepared;
    let measured = p.measure_from(model, presence.clone())?;
    let mut commit = p.commitments.without_products();
    // Each point prices one org's lines only (see `search::total_at`), and
    // each best is set in place: linear in orgs.
    let mut here = Run::at(p, &measured, model, &commit);
    let term = term_cycles(p);
    for t in targets(s, p, model) {
        let hi = top(&measured, &term, &t)
            .ceil()
            .checked_mul(Decimal::TWO)
            .ok_or_else(|| Error::overflow(format!("contract.products.{}", t.id)))?
            .max(Decimal::ONE);
        let best = search::convex_min(hi, |c| {
            search::total_at(&mut here, model, &commit, t.org, t.product, &[(0, c)])
        })?;
        commit.set_schedule(t.org, t.product, vec![(0, best)]);
        here.set(t.org, t.product, vec![(0, best)]);
    }
    search::total(&mut here, model, &commit)
}
