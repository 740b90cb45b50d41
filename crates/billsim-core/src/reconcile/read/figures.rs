//! The vendor's quantity figures (R-R1): the subscription overview
//! (`usages`) and the API's billing-period charges (`charges`). Figures
//! never enter money totals; each is one quantity per period and product.

use super::cells::api_day;
use super::json::{Cursor, Item, Json};
use super::money_text::{is_currency, other_currency};
use crate::error::{Error, Result};
use crate::reconcile::vendor::{FigureField, FileKind, VendorBill, VendorFigure};
use crate::result::Period;

/// Reads the subscription overview's `usages`: `prepayQuantity` is
/// prepaid, `usageQuantity` x `bundleQuantity` (default 1) actual and
/// `overagePrice` the overage rate. Numbers are given as strings; JSON
/// numbers are accepted too.
pub(super) fn usages(cur: &mut Cursor<'_>, name: &str, out: &mut VendorBill) -> Result<()> {
    cur.array(|cur, i| {
        let v = cur.value()?;
        let item = Item::new(&v, name, format!("usages[{i}]"), "a usage")?;
        let description = match item.text("name")? {
            Some(n) => n,
            None => item.text("partNumber")?.ok_or_else(|| {
                item.error(
                    "name",
                    "missing, and no partNumber either: give the product's name",
                )
            })?,
        };
        let sku = item.text("partNumber")?;
        let org = item.text("organization")?;
        let mut push = |key: &str, field, value| {
            out.figures.push(VendorFigure {
                source: format!("{name}: {}.{key}", item.path),
                file: FileKind::SubscriptionOverview,
                period: None,
                description: description.clone(),
                sku: sku.clone(),
                org: org.clone(),
                field,
                value,
            });
        };
        if let Some(q) = item.decimal("prepayQuantity")? {
            push("prepayQuantity", FigureField::Prepaid, q.value);
        }
        if let Some(q) = item.decimal("usageQuantity")? {
            let bundle = item
                .decimal("bundleQuantity")?
                .map_or(rust_decimal::Decimal::ONE, |b| b.value);
            let actual = q.value.checked_mul(bundle).ok_or_else(|| {
                item.error(
                    "bundleQuantity",
                    "usageQuantity x bundleQuantity is too large",
                )
            })?;
            push("usageQuantity", FigureField::Actual, actual);
        }
        if let Some(r) = item.decimal("overagePrice")? {
            push("overagePrice", FigureField::OverageRate, r.value);
        }
        Ok(())
    })
}

/// Reads the billing-period `charges`: prepaid, fair-use, actual and
/// overage quantities, the overage rate and charge (each when given).
pub(super) fn charges(
    cur: &mut Cursor<'_>,
    name: &str,
    currency: &str,
    out: &mut VendorBill,
) -> Result<()> {
    const FIELDS: [(&str, FigureField); 6] = [
        ("prepaidQuantity", FigureField::Prepaid),
        ("fairuseQuantity", FigureField::FairUse),
        ("actualQuantity", FigureField::Actual),
        ("overageQuantity", FigureField::Overage),
        ("overageRate", FigureField::OverageRate),
        ("overageCharge", FigureField::OverageCharge),
    ];
    cur.array(|cur, i| {
        let v = cur.value()?;
        let item = Item::new(&v, name, format!("charges[{i}]"), "a charge")?;
        let product = item.object("product", "the product")?;
        let (mut description, mut sku) = (None, None);
        if let Some(p) = &product {
            description = p.text("name")?;
            sku = p.text("sku")?;
        }
        let Some(description) = description.or_else(|| sku.clone()) else {
            return Err(item.error(
                "product",
                "missing, or without a name or sku: give the product",
            ));
        };
        if let Some(c) = item.text("overageCurrency")? {
            if !is_currency(&c, currency) {
                return Err(item.error("overageCurrency", other_currency(&c, currency)));
            }
        }
        let org = item.text("organization")?;
        for (key, field) in FIELDS {
            if let Some(q) = item.decimal(key)? {
                out.figures.push(VendorFigure {
                    source: format!("{name}: {}.{key}", item.path),
                    file: FileKind::BillingPeriodCharges,
                    period: None,
                    description: description.clone(),
                    sku: sku.clone(),
                    org: org.clone(),
                    field,
                    value: q.value,
                });
            }
        }
        Ok(())
    })
}

