//! The vendor files the "Check a bill" tab gives: held as the browser's
//! handles, read when a check asks (a piece at a time, see `crate::files`),
//! and kept as read for the next check in the same currency.

use billsim_core::reconcile::vendor::VendorBill;
use billsim_web::protocol::{Rejected, VendorRefused};

use crate::files::{file_reader, slice, Pieces};

/// A vendor file held for checks: the file, and what it read as in the
/// last currency asked (a million-call report is read once, not per edit).
pub struct HeldBill {
    name: String,
    /// The file itself, read a piece at a time: a 141 MB report is never
    /// whole in the page or the worker beside what it reads as.
    file: web_sys::Blob,
    read: Option<(String, VendorBill)>,
}

/// Reads a held file as `currency`: its first 64 KiB and its size decide
/// its kind, or refuse it before the rest is read (R-R1).
fn read_held(h: &HeldBill, currency: &str) -> billsim_core::Result<VendorBill> {
    use billsim_core::reconcile::read::{read_stream, sniff, HEAD_BYTES};
    let unreadable = |e: std::io::Error| billsim_core::Error::invalid(&h.name, e.to_string());
    let reader = file_reader().map_err(unreadable)?;
    let size = h.file.size();
    let head_end = size.min(HEAD_BYTES as f64);
    let head = slice(&reader, &h.file, 0.0, head_end)
        .map_err(unreadable)?
        .to_vec();
    sniff(&h.name, &head, size as u64)?;
    let rest = Pieces::from(reader, h.file.clone(), size, head_end);
    let mut one = VendorBill::default();
    read_stream(&h.name, &head, rest, size as usize, currency, &mut one)?;
    Ok(one)
}

/// The held files, and their reads put together for the last list of
/// files and currency checked (so an edit re-checks without a copy).
#[derive(Default)]
pub struct HeldBills {
    files: Vec<HeldBill>,
    combined: Option<(Vec<String>, String, VendorBill)>,
}

impl HeldBills {
    /// Holds a vendor file (the browser's handle, not its bytes: it is read
    /// when a check asks), replacing one of the same name.
    pub fn hold(&mut self, name: String, file: web_sys::Blob) {
        self.combined = None;
        self.files.retain(|h| h.name != name);
        self.files.push(HeldBill {
            name,
            file,
            read: None,
        });
    }

    /// Lets go of every held file.
    pub fn let_go(&mut self) {
        self.files.clear();
        self.combined = None;
    }

    /// Runs `f` on the held files named in `files`, read in `currency` and put
    /// together in that order; the others are let go. One file is lent as
    /// read; several are put together once per list and currency.
    pub fn with_named<T>(
        &mut self,
        files: &[String],
        currency: &str,
        f: impl FnOnce(&VendorBill) -> Result<T, VendorRefused>,
    ) -> Result<T, VendorRefused> {
        let held = self;
        held.files.retain(|h| files.contains(&h.name));
        for name in files {
            let Some(h) = held.files.iter_mut().find(|h| &h.name == name) else {
                return Err(VendorRefused {
                    file: Some(name.clone()),
                    why: Rejected::plain(format!(
                        "{name} is no longer loaded in this page: choose it again"
                    )),
                });
            };
            if h.read.as_ref().is_none_or(|(c, _)| c != currency) {
                held.combined = None;
                let one = read_held(h, currency).map_err(|e| VendorRefused {
                    file: Some(name.clone()),
                    why: crate::small_import::refused(e, name),
                })?;
                h.read = Some((currency.to_owned(), one));
            }
        }
        let mut reads = files
            .iter()
            .filter_map(|n| held.files.iter().find(|h| &h.name == n))
            .filter_map(|h| h.read.as_ref().map(|(_, r)| r));
        if files.len() == 1 {
            return f(reads.next().unwrap_or(&VendorBill::default()));
        }
        let fresh = held
            .combined
            .as_ref()
            .is_some_and(|(n, c, _)| n == files && c == currency);
        if !fresh {
            let mut all = VendorBill::default();
            for r in reads {
                all.append(&mut r.clone());
            }
            held.combined = Some((files.to_vec(), currency.to_owned(), all));
        }
        match &held.combined {
            Some((_, _, bill)) => f(bill),
            None => f(&VendorBill::default()),
        }
    }
}
