//! Workforce profiles: a sales engineer's description of a contact center
//! that expands, deterministically, into login sessions.
//!
//! Expansion, for every cycle from `from_cycle` (default 0) and every UTC day
//! of it whose weekday is in `days`:
//! - each shift has `agents x (1 + growth)^(cycle - from_cycle)` agents
//!   (rounded half away from zero);
//! - agent `n` of shift `s` is user `{id}-s{s}-{n}@{org}`; the first
//!   `share x agents` agents take the first product of `mix`, and so on
//!   (shares in the order written, the last takes the rest);
//! - an agent is absent that day when a hash of (seed, cycle, day, shift,
//!   agent) falls under `absence`: the same seed always gives the same days;
//! - a present agent logs in at the shift's `start` (UTC, `HH:MM`) and logs
//!   out `minutes + handover_minutes` later, so consecutive shifts overlap
//!   by the handover.

use std::ops::RangeInclusive;

use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::calendar::{day_ms, Cycle};
use crate::error::{Error, Result, Violation};
pub use crate::scenario::{Profile, Shift};
use crate::usage::{Catalog, Sessions};

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// splitmix64: a tiny, well-mixed hash so absences need no RNG crate and
/// do not depend on iteration order.
fn mix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The most sessions (agent-days, absent ones included) the profiles of one
/// scenario may expand to: a year of a 19,000-agent center working
/// weekdays. Billing them takes about a second; the usage reports of 10
/// million (a row per user and day) took 20 s and 3.6 GB, which in the
/// browser would run wasm out of memory. A bigger description is refused
/// before any work is done.
pub const MAX_AGENT_DAYS: u64 = 5_000_000;

/// Expands every profile of the scenario into `out`, refusing first (naming
/// the profile and the size) what would go past [`MAX_AGENT_DAYS`].
pub fn expand_all(
    profiles: &[Profile],
    cat: &Catalog,
    cycles: &[Cycle],
    out: &mut Sessions,
) -> Result<()> {
    let mut plans = Vec::with_capacity(profiles.len());
    let mut total: u64 = 0;
    for (i, p) in profiles.iter().enumerate() {
        let path = format!("usage.profiles[{i}]");
        let plan = Plan::of(p, &path, cat, cycles)?;
        total = total.saturating_add(plan.agent_days);
        if total > MAX_AGENT_DAYS {
            return Err(Error::invalid(
                path,
                format!(
                    "expands to {} agent-days{} over {} cycle(s), past the limit of {} for a scenario's profiles: describe fewer agents or cycles, or import the logins as a CSV file",
                    plan.agent_days,
                    if total > plan.agent_days { format!(" ({total} with the profiles before it)") } else { String::new() },
                    plan.cycles.len(),
                    MAX_AGENT_DAYS
                ),
            ));
        }
        plans.push((plan, p, path));
    }
    out.rows.reserve(usize::try_from(total).unwrap_or(0));
    for (plan, p, path) in &plans {
        plan.expand(p, path, &ALL_DAYS, out)?;
    }
    Ok(())
}

/// Expands one profile (see the module doc), under the same limit.
pub fn expand(
    p: &Profile,
    path: &str,
    cat: &Catalog,
    cycles: &[Cycle],
    out: &mut Sessions,
) -> Result<()> {
    let plan = Plan::of(p, path, cat, cycles)?;
    if plan.agent_days > MAX_AGENT_DAYS {
        return Err(Error::invalid(
            path,
            format!(
                "expands to {} agent-days, past the limit of {MAX_AGENT_DAYS}",
                plan.agent_days
            ),
        ));
    }
    plan.expand(p, path, &ALL_DAYS, out)
}

/// Every day: expansion unrestricted.
const ALL_DAYS: RangeInclusive<NaiveDate> = NaiveDate::MIN..=NaiveDate::MAX;

/// A shift as expanded: where it starts in the day and how long agents stay.
#[derive(Debug)]
struct ShiftTimes {
    start_ms: i64,
    len_ms: i64,
}

/// One covered cycle: its working days and each shift's agents that cycle.
#[derive(Debug)]
struct CyclePlan {
    cycle: Cycle,
    days: Vec<NaiveDate>,
    agents: Vec<u32>,
}

