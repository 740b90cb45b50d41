//! Lower case for searches, as the browser writes it: Rust's
//! `str::to_lowercase` carries Unicode's case tables into the page's wasm
//! (several KB of its size budget), while the browser already has them.

/// `s` in lower case: ASCII here, anything else by the browser's
/// `String.prototype.toLowerCase` (the same Unicode mapping).
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    js_sys::JsString::from(s).to_lower_case().into()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn lower_case_as_rust_writes_it() {
        for s in ["", "Agent7@X.TEST", "MÜLLER Ærø", "ΣΟΦΟΣ", "İstanbul", "ǅ"] {
            assert_eq!(lower(s), s.to_lowercase(), "{s}");
        }
    }
}
