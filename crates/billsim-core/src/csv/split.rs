//! A sessions file read without a scenario by readers that share no memory
//! (the browser's workers, each reading its own range of the person's
//! file): the same table, ids and problems as [`super::sessions_open`].
//!
//! The head (the header) is read first, from the file's first bytes. The
//! rows after it are cut at byte offsets into ranges; a range owns the
//! lines that start in it, so a reader reads one byte before its range
//! (to see whether a line starts at its first byte) and on past its end
//! to finish its last line. Each range is read into an encoded [`Piece`]
//! (bytes, to travel between workers), and the pieces are joined in file
//! order as the native reader joins its pieces (`super::pieces`): any
//! failure (a quoted line end, a line past the limit, more ids than an
//! index holds) says to read the whole file again from the top.

use super::cells::{reserved_rows, Problems};
use super::records::{Records, MAX_LINE};
use super::sessions::{header, IdError, Ids, OpenIds, SessionsReader};
use crate::error::{CsvProblem, Result};
use crate::usage::{SessionRow, Sessions};

/// A sessions file's header, read apart from its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Head {
    cols: [usize; 5],
    width: Option<usize>,
    /// Where the first row starts, in bytes from the file's start.
    pub rows_at: u64,
    /// The `\n`s before it.
    lines: u64,
}

/// The head of a file that starts with `first` (`whole`: the file is no
/// more than that): none when the header does not end within `first`;
/// the header's own error when it has one.
pub fn head(first: &[u8], whole: bool) -> Option<Result<Head>> {
    let mut rdr = Records::new(std::io::Cursor::new(first));
    let cols = match header(&mut rdr) {
        Ok(cols) => cols,
        // Cut short, a header may lack what the rest of it has.
        Err(e) => return whole.then_some(Err(e)),
    };
    let width = rdr.width();
    let (rest, input, lines) = rdr.into_rest();
    let read = usize::try_from(input.position()).ok()?;
    let rows_at = read.checked_sub(rest.len())?;
    if !whole && rows_at >= first.len() {
        return None;
    }
    Some(Ok(Head {
        cols,
        width,
        rows_at: rows_at as u64,
        lines,
    }))
}

/// A range of a file's rows: it owns the lines that start in `from..to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Range {
    /// Bytes from the file's start.
    pub from: u64,
    /// Bytes from the file's start.
    pub to: u64,
    /// The file's size.
    pub size: u64,
}

impl Head {
    /// The rows of a file of `size` bytes cut into `n` ranges of about
    /// equal length, in file order.
    pub fn ranges(&self, size: u64, n: usize) -> Vec<Range> {
        let n = n.max(1) as u64;
        let rows = size.saturating_sub(self.rows_at);
        (0..n)
            .map(|i| Range {
                from: self.rows_at + rows * i / n,
                to: self.rows_at + rows * (i + 1) / n,
                size,
            })
            .filter(|r| r.to > r.from)
            .collect()
    }
}

impl Range {
    /// The bytes a reader of this range reads: one before it (but at the
    /// file's first row) and on to a line's length past it.
    pub fn read(&self, head: &Head) -> (u64, u64) {
        let start = if self.from > head.rows_at {
            self.from - 1
        } else {
            self.from
        };
        (start, self.size.min(self.to + MAX_LINE as u64 + 1))
    }
}

/// What one reader found in its range, encoded ([`Piece::decode`]).
#[derive(Debug, Default)]
pub struct Piece {
    sessions: Sessions,
    ids: OpenIds,
    problems: Vec<CsvProblem>,
    more: usize,
    /// The `\n`s in the lines it read.
    lines: u64,
    /// Whether it could not be read apart (see the module doc).
    failed: bool,
}