/// A validated profile and the size of its expansion, known before any
/// session is made.
#[derive(Debug)]
pub struct Plan {
    org: u16,
    org_id: String,
    /// Products with the running sum of their shares, in the order written.
    mix: Vec<(u16, Decimal)>,
    shifts: Vec<ShiftTimes>,
    cycles: Vec<CyclePlan>,
    agent_days: u64,
}

impl Plan {
    /// Validates `p` (at `path`) against the catalog and plans its
    /// expansion over `cycles`, the contract's, without making a session.
    pub fn of(p: &Profile, path: &str, cat: &Catalog, cycles: &[Cycle]) -> Result<Plan> {
        let org_id = match p.org.as_deref() {
            Some(o) => o,
            None => cat.first_org()?,
        };
        let org = cat
            .org(org_id)
            .ok_or_else(|| cat.unknown_org(&format!("{path}.org"), org_id))?;
        let mut mix = Vec::new();
        let mut sum = Decimal::ZERO;
        for (id, share) in &p.mix {
            let prod = cat
                .product(id)
                .ok_or_else(|| cat.unknown_product(&format!("{path}.mix.{id}"), id))?;
            if share.is_sign_negative() {
                return Err(Violation::Negative {
                    path: format!("{path}.mix.{id}"),
                }
                .into());
            }
            sum = crate::money::add(sum, *share, &format!("{path}.mix.{id}"))?;
            mix.push((prod, sum));
        }
        if mix.is_empty() || sum != Decimal::ONE {
            return Err(Error::invalid(
                format!("{path}.mix"),
                format!("shares must sum to 1 (they sum to {sum})"),
            ));
        }
        let mut weekdays = [false; 7];
        for (j, d) in p.days.iter().enumerate() {
            let k = DAY_NAMES.iter().position(|n| n == d).ok_or_else(|| {
                Error::invalid(
                    format!("{path}.days[{j}]"),
                    format!("\"{d}\" is not one of mon, tue, wed, thu, fri, sat, sun"),
                )
            })?;
            weekdays[k] = true;
        }
        if !(Decimal::ZERO..=Decimal::ONE).contains(&p.absence) {
            return Err(Error::invalid(
                format!("{path}.absence"),
                "must be between 0 and 1",
            ));
        }
        if p.growth <= -Decimal::ONE || p.growth > Decimal::ONE {
            return Err(Error::invalid(
                format!("{path}.growth"),
                "must be above -1 and at most 1 per cycle",
            ));
        }
        if p.handover_minutes > MAX_HANDOVER {
            return Err(Error::invalid(
                format!("{path}.handover_minutes"),
                format!("must be 0 to {MAX_HANDOVER} (a day)"),
            ));
        }
        let mut shifts = Vec::new();
        for (j, sh) in p.shifts.iter().enumerate() {
            let t = NaiveTime::parse_from_str(&sh.start, "%H:%M").map_err(|_| {
                Error::invalid(
                    format!("{path}.shifts[{j}].start"),
                    format!("\"{}\" is not a time HH:MM", sh.start),
                )
            })?;
            if sh.minutes == 0 || sh.minutes > 24 * 60 {
                return Err(Error::invalid(
                    format!("{path}.shifts[{j}].minutes"),
                    "must be 1 to 1440",
                ));
            }
            if sh.agents > 1_000_000 {
                return Err(Error::invalid(
                    format!("{path}.shifts[{j}].agents"),
                    "at most 1,000,000 agents per shift",
                ));
            }
            // Both bounded above (1440 each), so the sum cannot overflow.
            let minutes = i64::from(sh.minutes) + i64::from(p.handover_minutes);
            shifts.push(ShiftTimes {
                start_ms: i64::from(chrono::Timelike::num_seconds_from_midnight(&t)) * 1000,
                len_ms: minutes * 60_000,
            });
        }
        let end = p
            .cycles
            .map_or(u32::MAX, |n| p.from_cycle.saturating_add(n));
        let mut plans = Vec::new();
        let mut agent_days: u64 = 0;
        let mut grown = Decimal::ONE;
        for c in cycles
            .iter()
            .filter(|c| c.index >= p.from_cycle && c.index < end)
        {
            if c.index > p.from_cycle {
                grown =
                    crate::money::mul(grown, Decimal::ONE + p.growth, &format!("{path}.growth"))?;
            }
            let mut agents = Vec::with_capacity(p.shifts.len());
            for sh in &p.shifts {
                let n =
                    crate::money::mul(Decimal::from(sh.agents), grown, &format!("{path}.growth"))?
                        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                        .to_u32()
                        .unwrap_or(0);
                agents.push(n);
            }
            let mut days = Vec::new();
            let mut day = c.start;
            while day <= c.end {
                if weekdays[day.weekday().num_days_from_monday() as usize] {
                    days.push(day);
                }
                day = match day.checked_add_days(Days::new(1)) {
                    Some(d) => d,
                    None => break,
                };
            }
            let per_day: u64 = agents.iter().map(|&n| u64::from(n)).sum();
            agent_days = agent_days.saturating_add(per_day.saturating_mul(days.len() as u64));
            plans.push(CyclePlan {
                cycle: *c,
                days,
                agents,
            });
        }
        Ok(Plan {
            org,
            org_id: org_id.to_owned(),
            mix,
            shifts,
            cycles: plans,
            agent_days,
        })
    }

