//! Measured cycles: sessions, hour reports and forecasts become the per-cycle
//! quantities the contract bills (R-N1, R-N2, R-L2, R-L3, R-K1..R-K3, R-H1),
//! plus resources and calls grouped by cycle.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::{Decimal, RoundingStrategy};

use crate::calendar::{cycle_of_day, day_ms, Cycle};
use crate::concurrency::{peaks, Events, Peaks, Segment};
use crate::cores;
use crate::error::{Error, Result, Violation};
use crate::scenario::{Model, ResourceKind, Scenario};
use crate::usage::{parse_duration, Catalog, Sessions};

/// One user's presence in one cycle in one org.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserCycle {
    /// Cycle position.
    pub cycle: usize,
    /// Org index.
    pub org: u16,
    /// User index in [`Sessions::users`].
    pub user: u32,
    /// Product of the highest tier used in the cycle (R-L2).
    pub product: u16,
    /// Logged-in time in the cycle, overlaps merged (R-L3).
    pub ms: i64,
    /// First instant logged in within the cycle (the billable-user report).
    pub first: i64,
}

/// Everything measured from sessions, per cycle.
#[derive(Debug, Default, Clone)]
pub struct Presence {
    /// Users per cycle and org.
    pub users: Vec<UserCycle>,
    /// Logins and logouts of merged intervals clipped to the cycle, at
    /// `cycle * orgs + org`.
    pub events: Vec<Events>,
    /// Number of orgs (the stride of `events`).
    pub orgs: usize,
    /// Sessions that fell outside every cycle.
    pub outside: usize,
    /// Merged per-user intervals (user, org, start, end), kept only for
    /// reports; a user-hour row is its day's first `duration` milliseconds.
    pub merged: Vec<(u32, u16, i64, i64)>,
    /// Ids of the users known only from user-hour rows: user index
    /// `sessions.users.len() + i` is `extra_users[i]`.
    pub extra_users: Vec<String>,
}

/// Merges each user's sessions per org (R-L3), splits them at cycle
/// boundaries and records the highest tier per cycle (R-L2).
/// O(n) bucketing by user, then a small sort per user; users are measured
/// in ranges on every core and joined in user order.
pub fn presence(
    sessions: &Sessions,
    cat: &Catalog,
    cycles: &[Cycle],
    keep_merged: bool,
) -> Presence {
    let rows = &sessions.rows;
    let n_users = sessions.users.len();
    // Row indices by user (a counting sort), unless the rows already come
    // user by user: users are numbered as they first appear, so a file
    // grouped by user (most exports) has them in order, and each user's
    // rows are the run `start[u]..start[u + 1]` as they are.
    let mut start = vec![0u32; n_users + 1];
    let (mut grouped, mut last) = (true, 0);
    for r in rows {
        start[r.user as usize + 1] += 1;
        grouped &= r.user >= last;
        last = r.user;
    }
    for i in 0..n_users {
        start[i + 1] += start[i];
    }
    let mut order = Vec::new();
    if !grouped {
        let mut pos = start.clone();
        order = vec![0u32; rows.len()];
        for (i, r) in rows.iter().enumerate() {
            order[pos[r.user as usize] as usize] = i as u32;
            pos[r.user as usize] += 1;
        }
    }
    let empty = Presence {
        orgs: cat.orgs.len(),
        events: cycles
            .iter()
            .flat_map(|c| std::iter::repeat_n(Events::new(c.start_ms()), cat.orgs.len()))
            .collect(),
        ..Presence::default()
    };
    let cycle_bounds: Vec<(i64, i64)> = cycles.iter().map(|c| (c.start_ms(), c.end_ms())).collect();
    if cycle_bounds.is_empty() {
        return empty;
    }
    let each = Each {
        rows,
        cat,
        bounds: &cycle_bounds,
        keep_merged,
    };
    // Ranges of users with about as many rows each, their rows' indices apart.
    let mut ranges = Vec::new();
    let (mut rest, mut from) = (&mut order[..], 0);
    let pieces = 4 * cores::count();
    for k in 1..=pieces {
        let to = start.partition_point(|&s| (s as usize) < rows.len() * k / pieces);
        let to = if k == pieces {
            n_users
        } else {
            to.min(n_users)
        };
        if to > from {
            let n = if grouped { 0 } else { start[to] - start[from] };
            let (group, tail) = rest.split_at_mut(n as usize);
            ranges.push((from, to, group));
            rest = tail;
            from = to;
        }
    }
    let mut parts = cores::map(ranges, |(from, to, order)| {
        let mut out = empty.clone();
        each.users(&mut out, from..to, &start, order);
        out
    });
    drop(order);
    if parts.is_empty() {
        return empty;
    }
    // Joined in user order, each cycle's and org's events onto the first
    // part's (on every core: a year's events are tens of MB).
    let mut cells: Vec<Vec<Events>> = empty.events.iter().map(|_| Vec::new()).collect();
    for part in &mut parts {
        for (cell, events) in cells.iter_mut().zip(std::mem::take(&mut part.events)) {
            cell.push(events);
        }
    }
    let mut out = empty;
    out.events = cores::map(cells, Events::joined);
    for part in parts {
        out.users.extend(part.users);
        out.outside += part.outside;
        out.merged.extend(part.merged);
    }
    out
}

