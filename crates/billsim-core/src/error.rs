//! Errors are data: each says where (JSON path or CSV line:column) and what (R-V1).

use std::borrow::Cow;
use std::fmt;

/// One problem in a CSV file, positioned as a spreadsheet user sees it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CsvProblem {
    /// 1-based line number in the file (the header is line 1).
    pub line: u64,
    /// 1-based column number; 0 when the problem is the whole row.
    pub column: usize,
    /// The column's header name, when known.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = Visible(&self.message);
        // Column 0 is the whole row: no ":0" a person would look for
        // (the app's table says "whole row").
        write!(f, "line {}", self.line)?;
        if self.column > 0 {
            write!(f, ":{}", self.column)?;
        }
        if self.field.is_empty() {
            write!(f, ": {message}")
        } else {
            write!(f, " ({}): {message}", Visible(&self.field))
        }
    }
}

/// Text from the user's input as it goes into a message: control characters
/// are written as `\u{..}` escapes, so `"US\0D"` never prints as `"USD"` and
/// a stray escape sequence or line break cannot repaint the terminal or
/// forge a line of the report.
pub struct Visible<'a>(pub &'a str);

impl fmt::Display for Visible<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() {
                write!(f, "\\u{{{:x}}}", u32::from(c))?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}

/// Everything the engine can reject. Nothing in the engine panics on bad input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The scenario is not valid JSON, or a field has the wrong shape or is unknown.
    Json {
        /// Where, as `contract.commitments[1].quantity`.
        path: String,
        /// What serde found wrong.
        message: String,
    },
    /// A well-formed value that the rule book does not allow.
    Invalid {
        /// Where, as a JSON path.
        path: String,
        /// What is wrong, naming the rule where one applies.
        message: String,
    },
    /// A CSV file had bad rows; nothing of it was applied.
    Csv {
        /// Which input (`sessions`, `calls`, ...).
        file: String,
        /// The first problems found, in file order.
        problems: Vec<CsvProblem>,
        /// How many further problems were not listed.
        more: usize,
    },
    /// A rule violation with its facts, for callers that act on them
    /// (the app marks the field; the JS API passes the facts on).
    Rule(Violation),
    /// A computation left the range a decimal can hold.
    Overflow {
        /// Where the numbers came from.
        path: String,
    },
}

/// A rule violation and the facts that make it one. Each knows where it is
/// (a JSON path) and reads as a sentence.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Violation {
    /// A quantity, rate or amount below zero.
    Negative {
        /// Where.
        path: String,
    },
    /// An org id the scenario does not list.
    UnknownOrg {
        /// Where the id was given.
        path: String,
        /// The id given.
        id: String,
        /// The orgs that exist.
        known: Vec<String>,
    },
    /// A product id the contract does not list.
    UnknownProduct {
        /// Where the id was given.
        path: String,
        /// The id given.
        id: String,
        /// The products that exist.
        known: Vec<String>,
    },
    /// A session that ends before (or when) it starts.
    LogoutBeforeLogin {
        /// The session's path.
        path: String,
    },
    /// A currency code that is not ISO 4217.
    UnknownCurrency {
        /// The code given.
        code: String,
    },
    /// A product has usage (or a commitment) in a cycle but no rate for it.
    MissingRate {
        /// The product's id.
        product: String,
        /// The rate field needed (`prepay`, `overage`, `list`, `hourly`).
        field: &'static str,
        /// The cycle's index.
        cycle: u32,
        /// The cycle in words, as explanations name it.
        period: String,
    },
    /// An add-on bills more users than its base product in a cycle (R-A1).
    AddonAboveBase {
        /// Its position in `contract.addons`.
        index: usize,
        /// The add-on's id.
        addon: String,
        /// The base product's id.
        base: String,
        /// The cycle's index.
        cycle: u32,
        /// The cycle in words.
        period: String,
        /// Add-on users billed.
        #[serde(with = "rust_decimal::serde::str")]
        addon_billed: rust_decimal::Decimal,
        /// Base users billed.
        #[serde(with = "rust_decimal::serde::str")]
        base_billed: rust_decimal::Decimal,
    },
    /// Calls are in the usage but the contract has no telco rates (R-T1).
    CallsWithoutTelco {
        /// The first call's position in `usage.calls`.
        index: usize,
    },
    /// A one-time charge is dated after the contract's last invoice (R-M8).
    AfterLastInvoice {
        /// Where the date comes from.
        path: String,
        /// The date.
        date: chrono::NaiveDate,
        /// The last invoice's date.
        last: chrono::NaiveDate,
    },
}

