//! Advice (R-O1..R-O3): which commitment to quote for each product, and
//! which model. Measure once, price many: the usage is measured once per
//! model (and once per seed when it comes from workforce profiles), then
//! priced at every candidate commitment with [`Prepared::price`], so a
//! point of a curve costs one pricing, not one simulation.
//!
//! Entry points: [`advise`], and [`advise_with_progress`] for a caller (a
//! web worker) that reports how far it has got.

mod search;
mod types;

use rust_decimal::Decimal;

pub use types::{Advice, CurvePoint, ModelRank, ProductAdvice, StepAdvice};

use crate::calendar::Phase;
use crate::contract::Commitments;
use crate::error::{Error, Result};
use crate::measure::Measured;
use crate::scenario::{Model, Scenario, FORMAT_VERSION};
use crate::stages::Prepared;
use crate::usage::Sessions;
use search::{nearest_rank, Run};

/// The most seeds one advice may simulate: each is a full preparation and
/// measurement, so this bounds the work a request can ask for.
pub const MAX_SEEDS: u32 = 1000;

/// The most sessions the seeds of one advice may measure in all (seeds x
/// the sessions of one run): about as many as a minute of measuring.
pub const MAX_SEEDED_SESSIONS: usize = 25_000_000;

/// The most pricings one advice may do (curve points x steps x seeds): each
/// is a full invoice run, tens of microseconds, so this bounds it to
/// seconds rather than hours.
pub const MAX_PRICINGS: usize = 200_000;

/// Which percentile over the seeds names the best commitment (R-O2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Percentile {
    /// The median: the usual advice.
    #[default]
    P50,
    /// The 90th: for a customer who wants no surprises.
    P90,
}

impl Percentile {
    /// From the command line's and JS API's spelling, `50` or `90`.
    pub fn parse(text: &str) -> Option<Percentile> {
        match text {
            "50" => Some(Percentile::P50),
            "90" => Some(Percentile::P90),
            _ => None,
        }
    }
}

/// How to advise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Seeds simulated when usage comes from workforce profiles (R-O2);
    /// 1 to [`MAX_SEEDS`]. Unused without profiles.
    pub seeds: u32,
    /// The percentile the best commitment minimizes when seeded.
    pub percentile: Percentile,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            seeds: 50,
            percentile: Percentile::P50,
        }
    }
}

/// How far an advice has got: `done` of `total` steps. There is a step per
/// seed measured, a step per seed priced, and one for the models, so a
/// worker can report progress between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Steps finished.
    pub done: u32,
    /// Steps in all.
    pub total: u32,
}

/// Advises on the scenario: per product the cost curve and best commitment
/// (R-O1, R-O2), and the models ranked (R-O3).
pub fn advise(s: &Scenario, imported: Option<&Sessions>, opts: &Options) -> Result<Advice> {
    advise_with_progress(s, imported, opts, &mut |_| {})
}

/// A product whose commitment is advised: (org, product) indices and ids.
#[derive(Debug, Clone)]
struct Target {
    org: u16,
    product: u16,
    id: String,
    org_id: Option<String>,
}

