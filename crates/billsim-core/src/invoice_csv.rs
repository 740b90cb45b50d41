//! A result's invoices as CSV, one row per invoice line with the invoice it
//! is on: the page's "Invoices CSV" download and `billsim simulate --csv`
//! write the same file.

use crate::result::SimResult;
use crate::table::Table;

/// The header line's columns.
pub const COLUMNS: [&str; 14] = [
    "invoice",
    "date",
    "kind",
    "category",
    "org",
    "product",
    "description",
    "period_start",
    "period_end",
    "timing",
    "quantity",
    "unit_price",
    "amount",
    "explanation",
];

/// Every invoice line as a row; amounts as the result writes them (exact
/// decimals, never rounded again).
pub fn table(r: &SimResult) -> Table {
    let rows = r
        .invoices
        .iter()
        .flat_map(|inv| {
            inv.lines.iter().map(move |l| {
                vec![
                    inv.number.to_string(),
                    inv.date.to_string(),
                    l.kind.as_str().to_owned(),
                    l.category.as_str().to_owned(),
                    l.org.clone().unwrap_or_default(),
                    l.product.clone().unwrap_or_default(),
                    l.description.clone(),
                    l.period.start.to_string(),
                    l.period.end.to_string(),
                    l.timing.as_str().to_owned(),
                    l.quantity.to_string(),
                    l.unit_price.to_string(),
                    l.amount.to_string(),
                    l.explanation.clone(),
                ]
            })
        })
        .collect();
    Table {
        headers: COLUMNS.iter().map(|c| (*c).to_owned()).collect(),
        rows,
    }
}

/// The CSV text (RFC 4180: fields quoted where they need it).
pub fn csv(r: &SimResult) -> String {
    table(r).to_csv()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> SimResult {
        let text = include_str!("../../../examples/contact-center.json");
        crate::simulate_json(text, &crate::Options::default()).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn one_row_per_invoice_line_after_the_header() {
        let r = example();
        let text = csv(&r);
        let mut rd = ::csv::Reader::from_reader(text.as_bytes());
        let headers: Vec<String> = rd
            .headers()
            .map(|h| h.iter().map(str::to_owned).collect())
            .unwrap_or_default();
        assert_eq!(headers, COLUMNS);
        let rows: Vec<::csv::StringRecord> = rd.records().map_while(|x| x.ok()).collect();
        let lines: usize = r.invoices.iter().map(|i| i.lines.len()).sum();
        assert_eq!(rows.len(), lines);
        // The first line of the first invoice, field by field.
        let (inv, l) = (&r.invoices[0], &r.invoices[0].lines[0]);
        assert_eq!(&rows[0][0], inv.number.to_string());
        assert_eq!(&rows[0][6], l.description);
        assert_eq!(&rows[0][12], l.amount.to_string());
        assert_eq!(&rows[0][13], l.explanation);
        // The amounts add up to the invoices' subtotals.
        let sum: rust_decimal::Decimal = rows
            .iter()
            .filter(|x| &x[0] == "1")
            .map(|x| x[12].parse::<rust_decimal::Decimal>().unwrap_or_default())
            .sum();
        assert_eq!(sum, inv.subtotal);
    }

    /// Quotes, commas and line breaks in a field survive the round trip.
    #[test]
    fn awkward_text_is_quoted() {
        let mut r = example();
        r.invoices.truncate(1);
        r.invoices[0].lines.truncate(1);
        r.invoices[0].lines[0].description = "Desk \"phone\", grey\nmodel".into();
        let text = csv(&r);
        let mut rd = ::csv::Reader::from_reader(text.as_bytes());
        let row = rd.records().next().and_then(|x| x.ok());
        assert_eq!(
            row.as_ref().map(|x| x[6].to_owned()),
            Some("Desk \"phone\", grey\nmodel".to_owned())
        );
    }
}
