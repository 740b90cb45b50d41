//! Whether a bill has been on its way for a noticeable moment.
//!
//! Only then do the results dim and Stop come into the page. Marking the
//! whole results busy on every edit restyled, laid out and painted them
//! twice per edit (once when the mark came, once when it went), and the
//! bill's answer waited behind that frame (issue 21). The totals line
//! itself is marked `aria-busy` at once, which costs one small element.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How long a bill runs before the results are marked as waiting for it.
const AFTER_MS: i32 = 200;

/// True once `busy` has held for [`AFTER_MS`] without a break.
#[hook]
pub fn use_slow(busy: bool) -> bool {
    let slow = use_state_eq(|| false);
    {
        let slow = slow.clone();
        use_effect_with(busy, move |&busy| {
            // The timer of a bill that ended is void: a new one may be on its way.
            let live = Rc::new(Cell::new(busy));
            if busy {
                let (live, slow) = (live.clone(), slow.clone());
                let later = wasm_bindgen::closure::Closure::once_into_js(move || {
                    if live.get() {
                        slow.set(true);
                    }
                });
                if let Some(w) = web_sys::window() {
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                        later.unchecked_ref(),
                        AFTER_MS,
                    );
                }
            } else {
                slow.set(false);
            }
            move || live.set(false)
        });
    }
    busy && *slow
}