/// Reads the lines of `range` from `bytes`, the file's bytes from
/// `range.read(head).0` on (as far as `range.read(head).1`).
pub fn read(bytes: Vec<u8>, head: &Head, range: &Range) -> Vec<u8> {
    let (at, _) = range.read(head);
    let owned = owned_lines(&bytes, at, head, range);
    let mut piece = Piece::default();
    match owned {
        None => piece.failed = true,
        Some((start, end)) => {
            let mut r = SessionsReader::new(head.cols, &mut piece.ids, end - start);
            let mut failed = false;
            piece.lines =
                Records::continuing_in(bytes, start, end, head.width).each(|line, rec| {
                    failed |= rec.is_err();
                    r.row(line, rec);
                });
            let SessionsReader { out, bad, .. } = r;
            piece.sessions = out;
            (piece.problems, piece.more) = bad.into_parts();
            // An index full in one piece may be past full in the file.
            let full = |v: &[String]| v.len() >= usize::from(u16::MAX - 1);
            piece.failed = failed || full(&piece.ids.orgs) || full(&piece.ids.products);
        }
    }
    piece.encode()
}

/// Where the owned lines are in `bytes` (which start at file offset `at`):
/// none when the last one does not end within them.
fn owned_lines(bytes: &[u8], at: u64, head: &Head, range: &Range) -> Option<(usize, usize)> {
    let rel = |x: u64| usize::try_from(x.checked_sub(at)?).ok();
    let (from, to) = (rel(range.from)?, rel(range.to)?);
    // A line starts at the file's first row and after a `\n`.
    let line_at = |i: usize| -> Option<usize> {
        if i == 0 && at == head.rows_at {
            return Some(0);
        }
        let nl = bytes
            .get(i.checked_sub(1)?..)?
            .iter()
            .position(|&b| b == b'\n');
        Some(match nl {
            Some(k) => i + k,
            None => bytes.len(),
        })
    };
    let start = line_at(from)?;
    let end = if range.to >= range.size {
        bytes.len()
    } else {
        let end = line_at(to)?;
        // The last line must end within what was read.
        if end == bytes.len() && at + bytes.len() as u64 != range.size {
            return None;
        }
        end
    };
    Some((start.min(end), end))
}

/// Little-endian writes of a piece's parts.
struct Out(Vec<u8>);

impl Out {
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u64(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn strs(&mut self, v: &[String]) {
        self.u64(v.len() as u64);
        for s in v {
            self.str(s);
        }
    }
}

/// Reads back what [`Out`] wrote; none past the end.
struct In<'a>(&'a [u8]);

impl<'a> In<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (a, b) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = b;
        Some(a)
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }
    fn str(&mut self) -> Option<&'a str> {
        let n = self.len()?;
        std::str::from_utf8(self.take(n)?).ok()
    }
    fn strs(&mut self) -> Option<Vec<&'a str>> {
        let n = self.len()?;
        // Each takes at least 8 bytes: a hostile count allocates nothing.
        let mut v = Vec::with_capacity(n.min(self.0.len() / 8));
        for _ in 0..n {
            v.push(self.str()?);
        }
        Some(v)
    }
}

/// Bytes per row: user, org, product, login, logout.
const ROW: usize = 4 + 2 + 2 + 8 + 8;

impl Piece {
    fn encode(&self) -> Vec<u8> {
        let rows = &self.sessions.rows;
        let mut o = Out(Vec::with_capacity(64 + rows.len() * ROW));
        o.u64(u64::from(self.failed));
        o.u64(self.lines);
        o.u64(self.more as u64);
        o.str(&serde_json::to_string(&self.problems).unwrap_or_default());
        o.strs(&self.sessions.users);
        o.strs(&self.ids.orgs);
        o.strs(&self.ids.products);
        o.u64(rows.len() as u64);
        for r in rows {
            o.0.extend_from_slice(&r.user.to_le_bytes());
            o.0.extend_from_slice(&r.org.to_le_bytes());
            o.0.extend_from_slice(&r.product.to_le_bytes());
            o.0.extend_from_slice(&r.login.to_le_bytes());
            o.0.extend_from_slice(&r.logout.to_le_bytes());
        }
        o.0
    }
}

/// Pieces joined in file order.
pub struct Joined {
    out: Sessions,
    ids: OpenIds,
    bad: Problems,
    /// The `\n`s before the next piece.
    lines: u64,
    failed: bool,
}

