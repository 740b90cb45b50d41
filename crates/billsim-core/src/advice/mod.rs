//! Advice (R-O1..R-O3): which commitment to quote for each product, and
//! which model. Measure once, price many: the usage is measured once per
//! model (and once per seed when it comes from workforce profiles), then
//! priced at every candidate commitment with [`Prepared::price`], so a
//! point of a curve costs one pricing, not one simulation.
//!
//! Entry points: [`advise`], and [`advise_with_progress`] for a caller (a
//! web worker) that reports how far it has got.

mod headline;
mod models;
mod sampling;
mod search;
mod targets;
mod types;

use rust_decimal::Decimal;

pub use headline::headline;
pub use types::{Advice, CurvePoint, Lead, ModelRank, ProductAdvice, StepAdvice};

use crate::contract::Commitments;
use crate::error::{Error, Result};
use crate::scenario::{Model, Scenario, FORMAT_VERSION};
use crate::stages::Prepared;
use crate::usage::Sessions;
use sampling::Curve;
use search::{nearest_rank, Run};
use targets::{check_pricings, highest, reseeded, stepped, targets, term_cycles, Target};

pub use sampling::{MAX_CURVE_POINTS, SAMPLES};
pub use targets::{MAX_CURVE_END, MAX_PRICINGS};

/// The most seeds one advice may simulate: each is a full preparation and
/// measurement, so this bounds the work a request can ask for.
pub const MAX_SEEDS: u32 = 1000;

/// The most sessions the seeds of one advice may measure in all (seeds x
/// the sessions of one run): about as many as a minute of measuring.
pub const MAX_SEEDED_SESSIONS: usize = 25_000_000;

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
    let first_term = term_cycles(&base)
        .first()
        .map(|&k| base.cycles[k].index)
        .unwrap_or_default();
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
        check_pricings(&first, &base.commitments, first_term, runs_n as usize)?;
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
    let mut runs = vec![Run::new(&base, &own_measured, own)];
    runs.extend(others.iter().map(|(p, m)| Run::new(p, m, own)));

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
    check_pricings(&curves, &base.commitments, first_term, runs.len())?;
    let own_total = search::total(&mut runs[0], own, &base.commitments)?;
    // Per target its level curve and one per step, each a first pass
    // (every point, or samples of a long curve), priced run by run so the
    // progress advances once per seed.
    let mut levels: Vec<Curve> = curves
        .iter()
        .map(|(_, hi)| Curve::new(sampling::first_pass(*hi), runs.len()))
        .collect();
    let mut step_curves: Vec<Vec<Curve>> = curves
        .iter()
        .map(|(t, hi)| {
            let n = stepped(&base.commitments, t, first_term).len();
            vec![Curve::new(sampling::first_pass(*hi), runs.len()); n]
        })
        .collect();
    for run in &mut runs {
        for (ti, (t, _)) in curves.iter().enumerate() {
            price_points(run, own, &base.commitments, t, None, &mut levels[ti])?;
            for (si, curve) in step_curves[ti].iter_mut().enumerate() {
                price_points(run, own, &base.commitments, t, Some(si), curve)?;
            }
        }
        step(progress);
    }
    let pick = Pick {
        seeded,
        percentile: opts.percentile,
    };
    // A sampled curve's second pass: every commitment around its best sample.
    for (ti, (t, _)) in curves.iter().enumerate() {
        refine(
            &mut runs,
            own,
            &base.commitments,
            t,
            None,
            &mut levels[ti],
            pick,
        )?;
        for (si, curve) in step_curves[ti].iter_mut().enumerate() {
            refine(&mut runs, own, &base.commitments, t, Some(si), curve, pick)?;
        }
    }
    let mut own_best = base.commitments.clone();
    for (ti, (t, _)) in curves.iter().enumerate() {
        let steps = stepped(&base.commitments, t, first_term);
        let mut a = product_advice(t, &levels[ti], &steps, &step_curves[ti], pick)?;
        a.current = base.commitments.product(t.org, t.product, first_term);
        a.total_at_current = own_total;
        // The contract's own model is ranked at the option the headline
        // leads with, so the table never shows a dearer total than it.
        let schedule = match a.lead() {
            Lead::Step(i) => steps
                .iter()
                .enumerate()
                .map(|(j, &(from, q))| (from, if j == i { a.steps[i].best } else { q }))
                .collect(),
            // One level lowers the total.
            Lead::Term if a.total_at_best < a.total_at_current => vec![(0, a.best)],
            // Nothing advised lowers it on this usage (the steps are each
            // at their best, or the best over the seeds costs more here):
            // the contract's own commitment, never a dearer one.
            Lead::Term if steps.is_empty() => vec![(0, a.current)],
            Lead::Term => steps.clone(),
        };
        own_best.set_schedule(t.org, t.product, schedule);
        products.push(a);
    }

    let mut models = Vec::with_capacity(Model::ALL.len());
    for model in Model::ALL {
        models.push(models::rank_model(
            s,
            &mut runs[0],
            &presence,
            model,
            &own_best,
        )?);
    }
    search::order(&mut models);
    step(progress);
    Ok(Advice {
        billsim: FORMAT_VERSION,
        products,
        models,
    })
}

