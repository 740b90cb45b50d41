//! Who and when made each license quantity (R-W1..R-W5): beside every
//! cycle's and org's licenses, the users and the minutes behind them.
//!
//! Built from the stages the bill itself uses: the sessions are merged and
//! split once ([`crate::measure::presence`]), measured once, and every "what
//! if" amount (brief users gone, a lower peak) is the same measured cycle with
//! one quantity changed, priced by the invoice code ([`Builder::cycle`]), so
//! an attribution can never disagree with the bill it explains.

mod runs;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, SecondsFormat};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::calendar::{day_ms, Phase};
use crate::concurrency::{peaks, Segment};
use crate::error::{Error, Result};
use crate::invoice::Builder;
use crate::measure::{self, k3_order, CycleUsage, Measured, UserCycle};
use crate::scenario::{Category, Model, PeakRule, FORMAT_VERSION};
use crate::stages::Prepared;

pub use runs::{holding, runs_where, Run};

/// What to attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Only this cycle (its number, as in the result's `cycles[].index`).
    pub cycle: Option<u32>,
    /// Only this org (its id).
    pub org: Option<String>,
    /// Users logged in for less than this many minutes in a cycle are brief
    /// (R-W1); exactly this many is not brief.
    pub brief_minutes: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            cycle: None,
            org: None,
            brief_minutes: 60,
        }
    }
}

/// Every entry, as `billsim why --json` prints it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct Attribution {
    /// Format version (1).
    pub billsim: u32,
    /// One entry per cycle and org with billed users, cycle order then org order.
    pub attribution: Vec<Entry>,
}

impl Attribution {
    /// One row per user of every entry, the columns of `billsim why --csv`:
    /// cycle, org, product, user, first_login, minutes, brief, in_window
    /// (concurrent: logged in at the start of a window of the billed peak;
    /// empty for the other models, which have no windows).
    pub fn table(&self) -> crate::reports::Table {
        let mut rows = Vec::new();
        for e in &self.attribution {
            let in_window: BTreeSet<&str> = e
                .windows
                .iter()
                .flatten()
                .flat_map(|w| w.users.iter().map(String::as_str))
                .collect();
            for u in &e.users {
                rows.push(vec![
                    e.cycle.to_string(),
                    e.org.clone(),
                    u.product.clone(),
                    u.user.clone(),
                    instant_string(u.first_login),
                    u.minutes.to_string(),
                    u.brief.to_string(),
                    match e.windows {
                        Some(_) => in_window.contains(u.user.as_str()).to_string(),
                        None => String::new(),
                    },
                ]);
            }
        }
        crate::reports::Table {
            headers: [
                "cycle",
                "org",
                "product",
                "user",
                "first_login",
                "minutes",
                "brief",
                "in_window",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        }
    }
}

/// Who and when made one cycle's licenses in one org.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct Entry {
    /// Cycle number.
    pub cycle: u32,
    /// Org id.
    pub org: String,
    /// `named`, `concurrent` or `hourly`.
    pub model: String,
    /// Concurrent: the peak billed under the contract's rule (R-K2); else none.
    #[cfg_attr(feature = "schema", tsify(type = "Decimal | null"))]
    #[serde(with = "opt_count")]
    pub billed_peak: Option<u32>,
    /// Committed quantity of the org's products in the cycle (0 outside the term).
    #[serde(with = "rust_decimal::serde::str")]
    pub committed: Decimal,
    /// Concurrent: where the billed peak was held (R-W2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub windows: Option<Vec<Window>>,
    /// Concurrent: runs above the billed peak that the rule did not bill (R-W2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disregarded: Option<Vec<Disregarded>>,
    /// Users per billed product (concurrent: R-K3; hourly: with hours, R-W4).
    pub tiers: Vec<Tier>,
    /// Concurrent: what each level above the commitment costs (R-W3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ladder: Option<Vec<Rung>>,
    /// Named: what the brief users cost (R-W1); else none.
    #[serde(with = "opt_money")]
    pub brief_cost: Option<Decimal>,
    /// Every billed user, sorted by id.
    pub users: Vec<UserLine>,
}

/// A stretch where a level was held under the peak rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct Window {
    /// Start, ms since the epoch (an instant in JSON).
    #[cfg_attr(feature = "schema", tsify(type = "Instant"))]
    #[serde(with = "instant")]
    pub start: i64,
    /// End (exclusive), ms.
    #[cfg_attr(feature = "schema", tsify(type = "Instant"))]
    #[serde(with = "instant")]
    pub end: i64,
    /// The level held (the billed peak).
    #[cfg_attr(feature = "schema", tsify(type = "Decimal"))]
    #[serde(with = "count")]
    pub level: u32,
    /// Users logged in at `start`, sorted, ids as in the input.
    pub users: Vec<String>,
}

