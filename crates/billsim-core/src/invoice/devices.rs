//! Devices: monthly charges in advance in every phase, hardware once on
//! the first invoice on or after its ship date (R-D1, R-M8).

use rust_decimal::Decimal;

use super::context::{Builder, Charges, LineSpec};
use super::one_time::Dated;
use crate::calendar::Cycle;
use crate::error::Result;
use crate::explain;
use crate::result::{LineKind, Period, Timing};
use crate::scenario::Category;

impl Builder<'_> {
    /// The monthly device lines of cycle `c`, in advance.
    pub(super) fn device_monthly(&self, c: &Cycle, ch: &mut Charges) -> Result<()> {
        for (i, d) in self.s.contract.devices.iter().enumerate() {
            if let Some(rate) = d.monthly {
                ch.advance.extend(self.line(LineSpec {
                    kind: LineKind::DeviceMonthly,
                    category: Category::Device,
                    org: None,
                    product: None,
                    description: d.name.clone(),
                    quantity: Decimal::from(d.quantity),
                    unit_price: rate,
                    at: &|| format!("contract.devices[{i}].monthly"),
                    period: Self::period(c),
                    timing: Timing::InAdvance,
                    explanation:
                        self.says(|| explain::device_monthly(c, d.quantity, &d.name, rate)),
                })?);
            }
        }
        Ok(())
    }

    /// Hardware, dated by its ship date (the first cycle's start by default).
    pub(super) fn device_hardware(&self, out: &mut Vec<Dated>) -> Result<()> {
        for (i, d) in self.s.contract.devices.iter().enumerate() {
            let Some(rate) = d.one_time else { continue };
            let ship = d.ship_date.unwrap_or(self.first_day());
            let line = self.line(LineSpec {
                kind: LineKind::DeviceOneTime,
                category: Category::Device,
                org: None,
                product: None,
                description: d.name.clone(),
                quantity: Decimal::from(d.quantity),
                unit_price: rate,
                at: &|| format!("contract.devices[{i}].one_time"),
                period: Period {
                    start: ship,
                    end: ship,
                },
                timing: Timing::OneTime,
                explanation: self
                    .says(|| explain::device_hardware(d.quantity, &d.name, rate, ship)),
            })?;
            out.extend(line.map(|line| Dated {
                date: ship,
                path: format!("contract.devices[{i}].ship_date"),
                line,
            }));
        }
        Ok(())
    }
}
