//! A sessions file read in pieces on every core (the CLI's `--sessions`):
//! the same table, user ids and problems (with their true line:column) as
//! one reader from the top.
//!
//! The file is read in rounds of a few MiB; each round is cut after line
//! ends into pieces, each piece read by its own [`SessionsReader`], and the
//! pieces joined in file order (user ids interned again in that order, so
//! every user keeps the id the reader from the top gives it; each piece's
//! lines shifted by the `\n`s before it). While one round is read on the
//! cores, the next is read from the file.
//!
//! A line end is a record's end unless a quoted field spans it, and a
//! record past the length limit is decided by how much of it a read held;
//! both end a piece's records with a failure. So any failure in any piece
//! (and any read error) reads the whole file again from the top, one
//! reader: the answer is always the one reader's.

use std::io::{Read, Seek, SeekFrom};

use super::cells::{reserved_rows, Problems};
use super::records::{Records, MAX_LINE};
use super::sessions::{header, sessions_with, SessionsReader, Strict};
use crate::cores;
use crate::error::{Error, Result};
use crate::usage::{Catalog, Sessions};

/// Bytes read per round: a few pieces per core, each long enough that its
/// reader's start-up is nothing, and the round buffers small beside the
/// table (two are held: one read on the cores, the next from the file).
const ROUND: usize = 4 << 20;

/// How a file is cut: `round` bytes read at a time, cut into `pieces`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Pieces per round.
    pub pieces: usize,
    /// Bytes per round (a round ends at a line end, so it may be longer).
    pub round: usize,
}

/// Reads a sessions file as [`super::sessions`] does, on every core (one
/// reader where there are no threads). `bytes` is the file's size, for
/// the room reserved up front. The input must be seekable: a file whose
/// pieces cannot be read apart is read again from where it started.
pub fn sessions_parallel<R: Read + Seek + Send>(
    input: R,
    bytes: usize,
    cat: &Catalog,
) -> Result<Sessions> {
    match cores::count() {
        1 => sessions_with(input, &mut Strict(cat), bytes),
        n => {
            // Two pieces a core: a piece of slow rows does not hold up a round.
            let split = Split {
                pieces: 2 * n,
                round: ROUND,
            };
            sessions_in_pieces(input, bytes, cat, split)
        }
    }
}

/// As [`sessions_parallel`], cut as `split` says (the tests try any cut).
pub fn sessions_in_pieces<R: Read + Seek + Send>(
    mut input: R,
    bytes: usize,
    cat: &Catalog,
    split: Split,
) -> Result<Sessions> {
    let Ok(top) = input.stream_position() else {
        return sessions_with(input, &mut Strict(cat), bytes);
    };
    if let Some(done) = read_pieces(&mut input, bytes, cat, split) {
        return done;
    }
    input.seek(SeekFrom::Start(top)).map_err(|e| {
        Error::invalid(
            "sessions",
            format!("cannot read the file again from its start: {e}"),
        )
    })?;
    sessions_with(input, &mut Strict(cat), bytes)
}

/// The file read in pieces, or none if a piece failed (see the module doc).
fn read_pieces<R: Read + Send>(
    input: &mut R,
    bytes: usize,
    cat: &Catalog,
    split: Split,
) -> Option<Result<Sessions>> {
    // The header as the reader from the top reads it (its errors too).
    let mut rdr = Records::new(input);
    let cols = match header(&mut rdr) {
        Ok(cols) => cols,
        Err(e) => return Some(Err(e)),
    };
    let width = rdr.width();
    let (mut buf, input, lines) = rdr.into_rest();
    let mut joined = Joined {
        out: Sessions::default(),
        bad: Problems::new("sessions"),
        lines,
    };
    joined.out.rows.reserve(reserved_rows(bytes, 60));
    let mut round = fill(input, &mut buf, split.round)?;
    let mut last = Vec::new();
    loop {
        let (end, eof) = round;
        let mut next = buf[end..].to_vec();
        // This round's pieces are read while the last round's are joined
        // and the next round is read from the file.
        let (added, (pieces, more)) = cores::join(
            || joined.add(std::mem::take(&mut last)),
            || {
                cores::join(
                    || {
                        let pieces = cut(&buf[..end], split.pieces);
                        cores::map(pieces, |piece| read_piece(piece, cols, width, cat))
                    },
                    || (!eof).then(|| fill(input, &mut next, split.round)),
                )
            },
        );
        added?;
        last = pieces;
        match more {
            None => {
                joined.add(last)?;
                return Some(joined.bad.finish(joined.out));
            }
            Some(read) => round = read?,
        }
        buf = next;
    }
}

/// The pieces read so far, joined in file order.
struct Joined {
    out: Sessions,
    bad: Problems,
    /// The `\n`s before the next piece.
    lines: u64,
}

impl Joined {
    /// Adds the pieces that follow, in order; none if one failed.
    fn add(&mut self, pieces: Vec<Piece>) -> Option<()> {
        for p in pieces {
            if p.failed {
                return None;
            }
            self.bad.absorb(p.bad, self.lines);
            self.lines += p.lines;
            // Nothing of a file with a bad row is applied: stop building.
            if self.bad.count() == 0 {
                self.out.extend(&p.sessions);
            }
        }
        Some(())
    }
}

