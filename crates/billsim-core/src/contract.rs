//! Validation of a scenario against the rule book before anything is
//! computed (R-L1, R-A1, R-S3, R-V1), and the commitment schedule lookups.

use std::collections::{BTreeMap, HashSet};

use rust_decimal::Decimal;

use crate::checks::{non_negative, opt_non_negative};
use crate::error::{Error, Result};
use crate::scenario::{Model, ResourceKind, Scenario};
use crate::usage::Catalog;

/// Checks everything that does not need usage measured. Errors name the path.
pub fn validate(s: &Scenario) -> Result<()> {
    crate::money::Currency::from_code(&s.currency)?;
    if s.orgs.is_empty() {
        return Err(Error::invalid("orgs", "at least one org is needed"));
    }
    let mut seen = HashSet::new();
    for (i, o) in s.orgs.iter().enumerate() {
        if !seen.insert(&o.id) {
            return Err(Error::invalid(
                format!("orgs[{i}].id"),
                format!("org \"{}\" is listed twice", o.id),
            ));
        }
    }
    let c = &s.contract;
    // Orgs and products are 16-bit indices in the session table.
    if s.orgs.len() > usize::from(u16::MAX) {
        return Err(Error::invalid(
            "orgs",
            format!("at most {} orgs (there are {})", u16::MAX, s.orgs.len()),
        ));
    }
    if c.products.len() > usize::from(u16::MAX) {
        return Err(Error::invalid(
            "contract.products",
            format!(
                "at most {} products (there are {})",
                u16::MAX,
                c.products.len()
            ),
        ));
    }
    if c.term_cycles == 0 {
        return Err(Error::invalid(
            "contract.term_cycles",
            "a term has at least one cycle",
        ));
    }
    // A peak cannot be held longer than a cycle lasts: such a rule would
    // bill nothing, silently.
    let cycles = crate::calendar::cycles(c)?;
    let shortest = cycles
        .iter()
        .map(|k| (k.end - k.start).num_days() + 1)
        .min()
        .unwrap_or(0);
    if i64::from(c.peak_rule.minutes) > shortest * 24 * 60 {
        return Err(Error::invalid(
            "contract.peak_rule.minutes",
            format!(
                "{} minutes is longer than this contract's shortest cycle ({shortest} days, {} minutes): no peak could be held that long",
                c.peak_rule.minutes,
                shortest * 24 * 60
            ),
        ));
    }
    if c.products.is_empty() {
        return Err(Error::invalid(
            "contract.products",
            "at least one product is needed",
        ));
    }
    for (id, p) in &c.products {
        let path = format!("contract.products.{id}");
        if !(1..=4).contains(&p.tier) {
            return Err(Error::invalid(
                format!("{path}.tier"),
                "tier must be 1, 2, 3 or 4",
            ));
        }
        if let Some(m) = p.model {
            if m != c.model {
                // R-L1: one model per contract.
                return Err(Error::invalid(
                    format!("{path}.model"),
                    format!("product {id} is {} but the contract is {}: {} and {} licenses cannot be mixed in one contract (R-L1)", m.as_str(), c.model.as_str(), c.model.as_str(), m.as_str()),
                ));
            }
        }
        opt_non_negative(format!("{path}.prepay"), p.prepay)?;
        opt_non_negative(format!("{path}.overage"), p.overage)?;
        opt_non_negative(format!("{path}.list"), p.list)?;
        opt_non_negative(format!("{path}.hourly"), p.hourly)?;
        if let Some(r) = &p.concurrent {
            opt_non_negative(format!("{path}.concurrent.prepay"), r.prepay)?;
            opt_non_negative(format!("{path}.concurrent.overage"), r.overage)?;
            opt_non_negative(format!("{path}.concurrent.list"), r.list)?;
        }
        for (k, v) in &p.allowances {
            non_negative(format!("{path}.allowances.{}", k.as_str()), *v)?;
        }
        if c.model == Model::Hourly && p.hourly.is_none() {
            return Err(Error::invalid(
                format!("{path}.hourly"),
                "an hourly contract needs an hourly rate for every product",
            ));
        }
    }
    let cat = Catalog::of(s);
    let orgs = cat.org_index();
    for (i, st) in c.commitments.iter().enumerate() {
        let path = format!("contract.commitments[{i}]");
        if !c.products.contains_key(&st.product) {
            return Err(cat.unknown_product(&format!("{path}.product"), &st.product));
        }
        committed_quantity(format!("{path}.quantity"), st.quantity)?;
        if let Some(o) = &st.org {
            orgs.get(o)
                .ok_or_else(|| cat.unknown_org(&format!("{path}.org"), o))?;
        }
        let prod = &c.products[&st.product];
        if prod.rates(c.model).prepay.is_none() && c.model != Model::Hourly {
            let field = if prod.concurrent.is_some() && c.model == Model::Concurrent {
                "concurrent.prepay"
            } else {
                "prepay"
            };
            return Err(Error::invalid(
                format!("contract.products.{}.{field}", st.product),
                "a committed product needs a prepay rate",
            ));
        }
    }
    let mut addon_ids = HashSet::new();
    for (i, a) in c.addons.iter().enumerate() {
        let path = format!("contract.addons[{i}]");
        if !addon_ids.insert(&a.id) || c.products.contains_key(&a.id) {
            return Err(Error::invalid(
                format!("{path}.id"),
                format!("id \"{}\" is used twice", a.id),
            ));
        }
        let base = c
            .products
            .get(&a.base)
            .ok_or_else(|| cat.unknown_product(&format!("{path}.base"), &a.base))?;
        if base.tier > 2 {
            // R-A1: CX3 and CX4 include the add-ons.
            return Err(Error::invalid(format!("{path}.base"), format!("add-on {} on {} (Cloud CX {}): only CX1 and CX2 users can buy add-ons, CX3 and CX4 include them (R-A1)", a.id, a.base, base.tier)));
        }
        non_negative(format!("{path}.prepay"), a.prepay)?;
        non_negative(format!("{path}.overage"), a.overage)?;
        for (j, st) in a.commitments.iter().enumerate() {
            committed_quantity(format!("{path}.commitments[{j}].quantity"), st.quantity)?;
        }
        if let Some(o) = &a.org {
            cat.org(o)
                .ok_or_else(|| cat.unknown_org(&format!("{path}.org"), o))?;
        }
    }
    for (k, r) in &c.resources {
        non_negative(format!("contract.resources.{}.rate", k.as_str()), r.rate)?;
    }
    for (i, r) in s.usage.resources.iter().enumerate() {
        if r.resource != ResourceKind::StorageGb && !c.resources.contains_key(&r.resource) {
            return Err(Error::invalid(
                format!("usage.resources[{i}].resource"),
                format!("no rate for {} in contract.resources", r.resource.as_str()),
            ));
        }
        if r.resource == ResourceKind::Sms
            && r.quantity > Decimal::ZERO
            && c.products.values().all(|p| p.tier < 2)
        {
            // R-S3: messaging needs CX2 or CX3.
            return Err(Error::invalid(format!("usage.resources[{i}].resource"), "SMS and messaging are only available with Cloud CX 2 or 3; this contract has only Cloud CX 1 (R-S3)"));
        }
    }
    if let Some(t) = &c.telco {
        if t.increment_seconds == 0 {
            return Err(Error::invalid(
                "contract.telco.increment_seconds",
                "must be at least 1",
            ));
        }
        for (name, r) in [
            ("inbound", t.rates.inbound),
            ("outbound", t.rates.outbound),
            ("extended_outbound", t.rates.extended_outbound),
            ("toll_free", t.rates.toll_free),
        ] {
            opt_non_negative(format!("contract.telco.rates.{name}"), r)?;
        }
    }
    for (i, d) in c.devices.iter().enumerate() {
        opt_non_negative(format!("contract.devices[{i}].monthly"), d.monthly)?;
        opt_non_negative(format!("contract.devices[{i}].one_time"), d.one_time)?;
    }
    for (i, t) in c.taxes.iter().enumerate() {
        non_negative(format!("contract.taxes[{i}].rate"), t.rate)?;
        // A rate is a fraction: 8.25 is a percent written as a fraction.
        if t.rate > Decimal::ONE {
            return Err(Error::invalid(
                format!("contract.taxes[{i}].rate"),
                format!(
                    "{} would tax more than the whole amount: a rate is a fraction (8.25% is written \"0.0825\")",
                    t.rate
                ),
            ));
        }
    }
    crate::ai::validate(s, &cat)?;
    crate::allocations::validate(s, &cat)?;
    Ok(())
}