/// What measuring a user's sessions needs besides them.
struct Each<'a> {
    rows: &'a [crate::usage::SessionRow],
    cat: &'a Catalog,
    bounds: &'a [(i64, i64)],
    keep_merged: bool,
}

impl Each<'_> {
    /// Measures users `users` into `out`: user `u`'s rows are
    /// `order[start[u] - start[users.start]..]` up to the next user's, or
    /// rows `start[u]..start[u + 1]` where `order` is empty (grouped rows).
    fn users(
        &self,
        out: &mut Presence,
        users: std::ops::Range<usize>,
        start: &[u32],
        order: &mut [u32],
    ) {
        let Each {
            rows,
            cat,
            bounds: cycle_bounds,
            keep_merged,
        } = *self;
        let (first_ms, last_ms) = (cycle_bounds[0].0, cycle_bounds[cycle_bounds.len() - 1].1);
        let at = start[users.start];
        // A grouped file's user's rows, in file order (see presence).
        let mut own = Vec::new();
        for u in users {
            let group = if order.is_empty() {
                own.clear();
                own.extend(start[u]..start[u + 1]);
                &mut own[..]
            } else {
                &mut order[(start[u] - at) as usize..(start[u + 1] - at) as usize]
            };
            // Exports usually come sorted per user: checking is cheaper than sorting.
            let key = |&i: &u32| (rows[i as usize].org, rows[i as usize].login);
            if !group.is_sorted_by_key(key) {
                group.sort_unstable_by_key(key);
            }
            let mut k = 0;
            while k < group.len() {
                let org = rows[group[k] as usize].org;
                let begin = out.users.len();
                let mut cur: Option<(i64, i64)> = None;
                while k < group.len() && rows[group[k] as usize].org == org {
                    let r = rows[group[k] as usize];
                    k += 1;
                    let (login, logout) = (r.login.max(first_ms), r.logout.min(last_ms));
                    if logout <= login {
                        out.outside += 1;
                        continue;
                    }
                    // Highest tier per cycle touched (R-L2), first login per cycle.
                    let mut c = cycle_at(cycle_bounds, login);
                    while c < cycle_bounds.len() && cycle_bounds[c].0 < logout {
                        let first = login.max(cycle_bounds[c].0);
                        // One entry per cycle, and a user's sessions come in
                        // login order: the cycle's entry is nearly always the last.
                        let entry = out.users[begin..].iter_mut().rev().find(|e| e.cycle == c);
                        match entry {
                            Some(e) => {
                                if cat.tiers[r.product as usize] > cat.tiers[e.product as usize] {
                                    e.product = r.product;
                                }
                                e.first = e.first.min(first);
                            }
                            None => out.users.push(UserCycle {
                                cycle: c,
                                org,
                                user: u as u32,
                                product: r.product,
                                ms: 0,
                                first,
                            }),
                        }
                        c += 1;
                    }
                    // Merge overlapping or touching sessions of this user (R-L3).
                    cur = match cur {
                        Some((s, e)) if login <= e => Some((s, e.max(logout))),
                        Some(done) => {
                            if keep_merged {
                                out.merged.push((u as u32, org, done.0, done.1));
                            }
                            emit(out, begin, org, done, cycle_bounds);
                            Some((login, logout))
                        }
                        None => Some((login, logout)),
                    };
                }
                if let Some(done) = cur {
                    if keep_merged {
                        out.merged.push((u as u32, org, done.0, done.1));
                    }
                    emit(out, begin, org, done, cycle_bounds);
                }
            }
        }
    }
}