/// A run above the billed peak the rule disregarded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct Disregarded {
    /// Start, ms since the epoch.
    #[cfg_attr(feature = "schema", tsify(type = "Instant"))]
    #[serde(with = "instant")]
    pub start: i64,
    /// End (exclusive), ms.
    #[cfg_attr(feature = "schema", tsify(type = "Instant"))]
    #[serde(with = "instant")]
    pub end: i64,
    /// The highest level reached in the run.
    #[cfg_attr(feature = "schema", tsify(type = "Decimal"))]
    #[serde(with = "count")]
    pub level: u32,
}

/// The users (and, hourly, the hours) of one billed product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct Tier {
    /// Product id.
    pub product: String,
    /// Users counted at this product, sorted.
    pub users: Vec<String>,
    /// Hourly: the users' minutes together.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_dec")]
    pub minutes: Option<Decimal>,
    /// Hourly: the whole hours billed (R-H1).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_dec")]
    pub hours_billed: Option<Decimal>,
    /// Hourly: minutes of the last billed hour nobody used.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "opt_dec")]
    pub unused_minutes: Option<Decimal>,
}

/// One level of the savings ladder (R-W3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct Rung {
    /// The level L.
    #[cfg_attr(feature = "schema", tsify(type = "Decimal"))]
    #[serde(with = "count")]
    pub level: u32,
    /// How many windows hold L under the rule.
    pub windows: usize,
    /// Their minutes together.
    #[serde(with = "rust_decimal::serde::str")]
    pub minutes: Decimal,
    /// The cycle's license amount now minus the amount at a peak of L - 1.
    #[serde(with = "rust_decimal::serde::str")]
    pub saving: Decimal,
    /// The windows themselves (start, end ms): breaking every one bills at
    /// most L - 1. Not in the JSON format; for the app and the tests.
    #[serde(skip)]
    pub spans: Vec<(i64, i64)>,
    /// Users fewer per product at a peak of L - 1 (R-K3: the billed users
    /// with the least time drop), none zero. Not in the JSON format; "what
    /// if" names them beside the re-bill's own ([`crate::what_if`]).
    #[serde(skip)]
    pub dropped: Vec<(String, Decimal)>,
}

/// One billed user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct UserLine {
    /// User id as in the input.
    pub user: String,
    /// The product the user counts at (R-L2 tier).
    pub product: String,
    /// First instant logged in within the cycle (clamped at its start).
    #[cfg_attr(feature = "schema", tsify(type = "Instant"))]
    #[serde(with = "instant")]
    pub first_login: i64,
    /// First instant at the billed tier, when later than `first_login`.
    #[cfg_attr(feature = "schema", tsify(type = "Instant | null"))]
    #[serde(with = "opt_instant")]
    pub raised_at: Option<i64>,
    /// Merged logged-in minutes in the cycle.
    #[serde(with = "rust_decimal::serde::str")]
    pub minutes: Decimal,
    /// Named: under the brief threshold (R-W1).
    pub brief: bool,
}

/// The concurrency curve of one org in one cycle (or one day of it), as
/// the contract's rule sees it: for a chart of the peak.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Curve {
    /// Cycle number.
    pub cycle: u32,
    /// Org id.
    pub org: String,
    /// The contract's peak rule.
    pub rule: PeakRule,
    /// The peak billed for the whole cycle under the rule.
    #[serde(with = "count")]
    pub billed_peak: u32,
    /// Constant-level stretches, in time order; nobody logged in between them.
    pub segments: Vec<Level>,
}

/// A stretch of the curve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// Start, ms since the epoch.
    #[serde(with = "instant")]
    pub start: i64,
    /// End (exclusive), ms.
    #[serde(with = "instant")]
    pub end: i64,
    /// Users logged in.
    pub level: u32,
}

const MINUTE_MS: i64 = 60_000;

