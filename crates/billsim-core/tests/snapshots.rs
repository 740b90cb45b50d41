//! Output snapshots: the exact result JSON of every golden scenario and every
//! example, plain, with reports, as of the fixture's date and under compare,
//! kept in `tests/snapshots/`. A restructuring of the engine must change none
//! of these bytes; a change of behaviour changes them on purpose, and the
//! diff shows what moved. Outputs over 64 KB are kept as a length and a hash.
//!
//! `BILLSIM_UPDATE_SNAPSHOTS=1 cargo test -p billsim-core --test snapshots`
//! writes them anew.

use std::path::{Path, PathBuf};

use billsim_core::{compare::compare, simulate, Options, Scenario};
use serde_json::Value;

const WHOLE: usize = 64 << 10;

/// The cases: (name, scenario text, as-of date).
fn cases() -> Vec<(String, String, Option<String>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut golden: Vec<PathBuf> = std::fs::read_dir(root.join("tests/golden"))
        .expect("golden dir")
        .map(|e| e.expect("entry").path())
        .collect();
    golden.sort();
    for p in golden {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).expect("read"))
            .expect("fixture JSON");
        let text = match (v.get("scenario"), v.get("scenario_text")) {
            (Some(s), _) => s.to_string(),
            (None, Some(Value::String(t))) => t.clone(),
            _ => continue,
        };
        let name = p.file_stem().expect("stem").to_string_lossy().into_owned();
        let as_of = v.get("as_of").and_then(Value::as_str).map(str::to_owned);
        out.push((name, text, as_of));
    }
    let mut examples: Vec<PathBuf> = std::fs::read_dir(root.join("../../examples"))
        .expect("examples dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    examples.sort();
    for p in examples {
        let name = format!("example-{}", p.file_stem().expect("stem").to_string_lossy());
        out.push((name, std::fs::read_to_string(&p).expect("read"), None));
    }
    out
}

/// Every output of a case: (kind, text). An error is its message.
fn outputs(text: &str, as_of: Option<&str>) -> Vec<(&'static str, String)> {
    let scenario = match Scenario::from_json(text) {
        Ok(s) => s,
        Err(e) => return vec![("error", e.to_string())],
    };
    let run = |o: Options| match simulate(&scenario, None, &o) {
        Ok(r) => r.to_json(),
        Err(e) => format!("error: {e}"),
    };
    let mut out = vec![
        ("result", run(Options::default())),
        (
            "reports",
            run(Options {
                reports: true,
                ..Options::default()
            }),
        ),
        (
            "compare",
            match compare(&scenario, None) {
                Ok(c) => serde_json::to_string_pretty(&c).expect("comparison JSON"),
                Err(e) => format!("error: {e}"),
            },
        ),
    ];
    if let Some(d) = as_of {
        out.push((
            "as-of",
            run(Options {
                as_of: Some(d.parse().expect("as_of date")),
                ..Options::default()
            }),
        ));
    }
    out
}

/// FNV-1a, 64 bits: enough to tell two outputs apart, with no dependency.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// What is kept of an output: the text, or its length and hash when large.
fn kept(text: &str) -> (String, &'static str) {
    if text.len() <= WHOLE {
        (format!("{text}\n"), "json")
    } else {
        (
            format!(
                "{} bytes, fnv1a64 {:016x}\n",
                text.len(),
                fnv1a(text.as_bytes())
            ),
            "hash",
        )
    }
}

#[test]
fn outputs_match_their_snapshots_byte_for_byte() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let update = std::env::var_os("BILLSIM_UPDATE_SNAPSHOTS").is_some();
    if update {
        std::fs::create_dir_all(&dir).expect("snapshot dir");
    }
    let mut differ = Vec::new();
    let mut count = 0;
    for (name, text, as_of) in cases() {
        for (kind, out) in outputs(&text, as_of.as_deref()) {
            let (want, ext) = kept(&out);
            let path = dir.join(format!("{name}.{kind}.{ext}"));
            count += 1;
            if update {
                std::fs::write(&path, &want).expect("write snapshot");
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(have) if have == want => {}
                Ok(_) => differ.push(format!("{} differs", path.display())),
                Err(_) => differ.push(format!("{} is missing", path.display())),
            }
        }
    }
    assert!(count >= 150, "only {count} outputs");
    assert!(
        differ.is_empty(),
        "{} of {count} outputs changed (BILLSIM_UPDATE_SNAPSHOTS=1 rewrites them, then read the diff):\n{}",
        differ.len(),
        differ.join("\n")
    );
}