/// The period of a figures file from its `keys` (start, end) among the
/// top-level `dates`; none when neither is given (`--period` applies).
pub(super) fn period(
    name: &str,
    keys: [&str; 2],
    dates: &[(String, Json<'_>)],
) -> Result<Option<Period>> {
    let day = |key: &str, end: bool| -> Result<Option<chrono::NaiveDate>> {
        let error = |message: String| Error::Json {
            path: format!("{name}: {key}"),
            message,
        };
        match dates.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v) {
            None | Some(Json::Null) => Ok(None),
            Some(Json::Str(s)) => api_day(s.trim(), end).map(Some).map_err(error),
            Some(other) => Err(error(format!(
                "{} where a date such as \"2026-03-01\" was expected",
                other.kind()
            ))),
        }
    };
    let [s, e] = keys;
    match (day(s, false)?, day(e, true)?) {
        (Some(start), Some(end)) if end >= start => Ok(Some(Period { start, end })),
        (Some(start), Some(end)) => Err(Error::Json {
            path: format!("{name}: {e}"),
            message: format!(
                "the period ends ({end}) before it starts ({start}): check {s} and {e}"
            ),
        }),
        (None, None) => Ok(None),
        (Some(_), None) => Err(Error::Json {
            path: format!("{name}: {e}"),
            message: format!("missing: a file with {s} needs {e} too"),
        }),
        (None, Some(_)) => Err(Error::Json {
            path: format!("{name}: {s}"),
            message: format!("missing: a file with {e} needs {s} too"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::read;
    use crate::error::Error;
    use crate::reconcile::vendor::{FigureField as F, FileKind, VendorBill};
    use rust_decimal::Decimal;

    fn figures(text: &str) -> crate::error::Result<VendorBill> {
        let mut bill = VendorBill::default();
        read("f.json", text.as_bytes(), "USD", &mut bill)?;
        Ok(bill)
    }

    fn seen(bill: &VendorBill) -> Vec<(F, String, String)> {
        bill.figures
            .iter()
            .map(|f| (f.field, f.value.to_string(), f.source.clone()))
            .collect()
    }

    #[test]
    fn r_r1_subscription_overview_figures() {
        let text = r#"{ "billingPeriodStartDate": "2026-03-01T00:00:00Z",
          "usages": [
            { "name": "Genesys Cloud CX 2 User", "partNumber": "PC-170-NV-USR2C", "grouping": "licenses",
              "unitOfMeasureType": "user", "usageQuantity": "21", "overagePrice": "138.00",
              "prepayQuantity": "20", "prepayPrice": "115.00", "bundleQuantity": "1" },
            { "name": "IVR Minutes", "usageQuantity": 3.5, "bundleQuantity": "1000" }
          ],
          "billingPeriodEndDate": "2026-04-01T00:00:00Z" }"#;
        let bill = figures(text).unwrap();
        assert_eq!(bill.files[0].1, FileKind::SubscriptionOverview);
        assert_eq!(
            seen(&bill),
            [
                (
                    F::Prepaid,
                    "20".into(),
                    "f.json: usages[0].prepayQuantity".into()
                ),
                (
                    F::Actual,
                    "21".into(),
                    "f.json: usages[0].usageQuantity".into()
                ),
                (
                    F::OverageRate,
                    "138.00".into(),
                    "f.json: usages[0].overagePrice".into()
                ),
                (
                    F::Actual,
                    "3500.0".into(),
                    "f.json: usages[1].usageQuantity".into()
                ),
            ]
        );
        let p = bill.figures[0].period.unwrap();
        assert_eq!(
            (p.start.to_string(), p.end.to_string()),
            ("2026-03-01".into(), "2026-03-31".into())
        );
        assert_eq!(bill.figures[0].sku.as_deref(), Some("PC-170-NV-USR2C"));
        // Without dates the period is left to --period.
        let bill = figures(r#"{"usages": [{"name": "x", "prepayQuantity": "5"}]}"#).unwrap();
        assert_eq!(bill.figures[0].period, None);
    }

    #[test]
    fn r_r1_billing_period_charges_figures() {
        let text = r#"{ "startDate": "2026-03-01T00:00:00.000Z", "endDate": "2026-04-01T00:00:00.000Z",
          "charges": [
            { "product": { "sku": "PC-170-NV-USR2C", "name": "Genesys Cloud CX 2 User", "unitOfMeasure": "user" },
              "prepaidQuantity": 20, "fairuseQuantity": 0, "actualQuantity": 21, "overageQuantity": 1,
              "overageRate": 138.00, "overageCharge": 138.00, "overageCurrency": "USD" },
            { "product": { "name": "Storage" }, "actualQuantity": "12.5" }
          ] }"#;
        let bill = figures(text).unwrap();
        assert_eq!(bill.files[0].1, FileKind::BillingPeriodCharges);
        let fields: Vec<(F, Decimal)> = bill.figures.iter().map(|f| (f.field, f.value)).collect();
        assert_eq!(
            fields,
            [
                (F::Prepaid, Decimal::from(20)),
                (F::FairUse, Decimal::ZERO),
                (F::Actual, Decimal::from(21)),
                (F::Overage, Decimal::ONE),
                (F::OverageRate, Decimal::new(13800, 2)),
                (F::OverageCharge, Decimal::new(13800, 2)),
                (F::Actual, Decimal::new(125, 1)),
            ]
        );
        assert_eq!(
            bill.figures[4].value.scale(),
            2,
            "138.00 keeps its decimals"
        );
        assert_eq!(bill.figures[6].description, "Storage");
        assert_eq!(
            bill.figures[6].period.unwrap().end.to_string(),
            "2026-03-31"
        );
    }

    #[test]
    fn r_r1_figures_in_another_currency_or_with_bad_numbers_are_refused_at_their_path() {
        let Err(Error::Json { path, message }) = figures(
            r#"{"charges": [{"product": {"name": "x"}, "overageRate": "1", "overageCurrency": "EUR"}]}"#,
        ) else {
            panic!()
        };
        assert_eq!(path, "f.json: charges[0].overageCurrency");
        assert!(
            message.contains("another currency than the scenario's USD"),
            "{message}"
        );
        let Err(Error::Json { path, .. }) =
            figures(r#"{"usages": [{"name": "x", "prepayQuantity": "twenty"}]}"#)
        else {
            panic!()
        };
        assert_eq!(path, "f.json: usages[0].prepayQuantity");
        let Err(Error::Json { path, .. }) =
            figures(r#"{"usages": [], "billingPeriodStartDate": "2026-03-01"}"#)
        else {
            panic!()
        };
        assert_eq!(path, "f.json: billingPeriodEndDate");
        let Err(Error::Json { path, message }) = figures(r#"{"usages": [], "charges": []}"#) else {
            panic!()
        };
        assert_eq!(path, "f.json: charges");
        assert!(message.contains("a file of its own"), "{message}");
    }
}