/// Minutes from milliseconds, shown to the thousandth of a minute, halves
/// away from zero (as the daily peak report shows them).
pub fn minutes(ms: i64) -> Decimal {
    (Decimal::from(ms) / Decimal::from(MINUTE_MS))
        .round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// An instant as the format writes it: UTC, `Z`, seconds, and milliseconds
/// only when there are some.
pub fn instant_string(ms: i64) -> String {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        .unwrap_or_default()
}

/// Checks the options against the scenario: the org and cycle asked for exist.
fn check(p: &Prepared, o: &Options) -> Result<(Option<u16>, Option<usize>)> {
    let org = match &o.org {
        Some(id) => Some(p.catalog.org(id).ok_or_else(|| {
            Error::invalid(
                "org",
                format!("no org \"{id}\" (orgs: {})", p.catalog.orgs.join(", ")),
            )
        })?),
        None => None,
    };
    let cycle = match o.cycle {
        Some(n) => Some(p.cycles.iter().position(|c| c.index == n).ok_or_else(|| {
            Error::invalid(
                "cycle",
                format!(
                    "no cycle {n}: the contract has cycles 0 to {}",
                    p.cycles.len().saturating_sub(1)
                ),
            )
        })?),
        None => None,
    };
    Ok((org, cycle))
}

/// The whole attribution of a prepared scenario under its contract's model.
pub fn of(p: &Prepared, o: &Options) -> Result<Attribution> {
    Ok(of_with_curves(p, o)?.0)
}

/// Each attributed (cycle position, org index)'s concurrency curve, as
/// measured for the attribution (concurrent contracts only).
pub type Curves = BTreeMap<(usize, u16), Vec<Segment>>;

/// [`of`], and the curves it measured, so a caller that draws one (the
/// app's peak day, [`day_curve`]) does not measure the sessions again.
pub fn of_with_curves(p: &Prepared, o: &Options) -> Result<(Attribution, Curves)> {
    let (measured, curves) = measure_for(p, o)?;
    let attribution = of_measured(p, o, &measured, &curves)?;
    Ok((attribution, curves))
}

/// The measurement an attribution is built on: the cycles measured under
/// the contract's model, exactly as [`Prepared::measure`] measures them for
/// the bill (so a caller may price it: the app's worker bills and keeps it
/// for "Why N?" in one pass), and the curves of the cycles and orgs `o` asks for.
pub fn measure_for(p: &Prepared, o: &Options) -> Result<(Measured, Curves)> {
    let (org_filter, cycle_filter) = check(p, o)?;
    let model = p.scenario.contract.model;
    let mut pres = p.presence();
    // The curves are needed beside the measurement; sorting the events here
    // leaves them sorted for the measurement, which then reads them once.
    let mut curves: BTreeMap<(usize, u16), Vec<Segment>> = BTreeMap::new();
    if model == Model::Concurrent {
        for c in 0..p.cycles.len() {
            for org in 0..pres.orgs {
                let keep = cycle_filter.is_none_or(|k| k == c)
                    && org_filter.is_none_or(|f| usize::from(f) == org);
                let ev = &mut pres.events[c * pres.orgs + org];
                if keep && !ev.is_empty() {
                    curves.insert((c, org as u16), ev.segments());
                }
            }
        }
    }
    Ok((p.measure_from(model, pres)?, curves))
}

/// The attribution of what [`measure_for`] measured with the same `p` and `o`.
pub fn of_measured(
    p: &Prepared,
    o: &Options,
    measured: &Measured,
    curves: &Curves,
) -> Result<Attribution> {
    let (org_filter, cycle_filter) = check(p, o)?;
    let model = p.scenario.contract.model;
    let ctx = Ctx::new(p, measured, model, o.brief_minutes)?;

    let mut groups: BTreeMap<(usize, u16), Vec<&UserCycle>> = BTreeMap::new();
    for u in &measured.presence.users {
        if cycle_filter.is_none_or(|k| k == u.cycle) && org_filter.is_none_or(|f| f == u.org) {
            groups.entry((u.cycle, u.org)).or_default().push(u);
        }
    }
    let raised = ctx.first_at_tier(&groups);
    let mut out = Vec::with_capacity(groups.len());
    for ((c, org), users) in groups {
        let entry = match model {
            Model::Named => ctx.named(c, org, &users, &raised)?,
            Model::Hourly => ctx.hourly(c, org, &users, &raised)?,
            Model::Concurrent => {
                let segs = curves.get(&(c, org)).map_or(&[][..], Vec::as_slice);
                ctx.concurrent(c, org, users, segs, &raised)?
            }
        };
        out.push(entry);
    }
    if model == Model::Concurrent {
        name_window_users(&ctx, &mut out);
    }
    Ok(Attribution {
        billsim: FORMAT_VERSION,
        attribution: out,
    })
}

/// The curve of `org` in cycle number `cycle` from curves [`of_with_curves`]
/// measured: the same as [`curve`], without measuring again. An error when
/// that org and cycle were not attributed.
pub fn day_curve(
    p: &Prepared,
    curves: &Curves,
    org: &str,
    cycle: u32,
    day: Option<NaiveDate>,
) -> Result<Curve> {
    let (Some(o), Some(c)) = check(
        p,
        &Options {
            cycle: Some(cycle),
            org: Some(org.to_owned()),
            ..Options::default()
        },
    )?
    else {
        return Err(Error::invalid("org", "an org and a cycle are needed"));
    };
    let segs = curves.get(&(c, o)).map_or(&[][..], Vec::as_slice);
    Ok(clip(p, segs, org, cycle, day))
}

/// The exact concurrency curve of `org` in cycle number `cycle` under the
/// contract's rule, or of one UTC `day` of it (segments clipped to the day).
pub fn curve(p: &Prepared, org: &str, cycle: u32, day: Option<NaiveDate>) -> Result<Curve> {
    let (Some(o), Some(c)) = check(
        p,
        &Options {
            cycle: Some(cycle),
            org: Some(org.to_owned()),
            ..Options::default()
        },
    )?
    else {
        return Err(Error::invalid("org", "an org and a cycle are needed"));
    };
    let mut pres = measure::presence(&p.sessions, &p.catalog, &p.cycles, false);
    let segs = pres.events[c * pres.orgs + usize::from(o)].segments();
    Ok(clip(p, &segs, org, cycle, day))
}

/// A cycle's curve with its billed peak, clipped to one UTC day if given.
fn clip(p: &Prepared, segs: &[Segment], org: &str, cycle: u32, day: Option<NaiveDate>) -> Curve {
    let rule = p.scenario.contract.peak_rule;
    let billed_peak = peaks(segs, i64::from(rule.minutes) * MINUTE_MS).under(rule.kind);
    let (lo, hi) = match day {
        Some(d) => {
            let s = day_ms(d);
            (s, s + 86_400_000)
        }
        None => (i64::MIN, i64::MAX),
    };
    let segments = segs
        .iter()
        .filter(|s| s.end > lo && s.start < hi)
        .map(|s| Level {
            start: s.start.max(lo),
            end: s.end.min(hi),
            level: s.count,
        })
        .collect();
    Curve {
        cycle,
        org: org.to_owned(),
        rule,
        billed_peak,
        segments,
    }
}

/// First instant at the billed tier, per user and org: (cycle position,
/// tier, instant; `i64::MAX` until one is seen).
struct Raised {
    /// Per user, where its (org, slot) pairs start in `pairs` (`u32::MAX`: none).
    start: Vec<u32>,
    /// (user, org, slot) of every user of the groups asked about, sorted.
    pairs: Vec<(u32, u16, u32)>,
    /// Per slot: the cycles the user is billed in there, each with its tier
    /// and the first instant at it.
    slots: Vec<Vec<(usize, u8, i64)>>,
}

impl Raised {
    /// The slot of `user` in `org`, if the groups asked about hold one.
    /// Indexed by the users and orgs asked about, not by every user times
    /// every org (200,000 users across 1,000 orgs would be 200 million slots).
    fn slot(&self, user: u32, org: u16) -> Option<usize> {
        let mut i = *self.start.get(user as usize)? as usize;
        while let Some(&(u, o, s)) = self.pairs.get(i) {
            if u != user {
                return None;
            }
            if o == org {
                return Some(s as usize);
            }
            i += 1;
        }
        None
    }

    fn get(&self, c: usize, org: u16, user: u32) -> Option<i64> {
        self.slots[self.slot(user, org)?]
            .iter()
            .find(|x| x.0 == c)
            .map(|x| x.2)
            .filter(|&t| t != i64::MAX)
    }
}

/// What every entry needs, read-only.
struct Ctx<'p, 'a> {
    p: &'p Prepared<'a>,
    m: &'p Measured,
    model: Model,
    builder: Builder<'p>,
    brief_ms: i64,
}

impl<'p, 'a> Ctx<'p, 'a> {
    fn new(p: &'p Prepared<'a>, m: &'p Measured, model: Model, brief: u32) -> Result<Self> {
        Ok(Ctx {
            p,
            m,
            model,
            builder: Builder {
                s: &p.scenario,
                cat: &p.catalog,
                cycles: &p.cycles,
                cur: p.currency,
                commit: &p.commitments,
                model,
                quiet: false,
            },
            brief_ms: i64::from(brief)
                .checked_mul(MINUTE_MS)
                .ok_or_else(|| Error::overflow("brief_minutes"))?,
        })
    }

    /// A user's id: from the sessions, or from user-hour rows.
    fn name(&self, u: u32) -> &str {
        let known = self.p.sessions.users.len();
        match (u as usize).checked_sub(known) {
            None => &self.p.sessions.users[u as usize],
            Some(i) => self
                .m
                .presence
                .extra_users
                .get(i)
                .map_or("", String::as_str),
        }
    }

    fn product(&self, p: u16) -> &str {
        &self.p.catalog.products[p as usize]
    }

    /// The org's committed quantity in cycle position `c`, all products.
    fn committed(&self, c: usize, org: u16) -> Result<Decimal> {
        let cy = &self.p.cycles[c];
        if cy.phase != Phase::Term {
            return Ok(Decimal::ZERO);
        }
        let mut sum = Decimal::ZERO;
        for (o, p) in self.p.commitments.keys() {
            if o == org {
                sum = crate::money::add(
                    sum,
                    self.p.commitments.product(o, p, cy.index),
                    "contract.commitments",
                )?;
            }
        }
        Ok(sum)
    }

    /// The cycle's license amount (every license line the invoice code
    /// writes for it, in advance or in arrears) for measured usage `u`.
    /// Prepaid commitments are the same in every "what if", so only the
    /// lines `Builder::cycle` writes can differ.
    fn license_amount(&self, c: usize, u: &CycleUsage) -> Result<Decimal> {
        let ch = self.builder.cycle(c, u)?.charges;
        let mut sum = Decimal::ZERO;
        for l in ch.advance.iter().chain(&ch.arrears) {
            if l.category == Category::License {
                sum = crate::money::add(sum, l.amount, "attribution.license_amount")?;
            }
        }
        Ok(sum)
    }

    /// The cycle's license amount now minus with `change` users fewer per
    /// (org, product); `now_amount` is the amount now (priced once per cycle).
    fn saving(
        &self,
        c: usize,
        now_amount: Decimal,
        change: &BTreeMap<(u16, u16), Decimal>,
    ) -> Result<Decimal> {
        let now = &self.m.cycles[c];
        let mut then = now.clone();
        for (k, d) in change {
            let q = then.licenses.entry(*k).or_default();
            *q = q
                .checked_sub(*d)
                .ok_or_else(|| Error::overflow("attribution.saving"))?
                .max(Decimal::ZERO);
        }
        let mut s = now_amount
            .checked_sub(self.license_amount(c, &then)?)
            .ok_or_else(|| Error::overflow("attribution.saving"))?;
        s.rescale(self.p.currency.minor_units);
        Ok(s)
    }

    /// For every user of the groups: the first instant in the cycle logged in
    /// at the product tier they are billed at (R-W1 `raised_at`). One read of
    /// the sessions (and user-hour rows), no measurement; slots indexed by
    /// user and org, since a hash lookup per row was a tenth of the work.
    fn first_at_tier(&self, groups: &BTreeMap<(usize, u16), Vec<&UserCycle>>) -> Raised {
        let tiers = &self.p.catalog.tiers;
        let n_users = self.p.sessions.users.len() + self.m.presence.extra_users.len();
        let mut pairs: Vec<(u32, u16, u32)> = groups
            .iter()
            .flat_map(|((_, org), users)| users.iter().map(move |u| (u.user, *org, 0)))
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut start = vec![u32::MAX; n_users];
        for (i, p) in pairs.iter_mut().enumerate().rev() {
            p.2 = i as u32;
            if let Some(s) = start.get_mut(p.0 as usize) {
                *s = i as u32;
            }
        }
        let mut r = Raised {
            start,
            slots: vec![Vec::new(); pairs.len()],
            pairs,
        };
        for ((c, org), users) in groups {
            for u in users {
                if let Some(k) = r.slot(u.user, *org) {
                    r.slots[k].push((*c, tiers[u.product as usize], i64::MAX));
                }
            }
        }
        let bounds: Vec<(i64, i64)> = self
            .p
            .cycles
            .iter()
            .map(|c| (c.start_ms(), c.end_ms()))
            .collect();
        for row in &self.p.sessions.rows {
            let Some(k) = r.slot(row.user, row.org) else {
                continue;
            };
            for (c, tier, first) in r.slots[k].iter_mut() {
                let (lo, hi) = bounds[*c];
                let (a, b) = (row.login.max(lo), row.logout.min(hi));
                if b > a && tiers[row.product as usize] == *tier {
                    *first = (*first).min(a);
                }
            }
        }
        if self.p.scenario.usage.hours.is_empty() {
            return r;
        }
        let users: rustc_hash::FxHashMap<&str, u32> = (0..n_users)
            .map(|i| (self.name(i as u32), i as u32))
            .collect();
        for h in &self.p.scenario.usage.hours {
            let (Some(org), Some(prod), Some(&user)) = (
                self.p.catalog.org(&h.org),
                self.p.catalog.product(&h.product),
                users.get(h.user.as_str()),
            ) else {
                continue;
            };
            let Some(k) = r.slot(user, org) else {
                continue;
            };
            for (c, tier, first) in r.slots[k].iter_mut() {
                if self.p.cycles[*c].contains(h.date) && tiers[prod as usize] == *tier {
                    *first = (*first).min(day_ms(h.date));
                }
            }
        }
        r
    }

    /// A user's line; `raised_at` only when later than the first login.
    fn user_line(&self, u: &UserCycle, raised: &Raised) -> UserLine {
        let at_tier = raised.get(u.cycle, u.org, u.user);
        UserLine {
            user: self.name(u.user).to_owned(),
            product: self.product(u.product).to_owned(),
            first_login: u.first,
            raised_at: at_tier.filter(|&t| t > u.first),
            minutes: minutes(u.ms),
            brief: self.model == Model::Named && u.ms < self.brief_ms,
        }
    }

    fn entry(&self, c: usize, org: u16, committed: Decimal) -> Entry {
        Entry {
            cycle: self.p.cycles[c].index,
            org: self.p.catalog.orgs[org as usize].clone(),
            model: self.model.as_str().to_owned(),
            billed_peak: None,
            committed: committed.normalize(),
            windows: None,
            disregarded: None,
            tiers: Vec::new(),
            ladder: None,
            brief_cost: None,
            users: Vec::new(),
        }
    }

    /// Users per product, ids sorted.
    fn tiers_of<'u>(&self, users: impl IntoIterator<Item = &'u UserCycle>) -> Vec<Tier> {
        let mut by: BTreeMap<u16, Vec<String>> = BTreeMap::new();
        for u in users {
            by.entry(u.product)
                .or_default()
                .push(self.name(u.user).to_owned());
        }
        by.into_iter()
            .map(|(p, mut users)| {
                users.sort();
                Tier {
                    product: self.product(p).to_owned(),
                    users,
                    minutes: None,
                    hours_billed: None,
                    unused_minutes: None,
                }
            })
            .collect()
    }

    fn sorted_lines(&self, users: &[&UserCycle], raised: &Raised) -> Vec<UserLine> {
        let mut v: Vec<UserLine> = users.iter().map(|u| self.user_line(u, raised)).collect();
        v.sort_by(|a, b| a.user.cmp(&b.user));
        v
    }

    /// R-W1: every billed user, the brief ones flagged and priced.
    fn named(&self, c: usize, org: u16, users: &[&UserCycle], raised: &Raised) -> Result<Entry> {
        let mut e = self.entry(c, org, self.committed(c, org)?);
        let mut gone: BTreeMap<(u16, u16), Decimal> = BTreeMap::new();
        for u in users.iter().filter(|u| u.ms < self.brief_ms) {
            *gone.entry((org, u.product)).or_default() += Decimal::ONE;
        }
        let now = self.license_amount(c, &self.m.cycles[c])?;
        e.brief_cost = Some(self.saving(c, now, &gone)?);
        e.tiers = self.tiers_of(users.iter().copied());
        e.users = self.sorted_lines(users, raised);
        Ok(e)
    }

    /// R-W4: minutes per user; per tier the minutes, the whole hours billed
    /// and the unused minutes of the last hour.
    fn hourly(&self, c: usize, org: u16, users: &[&UserCycle], raised: &Raised) -> Result<Entry> {
        let mut e = self.entry(c, org, self.committed(c, org)?);
        let mut ms: BTreeMap<u16, i64> = BTreeMap::new();
        for u in users {
            let t = ms.entry(u.product).or_default();
            *t = t
                .checked_add(u.ms)
                .ok_or_else(|| Error::overflow("attribution.minutes"))?;
        }
        e.tiers = self.tiers_of(users.iter().copied());
        for t in &mut e.tiers {
            let Some(p) = self.p.catalog.product(&t.product) else {
                continue;
            };
            let used = ms.get(&p).copied().unwrap_or(0);
            let hours = self.m.cycles[c]
                .licenses
                .get(&(org, p))
                .copied()
                .unwrap_or_default();
            let billed_ms = hours
                .checked_mul(Decimal::from(3_600_000))
                .and_then(|h| h.checked_sub(Decimal::from(used)))
                .ok_or_else(|| Error::overflow("attribution.unused_minutes"))?;
            t.minutes = Some(minutes(used));
            t.hours_billed = Some(hours.normalize());
            t.unused_minutes = Some(
                (billed_ms / Decimal::from(MINUTE_MS))
                    .round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
                    .normalize(),
            );
        }
        e.users = self.sorted_lines(users, raised);
        Ok(e)
    }

    /// R-W2, R-W3: the peak's windows, the runs above it, the billed users
    /// by tier (R-K3) and the ladder down to the commitment.
    fn concurrent(
        &self,
        c: usize,
        org: u16,
        mut users: Vec<&UserCycle>,
        segs: &[Segment],
        raised: &Raised,
    ) -> Result<Entry> {
        let committed = self.committed(c, org)?;
        let mut e = self.entry(c, org, committed);
        let rule = self.p.scenario.contract.peak_rule;
        let min_ms = i64::from(rule.minutes) * MINUTE_MS;
        let billed = self.m.cycles[c]
            .peaks
            .get(&org)
            .map_or(0, |pk| pk.under(rule.kind));
        e.billed_peak = Some(billed);
        // A concurrent contract has no user-hour rows (they are refused), so
        // every user is a session user.
        k3_order(&mut users, &self.p.sessions.users);
        let chosen = &users[..(billed as usize).min(users.len())];
        e.tiers = self.tiers_of(chosen.iter().copied());
        e.users = self.sorted_lines(chosen, raised);
        e.windows = Some(if billed == 0 {
            Vec::new()
        } else {
            holding(segs, billed, rule.kind, min_ms)
                .into_iter()
                .map(|r| Window {
                    start: r.start,
                    end: r.end,
                    level: billed,
                    users: Vec::new(),
                })
                .collect()
        });
        e.disregarded = Some(
            runs_where(segs, |n| n > billed)
                .into_iter()
                .map(|r| Disregarded {
                    start: r.start,
                    end: r.end,
                    level: r.max,
                })
                .collect(),
        );
        // Billed now per product, from the chosen users.
        let count = |k: usize| -> BTreeMap<u16, Decimal> {
            let mut m = BTreeMap::new();
            for u in &users[..k.min(users.len())] {
                *m.entry(u.product).or_default() += Decimal::ONE;
            }
            m
        };
        let now = count(billed as usize);
        let mut ladder = Vec::new();
        let mut now_amount = None;
        let mut level = billed;
        while level > 0 && Decimal::from(level) > committed && ladder.len() < 10 {
            let spans = holding(segs, level, rule.kind, min_ms);
            let then = count(level as usize - 1);
            let change: BTreeMap<(u16, u16), Decimal> = now
                .iter()
                .map(|(&p, &q)| ((org, p), q - then.get(&p).copied().unwrap_or_default()))
                .collect();
            let total: i64 = spans.iter().map(|r| r.end - r.start).sum();
            let amount = match now_amount {
                Some(a) => a,
                None => *now_amount.insert(self.license_amount(c, &self.m.cycles[c])?),
            };
            ladder.push(Rung {
                level,
                windows: spans.len(),
                minutes: minutes(total),
                saving: self.saving(c, amount, &change)?,
                spans: spans.iter().map(|r| (r.start, r.end)).collect(),
                dropped: change
                    .iter()
                    .filter(|(_, q)| !q.is_zero())
                    .map(|(&(_, p), &q)| (self.product(p).to_owned(), q))
                    .collect(),
            });
            level -= 1;
        }
        e.ladder = Some(ladder);
        Ok(e)
    }
}