    /// Agent-days the whole expansion makes (absent ones included).
    pub fn agent_days(&self) -> u64 {
        self.agent_days
    }

    /// The org index every agent of the profile belongs to.
    pub fn org(&self) -> u16 {
        self.org
    }

    /// Every working day covered, in order, with the cycle it falls in.
    pub fn working_days(&self) -> impl Iterator<Item = (NaiveDate, &Cycle)> + '_ {
        self.cycles
            .iter()
            .flat_map(|c| c.days.iter().map(move |&d| (d, &c.cycle)))
    }

    /// Makes the sessions of the working days inside `only`: time linear in
    /// the agent-days planned. A day's draws depend only on the day, so the
    /// sessions of a day are the same whatever range holds it (`p` and
    /// `path` are the ones the plan was made of).
    pub fn expand(
        &self,
        p: &Profile,
        path: &str,
        only: &RangeInclusive<NaiveDate>,
        out: &mut Sessions,
    ) -> Result<()> {
        // Absence threshold on a 32-bit draw.
        let absent_below = (p.absence * Decimal::from(1u64 << 32))
            .to_u64()
            .unwrap_or(0);
        let mut names: Vec<Vec<u32>> = vec![Vec::new(); self.shifts.len()];
        let mut products: Vec<u16> = Vec::new();
        for c in &self.cycles {
            // A cycle all outside `only` makes nothing (the names of its
            // agents are made by the cycles that need them).
            if let (Some(f), Some(l)) = (c.days.first(), c.days.last()) {
                if l < only.start() || f > only.end() {
                    continue;
                }
            }
            for (si, (sh, &n)) in self.shifts.iter().zip(&c.agents).enumerate() {
                // Product by position in the shift: agent `a` takes the first
                // product whose running share exceeds a / n, i.e. a < share x n
                // (exact in decimals: no division).
                products.clear();
                let mut k = 0;
                for a in 0..n {
                    while k + 1 < self.mix.len()
                        && Decimal::from(a) >= self.mix[k].1 * Decimal::from(n)
                    {
                        k += 1;
                    }
                    products.push(self.mix[k].0);
                }
                while names[si].len() < n as usize {
                    let nm = format!(
                        "{}-s{}-{}@{}",
                        p.id,
                        si + 1,
                        names[si].len() + 1,
                        self.org_id
                    );
                    names[si].push(out.intern(&nm));
                }
                for &day in c.days.iter().filter(|d| only.contains(d)) {
                    let midnight = day_ms(day);
                    let login = midnight + sh.start_ms;
                    for a in 0..n {
                        let draw = mix64(
                            p.seed
                                ^ mix64(
                                    u64::from(c.cycle.index) << 40
                                        ^ (midnight as u64 / 86_400_000) << 20
                                        ^ (si as u64) << 16
                                        ^ u64::from(a),
                                ),
                        ) >> 32;
                        if draw < absent_below {
                            continue;
                        }
                        out.push_interned(
                            path,
                            names[si][a as usize],
                            self.org,
                            products[a as usize],
                            login,
                            login + sh.len_ms,
                        )?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// The longest handover: agents stay at most a day past their shift.
pub const MAX_HANDOVER: u32 = 24 * 60;
