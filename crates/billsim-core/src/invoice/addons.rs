//! Add-ons: billed like their base licenses, and never for more users than
//! the base bills (R-A1).

use rust_decimal::Decimal;

use super::context::{Builder, Charges, LineSpec};
use crate::calendar::{Cycle, Phase};
use crate::error::{Result, Violation};
use crate::explain;
use crate::measure::CycleUsage;
use crate::result::{Line, LineKind, Timing, UsageRow};
use crate::scenario::{Addon, Category};

impl Builder<'_> {
    /// The org an add-on is bought for (the first when it names none).
    pub(super) fn addon_org(&self, a: &Addon) -> u16 {
        a.org.as_deref().and_then(|o| self.cat.org(o)).unwrap_or(0)
    }

    /// The base product an add-on is billed like (the first when unknown).
    pub(super) fn addon_base(&self, a: &Addon) -> u16 {
        self.cat.product(&a.base).unwrap_or(0)
    }

    /// Refuses add-on `i` billed for more users in cycle `c` than its base
    /// bills with `base_committed` committed (R-A1): the one check of an
    /// add-on a base's commitment changes, so one org's curve repeats it.
    pub(super) fn addon_within_base(
        &self,
        c: &Cycle,
        u: &CycleUsage,
        i: usize,
        base_committed: Decimal,
    ) -> Result<()> {
        let Some(a) = self.s.contract.addons.get(i) else {
            return Ok(());
        };
        let org = self.addon_org(a);
        let actual = u.addons.get(&(org, i)).copied().unwrap_or_default();
        let committed = if c.phase == Phase::Term {
            self.commit.addon(i, c.index)
        } else {
            Decimal::ZERO
        };
        if actual.is_zero() && committed.is_zero() {
            return Ok(());
        }
        let base = self.addon_base(a);
        let base_actual = u.licenses.get(&(org, base)).copied().unwrap_or_default();
        let base_billed = base_committed.max(base_actual);
        let addon_billed = committed.max(actual);
        if addon_billed > base_billed {
            return Err(Violation::AddonAboveBase {
                index: i,
                addon: a.id.clone(),
                base: a.base.clone(),
                cycle: c.index,
                period: explain::cycle(c),
                addon_billed,
                base_billed,
            }
            .into());
        }
        Ok(())
    }

    /// The in-arrears add-on lines of cycle `c`, and their usage rows.
    pub(super) fn addons(
        &self,
        c: &Cycle,
        u: &CycleUsage,
        ch: &mut Charges,
        rows: &mut Vec<UsageRow>,
    ) -> Result<()> {
        for (i, a) in self.s.contract.addons.iter().enumerate() {
            let org = self.addon_org(a);
            let actual = u.addons.get(&(org, i)).copied().unwrap_or_default();
            let committed = if c.phase == Phase::Term {
                self.commit.addon(i, c.index)
            } else {
                Decimal::ZERO
            };
            if actual.is_zero() && committed.is_zero() {
                continue;
            }
            let base = self.addon_base(a);
            self.addon_within_base(c, u, i, self.committed(c, org, base))?;
            // A quiet pricing wants the amounts only, not the summary rows.
            if !self.quiet {
                rows.push(UsageRow {
                    org: self.org_id(org),
                    product: a.id.clone(),
                    actual: actual.normalize(),
                    committed: committed.normalize(),
                    billed: self.billed(c, committed, actual).normalize(),
                });
            }
            let (kind, quantity, unit_price, field) = match c.phase {
                Phase::Term => {
                    let over = (actual - committed).max(Decimal::ZERO);
                    (LineKind::AddonOverage, over, a.overage, "overage")
                }
                Phase::Ramp if self.ramp_waived() => continue,
                Phase::Ramp => (LineKind::Actual, actual, a.prepay, "prepay"),
                Phase::AfterTerm => (LineKind::Actual, actual, a.overage, "overage"),
            };
            ch.arrears.extend(self.line(LineSpec {
                kind,
                category: Category::License,
                org: Some(org),
                product: Some(&a.id),
                description: self.says(|| a.name.clone().unwrap_or_else(|| a.id.clone())),
                quantity,
                unit_price,
                at: &|| format!("contract.addons[{i}].{field}"),
                period: Self::period(c),
                timing: Timing::InArrears,
                explanation: self.says(|| explain::addon(c, &a.id, actual, committed, unit_price)),
            })?);
        }
        Ok(())
    }

    /// The add-on prepay lines of cycle `c` (R-A1, R-M3).
    pub(super) fn addon_prepay(&self, c: &Cycle) -> Result<Vec<Line>> {
        let mut out = Vec::new();
        for (i, a) in self.s.contract.addons.iter().enumerate() {
            let committed = self.commit.addon(i, c.index);
            out.extend(self.line(LineSpec {
                kind: LineKind::AddonPrepay,
                category: Category::License,
                org: Some(self.addon_org(a)),
                product: Some(&a.id),
                description:
                    self.says(|| format!("{} - Prepay", a.name.as_deref().unwrap_or(&a.id))),
                quantity: committed,
                unit_price: a.prepay,
                at: &|| format!("contract.addons[{i}].prepay"),
                period: Self::period(c),
                timing: Timing::InAdvance,
                explanation: self.says(|| explain::addon_prepay(c, &a.id, committed, a.prepay)),
            })?);
        }
        Ok(out)
    }
}