/// Commitment schedules keyed by (org, product), steps sorted by cycle.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Commitments {
    steps: BTreeMap<(u16, u16), Vec<(u32, Decimal)>>,
    addon_steps: Vec<Vec<(u32, Decimal)>>,
}

impl Commitments {
    /// Builds the lookup; a later step for the same cycle replaces an earlier one.
    pub fn of(s: &Scenario, cat: &Catalog) -> Commitments {
        let mut steps: BTreeMap<(u16, u16), Vec<(u32, Decimal)>> = BTreeMap::new();
        let orgs = cat.org_index();
        for st in &s.contract.commitments {
            let org = st.org.as_deref().and_then(|o| orgs.get(o)).unwrap_or(0);
            if let Some(p) = cat.product(&st.product) {
                steps
                    .entry((org, p))
                    .or_default()
                    .push((st.from_cycle, st.quantity));
            }
        }
        for v in steps.values_mut() {
            v.sort_by_key(|x| x.0);
        }
        let addon_steps = s
            .contract
            .addons
            .iter()
            .map(|a| {
                let mut v: Vec<_> = a
                    .commitments
                    .iter()
                    .map(|st| (st.from_cycle, st.quantity))
                    .collect();
                v.sort_by_key(|x| x.0);
                v
            })
            .collect();
        Commitments { steps, addon_steps }
    }

