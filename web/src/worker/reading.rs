//! An import being read by the helper workers (`pool`): held by the
//! engine between their messages.

use billsim_core::csv::split::{Head, Joined, Range};
use js_sys::Uint8Array;
use wasm_bindgen::JsValue;
use web_sys::Blob;

/// An import being read by the pool.
pub struct Reading {
    pub id: u64,
    /// The key the import is held under.
    pub key: u64,
    pub name: String,
    pub t0: f64,
    pub file: Blob,
    pub size: f64,
    pub head: Head,
    pub ranges: Vec<Range>,
    /// The next range to hand out.
    pub next: usize,
    /// Pieces come back in any order; they are joined in file order.
    pub pieces: Vec<Option<Uint8Array>>,
    pub added: usize,
    pub joined: Joined,
    /// The page's messages that came meanwhile, in order.
    pub held: Vec<JsValue>,
}
