//! Data flows one way: no file of billsim-core or of the app (web/) uses a
//! module that uses it back, directly or around a circle. The reader works
//! on what rustfmt writes: `use` lists over several lines, nested groups,
//! `super::` and `self::` paths, paths in code (`crate::money::add(..)`),
//! children named from their parent, and inline modules. Unit tests
//! (`#[cfg(test)]`) may reach anywhere; comments and strings are not code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path within its crate, e.g. `["csv", "sessions"]`; the root is empty.
type ModPath = Vec<String>;

/// Each file's module -> the file modules its code uses.
type Graph = BTreeMap<ModPath, BTreeSet<ModPath>>;

/// The module a file under `src` declares (`a.rs` and `a/mod.rs` are `a`).
fn module_of(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: ModPath = rel
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .map(|s| s.trim_end_matches(".rs").to_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code of a Rust file without comments, string and char literals, and
/// without the items under `#[cfg(test)]`.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                out.push(' ');
            }
            b'r' if b.get(i + 1) == Some(&b'#') || b.get(i + 1) == Some(&b'"') => {
                // A raw string r"..." or r#"..."#, unless `r` ends an identifier.
                let prev = out.chars().last().unwrap_or(' ');
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if prev.is_alphanumeric() || prev == '_' || b.get(j) != Some(&b'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                j += 1;
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                while j < b.len() && !b[j..].starts_with(&close) {
                    j += 1;
                }
                i = j + close.len();
                out.push_str("\"\"");
            }
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                out.push_str("\"\"");
            }
            b'\'' => {
                // A char literal ('a', '\n', '\''), not a lifetime ('a).
                let lit = match (b.get(i + 1), b.get(i + 2), b.get(i + 3)) {
                    (Some(b'\\'), _, _) => b[i + 2..]
                        .iter()
                        .position(|&c| c == b'\'')
                        .map(|p| i + 2 + p + 1),
                    (Some(_), Some(b'\''), _) => Some(i + 3),
                    _ => None,
                };
                match lit {
                    Some(end) => {
                        out.push_str("' '");
                        i = end;
                    }
                    None => {
                        out.push('\'');
                        i += 1;
                    }
                }
            }
            _ => {
                let ch = text[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    drop_test_items(&out)
}

/// `code` without each item that follows `#[cfg(test)]`.
fn drop_test_items(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // The item ends at its `;` or at the brace that closes its body.
        let mut depth = 0;
        let mut end = after.len();
        for (k, c) in after.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = k + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = k + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Every path a `use` tree names: `a::{b, c::{d, e}}` is `a::b`, `a::c::d`, `a::c::e`.
fn use_paths(tree: &str) -> Vec<Vec<String>> {
    fn walk(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
        let tree = tree.trim();
        if tree.is_empty() {
            return;
        }
        if let Some(open) = tree.find('{') {
            let head: Vec<String> = tree[..open]
                .split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let close = tree.rfind('}').unwrap_or(tree.len());
            let inner = &tree[open + 1..close];
            let mut p = prefix.to_vec();
            p.extend(head);
            // Split the group at its top-level commas.
            let mut depth = 0;
            let mut start = 0;
            for (k, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        walk(&p, &inner[start..k], out);
                        start = k + 1;
                    }
                    _ => {}
                }
            }
            walk(&p, &inner[start..], out);
            return;
        }
        let path = tree.split(" as ").next().unwrap_or_default();
        let mut p = prefix.to_vec();
        p.extend(
            path.split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty() && *s != "*")
                .map(str::to_owned),
        );
        out.push(p);
    }
    let mut out = Vec::new();
    walk(&[], tree, &mut out);
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths `code` names: every `use` tree, and every path written in
/// code (`crate::`, `super::`, `self::` or a child module's name first).
fn named_paths(code: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices("use ") {
        let before = code[..at].chars().last().unwrap_or(' ');
        if is_ident(before) {
            continue;
        }
        let end = code[at..].find(';').map_or(code.len(), |e| at + e);
        for p in use_paths(&code[at + 4..end]) {
            out.push((at, p));
        }
    }
    // Every path written in code: an identifier followed by `::` that does
    // not continue another path (`crate::x`, `super::x`, `child::x`).
    for (sep, _) in code.match_indices("::") {
        let head = code[..sep]
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_ident(*c))
            .last()
            .map(|(k, _)| k);
        let Some(at) = head else { continue };
        let before = code[..at].chars().last().unwrap_or(' ');
        if before == ':' || is_ident(before) {
            continue;
        }
        let mut p = Vec::new();
        let mut rest = &code[at..];
        loop {
            let ident: String = rest.chars().take_while(|c| is_ident(*c)).collect();
            if ident.is_empty() {
                break;
            }
            rest = &rest[ident.len()..];
            p.push(ident);
            match rest.strip_prefix("::") {
                Some(r) => rest = r,
                None => break,
            }
        }
        out.push((at, p));
    }
    out
}