/// One org's sorted window starts, and the users logged in at each.
type StartsAndUsers<'s> = (&'s [i64], Vec<Vec<u32>>);

/// Fills each window's users: those logged in at its start. One read of
/// the session rows, each finding the window starts it covers by binary
/// search; users are gathered as indices and sorted by a rank of
/// their ids computed once (a window may name thousands of users).
fn name_window_users(ctx: &Ctx, out: &mut [Entry]) {
    // Per org: sorted window starts.
    let mut starts: BTreeMap<u16, Vec<i64>> = BTreeMap::new();
    for e in out.iter() {
        let Some(org) = ctx.p.catalog.org(&e.org) else {
            continue;
        };
        for w in e.windows.iter().flatten() {
            starts.entry(org).or_default().push(w.start);
        }
    }
    if starts.is_empty() {
        return;
    }
    for v in starts.values_mut() {
        v.sort_unstable();
        v.dedup();
    }
    // Per org, per window start (by position in `starts`): the users there.
    // Read from the session rows: a user is logged in at an instant exactly
    // when one of their sessions covers it, so no merged copy is needed.
    let orgs = ctx.p.catalog.orgs.len();
    let mut per_org: Vec<Option<StartsAndUsers>> = (0..orgs as u16)
        .map(|o| {
            starts
                .get(&o)
                .map(|v| (v.as_slice(), vec![Vec::new(); v.len()]))
        })
        .collect();
    for r in &ctx.p.sessions.rows {
        let Some(Some((v, at))) = per_org.get_mut(usize::from(r.org)) else {
            continue;
        };
        let lo = v.partition_point(|&t| t < r.login);
        let hi = v.partition_point(|&t| t < r.logout);
        for slot in &mut at[lo..hi] {
            slot.push(r.user);
        }
    }
    let n = ctx.p.sessions.users.len() + ctx.m.presence.extra_users.len();
    let mut by_id: Vec<u32> = (0..n as u32).collect();
    by_id.sort_unstable_by(|&a, &b| ctx.name(a).cmp(ctx.name(b)));
    let mut rank = vec![0u32; n];
    for (r, &u) in by_id.iter().enumerate() {
        rank[u as usize] = r as u32;
    }
    for e in out.iter_mut() {
        let Some(org) = ctx.p.catalog.org(&e.org) else {
            continue;
        };
        let Some(Some((v, at))) = per_org.get_mut(usize::from(org)) else {
            continue;
        };
        for w in e.windows.iter_mut().flatten() {
            let Ok(k) = v.binary_search(&w.start) else {
                continue;
            };
            let users = &mut at[k];
            users.sort_unstable_by_key(|&u| rank[u as usize]);
            users.dedup();
            w.users = users.iter().map(|&u| ctx.name(u).to_owned()).collect();
        }
    }
}

