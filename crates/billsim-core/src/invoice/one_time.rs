//! Non-recurring charges: one-time orders, device hardware and number
//! setup, each invoiced on the first invoice on or after its date (R-M8).

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::context::{Builder, LineSpec};
use crate::error::Result;
use crate::explain;
use crate::result::{Line, LineKind, Period, Timing};
use crate::scenario::Category;

/// A non-recurring line and the date it is invoiced on or after.
pub(super) struct Dated {
    /// The order or ship date.
    pub date: NaiveDate,
    /// Where the date comes from, for an error when it is past the last invoice.
    pub path: String,
    /// The line.
    pub line: Line,
}

impl Builder<'_> {
    /// The first day billed: the first cycle's start.
    pub(super) fn first_day(&self) -> NaiveDate {
        self.cycles
            .first()
            .map_or(self.s.contract.activation, |c| c.start)
    }

    /// Every non-recurring line of the contract, not yet placed.
    pub(super) fn one_time(&self) -> Result<Vec<Dated>> {
        let mut out = Vec::new();
        for (i, o) in self.s.contract.one_time.iter().enumerate() {
            let line = self.line(LineSpec {
                kind: LineKind::OneTime,
                category: Category::OneTime,
                org: None,
                product: None,
                description: o.name.clone(),
                quantity: Decimal::ONE,
                unit_price: o.amount,
                at: &|| format!("contract.one_time[{i}].amount"),
                period: Period {
                    start: o.date,
                    end: o.date,
                },
                timing: Timing::OneTime,
                explanation: self.says(|| explain::one_time(o.date)),
            })?;
            out.extend(line.map(|line| Dated {
                date: o.date,
                path: format!("contract.one_time[{i}].date"),
                line,
            }));
        }
        self.device_hardware(&mut out)?;
        let numbers = self
            .s
            .contract
            .telco
            .as_ref()
            .and_then(|t| t.numbers.as_ref());
        if let Some(n) = numbers {
            let first = self.first_day();
            let line = self.line(LineSpec {
                kind: LineKind::NumberSetup,
                category: Category::Telco,
                org: None,
                product: None,
                description: "Phone numbers - setup".into(),
                quantity: Decimal::from(n.count),
                unit_price: n.setup,
                at: &|| "contract.telco.numbers.setup".into(),
                period: Period {
                    start: first,
                    end: first,
                },
                timing: Timing::OneTime,
                explanation: self.says(|| explain::numbers_setup(n.count, n.setup)),
            })?;
            out.extend(line.map(|line| Dated {
                date: first,
                path: "contract.telco.numbers".to_owned(),
                line,
            }));
        }
        Ok(out)
    }
}
