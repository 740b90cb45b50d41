//! Share links: the scenario, deflated and base64url-encoded, for the URL
//! fragment (`#s=...`) of the app (web/src/share.rs puts it in the address
//! and reads it back). Pure, so the decoder of links that come from anyone
//! is fuzzed natively (`fuzz/fuzz_targets/share_link.rs`).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Scenario text to a fragment value.
pub fn encode(text: &str) -> String {
    base64url(&miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9))
}

/// Bytes in the links' base64url, without padding.
pub fn base64url(packed: &[u8]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for text in ["", "a", "ab", "abc", "{\"billsim\": 1}", &"x".repeat(1000)] {
            assert_eq!(decode(&encode(text)).as_deref(), Some(text));
        }
        assert_eq!(decode("!!"), None);
    }

    /// A broken link says what is wrong with it.
    #[test]
    fn a_broken_link_is_named() {
        let good = encode("{\"billsim\": 1}");
        assert!(read("").unwrap_err().contains("holds no scenario"));
        assert!(read("abc!").unwrap_err().contains("characters"));
        assert!(read(&good[..good.len() / 2])
            .unwrap_err()
            .contains("cut short"));
        assert!(read("A").unwrap_err().contains("cut short"));
    }
}
