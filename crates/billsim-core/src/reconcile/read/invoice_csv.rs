//! The vendor's invoice as a CSV, typed or exported from the invoice
//! (R-R1): a header row, columns in any order, money as people print it.
//! Every bad cell is listed with its line and column.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::cells::{clip, clip_str, csv_error, date_text, derived_rate};
use super::money_text::{amount, is_currency, number, other_currency};
use crate::csv::cells::{shown, text, utf8, Problems};
use crate::csv::records::Records;
use crate::error::Result;
use crate::reconcile::vendor::{FileKind, RowKind, VendorBill, VendorLine};
use crate::result::Period;

/// Where each column is (0-based), by its normalised header name.
struct Columns {
    invoice_date: Option<usize>,
    service_period: Option<usize>,
    period_start: Option<usize>,
    period_end: Option<usize>,
    description: usize,
    quantity: Option<usize>,
    rate: Option<usize>,
    amount: usize,
    sku: Option<usize>,
    org: Option<usize>,
    currency: Option<usize>,
    kind: Option<usize>,
}

/// Reads the rows after the header into `out.lines`; `header` is as
/// written (for messages), `names` normalised.
pub(super) fn read<R: std::io::Read>(
    name: &str,
    rdr: Records<R>,
    header: &[Vec<u8>],
    names: &[String],
    currency: &str,
    out: &mut VendorBill,
) -> Result<()> {
    let find = |alts: &[&str]| alts.iter().find_map(|a| names.iter().position(|n| n == a));
    // Detection saw both; `find` cannot miss them.
    let (Some(description), Some(amount_col)) = (find(&["description"]), find(&["amount"])) else {
        return Err(csv_error(
            name,
            1,
            "the header needs description and amount".into(),
        ));
    };
    let c = Columns {
        // `date`: the app's own "Invoices CSV" is a vendor bill too.
        invoice_date: find(&["invoice_date", "date"]),
        service_period: find(&["service_period"]),
        period_start: find(&["period_start"]),
        period_end: find(&["period_end"]),
        description,
        quantity: find(&["quantity", "qty"]),
        rate: find(&["rate", "unit_price"]),
        amount: amount_col,
        sku: find(&["sku"]),
        org: find(&["org"]),
        currency: find(&["currency"]),
        kind: find(&["kind"]),
    };
    if c.period_start.is_some() != c.period_end.is_some() {
        return Err(csv_error(
            name,
            1,
            "a period_start column needs a period_end column (or give one service_period column, as \"2026-10-21 - 2026-11-20\")".into(),
        ));
    }
    let field = |col: usize| header.get(col).map_or("", |h| text(h.trim_ascii()));
    let mut bad = Problems::named(name.to_owned());
    rdr.each(|line, rec| {
        let rec = match rec {
            Ok(r) => r,
            Err((column, e)) => return bad.add(line, column, "", e),
        };
        // Spreadsheets export trailing rows of empty cells.
        if (0..).map_while(|i| rec.get(i)).all(|b| b.trim_ascii().is_empty()) {
            return;
        }
        // "$2,898.00" typed without quotes splits into two cells and shifts
        // every column after it: the records refuse a filled cell past the
        // header (never read as $2).
        let cell = |col: Option<usize>| col.and_then(|i| rec.get(i)).unwrap_or_default().trim_ascii();
        // The text of a column (empty when absent), or a problem if not UTF-8.
        let str_at = |bad: &mut Problems, col: Option<usize>| -> Option<&str> {
            match col {
                Some(i) => utf8(bad, line, i, field(i), cell(col)),
                None => Some(""),
            }
        };
        let before = bad_count(&bad);

        let kind_text = str_at(&mut bad, c.kind);
        let row = match kind_text.map(str::to_ascii_lowercase).as_deref() {
            Some("" | "charge") => Some(RowKind::Charge),
            Some("tax") => Some(RowKind::Tax),
            Some("total") => Some(RowKind::Total),
            // A billsim line kind (`prepay`, ...): the app's own invoices CSV.
            Some(k) if crate::reconcile::classify::kind_named(k).is_some() => Some(RowKind::Charge),
            Some(_) => {
                let i = c.kind.unwrap_or_default();
                bad.add(line, i + 1, field(i), format!("\"{}\" is not charge, tax or total", shown(clip(cell(c.kind)))));
                None
            }
            None => None,
        };

        let invoice_date = match (c.invoice_date, str_at(&mut bad, c.invoice_date)) {
            (Some(i), Some("")) => {
                bad.add(line, i + 1, field(i), "empty: give the invoice's date YYYY-MM-DD (or leave the invoice_date column out when the file is one invoice)");
                None
            }
            (Some(i), Some(t)) => date_text(t).map_err(|m| bad.add(line, i + 1, field(i), m)).ok(),
            _ => None,
        };

        let period = if let Some(i) = c.service_period {
            match str_at(&mut bad, c.service_period) {
                Some("") | None => None,
                Some(t) => service_period(t).map_err(|m| bad.add(line, i + 1, field(i), m)).ok(),
            }
        } else if let (Some(si), Some(ei)) = (c.period_start, c.period_end) {
            let s = str_at(&mut bad, c.period_start).unwrap_or("");
            let e = str_at(&mut bad, c.period_end).unwrap_or("");
            match (s, e) {
                ("", "") => None,
                ("", _) => {
                    bad.add(line, si + 1, field(si), "empty: a line with a period_end needs its period_start");
                    None
                }
                (_, "") => {
                    bad.add(line, ei + 1, field(ei), "empty: a line with a period_start needs its period_end");
                    None
                }
                (s, e) => {
                    let start = date_text(s).map_err(|m| bad.add(line, si + 1, field(si), m)).ok();
                    let end = date_text(e).map_err(|m| bad.add(line, ei + 1, field(ei), m)).ok();
                    match (start, end) {
                        (Some(start), Some(end)) if end < start => {
                            bad.add(line, ei + 1, field(ei), format!("the period ends ({end}) before it starts ({start})"));
                            None
                        }
                        (Some(start), Some(end)) => Some(Period { start, end }),
                        _ => None,
                    }
                }
            }
        } else {
            None
        };
        if row == Some(RowKind::Charge) && period.is_none() && invoice_date.is_none() && bad_count(&bad) == before {
            let at = c.service_period.or(c.period_start).map_or(0, |i| i + 1);
            bad.add(line, at, if at > 0 { field(at - 1) } else { "" }, "no service period and no invoice date: give the line's service period (or an invoice_date column) so it can be placed in a cycle");
        }

        let description = str_at(&mut bad, Some(c.description));
        if row == Some(RowKind::Charge) && description == Some("") {
            bad.add(line, c.description + 1, field(c.description), "empty: give the charge's name as the invoice prints it");
        }

        let quantity = match str_at(&mut bad, c.quantity) {
            Some("") => Some(Decimal::ONE),
            Some(t) => number(t)
                .map(|f| f.value)
                .map_err(|m| bad.add(line, c.quantity.unwrap_or_default() + 1, field(c.quantity.unwrap_or_default()), m))
                .ok(),
            None => None,
        };
        let rate = match str_at(&mut bad, c.rate) {
            Some("") => Some(None),
            // A tax rate as printed: "8.25%" is 0.0825.
            Some(t) if t.ends_with('%') && row == Some(RowKind::Tax) => amount(t.trim_end_matches('%').trim_end(), currency)
                .and_then(|f| {
                    let value = f.value.checked_div(rust_decimal::Decimal::ONE_HUNDRED).ok_or("too large")?;
                    Ok(super::money_text::Figure { value, decimals: f.decimals + 2 })
                })
                .map(Some)
                .map_err(|m| bad.add(line, c.rate.unwrap_or_default() + 1, field(c.rate.unwrap_or_default()), m))
                .ok(),
            Some(t) if t.ends_with('%') => {
                bad.add(line, c.rate.unwrap_or_default() + 1, field(c.rate.unwrap_or_default()), "a percentage is a tax rate: give this row the kind tax, or write the unit price");
                None
            }
            Some(t) => amount(t, currency)
                .map(Some)
                .map_err(|m| bad.add(line, c.rate.unwrap_or_default() + 1, field(c.rate.unwrap_or_default()), m))
                .ok(),
            None => None,
        };
        let money = match str_at(&mut bad, Some(c.amount)) {
            Some("") => {
                bad.add(line, c.amount + 1, field(c.amount), "empty: give the line's amount");
                None
            }
            Some(t) => amount(t, currency)
                .map(|f| f.value)
                .map_err(|m| bad.add(line, c.amount + 1, field(c.amount), m))
                .ok(),
            None => None,
        };
        if let (Some(i), Some(t)) = (c.currency, str_at(&mut bad, c.currency)) {
            if !t.is_empty() && !is_currency(t, currency) {
                bad.add(line, i + 1, field(i), other_currency(t, currency));
            }
        }
        let sku = str_at(&mut bad, c.sku);
        let org = str_at(&mut bad, c.org);

        let (Some(row), Some(description), Some(quantity), Some(rate), Some(money), Some(sku), Some(org)) =
            (row, description, quantity, rate, money, sku, org)
        else {
            return;
        };
        if bad_count(&bad) != before {
            return;
        }
        let (rate, rate_decimals) = match rate {
            Some(f) => (f.value, Some(f.decimals)),
            None => match derived_rate(money, quantity) {
                Some(r) => (r, None),
                None => {
                    return bad.add(line, c.amount + 1, field(c.amount), "too large to divide by the quantity");
                }
            },
        };
        let some = |t: &str| (!t.is_empty()).then(|| t.to_owned());
        out.lines.push(VendorLine {
            source: format!("{name}:{line}"),
            file: FileKind::InvoiceCsv,
            row,
            invoice_date,
            period,
            description: description.to_owned(),
            sku: some(sku),
            org: some(org),
            quantity,
            rate,
            rate_decimals,
            amount: money,
        });
    });
    bad.finish(())
}

