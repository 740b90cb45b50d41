//! The engine's data flows one way: no module of billsim-core uses one that
//! uses it back, directly or around a circle. Read from the sources, so a
//! new import that closes a circle fails here, naming it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module -> the top-level modules its code names (`crate::x`).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("src is readable").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let rel = p.strip_prefix(&src).expect("under src");
            let top = rel
                .components()
                .next()
                .and_then(|c| c.as_os_str().to_str())
                .map(|s| s.trim_end_matches(".rs").to_owned())
                .expect("a file name");
            if top == "lib" {
                continue;
            }
            let text = std::fs::read_to_string(&p).expect("readable");
            // Unit tests may reach anywhere; comments are not imports.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let deps = out.entry(top.clone()).or_default();
            for line in code.lines() {
                let line = line.split("//").next().unwrap_or_default();
                for (i, _) in line.match_indices("crate::") {
                    let rest = &line[i + "crate::".len()..];
                    let names: Vec<&str> = match rest.strip_prefix('{') {
                        Some(group) => group
                            .split(['}', ','])
                            .map(|n| n.trim().split("::").next().unwrap_or_default())
                            .collect(),
                        None => vec![rest],
                    };
                    for n in names {
                        let name: String = n
                            .chars()
                            .take_while(|c| {
                                c.is_ascii_lowercase() || *c == '_' || c.is_ascii_digit()
                            })
                            .collect();
                        if !name.is_empty() && name != top {
                            deps.insert(name);
                        }
                    }
                }
            }
        }
    }
    out
}

/// A circle through `start`, if there is one.
fn circle_through(start: &str, graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn walk(
        at: &str,
        start: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        for next in graph.get(at).into_iter().flatten() {
            if next == start {
                path.push(next.clone());
                return true;
            }
            if graph.contains_key(next) && seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(next, start, graph, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_owned()];
    walk(start, start, graph, &mut path, &mut BTreeSet::new()).then_some(path)
}

#[test]
fn no_module_imports_one_that_imports_it() {
    let graph = imports();
    assert!(graph.len() > 20, "found only {:?}", graph.keys());
    assert!(
        graph["stages"].contains("invoice"),
        "the reader misses imports"
    );
    let circles: Vec<String> = graph
        .keys()
        .filter_map(|m| circle_through(m, &graph))
        .map(|c| c.join(" -> "))
        .collect();
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_reader_finds_a_circle_when_there_is_one() {
    let mut graph = imports();
    graph
        .get_mut("scenario")
        .expect("scenario")
        .insert("stages".into());
    assert!(circle_through("scenario", &graph).is_some());
}
