//! The share-link decoder (`billsim_core::share_link::read`, what the app
//! does with the `#s=...` of any address it is opened at): base64url, an
//! inflate capped at 16 MB, UTF-8, then the scenario reader. The input is
//! read twice: as the link's text, and as the packed bytes themselves
//! (base64url-encoded here, so the inflater sees every byte the fuzzer
//! chose). Fails on a panic, or when a text does not come back from its
//! own link.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The body is `billsim_fuzz::drive::share_link`, which `cargo test -p billsim-core
// --test fuzz_corpus` replays on `fuzz/regress/share_link/`.
fuzz_target!(|data: &[u8]| billsim_fuzz::drive::share_link(data));
