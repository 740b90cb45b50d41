//! The vendor API's invoice lines JSON (R-R1): a list, or an object with
//! `entities`, of `{ product: { sku, name, unitOfMeasure }, description,
//! dateStart, dateEnd, organization, quantity, unitOfMeasure, amount }`.

use rust_decimal::Decimal;

use super::cells::{api_day, derived_rate};
use super::json::{Cursor, Item, Json};
use crate::error::Result;
use crate::reconcile::vendor::{FileKind, RowKind, VendorBill, VendorLine};
use crate::result::Period;

/// Reads the list here, each item a line whose path is `key[i]`
/// (`entities[3]`, or `[3]` for a list at the top level).
pub(super) fn items(
    cur: &mut Cursor<'_>,
    name: &str,
    key: &str,
    currency: &str,
    out: &mut VendorBill,
) -> Result<()> {
    cur.array(|cur, i| {
        // One item is built at a time: a long list is never held as a tree.
        let v = cur.value()?;
        let item = Item::new(&v, name, format!("{key}[{i}]"), "an invoice line")?;
        out.lines.push(line(&item, name, currency)?);
        Ok(())
    })
}

fn line(item: &Item<'_, '_>, name: &str, currency: &str) -> Result<VendorLine> {
    let product = item.object("product", "the product")?;
    let product_text = |key| match &product {
        Some(p) => p.text(key),
        None => Ok(None),
    };
    let description = match item.text("description")? {
        Some(d) => d,
        None => product_text("name")?.ok_or_else(|| {
            item.error(
                "description",
                "missing, and no product.name either: give the charge's name as the invoice prints it",
            )
        })?,
    };
    let sku = match product_text("sku")? {
        Some(s) => Some(s),
        None => item.text("sku")?,
    };
    let org = match item.object_or_text("organization")? {
        Some(OrgField::Text(t)) => Some(t),
        Some(OrgField::Object(o)) => match o.text("id")? {
            Some(id) => Some(id),
            None => o.text("name")?,
        },
        None => None,
    };
    if let Some(c) = item.text("currency")? {
        if !super::money_text::is_currency(&c, currency) {
            return Err(item.error("currency", super::money_text::other_currency(&c, currency)));
        }
    }
    let quantity = item.decimal("quantity")?.map_or(Decimal::ONE, |f| f.value);
    let amount = item
        .decimal("amount")?
        .ok_or_else(|| item.error("amount", "missing: give the line's amount"))?
        .value;
    let printed = match item.decimal("unitPrice")? {
        Some(f) => Some(f),
        None => item.decimal("rate")?,
    };
    let (rate, rate_decimals) = match printed {
        Some(f) => (f.value, Some(f.decimals)),
        None => (
            derived_rate(amount, quantity)
                .ok_or_else(|| item.error("amount", "too large to divide by the quantity"))?,
            None,
        ),
    };
    let day = |key: &str, end: bool| -> Result<Option<chrono::NaiveDate>> {
        item.text(key)?
            .map(|t| api_day(&t, end).map_err(|m| item.error(key, m)))
            .transpose()
    };
    let period = match (day("dateStart", false)?, day("dateEnd", true)?) {
        (Some(start), Some(end)) if end < start => {
            return Err(item.error(
                "dateEnd",
                format!(
                "the period ends ({end}) before it starts ({start}): check dateStart and dateEnd"
            ),
            ))
        }
        (Some(start), Some(end)) => Some(Period { start, end }),
        (None, None) => None,
        (Some(_), None) => {
            return Err(item.error(
                "dateEnd",
                "missing: a line with a dateStart needs its dateEnd",
            ))
        }
        (None, Some(_)) => {
            return Err(item.error(
                "dateStart",
                "missing: a line with a dateEnd needs its dateStart",
            ))
        }
    };
    let invoice_date = day("invoiceDate", false)?;
    if period.is_none() && invoice_date.is_none() {
        return Err(item.error_here(
            "no dateStart and dateEnd (nor invoiceDate): give the line's service period so it can be placed in a cycle",
        ));
    }
    Ok(VendorLine {
        source: format!("{name}: {}", item.path),
        file: FileKind::InvoiceLines,
        row: RowKind::Charge,
        invoice_date,
        period,
        description,
        sku,
        org,
        quantity,
        rate,
        rate_decimals,
        amount,
    })
}

/// An `organization` given as its name or id, or as an object of them.
enum OrgField<'j, 'a> {
    Text(String),
    Object(Item<'j, 'a>),
}

impl<'j, 'a> Item<'j, 'a> {
    fn object_or_text(&self, key: &str) -> Result<Option<OrgField<'j, 'a>>> {
        if let Some(o) = self.object_if_one(key)? {
            return Ok(Some(OrgField::Object(o)));
        }
        Ok(self.text(key)?.map(OrgField::Text))
    }

