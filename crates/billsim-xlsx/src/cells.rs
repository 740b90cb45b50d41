//! What a cell holds and how it looks: the one place where exact decimals
//! become the doubles Excel stores.

use chrono::{Datelike, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Formula, Worksheet, XlsxError};

/// One cell's value, typed so that numbers and dates land as numbers, not
/// text.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing written.
    Empty,
    /// Text.
    Text(String),
    /// An amount of money, shown with the currency's minor unit.
    Money(Decimal),
    /// Any other number (a quantity, a rate), shown as it is.
    Number(Decimal),
    /// A whole number (a count, a cycle, an invoice number).
    Int(u64),
    /// A day.
    Date(NaiveDate),
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

/// Excel stores every number as a double: a decimal is converted here, at
/// the cell, and nowhere before. The result JSON stays the source of truth;
/// a double holds 15 significant digits, more than an invoice amount has,
/// and the cell's format shows it at the currency's minor unit.
pub fn double(d: Decimal) -> f64 {
    // rust_decimal converts every decimal (it never answers None).
    d.to_f64().unwrap_or(f64::NAN)
}

/// The formats of one workbook (one currency).
pub struct Formats {
    /// Amounts: thousands separated, the currency's minor unit (JPY 0, BHD 3).
    pub money: Format,
    /// Totals: as `money`, bold.
    pub money_bold: Format,
    /// Days, ISO order.
    pub date: Format,
    /// Column headings and labels that stand out.
    pub bold: Format,
    /// A column heading: bold, underlined by a border.
    pub header: Format,
}

impl Formats {
    /// The formats for a currency whose minor unit has `decimals` digits.
    pub fn new(decimals: u32) -> Formats {
        let money = Format::new().set_num_format(money_format(decimals));
        Formats {
            money_bold: money.clone().set_bold(),
            money,
            date: Format::new().set_num_format("yyyy-mm-dd"),
            bold: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin),
        }
    }
}

/// Excel's number format for amounts with `decimals` digits after the point.
pub fn money_format(decimals: u32) -> String {
    match decimals {
        0 => "#,##0".to_owned(),
        n => format!("#,##0.{}", "0".repeat(n as usize)),
    }
}

/// Writes `v` at (`row`, `col`).
pub fn write(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    v: &Value,
    f: &Formats,
) -> Result<(), XlsxError> {
    match v {
        Value::Empty => {}
        Value::Text(s) => {
            ws.write_string(row, col, fit(s))?;
        }
        Value::Money(d) => {
            ws.write_number_with_format(row, col, double(*d), &f.money)?;
        }
        Value::Number(d) => {
            ws.write_number(row, col, double(*d))?;
        }
        Value::Int(n) => {
            // Counts are far below 2^53: exact as a double.
            ws.write_number(row, col, *n as f64)?;
        }
        Value::Date(d) => {
            ws.write_datetime_with_format(row, col, excel_date(*d)?, &f.date)?;
        }
    }
    Ok(())
}

/// A total as a formula whose computed value is stored with it, so a reader
/// without a calculation engine shows the engine's exact amount.
pub fn total(
    ws: &mut Worksheet,
    (row, col): (u32, u16),
    formula: &str,
    value: Decimal,
    f: &Formats,
) -> Result<(), XlsxError> {
    let formula = Formula::new(formula).set_result(value.to_string());
    ws.write_formula_with_format(row, col, formula, &f.money_bold)?;
    Ok(())
}

/// A day as Excel's date (the engine reads years 1900 to 2100 only, all of
/// which Excel holds).
fn excel_date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(d.year())
        .map_err(|_| XlsxError::ParameterError(format!("{d}: a year Excel cannot hold")))?;
    // Month 1..=12 and day 1..=31 fit a u8.
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

/// The most text Excel keeps in a cell, in UTF-16 units.
const MAX_TEXT: usize = 32_767;

/// Text cut to what a cell holds, the cut marked: a 70,000-character
/// product name still makes a workbook.
fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    if s.len() <= MAX_TEXT || s.encode_utf16().count() <= MAX_TEXT {
        return s.into();
    }
    let mut units = 0;
    let keep = s
        .char_indices()
        .find(|(_, c)| {
            units += c.len_utf16();
            units > MAX_TEXT - 1
        })
        .map_or(s.len(), |(i, _)| i);
    format!("{}…", &s[..keep]).into()
}

/// The A1 name of a cell, `M12` for (11, 12).
pub fn a1(row: u32, col: u16) -> String {
    rust_xlsxwriter::utility::row_col_to_cell(row, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_dollar1_the_money_format_has_the_minor_unit() {
        assert_eq!(money_format(0), "#,##0");
        assert_eq!(money_format(2), "#,##0.00");
        assert_eq!(money_format(3), "#,##0.000");
    }

    #[test]
    fn text_is_cut_to_what_a_cell_holds() {
        for long in ["é".repeat(70_000), "😀".repeat(20_000)] {
            let cut = fit(&long);
            let units = cut.encode_utf16().count();
            assert!((MAX_TEXT - 1..=MAX_TEXT).contains(&units), "{units}");
            assert!(cut.ends_with('…'));
        }
        let exact = "x".repeat(MAX_TEXT);
        assert_eq!(fit(&exact), exact.as_str());
    }

    #[test]
    fn a1_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(11, 12), "M12");
    }
}
