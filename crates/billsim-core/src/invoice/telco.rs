//! Telco: rated calls (R-T1), phone numbers (R-T2) and the short-call
//! surcharge (R-T3).

use rust_decimal::Decimal;

use super::context::{Builder, Charges, LineSpec};
use crate::calendar::Cycle;
use crate::error::{Result, Violation};
use crate::explain;
use crate::measure::CycleUsage;
use crate::result::{LineKind, TelcoRecon, Timing};
use crate::scenario::Category;

impl Builder<'_> {
    /// The telco lines of cycle `c`, and the reconciliation with the call
    /// records when there were calls.
    pub(super) fn telco(
        &self,
        c: &Cycle,
        u: &CycleUsage,
        ch: &mut Charges,
    ) -> Result<Option<TelcoRecon>> {
        let Some(t) = &self.s.contract.telco else {
            if let Some(&index) = u.calls.first() {
                return Err(Violation::CallsWithoutTelco { index }.into());
            }
            return Ok(None);
        };
        let period = Self::period(c);
        if let Some(n) = &t.numbers {
            ch.advance.extend(self.line(LineSpec {
                kind: LineKind::NumberMonthly,
                category: Category::Telco,
                org: None,
                product: None,
                description: "Phone numbers - monthly".into(),
                quantity: Decimal::from(n.count),
                unit_price: n.monthly,
                at: &|| "contract.telco.numbers.monthly".into(),
                period,
                timing: Timing::InAdvance,
                explanation: self.says(|| explain::numbers_monthly(c, n.count, n.monthly)),
            })?);
        }
        if u.calls.is_empty() {
            return Ok(None);
        }
        let rated = crate::telco::rate(t, &self.s.usage.calls, &u.calls)?;
        for ((kind, intl), row) in &rated.rows {
            let breakout = if *intl { "International" } else { "US" };
            let minutes = (Decimal::from(row.billed_seconds) / Decimal::from(60)).normalize();
            let mut line = self.line(LineSpec {
                kind: LineKind::Telco,
                category: Category::Telco,
                org: None,
                product: None,
                description: format!("{} ({breakout})", kind.label()),
                quantity: minutes,
                unit_price: row.rate,
                at: &|| crate::telco::rate_path(*kind, *intl),
                period,
                timing: Timing::InArrears,
                explanation: self.says(|| explain::calls(c, *kind, row, t.increment_seconds)),
            })?;
            if let Some(l) = &mut line {
                // The row is the sum of per-call costs, not minutes x rate (R-T1).
                l.amount = self.cur.round(row.cost);
                l.amount.rescale(self.cur.minor_units);
            }
            ch.arrears.extend(line);
        }
        if let Some(s) = &t.short_call {
            ch.arrears.extend(self.line(LineSpec {
                kind: LineKind::TelcoSurcharge,
                category: Category::Telco,
                org: None,
                product: None,
                description: "Short Duration Call Surcharge".into(),
                quantity: Decimal::from(rated.surcharged),
                unit_price: s.surcharge,
                at: &|| "contract.telco.short_call.surcharge".into(),
                period,
                timing: Timing::InArrears,
                explanation: self.says(|| explain::short_calls(&rated, s)),
            })?);
        }
        Ok(Some(TelcoRecon {
            calls: rated.rows.values().map(|r| r.calls).sum(),
            cdr_total: rated.cdr_total.normalize(),
            surcharged_calls: rated.surcharged,
        }))
    }
}