/// The paths serde attributes name in strings: `with`, `serialize_with`,
/// `deserialize_with`, `default` and `skip_serializing_if` (comment lines left out).
fn serde_paths(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for key in ["with = \"", "default = \"", "skip_serializing_if = \""] {
            for (at, _) in line.match_indices(key) {
                let rest = &line[at + key.len()..];
                let path = rest.split('"').next().unwrap_or_default();
                if path.contains("::") {
                    out.push(path.split("::").map(str::to_owned).collect());
                }
            }
        }
    }
    out
}

/// The inline modules open at each byte of `code` (`mod x { .. }`), as a
/// list of names, so `super::` inside one is read from where it stands.
fn inline_modules_at(code: &str, at: usize) -> Vec<String> {
    let mut open: Vec<(String, i32)> = Vec::new();
    let mut depth = 0;
    let mut prev = ' ';
    for (i, c) in code.char_indices() {
        if i >= at {
            break;
        }
        if c == '{' {
            depth += 1;
        } else if c == '}' {
            depth -= 1;
            if open.last().is_some_and(|(_, d)| *d == depth) {
                open.pop();
            }
        } else if !is_ident(prev) && code[i..].starts_with("mod ") {
            let name: String = code[i + 4..].chars().take_while(|c| is_ident(*c)).collect();
            let after = code[i + 4 + name.len()..].trim_start();
            if after.starts_with('{') {
                open.push((name, depth));
            }
        }
        prev = c;
    }
    open.into_iter().map(|(n, _)| n).collect()
}

/// The file module a path names from module `here`: the longest prefix
/// of the resolved path that is a file of the crate.
fn resolve(here: &[String], path: &[String], files: &BTreeSet<ModPath>) -> Option<ModPath> {
    let mut base: ModPath;
    let mut segs = path.iter().peekable();
    match segs.peek().map(|s| s.as_str()) {
        Some("crate") => {
            segs.next();
            base = Vec::new();
        }
        Some("super") => {
            base = here.to_vec();
            while segs.peek().map(|s| s.as_str()) == Some("super") {
                segs.next();
                base.pop();
            }
        }
        Some("self") => {
            segs.next();
            base = here.to_vec();
        }
        Some(first) => {
            // A child of `here` named plainly (`use sessions::X` in csv.rs).
            let mut child = here.to_vec();
            child.push(first.to_owned());
            if !files.contains(&child) {
                return None;
            }
            base = here.to_vec();
        }
        None => return None,
    }
    let mut best = None;
    if files.contains(&base) {
        best = Some(base.clone());
    }
    for s in segs {
        base.push(s.clone());
        if files.contains(&base) {
            best = Some(base.clone());
        }
    }
    best
}

/// The file-level graph of the crate whose root is `src/lib.rs`.
fn graph(src: &Path) -> Graph {
    graph_without(src, &[])
}