impl Violation {
    /// The JSON path of the value at fault.
    pub fn path(&self) -> Cow<'_, str> {
        match self {
            Violation::Negative { path }
            | Violation::UnknownOrg { path, .. }
            | Violation::UnknownProduct { path, .. }
            | Violation::LogoutBeforeLogin { path }
            | Violation::AfterLastInvoice { path, .. } => Cow::Borrowed(path),
            Violation::UnknownCurrency { .. } => Cow::Borrowed("currency"),
            Violation::MissingRate { product, field, .. } => {
                Cow::Owned(format!("contract.products.{product}.{field}"))
            }
            Violation::AddonAboveBase { index, .. } => {
                Cow::Owned(format!("contract.addons[{index}]"))
            }
            Violation::CallsWithoutTelco { index } => Cow::Owned(format!("usage.calls[{index}]")),
        }
    }
}

impl fmt::Display for Violation {
    /// What is wrong, without the path.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Negative { .. } => f.write_str("must not be negative"),
            Violation::UnknownOrg { id, known, .. } => {
                write!(f, "unknown org \"{}\" (orgs: {})", Visible(id), Visible(&known.join(", ")))
            }
            Violation::UnknownProduct { id, known, .. } => write!(
                f,
                "unknown product \"{}\" (products: {})",
                Visible(id),
                Visible(&known.join(", "))
            ),
            Violation::LogoutBeforeLogin { .. } => {
                f.write_str("logout must be after login (sessions are [login, logout))")
            }
            Violation::UnknownCurrency { code } => write!(
                f,
                "unknown currency \"{}\" (use an ISO 4217 code such as USD, EUR or JPY)",
                Visible(code)
            ),
            Violation::MissingRate {
                product, period, ..
            } => write!(f, "a rate is needed: {} has usage in {period}", Visible(product)),
            Violation::AddonAboveBase {
                addon,
                base,
                period,
                addon_billed,
                base_billed,
                ..
            } => write!(
                f,
                "{}: {addon_billed} {} users but only {base_billed} {} users are billed; an add-on covers a subset of its base users (R-A1)",
                crate::text::capital(period),
                Visible(addon),
                Visible(base)
            ),
            Violation::CallsWithoutTelco { .. } => f.write_str("calls need contract.telco rates"),
            Violation::AfterLastInvoice { date, last, .. } => {
                write!(f, "{date} is after the contract's last invoice ({last})")
            }
        }
    }
}

impl From<Violation> for Error {
    fn from(v: Violation) -> Self {
        Error::Rule(v)
    }
}

impl Error {
    /// A rule violation at `path`.
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }

    /// An arithmetic overflow while computing `path`.
    pub fn overflow(path: impl Into<String>) -> Self {
        Error::Overflow { path: path.into() }
    }

    /// The JSON path (or the CSV input name) this error points at.
    pub fn path(&self) -> Cow<'_, str> {
        match self {
            Error::Json { path, .. } | Error::Invalid { path, .. } | Error::Overflow { path } => {
                Cow::Borrowed(path)
            }
            Error::Rule(v) => v.path(),
            Error::Csv { file, .. } => Cow::Borrowed(file),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Json { path, message } | Error::Invalid { path, message } => {
                let at = if path.is_empty() { "(top level)" } else { path };
                write!(f, "{}: {}", Visible(at), Visible(message))
            }
            Error::Rule(v) => write!(f, "{}: {v}", Visible(&v.path())),
            Error::Overflow { path } => {
                write!(
                    f,
                    "{}: number too large to compute (billsim keeps every amount under 10^25, so that its cents stay exact): check this value and the quantities it is billed for",
                    Visible(path)
                )
            }
            Error::Csv {
                file,
                problems,
                more,
            } => {
                write!(f, "{file}: {}", problem_count(problems.len() + more))?;
                for p in problems {
                    write!(f, "\n  {p}")?;
                }
                if *more > 0 {
                    write!(f, "\n  ... and {more} more")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

/// "1 problem", "3 problems": what a CSV file's refusal counts. Problems,
/// not rows: a row may have two bad cells, and a header is not a row
/// (tester: one line with two bad dates read "2 bad row(s)").
pub fn problem_count(n: usize) -> String {
    if n == 1 {
        "1 problem".to_owned()
    } else {
        format!("{n} problems")
    }
}

/// The engine's result type.
pub type Result<T> = std::result::Result<T, Error>;