mod instant {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(ms: &i64, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::instant_string(*ms))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        let t = String::deserialize(d)?;
        chrono::DateTime::parse_from_rfc3339(&t)
            .map(|t| t.timestamp_millis())
            .map_err(serde::de::Error::custom)
    }
}

mod opt_instant {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(ms: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
        match ms {
            Some(t) => s.serialize_str(&super::instant_string(*t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|t| {
                chrono::DateTime::parse_from_rfc3339(&t)
                    .map(|t| t.timestamp_millis())
                    .map_err(serde::de::Error::custom)
            })
            .transpose()
    }
}

/// Counts (levels, peaks) are written as decimal strings, like every quantity.
mod count {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(n: &u32, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&n.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

mod opt_count {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(n: &Option<u32>, s: S) -> Result<S::Ok, S::Error> {
        match n {
            Some(n) => s.serialize_str(&n.to_string()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|t| t.parse().map_err(serde::de::Error::custom))
            .transpose()
    }
}

mod opt_dec {
    pub use rust_decimal::serde::str_option::{deserialize, serialize};
}

mod opt_money {
    pub use rust_decimal::serde::str_option::{deserialize, serialize};
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    /// Three users 09:00-10:00 and a fourth 09:20-09:30 on one day, under
    /// the default 30 sustained minutes: the curve is 3, 4, 3 and bills 3.
    fn scenario() -> Scenario {
        let s = |u: &str, a: &str, b: &str| {
            format!(
                r#"{{ "user": "{u}", "org": "main", "product": "cx2", "login": "2026-10-22T{a}:00Z", "logout": "2026-10-22T{b}:00Z" }}"#
            )
        };
        Scenario::from_json(&format!(
            r#"{{ "billsim": 1, "currency": "USD",
            "contract": {{ "activation": "2026-10-21", "model": "concurrent", "term_cycles": 1,
              "products": {{ "cx2": {{ "tier": 2, "prepay": "115.00", "overage": "138.00" }} }} }},
            "usage": {{ "sessions": [ {}, {}, {}, {} ] }} }}"#,
            s("a", "09:00", "10:00"),
            s("b", "09:00", "10:00"),
            s("c", "09:00", "10:00"),
            s("d", "09:20", "09:30"),
        ))
        .expect("scenario")
    }

    /// The app's chart: the exact curve of one org for a day, and the peak
    /// the rule bills for the cycle (R-K2, R-W2).
    #[test]
    fn r_w2_curve_of_one_day_is_exact() {
        let s = scenario();
        let p = Prepared::new(&s, None).expect("prepared");
        let day = NaiveDate::from_ymd_opt(2026, 10, 22).expect("day");
        let c = curve(&p, "main", 0, Some(day)).expect("curve");
        let t = |h: i64, m: i64| day_ms(day) + (h * 60 + m) * MINUTE_MS;
        assert_eq!(c.billed_peak, 3);
        assert_eq!(
            c.segments,
            [
                Level {
                    start: t(9, 0),
                    end: t(9, 20),
                    level: 3
                },
                Level {
                    start: t(9, 20),
                    end: t(9, 30),
                    level: 4
                },
                Level {
                    start: t(9, 30),
                    end: t(10, 0),
                    level: 3
                },
            ]
        );
        // Another day of the cycle has nothing; an unknown org is an error at `org`.
        let next = NaiveDate::from_ymd_opt(2026, 10, 23).expect("day");
        assert!(curve(&p, "main", 0, Some(next))
            .expect("curve")
            .segments
            .is_empty());
        let e = curve(&p, "nope", 0, None).expect_err("unknown org");
        assert_eq!(e.path(), "org");
    }

    /// The app draws the curve the attribution measured: the same as
    /// measuring it again, for the day and for the whole cycle.
    #[test]
    fn r_w2_day_curve_from_the_attribution_equals_curve() {
        let s = scenario();
        let p = Prepared::new(&s, None).expect("prepared");
        let o = Options {
            cycle: Some(0),
            org: Some("main".into()),
            ..Options::default()
        };
        let (a, curves) = of_with_curves(&p, &o).expect("attribution");
        assert_eq!(a, of(&p, &o).expect("attribution"));
        let day = NaiveDate::from_ymd_opt(2026, 10, 22).expect("day");
        for d in [Some(day), None] {
            let reused = day_curve(&p, &curves, "main", 0, d).expect("curve");
            assert!(!reused.segments.is_empty());
            assert_eq!(reused, curve(&p, "main", 0, d).expect("curve"));
        }
    }

    /// R-W2: d's 10 minutes at 4 are disregarded, and the one window of 3
    /// names a, b and c; d is not billed (R-K3: the 3 with most time).
    #[test]
    fn r_w2_short_spike_is_disregarded_and_window_names_users() {
        let s = scenario();
        let p = Prepared::new(&s, None).expect("prepared");
        let a = of(&p, &Options::default()).expect("attribution");
        let e = &a.attribution[0];
        let w = e.windows.as_ref().expect("windows");
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].users, ["a", "b", "c"]);
        let d = e.disregarded.as_ref().expect("disregarded");
        assert_eq!((d.len(), d[0].level), (1, 4));
        let users: Vec<&str> = e.users.iter().map(|u| u.user.as_str()).collect();
        assert_eq!(users, ["a", "b", "c"]);
    }
}
