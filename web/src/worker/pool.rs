//! A large import read on every core (issue 24): helper workers each read
//! their own ranges of the person's file, a [`PIECE`] at a time, and this
//! worker joins their pieces in file order as they come
//! (`billsim_core::csv::split`: the same sessions, ids and problems as one
//! reader). Helpers are this same worker script, spoken to in messages of
//! their own (`{pool: ...}`), so no cross-origin isolation is needed.
//!
//! Meanwhile the page's requests wait here, in order, and are handled
//! once the import is in: a bill asked for meanwhile is of the import.
//! A piece that cannot be read apart (a quoted line end across a cut) or
//! a helper that dies reads the file again here, from the top.

use billsim_core::csv::split::{self, Head, Joined, Range};
use billsim_web::protocol::{self, Reply};
use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, MessageEvent, Worker};

use crate::engine::engine;
use crate::reading::Reading;
use crate::wire::{now, post, scope};

/// Files from this size on are read by the pool. The page reads files
/// under 4 MB itself, so every import the worker gets is read here.
pub const POOL_MIN: f64 = 1024.0 * 1024.0;

/// Bytes a helper reads per piece: enough that its start-up is nothing,
/// small enough that the pieces spread evenly and progress moves.
const PIECE: u64 = 32 << 20;

/// A message between this worker and a helper.
#[derive(Serialize, Deserialize)]
enum Job {
    /// Read a small file, so the first real piece runs optimized code.
    Warm,
    /// Read `range` of the file beside (a Blob) as piece `index`.
    Read {
        index: usize,
        head: Head,
        range: Range,
    },
    /// Piece `index`, encoded, is beside (empty: it could not be read).
    Done { index: usize },
    /// The helper is warmed up.
    Warmed,
}

/// The helpers to read with: as many as the cores (none on one core).
fn helpers_wanted() -> usize {
    let cores = Reflect::get(&scope(), &"navigator".into())
        .and_then(|n| Reflect::get(&n, &"hardwareConcurrency".into()))
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(1.0);
    if cores < 2.0 {
        0
    } else {
        cores.min(4.0) as usize
    }
}

/// Starts the helpers if they are not there, each warmed up.
pub fn ready() {
    let want = helpers_wanted();
    let have = engine(|e| e.helpers.len());
    for k in have..want {
        let Some(w) = spawn(k) else { return };
        send(&w, &Job::Warm, None);
        engine(|e| e.helpers.push(w));
    }
}

fn spawn(k: usize) -> Option<Worker> {
    let w = Worker::new("./worker-loader.js").ok()?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        match job(&data) {
            Some(Job::Done { index }) => done(k, index, &protocol::bytes(&data)),
            Some(Job::Warmed) => engine(|e| e.warm_helpers += 1),
            _ => {}
        }
    });
    w.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        e.prevent_default();
        helper_died();
    });
    w.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    Some(w)
}

fn send(w: &Worker, job: &Job, beside: Option<&JsValue>) {
    let _ = w.post_message(&wrap(job, beside));
}

fn wrap(job: &Job, beside: Option<&JsValue>) -> Object {
    protocol::wrap_under("pool", job, beside)
}

/// The pool's message in `data`, if it is one.
fn job(data: &JsValue) -> Option<Job> {
    protocol::unwrap_under("pool", data).ok()
}

/// Whether `data` is a helper's job (answered here, in the helper).
pub fn is_job(data: &JsValue) -> bool {
    match job(data) {
        Some(Job::Warm) => {
            warm();
            count("billsimWarm");
            let _ = scope().post_message(&wrap(&Job::Warmed, None));
            true
        }
        Some(Job::Read { index, head, range }) => {
            let file = protocol::bytes(data);
            // Read while the piece before is parsed: the browser reads the
            // file on a thread of its own.
            wasm_bindgen_futures::spawn_local(async move {
                let bytes = read_range(&file, &range.read(&head)).await;
                let piece = bytes
                    .map(|b| split::read(b.to_vec(), &head, &range))
                    .unwrap_or_default();
                let bytes = Uint8Array::from(&piece[..]);
                let o = wrap(&Job::Done { index }, Some(&bytes));
                let _ = scope().post_message_with_transfer(&o, &Array::of1(&bytes.buffer()));
                count("billsimPieces");
            });
            true
        }
        Some(Job::Done { .. } | Job::Warmed) | None => false,
    }
}

/// Adds one to a counter on the helper's global scope, which the e2e
/// tests read (a helper is warm; it read pieces).
fn count(name: &str) {
    let at = Reflect::get(&scope(), &name.into())
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    let _ = Reflect::set(&scope(), &name.into(), &(at + 1.0).into());
}

/// The bytes `a..b` of the file beside a job, or none if the browser
/// could not read them (the import is then read from the top, which says why).
async fn read_range(file: &JsValue, (a, b): &(u64, u64)) -> Option<Uint8Array> {
    let part = file
        .dyn_ref::<Blob>()?
        .slice_with_f64_and_f64(*a as f64, *b as f64)
        .ok()?;
    let buf = wasm_bindgen_futures::JsFuture::from(part.array_buffer())
        .await
        .ok()?;
    Some(Uint8Array::new(&buf))
}