/// As [`advise`], calling `progress` after every step.
pub fn advise_with_progress(
    s: &Scenario,
    imported: Option<&Sessions>,
    opts: &Options,
    progress: &mut dyn FnMut(Progress),
) -> Result<Advice> {
    if !(1..=MAX_SEEDS).contains(&opts.seeds) {
        return Err(Error::invalid(
            "seeds",
            format!("{} seeds: between 1 and {MAX_SEEDS} (R-O2)", opts.seeds),
        ));
    }
    let own = s.contract.model;
    let base = Prepared::new(s, imported)?;
    // Seeds only vary profiles; without them every run would be the same.
    let seeded = !s.usage.profiles.is_empty();
    let runs_n = if seeded { opts.seeds } else { 1 };
    let total_steps = runs_n.saturating_mul(2).saturating_add(1);
    let mut done = 0u32;
    let mut step = |progress: &mut dyn FnMut(Progress)| {
        done = done.saturating_add(1);
        progress(Progress {
            done,
            total: total_steps,
        });
    };

    let sessions = base.sessions.rows.len();
    if seeded && sessions.saturating_mul(runs_n as usize) > MAX_SEEDED_SESSIONS {
        return Err(Error::invalid(
            "seeds",
            format!(
                "{runs_n} seeds of {sessions} sessions each is more than {MAX_SEEDED_SESSIONS} sessions to measure (R-O2): ask for fewer seeds"
            ),
        ));
    }
    let presence = base.presence();
    let own_measured = base.measure_from(own, presence.clone())?;
    // The curves are at least as long as the scenario's own usage makes
    // them: refuse now what would be refused after measuring every seed.
    {
        let term = term_cycles(&base);
        let mut first = Vec::new();
        for t in targets(s, &base, own) {
            let hi = highest(&own_measured, &term, &t)?;
            first.push((t, hi));
        }
        let first: Vec<(&Target, usize)> = first.iter().map(|(t, hi)| (t, *hi)).collect();
        check_pricings(&first, &base.commitments, runs_n as usize)?;
    }
    step(progress);
    // Run 0 is the scenario as written; run i its profiles with every seed
    // moved on by i (wrapping), each a full preparation and measurement.
    let seeded_scenarios: Vec<Scenario> = (1..runs_n).map(|i| reseeded(s, i)).collect();
    let mut others = Vec::with_capacity(seeded_scenarios.len());
    for sc in &seeded_scenarios {
        let mut p = Prepared::new(sc, imported)?;
        let mut m = p.measure(own, false)?;
        // Pricing needs neither the sessions nor who was logged in when:
        // fifty seeds of a large import would otherwise hold fifty copies.
        p.sessions = std::borrow::Cow::Owned(Sessions::default());
        m.presence = crate::measure::Presence::default();
        others.push((p, m));
        step(progress);
    }
    let mut runs = vec![Run {
        prepared: &base,
        measured: &own_measured,
    }];
    runs.extend(others.iter().map(|(p, m)| Run {
        prepared: p,
        measured: m,
    }));

    let targets = targets(s, &base, own);
    let term = term_cycles(&base);
    let mut products = Vec::with_capacity(targets.len());
    let mut curves = Vec::with_capacity(targets.len());
    for t in &targets {
        let mut hi = 0;
        for r in &runs {
            hi = hi.max(highest(r.measured, &term, t)?);
        }
        curves.push((t, hi));
    }
    check_pricings(&curves, &base.commitments, runs.len())?;
    let own_total = search::total(&runs[0], own, &base.commitments)?;
    // Totals per target, per commitment, per run, filled run by run so the
    // progress advances once per seed.
    let mut table: Vec<Vec<Vec<Decimal>>> = curves
        .iter()
        .map(|(_, hi)| vec![Vec::with_capacity(runs.len()); hi + 1])
        .collect();
    let mut step_tables: Vec<Vec<Vec<Vec<Decimal>>>> = curves
        .iter()
        .map(|(t, hi)| {
            let n = stepped(&base.commitments, t).len();
            vec![vec![Vec::with_capacity(runs.len()); hi + 1]; n]
        })
        .collect();
    for run in &runs {
        for (ti, (t, hi)) in curves.iter().enumerate() {
            for c in 0..=*hi {
                let q = Decimal::from(c);
                let commit = base.commitments.with_level(t.org, t.product, q);
                table[ti][c].push(search::total(run, own, &commit)?);
                for (si, row) in step_tables[ti].iter_mut().enumerate() {
                    let commit = base.commitments.with_step(t.org, t.product, si, q);
                    row[c].push(search::total(run, own, &commit)?);
                }
            }
        }
        step(progress);
    }
    let pick = |totals: &[Decimal]| -> Result<Decimal> {
        if seeded {
            let p = match opts.percentile {
                Percentile::P50 => 50,
                Percentile::P90 => 90,
            };
            nearest_rank(totals, p).ok_or_else(|| Error::invalid("seeds", "no run to rank"))
        } else {
            totals
                .first()
                .copied()
                .ok_or_else(|| Error::invalid("seeds", "no run to rank"))
        }
    };
    let first_term = term
        .first()
        .map(|&k| base.cycles[k].index)
        .unwrap_or_default();
    let mut own_best = base.commitments.clone();
    for (ti, (t, _)) in curves.iter().enumerate() {
        let mut curve = Vec::with_capacity(table[ti].len());
        let mut keys = Vec::with_capacity(table[ti].len());
        for (c, totals) in table[ti].iter().enumerate() {
            let total = totals.first().copied().unwrap_or_default();
            let pct = |p| {
                if seeded {
                    nearest_rank(totals, p)
                } else {
                    None
                }
            };
            curve.push(CurvePoint {
                committed: Decimal::from(c),
                total,
                p10: pct(10),
                p50: pct(50),
                p90: pct(90),
            });
            keys.push(pick(totals)?);
        }
        let best = search::argmin(&keys);
        let steps = stepped(&base.commitments, t)
            .iter()
            .zip(&step_tables[ti])
            .map(|(&(from_cycle, current), rows)| {
                let keys = rows.iter().map(|r| pick(r)).collect::<Result<Vec<_>>>()?;
                let b = search::argmin(&keys);
                Ok(StepAdvice {
                    from_cycle,
                    current,
                    best: Decimal::from(b),
                    total_at_best: rows[b].first().copied().unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        own_best = own_best.with_level(t.org, t.product, Decimal::from(best));
        products.push(ProductAdvice {
            product: t.id.clone(),
            org: t.org_id.clone(),
            current: base.commitments.product(t.org, t.product, first_term),
            best: Decimal::from(best),
            total_at_current: own_total,
            total_at_best: curve[best].total,
            steps,
            curve,
        });
    }

    let mut models = Vec::with_capacity(Model::ALL.len());
    for model in Model::ALL {
        models.push(rank_model(s, &runs[0], &presence, model, &own_best)?);
    }
    search::order(&mut models);
    step(progress);
    Ok(Advice {
        billsim: FORMAT_VERSION,
        products,
        models,
    })
}

/// The scenario with every profile's seed moved on by `i` (wrapping): run
/// `i` of R-O2. Run 0 is the scenario itself.
fn reseeded(s: &Scenario, i: u32) -> Scenario {
    let mut sc = s.clone();
    for p in &mut sc.usage.profiles {
        p.seed = p.seed.wrapping_add(u64::from(i));
    }
    sc
}

/// The products whose commitment can be advised under `model`: those with
/// a rate to commit at (prepay; hourly under the hourly model), each for
/// the orgs its commitments name (the first org when it has none). Without
/// such a rate a commitment would cost nothing, and advice would be absurd.
fn targets(s: &Scenario, p: &Prepared<'_>, model: Model) -> Vec<Target> {
    let cat = &p.catalog;
    let mut out = Vec::new();
    for (pi, id) in cat.products.iter().enumerate() {
        let Ok(product) = u16::try_from(pi) else {
            continue;
        };
        let Some(prod) = s.contract.products.get(id) else {
            continue;
        };
        let rate = match model {
            Model::Hourly => prod.hourly,
            _ => prod.rates(model).prepay,
        };
        if rate.is_none() {
            continue;
        }
        let mut orgs: Vec<u16> = p
            .commitments
            .keys()
            .filter(|&(_, q)| q == product)
            .map(|(o, _)| o)
            .collect();
        if orgs.is_empty() {
            orgs.push(0);
        }
        for org in orgs {
            out.push(Target {
                org,
                product,
                id: id.clone(),
                org_id: (cat.orgs.len() > 1)
                    .then(|| cat.orgs.get(usize::from(org)).cloned())
                    .flatten(),
            });
        }
    }
    out
}

/// Positions of the term cycles: where commitments apply (R-M3).
fn term_cycles(p: &Prepared<'_>) -> Vec<usize> {
    (0..p.cycles.len())
        .filter(|&k| p.cycles[k].phase == Phase::Term)
        .collect()
}

/// The most points one curve may have; a curve longer than this (an hourly
/// contract of thousands of agents) is refused rather than priced for
/// minutes.
pub const MAX_CURVE_POINTS: usize = 20_001;

/// The highest quantity of the target measured in a term cycle.
fn top(m: &Measured, term: &[usize], t: &Target) -> Decimal {
    let mut top = Decimal::ZERO;
    for &k in term {
        if let Some(q) = m
            .cycles
            .get(k)
            .and_then(|c| c.licenses.get(&(t.org, t.product)))
        {
            top = top.max(*q);
        }
    }
    top
}

/// The last commitment of the target's curve: twice the highest quantity
/// measured in a term cycle, rounded up, at least 1 (R-O1).
fn highest(m: &Measured, term: &[usize], t: &Target) -> Result<usize> {
    let mut top = Decimal::ZERO;
    for &k in term {
        if let Some(q) = m
            .cycles
            .get(k)
            .and_then(|c| c.licenses.get(&(t.org, t.product)))
        {
            top = top.max(*q);
        }
    }
    let hi = top
        .ceil()
        .checked_mul(Decimal::TWO)
        .and_then(|d| usize::try_from(d).ok())
        .filter(|&hi| hi < MAX_CURVE_POINTS)
        .ok_or_else(|| {
            Error::invalid(
                format!("contract.products.{}", t.id),
                format!(
                    "{top} measured in a term cycle: a curve up to twice that is longer than {MAX_CURVE_POINTS} points (R-O1)"
                ),
            )
        })?;
    Ok(hi.max(1))
}

/// The steps of a stepped commitment (more than one), else none.
fn stepped(c: &Commitments, t: &Target) -> Vec<(u32, Decimal)> {
    let steps = c.steps_of(t.org, t.product);
    if steps.len() > 1 {
        steps.to_vec()
    } else {
        Vec::new()
    }
}

/// One model at its own best commitments (R-O3). The contract's own model
/// takes the products' advised commitments; another model starts from no
/// product commitment (a number of users is not a number of hours) and
/// takes, product after product, the best level held over the term, priced
/// from the scenario's own usage. That best is found by bisection on the
/// curve's slope, not by pricing every point: the curve is convex (each
/// cycle costs prepay x c plus overage x max(0, actual - c), and fair-use
/// overage falls as c rises, R-S1), and an hourly contract may bill
/// millions of hours, a curve no one reads.
fn rank_model(
    s: &Scenario,
    run: &Run<'_, '_>,
    presence: &crate::measure::Presence,
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
    presence: &crate::measure::Presence,
    model: Model,
) -> Result<Decimal> {
    let p = run.prepared;
    let measured = p.measure_from(model, presence.clone())?;
    let here = Run {
        prepared: p,
        measured: &measured,
    };
    let term = term_cycles(p);
    let mut commit = p.commitments.without_products();
    for t in targets(s, p, model) {
        let hi = top(&measured, &term, &t)
            .ceil()
            .checked_mul(Decimal::TWO)
            .ok_or_else(|| Error::overflow(format!("contract.products.{}", t.id)))?
            .max(Decimal::ONE);
        let best = search::convex_min(hi, |c| {
            search::total(&here, model, &commit.with_level(t.org, t.product, c))
        })?;
        commit = commit.with_level(t.org, t.product, best);
    }
    search::total(&here, model, &commit)
}

/// Refuses an advice of more than [`MAX_PRICINGS`] pricings: every curve
/// point, per step too, for every seed.
fn check_pricings(curves: &[(&Target, usize)], c: &Commitments, runs: usize) -> Result<()> {
    let per_run: usize = curves
        .iter()
        .map(|(t, hi)| (hi + 1).saturating_mul(1 + stepped(c, t).len()))
        .fold(0, usize::saturating_add);
    if per_run.saturating_mul(runs) <= MAX_PRICINGS {
        return Ok(());
    }
    let longest = curves.iter().max_by_key(|(_, hi)| *hi).map(|(t, _)| t);
    let path = match longest {
        Some(t) if runs == 1 => format!("contract.products.{}", t.id),
        _ => "seeds".into(),
    };
    Err(Error::invalid(
        path,
        format!(
            "{per_run} commitments priced for each of {runs} seed(s) is more than {MAX_PRICINGS} pricings (R-O1, R-O2): ask for fewer seeds"
        ),
    ))
}
