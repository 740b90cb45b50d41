//! The committed fuzz corpus, `fuzz/regress/<target>/`, replayed under
//! stable `cargo test` through the very drivers the fuzz targets run
//! (`fuzz/src/drive.rs`, compiled here by path): what fuzzing once reached,
//! and any crash it found, is checked on every CI run, with no nightly
//! toolchain. Each input must be answered (an error is a fine answer)
//! without a panic or a broken round trip, and within `LIMIT`.
//!
//! Refresh the corpus as fuzz/README.md says.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "../../../fuzz/src/drive.rs"]
mod drive;

/// Per input, in a debug build: the slowest committed inputs take 0.4 to
/// 0.9 s here, two tests sharing a core (see `--nocapture`). 5 s leaves
/// room for a CI machine busy with other work, and still trips on a
/// slowdown that grows with the input (the one scenario left out of the
/// corpus for its speed takes 14 s).
const LIMIT: Duration = Duration::from_secs(5);

fn inputs(dir: &Path) -> Vec<PathBuf> {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    files.retain(|p| p.is_file());
    files.sort();
    files
}

fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "(not a string)".into())
}

/// Runs every file of `fuzz/regress/<target>` through `run`.
fn replay(target: &str, run: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regress");
    replay_dir(&root.join(target), run);
}

/// Runs every file of `dir` through `run`; fails naming each input that
/// panicked or took longer than `LIMIT`.
fn replay_dir(dir: &Path, run: fn(&[u8])) {
    let files = inputs(dir);
    assert!(!files.is_empty(), "{} holds no input", dir.display());
    let mut bad = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    let all = Instant::now();
    for f in &files {
        let name = f.file_name().unwrap_or_default().to_string_lossy();
        let data = std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let start = Instant::now();
        let answer = catch_unwind(AssertUnwindSafe(|| run(&data)));
        let took = start.elapsed();
        match answer {
            Err(p) => bad.push(format!("{name}: panicked: {}", panic_text(&*p))),
            Ok(()) if took > LIMIT => bad.push(format!("{name}: took {took:?}")),
            Ok(()) => {}
        }
        if took > slowest.0 {
            slowest = (took, name.into_owned());
        }
    }
    eprintln!(
        "{}: {} inputs in {:?}, slowest {} ({:?})",
        dir.display(),
        files.len(),
        all.elapsed(),
        slowest.1,
        slowest.0
    );
    assert!(
        bad.is_empty(),
        "over {LIMIT:?} or panicked:\n{}",
        bad.join("\n")
    );
}

/// One test per target (so they run side by side), each replaying
/// `fuzz/regress/<target>` through `drive::<target>`. `js_options` starts
/// from the options' text: the JS-only part (property access, `typeof`)
/// is not here, as it is not in the target.
macro_rules! replays {
    ($($target:ident),*) => {$(
        #[test]
        fn $target() {
            replay(stringify!($target), drive::$target);
        }
    )*};
}

replays!(
    scenario_json,
    csv_sessions,
    vendor_bill,
    share_link,
    js_options
);

/// The replay can fail: an input whose driver panics is named.
#[test]
#[should_panic(expected = "planted.bin: panicked: planted")]
fn a_panicking_input_fails_the_replay() {
    /// Removes the directory even as the test panics.
    struct Scratch(PathBuf);
    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
    let dir =
        Scratch(std::env::temp_dir().join(format!("billsim-fuzz-corpus-{}", std::process::id())));
    std::fs::create_dir_all(&dir.0).expect("a temporary directory");
    std::fs::write(dir.0.join("planted.bin"), b"x").expect("a temporary file");
    replay_dir(&dir.0, |d| assert!(d != b"x", "planted"));
}
