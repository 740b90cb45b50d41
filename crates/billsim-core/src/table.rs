//! Rectangular reports as the result carries them, and their CSV, text and
//! JSON renderings. Plain data: the reports module fills them.

use std::collections::BTreeMap;

/// A rectangular report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct Table {
    /// Column names.
    pub headers: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

/// `headers` and `rows` as CSV text (see [`csv_line`]): the one CSV writer
/// of billsim, the app's downloads included.
pub fn csv<H: AsRef<str>, C: AsRef<str>>(headers: &[H], rows: &[Vec<C>]) -> String {
    let mut out = String::new();
    csv_line(headers, &mut out);
    for r in rows {
        csv_line(r, &mut out);
    }
    out
}

/// One CSV record and its line end, written as the `csv` crate's default
/// writer does (its reader is the reference): a cell is quoted when it holds
/// a comma, a quote or a line break, its quotes doubled; a record of one
/// empty cell is written `""`, so it does not read back as no record at all.
pub fn csv_line<S: AsRef<str>>(cells: &[S], out: &mut String) {
    if let [only] = cells {
        if only.as_ref().is_empty() {
            out.push_str("\"\"\n");
            return;
        }
    }
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let cell = cell.as_ref();
        if cell.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(cell);
        }
    }
    out.push('\n');
}

impl Table {
    /// CSV with a header line; cells quoted where needed.
    pub fn to_csv(&self) -> String {
        csv(&self.headers, &self.rows)
    }

    /// Aligned text.
    pub fn to_text(&self) -> String {
        let all: Vec<&Vec<String>> = std::iter::once(&self.headers).chain(&self.rows).collect();
        let widths: Vec<usize> = (0..self.headers.len())
            .map(|c| {
                all.iter()
                    .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for r in all {
            let start = out.len();
            for (c, (s, &w)) in r.iter().zip(&widths).enumerate() {
                if c > 0 {
                    out.push_str("  ");
                }
                // Padded by hand: `format!("{s:<w$}")` panics past a width of 65,535.
                out.push_str(s);
                out.extend(std::iter::repeat_n(
                    ' ',
                    w.saturating_sub(s.chars().count()),
                ));
            }
            let end = out[start..].trim_end().len();
            out.truncate(start + end);
            out.push('\n');
        }
        out
    }

    /// JSON array of objects.
    pub fn to_json(&self) -> String {
        let rows: Vec<BTreeMap<&str, &str>> = self
            .rows
            .iter()
            .map(|r| {
                self.headers
                    .iter()
                    .map(String::as_str)
                    .zip(r.iter().map(String::as_str))
                    .collect()
            })
            .collect();
        serde_json::to_string_pretty(&rows).unwrap_or_default()
    }
}

/// The three reports, as carried in a result.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct ReportTables {
    /// R-K4: date, org, peak, minutes_at_peak.
    pub daily_peaks: Table,
    /// R-H3: user, org, date, duration.
    pub user_hours: Table,
    /// cycle, user, org, product, tier, first_billable_login.
    pub billable_users: Table,
}