    fn object_if_one(&self, key: &str) -> Result<Option<Item<'j, 'a>>> {
        match self.get(key) {
            Some(Json::Obj(_)) => self.object(key, "the organization"),
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::read;
    use crate::error::Error;
    use crate::reconcile::vendor::{FileKind, VendorBill};
    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    fn lines(text: &str) -> crate::error::Result<VendorBill> {
        let mut bill = VendorBill::default();
        read("lines.json", text.as_bytes(), "USD", &mut bill)?;
        Ok(bill)
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn r_r1_invoice_lines_are_read_with_exact_numbers_and_utc_days() {
        let text = r#"{ "pageSize": 2, "entities": [
          { "product": { "sku": "PC-170-NV-USR2C", "name": "Genesys Cloud CX 2 User", "unitOfMeasure": "user" },
            "description": "Genesys Cloud CX 2 Concurrent User",
            "dateStart": "2026-03-01T00:00:00Z", "dateEnd": "2026-04-01T00:00:00.000Z",
            "organization": "Main Org", "quantity": 21, "unitOfMeasure": "user", "amount": 2898.00 },
          { "product": { "sku": "PC-1", "name": "Genesys Cloud CX 3 User" },
            "dateStart": "2026-03-01", "dateEnd": "2026-03-31",
            "organization": { "id": "org-7", "name": "Second" },
            "quantity": "3", "unitPrice": "155.000", "amount": "465.00" }
        ], "total": 2 }"#;
        let bill = lines(text).unwrap();
        assert_eq!(
            bill.files,
            [("lines.json".to_owned(), FileKind::InvoiceLines)]
        );
        let a = &bill.lines[0];
        assert_eq!(a.source, "lines.json: entities[0]");
        assert_eq!(a.description, "Genesys Cloud CX 2 Concurrent User");
        assert_eq!(a.sku.as_deref(), Some("PC-170-NV-USR2C"));
        assert_eq!(a.org.as_deref(), Some("Main Org"));
        let p = a.period.unwrap();
        assert_eq!((p.start, p.end), (day("2026-03-01"), day("2026-03-31")));
        assert_eq!(a.amount.to_string(), "2898.00");
        assert_eq!(
            (a.quantity, a.rate, a.rate_decimals),
            (Decimal::from(21), Decimal::from(138), None)
        );
        let b = &bill.lines[1];
        assert_eq!(b.description, "Genesys Cloud CX 3 User");
        assert_eq!(b.org.as_deref(), Some("org-7"));
        assert_eq!(
            (b.rate.to_string(), b.rate_decimals),
            ("155.000".to_owned(), Some(3))
        );
        assert_eq!(b.source, "lines.json: entities[1]");
    }

    #[test]
    fn r_r1_a_bare_list_is_invoice_lines_with_paths_from_the_top() {
        let text = r#"[{"description": "CX 2", "dateStart": "2026-03-01", "dateEnd": "2026-03-31",
                        "quantity": 3, "amount": 100}]"#;
        let bill = lines(text).unwrap();
        assert_eq!(bill.lines[0].source, "lines.json: [0]");
        // 100 / 3 kept to ten decimals.
        assert_eq!(bill.lines[0].rate.to_string(), "33.3333333333");
    }

    #[test]
    fn r_r1_invoice_line_errors_name_their_json_path() {
        let bad = |t: &str| match lines(t) {
            Err(Error::Json { path, message }) => (path, message),
            other => panic!("{other:?}"),
        };
        let good = r#"{"description": "CX 2", "dateStart": "2026-03-01", "dateEnd": "2026-03-31", "amount": 1}"#;
        let (path, message) = bad(&format!(
            r#"{{"entities": [{good}, {good}, {good}, {{"description": "x", "dateStart": "2026-03-01", "dateEnd": "2026-03-31", "quantity": "two", "amount": 1}}]}}"#
        ));
        assert_eq!(path, "lines.json: entities[3].quantity");
        assert!(message.contains("\"two\" is not a number"), "{message}");
        let (path, message) = bad(
            r#"[{"description": "x", "dateStart": "2026-03-01", "dateEnd": "2026-03-31", "amount": 1e3}]"#,
        );
        assert_eq!(path, "lines.json: [0].amount");
        assert!(message.contains("exponent"), "{message}");
        let (path, _) = bad(r#"[{"description": "x", "dateStart": "2026-03-01", "amount": 1}]"#);
        assert_eq!(path, "lines.json: [0].dateEnd");
        let (path, _) = bad(
            r#"[{"product": {}, "dateStart": "2026-03-01", "dateEnd": "2026-03-31", "amount": 1}]"#,
        );
        assert_eq!(path, "lines.json: [0].description");
        let (path, message) = bad(
            r#"[{"description": "x", "dateStart": "2026-03-01", "dateEnd": "2026-03-31", "amount": 1, "currency": "EUR"}]"#,
        );
        assert_eq!(path, "lines.json: [0].currency");
        assert!(message.contains("scenario's USD"), "{message}");
        let (path, _) = bad(r#"[3]"#);
        assert_eq!(path, "lines.json: [0]");
    }
}