    /// Committed quantity of (org, product) in cycle `k` (step schedule; 0 before the first step).
    pub fn product(&self, org: u16, product: u16, k: u32) -> Decimal {
        self.steps
            .get(&(org, product))
            .map_or(Decimal::ZERO, |v| crate::calendar::step_at(v, k))
    }

    /// This schedule with (org, product) committed to `quantity` from cycle 0
    /// on, its own steps replaced and every other schedule kept: one point
    /// of a cost curve, priced from the same measured usage (R-O1).
    pub fn with_level(&self, org: u16, product: u16, quantity: Decimal) -> Commitments {
        let mut c = self.clone();
        c.steps.insert((org, product), vec![(0, quantity)]);
        c
    }

    /// The steps of (org, product), sorted by cycle: (from cycle, quantity).
    pub fn steps_of(&self, org: u16, product: u16) -> &[(u32, Decimal)] {
        self.steps.get(&(org, product)).map_or(&[], Vec::as_slice)
    }

    /// This schedule with step `i` of (org, product) set to `quantity`, its
    /// other steps and every other schedule kept: one point of a step's own
    /// cost curve (R-O1). Unchanged when there is no such step.
    pub fn with_step(&self, org: u16, product: u16, i: usize, quantity: Decimal) -> Commitments {
        let mut c = self.clone();
        if let Some(st) = c.steps.get_mut(&(org, product)).and_then(|v| v.get_mut(i)) {
            st.1 = quantity;
        }
        c
    }

    /// This schedule with (org, product)'s steps replaced by `steps`
    /// (sorted by cycle), every other schedule kept: [`Commitments::with_level`]
    /// is `[(0, quantity)]`, [`Commitments::with_step`] its own steps with one
    /// changed.
    pub fn with_schedule(&self, org: u16, product: u16, steps: Vec<(u32, Decimal)>) -> Commitments {
        let mut c = self.clone();
        c.set_schedule(org, product, steps);
        c
    }

    /// Replaces (org, product)'s steps in place: no copy of the other
    /// orgs' schedules, so one org's curve costs the same with 10,000 orgs.
    pub fn set_schedule(&mut self, org: u16, product: u16, steps: Vec<(u32, Decimal)>) {
        self.steps.insert((org, product), steps);
    }

    /// This schedule without any product commitment, add-on commitments
    /// kept: where another model's advice starts (R-O3), since a quantity of
    /// users means nothing as a quantity of hours.
    pub fn without_products(&self) -> Commitments {
        Commitments {
            steps: BTreeMap::new(),
            addon_steps: self.addon_steps.clone(),
        }
    }

    /// The (org, product) pairs with a schedule.
    pub fn keys(&self) -> impl Iterator<Item = (u16, u16)> + '_ {
        self.steps.keys().copied()
    }

    /// Committed users of add-on `a` in cycle `k`.
    pub fn addon(&self, a: usize, k: u32) -> Decimal {
        self.addon_steps
            .get(a)
            .map_or(Decimal::ZERO, |v| crate::calendar::step_at(v, k))
    }
}

/// The most a commitment step may commit: the bound of a profile shift's
/// agents (a million users, or hours under hourly).
pub const MAX_COMMITTED: u32 = 1_000_000;

/// A commitment's quantity: a whole number of users (or hours), 0 to
/// [`MAX_COMMITTED`] (issue 22: `2.5` users, or `99999999999` billing
/// trillions, were accepted).
fn committed_quantity(path: String, q: Decimal) -> Result<()> {
    non_negative(path.clone(), q)?;
    if !q.fract().is_zero() {
        return Err(Error::invalid(
            path,
            format!(
                "{} is not a whole number: commit whole users (or hours)",
                q.normalize()
            ),
        ));
    }
    if q > Decimal::from(MAX_COMMITTED) {
        return Err(Error::invalid(
            path,
            format!(
                "{} is too large: a commitment is at most 1,000,000 users (or hours), as a shift has at most 1,000,000 agents",
                q.normalize()
            ),
        ));
    }
    Ok(())
}