/// What one piece's reader found.
struct Piece {
    sessions: Sessions,
    bad: Problems,
    /// The `\n`s in the piece.
    lines: u64,
    /// Whether its records ended early (see the module doc).
    failed: bool,
}

fn read_piece(bytes: &[u8], cols: [usize; 5], width: Option<usize>, cat: &Catalog) -> Piece {
    let mut ids = Strict(cat);
    let mut r = SessionsReader::new(cols, &mut ids, bytes.len());
    let mut failed = false;
    let lines = Records::continuing(bytes, width).each(|line, rec| {
        failed |= rec.is_err();
        r.row(line, rec);
    });
    Piece {
        sessions: r.out,
        bad: r.bad,
        lines,
        failed,
    }
}

/// `bytes` in at most `n` pieces of about equal length, each ending after a
/// `\n` (but the last).
fn cut(mut bytes: &[u8], n: usize) -> Vec<&[u8]> {
    let mut out = Vec::with_capacity(n);
    for left in (1..=n.max(1)).rev() {
        if bytes.is_empty() {
            break;
        }
        let at = bytes.len() / left;
        let end = match bytes[at..].iter().position(|&b| b == b'\n') {
            Some(i) if left > 1 => at + i + 1,
            _ => bytes.len(),
        };
        let (piece, rest) = bytes.split_at(end);
        out.push(piece);
        bytes = rest;
    }
    out
}

/// Reads on into `buf` until it holds `round` bytes and a line end, or the
/// input ends: where the last whole line ends, and whether the input ended.
/// None on a read error, or a line far past a record's limit (the reader
/// from the top says what is wrong).
fn fill(input: &mut impl Read, buf: &mut Vec<u8>, round: usize) -> Option<(usize, bool)> {
    // Bytes before it hold no `\n`.
    let mut searched = 0;
    loop {
        let want = round.saturating_sub(buf.len()).max(1 << 16);
        buf.reserve(want);
        let n = input.by_ref().take(want as u64).read_to_end(buf).ok()?;
        if n < want {
            return Some((buf.len(), true));
        }
        if buf.len() >= round {
            if let Some(i) = buf[searched..].iter().rposition(|&b| b == b'\n') {
                return Some((searched + i + 1, false));
            }
            searched = buf.len();
            if searched > round + MAX_LINE {
                return None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::sessions::tests::cat;
    use super::*;
    use std::io::Cursor;

    const ROW: &str = "ana,main,cx2,2026-10-21T08:00:00Z,2026-10-21T09:00:00Z\n";

    /// Read in pieces of a few rows, and by one reader.
    fn both(file: &[u8]) -> (Result<Sessions>, Result<Sessions>) {
        let split = Split {
            pieces: 3,
            round: 200,
        };
        let pieces = sessions_in_pieces(Cursor::new(file), file.len(), &cat(), split);
        (pieces, super::super::sessions(file, &cat()))
    }

    #[test]
    fn pieces_end_after_a_line_end() {
        let text = b"a\nbb\nccc\ndddd\n";
        for n in 1..8 {
            let pieces = cut(text, n);
            assert_eq!(pieces.concat(), text);
            assert!(pieces.len() <= n);
            assert!(pieces.iter().all(|p| p.ends_with(b"\n")), "{n}");
        }
    }

    #[test]
    fn r_v1_a_bad_row_deep_in_the_file_keeps_its_line_and_column() {
        let mut file = String::from("user,org,product,login,logout\n");
        for _ in 0..40 {
            file.push_str(ROW);
        }
        file.push_str("bob,mars,cx2,2026-10-21T08:00:00Z,2026-10-21T09:00:00Z\n");
        file.push_str(&ROW.repeat(10));
        let (pieces, one) = both(file.as_bytes());
        let e = pieces.unwrap_err();
        assert_eq!(Some(&e), one.as_ref().err());
        assert!(e.to_string().contains("line 42:2"), "{e}");
    }

    #[test]
    fn r_v1_a_record_past_the_limit_is_refused_as_one_reader_refuses_it() {
        // Longer than a record may be, shorter than two reads: one reader
        // refuses it whatever its reads held; the pieces read it again.
        let mut file = String::from("user,org,product,login,logout\n");
        file.push_str(&ROW.repeat(20));
        file.push_str(&"x".repeat(MAX_LINE + MAX_LINE / 2));
        file.push('\n');
        file.push_str(ROW);
        let (pieces, one) = both(file.as_bytes());
        let e = pieces.unwrap_err();
        assert_eq!(Some(&e), one.as_ref().err());
        assert!(e.to_string().contains("line 22: "), "{e}");
        assert!(e.to_string().contains("longer than"), "{e}");
    }

    #[test]
    fn a_quoted_line_break_across_pieces_reads_as_one_reader_reads_it() {
        let mut file = String::from("user,org,product,login,logout\n");
        for i in 0..30 {
            let user = if i % 7 == 3 { "\"an\na\"" } else { "ana" };
            file.push_str(&ROW.replacen("ana", user, 1));
        }
        let (pieces, one) = both(file.as_bytes());
        let (pieces, one) = (pieces.unwrap(), one.unwrap());
        assert_eq!(pieces.users, ["ana", "an\na"]);
        assert_eq!((pieces.users, pieces.rows), (one.users, one.rows));
    }
}
