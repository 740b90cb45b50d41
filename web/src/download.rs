//! Files made in the page and handed to the browser's download (a Blob URL:
//! nothing leaves the machine).

use wasm_bindgen::JsCast;

/// A file's content: text made in the page or by the worker, or the bytes
/// of a binary file (the quote workbook).
pub enum Body {
    Text(String),
    Bytes(Vec<u8>),
}

/// Offers `text` as a download named `name`.
pub fn save(name: &str, mime: &str, text: &str) -> Result<(), String> {
    save_part(name, mime, &wasm_bindgen::JsValue::from_str(text))
}

/// Offers `body` as a download named `name`.
pub fn save_body(name: &str, mime: &str, body: &Body) -> Result<(), String> {
    match body {
        Body::Text(t) => save(name, mime, t),
        Body::Bytes(b) => save_part(name, mime, &js_sys::Uint8Array::from(&b[..])),
    }
}

fn save_part(name: &str, mime: &str, part: &wasm_bindgen::JsValue) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let doc = window.document().ok_or("no document")?;
    // A Blob takes strings and byte arrays alike.
    let parts = js_sys::Array::of1(part);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|_| "blob")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "object URL")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "anchor")?
        .dyn_into()
        .map_err(|_| "anchor")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Prints one panel alone (`body[data-print=...]` in style.css says
/// which): the comparison of two quotes, or a bill check.
pub fn print_only(panel: &str) {
    let Some(w) = web_sys::window() else { return };
    let body = w.document().and_then(|d| d.body());
    if let Some(b) = &body {
        let _ = b.set_attribute("data-print", panel);
    }
    let _ = w.print();
    if let Some(b) = &body {
        let _ = b.remove_attribute("data-print");
    }
}
