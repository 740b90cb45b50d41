//! Records of a CSV stream. Lines without a quote or a bare carriage return
//! (every export we have seen) are split at commas by hand: the csv crate's
//! byte-at-a-time state machine was most of a million-row import in the
//! browser. A record that needs real CSV rules goes through `csv-core` (the
//! csv crate's own parser). Blank lines are skipped and rows may have any
//! number of fields. Lines are numbered where each record starts, counting
//! every `\n` (the csv crate numbers a CRLF file's rows one line early).

use std::io::Read;

/// Bytes read from the input at a time (a longer line grows the buffer).
const CHUNK: usize = 1 << 20;

/// The longest record accepted, in bytes. A usage export's rows are a few
/// hundred bytes; without a bound a file that is one long line (or a stream
/// of commas) would be held, and rescanned, whole.
pub const MAX_LINE: usize = 1 << 20;

/// The most fields accepted on one record: each costs 16 bytes of bounds, so
/// a line of commas would otherwise cost 16 times its size.
pub const MAX_FIELDS: usize = 1024;

/// A UTF-8 byte-order mark, as Excel writes at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One record: its fields as byte ranges of `data`.
pub struct Row<'a> {
    data: &'a [u8],
    bounds: &'a [(usize, usize)],
}

impl<'a> Row<'a> {
    /// Field `c` (0-based), untrimmed; none past the record's last field.
    pub fn get(&self, c: usize) -> Option<&'a [u8]> {
        let &(s, e) = self.bounds.get(c)?;
        self.data.get(s..e)
    }
}

/// Finds the end of the first line of `hay`: the newline's index (none if
/// the line is not complete yet), the ranges of all fields but the last
/// (pushed to `bounds`, offset by `base`), where the last field starts, and
/// whether the line is plain (no quote, no bare carriage return).
fn scan(
    hay: &[u8],
    base: usize,
    eof: bool,
    bounds: &mut Vec<(usize, usize)>,
) -> (Option<usize>, usize, bool) {
    let mut field = 0;
    let mut i = 0;
    // STEP bytes at a time while there is no quote or CR: most steps find
    // no comma and no newline either.
    while let Some(mut hits) = hay.get(i..i + STEP).and_then(marks) {
        while hits != 0 {
            let j = i + hits.trailing_zeros() as usize;
            if hay.get(j) == Some(&b'\n') {
                return (Some(j), field, true);
            }
            // Checked per field, not per step: most steps hold no comma.
            if bounds.len() > MAX_FIELDS {
                return (None, field, true);
            }
            bounds.push((base + field, base + j));
            field = j + 1;
            hits &= hits - 1;
        }
        i += STEP;
    }
    let mut plain = true;
    for (j, &b) in hay[i..].iter().enumerate() {
        let j = i + j;
        match b {
            b',' if bounds.len() > MAX_FIELDS => return (None, field, plain),
            b',' => {
                bounds.push((base + field, base + j));
                field = j + 1;
            }
            b'\n' => return (Some(j), field, plain),
            b'"' => plain = false,
            // A CR ending the line (CRLF) is fine; a CR at the end of the
            // buffer is decided once more bytes are read.
            b'\r' => match hay.get(j + 1) {
                Some(b'\n') => {}
                Some(_) => plain = false,
                None => plain &= !eof,
            },
            _ => {}
        }
    }
    (None, field, plain)
}

/// Bytes [`scan`] looks at per step: a SIMD vector where every build has
/// one (SSE2 on x86-64, simd128 in wasm, where V8 runs it natively), a u64
/// elsewhere.
#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
const STEP: usize = 8;
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
))]
const STEP: usize = 16;

/// One bit per byte of `chunk` (STEP bytes) that is a comma or a newline,
/// lowest bit first; none if the chunk holds a quote or a CR.
#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
fn marks(chunk: &[u8]) -> Option<u32> {
    marks_u64(chunk)
}

