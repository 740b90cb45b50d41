//! Rows made one at a time and written as they are made. A usage report
//! can be far larger than anything worth holding (2,000 users logged in
//! for 20 years are 14.6 million user-days): its CSV, JSON and text are
//! written holding one row, never the whole report (issue 23 #3). The
//! bytes are exactly those of [`Table`]'s renderings of the same rows.

use std::io::{self, Write};

use crate::table::Table;

/// A report whose rows are made on demand, always in the same order.
pub trait Rows {
    /// Column names.
    fn headers(&self) -> Vec<&str>;

    /// Calls `f` with each row in order; stops at its first error and returns it.
    fn each<E>(&self, f: &mut dyn FnMut(&[&str]) -> Result<(), E>) -> Result<(), E>;
}

impl Rows for Table {
    fn headers(&self) -> Vec<&str> {
        self.headers.iter().map(String::as_str).collect()
    }

    fn each<E>(&self, f: &mut dyn FnMut(&[&str]) -> Result<(), E>) -> Result<(), E> {
        let mut cells = Vec::new();
        for r in &self.rows {
            cells.clear();
            cells.extend(r.iter().map(String::as_str));
            f(&cells)?;
        }
        Ok(())
    }
}

/// Every row, held: for reports known to be small, and for tests.
pub fn table<R: Rows>(r: &R) -> Table {
    first(r, usize::MAX).0
}

/// The first `limit` rows, and how many more there were: a report bounded
/// before it is held (the app's pages, a result's reports).
pub fn first<R: Rows>(r: &R, limit: usize) -> (Table, usize) {
    let mut rows = Vec::new();
    let mut more = 0usize;
    let _ = r.each::<()>(&mut |row| {
        if rows.len() < limit {
            rows.push(row.iter().map(|&c| c.to_owned()).collect());
        } else {
            more += 1;
        }
        Ok(())
    });
    let headers = r.headers().into_iter().map(String::from).collect();
    (Table { headers, rows }, more)
}

/// How many rows, none of them held.
pub fn count<R: Rows>(r: &R) -> usize {
    let mut n = 0usize;
    let _ = r.each::<()>(&mut |_| {
        n += 1;
        Ok(())
    });
    n
}

/// CSV with a header line, as [`Table::to_csv`] writes it.
pub fn csv<R: Rows, W: Write>(r: &R, w: W) -> io::Result<()> {
    let mut out = io::BufWriter::new(w);
    let mut line = String::new();
    crate::table::csv_line(&r.headers(), &mut line);
    out.write_all(line.as_bytes())?;
    r.each(&mut |row| {
        line.clear();
        crate::table::csv_line(row, &mut line);
        out.write_all(line.as_bytes())
    })?;
    out.flush()
}

/// A JSON array of objects keyed by column, pretty, as [`Table::to_json`].
pub fn json<R: Rows, W: Write>(r: &R, w: W) -> io::Result<()> {
    let mut out = Json::new(w);
    out.objects(r)?;
    out.finish().map(drop)
}

/// Aligned text, as [`Table::to_text`]: the rows are made twice, once to
/// measure the columns and once to write them.
pub fn text<R: Rows, W: Write>(r: &R, mut w: W) -> io::Result<()> {
    let headers = r.headers();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    let _ = r.each::<()>(&mut |row| {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
        Ok(())
    });
    let mut line = String::new();
    let mut put = |row: &[&str]| -> io::Result<()> {
        line.clear();
        for (c, (s, &width)) in row.iter().zip(&widths).enumerate() {
            if c > 0 {
                line.push_str("  ");
            }
            // Padded by hand: `format!("{s:<w$}")` panics past a width of 65,535.
            line.push_str(s);
            line.extend(std::iter::repeat_n(
                ' ',
                width.saturating_sub(s.chars().count()),
            ));
        }
        let end = line.trim_end().len();
        line.truncate(end);
        line.push('\n');
        w.write_all(line.as_bytes())
    };
    put(&headers)?;
    r.each(&mut put)
}

/// Pretty JSON laid out exactly as `serde_json::to_string_pretty` lays it
/// out (two spaces a level), made by hand into a buffer passed on every
/// 64 KiB: serde's token-by-token writes cost three times as much on a
/// report of millions of rows.
pub struct Json<W: Write> {
    w: W,
    buf: Vec<u8>,
}

const SPILL: usize = 1 << 16;

impl<W: Write> Json<W> {
    /// Writes to `w`.
    pub fn new(w: W) -> Self {
        Json {
            w,
            buf: Vec::with_capacity(SPILL + 4096),
        }
    }

    /// Bytes as they are (punctuation, a key and its colon).
    pub fn raw(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }

    /// A line break and the indent of `depth`.
    pub fn indent(&mut self, depth: usize) {
        const LINE: &[u8; 33] = b"\n                                ";
        match LINE.get(..1 + 2 * depth) {
            Some(b) => self.buf.extend_from_slice(b),
            None => {
                self.buf.push(b'\n');
                for _ in 0..depth {
                    self.buf.extend_from_slice(b"  ");
                }
            }
        }
    }

