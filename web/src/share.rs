//! Share links: the scenario, deflated and base64url-encoded, in the URL
//! fragment (`#s=...`), which browsers never send to a server. The packing
//! and the reading are pure (`billsim_core::share_link`) and run in the
//! worker, so the page carries no deflate; this module is the address bar.

/// Takes the share link out of the address, so a reload shows the work
/// autosaved since, not the snapshot the link held.
pub fn clear_location() {
    let Some(w) = web_sys::window() else { return };
    let loc = w.location();
    if loc.hash().is_ok_and(|h| h.starts_with("#s=")) {
        let path = format!(
            "{}{}",
            loc.pathname().unwrap_or_default(),
            loc.search().unwrap_or_default()
        );
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
    }
}

/// The link that opens a scenario: the page's address with the scenario,
/// packed by [`encode`] (in the worker), after `#s=`.
pub fn link(fragment: &str) -> Option<String> {
    let loc = web_sys::window()?.location();
    Some(format!(
        "{}{}{}#s={fragment}",
        loc.origin().ok()?,
        loc.pathname().ok()?,
        loc.search().ok()?,
    ))
}

/// The share link in the current page's address (the text after `#s=`,
/// which the worker reads), if any.
pub fn at_location() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    Some(hash.strip_prefix("#s=")?.to_owned())
}

/// Copies `text` to the clipboard; `false` when the browser refuses (no
/// permission, or a page not in focus), so the page says to copy by hand.
pub async fn copy(text: &str) -> bool {
    use js_sys::{Function, Promise, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let get = |o: &JsValue, k: &str| Reflect::get(o, &JsValue::from_str(k)).ok();
    let Some(clipboard) = web_sys::window()
        .and_then(|w| get(&w.into(), "navigator"))
        .and_then(|n| get(&n, "clipboard"))
    else {
        return false;
    };
    let Some(write) = get(&clipboard, "writeText").and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return false;
    };
    match write.call1(&clipboard, &JsValue::from_str(text)) {
        Ok(p) => match p.dyn_into::<Promise>() {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
            Err(_) => false,
        },
        Err(_) => false,
    }
}
