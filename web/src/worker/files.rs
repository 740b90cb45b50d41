//! Files the page hands over, read in the worker: an import's bytes with
//! its progress reported, and a person's File read from the browser a
//! piece at a time (a worker may read a file synchronously).

use std::io::Read;

use billsim_core::csv::Imported;
use billsim_web::protocol::Reply;
use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};

use crate::wire::post;

/// An import's bytes as the CSV reader reads them, reporting how much has
/// been read every 2 MB.
pub struct Progress<R> {
    inner: R,
    len: usize,
    pos: usize,
    next_report: usize,
}

impl<R> Progress<R> {
    fn new(inner: R, len: usize, report: bool) -> Self {
        Progress {
            inner,
            len,
            pos: 0,
            next_report: if report { 2 << 20 } else { usize::MAX },
        }
    }
}

impl<R: Read> Read for Progress<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n;
        if self.pos >= self.next_report {
            self.next_report += 2 << 20;
            post(&Reply::Progress {
                fraction: self.pos as f64 / self.len.max(1) as f64,
            });
        }
        Ok(n)
    }
}

/// Bytes already in the browser's memory (a kept import, the warm-up's
/// sample), copied into the reader's buffer a piece at a time: never
/// whole into wasm memory.
struct Bytes {
    data: Uint8Array,
    pos: u32,
}

impl Read for Bytes {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.data.length() - self.pos;
        let n = left.min(u32::try_from(buf.len()).unwrap_or(u32::MAX));
        let end = self.pos + n;
        self.data
            .subarray(self.pos, end)
            .copy_to(&mut buf[..n as usize]);
        self.pos = end;
        Ok(n as usize)
    }
}

fn parse_from(input: impl Read, bytes: usize, report: bool) -> billsim_core::Result<Imported> {
    let reader = Progress::new(input, bytes, report);
    let (t, ids) = billsim_core::csv::sessions_open_sized(reader, bytes)?;
    Ok(Imported::new(t, ids))
}

/// Parses bytes held in the browser's memory.
pub fn parse(data: Uint8Array, report: bool) -> billsim_core::Result<Imported> {
    let bytes = data.length() as usize;
    parse_from(Bytes { data, pos: 0 }, bytes, report)
}

/// Files up to this size are read from the browser in one go (faster
/// than in pieces); larger ones [`PIECE`] bytes at a time, so the whole
/// file is never one more copy in the tab (the largest customer's year
/// of logins is 1.1 GB).
const WHOLE_MAX: f64 = 256.0 * 1024.0 * 1024.0;

/// Parses what the page sent beside an import: bytes, or the person's file.
pub fn parse_sent(sent: &JsValue) -> billsim_core::Result<Imported> {
    let Some(file) = sent.dyn_ref::<web_sys::Blob>() else {
        return parse(Uint8Array::new(sent), true);
    };
    let unreadable = |e: std::io::Error| billsim_core::Error::invalid("sessions", e.to_string());
    let reader = file_reader().map_err(unreadable)?;
    let size = file.size();
    if size <= WHOLE_MAX {
        return parse(slice(&reader, file, 0.0, size).map_err(unreadable)?, true);
    }
    let pieces = Pieces::from(reader, file.clone(), size, 0.0);
    parse_from(pieces, size as usize, true)
}

/// Bytes read of what the page sent beside an import (bytes or the person's file).
const HEAD: usize = 64 * 1024;

/// Reads bytes `[a, b)` of what the page sent (none: the browser could not).
type ReadRange<'a> = Box<dyn Fn(usize, usize) -> Option<Vec<u8>> + 'a>;

