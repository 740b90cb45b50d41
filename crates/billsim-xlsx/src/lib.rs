#![warn(missing_docs)]
//! billsim-xlsx: a quote a customer can sign, as an Excel workbook.
//!
//! [`quote_workbook`] writes a simulation's result as four sheets: Summary
//! (whose quote, until when, the totals), Contract (what was signed and
//! assumed), Invoices (every line, the sums as formulas) and, when given,
//! Comparison (the license models side by side). Its own crate so the web
//! page never links the writer; the CLI and the web worker do.
//!
//! Amounts are the result's exact decimals, converted to Excel's doubles
//! only at the cell ([`cells::double`]); the result JSON stays the source
//! of truth.

mod cells;
mod comparison;
mod contract;
mod invoices;
mod rows;
mod summary;

use std::fmt;

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

use billsim_core::compare::Comparison;
use billsim_core::money::Currency;
use billsim_core::{Scenario, SimResult};

pub use summary::DISCLAIMER;

/// The sheets, in the workbook's order (Comparison only when given).
pub const SHEETS: [&str; 4] = ["Summary", "Contract", "Invoices", "Comparison"];

/// Why no workbook was written.
#[derive(Debug)]
pub enum Error {
    /// The result cannot be summed or its currency is unknown.
    Engine(billsim_core::Error),
    /// The writer refused a sheet (more rows than Excel holds, ...).
    Sheet {
        /// Which sheet.
        sheet: &'static str,
        /// What the writer said.
        source: XlsxError,
    },
    /// The writer could not put the file together.
    Workbook(XlsxError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Engine(e) => write!(f, "{e}"),
            Error::Sheet { sheet, source } => write!(f, "workbook sheet {sheet}: {source}"),
            Error::Workbook(e) => write!(f, "workbook: {e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<billsim_core::Error> for Error {
    fn from(e: billsim_core::Error) -> Self {
        Error::Engine(e)
    }
}

/// The quote as the bytes of an `.xlsx` file: `scenario` is what was
/// billed (its `name` and `quote` head the Summary), `result` what
/// `simulate` made of it, `comparison` what `compare` made of it, if asked.
pub fn quote_workbook(
    scenario: &Scenario,
    result: &SimResult,
    comparison: Option<&Comparison>,
) -> Result<Vec<u8>, Error> {
    let currency = Currency::from_code(&result.currency)?;
    let f = cells::Formats::new(currency.minor_units);
    let years = billsim_core::years::years(result)?;
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(&scenario.name)
            .set_author(&scenario.quote.prepared_by)
            .set_company(&scenario.quote.customer)
            .set_comment(DISCLAIMER),
    );
    let [summary, contract, invoices, compared] = SHEETS;
    let at = |sheet| move |source| Error::Sheet { sheet, source };
    let ws = wb.add_worksheet().set_name(summary).map_err(at(summary))?;
    summary::write(ws, &f, scenario, result, years).map_err(at(summary))?;
    let ws = wb
        .add_worksheet()
        .set_name(contract)
        .map_err(at(contract))?;
    contract::write(ws, &f, scenario).map_err(at(contract))?;
    let ws = wb
        .add_worksheet()
        .set_name(invoices)
        .map_err(at(invoices))?;
    invoices::write(ws, &f, result).map_err(at(invoices))?;
    if let Some(c) = comparison {
        let ws = wb
            .add_worksheet()
            .set_name(compared)
            .map_err(at(compared))?;
        comparison::write(ws, &f, c).map_err(at(compared))?;
    }
    wb.save_to_buffer().map_err(Error::Workbook)
}