/// [`marks`] of 8 bytes in a u64 (built for the tests everywhere, so the
/// builds that use it are tested where the tests run).
#[cfg(any(
    test,
    not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ))
))]
fn marks_u64(chunk: &[u8]) -> Option<u32> {
    let w = u64::from_le_bytes(chunk.try_into().ok()?);
    if (bytes_equal(w, b'"') | bytes_equal(w, b'\r')) != 0 {
        return None;
    }
    let m = bytes_equal(w, b',') | bytes_equal(w, b'\n');
    // Gathers the top bit of byte i into bit 56 + i (no two products meet
    // below bit 64, so nothing carries).
    Some((m.wrapping_mul(0x0002_0408_1020_4081) >> 56) as u32)
}

// Half the steps of the u64's, on the CLI's hot path (the year bench
// spent a seventh of its time in `scan`).
#[cfg(target_arch = "x86_64")]
fn marks(chunk: &[u8]) -> Option<u32> {
    // SAFETY: SSE2 is part of every x86-64 processor (the target's baseline).
    unsafe { marks_sse2(chunk) }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn marks_sse2(chunk: &[u8]) -> Option<u32> {
    use core::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
    };
    let half = |c: &[u8]| c.try_into().ok().map(i64::from_le_bytes);
    let v = _mm_set_epi64x(half(chunk.get(8..16)?)?, half(chunk.get(..8)?)?);
    let (quote, cr) = (
        _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8)),
        _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\r' as i8)),
    );
    if _mm_movemask_epi8(_mm_or_si128(quote, cr)) != 0 {
        return None;
    }
    let (comma, newline) = (
        _mm_cmpeq_epi8(v, _mm_set1_epi8(b',' as i8)),
        _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8)),
    );
    Some(_mm_movemask_epi8(_mm_or_si128(comma, newline)) as u32)
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn marks(chunk: &[u8]) -> Option<u32> {
    use core::arch::wasm32::{u64x2, u8x16_bitmask, u8x16_eq, u8x16_splat, v128_or};
    let half = |c: &[u8]| c.try_into().ok().map(u64::from_le_bytes);
    let v = u64x2(half(chunk.get(..8)?)?, half(chunk.get(8..16)?)?);
    let eq = |c| u8x16_eq(v, u8x16_splat(c));
    if u8x16_bitmask(v128_or(eq(b'"'), eq(b'\r'))) != 0 {
        return None;
    }
    Some(u32::from(u8x16_bitmask(v128_or(eq(b','), eq(b'\n')))))
}

/// 0x80 in each byte of `w` that equals `c`, 0 elsewhere (exact: no
/// borrow runs into the next byte).
#[cfg(any(
    test,
    not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ))
))]
fn bytes_equal(w: u64, c: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = w ^ (u64::from(c) * 0x0101_0101_0101_0101);
    !(((x & LOW7) + LOW7) | x | LOW7)
}

impl Records<&[u8]> {
    /// The records of `piece`, which starts after a record of a file whose
    /// header was read elsewhere (a file read in pieces): no header, no
    /// byte-order mark, lines counted from 0. The piece is the buffer,
    /// read whole.
    pub(crate) fn continuing(piece: &[u8], width: Option<usize>) -> Self {
        let mut r = Self::with_buffer(&[][..], 0);
        r.width = width;
        r.buf = piece.to_vec();
        r.end = piece.len();
        r.eof = true;
        r.header_read = true;
        r.bom_checked = true;
        r
    }
}

impl Records<std::io::Empty> {
    /// As [`Records::continuing`], the piece being `buf[start..end]`,
    /// read where it is (a worker's range, tens of MB: not copied again).
    pub(crate) fn continuing_in(
        mut buf: Vec<u8>,
        start: usize,
        end: usize,
        width: Option<usize>,
    ) -> Self {
        let end = end.min(buf.len());
        buf.truncate(end);
        let mut r = Self::with_buffer(std::io::empty(), 0);
        r.width = width;
        r.buf = buf;
        r.start = start.min(end);
        r.end = end;
        r.eof = true;
        r.header_read = true;
        r.bom_checked = true;
        r
    }
}

