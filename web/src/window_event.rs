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

/// The width in CSS px a chart of the results has: the results' column
/// less its padding and a section's (before the results are drawn, the
/// window's).
pub fn chart_px() -> f64 {
    let Some(w) = web_sys::window() else {
        return 1280.0;
    };
    w.document()
        .and_then(|d| d.get_element_by_id("results"))
        .map(|e| f64::from(e.client_width()) - 64.0)
        .filter(|px| *px > 0.0)
        .or_else(|| w.inner_width().ok()?.as_f64())
        .unwrap_or(1280.0)
}

/// Whether a chart has too few pixels for its wide drawing (600-640
/// units). An SVG chart's text scales with the chart: drawn 640 units
/// across in 320 px it would be half size, so a chart then draws 320
/// units across.
pub fn narrow() -> bool {
    chart_px() < 660.0
}

/// [`narrow`] for a chart, drawn again when a resize (a turned phone, a
/// narrowed window) crosses the line.
#[hook]
pub fn use_narrow() -> bool {
    let now = narrow();
    let drawn = use_mut_ref(|| now);
    *drawn.borrow_mut() = now;
    let redraw = use_force_update();
    use_window_event(
        "resize",
        Callback::from(move |_| {
            if narrow() != *drawn.borrow() {
                redraw.force_update();
            }
        }),
    );
    now
}