/// The position of the cycle holding `t` among cycle bounds (start, end
/// in ms), 0 before the first: the bounds are computed once per
/// measurement, where [`crate::calendar::cycle_of_ms`] converts each
/// cycle's dates again on every probe (a sixth of a measurement's work).
fn cycle_at(bounds: &[(i64, i64)], t: i64) -> usize {
    bounds.partition_point(|b| b.0 <= t).saturating_sub(1)
}

/// Splits one merged interval at cycle boundaries (R-L3) and records it.
fn emit(out: &mut Presence, begin: usize, org: u16, (s, e): (i64, i64), bounds: &[(i64, i64)]) {
    let mut c = cycle_at(bounds, s);
    while c < bounds.len() && bounds[c].0 < e {
        let (a, b) = (s.max(bounds[c].0), e.min(bounds[c].1));
        if b > a {
            out.events[c * out.orgs + org as usize].push(a, b);
            // The cycle's one entry, searched from the latest (see presence).
            if let Some(u) = out.users[begin..].iter_mut().rev().find(|u| u.cycle == c) {
                u.ms += b - a;
            }
        }
        c += 1;
    }
}

/// The per-cycle quantities that feed the invoices.
#[derive(Debug, Default, Clone)]
pub struct CycleUsage {
    /// Actual license quantity per (org, product): users, peak users or whole hours.
    pub licenses: BTreeMap<(u16, u16), Decimal>,
    /// Hourly model: exact hours before the once-per-cycle round-up (R-H1).
    pub exact_hours: BTreeMap<(u16, u16), Decimal>,
    /// Concurrent model: peaks per org.
    pub peaks: BTreeMap<u16, Peaks>,
    /// Add-on users per (org, add-on index).
    pub addons: BTreeMap<(u16, usize), Decimal>,
    /// Resource use (storage: the highest daily reading; others: the sum).
    pub resources: BTreeMap<ResourceKind, Decimal>,
    /// Indices of `usage.calls` that started in the cycle.
    pub calls: Vec<usize>,
    /// AI feature units per org (R-AI1, R-AI2).
    pub ai: BTreeMap<u16, crate::ai::Units>,
    /// Free-allocation items used per (org, item) (R-F1).
    pub allocations: BTreeMap<(u16, crate::allocations::Item), Decimal>,
}

/// What the whole scenario measured.
#[derive(Debug, Default)]
pub struct Measured {
    /// One entry per cycle.
    pub cycles: Vec<CycleUsage>,
    /// Sessions and users per cycle (for reports).
    pub presence: Presence,
    /// Messages for the user.
    pub notes: Vec<String>,
}

const HOUR_MS: i64 = 3_600_000;

/// Measures every cycle under `model`.
pub fn measure(
    s: &Scenario,
    cat: &Catalog,
    cycles: &[Cycle],
    sessions: &Sessions,
    model: Model,
    keep_merged: bool,
) -> Result<Measured> {
    let pres = presence(sessions, cat, cycles, keep_merged);
    measure_from(s, cat, cycles, sessions, model, keep_merged, pres)
}

