//! Coverage that counts itself: every rule id of the rule book is named by a
//! test, every line kind the engine prices under a model that changes its
//! price is priced by a snapshot, and every snapshot file belongs to a case.
//! Each test reads the repository's files; nothing here is a hard-coded
//! result, only the table of which (kind, model) pairs must be covered and
//! why.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The crate's directory.
fn core() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace root.
fn root() -> PathBuf {
    core().join("../..")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The files of `dir` (not recursive), sorted; none when it does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut out: Vec<PathBuf> = rd
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// The files under `dir`, recursively, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The crates of the workspace (`crates/*`).
fn crate_dirs() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root().join("crates"))
        .expect("crates dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

fn has_ext(p: &Path, exts: &[&str]) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.contains(&e))
}

fn stem(p: &Path) -> String {
    p.file_stem().expect("stem").to_string_lossy().into_owned()
}

/// The golden fixtures, by file stem.
fn golden() -> BTreeMap<String, Value> {
    files(&core().join("tests/golden"))
        .into_iter()
        .filter(|p| has_ext(p, &["json"]))
        .map(|p| {
            let v: Value =
                serde_json::from_str(&read(&p)).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (stem(&p), v)
        })
        .collect()
}

// ---------------------------------------------------------------------------
// 1. Every rule id is named by a test.

/// The rule ids of the rule book: what `grep -o '\*\*R-[A-Z$]*[0-9]*'`
/// finds in docs/rules.md (the bold heading of each rule), in order.
fn rule_ids(book: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = book;
    while let Some(i) = rest.find("**R-") {
        let after = &rest[i + 4..];
        let letters = after
            .find(|c: char| !(c.is_ascii_uppercase() || c == '$'))
            .unwrap_or(after.len());
        let digits = after[letters..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len() - letters);
        ids.push(format!("R-{}", &after[..letters + digits]));
        rest = &after[letters + digits..];
    }
    ids
}

/// Whether `text` holds `id` as a whole id: `R-K2` but not inside `R-K21`
/// or `XR-K2`.
fn names(text: &str, id: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '$' || c == '_';
    text.match_indices(id).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + id.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}

/// Skips a string, char or comment starting at byte `i` of `src`,
/// returning the index after it, or None when `i` starts none of them.
fn skip_literal(src: &str, i: usize) -> Option<usize> {
    let b = src.as_bytes();
    let n = b.len();
    let end_of = |mut j: usize, close: u8| {
        while j < n && b[j] != close {
            j += if b[j] == b'\\' { 2 } else { 1 };
        }
        (j + 1).min(n)
    };
    match b[i] {
        b'/' if b.get(i + 1) == Some(&b'/') => Some(src[i..].find('\n').map_or(n, |k| i + k)),
        b'/' if b.get(i + 1) == Some(&b'*') => {
            let mut depth = 0;
            let mut j = i;
            while j + 1 < n {
                if b[j] == b'/' && b[j + 1] == b'*' {
                    depth += 1;
                    j += 2;
                } else if b[j] == b'*' && b[j + 1] == b'/' {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        return Some(j);
                    }
                } else {
                    j += 1;
                }
            }
            Some(n)
        }
        b'r' => {
            // r"...", r#"..."#, br#"..."# (the b passes as a plain byte).
            let hashes = b[i + 1..].iter().take_while(|&&c| c == b'#').count();
            if b.get(i + 1 + hashes) != Some(&b'"') {
                return None; // an identifier, or r#raw_ident
            }
            let close = format!("\"{}", "#".repeat(hashes));
            let body = i + 2 + hashes;
            Some(
                src[body..]
                    .find(&close)
                    .map_or(n, |k| body + k + close.len()),
            )
        }
        b'"' => Some(end_of(i + 1, b'"')),
        b'\'' => {
            // A char literal ('x', '\n', '{') or a lifetime ('a).
            if b.get(i + 1) == Some(&b'\\') {
                return Some(end_of(i + 3, b'\''));
            }
            let len = src[i + 1..].chars().next().map_or(1, char::len_utf8);
            (b.get(i + 1 + len) == Some(&b'\'')).then_some(i + 2 + len)
        }
        _ => None,
    }
}