/// Where the next record was found.
enum Next {
    /// Its fields are `bounds` ranges of the input buffer.
    Split(u64),
    /// Its unquoted fields are `bounds` ranges of the parser's output.
    Parsed(u64),
    End,
}

/// A CSV stream read record by record, header first.
pub struct Records<R> {
    input: R,
    buf: Vec<u8>,
    /// Unconsumed bytes are `buf[start..end]`; `start` is always at a line start
    /// between records.
    start: usize,
    end: usize,
    eof: bool,
    /// `\n`s consumed so far.
    line: u64,
    /// A read error (or a record past [`MAX_LINE`] or [`MAX_FIELDS`]) ends
    /// the stream; it is reported once, as an error of the line it names.
    /// A record that could not be read: its line, the 1-based column it
    /// went wrong at (0: the line as a whole) and why.
    failed: Option<(u64, usize, String)>,
    /// Whether a byte-order mark at the start has been looked for.
    bom_checked: bool,
    /// Whether `csv-core` has been told it is past the start of the input
    /// (it strips a BOM from the first input it sees, wherever that is).
    core_primed: bool,
    header_read: bool,
    /// The header's field count: a record with a filled field past it is
    /// an error, not a value silently dropped.
    width: Option<usize>,
    bounds: Vec<(usize, usize)>,
    core: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
}

impl<R: Read> Records<R> {
    pub fn new(input: R) -> Self {
        Self::with_buffer(input, CHUNK)
    }

    fn with_buffer(input: R, bytes: usize) -> Self {
        Records {
            input,
            buf: vec![0; bytes.max(1)],
            start: 0,
            end: 0,
            eof: false,
            line: 0,
            failed: None,
            bom_checked: false,
            core_primed: false,
            header_read: false,
            width: None,
            bounds: Vec::new(),
            core: csv_core::Reader::new(),
            out: vec![0; 256],
            ends: vec![0; 16],
        }
    }