impl Joined {
    /// Nothing joined yet, of a file of `size` bytes.
    pub fn new(head: &Head, size: u64) -> Self {
        let mut out = Sessions::default();
        out.rows.reserve(reserved_rows(
            usize::try_from(size).unwrap_or(usize::MAX),
            60,
        ));
        Joined {
            out,
            ids: OpenIds::default(),
            bad: Problems::new("sessions"),
            lines: head.lines,
            failed: false,
        }
    }

    /// Adds the encoded piece that follows those added so far.
    pub fn add(&mut self, piece: &[u8]) {
        if !self.failed && self.add_piece(piece).is_none() {
            self.failed = true;
        }
    }

    fn add_piece(&mut self, piece: &[u8]) -> Option<()> {
        let mut i = In(piece);
        if i.u64()? != 0 {
            return None;
        }
        let lines = i.u64()?;
        let more = i.len()?;
        let problems: Vec<CsvProblem> = serde_json::from_str(i.str()?).ok()?;
        self.bad
            .absorb(Problems::from_parts(problems, more), self.lines);
        self.lines += lines;
        let users = i.strs()?;
        let (orgs, products) = (i.strs()?, i.strs()?);
        let n = i.len()?;
        let rows = i.take(n.checked_mul(ROW)?)?;
        // Nothing of a file with a bad row is applied: stop building.
        if self.bad.count() > 0 {
            return Some(());
        }
        let users: Vec<u32> = users.iter().map(|u| self.out.intern(u)).collect();
        let place = |ids: &[&str], f: &mut dyn FnMut(&str) -> std::result::Result<u16, IdError>| {
            ids.iter()
                .map(|id| f(id).ok())
                .collect::<Option<Vec<u16>>>()
        };
        let orgs = place(&orgs, &mut |id| self.ids.org_id(id))?;
        let products = place(&products, &mut |id| self.ids.product_id(id))?;
        self.out.rows.reserve(n);
        for r in rows.chunks_exact(ROW) {
            let u32_at = |k: usize| u32::from_le_bytes([r[k], r[k + 1], r[k + 2], r[k + 3]]);
            let u16_at = |k: usize| usize::from(u16::from_le_bytes([r[k], r[k + 1]]));
            let i64_at = |k: usize| i64::from_le_bytes(r[k..k + 8].try_into().unwrap_or_default());
            self.out.rows.push(SessionRow {
                user: *users.get(u32_at(0) as usize)?,
                org: *orgs.get(u16_at(4))?,
                product: *products.get(u16_at(6))?,
                login: i64_at(8),
                logout: i64_at(16),
            });
        }
        Some(())
    }