/// The parts of a Rust source file under `#[cfg(test)]`: each such
/// attribute with the item it applies to (up to its `;`, or its braces
/// matched, strings, chars and comments skipped). A `mod NAME;` brings the
/// module's own file in whole.
fn cfg_test_parts(path: &Path, src: &str) -> Vec<String> {
    const ATTR: &str = "#[cfg(test)]";
    let b = src.as_bytes();
    let mut parts = Vec::new();
    let mut from = 0;
    while let Some(k) = src[from..].find(ATTR) {
        let start = from + k;
        let mut i = start + ATTR.len();
        let mut depth = 0usize;
        let mut end = b.len();
        while i < b.len() {
            if let Some(j) = skip_literal(src, i) {
                i = j;
                continue;
            }
            match b[i] {
                b'{' | b'(' | b'[' => depth += 1,
                b'}' | b')' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 && b[i] == b'}' {
                        end = i + 1;
                        break;
                    }
                }
                b';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        let part = &src[start..end];
        parts.push(part.to_owned());
        if let Some(m) = part
            .split_whitespace()
            .skip_while(|w| *w != "mod")
            .nth(1)
            .and_then(|w| w.strip_suffix(';'))
        {
            // foo.rs declares foo/m.rs; lib.rs, main.rs and mod.rs their siblings.
            let dir = match path.file_stem().and_then(|s| s.to_str()) {
                Some("lib" | "main" | "mod") | None => path.with_file_name(""),
                Some(s) => path.with_file_name(s),
            };
            for f in [dir.join(format!("{m}.rs")), dir.join(m).join("mod.rs")] {
                if let Ok(t) = std::fs::read_to_string(&f) {
                    parts.push(t);
                }
            }
        }
        from = end.max(start + ATTR.len());
    }
    parts
}

/// Every text in which a test can name a rule, with where it comes from.
fn test_texts() -> Vec<(String, String)> {
    let root = root();
    let shown = |p: &Path| {
        p.strip_prefix(&root)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned()
    };
    // This file names ids as examples and reasons; it pins none.
    let me = core()
        .join("tests")
        .join(Path::new(file!()).file_name().expect("this file"));
    let me = me.canonicalize().unwrap_or(me);
    let rules_of = |f: &Value| {
        f["rules"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for (name, f) in golden() {
        out.push((format!("tests/golden/{name}.json: rules"), rules_of(&f)));
    }
    // The reconciliation fixtures count by their `rules` list too.
    for p in files(&core().join("tests/reconcile")) {
        let f: Value = serde_json::from_str(&read(&p)).unwrap_or(Value::Null);
        out.push((format!("{}: rules", shown(&p)), rules_of(&f)));
    }
    for c in crate_dirs() {
        // Test code only: the golden fixtures count by their `rules` list
        // above, and snapshots are engine output, not tests.
        for p in files_under(&c.join("tests")) {
            let is_me = p.canonicalize().is_ok_and(|c| c == me);
            if has_ext(&p, &["rs", "mjs", "js", "ts"]) && !is_me {
                out.push((shown(&p), read(&p)));
            }
        }
        for p in files_under(&c.join("src")) {
            if has_ext(&p, &["rs"]) {
                for part in cfg_test_parts(&p, &read(&p)) {
                    out.push((format!("{} #[cfg(test)]", shown(&p)), part));
                }
            }
        }
    }
    for p in files(&root.join("e2e")) {
        if p.to_string_lossy().ends_with(".test.mjs") {
            out.push((shown(&p), read(&p)));
        }
    }
    for p in files_under(&root.join("web/src")) {
        if has_ext(&p, &["rs"]) {
            for part in cfg_test_parts(&p, &read(&p)) {
                out.push((format!("{} #[cfg(test)]", shown(&p)), part));
            }
        }
    }
    out
}

#[test]
fn every_rule_id_is_named_by_some_test() {
    let book = read(&root().join("docs/rules.md"));
    let ids = rule_ids(&book);
    assert!(
        ids.len() >= 40,
        "only {} rule ids in docs/rules.md",
        ids.len()
    );
    let texts = test_texts();
    let unnamed: Vec<&String> = ids
        .iter()
        .filter(|id| !texts.iter().any(|(_, t)| names(t, id)))
        .collect();
    assert!(
        unnamed.is_empty(),
        "{} of {} rule ids of docs/rules.md are named by no test (golden `rules`, crates/*/tests/, e2e/*.test.mjs, #[cfg(test)] code): {unnamed:?}",
        unnamed.len(),
        ids.len()
    );
    // And the other way round: a fixture's `rules` names only real rules.
    let known: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    let unknown: Vec<String> = golden()
        .iter()
        .flat_map(|(name, f)| {
            f["rules"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .filter(|id| !known.contains(id))
                .map(move |id| format!("{name}: {id}"))
        })
        .collect();
    assert!(
        unknown.is_empty(),
        "golden fixtures name rule ids docs/rules.md does not have: {unknown:?}"
    );
}

#[test]
fn rule_ids_and_test_parts_are_read_as_grep_and_cfg_test_would() {
    assert_eq!(
        rule_ids("**R-K2 Brief.** x **R-$1 Money.** **R-AI4 Tokens.** R-Z9"),
        ["R-K2", "R-$1", "R-AI4"]
    );
    assert!(names("pins R-K2.", "R-K2"));
    assert!(!names("pins R-K21.", "R-K2"));
    assert!(!names("pins R-AI1", "R-A1"));
    let src = "fn a() { \"R-A1\" }\n#[cfg(test)]\nmod tests {\n    fn b() { let _ = '{'; let _ = r#\"}\"#; /* } */ }\n    // }\n    fn c() -> &'static str { \"R-B1\" }\n}\nfn d() { \"R-D1\" }\n#[cfg(test)]\nuse x::y;\nfn e() {}\n";
    let parts = cfg_test_parts(Path::new("none/x.rs"), src);
    assert_eq!(parts.len(), 2, "{parts:?}");
    assert!(names(&parts[0], "R-B1") && !names(&parts[0], "R-D1"));
    assert!(!names(&parts[0], "R-A1"));
    assert_eq!(parts[1], "#[cfg(test)]\nuse x::y;");
}

// ---------------------------------------------------------------------------
// 2. Every (line kind, model) pair the engine prices is in some snapshot.

/// Where a kind must be priced, and why: the pairs the rule book and the
/// engine (crates/billsim-core/src/invoice/*.rs) make depend on the model.
/// Kinds not listed here are model-blind and need one model only.
const REQUIRED: &[(&str, &str, &str)] = &[
    ("prepay", "named", "R-M3: committed named users in advance"),
    ("prepay", "concurrent", "R-M3: committed peak users in advance, at the concurrent rates when given"),
    ("prepay", "hourly", "R-H2: committed hours in advance at the hourly rate"),
    ("overage", "named", "R-M4: named users above the commitment"),
    ("overage", "concurrent", "R-M4 with R-K2: the billed peak above the commitment"),
    ("actual", "named", "R-M2/R-M6: ramp actuals at prepay, after-term users at list"),
    ("actual", "concurrent", "R-M2/R-M6: the R-K2 peak is the actual, at the concurrent rates when given"),
    ("actual", "hourly", "R-M2/R-M6 engine notes: ramp and after-term hours at the hourly rate, rounded once (R-H1)"),
    ("hourly", "hourly", "R-H1/R-H2: term hours above any hour commitment; only the hourly model bills hours"),
    ("resource", "named", "R-S1: allowance per named user (the named column)"),
    ("resource", "concurrent", "R-S1: allowance per peak user (the concurrent column)"),
    ("resource", "hourly", "R-S1: allowance per billed hour"),
    ("ai_prepay", "named", "R-AI4: the commitment's line reads billable tokens, which R-AI1/R-AI3 make per model"),
    ("ai_prepay", "concurrent", "R-AI4 with R-AI1/R-AI3: Copilot 60 tokens a user and 350 free in a concurrent org"),
    ("ai_prepay", "hourly", "R-AI4 with R-AI3: an hourly contract must set the allocation the commitment is measured against"),
    ("ai_overage", "named", "R-AI4: Copilot 40 tokens a user, 250 free"),
    ("ai_overage", "concurrent", "R-AI4: Copilot 60 tokens a user, 350 free"),
    ("ai_overage", "hourly", "R-AI4: the scenario's own allocation (R-AI3), Copilot 40"),
    ("addon_prepay", "named", "R-A1: add-on bounded by the named base count"),
    ("addon_prepay", "concurrent", "R-A1: add-on bounded by the base's R-K2 peak"),
    ("addon_overage", "named", "R-A1: add-on users above the commitment, bounded by the named base count"),
    ("addon_overage", "concurrent", "R-A1: add-on users above the commitment, bounded by the base's R-K2 peak"),
    // Not required:
    // - addon_* x hourly: R-A1 sells add-ons to part of the CX1/CX2 *users*;
    //   an hourly base is billed in hours, so the rule book gives an add-on
    //   no meaning there (the engine accepts one and bounds its users by the
    //   base's hours).
    // - overage x hourly: a term cycle of an hourly contract bills its hours
    //   as kind `hourly` (invoice/licenses.rs), never `overage`.
    // - allocation_monthly, allocation_overage: R-F1's free amounts and
    //   rates are per org whatever the model (invoice/allocations.rs reads
    //   no model), so one model is enough, like the kinds below.
];

/// The line kinds the engine has: the spellings of `LineKind::as_str` in
/// src/result.rs.
fn line_kinds() -> Vec<String> {
    let src = read(&core().join("src/result.rs"));
    let start = src
        .find("pub fn as_str(self) -> &'static str")
        .expect("LineKind::as_str in src/result.rs");
    let body = &src[start..];
    let body = &body[..body.find("\n    }\n").expect("end of as_str")];
    body.lines()
        .filter_map(|l| {
            let (lhs, rhs) = l.trim().split_once(" => ")?;
            lhs.starts_with("LineKind::").then_some(())?;
            Some(rhs.trim_end_matches(',').trim_matches('"').to_owned())
        })
        .collect()
}

/// The (kind, model) pairs priced in the result snapshots (plain and as of
/// a date, preview lines included). A result kept as a hash (over 64 KB)
/// cannot be read and counts for nothing.
fn priced_pairs() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for p in files(&core().join("tests/snapshots")) {
        let name = p.file_name().expect("name").to_string_lossy().into_owned();
        if !(name.ends_with(".result.json") || name.ends_with(".as-of.json")) {
            continue;
        }
        let text = read(&p);
        if text.starts_with("error: ") {
            continue;
        }
        let r: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let model = r["model"].as_str().expect("model").to_owned();
        let lines = r["invoices"]
            .as_array()
            .expect("invoices")
            .iter()
            .flat_map(|i| i["lines"].as_array().expect("lines"))
            .chain(r["preview"]["lines"].as_array().into_iter().flatten());
        for l in lines {
            let kind = l["kind"].as_str().expect("kind").to_owned();
            out.insert((kind, model.clone()));
        }
    }
    out
}

#[test]
fn every_kind_and_model_the_engine_prices_is_in_a_snapshot() {
    let kinds = line_kinds();
    assert!(
        kinds.len() >= 19,
        "only {} line kinds read: {kinds:?}",
        kinds.len()
    );
    let models = ["named", "concurrent", "hourly"];
    for (k, m, why) in REQUIRED {
        assert!(
            kinds.iter().any(|x| x == k),
            "table row {k} x {m}: no such LineKind"
        );
        assert!(models.contains(m), "table row {k} x {m}: no such model");
        assert!(!why.is_empty(), "table row {k} x {m} gives no reason");
    }
    let priced = priced_pairs();
    let mut missing: Vec<String> = REQUIRED
        .iter()
        .filter(|(k, m, _)| !priced.contains(&(k.to_string(), m.to_string())))
        .map(|(k, m, why)| format!("{k} x {m} ({why})"))
        .collect();
    // Every other kind, under at least one model.
    for k in &kinds {
        if REQUIRED.iter().any(|(rk, _, _)| rk == k) {
            continue;
        }
        if !models
            .iter()
            .any(|m| priced.contains(&(k.clone(), m.to_string())))
        {
            missing.push(format!("{k} x any model"));
        }
    }
    assert!(
        missing.is_empty(),
        "{} (line kind, model) pairs priced by no snapshot in tests/snapshots/*.result.json or *.as-of.json (add a golden fixture, then BILLSIM_UPDATE_SNAPSHOTS=1):\n{}",
        missing.len(),
        missing.join("\n")
    );
}

// ---------------------------------------------------------------------------
// 3. Every snapshot belongs to a case, and every case has its snapshot.

/// The outputs `tests/snapshots.rs` writes per case.
const OUTPUTS: [&str; 5] = ["result", "reports", "compare", "as-of", "error"];
/// Kept whole as `.json`, or as a length and hash (`.hash`) above 64 KB.
const KEPT_AS: [&str; 2] = ["json", "hash"];

#[test]
fn every_snapshot_belongs_to_a_case_and_every_case_has_one() {
    let golden = golden();
    let mut cases: BTreeMap<String, bool> = golden
        .iter()
        .map(|(name, f)| (name.clone(), f.get("as_of").is_some()))
        .collect();
    for p in files(&root().join("examples")) {
        if has_ext(&p, &["json"]) {
            cases.insert(format!("example-{}", stem(&p)), false);
        }
    }
    assert!(cases.len() >= 30, "only {} cases", cases.len());
    let mut orphans = Vec::new();
    let mut kept: BTreeSet<(String, String)> = BTreeSet::new();
    for p in files(&core().join("tests/snapshots")) {
        let file = p.file_name().expect("name").to_string_lossy().into_owned();
        let parsed = file.rsplit_once('.').and_then(|(rest, ext)| {
            let (name, output) = rest.rsplit_once('.')?;
            (KEPT_AS.contains(&ext) && OUTPUTS.contains(&output)).then_some((name, output))
        });
        let Some((name, output)) = parsed else {
            orphans.push(format!(
                "{file}: not NAME.{{{}}}.{{json,hash}}",
                OUTPUTS.join(",")
            ));
            continue;
        };
        match cases.get(name) {
            None => orphans.push(format!("{file}: no golden fixture or example named {name}")),
            Some(false) if output == "as-of" => {
                orphans.push(format!("{file}: {name} has no as_of date"))
            }
            Some(_) => {
                if !kept.insert((name.to_owned(), output.to_owned())) {
                    orphans.push(format!(
                        "{file}: {name}.{output} is kept twice (json and hash)"
                    ));
                }
            }
        }
    }
    let has = |name: &str, output: &str| kept.contains(&(name.to_owned(), output.to_owned()));
    let mut without = Vec::new();
    for (name, as_of) in &cases {
        if has(name, "result") == has(name, "error") {
            without.push(format!("{name}: needs exactly one of .result and .error"));
        }
        if *as_of && has(name, "result") && !has(name, "as-of") {
            without.push(format!("{name}: has an as_of date but no .as-of snapshot"));
        }
    }
    assert!(
        orphans.is_empty() && without.is_empty(),
        "snapshot files belonging to no case:\n{}\ncases without their snapshot (BILLSIM_UPDATE_SNAPSHOTS=1 writes them):\n{}",
        orphans.join("\n"),
        without.join("\n")
    );
}