/// The graph of the crate rooted at `src`, without the folders named in
/// `other_crates` (a bin with its own root and modules beside the lib).
fn graph_without(src: &Path, other_crates: &[&str]) -> Graph {
    let mut files: BTreeMap<ModPath, PathBuf> = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("readable").flatten() {
            let p = e.path();
            let other = p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| other_crates.contains(&n));
            if p.is_dir() && !other {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.insert(module_of(src, &p), p);
            }
        }
    }
    let names: BTreeSet<ModPath> = files.keys().cloned().collect();
    let mut g = Graph::new();
    for (m, path) in &files {
        // The root only declares and re-exports.
        if m.is_empty() {
            continue;
        }
        let text = std::fs::read_to_string(path).expect("readable");
        let code = code_only(&text);
        let deps = g.entry(m.clone()).or_default();
        // Serde names functions in strings (`with = "crate::exact::str"`).
        for p in serde_paths(&text) {
            if let Some(to) = resolve(m, &p, &names) {
                if &to != m && !to.is_empty() {
                    deps.insert(to);
                }
            }
        }
        for (at, p) in named_paths(&code) {
            let mut here = m.clone();
            here.extend(inline_modules_at(&code, at));
            if let Some(to) = resolve(&here, &p, &names) {
                if &to != m && !to.is_empty() {
                    deps.insert(to);
                }
            }
        }
    }
    g
}

/// Every circle, each once, as `a -> b -> a`.
fn circles(g: &Graph) -> Vec<String> {
    let mut found = BTreeSet::new();
    for start in g.keys() {
        // Breadth-first from start's uses back to start: the shortest circle.
        let mut prev: BTreeMap<&ModPath, &ModPath> = BTreeMap::new();
        let mut queue: std::collections::VecDeque<&ModPath> = g[start].iter().collect();
        for n in &g[start] {
            prev.insert(n, start);
        }
        while let Some(at) = queue.pop_front() {
            if at == start {
                let mut path = vec![start.join("::")];
                let mut k = prev[at];
                while k != start {
                    path.push(k.join("::"));
                    k = prev[k];
                }
                path.push(start.join("::"));
                path.reverse();
                // Named from its smallest module, so each circle is listed once.
                let ring = &path[..path.len() - 1];
                let first = ring
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, n)| *n)
                    .map_or(0, |(i, _)| i);
                let mut canon: Vec<String> = ring[first..]
                    .iter()
                    .chain(&ring[..first])
                    .cloned()
                    .collect();
                canon.push(canon[0].clone());
                found.insert(canon.join(" -> "));
                break;
            }
            for n in g.get(at).into_iter().flatten() {
                if !prev.contains_key(n) {
                    prev.insert(n, at);
                    queue.push_back(n);
                }
            }
        }
    }
    found.into_iter().collect()
}