    fn row(&self, next: &Next) -> Row<'_> {
        Row {
            data: if matches!(next, Next::Parsed(_)) {
                &self.out
            } else {
                &self.buf
            },
            bounds: &self.bounds,
        }
    }

    /// The header's fields (an empty list for an empty file); a read error
    /// comes with its line.
    pub fn header(&mut self) -> Result<Vec<Vec<u8>>, (u64, String)> {
        self.header_read = true;
        let next = self.next();
        if let Next::End = next {
            return match self.failed.take() {
                Some((line, _, e)) => Err((line, e)),
                None => Ok(Vec::new()),
            };
        }
        let row = self.row(&next);
        let header: Vec<Vec<u8>> = (0..)
            .map_while(|c| row.get(c).map(<[u8]>::to_vec))
            .collect();
        self.width = Some(header.len());
        Ok(header)
    }

    /// The header's field count, once it is read.
    pub(crate) fn width(&self) -> Option<usize> {
        self.width
    }

    /// What is left to read after the records taken so far: the bytes
    /// already read but not consumed, the input, and the `\n`s consumed.
    pub(crate) fn into_rest(mut self) -> (Vec<u8>, R, u64) {
        self.buf.truncate(self.end);
        self.buf.drain(..self.start);
        (self.buf, self.input, self.line)
    }

    /// Hands every record after the header to `f` with its line, or a read
    /// error with the line it stopped at; returns the `\n`s consumed.
    /// A read error comes with its column (0: the line as a whole).
    pub fn each(mut self, mut f: impl FnMut(u64, Result<&Row<'_>, (usize, String)>)) -> u64 {
        if !self.header_read {
            let _ = self.header();
        }
        loop {
            match self.next() {
                Next::End => {
                    if let Some((line, column, e)) = self.failed.take() {
                        f(line, Err((column, e)));
                    }
                    return self.line;
                }
                next @ (Next::Split(line) | Next::Parsed(line)) => {
                    let row = self.row(&next);
                    match self.width {
                        Some(w) if self.bounds.len() > w => match past_header(&row, w) {
                            Some(e) => f(line, Err(e)),
                            None => f(line, Ok(&row)),
                        },
                        _ => f(line, Ok(&row)),
                    }
                }
            }
        }
    }

    /// Not inlined into [`Records::each`], for the reason given at
    /// `SessionsReader::row`.
    #[inline(never)]
    fn next(&mut self) -> Next {
        if !self.bom_checked {
            self.skip_bom();
        }
        loop {
            self.bounds.clear();
            let base = self.start;
            let hay = &self.buf[base..self.end];
            let (newline, field, plain) = scan(hay, base, self.eof, &mut self.bounds);
            if self.bounds.len() > MAX_FIELDS {
                return self.fail(self.line + 1, too_many_fields());
            }
            let len = match newline {
                // Refused whatever the buffer held, so the same file read
                // through reads of any size (or in pieces) is refused alike.
                Some(i) if plain && i > MAX_LINE => return self.fail(self.line + 1, too_long()),
                Some(i) => i,
                None if hay.len() > MAX_LINE && plain => {
                    return self.fail(self.line + 1, too_long())
                }
                // A quote: the record reader tells an open quote from a long field.
                None if hay.len() > MAX_LINE => return self.parse(),
                None if !self.eof => {
                    self.fill();
                    continue;
                }
                None if hay.is_empty() => return Next::End,
                None => hay.len(),
            };
            if !plain {
                return self.parse();
            }
            let content = if len > 0 && hay[len - 1] == b'\r' {
                len - 1
            } else {
                len
            };
            self.start = (base + len + 1).min(self.end);
            self.line += 1;
            if content > 0 {
                self.bounds.push((base + field, base + content.max(field)));
                return Next::Split(self.line);
            }
        }
    }

    /// Skips a byte-order mark at the very start of the input (only there:
    /// the csv crate does the same), so a BOM alone on the first line makes
    /// a blank line, not a header.
    fn skip_bom(&mut self) {
        self.bom_checked = true;
        while self.end - self.start < BOM.len() && !self.eof {
            self.fill();
        }
        if self.buf[self.start..self.end].starts_with(BOM) {
            self.start += BOM.len();
        }
    }

    /// Ends the stream with an error reported at `line`.
    fn fail(&mut self, line: u64, message: String) -> Next {
        self.fail_at(line, 0, message)
    }

    /// [`Records::fail`] at a 1-based column of the line.
    fn fail_at(&mut self, line: u64, column: usize, message: String) -> Next {
        self.failed = Some((line, column, message));
        self.eof = true;
        self.start = self.end;
        Next::End
    }

    /// One record through `csv-core`, from the start of a line.
    fn parse(&mut self) -> Next {
        use csv_core::ReadRecordResult as R;
        self.bounds.clear();
        if !self.core_primed {
            // A blank line leaves csv-core at a record start, past "the
            // start of the input": a BOM in the middle of a file stays data.
            self.core_primed = true;
            let _ = self.core.read_record(b"\n", &mut self.out, &mut self.ends);
        }
        // Blank lines are skipped here, so the record's line is known.
        loop {
            while self.start < self.end && matches!(self.buf[self.start], b'\r' | b'\n') {
                self.line += u64::from(self.buf[self.start] == b'\n');
                self.start += 1;
            }
            if self.start < self.end || self.eof {
                break;
            }
            self.fill();
        }
        if self.start == self.end {
            return Next::End;
        }
        let first = self.line + 1;
        let (mut nout, mut nend, mut taken) = (0, 0, 0);
        let mut quotes = Quotes::default();
        loop {
            let input = &self.buf[self.start..self.end];
            let (res, nin, o, e) =
                self.core
                    .read_record(input, &mut self.out[nout..], &mut self.ends[nend..]);
            quotes.feed(&input[..nin]);
            self.line += input[..nin].iter().filter(|&&b| b == b'\n').count() as u64;
            self.start += nin;
            nout += o;
            nend += e;
            taken += nin;
            if taken > MAX_LINE {
                return match quotes.open() {
                    Some(column) => self.past_open_quote(first, column, quotes),
                    None => self.fail(first, too_long()),
                };
            }
            if nend > MAX_FIELDS {
                return self.fail(first, too_many_fields());
            }
            match res {
                R::InputEmpty if !self.eof => self.fill(),
                R::InputEmpty => {}
                R::OutputFull => self.out.resize(self.out.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::Record => break,
                R::End => return Next::End,
            }
        }
        // csv-core ends a quoted field at the end of the input as if closed:
        // the rest of the file would be one cell, and its columns empty.
        if let Some(column) = quotes.open() {
            return self.fail_at(first, column, not_closed(column));
        }
        let mut at = 0;
        for &e in &self.ends[..nend] {
            self.bounds.push((at, e));
            at = e;
        }
        Next::Parsed(first)
    }

    /// A record past [`MAX_LINE`] inside a quoted field of `column`: the
    /// rest of the record is read through, holding nothing, to tell a quote
    /// never closed from a closed field that is only too long (a tester's
    /// closed 2 MB field was said to be "not closed").
    #[cold]
    fn past_open_quote(&mut self, first: u64, column: usize, mut quotes: Quotes) -> Next {
        loop {
            quotes.feed(&self.buf[self.start..self.end]);
            self.start = self.end;
            if quotes.state == QuoteState::RecordEnd || self.eof {
                break;
            }
            self.fill();
        }
        match quotes.open() {
            Some(column) => self.fail_at(first, column, not_closed(column)),
            None => self.fail_at(first, column, too_long_quoted(column)),
        }
    }

    /// Moves the unconsumed bytes to the front and reads more after them.
    fn fill(&mut self) {
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if self.end == self.buf.len() {
            let longer = self.buf.len() * 2;
            self.buf.resize(longer, 0);
        }
        loop {
            match self.input.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    return;
                }
                Ok(n) => {
                    self.end += n;
                    return;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.failed = Some((self.line + 1, 0, e.to_string()));
                    self.eof = true;
                    return;
                }
            }
        }
    }
}

