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

impl Table {
    /// CSV with a header line; cells quoted where needed.
    pub fn to_csv(&self) -> String {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(&self.headers);
        for r in &self.rows {
            let _ = w.write_record(r);
        }
        w.into_inner()
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default()
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