/// Measures every cycle under `model` from the sessions' presence, computed
/// once for any number of models (the merge and split are most of the work).
pub fn measure_from(
    s: &Scenario,
    cat: &Catalog,
    cycles: &[Cycle],
    sessions: &Sessions,
    model: Model,
    keep_merged: bool,
    mut pres: Presence,
) -> Result<Measured> {
    let mut m = Measured {
        cycles: vec![CycleUsage::default(); cycles.len()],
        ..Default::default()
    };
    if pres.outside > 0 {
        m.notes.push(format!(
            "{} session(s) outside the contract's cycles were ignored",
            pres.outside
        ));
    }
    add_hour_rows(s, cat, cycles, sessions, model, &mut pres, keep_merged)?;

    // Which (cycle, org, product) are measured from sessions: forecasts may not repeat them.
    let measured: BTreeSet<(usize, u16, u16)> = pres
        .users
        .iter()
        .map(|u| (u.cycle, u.org, u.product))
        .collect();

    match model {
        Model::Named => {
            // R-N1: logged in at least once; R-L2: at the highest tier.
            for u in &pres.users {
                *m.cycles[u.cycle]
                    .licenses
                    .entry((u.org, u.product))
                    .or_default() += Decimal::ONE;
            }
        }
        Model::Concurrent => {
            let rule = s.contract.peak_rule;
            let min_ms = i64::from(rule.minutes) * 60_000;
            let mut by_cycle_org: BTreeMap<(usize, u16), Vec<&UserCycle>> = BTreeMap::new();
            for u in &pres.users {
                by_cycle_org.entry((u.cycle, u.org)).or_default().push(u);
            }
            // Each cycle's and org's curve apart, on every core.
            let curves: Vec<_> = by_cycle_org
                .into_iter()
                .map(|(at, users)| {
                    let events = &mut pres.events[at.0 * pres.orgs + at.1 as usize];
                    (at, users, std::mem::take(events))
                })
                .collect();
            let billed = cores::map(curves, |(at, mut users, mut events)| {
                let segs: Vec<Segment> = events.segments();
                let p = peaks(&segs, min_ms);
                let n = p.under(rule.kind) as usize;
                k3_order(&mut users, &sessions.users);
                users.truncate(n);
                (at, p, users)
            });
            for ((c, org), p, users) in billed {
                m.cycles[c].peaks.insert(org, p);
                for u in users {
                    *m.cycles[c].licenses.entry((org, u.product)).or_default() += Decimal::ONE;
                }
            }
        }
        Model::Hourly => {
            // R-H1: per tier, summed, rounded up once per cycle.
            let mut ms: BTreeMap<(usize, u16, u16), i64> = BTreeMap::new();
            for u in &pres.users {
                *ms.entry((u.cycle, u.org, u.product)).or_default() += u.ms;
            }
            for ((c, org, p), total) in ms {
                let exact = Decimal::from(total) / Decimal::from(HOUR_MS);
                let billed = exact.round_dp_with_strategy(0, RoundingStrategy::AwayFromZero);
                m.cycles[c].exact_hours.insert((org, p), exact);
                m.cycles[c].licenses.insert((org, p), billed);
            }
        }
    }

    add_forecasts(s, cat, cycles, &measured, &mut m)?;
    add_resources(s, cat, cycles, &mut m)?;
    let ai = crate::ai::measure(s, cat, cycles)?;
    if ai.ignored > 0 {
        m.notes.push(format!(
            "{} interaction(s) starting outside the contract's cycles were ignored",
            ai.ignored
        ));
    }
    let used = crate::allocations::measure(s, cat, cycles)?;
    for ((u, units), used) in m.cycles.iter_mut().zip(ai.cycles).zip(used) {
        u.ai = units;
        u.allocations = used;
    }
    // Each cycle's bounds once: a million calls are placed (a call's path
    // is written only for its error).
    let bounds: Vec<(i64, i64)> = cycles.iter().map(|c| (c.start_ms(), c.end_ms())).collect();
    // Calls outside every cycle are said once, with the first of them (a
    // note each was a note per row of a large calls file).
    let mut outside: Option<(usize, usize)> = None;
    for (i, call) in s.usage.calls.iter().enumerate() {
        cat.org(&call.org)
            .ok_or_else(|| cat.unknown_org(&format!("usage.calls[{i}].org"), &call.org))?;
        let t = call.start.timestamp_millis();
        let k = bounds.partition_point(|b| b.0 <= t);
        match (k > 0 && t < bounds[k - 1].1).then(|| k - 1) {
            Some(c) => m.cycles[c].calls.push(i),
            None => outside = Some(outside.map_or((i, 1), |(first, n)| (first, n + 1))),
        }
    }
    if let Some((first, n)) = outside {
        let call = &s.usage.calls[first];
        m.notes.push(format!(
            "{n} call(s) start before the contract's first cycle or after its last, and were not billed; the first starts {} (usage.calls[{first}]): check its date, or the activation date and term",
            call.start.format("%Y-%m-%d %H:%M UTC")
        ));
    }
    m.presence = pres;
    Ok(m)
}