/// How the best point of a curve is chosen (R-O1, R-O2).
#[derive(Debug, Clone, Copy)]
struct Pick {
    /// Whether the totals are over seeds (else one run).
    seeded: bool,
    /// The percentile minimized when seeded.
    percentile: Percentile,
}

impl Pick {
    /// The value a point is ranked by: the asked percentile over the seeds,
    /// or the one run's total.
    fn key(self, totals: &[Decimal]) -> Result<Decimal> {
        let p = match self.percentile {
            Percentile::P50 => 50,
            Percentile::P90 => 90,
        };
        let key = if self.seeded {
            nearest_rank(totals, p)
        } else {
            totals.first().copied()
        };
        key.ok_or_else(|| Error::invalid("seeds", "no run to rank"))
    }

    /// The position of the best point of `rows` (totals per run, one row
    /// per commitment): the lowest key, the smallest commitment on a tie.
    fn best(self, rows: &[Vec<Decimal>]) -> Result<usize> {
        let keys = rows
            .iter()
            .map(|r| self.key(r))
            .collect::<Result<Vec<_>>>()?;
        Ok(search::argmin(&keys))
    }
}

/// The schedule of target `t` at `q`: one level over the term, or (step
/// `si`) its own steps with that one at `q` (R-O1).
fn schedule(c: &Commitments, t: &Target, si: Option<usize>, q: Decimal) -> Vec<(u32, Decimal)> {
    match si {
        None => vec![(0, q)],
        Some(i) => {
            let mut steps = c.steps_of(t.org, t.product).to_vec();
            if let Some(st) = steps.get_mut(i) {
                st.1 = q;
            }
            steps
        }
    }
}

/// Prices `run` at every point of `curve` (its level, or step `si`),
/// adding one total per point.
fn price_points(
    run: &mut Run<'_, '_>,
    model: Model,
    c: &Commitments,
    t: &Target,
    si: Option<usize>,
    curve: &mut Curve,
) -> Result<()> {
    for (i, &point) in curve.points.iter().enumerate() {
        let steps = schedule(c, t, si, Decimal::from(point));
        let total = search::total_at(run, model, c, t.org, t.product, &steps)?;
        if let Some(row) = curve.rows.get_mut(i) {
            row.push(total);
        }
    }
    Ok(())
}

/// The second pass of a sampled curve (see `sampling`): every commitment
/// between the neighbours of its best sample, priced for every run.
fn refine(
    runs: &mut [Run<'_, '_>],
    model: Model,
    c: &Commitments,
    t: &Target,
    si: Option<usize>,
    curve: &mut Curve,
    pick: Pick,
) -> Result<()> {
    let Some(&hi) = curve.points.last() else {
        return Ok(());
    };
    if !sampling::is_sampled(hi) {
        return Ok(());
    }
    let best = pick.best(&curve.rows)?;
    let mut more = Curve::new(sampling::second_pass(&curve.points, best), runs.len());
    for run in runs.iter_mut() {
        price_points(run, model, c, t, si, &mut more)?;
    }
    curve.extend(more.points, more.rows);
    Ok(())
}

/// One product's curve, best commitment and per-step bests, from its
/// curves' totals; `current` and `total_at_current` are left for the
/// caller, who knows the scenario.
fn product_advice(
    t: &Target,
    level: &Curve,
    steps: &[(u32, Decimal)],
    step_curves: &[Curve],
    pick: Pick,
) -> Result<ProductAdvice> {
    // Run 0 is the scenario's own usage: its total is the curve's.
    let own = |totals: &[Decimal]| totals.first().copied().unwrap_or_default();
    let at = |curve: &Curve, i: usize| {
        curve
            .points
            .get(i)
            .map_or(Decimal::ZERO, |&c| Decimal::from(c))
    };
    let curve: Vec<CurvePoint> = level
        .points
        .iter()
        .zip(&level.rows)
        .map(|(&c, totals)| {
            let pct = |p| pick.seeded.then(|| nearest_rank(totals, p)).flatten();
            CurvePoint {
                committed: Decimal::from(c),
                total: own(totals),
                p10: pct(10),
                p50: pct(50),
                p90: pct(90),
            }
        })
        .collect();
    let best = pick.best(&level.rows)?;
    let steps = steps
        .iter()
        .zip(step_curves)
        .map(|(&(from_cycle, current), sc)| {
            let b = pick.best(&sc.rows)?;
            Ok(StepAdvice {
                from_cycle,
                current,
                best: at(sc, b),
                total_at_best: sc.rows.get(b).map_or(Decimal::ZERO, |r| own(r)),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ProductAdvice {
        product: t.id.clone(),
        org: t.org_id.clone(),
        current: Decimal::ZERO,
        best: at(level, best),
        total_at_current: Decimal::ZERO,
        total_at_best: curve.get(best).map_or(Decimal::ZERO, |p| p.total),
        steps,
        curve,
    })
}
