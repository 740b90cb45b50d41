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

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveTime};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::calendar::{day_ms, Cycle};
use crate::error::{Error, Result};
use crate::scenario::Scenario;
use crate::usage::{Catalog, Sessions};

/// One shift of a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shift {
    /// Start time, UTC, `HH:MM`.
    pub start: String,
    /// Length in minutes, before the handover.
    pub minutes: u32,
    /// Agents in the shift in the first cycle.
    pub agents: u32,
}

/// A workforce description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Prefix of generated user ids.
    pub id: String,
    /// Org of every agent; absent: the first org.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Product id -> share of agents ("0.8"); shares must sum to 1.
    #[serde(with = "share_map")]
    pub mix: BTreeMap<String, Decimal>,
    /// The shifts.
    pub shifts: Vec<Shift>,
    /// Minutes each agent stays logged in after the shift ends.
    #[serde(default)]
    pub handover_minutes: u32,
    /// Working weekdays: `mon` .. `sun`. Default Monday to Friday.
    #[serde(default = "weekdays")]
    pub days: Vec<String>,
    /// Share of agent-days absent, "0.05".
    #[serde(default, with = "rust_decimal::serde::str")]
    pub absence: Decimal,
    /// Growth of every shift per cycle, "0.02" for +2 %.
    #[serde(default, with = "rust_decimal::serde::str")]
    pub growth: Decimal,
    /// Seed for absences.
    #[serde(default)]
    pub seed: u64,
    /// First cycle the profile covers.
    #[serde(default)]
    pub from_cycle: u32,
    /// Number of cycles covered; absent: to the contract's end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cycles: Option<u32>,
}

fn weekdays() -> Vec<String> {
    ["mon", "tue", "wed", "thu", "fri"]
        .map(String::from)
        .to_vec()
}

const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// splitmix64: a tiny, well-mixed hash so absences need no RNG crate and
/// do not depend on iteration order.
fn mix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Expands every profile of the scenario into `out`.
pub fn expand_all(s: &Scenario, cat: &Catalog, cycles: &[Cycle], out: &mut Sessions) -> Result<()> {
    for (i, p) in s.usage.profiles.iter().enumerate() {
        expand(p, &format!("usage.profiles[{i}]"), cat, cycles, out)?;
    }
    Ok(())
}

/// Expands one profile (see the module doc).
pub fn expand(
    p: &Profile,
    path: &str,
    cat: &Catalog,
    cycles: &[Cycle],
    out: &mut Sessions,
) -> Result<()> {
    let org_id = p.org.as_deref().unwrap_or(&cat.orgs[0]);
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
            return Err(Error::invalid(
                format!("{path}.mix.{id}"),
                "must not be negative",
            ));
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
    let mut days = [false; 7];
    for (j, d) in p.days.iter().enumerate() {
        let k = DAY_NAMES.iter().position(|n| n == d).ok_or_else(|| {
            Error::invalid(
                format!("{path}.days[{j}]"),
                format!("\"{d}\" is not one of mon, tue, wed, thu, fri, sat, sun"),
            )
        })?;
        days[k] = true;
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
        let start_ms = i64::from(chrono::Timelike::num_seconds_from_midnight(&t)) * 1000;
        shifts.push((
            start_ms,
            i64::from(sh.minutes + p.handover_minutes) * 60_000,
            sh.agents,
        ));
    }
    // Absence threshold on a 32-bit draw.
    let absent_below = (p.absence * Decimal::from(1u64 << 32))
        .to_u64()
        .unwrap_or(0);
    let end = p
        .cycles
        .map_or(u32::MAX, |n| p.from_cycle.saturating_add(n));
    let mut names: Vec<Vec<u32>> = vec![Vec::new(); shifts.len()];
    for c in cycles
        .iter()
        .filter(|c| c.index >= p.from_cycle && c.index < end)
    {
        let grown = (p.from_cycle..c.index)
            .try_fold(Decimal::ONE, |g, _| g.checked_mul(Decimal::ONE + p.growth))
            .ok_or_else(|| Error::overflow(format!("{path}.growth")))?;
        let mut day = c.start;
        while day <= c.end {
            if days[day.weekday().num_days_from_monday() as usize] {
                let midnight = day_ms(day);
                for (si, &(start, len, agents)) in shifts.iter().enumerate() {
                    let n =
                        crate::money::mul(Decimal::from(agents), grown, &format!("{path}.growth"))?
                            .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                            .to_u32()
                            .unwrap_or(0);
                    for a in 0..n {
                        let draw = mix64(
                            p.seed
                                ^ mix64(
                                    u64::from(c.index) << 40
                                        ^ (midnight as u64 / 86_400_000) << 20
                                        ^ (si as u64) << 16
                                        ^ u64::from(a),
                                ),
                        ) >> 32;
                        if draw < absent_below {
                            continue;
                        }
                        // Product by position in the shift: the first share x n agents take the first product.
                        let pos = Decimal::from(a) / Decimal::from(n.max(1));
                        let product = mix
                            .iter()
                            .find(|(_, upto)| pos < *upto)
                            .map_or(mix[mix.len() - 1].0, |m| m.0);
                        while names[si].len() <= a as usize {
                            let nm =
                                format!("{}-s{}-{}@{}", p.id, si + 1, names[si].len() + 1, org_id);
                            names[si].push(out.intern(&nm));
                        }
                        let user = names[si][a as usize];
                        out.push_interned(
                            path,
                            user,
                            org,
                            product,
                            midnight + start,
                            midnight + start + len,
                        )?;
                    }
                }
            }
            day = match day.checked_add_days(Days::new(1)) {
                Some(d) => d,
                None => break,
            };
        }
    }
    Ok(())
}

mod share_map {
    use super::*;
    use serde::{Deserializer, Serializer};

    #[derive(Serialize, Deserialize)]
    struct D(#[serde(with = "rust_decimal::serde::str")] Decimal);

    pub fn serialize<S: Serializer>(
        m: &BTreeMap<String, Decimal>,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        s.collect_map(m.iter().map(|(k, v)| (k, D(*v))))
    }

    pub fn deserialize<'de, De: Deserializer<'de>>(
        d: De,
    ) -> std::result::Result<BTreeMap<String, Decimal>, De::Error> {
        let m: BTreeMap<String, D> = BTreeMap::deserialize(d)?;
        Ok(m.into_iter().map(|(k, D(v))| (k, v)).collect())
    }
}
