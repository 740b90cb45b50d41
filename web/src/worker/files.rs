//! Files the page hands over, read in the worker: an import's bytes with
//! its progress reported, and a person's File read from the browser a
//! piece at a time (a worker may read a file synchronously).

use std::io::Read;

use billsim_core::csv::Imported;
use billsim_web::protocol::Reply;
use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};

use crate::wire::post;

/// The file as the CSV reader sees it: copied from the page's buffer a
/// piece at a time (never whole into wasm memory), reporting how much has
/// been read every 2 MB.
pub struct Progress {
    data: Uint8Array,
    len: usize,
    pos: usize,
    next_report: usize,
}

impl Progress {
    fn new(data: Uint8Array, report: bool) -> Self {
        let len = data.length() as usize;
        Progress {
            data,
            len,
            pos: 0,
            next_report: if report { 2 << 20 } else { usize::MAX },
        }
    }
}

impl Read for Progress {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.len - self.pos);
        self.data
            .subarray(self.pos as u32, (self.pos + n) as u32)
            .copy_to(&mut buf[..n]);
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

pub fn parse(data: Uint8Array, report: bool) -> billsim_core::Result<Imported> {
    let reader = Progress::new(data, report);
    let bytes = reader.len;
    let (t, ids) = billsim_core::csv::sessions_open_sized(reader, bytes)?;
    Ok(Imported::new(t, ids))
}

/// An import's bytes: sent as bytes, or as the person's file, read here
/// in one go (a worker may read a file synchronously).
pub fn file_bytes(sent: &JsValue) -> Result<Uint8Array, String> {
    let Some(file) = sent.dyn_ref::<web_sys::Blob>() else {
        return Ok(Uint8Array::new(sent));
    };
    file_reader()
        .and_then(|r| slice(&r, file, 0.0, file.size()))
        .map_err(|e| e.to_string())
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
    /// Where `piece` starts in the file, and how much of it is read.
    piece_at: f64,
    piece: Uint8Array,
    at: u32,
}

impl Pieces {
    /// `file` from byte `at` on.
    pub fn from(reader: web_sys::FileReaderSync, file: web_sys::Blob, size: f64, at: f64) -> Self {
        Pieces {
            reader,
            file,
            size,
            piece_at: at,
            piece: Uint8Array::new_with_length(0),
            at: 0,
        }
    }
}

/// Bytes read from the browser at a time.
pub const PIECE: f64 = 16.0 * 1024.0 * 1024.0;

impl std::io::Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.at >= self.piece.length() {
            let start = self.piece_at + f64::from(self.piece.length());
            if start >= self.size {
                return Ok(0);
            }
            self.piece = slice(
                &self.reader,
                &self.file,
                start,
                (start + PIECE).min(self.size),
            )?;
            self.piece_at = start;
            self.at = 0;
        }
        let left = self.piece.length() - self.at;
        let n = left.min(u32::try_from(buf.len()).unwrap_or(u32::MAX));
        let end = self.at + n;
        self.piece
            .subarray(self.at, end)
            .copy_to(&mut buf[..n as usize]);
        self.at = end;
        Ok(n as usize)
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
