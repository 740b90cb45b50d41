//! Embeds every golden fixture and example scenario (`FIXTURES` in lib.rs),
//! so a new fixture is fuzzed without touching this crate.

use std::path::Path;

fn main() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = here.parent().expect("fuzz/ sits in the repository");
    let mut files = Vec::new();
    for dir in ["crates/billsim-core/tests/golden", "examples"] {
        let dir = root.join(dir);
        println!("cargo:rerun-if-changed={}", dir.display());
        for e in std::fs::read_dir(&dir)
            .expect("fixture directory")
            .flatten()
        {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "json") {
                files.push(p);
            }
        }
    }
    files.sort_by_key(|p| p.file_name().map(|n| n.to_owned()));
    let mut out = String::from("&[\n");
    for p in &files {
        let name = p.file_name().unwrap().to_string_lossy();
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            p.display().to_string()
        ));
    }
    out.push(']');
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("fixtures.rs");
    std::fs::write(dest, out).unwrap();
}
