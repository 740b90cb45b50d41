//! The page's side of the workbook worker (`src/worker/workbook.rs`):
//! started on the first "Excel workbook", so neither the page nor the
//! billing worker carries the writer (about 450 KB gzipped). The billing
//! worker sends the bill on screen (`protocol::WorkbookInput` as JSON);
//! this worker turns it into the file's bytes. Answers come back in the
//! order asked.

use std::cell::RefCell;
use std::collections::VecDeque;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::Callback;

use crate::download::Body;

type Reply = Callback<Result<Body, String>>;

thread_local! {
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
    static WAITING: RefCell<VecDeque<Reply>> = const { RefCell::new(VecDeque::new()) };
}

/// Why no workbook came, in the person's words.
const DID_NOT_START: &str =
    "this browser could not start the workbook writer; reload the page and try again";

/// Writes the workbook of `input` (the billing worker's JSON); `reply`
/// gets its bytes or why not.
pub fn write(input: String, reply: Reply) {
    let Some(worker) = worker() else {
        reply.emit(Err(DID_NOT_START.into()));
        return;
    };
    WAITING.with(|w| w.borrow_mut().push_back(reply));
    if worker.post_message(&JsValue::from_str(&input)).is_err() {
        fail_all(DID_NOT_START);
    }
}

/// The workbook worker, started the first time.
fn worker() -> Option<Worker> {
    WORKER.with(|cell| {
        if let Some(w) = cell.borrow().as_ref() {
            return Some(w.clone());
        }
        let w = Worker::new("./workbook-loader.js").ok()?;
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
            let data = e.data();
            // Bytes are the workbook; a string is why there is none.
            let answer = match data.as_string() {
                Some(why) => Err(why),
                None => Ok(Body::Bytes(Uint8Array::new(&data).to_vec())),
            };
            if let Some(reply) = WAITING.with(|w| w.borrow_mut().pop_front()) {
                reply.emit(answer);
            }
        });
        w.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        onmessage.forget();
        // A worker that cannot load answers nothing: every waiting click is
        // told, and the next click starts a new one.
        let onerror = Closure::<dyn FnMut(web_sys::Event)>::new(|e: web_sys::Event| {
            e.prevent_default();
            if let Some(w) = WORKER.with(|cell| cell.borrow_mut().take()) {
                w.terminate();
            }
            fail_all(DID_NOT_START);
        });
        w.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        onerror.forget();
        *cell.borrow_mut() = Some(w.clone());
        Some(w)
    })
}

fn fail_all(why: &str) {
    let waiting: Vec<Reply> = WAITING.with(|w| w.borrow_mut().drain(..).collect());
    for reply in waiting {
        reply.emit(Err(why.to_owned()));
    }
}
