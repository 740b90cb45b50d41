//! One (org, product)'s commitment curve (R-O1) priced against that pair's
//! own lines. Moving one pair's commitment changes, in each term cycle,
//! only its license line, its prepay line, the pooled fair-use allowances
//! (R-S1) and the check of the add-ons on that base (R-A1); every other
//! org's lines stay as they were. [`Whole`] holds every invoice's sums at
//! one schedule of commitments; a point of a pair's curve takes the pair's
//! lines at that schedule out of the sums and puts them back at the point's
//! commitment. A point then costs term cycles x resources, not orgs, so
//! advice is linear in orgs (issue 23 #2: 1,000 orgs took 6.6 s).
//!
//! The amounts are the full pricing's: lines are rounded one by one as ever
//! (R-$1), sums and differences of rounded amounts are exact, and invoices
//! are taxed from the sums as [`Builder::totals`] taxes their lines.

use rust_decimal::Decimal;

use super::context::{Builder, Charges};
use super::fixed::{add_lines, Fixed, Sums};
use super::licenses::AllowanceBasis;
use crate::calendar::{step_at, Phase};
use crate::contract::Commitments;
use crate::error::{Error, Result};
use crate::measure::Measured;
use crate::scenario::{Category, Model, ResourceKind};

/// A pooled resource of one term cycle (SMS has no allowance, R-S3): what
/// was used, and the allowance every billed license gives at the schedule.
#[derive(Debug, Clone)]
struct Pool {
    kind: ResourceKind,
    used: Decimal,
    allowance: Decimal,
}

/// Every invoice's sums, per category, of one measured usage priced at one
/// schedule of commitments, kept so that one pair's commitment can be
/// repriced alone (see the module).
#[derive(Debug, Clone)]
pub struct Whole {
    /// The model priced.
    model: Model,
    /// The schedule the sums are at.
    commit: Commitments,
    /// Per invoice position (one more than the cycles).
    sums: Vec<Sums>,
    /// Per cycle position: its pooled resources (none outside the term).
    pools: Vec<Vec<Pool>>,
}

impl Whole {
    /// The schedule the sums are at.
    pub fn commitments(&self) -> &Commitments {
        &self.commit
    }

    /// The model the sums were priced under.
    pub fn model(&self) -> Model {
        self.model
    }
}

/// What one pair bills in one term cycle at one commitment.
struct PairLines {
    /// Its license line (overage or hours), in arrears.
    license: Decimal,
    /// Its prepay line.
    prepay: Decimal,
    /// What it adds to the pooled allowances (R-S1).
    basis: Option<AllowanceBasis>,
}

/// `a - b`, or an overflow error.
fn sub(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_sub(b)
        .ok_or_else(|| Error::overflow("invoice subtotal"))
}

/// Adds `new - old` to a slot.
fn shift(slot: Option<&mut Decimal>, old: Decimal, new: Decimal) -> Result<()> {
    if old == new {
        return Ok(());
    }
    if let Some(slot) = slot {
        *slot = crate::money::add(sub(*slot, old)?, new, "invoice subtotal")?;
    }
    Ok(())
}

/// The amounts of some lines.
fn amount(ch: &Charges) -> Result<Decimal> {
    crate::money::checked_sum(
        ch.advance.iter().chain(&ch.arrears).map(|l| &l.amount),
        "invoice subtotal",
    )
}