/// R-K3: orders one cycle's and org's users so that the first N of them are
/// the N billed at a concurrent peak of N: the most logged-in time first,
/// ties by user id (so the choice does not depend on input order).
/// Shared with attribution, which must name the same users the bill counted.
pub fn k3_order(users: &mut [&UserCycle], names: &[String]) {
    users.sort_by(|a, b| {
        b.ms.cmp(&a.ms)
            .then_with(|| names[a.user as usize].cmp(&names[b.user as usize]))
    });
}

/// User-hour report rows (R-H3 as input): time for the hourly model, presence for named.
fn add_hour_rows(
    s: &Scenario,
    cat: &Catalog,
    cycles: &[Cycle],
    sessions: &Sessions,
    model: Model,
    pres: &mut Presence,
    keep_merged: bool,
) -> Result<()> {
    if s.usage.hours.is_empty() {
        return Ok(());
    }
    if model == Model::Concurrent {
        return Err(Error::invalid("usage.hours", "a user-hour report cannot measure concurrency: give sessions for a concurrent contract"));
    }
    let mut names: std::collections::HashMap<&str, u32> = sessions
        .users
        .iter()
        .enumerate()
        .map(|(i, u)| (u.as_str(), i as u32))
        .collect();
    let mut extra_users: Vec<String> = Vec::new();
    // Where each (cycle, org, user) already sits in `pres.users`: a search
    // per row would make a large report quadratic.
    let mut at: rustc_hash::FxHashMap<(usize, u16, u32), usize> = pres
        .users
        .iter()
        .enumerate()
        .map(|(k, u)| ((u.cycle, u.org, u.user), k))
        .collect();
    for (i, h) in s.usage.hours.iter().enumerate() {
        let path = format!("usage.hours[{i}]");
        let org = cat
            .org(&h.org)
            .ok_or_else(|| cat.unknown_org(&format!("{path}.org"), &h.org))?;
        let product = cat
            .product(&h.product)
            .ok_or_else(|| cat.unknown_product(&format!("{path}.product"), &h.product))?;
        let ms = parse_duration(&h.duration).ok_or_else(|| {
            Error::invalid(
                format!("{path}.duration"),
                format!("\"{}\" is not a duration HH:MM:SS:mmm", h.duration),
            )
        })?;
        if ms > 86_400_000 {
            return Err(Error::invalid(
                format!("{path}.duration"),
                "more than 24 hours in one day",
            ));
        }
        let Some(c) = cycle_of_day(cycles, h.date) else {
            continue;
        };
        let next = (sessions.users.len() + extra_users.len()) as u32;
        let user = *names.entry(h.user.as_str()).or_insert_with(|| {
            extra_users.push(h.user.clone());
            next
        });
        if keep_merged {
            let midnight = day_ms(h.date);
            pres.merged.push((user, org, midnight, midnight + ms));
        }
        match at.get(&(c, org, user)).map(|&k| &mut pres.users[k]) {
            Some(u) => {
                u.ms = u.ms.saturating_add(ms);
                if cat.tiers[product as usize] > cat.tiers[u.product as usize] {
                    u.product = product;
                }
                u.first = u.first.min(day_ms(h.date));
            }
            None => {
                at.insert((c, org, user), pres.users.len());
                pres.users.push(UserCycle {
                    cycle: c,
                    org,
                    user,
                    product,
                    ms,
                    first: day_ms(h.date),
                });
            }
        }
    }
    pres.extra_users = extra_users;
    Ok(())
}

