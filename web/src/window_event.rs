//! Listening to the window (hash changes, other tabs' saves, shortcuts)
//! for as long as a component lives.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Calls `f` on each `name` event of the window; the listener is removed
/// when the component goes. `f` is read afresh on each render, so it sees
/// the current state.
#[hook]
pub fn use_window_event(name: &'static str, f: Callback<web_sys::Event>) {
    let current = use_mut_ref(|| f.clone());
    *current.borrow_mut() = f;
    use_effect_with((), move |_| {
        let listener = web_sys::window().and_then(|w| {
            let cb = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
                let f = current.borrow().clone();
                f.emit(e);
            });
            w.add_event_listener_with_callback(name, cb.as_ref().unchecked_ref())
                .ok()
                .map(|()| (w, cb))
        });
        move || {
            if let Some((w, cb)) = listener {
                let _ = w.remove_event_listener_with_callback(name, cb.as_ref().unchecked_ref());
            }
        }
    });
}
