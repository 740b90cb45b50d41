//! The Summary sheet: whose quote, until when, and what it comes to.

use rust_xlsxwriter::{Worksheet, XlsxError};

use billsim_core::{Scenario, SimResult};

use crate::cells::{Formats, Value};
use crate::rows::Rows;
use billsim_core::years::Year;

/// Said on the Summary sheet and in the file's properties.
pub const DISCLAIMER: &str = "This workbook is a simulation made by billsim from the contract \
    and the usage described in it. It is not the vendor's invoice: the amounts the vendor \
    invoices are the ones owed.";

/// Writes the sheet; `years` are the result's invoices by contract year.
pub fn write(
    ws: &mut Worksheet,
    f: &Formats,
    s: &Scenario,
    r: &SimResult,
    years: Vec<Year>,
) -> Result<(), XlsxError> {
    let mut w = Rows::new(ws, f);
    let text = |t: &str| Value::from(t);
    w.pair("Quote", text(&s.name))?;
    w.pair("Customer", text(&s.quote.customer))?;
    w.pair("Prepared by", text(&s.quote.prepared_by))?;
    let valid = s.quote.valid_until.map_or(Value::Empty, Value::Date);
    w.pair("Valid until", valid)?;
    w.pair("Currency", text(&r.currency))?;
    let model = r.model.unwrap_or(s.contract.model);
    w.pair("License model", text(model.as_str()))?;
    w.pair("Invoices", Value::Int(r.invoices.len() as u64))?;
    w.pair("Subtotal before tax", Value::Money(r.totals.subtotal))?;
    w.pair("Tax", Value::Money(r.totals.tax))?;
    w.ws.write_string_with_format(w.row, 0, "Total of all invoices", &f.bold)?;
    w.ws.write_number_with_format(
        w.row,
        1,
        crate::cells::double(r.totals.total),
        &f.money_bold,
    )?;
    w.blank();
    if let Some(p) = &r.preview {
        let label = format!("Open cycle {} so far, as of {}", p.cycle, p.as_of);
        w.pair(&label, Value::Money(p.total))?;
    }

    w.blank();
    w.header(&["Contract year", "Total", "Invoices"])?;
    for y in years {
        w.values(&[
            Value::Text(y.label),
            Value::Money(y.total),
            Value::Int(y.invoices),
        ])?;
    }
    w.values(&[text(
        "An invoice counts in the contract year its date falls in; the closing invoice, dated after the last cycle, counts with the last cycle.",
    )])?;

    if !r.notes.is_empty() {
        w.blank();
        w.header(&["Notes"])?;
        for n in &r.notes {
            w.values(&[text(n)])?;
        }
    }
    w.blank();
    w.values(&[text(DISCLAIMER)])?;
    ws.set_column_width(0, 36)?;
    ws.set_column_width(1, 20)?;
    ws.set_column_width(2, 10)?;
    Ok(())
}
