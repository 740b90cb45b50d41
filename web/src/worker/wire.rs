//! The worker's side of the wire: its global scope, its clock, and posting
//! a reply to the page (`billsim_web::protocol`).

use billsim_web::protocol::{self, Reply};
use wasm_bindgen::JsCast;
use web_sys::DedicatedWorkerGlobalScope;

/// How long the worker waits for another request before background work
/// (the comparison of the models, the warm-up): longer than between two
/// keystrokes, shorter than a look at the tabs.
pub const IDLE_MS: i32 = 300;

/// The worker's global scope.
pub fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// The worker's clock, in ms.
pub fn now() -> f64 {
    scope().performance().map_or(0.0, |p| p.now())
}

/// Sends `reply` to the page.
pub fn post(reply: &Reply) {
    let _ = scope().post_message(&protocol::wrap(reply, None));
}