/// Forecast quantities (R-N2) and add-on quantities, taken as given.
fn add_forecasts(
    s: &Scenario,
    cat: &Catalog,
    cycles: &[Cycle],
    measured: &BTreeSet<(usize, u16, u16)>,
    m: &mut Measured,
) -> Result<()> {
    for (i, q) in s.usage.quantities.iter().enumerate() {
        let path = format!("usage.quantities[{i}]");
        let c = crate::calendar::cycle_index(cycles, q.cycle, &path)?;
        if q.quantity.is_sign_negative() {
            return Err(Violation::Negative {
                path: format!("{path}.quantity"),
            }
            .into());
        }
        let org_id = match q.org.as_deref() {
            Some(o) => o,
            None => cat.first_org()?,
        };
        let org = cat
            .org(org_id)
            .ok_or_else(|| cat.unknown_org(&format!("{path}.org"), org_id))?;
        if let Some(p) = cat.product(&q.product) {
            if measured.contains(&(c, org, p)) {
                return Err(Error::invalid(
                    path,
                    format!("cycle {c} of {} in org {org_id} is measured from sessions; a forecast for it would be a second truth: remove that forecast to bill the cycle from the logins", q.product),
                ));
            }
            let e = m.cycles[c].licenses.entry((org, p)).or_default();
            *e = e
                .checked_add(q.quantity)
                .ok_or_else(|| Error::overflow(format!("{path}.quantity")))?;
        } else if let Some(a) = s.contract.addons.iter().position(|a| a.id == q.product) {
            let e = m.cycles[c].addons.entry((org, a)).or_default();
            *e = e
                .checked_add(q.quantity)
                .ok_or_else(|| Error::overflow(format!("{path}.quantity")))?;
        } else {
            return Err(cat.unknown_product(&format!("{path}.product"), &q.product));
        }
    }
    Ok(())
}

/// Daily resource use summed per cycle; storage is the highest daily total.
fn add_resources(s: &Scenario, cat: &Catalog, cycles: &[Cycle], m: &mut Measured) -> Result<()> {
    let mut daily: BTreeMap<(ResourceKind, chrono::NaiveDate), Decimal> = BTreeMap::new();
    let mut ignored = 0;
    for (i, r) in s.usage.resources.iter().enumerate() {
        let path = format!("usage.resources[{i}]");
        cat.org(&r.org)
            .ok_or_else(|| cat.unknown_org(&format!("{path}.org"), &r.org))?;
        if r.quantity.is_sign_negative() {
            return Err(Violation::Negative {
                path: format!("{path}.quantity"),
            }
            .into());
        }
        if cycle_of_day(cycles, r.date).is_none() {
            ignored += 1;
            continue;
        }
        let e = daily.entry((r.resource, r.date)).or_default();
        *e = e
            .checked_add(r.quantity)
            .ok_or_else(|| Error::overflow(format!("{path}.quantity")))?;
    }
    if ignored > 0 {
        m.notes.push(format!(
            "{ignored} resource row(s) outside the contract's cycles were ignored"
        ));
    }
    for ((kind, day), q) in daily {
        let Some(c) = cycle_of_day(cycles, day) else {
            continue;
        };
        let e = m.cycles[c].resources.entry(kind).or_default();
        *e = if kind == ResourceKind::StorageGb {
            (*e).max(q)
        } else {
            e.checked_add(q)
                .ok_or_else(|| Error::overflow("usage.resources"))?
        };
    }
    Ok(())
}