/// Where one record's quotes stand, byte by byte as csv-core reads them
/// (RFC 4180: a field is quoted when it starts with `"`, and `""` inside
/// it is a quote).
#[derive(Default)]
struct Quotes {
    state: QuoteState,
    /// The 0-based field being read, and the one whose quote is open.
    field: usize,
    opened: usize,
}

#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    #[default]
    FieldStart,
    Unquoted,
    Quoted,
    /// A `"` inside a quoted field: its end, or the first of `""`.
    QuoteInQuoted,
    RecordEnd,
}

impl Quotes {
    fn feed(&mut self, bytes: &[u8]) {
        use QuoteState as S;
        for &b in bytes {
            self.state = match (self.state, b) {
                (S::RecordEnd, _) => return,
                (S::FieldStart, b'"') => {
                    self.opened = self.field;
                    S::Quoted
                }
                (S::Quoted, b'"') => S::QuoteInQuoted,
                (S::Quoted, _) | (S::QuoteInQuoted, b'"') => S::Quoted,
                (_, b',') => {
                    self.field += 1;
                    S::FieldStart
                }
                (_, b'\n' | b'\r') => S::RecordEnd,
                _ => S::Unquoted,
            };
        }
    }

    /// The 1-based column of a quoted field still open.
    fn open(&self) -> Option<usize> {
        (self.state == QuoteState::Quoted).then_some(self.opened + 1)
    }
}

/// The error of a record with a filled field past the header's `width`
/// fields: its 1-based column and what to do. Empty trailing fields (a
/// spreadsheet's trailing commas) are no error.
#[cold]
fn past_header(row: &Row<'_>, width: usize) -> Option<(usize, String)> {
    let fields = (0..).take_while(|&c| row.get(c).is_some()).count();
    let first =
        (width..fields).find(|&c| !row.get(c).unwrap_or_default().trim_ascii().is_empty())?;
    Some((
        first + 1,
        format!(
            "this line has {fields} fields but the header names {width} columns: put a value that holds a comma in quotes (\"1,234.00\"), or name the extra column in the header"
        ),
    ))
}

fn not_closed(column: usize) -> String {
    format!(
        "a quoted field is not closed (a \" is missing): the quote opens column {column}, and everything after it was read as that one field; add the closing \" where the field ends (a \" inside a field is written \"\")"
    )
}