    /// The file's sessions and ids, or their problems; none when a piece
    /// could not be read apart (read the file from the top).
    pub fn finish(self) -> Option<Result<(Sessions, OpenIds)>> {
        if self.failed {
            return None;
        }
        Some(self.bad.finish((self.out, self.ids)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The file read by `n` readers of ranges, as the workers read it.
    fn by_ranges(file: &[u8], n: usize, probe: usize) -> Option<Result<(Sessions, OpenIds)>> {
        let head = match head(&file[..file.len().min(probe)], file.len() <= probe)? {
            Ok(h) => h,
            Err(e) => return Some(Err(e)),
        };
        let mut joined = Joined::new(&head, file.len() as u64);
        for r in head.ranges(file.len() as u64, n) {
            let (a, b) = r.read(&head);
            joined.add(&read(file[a as usize..b as usize].to_vec(), &head, &r));
        }
        joined.finish()
    }

    fn same(file: &[u8], n: usize, probe: usize) {
        let whole = super::super::sessions_open(file);
        let Some(split) = by_ranges(file, n, probe) else {
            return; // read again from the top: the whole reader's answer
        };
        match (whole, split) {
            (Ok((a, ia)), Ok((b, ib))) => {
                assert_eq!(a.users, b.users);
                assert_eq!(a.rows, b.rows);
                assert_eq!((ia.orgs, ia.products), (ib.orgs, ib.products));
            }
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
            (a, b) => panic!("whole {a:?}, in ranges {b:?}"),
        }
    }

    fn line() -> impl Strategy<Value = String> {
        let good = (0..5u8, 0..3u8, 0..2u8, 0..50u32, 1..50u32).prop_map(|(u, o, p, at, len)| {
            format!(
                "u{u},org{o},p{p},2026-01-01T{:02}:{:02}:00Z,2026-01-01T{:02}:{:02}:00Z\n",
                at / 60,
                at % 60,
                (at + len) / 60,
                (at + len) % 60
            )
        });
        prop_oneof![
            8 => good,
            1 => Just("u1,org1,p1,2026-01-01T05:00:00Z,2026-01-01T04:00:00Z\n".to_owned()),
            1 => Just("u2,,p1,yesterday,2026-01-01T04:00:00Z\r\n".to_owned()),
            1 => Just("\"u,3\",org2,p0,2026-01-01T05:00:00Z,2026-01-01T06:00:00.5Z\n".to_owned()),
            1 => Just("\"u\n4\",org2,p0,2026-01-01T05:00:00Z,2026-01-01T06:00:00Z\n".to_owned()),
            1 => Just("\n".to_owned()),
            1 => Just("short,row\n".to_owned()),
        ]
    }

    proptest! {
        /// Issue 24: the workers' readers of ranges equal the reader from
        /// the top (R-V1: the same rows, ids and problems at the same
        /// lines), however the file is cut.
        #[test]
        fn r_v1_ranges_read_apart_equal_the_reader_from_the_top(
            lines in proptest::collection::vec(line(), 0..60),
            n in 1usize..7,
            probe in 1usize..200,
            bom in any::<bool>(),
            last_newline in any::<bool>(),
        ) {
            let mut file = String::new();
            if bom { file.push('\u{feff}'); }
            file.push_str("login,user,org,product,logout,note\n");
            for l in &lines { file.push_str(l); }
            if !last_newline && file.ends_with('\n') { file.pop(); }
            same(file.as_bytes(), n, probe);
        }
    }

    #[test]
    fn a_header_longer_than_the_first_bytes_is_read_from_the_top() {
        let file =
            b"user,org,product,login,logout\nu,o,p,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z\n";
        assert!(head(&file[..10], false).is_none());
        assert!(head(&file[..31], false).is_some());
        assert_eq!(by_ranges(file, 3, 31).unwrap().unwrap().0.rows.len(), 1);
    }

    #[test]
    fn a_quoted_line_end_across_a_cut_reads_from_the_top_or_equals_it() {
        let mut file = String::from("user,org,product,login,logout\n");
        for _ in 0..20 {
            file.push_str(
                "\"a\nbbbbbbbbbbbbbbbbbbbbbbbb\",o,p,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z\n",
            );
        }
        // Cut inside a quoted line end, the pieces say so; cut at line
        // starts, they are right.
        let mut failed = 0;
        for n in 1..40 {
            same(file.as_bytes(), n, 1000);
            failed += usize::from(by_ranges(file.as_bytes(), n, 1000).is_none());
        }
        assert!(failed > 0);
    }

    #[test]
    fn a_damaged_piece_fails_without_panicking() {
        let file =
            b"user,org,product,login,logout\nu,o,p,2026-01-01T00:00:00Z,2026-01-01T01:00:00Z\n";
        let head = head(file, true).unwrap().unwrap();
        let r = head.ranges(file.len() as u64, 1)[0];
        let piece = read(file[r.read(&head).0 as usize..].to_vec(), &head, &r);
        for cut in 0..piece.len() {
            let mut j = Joined::new(&head, 100);
            j.add(&piece[..cut]);
            assert!(j.finish().is_none(), "cut at {cut}");
        }
        let mut j = Joined::new(&head, 100);
        j.add(&piece);
        assert_eq!(j.finish().unwrap().unwrap().0.rows.len(), 1);
    }
}
