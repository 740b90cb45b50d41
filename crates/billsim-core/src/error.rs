//! Errors are data: each says where (JSON path or CSV line:column) and what (R-V1).

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
        if self.field.is_empty() {
            write!(f, "line {}:{}: {message}", self.line, self.column)
        } else {
            write!(
                f,
                "line {}:{} ({}): {message}",
                self.line,
                self.column,
                Visible(&self.field)
            )
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
    /// A computation left the range a decimal can hold.
    Overflow {
        /// Where the numbers came from.
        path: String,
    },
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
    pub fn path(&self) -> &str {
        match self {
            Error::Json { path, .. } | Error::Invalid { path, .. } | Error::Overflow { path } => {
                path
            }
            Error::Csv { file, .. } => file,
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
            Error::Overflow { path } => {
                write!(f, "{}: number too large to compute", Visible(path))
            }
            Error::Csv {
                file,
                problems,
                more,
            } => {
                write!(f, "{file}: {} bad row(s)", problems.len() + more)?;
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

/// The engine's result type.
pub type Result<T> = std::result::Result<T, Error>;
