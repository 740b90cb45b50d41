//! The share-link decoder (`billsim_core::share_link::read`, what the app
//! does with the `#s=...` of any address it is opened at): base64url, an
//! inflate capped at 16 MB, UTF-8, then the scenario reader. The input is
//! read twice: as the link's text, and as the packed bytes themselves
//! (base64url-encoded here, so the inflater sees every byte the fuzzer
//! chose). Fails on a panic, or when a text does not come back from its
//! own link.
#![no_main]

use billsim_core::share_link::{encode, read};
use billsim_core::Scenario;
use libfuzzer_sys::fuzz_target;

fn check(link: &str) {
    let Ok(text) = read(link) else {
        return;
    };
    assert!(text.len() <= 16 << 20, "a link unpacks past the cap");
    // What a link held packs into a link that holds it again.
    assert_eq!(read(&encode(&text)).as_deref(), Ok(text.as_str()));
    let _ = Scenario::from_json(&text);
}

fuzz_target!(|data: &[u8]| {
    if let Ok(link) = std::str::from_utf8(data) {
        check(link);
        // Any text, packed, reads back as itself.
        assert_eq!(read(&encode(link)).as_deref(), Ok(link));
    }
    check(&billsim_fuzz::base64url(data));
});
