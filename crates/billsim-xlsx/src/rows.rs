//! A sheet written top to bottom, row after row: the label/value sheets
//! (Summary, Contract) and the tables below them.

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::cells::{self, Formats, Value};

/// A worksheet and the next row to write.
pub struct Rows<'a> {
    /// The sheet.
    pub ws: &'a mut Worksheet,
    /// The formats of the workbook.
    pub f: &'a Formats,
    /// The next row (0-based).
    pub row: u32,
}

impl<'a> Rows<'a> {
    /// From the top of `ws`.
    pub fn new(ws: &'a mut Worksheet, f: &'a Formats) -> Self {
        Rows { ws, f, row: 0 }
    }

    /// A row of values from column A.
    pub fn values(&mut self, values: &[Value]) -> Result<(), XlsxError> {
        for (col, v) in (0u16..).zip(values) {
            cells::write(self.ws, self.row, col, v, self.f)?;
        }
        self.row += 1;
        Ok(())
    }

    /// A label in column A (plain) and its value in column B.
    pub fn pair(&mut self, label: &str, value: Value) -> Result<(), XlsxError> {
        self.values(&[Value::from(label), value])
    }

    /// A row of column headings (or a section title: one heading).
    pub fn header(&mut self, titles: &[&str]) -> Result<(), XlsxError> {
        for (col, t) in (0u16..).zip(titles) {
            self.ws
                .write_string_with_format(self.row, col, *t, &self.f.header)?;
        }
        self.row += 1;
        Ok(())
    }

    /// An empty row.
    pub fn blank(&mut self) {
        self.row += 1;
    }
}
