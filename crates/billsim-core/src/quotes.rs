//! Two quotes side by side: the results of two scenarios compared invoice
//! by invoice and category by category, with the difference (B minus A).
//! Amounts are the results' own, already rounded; differences are exact.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::result::SimResult;
use crate::scenario::Category;

/// One amount in both quotes and how B differs from A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pair {
    /// Quote A's amount (none when A has no such invoice).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub a: Option<Decimal>,
    /// Quote B's amount.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub b: Option<Decimal>,
    /// B minus A, a missing side counting as zero; none when the
    /// currencies differ (amounts in two currencies do not subtract).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub difference: Option<Decimal>,
}

/// The n-th invoice of each quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRow {
    /// 1, 2, ...: invoices are matched by their number, as a customer
    /// reads two offers month by month even when their dates differ.
    pub number: u32,
    /// Quote A's invoice date.
    pub date_a: Option<NaiveDate>,
    /// Quote B's invoice date.
    pub date_b: Option<NaiveDate>,
    /// The invoices' totals (with tax).
    pub total: Pair,
}

/// One invoice section over the whole contract, before tax.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryRow {
    /// The section.
    pub category: Category,
    /// Its sums.
    pub amount: Pair,
}

/// Two quotes compared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteDiff {
    /// Quote A's currency.
    pub currency_a: String,
    /// Quote B's currency.
    pub currency_b: String,
    /// Per invoice number, as many rows as the longer quote has invoices.
    pub invoices: Vec<InvoiceRow>,
    /// Per category with an amount in either quote, in invoice order.
    pub categories: Vec<CategoryRow>,
    /// The contracts' tax.
    pub tax: Pair,
    /// The contracts' totals.
    pub total: Pair,
}

fn pair(a: Option<Decimal>, b: Option<Decimal>, same: bool, what: &str) -> Result<Pair> {
    let difference = if same {
        let d = b
            .unwrap_or_default()
            .checked_sub(a.unwrap_or_default())
            .ok_or_else(|| Error::overflow(what.to_owned()))?;
        Some(d)
    } else {
        None
    };
    Ok(Pair { a, b, difference })
}

fn category_sum(r: &SimResult, c: Category) -> Result<Decimal> {
    let amounts = r
        .invoices
        .iter()
        .flat_map(|i| &i.lines)
        .filter(|l| l.category == c)
        .map(|l| &l.amount);
    crate::money::checked_sum(amounts, c.as_str())
}

/// Compares quote A with quote B.
pub fn diff(a: &SimResult, b: &SimResult) -> Result<QuoteDiff> {
    let same = a.currency == b.currency;
    let n = a.invoices.len().max(b.invoices.len());
    let mut invoices = Vec::with_capacity(n);
    for k in 0..n {
        let (ia, ib) = (a.invoices.get(k), b.invoices.get(k));
        let number = u32::try_from(k + 1).map_err(|_| Error::overflow("invoice number"))?;
        invoices.push(InvoiceRow {
            number,
            date_a: ia.map(|i| i.date),
            date_b: ib.map(|i| i.date),
            total: pair(
                ia.map(|i| i.total),
                ib.map(|i| i.total),
                same,
                "invoice total",
            )?,
        });
    }
    let mut categories = Vec::new();
    for c in Category::ALL {
        let (sa, sb) = (category_sum(a, c)?, category_sum(b, c)?);
        if sa.is_zero() && sb.is_zero() {
            continue;
        }
        categories.push(CategoryRow {
            category: c,
            amount: pair(Some(sa), Some(sb), same, c.as_str())?,
        });
    }
    Ok(QuoteDiff {
        currency_a: a.currency.clone(),
        currency_b: b.currency.clone(),
        invoices,
        categories,
        tax: pair(Some(a.totals.tax), Some(b.totals.tax), same, "tax")?,
        total: pair(Some(a.totals.total), Some(b.totals.total), same, "total")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{simulate_json, Options};

    fn quote(committed: &str, extra_cycles: u32) -> SimResult {
        let text = format!(
            r#"{{"billsim": 1, "currency": "USD",
            "contract": {{"activation": "2026-10-21", "model": "named", "term_cycles": {},
              "products": {{"cx2": {{"tier": 2, "prepay": "100.00", "overage": "120.00"}}}},
              "commitments": [{{"product": "cx2", "from_cycle": 0, "quantity": "{committed}"}}],
              "devices": [{{"name": "Headset", "quantity": 2, "one_time": "50.00"}}],
              "taxes": [{{"name": "Sales tax", "rate": "0.10", "applies_to": ["license"]}}]}},
            "usage": {{"quantities": [{{"cycle": 0, "product": "cx2", "quantity": "12"}}]}}}}"#,
            1 + extra_cycles
        );
        simulate_json(&text, &Options::default()).expect("a valid quote")
    }

    #[test]
    fn two_quotes_differ_by_invoice_and_category_worked_by_hand() {
        // A: commit 10 for 1 cycle. Invoice 1: prepay 10 x 100 = 1000 + 100 tax,
        // headsets 2 x 50 = 100 -> 1200. Invoice 2: overage 2 x 120 = 240 + 24 tax -> 264.
        // B: commit 12 for 2 cycles. Invoice 1: 1200 + 120 + 100 = 1420; invoice 2:
        // cycle 1 prepay 1200 + 120 = 1320 (no overage: 12 used, 12 committed);
        // invoice 3: nothing in arrears of cycle 1 (no usage) -> no invoice.
        let (a, b) = (quote("10", 0), quote("12", 1));
        let d = diff(&a, &b).unwrap();
        let dec = |s: &str| Some(s.parse::<Decimal>().unwrap());
        assert_eq!(d.invoices.len(), 2);
        assert_eq!(d.invoices[0].total.a, dec("1200.00"));
        assert_eq!(d.invoices[0].total.b, dec("1420.00"));
        assert_eq!(d.invoices[0].total.difference, dec("220.00"));
        assert_eq!(d.invoices[1].total.a, dec("264.00"));
        assert_eq!(d.invoices[1].total.b, dec("1320.00"));
        let license = &d.categories[0];
        assert_eq!(license.category, Category::License);
        assert_eq!(license.amount.a, dec("1240.00"));
        assert_eq!(license.amount.b, dec("2400.00"));
        assert_eq!(license.amount.difference, dec("1160.00"));
        let device = &d.categories[1];
        assert_eq!(
            (device.category, device.amount.difference),
            (Category::Device, dec("0.00"))
        );
        assert_eq!(d.tax.difference, dec("116.00"));
        assert_eq!(d.total.a, dec("1464.00"));
        assert_eq!(d.total.b, dec("2740.00"));
        assert_eq!(d.total.difference, dec("1276.00"));
    }

    #[test]
    fn a_missing_invoice_counts_as_zero_and_other_currencies_do_not_subtract() {
        let (a, mut b) = (quote("12", 1), quote("10", 0));
        b.invoices.truncate(1);
        let d = diff(&a, &b).unwrap();
        let last = &d.invoices[1];
        assert_eq!((last.date_b, last.total.b), (None, None));
        assert_eq!(last.total.difference, Some("-1320.00".parse().unwrap()));
        let mut eur = b.clone();
        eur.currency = "EUR".into();
        let d = diff(&a, &eur).unwrap();
        assert!(d.invoices.iter().all(|r| r.total.difference.is_none()));
        assert_eq!(d.total.difference, None);
    }
}