impl Builder<'_> {
    /// Every charge of `m` at this builder's commitments, summed per
    /// invoice: `fixed` (priced from the same `m`) and the term cycles'
    /// licenses, add-ons and resources, with each term cycle's pooled
    /// allowances kept for [`Builder::total_one`].
    pub fn whole(&self, fixed: &Fixed, m: &Measured) -> Result<Whole> {
        let n = self.cycles.len();
        if fixed.model() != self.model || fixed.sums().len() != n + 1 {
            return Err(Error::invalid(
                "model",
                "charges priced under another model",
            ));
        }
        let mut sums = fixed.sums().to_vec();
        let mut pools = vec![Vec::new(); n];
        let annual = self.annual();
        for (k, c) in self.cycles.iter().enumerate() {
            if c.phase != Phase::Term {
                continue;
            }
            let u = m
                .cycles
                .get(k)
                .ok_or_else(|| Error::invalid("cycles", "a cycle not measured"))?;
            let mut ch = Charges::default();
            let mut rows = Vec::new();
            let basis = self.licenses(c, u, &mut ch, &mut rows)?;
            self.addons(c, u, &mut ch, &mut rows)?;
            self.resources(c, u, &basis, &mut ch)?;
            let mut prepay = self.license_prepay(c, u, annual)?;
            prepay.extend(self.addon_prepay(c)?);
            if let Some(row) = sums.get_mut(k) {
                add_lines(row, &ch.advance)?;
            }
            if let Some(row) = sums.get_mut(k + 1) {
                add_lines(row, &ch.arrears)?;
            }
            if let Some(row) = sums.get_mut(self.prepay_invoice(k)) {
                add_lines(row, &prepay)?;
            }
            for (&kind, &used) in &u.resources {
                if kind == ResourceKind::Sms {
                    continue;
                }
                let mut allowance = Decimal::ZERO;
                for b in &basis {
                    allowance =
                        crate::money::add(allowance, self.allowance_of(kind, b)?, "allowance")?;
                }
                if let Some(p) = pools.get_mut(k) {
                    p.push(Pool {
                        kind,
                        used,
                        allowance,
                    });
                }
            }
        }
        Ok(Whole {
            model: self.model,
            commit: self.commit.clone(),
            sums,
            pools,
        })
    }

    /// What (org, p) bills in term cycle `k` at `q` committed, the add-ons
    /// on it checked against it (R-A1).
    fn pair_lines(
        &self,
        k: usize,
        m: &Measured,
        org: u16,
        p: u16,
        q: Decimal,
    ) -> Result<PairLines> {
        let (Some(c), Some(u)) = (self.cycles.get(k), m.cycles.get(k)) else {
            return Err(Error::invalid("cycles", "a cycle not measured"));
        };
        for (i, a) in self.s.contract.addons.iter().enumerate() {
            if self.addon_org(a) == org && self.addon_base(a) == p {
                self.addon_within_base(c, u, i, q)?;
            }
        }
        let mut ch = Charges::default();
        let basis = self.license_line(c, u, org, p, q, &mut ch, &mut Vec::new())?;
        let prepay = self
            .license_prepay_line(c, u, org, p, q, self.annual())?
            .map_or(Decimal::ZERO, |l| l.amount);
        Ok(PairLines {
            license: amount(&ch)?,
            prepay,
            basis,
        })
    }

    /// A pooled resource's overage amount in term cycle `k` at `allowance`.
    fn pool_amount(&self, k: usize, pool: &Pool, allowance: Decimal) -> Result<Decimal> {
        let Some(c) = self.cycles.get(k) else {
            return Err(Error::invalid("cycles", "a cycle not measured"));
        };
        let mut ch = Charges::default();
        self.resource_line(c, pool.kind, pool.used, allowance, &[], &mut ch)?;
        amount(&ch)
    }

    /// Moves (org, p) in `sums` and `pools` from this builder's schedule
    /// (that of the whole) to `steps`, term cycle by term cycle.
    fn swap(
        &self,
        sums: &mut [Sums],
        pools: &mut [Vec<Pool>],
        m: &Measured,
        org: u16,
        p: u16,
        steps: &[(u32, Decimal)],
    ) -> Result<()> {
        let license = Category::License as usize;
        let resource = Category::Resource as usize;
        for (k, c) in self.cycles.iter().enumerate() {
            if c.phase != Phase::Term {
                continue;
            }
            let (was, now) = (
                self.commit.product(org, p, c.index),
                step_at(steps, c.index),
            );
            if was == now {
                continue;
            }
            let old = self.pair_lines(k, m, org, p, was)?;
            let new = self.pair_lines(k, m, org, p, now)?;
            shift(
                sums.get_mut(k + 1).and_then(|r| r.get_mut(license)),
                old.license,
                new.license,
            )?;
            shift(
                sums.get_mut(self.prepay_invoice(k))
                    .and_then(|r| r.get_mut(license)),
                old.prepay,
                new.prepay,
            )?;
            for pool in pools.get_mut(k).map_or(&mut [][..], |v| v.as_mut_slice()) {
                let part = |b: &Option<AllowanceBasis>| {
                    b.as_ref()
                        .map_or(Ok(Decimal::ZERO), |b| self.allowance_of(pool.kind, b))
                };
                let allowance = crate::money::add(
                    sub(pool.allowance, part(&old.basis)?)?,
                    part(&new.basis)?,
                    "allowance",
                )?;
                if allowance == pool.allowance {
                    continue;
                }
                shift(
                    sums.get_mut(k + 1).and_then(|r| r.get_mut(resource)),
                    self.pool_amount(k, pool, pool.allowance)?,
                    self.pool_amount(k, pool, allowance)?,
                )?;
                pool.allowance = allowance;
            }
        }
        Ok(())
    }

    /// This builder with `commit` for commitments.
    fn at<'w>(&'w self, commit: &'w Commitments) -> Builder<'w> {
        Builder {
            s: self.s,
            cat: self.cat,
            cycles: self.cycles,
            cur: self.cur,
            commit,
            model: self.model,
            quiet: self.quiet,
        }
    }

    /// The contract total with tax of `m` with (org, p) committed to
    /// `steps` and every other commitment as in `whole` (whatever this
    /// builder's commitments). An error is the caller's to report by
    /// pricing the point in full.
    pub fn total_one(
        &self,
        whole: &Whole,
        m: &Measured,
        org: u16,
        p: u16,
        steps: &[(u32, Decimal)],
    ) -> Result<Decimal> {
        if whole.model != self.model {
            return Err(Error::invalid(
                "model",
                "charges priced under another model",
            ));
        }
        let mut sums = whole.sums.clone();
        let mut pools = whole.pools.clone();
        self.at(&whole.commit)
            .swap(&mut sums, &mut pools, m, org, p, steps)?;
        let mut total = Decimal::ZERO;
        for row in &sums {
            total = crate::money::add(total, self.invoice_total(row)?, "totals.total")?;
        }
        if total.is_zero() {
            // 5.00 - 5.00 may keep a sign: a zero total is written "0.00".
            total = Decimal::ZERO;
        }
        total.rescale(self.cur.minor_units);
        Ok(total)
    }
}

impl Whole {
    /// Moves (org, p) to `steps` for good (`b` gives all but the
    /// commitments): the next pair's curve is priced with this one's
    /// commitment in place (another model's best, R-O3). Unchanged on an
    /// error.
    pub fn set(
        &mut self,
        b: &Builder<'_>,
        m: &Measured,
        org: u16,
        p: u16,
        steps: Vec<(u32, Decimal)>,
    ) -> Result<()> {
        if self.model != b.model {
            return Err(Error::invalid(
                "model",
                "charges priced under another model",
            ));
        }
        let mut sums = self.sums.clone();
        let mut pools = self.pools.clone();
        b.at(&self.commit)
            .swap(&mut sums, &mut pools, m, org, p, &steps)?;
        self.sums = sums;
        self.pools = pools;
        self.commit.set_schedule(org, p, steps);
        Ok(())
    }
}