/// Problems found so far (listed or counted), to tell whether a row added any.
fn bad_count(bad: &Problems) -> usize {
    bad.count()
}

/// A service period "2026-10-21 - 2026-11-20" (or with " – ", " — " or
/// " to " between the dates), inclusive.
fn service_period(t: &str) -> std::result::Result<Period, String> {
    let parts = [" - ", "–", "—", " to "]
        .iter()
        .find_map(|sep| t.split_once(sep));
    let Some((s, e)) = parts else {
        return Err(format!(
            "\"{}\" is not a service period: write it as 2026-10-21 - 2026-11-20",
            clip_str(t).escape_debug()
        ));
    };
    let (start, end): (NaiveDate, NaiveDate) = (date_text(s.trim())?, date_text(e.trim())?);
    if end < start {
        return Err(format!(
            "the period ends ({end}) before it starts ({start})"
        ));
    }
    Ok(Period { start, end })
}

#[cfg(test)]
mod tests {
    use super::super::read;
    use super::*;
    use crate::error::Error;

    fn bill(text: &str) -> Result<VendorBill> {
        let mut b = VendorBill::default();
        read("bill.csv", text.as_bytes(), "USD", &mut b)?;
        Ok(b)
    }

    fn problems(text: &str) -> Vec<(u64, usize, String, String)> {
        match bill(text) {
            Err(Error::Csv { file, problems, .. }) => {
                assert_eq!(file, "bill.csv");
                problems
                    .into_iter()
                    .map(|p| (p.line, p.column, p.field, p.message))
                    .collect()
            }
            other => panic!("{other:?}"),
        }
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn r_r1_invoice_csv_lines_with_printed_money() {
        let b = bill(
            "invoice_date,service_period,description,quantity,rate,amount,sku,org,kind\n\
             2026-04-01,2026-03-01 - 2026-03-31,Genesys Cloud CX 2 Concurrent User,21,$138.00,\"$2,898.00\",PC-170-NV-USR2C,main,\n\
             2026-04-01,2026-03-01 to 2026-03-31,Credit,1,,(138.00),,,charge\n\
             2026-04-01,,Sales Tax,,,USD 276.00,,,tax\n\
             2026-04-01,,Total,,,\"3,036.00\",,,Total\n",
        )
        .unwrap();
        assert_eq!(b.files, [("bill.csv".to_owned(), FileKind::InvoiceCsv)]);
        let a = &b.lines[0];
        assert_eq!(a.source, "bill.csv:2");
        assert_eq!(a.invoice_date, Some(day("2026-04-01")));
        assert_eq!(
            a.period,
            Some(Period {
                start: day("2026-03-01"),
                end: day("2026-03-31")
            })
        );
        assert_eq!(a.quantity, Decimal::from(21));
        assert_eq!(
            (a.rate.to_string(), a.rate_decimals),
            ("138.00".to_owned(), Some(2))
        );
        assert_eq!(a.amount.to_string(), "2898.00");
        assert_eq!(
            (a.sku.as_deref(), a.org.as_deref()),
            (Some("PC-170-NV-USR2C"), Some("main"))
        );
        assert_eq!(a.row, RowKind::Charge);
        assert_eq!(b.lines[1].amount.to_string(), "-138.00");
        assert_eq!(b.lines[1].org, None);
        assert_eq!((b.lines[2].row, b.lines[2].period), (RowKind::Tax, None));
        assert_eq!(b.lines[3].row, RowKind::Total);
        assert_eq!(b.lines[3].amount.to_string(), "3036.00");
    }

    #[test]
    fn r_r1_columns_in_another_order_with_spaced_headers() {
        let b = bill(
            "\u{feff}Amount , Unit-Price,QTY,Period End,Description,Period Start\n\
             \"1,380.00\",138,10,2026-03-31,CX 2 User,2026-03-01\n\n,,,,,\n",
        )
        .unwrap();
        assert_eq!(b.lines.len(), 1);
        let a = &b.lines[0];
        assert_eq!(
            (a.description.as_str(), a.quantity),
            ("CX 2 User", Decimal::from(10))
        );
        assert_eq!((a.rate, a.rate_decimals), (Decimal::from(138), Some(0)));
        assert_eq!(a.period.map(|p| p.end), Some(day("2026-03-31")));
    }

    #[test]
    fn r_r1_a_missing_rate_is_derived_to_ten_decimals_and_a_missing_quantity_is_one() {
        let b = bill(
            "description,quantity,amount,service_period\n\
             Storage,3,100.00,2026-03-01 – 2026-03-31\n\
             Setup,,250.00,2026-03-01 - 2026-03-31\n\
             Nothing,0,0.00,2026-03-01 - 2026-03-31\n",
        )
        .unwrap();
        assert_eq!(
            (b.lines[0].rate.to_string(), b.lines[0].rate_decimals),
            ("33.3333333333".to_owned(), None)
        );
        assert_eq!(
            (b.lines[1].quantity, b.lines[1].rate),
            (Decimal::ONE, Decimal::new(25000, 2))
        );
        assert_eq!(b.lines[2].rate, Decimal::ZERO);
    }

    #[test]
    fn r_r1_every_bad_cell_is_named_by_line_and_column() {
        let p = problems(
            "service_period,description,amount,quantity,currency,kind\n\
             2026-03-01 - 2026-03-31,CX 2,\"75,5\",1,,\n\
             2026-03-01 - 2026-03-31,CX 2,€5,1,,\n\
             2026-03-01 - 2026-03-31,CX 2,5,\"1,23\",EUR,\n\
             March,CX 2,5,1,,subtotal\n\
             2026-03-01 - 2026-03-31,,5,1,,\n\
             ,CX 2,5,1,,\n",
        );
        let at: Vec<(u64, usize, &str)> =
            p.iter().map(|(l, c, f, _)| (*l, *c, f.as_str())).collect();
        assert_eq!(
            at,
            [
                (2, 3, "amount"),
                (3, 3, "amount"),
                (4, 4, "quantity"),
                (4, 5, "currency"),
                (5, 6, "kind"),
                (5, 1, "service_period"),
                (6, 2, "description"),
                (7, 1, "service_period"),
            ]
        );
        assert_eq!(p[0].3, "75,5: a decimal comma; write 75.5");
        assert!(
            p[1].3.contains("\"€\" (EUR) is another currency"),
            "{}",
            p[1].3
        );
        assert_eq!(p[2].3, "1,23: a decimal comma; write 1.23");
        assert!(p[3].3.contains("\"EUR\" is another currency"), "{}", p[3].3);
        assert!(p[4].3.contains("not charge, tax or total"));
        assert!(p[5].3.contains("not a service period"));
        assert!(p[7].3.contains("no service period and no invoice date"));
    }

    #[test]
    fn r_r1_problems_are_bounded_and_counted() {
        let mut f = String::from("description,amount,invoice_date\n");
        for _ in 0..250 {
            f.push_str("CX 2,\"1,5\",2026-04-01\n");
        }
        let Err(Error::Csv { problems, more, .. }) = bill(&f) else {
            panic!()
        };
        assert_eq!((problems.len(), more), (100, 150));
    }

    #[test]
    fn r_r1_a_huge_cell_is_quoted_only_in_part() {
        let huge = "9".repeat(200_000);
        let p = problems(&format!(
            "description,amount,period_start,period_end,kind\nx,{huge},{huge},2026-03-31,{huge}\n"
        ));
        assert_eq!(p.len(), 3);
        assert!(p.iter().all(|(.., m)| m.len() < 200), "{p:?}");
    }

    #[test]
    fn r_r1_an_unquoted_thousand_separator_is_refused_not_misread() {
        let p = problems(
            "description,amount,invoice_date\nCX 2,$2,898.00,2026-04-01\nCX 3,5.00,2026-04-01,,\n",
        );
        assert_eq!(p.len(), 1);
        assert_eq!((p[0].0, p[0].1), (2, 4));
        assert!(p[0].3.contains("in quotes (\"1,234.00\")"), "{}", p[0].3);
    }

    #[test]
    fn r_r1_header_needs_both_period_columns() {
        let p = problems("description,amount,period_start\nx,1,2026-03-01\n");
        assert_eq!((p[0].0, p[0].1), (1, 0));
        assert!(p[0].3.contains("period_end"));
    }
}
