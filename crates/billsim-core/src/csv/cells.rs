//! What every CSV reader of the crate shares: the problems of a file
//! (listed to a bound, then counted), the header's columns, and a cell's
//! text as a message shows it.

use crate::error::{CsvProblem, Error, Result};

use super::records::Records;

/// Rows to reserve for a file said to be `bytes` long, at `row_bytes` or
/// more per row. The size comes from the file system (a sparse file can
/// claim a terabyte), so the room reserved is bounded: past 1 GiB the table
/// grows as rows really arrive.
pub(super) fn reserved_rows(bytes: usize, row_bytes: usize) -> usize {
    bytes.min(1 << 30) / row_bytes
}

/// Problems listed in full; the rest are counted.
pub const MAX_PROBLEMS: usize = 100;

pub(crate) struct Problems {
    file: std::borrow::Cow<'static, str>,
    pub(super) list: Vec<CsvProblem>,
    more: usize,
}

impl Problems {
    pub(crate) fn new(file: &'static str) -> Self {
        Problems {
            file: file.into(),
            list: Vec::new(),
            more: 0,
        }
    }

    /// As [`Problems::new`], for a file named at run time (a vendor bill's
    /// file name).
    pub(crate) fn named(file: String) -> Self {
        Problems {
            file: file.into(),
            list: Vec::new(),
            more: 0,
        }
    }

    pub(crate) fn add(
        &mut self,
        line: u64,
        column: usize,
        field: &str,
        message: impl Into<String>,
    ) {
        self.add_with(line, column, field, || message.into());
    }

    /// As [`Problems::add`], writing the message only if it will be listed:
    /// a hostile file may have millions of bad rows.
    pub(crate) fn add_with(
        &mut self,
        line: u64,
        column: usize,
        field: &str,
        message: impl FnOnce() -> String,
    ) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(CsvProblem {
                line,
                column,
                field: field.to_owned(),
                message: message(),
            });
        } else {
            self.more += 1;
        }
    }

    /// Adds the problems of a piece of the file that follows those found so
    /// far, its lines counted from `lines` `\n`s before it: the first
    /// [`MAX_PROBLEMS`] in file order are listed, as one reader would list them.
    pub(crate) fn absorb(&mut self, piece: Problems, lines: u64) {
        for mut p in piece.list {
            if self.list.len() < MAX_PROBLEMS {
                p.line += lines;
                self.list.push(p);
            } else {
                self.more += 1;
            }
        }
        self.more += piece.more;
    }

    /// The problems listed, and how many more were counted.
    pub(crate) fn into_parts(self) -> (Vec<CsvProblem>, usize) {
        (self.list, self.more)
    }

    /// Problems of the sessions file listed and counted elsewhere (a
    /// worker's piece of it).
    pub(crate) fn from_parts(list: Vec<CsvProblem>, more: usize) -> Self {
        Problems {
            file: "sessions".into(),
            list,
            more,
        }
    }

    /// Problems found so far, listed or counted.
    pub(crate) fn count(&self) -> usize {
        self.list.len() + self.more
    }

    pub(crate) fn finish<T>(self, value: T) -> Result<T> {
        if self.list.is_empty() {
            Ok(value)
        } else {
            Err(Error::Csv {
                file: self.file.into_owned(),
                problems: self.list,
                more: self.more,
            })
        }
    }
}

/// Column positions of the required headers.
pub(super) fn columns<const N: usize, R: std::io::Read>(
    rdr: &mut Records<R>,
    names: [&str; N],
    file: &'static str,
) -> Result<[usize; N]> {
    columns_with(rdr, names, [], file).map(|(c, [])| c)
}

/// Column positions of the required headers, and of the optional ones present.
pub(super) fn columns_with<const N: usize, const M: usize, R: std::io::Read>(
    rdr: &mut Records<R>,
    names: [&str; N],
    optional: [&str; M],
    file: &'static str,
) -> Result<([usize; N], [Option<usize>; M])> {
    let problem = |line, message| Error::Csv {
        file: file.into(),
        problems: vec![CsvProblem {
            line,
            column: 0,
            field: String::new(),
            message,
        }],
        more: 0,
    };
    let headers = rdr.header().map_err(|(line, e)| problem(line, e))?;
    if headers.is_empty() {
        // No line but blank ones (a tester's file): "missing column(s)" read
        // as if a header were there.
        return Err(problem(
            1,
            format!(
                "no header: the file is empty or holds only blank lines. Its first line should be the header {}",
                names.join(",")
            ),
        ));
    }
    let find = |n: &str| {
        headers
            .iter()
            .position(|h| h.trim_ascii().eq_ignore_ascii_case(n.as_bytes()))
    };
    let mut out = [0; N];
    let mut missing = Vec::new();
    for (i, n) in names.iter().enumerate() {
        match find(n) {
            Some(p) => out[i] = p,
            None => missing.push(*n),
        }
    }
    if missing.is_empty() {
        Ok((out, optional.map(find)))
    } else {
        // One header cell holding the names with another separator: a file
        // saved with semicolons or tabs (a spreadsheet's regional setting).
        let other = (headers.len() == 1)
            .then(|| [b';', b'\t'].into_iter().find(|s| headers[0].contains(s)))
            .flatten();
        let hint = match other {
            Some(b';') => " The header is one column holding semicolons: save the file with commas as separators.",
            Some(_) => " The header is one column holding tabs: save the file with commas as separators.",
            None => "",
        };
        Err(problem(
            1,
            format!(
                "missing column(s) {} (the header needs {}).{hint}",
                missing.join(", "),
                names.join(",")
            ),
        ))
    }
}

pub(crate) fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or("")
}

/// A cell as a message quotes it: text with control characters and quotes
/// escaped, and bytes that are not UTF-8 as `\xFF` (never silently `""`).
pub(crate) fn shown(b: &[u8]) -> String {
    let mut out = String::new();
    for chunk in b.utf8_chunks() {
        out.extend(chunk.valid().escape_debug());
        for x in chunk.invalid() {
            out.push_str(&format!("\\x{x:02X}"));
        }
    }
    out
}

/// The problem with a cell that is not UTF-8 text.
pub(crate) fn not_utf8(b: &[u8]) -> String {
    format!("not UTF-8 text: {}", shown(b))
}

/// An id cell's text, or a problem at its line and column if it is not UTF-8.
pub(crate) fn utf8<'a>(
    bad: &mut Problems,
    line: u64,
    c: usize,
    field: &str,
    b: &'a [u8],
) -> Option<&'a str> {
    let t = std::str::from_utf8(b).ok();
    if t.is_none() {
        bad.add_with(line, c + 1, field, || not_utf8(b));
    }
    t
}
