//! R-O3: each model at its own best commitments.

use rust_decimal::Decimal;

use super::search::{self, Run};
use super::targets::{targets, term_cycles, top};
use super::types::ModelRank;
use crate::contract::Commitments;
use crate::error::{Error, Result};
use crate::measure::Presence;
use crate::scenario::{Model, Scenario};
use crate::stages::Prepared;

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
        note: String::new(),
    };
    if let Some(reason) = crate::compare::unavailable(s, model) {
        rank.note = format!("not comparable: {reason}");
        rank.reason = reason;
        return Ok(rank);
    }
    let priced = if model == s.contract.model {
        search::total(run, model, own_best).map(|t| (t, own_best.clone()))
    } else {
        best_of_model(s, run, presence, model)
    };
    match priced {
        Ok((total, committed)) => {
            rank.total = Some(total);
            rank.comparable = true;
            rank.note = note(s, run.prepared, model, &committed, rank.own_rates);
        }
        // As compare: what cannot be measured or priced under a model is
        // not comparable under it, the reason said.
        Err(e) => {
            rank.reason = e.to_string();
            rank.note = format!("not comparable: {}", rank.reason);
        }
    }
    Ok(rank)
}

/// Another model's total at its own best commitments (see [`rank_model`]).
fn best_of_model(
    s: &Scenario,
    run: &Run<'_, '_>,
    presence: &Presence,
    model: Model,
) -> Result<(Decimal, Commitments)> {
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
    let total = search::total(&mut here, model, &commit)?;
    Ok((total, commit))
}

/// What a ranked model is priced at, in words: its commitments per product
/// ("cx2 20 users from cycle 3, 22 from cycle 9"), so a total that differs
/// from Compare's (which bills the contract's own commitments) says why.
fn note(s: &Scenario, p: &Prepared<'_>, model: Model, c: &Commitments, own_rates: bool) -> String {
    let unit = if model == Model::Hourly {
        "hours a cycle"
    } else {
        "users"
    };
    let mut parts = Vec::new();
    for t in targets(s, p, model) {
        let steps = c.steps_of(t.org, t.product);
        if steps.iter().all(|&(_, q)| q.is_zero()) {
            continue;
        }
        let at: Vec<String> = steps
            .iter()
            .enumerate()
            .map(|(i, &(from, q))| (i, from, crate::text::grouped(q)))
            .map(|(i, from, q)| match (i, from) {
                (0, 0) => format!("{q} {unit}"),
                (0, _) => format!("{q} {unit} from cycle {from}"),
                _ => format!("{q} from cycle {from}"),
            })
            .collect();
        let org = t.org_id.map(|o| format!(" ({o})")).unwrap_or_default();
        parts.push(format!("{}{org} {}", t.id, at.join(", ")));
    }
    let whose = if model == s.contract.model {
        "the advised commitments"
    } else {
        "its best commitments"
    };
    let mut note = if parts.is_empty() {
        format!("at {whose}: no product commitment")
    } else {
        format!("at {whose}: {}", parts.join("; "))
    };
    if !own_rates {
        note.push_str("; priced with another model's rates");
    }
    note
}