fn crate_src(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn no_file_of_the_engine_uses_one_that_uses_it() {
    let g = graph(&crate_src("src"));
    assert!(g.len() > 30, "found only {:?}", g.keys());
    let has = |a: &str, b: &str| {
        let key: ModPath = a.split("::").map(str::to_owned).collect();
        let to: ModPath = b.split("::").map(str::to_owned).collect();
        g.get(&key).is_some_and(|d| d.contains(&to))
    };
    assert!(has("stages", "invoice"), "the reader misses imports");
    let c = circles(&g);
    assert!(c.is_empty(), "import circles:\n{}", c.join("\n"));
}

#[test]
fn no_file_of_the_app_uses_one_that_uses_it() {
    // The page (the lib and its modules) and the worker (its own bin,
    // web/src/worker/, with its own `crate::`) are two crates.
    let page = graph_without(&crate_src("../../web/src"), &["worker"]);
    assert!(page.len() > 30, "found only {:?}", page.keys());
    assert!(
        !page
            .keys()
            .any(|m| m.first().is_some_and(|f| f == "worker")),
        "the page's graph holds the worker's files"
    );
    let worker = graph(&crate_src("../../web/src/worker"));
    assert!(worker.len() >= 6, "found only {:?}", worker.keys());
    let has = |a: &str, b: &str| {
        worker
            .get(&vec![a.to_owned()])
            .is_some_and(|d| d.contains(&vec![b.to_owned()]))
    };
    assert!(
        has("vendor_files", "files"),
        "the reader misses the worker's imports"
    );
    for g in [page, worker] {
        let c = circles(&g);
        assert!(c.is_empty(), "import circles:\n{}", c.join("\n"));
    }
}

/// A small crate written as rustfmt writes it, with a parent and child
/// that use each other (`super::` one way, a multi-line `use` list the
/// other) and a circle through an inline module: both are found, and a
/// comment or a string naming a module is not an import.
#[test]
fn the_reader_finds_circles_in_a_planted_tree() {
    let dir = std::env::temp_dir().join(format!("billsim-arch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("parent")).unwrap();
    let write = |f: &str, text: &str| std::fs::write(dir.join(f), text).unwrap();
    write(
        "lib.rs",
        "pub mod parent;\npub mod other;\npub mod quiet;\n",
    );
    write(
        "parent.rs",
        "pub mod child;\n\nuse crate::{\n    other::{\n        Thing,\n    },\n};\npub use child::Kid;\npub struct Shared;\n",
    );
    write(
        "parent/child.rs",
        "use super::Shared;\npub struct Kid(Shared);\n",
    );
    write(
        "other.rs",
        "pub struct Thing;\nmod inner {\n    fn f() -> super::super::quiet::Q { todo!() }\n}\n",
    );
    write(
        "quiet.rs",
        "// use crate::other::Thing;\npub struct Q;\nconst S: &str = \"crate::other::Thing\";\n#[cfg(test)]\nmod tests {\n    use crate::other::Thing;\n}\n",
    );
    let g = graph(&dir);
    let c = circles(&g);
    assert_eq!(c, ["parent -> parent::child -> parent"], "{g:?}");
    // quiet -> other is only in a comment, a string and a test.
    assert!(g[&vec!["quiet".to_owned()]].is_empty(), "{g:?}");
    // other's inline module uses quiet through super::super.
    assert!(g[&vec!["other".to_owned()]].contains(&vec!["quiet".to_owned()]));
    // Closing the loop through the inline module is found too.
    write("quiet.rs", "use crate::{other::Thing};\npub struct Q;\n");
    let c = circles(&graph(&dir));
    assert!(c.contains(&"other -> quiet -> other".to_owned()), "{c:?}");
    // A serde attribute names a module in a string: that is a use too.
    write(
        "quiet.rs",
        "#[derive(serde::Serialize)]\npub struct Q(#[serde(with = \"crate::other::dec\")] u32);\n",
    );
    let c = circles(&graph(&dir));
    assert!(c.contains(&"other -> quiet -> other".to_owned()), "{c:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The identifiers of `code`.
fn words(code: &str) -> BTreeSet<&str> {
    code.split(|c: char| !is_ident(c))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Issue 21: no rule's number under web/. The app names none of the
/// engine's constants but those about paging, files and the calendar, so
/// a rule's figure (the minutes that make a user brief, a peak's minutes)
/// reaches a screen only in the core's own sentences.
#[test]
fn the_app_names_no_rule_constant_of_the_engine() {
    let not_rules = [
        "ALL",         // the models, in order
        "ZERO",        // a decimal's zero
        "DAY_MINUTES", // minutes in a day
        "HEAD_BYTES",  // the bytes a vendor file is told apart by
        "PAGE",        // rows a list sends at a time
        "WHOLE",       // lists sent whole
        "VERSION",     // a stored format's version
    ];
    let mut core = Vec::new();
    rust_files(&crate_src("src"), &mut core);
    let mut constants = BTreeSet::new();
    for f in &core {
        let code = code_only(&std::fs::read_to_string(f).expect("read"));
        let mut rest = code.as_str();
        while let Some(at) = rest.find("pub const ") {
            rest = &rest[at + "pub const ".len()..];
            let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
            if !not_rules.contains(&name.as_str()) {
                constants.insert(name);
            }
        }
    }
    assert!(
        constants.contains("BRIEF_MINUTES"),
        "the reader misses the engine's constants: {constants:?}"
    );
    let mut app = Vec::new();
    rust_files(&crate_src("../../web/src"), &mut app);
    assert!(app.len() > 30, "found only {app:?}");
    let mut named = Vec::new();
    for f in &app {
        let code = code_only(&std::fs::read_to_string(f).expect("read"));
        for w in words(&code) {
            if constants.contains(w) {
                named.push(format!("{}: {w}", f.display()));
            }
        }
    }
    assert!(
        named.is_empty(),
        "rule constants in web/:\n{}",
        named.join("\n")
    );
}
