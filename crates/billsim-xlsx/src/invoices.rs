//! The Invoices sheet: one row per invoice line, the columns of the
//! invoice CSV (`billsim simulate --csv`, its codes written as words),
//! then each invoice's subtotal, taxes and total. The subtotal, tax and
//! total are formulas over the rows above them, stored with the engine's
//! exact amounts as their results.

use rust_decimal::Decimal;
use rust_xlsxwriter::{Worksheet, XlsxError};

use billsim_core::invoice_csv::COLUMNS;
use billsim_core::result::{Invoice, Line, TaxLine};
use billsim_core::SimResult;

use crate::cells::{self, a1, Formats, Value};

/// Column of the description (and of the labels `Subtotal`, `Tax`, `Total`).
pub const DESCRIPTION: u16 = 6;
/// Column of the quantity (a tax's base on a tax row).
pub const QUANTITY: u16 = 10;
/// Column of the unit price (a tax's rate on a tax row).
pub const UNIT_PRICE: u16 = 11;
/// Column of the amount.
pub const AMOUNT: u16 = 12;

/// Column widths in characters, in the order of [`COLUMNS`].
const WIDTHS: [f64; 14] = [
    8.0, 11.0, 18.0, 10.0, 10.0, 10.0, 44.0, 11.0, 11.0, 11.0, 12.0, 12.0, 14.0, 90.0,
];

/// A column heading: the CSV's column name in words (`period_start` ->
/// `Period start`).
pub fn heading(column: &str) -> String {
    let words = column.replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Writes the sheet.
pub fn write(ws: &mut Worksheet, f: &Formats, r: &SimResult) -> Result<(), XlsxError> {
    for (col, name) in (0u16..).zip(COLUMNS) {
        ws.write_string_with_format(0, col, heading(name), &f.header)?;
    }
    for (col, width) in (0u16..).zip(WIDTHS) {
        ws.set_column_width(col, width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let mut row = 1;
    for inv in &r.invoices {
        row = invoice(ws, f, inv, row)? + 1;
    }
    Ok(())
}

/// One invoice from `row` on; the row after its total.
fn invoice(ws: &mut Worksheet, f: &Formats, inv: &Invoice, first: u32) -> Result<u32, XlsxError> {
    let mut row = first;
    for l in &inv.lines {
        for (col, v) in (0u16..).zip(line(inv, l)) {
            cells::write(ws, row, col, &v, f)?;
        }
        row += 1;
    }
    let amounts = |from: u32, to: u32| format!("{}:{}", a1(from, AMOUNT), a1(to - 1, AMOUNT));
    let subtotal = row;
    label(ws, f, inv, subtotal, "Subtotal")?;
    if inv.lines.is_empty() {
        // Nothing to add up: the engine's zero, as a number.
        cells::write(ws, row, AMOUNT, &Value::Money(inv.subtotal), f)?;
    } else {
        let formula = format!("=SUM({})", amounts(first, row));
        cells::total(ws, (row, AMOUNT), &formula, inv.subtotal, f)?;
    }
    row += 1;
    let mut total = format!("={}", a1(subtotal, AMOUNT));
    if !inv.taxes.is_empty() {
        let taxes = row;
        for t in &inv.taxes {
            tax(ws, f, inv, t, row)?;
            row += 1;
        }
        label(ws, f, inv, row, "Tax")?;
        let formula = format!("=SUM({})", amounts(taxes, row));
        cells::total(ws, (row, AMOUNT), &formula, inv.tax, f)?;
        total = format!("{total}+{}", a1(row, AMOUNT));
        row += 1;
    }
    label(ws, f, inv, row, "Total")?;
    cells::total(ws, (row, AMOUNT), &total, inv.total, f)?;
    Ok(row + 1)
}

/// A line's cells in the order of [`COLUMNS`].
fn line(inv: &Invoice, l: &Line) -> [Value; 14] {
    let text = |s: &Option<String>| s.as_deref().map_or(Value::Empty, Value::from);
    [
        Value::Int(inv.number.into()),
        Value::Date(inv.date),
        // Words, not the CSV's codes: the workbook is read by people.
        Value::from(l.kind.words()),
        Value::from(l.category.words()),
        text(&l.org),
        text(&l.product),
        Value::from(l.description.as_str()),
        Value::Date(l.period.start),
        Value::Date(l.period.end),
        Value::from(l.timing.words()),
        Value::Number(l.quantity),
        Value::Number(l.unit_price),
        Value::Money(l.amount),
        Value::from(l.explanation.as_str()),
    ]
}

/// A tax of the invoice: its base in the quantity column, its rate in the
/// unit price column (R-X1).
fn tax(
    ws: &mut Worksheet,
    f: &Formats,
    inv: &Invoice,
    t: &TaxLine,
    row: u32,
) -> Result<(), XlsxError> {
    let name = format!("Tax: {} ({}%)", t.name, percent(t.rate));
    cells::write(ws, row, 0, &Value::Int(inv.number.into()), f)?;
    cells::write(ws, row, 1, &Value::Date(inv.date), f)?;
    cells::write(ws, row, DESCRIPTION, &Value::Text(name), f)?;
    cells::write(ws, row, QUANTITY, &Value::Money(t.base), f)?;
    cells::write(ws, row, UNIT_PRICE, &Value::Number(t.rate), f)?;
    cells::write(ws, row, AMOUNT, &Value::Money(t.amount), f)
}

/// A rate as a percentage, exactly: 0.0825 -> 8.25.
fn percent(rate: Decimal) -> Decimal {
    rate.checked_mul(Decimal::ONE_HUNDRED)
        .map_or(rate, |p| p.normalize())
}

/// The invoice's number and date and a bold label before one of its sums.
fn label(
    ws: &mut Worksheet,
    f: &Formats,
    inv: &Invoice,
    row: u32,
    text: &str,
) -> Result<(), XlsxError> {
    cells::write(ws, row, 0, &Value::Int(inv.number.into()), f)?;
    cells::write(ws, row, 1, &Value::Date(inv.date), f)?;
    ws.write_string_with_format(row, DESCRIPTION, text, &f.bold)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_the_csv_columns_in_words() {
        assert_eq!(heading("period_start"), "Period start");
        assert_eq!(heading("amount"), "Amount");
        assert_eq!(COLUMNS[DESCRIPTION as usize], "description");
        assert_eq!(COLUMNS[QUANTITY as usize], "quantity");
        assert_eq!(COLUMNS[UNIT_PRICE as usize], "unit_price");
        assert_eq!(COLUMNS[AMOUNT as usize], "amount");
    }

    #[test]
    fn r_x1_a_rate_reads_as_a_percentage() {
        assert_eq!(percent(Decimal::new(825, 4)).to_string(), "8.25");
        assert_eq!(percent(Decimal::new(10, 2)).to_string(), "10");
    }
}
