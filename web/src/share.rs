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
    read(value).ok()
}

/// A fragment value back to scenario text, or what is wrong with it, in
/// the words a person who was sent a broken link can act on.
pub fn read(value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Err("the link ends right after #s=, so it holds no scenario".into());
    }
    let mut bytes = Vec::with_capacity(value.len() * 3 / 4);
    let digits: Option<Vec<u32>> = value
        .bytes()
        .map(|c| ALPHABET.iter().position(|&a| a == c).map(|p| p as u32))
        .collect();
    let digits = digits.ok_or_else(|| {
        "it holds characters a share link never has (was it retyped or cut from an e-mail?)"
            .to_owned()
    })?;
    for chunk in digits.chunks(4) {
        if chunk.len() < 2 {
            return Err("it is cut short (copy the whole link)".into());
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
    let raw = miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, 16 << 20).map_err(
        |e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                "it unpacks to more than 16 MB, far more than any scenario".to_owned()
            }
            _ => "it is cut short or damaged (copy the whole link)".to_owned(),
        },
    )?;
    String::from_utf8(raw).map_err(|_| "it does not hold text".to_owned())
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
    at_location()?.ok()
}

/// The share link in the current page's address: none, the scenario it
/// holds, or what is wrong with it.
pub fn at_location() -> Option<Result<String, String>> {
    let hash = web_sys::window()?.location().hash().ok()?;
    Some(read(hash.strip_prefix("#s=")?))
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

    /// A broken link says what is wrong with it.
    #[test]
    fn a_broken_link_is_named() {
        let good = super::encode("{\"billsim\": 1}");
        assert!(super::read("").unwrap_err().contains("holds no scenario"));
        assert!(super::read("abc!").unwrap_err().contains("characters"));
        assert!(super::read(&good[..good.len() / 2])
            .unwrap_err()
            .contains("cut short"));
        assert!(super::read("A").unwrap_err().contains("cut short"));
    }
}
