//! The TypeScript declarations of the JS API's objects
//! (`crates/billsim-wasm/src/generated.d.ts`) are derived from the engine's
//! types (`schema` feature): this test fails when the committed file is
//! stale, and checks that they declare every type they refer to.

use std::path::{Path, PathBuf};

fn generated_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../billsim-wasm/src/generated.d.ts")
}

#[test]
fn the_committed_declarations_are_the_generated_ones() {
    let fresh = billsim_core::schema::typescript();
    let path = generated_path();
    if std::env::var_os("BILLSIM_BLESS").is_some() {
        std::fs::write(&path, &fresh).expect("generated.d.ts written");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "crates/billsim-wasm/src/generated.d.ts is stale (the engine's types changed): regenerate it with\n\
         BILLSIM_BLESS=1 cargo test -p billsim-core --test typescript\nand commit it"
    );
}