fn too_long() -> String {
    format!(
        "a record longer than 1 MiB ({} bytes): a usage export's rows are a few hundred bytes, so check that this is the export (each session on its own line)",
        crate::text::grouped(rust_decimal::Decimal::from(MAX_LINE))
    )
}

fn too_long_quoted(column: usize) -> String {
    format!(
        "a record longer than 1 MiB ({} bytes): its quoted field in column {column} alone runs past that (its closing quote is there); a usage export's fields are short, so check that this is the export",
        crate::text::grouped(rust_decimal::Decimal::from(MAX_LINE))
    )
}

fn too_many_fields() -> String {
    format!("more than {MAX_FIELDS} fields on one line: is this the right file?")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (line, fields) of every record after the header, and the header.
    type Seen = (Vec<Vec<u8>>, Vec<(u64, Vec<Vec<u8>>)>);

    fn ours(input: impl Read, buffer: usize) -> Seen {
        let (seen, error) = ours_or_error(input, buffer);
        assert_eq!(error, None);
        seen
    }

    /// As [`ours`], with the error that ended the records if one did.
    fn ours_or_error(input: impl Read, buffer: usize) -> (Seen, Option<(u64, String)>) {
        let mut r = Records::with_buffer(input, buffer);
        let header = match r.header() {
            Ok(h) => h,
            Err(e) => return ((Vec::new(), Vec::new()), Some(e)),
        };
        // The split alone is compared: rows wider than the header are
        // tested on their own below.
        r.width = None;
        let mut rows = Vec::new();
        let mut error = None;
        r.each(|line, row| match row {
            Ok(row) => {
                let fields = (0..)
                    .map_while(|c| row.get(c).map(<[u8]>::to_vec))
                    .collect();
                rows.push((line, fields));
            }
            Err((_, e)) => error = Some((line, e)),
        });
        ((header, rows), error)
    }

    /// The csv crate's records, each numbered by the line of its first
    /// byte (its own position points before the blank lines and the `\n` of
    /// a CRLF that precede the record).
    fn csv_crate(input: &[u8]) -> Seen {
        let mut r = ::csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(input);
        let header = r
            .byte_headers()
            .unwrap()
            .iter()
            .map(<[u8]>::to_vec)
            .collect();
        let rows = r
            .byte_records()
            .map(|rec| {
                let rec = rec.unwrap();
                let at = rec.position().unwrap().byte() as usize;
                let gap = input[at..]
                    .iter()
                    .take_while(|b| matches!(b, b'\r' | b'\n'))
                    .count();
                let line = 1 + input[..at + gap].iter().filter(|&&b| b == b'\n').count() as u64;
                (line, rec.iter().map(<[u8]>::to_vec).collect())
            })
            .collect();
        (header, rows)
    }

    /// Hands out at most `n` bytes per read, so lines straddle reads.
    struct Trickle<'a>(&'a [u8], usize);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = buf.len().min(self.1).min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn r_v1_a_filled_field_past_the_header_is_an_error_at_its_column() {
        let f = b"user,org\nana,main,\nbob,main,x,\n\"c\",main,\"\",\"y,z\"\n";
        let mut seen = Vec::new();
        Records::new(&f[..]).each(|line, r| {
            seen.push((
                line,
                r.map(|_| ()).map_err(|(c, e)| {
                    (
                        c,
                        e.contains("3 fields but the header names 2 columns")
                            || e.contains("4 fields"),
                    )
                }),
            ))
        });
        // A trailing comma leaves an empty field: no error.
        assert_eq!(
            seen,
            [(2, Ok(())), (3, Err((3, true))), (4, Err((4, true)))]
        );
        // A file read in pieces checks the header's width too.
        let mut seen = Vec::new();
        Records::continuing(b"ana,main,x\n", Some(2)).each(|line, r| seen.push((line, r.is_err())));
        assert_eq!(seen, [(1, true)]);
    }

    #[test]
    fn r_v1_crlf_blank_lines_and_a_late_quote_keep_csv_rules_and_lines() {
        let f = b"user,org\r\n\r\nana,main\r\nbob\n\n\"c,y\",\"x\ny\"\nz,\n";
        let seen = ours(&f[..], 4);
        assert_eq!(seen, csv_crate(f));
        assert_eq!(seen.1.iter().map(|r| r.0).collect::<Vec<_>>(), [3, 4, 6, 8]);
        assert_eq!(seen.1[2].1, [b"c,y".to_vec(), b"x\ny".to_vec()]);
    }

    proptest! {
        #[test]
        fn marks_are_the_commas_and_newlines_of_a_plain_chunk(
            chunk in proptest::collection::vec(prop_oneof![
                Just(b','), Just(b'\n'), Just(b'"'), Just(b'\r'), any::<u8>()
            ], STEP..=STEP),
        ) {
            let special = chunk.iter().any(|&b| b == b'"' || b == b'\r');
            let want = chunk.iter().enumerate().fold(0u32, |m, (i, &b)| m | (u32::from(b == b',' || b == b'\n') << i));
            prop_assert_eq!(marks(&chunk), (!special).then_some(want));
        }

        #[test]
        fn u64_marks_are_the_commas_and_newlines_of_a_plain_chunk(
            chunk in proptest::collection::vec(prop_oneof![
                Just(b','), Just(b'\n'), Just(b'"'), Just(b'\r'), any::<u8>()
            ], 8..=8),
        ) {
            let special = chunk.iter().any(|&b| b == b'"' || b == b'\r');
            let want = chunk.iter().enumerate().fold(0u32, |m, (i, &b)| m | (u32::from(b == b',' || b == b'\n') << i));
            prop_assert_eq!(marks_u64(&chunk), (!special).then_some(want));
        }

        #[test]
        fn bytes_equal_marks_exactly_the_equal_bytes(w in any::<u64>(), c in any::<u8>(), at in 0usize..8) {
            // Plant `c` once so every word has at least one hit.
            let mut b = w.to_le_bytes();
            b[at] = c;
            let want = b.iter().enumerate().fold(0u64, |m, (i, &x)| m | (u64::from(x == c) << (8 * i + 7)));
            prop_assert_eq!(bytes_equal(u64::from_le_bytes(b), c), want);
        }

        /// The hand splitter, with reads of any size, sees exactly the
        /// records and line numbers the csv crate sees, byte-order marks
        /// anywhere included.
        #[test]
        fn records_match_the_csv_crate(
            tokens in proptest::collection::vec(prop_oneof![
                6 => Just(&b"a"[..]), 3 => Just(&b","[..]), 3 => Just(&b"\n"[..]),
                1 => Just(&b"\r"[..]), 1 => Just(&b"\""[..]), 1 => Just(&b" "[..]),
                1 => Just(BOM),
            ], 0..80),
            quote_free in any::<bool>(),
            read in 1usize..9,
            buffer in 1usize..12,
        ) {
            let text: Vec<u8> = tokens.concat();
            let text: Vec<u8> = if quote_free {
                text.into_iter().filter(|&b| b != b'"').collect()
            } else {
                text
            };
            let (seen, error) = ours_or_error(Trickle(&text, read), buffer);
            let (header, mut rows) = csv_crate(&text);
            match error {
                None => prop_assert_eq!(seen, (header, rows)),
                // A quote left open: the csv crate's last record runs to
                // the end of the file; ours stop before it, naming its line.
                Some((line, message)) => {
                    prop_assert!(message.contains("a quoted field is not closed"), "{}", message);
                    match rows.pop() {
                        Some((last, _)) => {
                            prop_assert_eq!(line, last);
                            prop_assert_eq!(seen, (header, rows));
                        }
                        // The header's quote is open.
                        None => prop_assert_eq!(seen, (Vec::new(), Vec::new())),
                    }
                }
            }
        }
    }

    #[test]
    fn a_bom_alone_on_the_first_line_is_a_blank_line_not_the_header() {
        let f = b"\xEF\xBB\xBF\nuser,org\nana,main\n";
        let seen = ours(&f[..], 1 << 10);
        assert_eq!(seen.0, [b"user".to_vec(), b"org".to_vec()]);
        assert_eq!(seen.1, [(3, vec![b"ana".to_vec(), b"main".to_vec()])]);
    }

    #[test]
    fn a_bom_in_the_middle_of_a_file_is_data_on_a_quoted_line_too() {
        // The quote sends the line through csv-core, which strips a BOM
        // from the first input it is given.
        let f = b"user,org\nana,main\n\xEF\xBB\xBF,\"b\"\n";
        let seen = ours(&f[..], 1 << 10);
        assert_eq!(seen, csv_crate(f));
        assert_eq!(seen.1[1].1, [b"\xEF\xBB\xBF".to_vec(), b"b".to_vec()]);
    }

    /// What `each` hands out: the lines of good rows and the first error.
    fn lines_and_error(input: impl Read) -> (Vec<u64>, Option<(u64, String)>) {
        let mut r = Records::new(input);
        let mut lines = Vec::new();
        let mut error = None;
        if let Err(e) = r.header() {
            return (lines, Some(e));
        }
        r.each(|line, row| match row {
            Ok(_) => lines.push(line),
            Err((_, e)) => error = error.clone().or(Some((line, e))),
        });
        (lines, error)
    }

    #[test]
    fn a_record_past_max_line_ends_the_file_with_an_error_naming_its_line() {
        // Read 64 KiB at a time, as from a pipe: the long line is not held whole.
        let mut f = b"user,org\nana,main\n".to_vec();
        f.extend(std::iter::repeat_n(b'x', 50 << 20));
        f.extend(b"\nbob,main\n");
        let (lines, error) = lines_and_error(Trickle(&f, 64 << 10));
        assert_eq!(lines, [2]);
        let (line, message) = error.unwrap();
        assert_eq!(line, 3);
        assert!(
            message.contains("longer than 1 MiB (1,048,576 bytes)"),
            "{message}"
        );
    }

    #[test]
    fn a_quoted_record_past_max_line_is_an_error_too() {
        let mut f = b"user,org\n\"".to_vec();
        f.extend(std::iter::repeat_n(b'x', 3 << 20));
        let (lines, error) = lines_and_error(&f[..]);
        assert!(lines.is_empty());
        let (line, message) = error.unwrap();
        assert_eq!(line, 2);
        assert!(
            message.contains("a quoted field is not closed"),
            "{message}"
        );
    }

    #[test]
    fn a_closed_quoted_field_past_max_line_is_too_long_not_unclosed() {
        // Tester: a closed 2 MB field was said to be "not closed".
        let mut f = b"user,org\na,b\n\"".to_vec();
        f.extend(std::iter::repeat_n(b'x', 2 << 20));
        f.extend(b"\",main\nc,d\n");
        let (lines, error) = lines_and_error(&f[..]);
        assert_eq!(lines, vec![2]);
        let (line, message) = error.unwrap();
        assert_eq!(line, 3);
        assert!(
            message.contains("longer than 1 MiB (1,048,576 bytes): its quoted field in column 1"),
            "{message}"
        );
        assert!(!message.contains("not closed"), "{message}");
    }

    #[test]
    fn a_line_of_commas_is_an_error_not_a_million_fields() {
        for head in [&b""[..], b"user,org\n", b"user,org\n\"a\""] {
            let mut f = head.to_vec();
            f.extend(std::iter::repeat_n(b',', 100_000));
            f.push(b'\n');
            let (_, error) = lines_and_error(&f[..]);
            let (line, message) = error.unwrap();
            assert_eq!(line, if head.is_empty() { 1 } else { 2 });
            assert!(message.contains("more than 1024 fields"), "{message}");
        }
        // Exactly MAX_FIELDS fields is fine.
        let mut f = b"a\n".to_vec();
        f.extend(std::iter::repeat_n(b',', MAX_FIELDS - 1));
        assert_eq!(lines_and_error(&f[..]), (vec![2], None));
    }
}
