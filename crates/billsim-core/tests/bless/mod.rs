//! Generated files the repository commits: a test compares the committed
//! copy with a fresh one and fails while it is stale; `BILLSIM_BLESS=1`
//! rewrites it instead.

use std::path::Path;

/// Fails when the file at `path` is not `fresh`; rewrites it under
/// `BILLSIM_BLESS=1`. `test` names the test target that writes it.
pub fn committed_is_fresh(path: &Path, fresh: &str, test: &str) {
    if std::env::var_os("BILLSIM_BLESS").is_some() {
        std::fs::write(path, fresh).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{} is stale (the engine's types changed): regenerate it with\n\
         BILLSIM_BLESS=1 cargo test -p billsim-core --test {test}\nand commit it",
        path.display()
    );
}
