//! Share links: the scenario, deflated and base64url-encoded, in the URL
//! fragment (`#s=...`), which browsers never send to a server.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Scenario text to a fragment value.
pub fn encode(text: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
    let mut out = String::with_capacity(packed.len() * 4 / 3 + 4);
    for chunk in packed.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// A fragment value back to scenario text; `None` if it is not one of ours.
pub fn decode(value: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(value.len() * 3 / 4);
    let digits: Option<Vec<u32>> = value
        .bytes()
        .map(|c| ALPHABET.iter().position(|&a| a == c).map(|p| p as u32))
        .collect();
    for chunk in digits?.chunks(4) {
        if chunk.len() < 2 {
            return None;
        }
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | d << (18 - 6 * i));
        for i in 0..chunk.len() - 1 {
            bytes.push((n >> (16 - 8 * i)) as u8);
        }
    }
    // A link is small; refuse to inflate past 16 MB (a hostile link cannot exhaust memory).
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, 16 << 20).ok()?;
    String::from_utf8(raw).ok()
}

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

/// The scenario in the current page's fragment, if any.
pub fn from_location() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    decode(hash.strip_prefix("#s=")?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trips() {
        for text in ["", "a", "ab", "abc", "{\"billsim\": 1}", &"x".repeat(1000)] {
            assert_eq!(super::decode(&super::encode(text)).as_deref(), Some(text));
        }
        assert_eq!(super::decode("!!"), None);
    }
}
