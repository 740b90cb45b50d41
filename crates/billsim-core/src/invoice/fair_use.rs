//! Fair-use resources: pooled allowances from billed licenses, overage in
//! arrears (R-S1, R-S2), and SMS billed per message (R-S3), in the ramp too.

use rust_decimal::Decimal;

use super::context::{Builder, Charges, LineSpec};
use super::licenses::AllowanceBasis;
use crate::calendar::Cycle;
use crate::error::{Error, Result};
use crate::explain;
use crate::measure::CycleUsage;
use crate::resources;
use crate::result::{LineKind, ResourceRow, Timing};
use crate::scenario::{Category, Model, ResourceKind};

/// Storage's default rate per GB (R-S2); validation requires the others.
const STORAGE_RATE: Decimal = Decimal::from_parts(25, 0, 0, false, 2);

/// Where a resource's rate is written (storage's default included).
fn rate_path(kind: ResourceKind) -> String {
    format!("contract.resources.{}.rate", kind.as_str())
}

impl Builder<'_> {
    /// The resource lines of cycle `c` and their summary rows.
    pub(super) fn resources(
        &self,
        c: &Cycle,
        u: &CycleUsage,
        basis: &[AllowanceBasis],
        ch: &mut Charges,
    ) -> Result<Vec<ResourceRow>> {
        let mut rows = Vec::new();
        let period = Self::period(c);
        for (&kind, &used) in &u.resources {
            let rate = self.resource_rate(kind);
            if kind == ResourceKind::Sms {
                rows.push(ResourceRow {
                    resource: kind,
                    used: used.normalize(),
                    allowance: Decimal::ZERO,
                    overage: used.normalize(),
                });
                ch.arrears.extend(self.line(LineSpec {
                    kind: LineKind::Sms,
                    category: Category::Resource,
                    org: None,
                    product: None,
                    description: kind.label().into(),
                    quantity: used,
                    unit_price: rate,
                    at: &|| rate_path(kind),
                    period,
                    timing: Timing::InArrears,
                    explanation: self.says(|| explain::sms(c, used, rate)),
                })?);
                continue;
            }
            let mut allowance = Decimal::ZERO;
            let mut parts = Vec::new();
            for b in basis {
                let add = self.allowance_of(kind, b)?;
                allowance = allowance
                    .checked_add(add)
                    .ok_or_else(|| Error::overflow(self.allowance_path(kind, b)))?;
                // The parts only explain; a quiet pricing names no product.
                if !self.quiet {
                    parts.push(explain::AllowancePart {
                        quantity: b.quantity,
                        hours: self.model == Model::Hourly,
                        product: self.product_name(b.product),
                        per_unit: self.per_unit(kind, b.product),
                    });
                }
            }
            rows.push(self.resource_line(c, kind, used, allowance, &parts, ch)?);
        }
        Ok(rows)
    }

    /// What one product's billed quantity adds to `kind`'s pooled allowance.
    pub(super) fn allowance_of(&self, kind: ResourceKind, b: &AllowanceBasis) -> Result<Decimal> {
        b.quantity
            .checked_mul(self.per_unit(kind, b.product))
            .ok_or_else(|| Error::overflow(self.allowance_path(kind, b)))
    }

    fn per_unit(&self, kind: ResourceKind, p: u16) -> Decimal {
        let id = &self.cat.products[p as usize];
        resources::per_unit(kind, &self.s.contract.products[id], self.model)
    }

    fn allowance_path(&self, kind: ResourceKind, b: &AllowanceBasis) -> String {
        let id = &self.cat.products[b.product as usize];
        format!("contract.products.{id}.allowances.{}", kind.as_str())
    }

    /// The overage line of a pooled resource (not SMS) used `used` against
    /// `allowance` in cycle `c`, and its summary row.
    pub(super) fn resource_line(
        &self,
        c: &Cycle,
        kind: ResourceKind,
        used: Decimal,
        allowance: Decimal,
        parts: &[explain::AllowancePart],
        ch: &mut Charges,
    ) -> Result<ResourceRow> {
        let period = Self::period(c);
        let rate = self.resource_rate(kind);
        let over = (used - allowance).max(Decimal::ZERO);
        let row = ResourceRow {
            resource: kind,
            used: used.normalize(),
            allowance: allowance.normalize(),
            overage: over.normalize(),
        };
        ch.arrears.extend(self.line(LineSpec {
            kind: LineKind::Resource,
            category: Category::Resource,
            org: None,
            product: None,
            description: self.says(|| format!("{} overage", kind.label())),
            quantity: over,
            unit_price: rate,
            at: &|| rate_path(kind),
            period,
            timing: Timing::InArrears,
            explanation: self.says(|| {
                explain::resource(
                    c,
                    kind.label(),
                    used.normalize(),
                    allowance.normalize(),
                    parts,
                    over.normalize(),
                    rate,
                )
            }),
        })?);
        Ok(row)
    }

    /// A resource's rate (storage's default included, R-S2).
    pub(super) fn resource_rate(&self, kind: ResourceKind) -> Decimal {
        self.s
            .contract
            .resources
            .get(&kind)
            .map_or(STORAGE_RATE, |r| r.rate)
    }
}