/// A small file read a few times: V8 optimizes a wasm function only at a
/// call, and a piece's row loop is one call.
fn warm() {
    let mut csv = String::from("user,org,product,login,logout\n");
    for a in 0..200 {
        for day in 1..=20 {
            csv.push_str(&format!(
                "agent{a}@warm.test,main,cx{},2026-10-{day:02}T08:00:00Z,2026-10-{day:02}T16:30:00.250Z\n",
                1 + a % 2
            ));
        }
    }
    let bytes = csv.into_bytes();
    if let Some(Ok(head)) = split::head(&bytes, true) {
        for _ in 0..4 {
            for range in head.ranges(bytes.len() as u64, 1) {
                let at = range.read(&head).0 as usize;
                let _ = split::read(bytes.get(at..).unwrap_or_default().to_vec(), &head, &range);
            }
        }
    }
}

/// Starts reading `file` (whose first bytes are `first`) on the pool, or
/// hands it back when the pool cannot read it (too small, one core, a
/// header past the first bytes).
pub fn start(id: u64, key: u64, name: String, file: &JsValue, first: &[u8]) -> Result<(), String> {
    let Some(blob) = file.dyn_ref::<Blob>() else {
        return Err(name);
    };
    let size = blob.size();
    if size < POOL_MIN || helpers_wanted() == 0 {
        return Err(name);
    }
    let head = match split::head(first, size <= first.len() as f64) {
        Some(Ok(head)) => head,
        // A header the reader from the top must read (its error said there).
        _ => return Err(name),
    };
    // Helpers still starting (an import right after the page opens) would
    // be slower than reading here: they start for the next one.
    ready();
    let (helpers, warm) = engine(|e| (e.helpers.clone(), e.warm_helpers));
    if helpers.is_empty() || warm < helpers.len() {
        return Err(name);
    }
    let n = (helpers.len() * 2).max((size as u64).div_ceil(PIECE) as usize);
    let ranges = head.ranges(size as u64, n);
    if ranges.is_empty() {
        return Err(name);
    }
    let reading = Reading {
        id,
        key,
        name,
        t0: now(),
        file: blob.clone(),
        size,
        head,
        pieces: vec![None; ranges.len()],
        ranges,
        next: 0,
        added: 0,
        joined: Joined::new(&head, size as u64),
        held: Vec::new(),
    };
    engine(|e| e.reading = Some(Box::new(reading)));
    // Two ranges each: a helper reads its next while it parses one.
    for w in helpers.iter().chain(&helpers) {
        hand_out(w);
    }
    Ok(())
}

/// Gives helper `w` the next range, if any is left.
fn hand_out(w: &Worker) {
    let job = engine(|e| {
        let r = e.reading.as_mut()?;
        let index = r.next;
        let range = *r.ranges.get(index)?;
        r.next += 1;
        Some((
            Job::Read {
                index,
                head: r.head,
                range,
            },
            r.file.clone(),
        ))
    });
    if let Some((job, file)) = job {
        send(w, &job, Some(&file));
    }
}

/// Helper `k` is done with piece `index`.
fn done(k: usize, index: usize, bytes: &JsValue) {
    let finished = engine(|e| {
        let r = e.reading.as_mut()?;
        if let Some(slot) = r.pieces.get_mut(index) {
            *slot = Some(Uint8Array::new(bytes));
        }
        while let Some(Some(piece)) = r.pieces.get_mut(r.added).map(Option::take) {
            r.joined.add(&piece.to_vec());
            r.added += 1;
        }
        let fraction = r
            .ranges
            .get(r.added)
            .map_or(1.0, |x| x.from as f64 / r.size);
        post(&Reply::Progress { fraction });
        (r.added == r.ranges.len())
            .then(|| e.reading.take())
            .flatten()
    });
    match finished {
        Some(r) => finish(*r),
        None => {
            if let Some(w) = engine(|e| e.helpers.get(k).cloned()) {
                hand_out(&w);
            }
        }
    }
}

/// A helper died (out of memory?): the import is read here, and new
/// helpers start for the next.
fn helper_died() {
    let reading = engine(|e| {
        for w in e.helpers.drain(..) {
            w.terminate();
        }
        e.warm_helpers = 0;
        e.reading.take()
    });
    if let Some(r) = reading {
        let Reading {
            id,
            key,
            name,
            t0,
            file,
            held,
            ..
        } = *r;
        crate::import(id, key, name, &file, t0);
        crate::replay(held);
    }
}

fn finish(r: Reading) {
    let Reading {
        id,
        key,
        name,
        t0,
        file,
        joined,
        held,
        ..
    } = r;
    match joined.finish() {
        Some(Ok((sessions, ids))) => crate::imported(
            id,
            key,
            name,
            billsim_core::csv::Imported::new(sessions, ids),
            now() - t0,
        ),
        Some(Err(e)) => crate::import_failed(id, name, e),
        None => crate::import(id, key, name, &file, t0),
    }
    crate::replay(held);
}