/// The size of what the page sent, and a reader of its byte ranges (none
/// where the browser cannot read it).
fn ranges(sent: &JsValue) -> Option<(usize, ReadRange<'_>)> {
    let Some(file) = sent.dyn_ref::<web_sys::Blob>() else {
        let bytes = Uint8Array::new(sent);
        let size = bytes.length() as usize;
        let read = move |a: usize, b: usize| Some(bytes.subarray(a as u32, b as u32).to_vec());
        return Some((size, Box::new(read)));
    };
    let reader = file_reader().ok()?;
    let read =
        move |a: usize, b: usize| Some(slice(&reader, file, a as f64, b as f64).ok()?.to_vec());
    Some((file.size() as usize, Box::new(read)))
}

/// The first 64 KB of what the page sent beside an import: the header the
/// pool reads, and what is sniffed (see [`sniffed`]).
pub fn head(sent: &JsValue) -> Option<Vec<u8>> {
    let (size, read) = ranges(sent)?;
    read(0, size.min(HEAD))
}

/// What `billsim_web::sniff::looks` reads, given `first` (the [`head`]):
/// the head itself, unless it is only blank and more follows; then 64 KB
/// from the first byte that is not blank (a file's blank start is not its
/// whole; see `sniff::past_blanks`). Empty where the browser cannot read.
pub fn sniffed(sent: &JsValue, first: &[u8]) -> Vec<u8> {
    if first.len() < HEAD || !first.iter().all(u8::is_ascii_whitespace) {
        return first.to_vec();
    }
    let Some((size, read)) = ranges(sent) else {
        return Vec::new();
    };
    let mut unread = false;
    let head = billsim_web::sniff::past_blanks(size, HEAD, |a, b| {
        read(a, b).unwrap_or_else(|| {
            unread = true;
            Vec::new()
        })
    });
    if unread {
        Vec::new()
    } else {
        head
    }
}

/// The worker's synchronous file reader, or why there is none.
pub fn file_reader() -> std::io::Result<web_sys::FileReaderSync> {
    web_sys::FileReaderSync::new()
        .map_err(|_| std::io::Error::other("this browser cannot read files in the background"))
}

/// A file from `at` on, read from the browser a piece of [`PIECE`] bytes at
/// a time and copied into the reader's buffer: the whole file is never
/// one allocation outside the worker's memory beside the calls read.
pub struct Pieces {
    reader: web_sys::FileReaderSync,
    file: web_sys::Blob,
    size: f64,
    /// Where `piece` starts in the file.
    piece_at: f64,
    piece: Bytes,
}

impl Pieces {
    /// `file` from byte `at` on.
    pub fn from(reader: web_sys::FileReaderSync, file: web_sys::Blob, size: f64, at: f64) -> Self {
        Pieces {
            reader,
            file,
            size,
            piece_at: at,
            piece: Bytes {
                data: Uint8Array::new_with_length(0),
                pos: 0,
            },
        }
    }
}

/// Bytes read from the browser at a time.
pub const PIECE: f64 = 16.0 * 1024.0 * 1024.0;

impl std::io::Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.piece.pos >= self.piece.data.length() {
            let start = self.piece_at + f64::from(self.piece.data.length());
            if start >= self.size {
                return Ok(0);
            }
            let end = (start + PIECE).min(self.size);
            self.piece = Bytes {
                data: slice(&self.reader, &self.file, start, end)?,
                pos: 0,
            };
            self.piece_at = start;
        }
        self.piece.read(buf)
    }
}

/// The bytes `start..end` of `file` as the browser's copy, or why the
/// browser could not read them (a worker may read a file synchronously).
pub fn slice(
    reader: &web_sys::FileReaderSync,
    file: &web_sys::Blob,
    start: f64,
    end: f64,
) -> std::io::Result<Uint8Array> {
    let gone = |_| {
        std::io::Error::other(
            "the browser could not read the file again (moved or deleted?): choose it again",
        )
    };
    let part = file.slice_with_f64_and_f64(start, end).map_err(gone)?;
    let bytes = reader.read_as_array_buffer(&part).map_err(gone)?;
    Ok(Uint8Array::new(&bytes))
}