    /// A JSON string, escaped as serde_json escapes it.
    pub fn string(&mut self, s: &str) {
        // Every byte looked at, without a branch each: the check vectorizes.
        let plain = !s.bytes().fold(false, |bad, b| {
            bad | (b < 0x20) | (b == b'"') | (b == b'\\')
        });
        if !plain {
            let _ = serde_json::to_writer(&mut self.buf, s);
        } else {
            self.buf.push(b'"');
            self.buf.extend_from_slice(s.as_bytes());
            self.buf.push(b'"');
        }
    }

    /// An array of strings whose `[` is at `depth`.
    pub fn strings(&mut self, items: &[&str], depth: usize) {
        if items.is_empty() {
            return self.raw(b"[]");
        }
        self.raw(b"[");
        for (i, s) in items.iter().enumerate() {
            if i > 0 {
                self.raw(b",");
            }
            self.indent(depth + 1);
            self.string(s);
        }
        self.indent(depth);
        self.raw(b"]");
    }

    /// Passes the buffer on once it is full.
    fn spill(&mut self) -> io::Result<()> {
        if self.buf.len() >= SPILL {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// `r` in [`Table`]'s shape, `{ "headers": [...], "rows": [[...]] }`,
    /// its `{` at `depth`.
    pub fn table<R: Rows>(&mut self, r: &R, depth: usize) -> io::Result<()> {
        self.raw(b"{");
        self.indent(depth + 1);
        self.raw(b"\"headers\": ");
        self.strings(&r.headers(), depth + 1);
        self.raw(b",");
        self.indent(depth + 1);
        self.raw(b"\"rows\": [");
        let mut any = false;
        r.each(&mut |row| {
            if any {
                self.raw(b",");
            }
            any = true;
            self.indent(depth + 2);
            self.strings(row, depth + 2);
            self.spill()
        })?;
        if any {
            self.indent(depth + 1);
        }
        self.raw(b"]");
        self.indent(depth);
        self.raw(b"}");
        Ok(())
    }

    /// The rows as an array of objects keyed by column at depth 0, keys in
    /// name order (the order of [`Table::to_json`]'s maps).
    fn objects<R: Rows>(&mut self, r: &R) -> io::Result<()> {
        let headers = r.headers();
        let mut order: Vec<usize> = (0..headers.len()).collect();
        order.sort_by_key(|&i| headers[i]);
        self.raw(b"[");
        let mut any = false;
        r.each(&mut |row| {
            if any {
                self.raw(b",");
            }
            any = true;
            self.indent(1);
            self.raw(b"{");
            // A short row has only its first cells' keys, as a zip gives them.
            let mut keys = 0;
            for &i in order.iter().filter(|&&i| i < row.len()) {
                self.raw(if keys > 0 { b"," } else { b"" });
                keys += 1;
                self.indent(2);
                self.string(headers[i]);
                self.raw(b": ");
                self.string(row[i]);
            }
            if keys > 0 {
                self.indent(1);
            }
            self.raw(b"}");
            self.spill()
        })?;
        if any {
            self.indent(0);
        }
        self.raw(b"]");
        Ok(())
    }

    /// Passes on what is left; the writer back.
    pub fn finish(mut self) -> io::Result<W> {
        self.w.write_all(&self.buf)?;
        self.buf.clear();
        Ok(self.w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        Table {
            headers: ["b", "a", "c"].map(String::from).to_vec(),
            rows: vec![
                ["x,y", "é", ""].map(String::from).to_vec(),
                ["\"q\"", "1", "  "].map(String::from).to_vec(),
                ["a\\b\u{1}\t\n\u{7f}", "日本", "/"]
                    .map(String::from)
                    .to_vec(),
                vec![],
                vec!["short".into()],
            ],
        }
    }

    fn written(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&mut out).expect("written");
        String::from_utf8(out).expect("utf-8")
    }

    /// Streamed renderings are byte for byte the held table's.
    #[test]
    fn streamed_csv_json_and_text_are_the_tables_bytes() {
        for t in [
            sample(),
            Table {
                headers: vec!["h".into()],
                rows: vec![],
            },
        ] {
            // CSV rows are as long as the header (a report's always are).
            let rect = Table {
                headers: t.headers.clone(),
                rows: t
                    .rows
                    .iter()
                    .filter(|r| r.len() == t.headers.len())
                    .cloned()
                    .collect(),
            };
            assert_eq!(written(|w| csv(&rect, w)), rect.to_csv());
            assert_eq!(written(|w| json(&t, w)), t.to_json());
            assert_eq!(written(|w| text(&t, w)), t.to_text());
            for depth in [0, 2] {
                let nested = written(|w| {
                    let mut out = Json::new(w);
                    out.table(&t, depth)?;
                    out.finish().map(drop)
                });
                let want = serde_json::to_string_pretty(&t).expect("json");
                assert_eq!(
                    nested,
                    want.replace('\n', &format!("\n{}", "  ".repeat(depth)))
                );
            }
        }
    }

    #[test]
    fn first_keeps_the_limit_and_counts_the_rest() {
        let (t, more) = first(&sample(), 2);
        assert_eq!((t.rows.len(), more), (2, 3));
        assert_eq!(count(&sample()), 5);
    }
}
