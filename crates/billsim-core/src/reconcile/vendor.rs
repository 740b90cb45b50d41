//! What the vendor's files say, once read (R-R1): charge lines with money,
//! figures (quantities per period that never enter money totals) and calls
//! from the Cloud Voice usage report. Readers in [`super::read`] produce
//! these; matching and causes never see the files' shapes.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;

use crate::result::Period;
use crate::scenario::CallType;

/// Which kind of vendor file a line came from. The invoice CSV wins over
/// the API's invoice lines when both give the same line (R-R2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FileKind {
    /// An invoice typed or exported from the invoice PDF.
    InvoiceCsv,
    /// The vendor API's invoice lines JSON.
    InvoiceLines,
    /// The subscription overview JSON (figures).
    SubscriptionOverview,
    /// The contract billing-period charges JSON (figures).
    BillingPeriodCharges,
    /// The Cloud Voice usage report (calls).
    CloudVoiceUsage,
}

impl FileKind {
    /// How the user knows the file.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::InvoiceCsv => "invoice CSV",
            FileKind::InvoiceLines => "invoice lines JSON",
            FileKind::SubscriptionOverview => "subscription overview JSON",
            FileKind::BillingPeriodCharges => "billing-period charges JSON",
            FileKind::CloudVoiceUsage => "Cloud Voice usage CSV",
        }
    }
}

/// What a row of an invoice is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A charge (the default).
    Charge,
    /// A tax line.
    Tax,
    /// A total row: only checks the sum of the invoice's own lines.
    Total,
}

/// One line of the vendor's invoice (R-R1).
#[derive(Debug, Clone, PartialEq)]
pub struct VendorLine {
    /// File and line (`bill.csv:2`) or JSON path (`lines.json: [3]`).
    pub source: String,
    /// The file it came from.
    pub file: FileKind,
    /// Charge, tax or total.
    pub row: RowKind,
    /// The invoice's date, when given.
    pub invoice_date: Option<NaiveDate>,
    /// Service period, inclusive UTC days, when given.
    pub period: Option<Period>,
    /// The charge name as printed.
    pub description: String,
    /// The vendor's part number.
    pub sku: Option<String>,
    /// The org as the vendor names it.
    pub org: Option<String>,
    /// Units; 1 when the file gives none.
    pub quantity: Decimal,
    /// Unit price as printed, or amount / quantity to 10 decimals.
    pub rate: Decimal,
    /// Decimals the vendor printed the rate with; `None` when the rate
    /// was derived from the amount (R-R4 treats a derived price apart).
    pub rate_decimals: Option<u32>,
    /// Money charged.
    pub amount: Decimal,
}

/// Which quantity a figure gives (R-R1, R-R5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FigureField {
    /// Prepaid (committed) units.
    Prepaid,
    /// Units measured.
    Actual,
    /// Units above the prepaid ones.
    Overage,
    /// Fair-use allowance.
    FairUse,
    /// Price per overage unit.
    OverageRate,
    /// Money for the overage.
    OverageCharge,
}

impl FigureField {
    /// The format's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            FigureField::Prepaid => "prepaid",
            FigureField::Actual => "actual",
            FigureField::Overage => "overage",
            FigureField::FairUse => "fair_use",
            FigureField::OverageRate => "overage_rate",
            FigureField::OverageCharge => "overage_charge",
        }
    }
}

/// One figure of the subscription overview or billing-period charges.
#[derive(Debug, Clone, PartialEq)]
pub struct VendorFigure {
    /// File and JSON path.
    pub source: String,
    /// The file it came from.
    pub file: FileKind,
    /// The billing period, from the file or `--period`.
    pub period: Option<Period>,
    /// The product's name as the vendor prints it.
    pub description: String,
    /// The vendor's part number.
    pub sku: Option<String>,
    /// The org, when the file names one.
    pub org: Option<String>,
    /// Which quantity.
    pub field: FigureField,
    /// Its value.
    pub value: Decimal,
}

/// One call of the Cloud Voice usage report.
#[derive(Debug, Clone, PartialEq)]
pub struct VendorCall {
    /// The file's name, shared by its calls (a million of them).
    pub file: std::sync::Arc<str>,
    /// The line in the file.
    pub line: u64,
    /// The vendor's call id: a byte range of [`VendorBill::call_ids`]
    /// (one text for a million ids, not a million allocations).
    pub call_id: std::ops::Range<u32>,
    /// From Call Type and Direction.
    pub kind: CallType,
    /// When it started, UTC.
    pub start: DateTime<Utc>,
    /// Duration (Seconds).
    pub seconds: u32,
    /// Adjusted Duration (seconds): what the vendor rated.
    pub adjusted_seconds: Option<Decimal>,
    /// Usage Rate Per Minute.
    pub rate_per_minute: Decimal,
    /// Total cost.
    pub total_cost: Decimal,
}

impl VendorCall {
    /// File and line (`voice.csv:2`), written when a message needs it.
    pub fn source(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// Everything read from the vendor's files, in file order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VendorBill {
    /// Invoice lines, charges, taxes and totals.
    pub lines: Vec<VendorLine>,
    /// Figures.
    pub figures: Vec<VendorFigure>,
    /// Calls.
    pub calls: Vec<VendorCall>,
    /// Every call's id, one after another (see [`VendorCall::call_id`]).
    pub call_ids: String,
    /// The files read, with what each was taken for.
    pub files: Vec<(String, FileKind)>,
}

impl VendorBill {
    /// Adds what `other` read after what this bill holds (file order
    /// kept). Into an empty bill it is a move: a million calls are not copied.
    pub fn append(&mut self, other: &mut VendorBill) {
        if *self == VendorBill::default() {
            std::mem::swap(self, other);
            return;
        }
        // Offsets past u32 cannot arise: ids come from files capped far
        // below 4 GiB of ids; saturating keeps a wrong id, never a panic.
        let shift = u32::try_from(self.call_ids.len()).unwrap_or(u32::MAX);
        for c in &mut other.calls {
            c.call_id = c.call_id.start.saturating_add(shift)..c.call_id.end.saturating_add(shift);
        }
        self.call_ids.push_str(&other.call_ids);
        other.call_ids.clear();
        self.lines.append(&mut other.lines);
        self.figures.append(&mut other.figures);
        self.calls.append(&mut other.calls);
        self.files.append(&mut other.files);
    }

    /// A call's id, as the report wrote it.
    pub fn call_id(&self, c: &VendorCall) -> &str {
        self.call_ids
            .get(c.call_id.start as usize..c.call_id.end as usize)
            .unwrap_or_default()
    }
}
