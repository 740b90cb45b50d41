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
            let rate = self
                .s
                .contract
                .resources
                .get(&kind)
                .map_or(STORAGE_RATE, |r| r.rate);
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
                let id = &self.cat.products[b.product as usize];
                let prod = &self.s.contract.products[id];
                let per = resources::per_unit(kind, prod, self.model);
                let at = || format!("contract.products.{id}.allowances.{}", kind.as_str());
                let add = b
                    .quantity
                    .checked_mul(per)
                    .ok_or_else(|| Error::overflow(at()))?;
                allowance = allowance
                    .checked_add(add)
                    .ok_or_else(|| Error::overflow(at()))?;
                // The parts only explain; a quiet pricing names no product.
                if !self.quiet {
                    parts.push(explain::AllowancePart {
                        quantity: b.quantity,
                        hours: self.model == Model::Hourly,
                        product: self.product_name(b.product),
                        per_unit: per,
                    });
                }
            }
            let over = (used - allowance).max(Decimal::ZERO);
            rows.push(ResourceRow {
                resource: kind,
                used: used.normalize(),
                allowance: allowance.normalize(),
                overage: over.normalize(),
            });
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
                        &parts,
                        over.normalize(),
                        rate,
                    )
                }),
            })?);
        }
        Ok(rows)
    }
}
