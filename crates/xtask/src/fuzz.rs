//! `cargo xtask fuzz [SECONDS] [TARGET...]`: runs the cargo-fuzz targets of
//! `fuzz/` one after another for a total time budget (default 300 s) and
//! fails on any crash, timeout or out-of-memory. Nightly only (cargo-fuzz
//! needs it), so not part of `cargo xtask test`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Each target, its `-max_len` (bytes of input) and further libFuzzer flags.
pub const TARGETS: [(&str, usize, &[&str]); 10] = [
    // The biggest golden scenario is about 65 KB.
    ("scenario_json", 128 * 1024, &[]),
    // Bytes for `arbitrary`: a fixture index and up to 16 mutations; the
    // seeds are 12 bytes, so let inputs grow at once (no -len_control ramp).
    ("scenario_mutate", 4096, &["-len_control=0"]),
    ("csv_sessions", 16 * 1024, &[]),
    ("csv_calls", 16 * 1024, &[]),
    ("csv_resources", 16 * 1024, &[]),
    ("csv_hours", 16 * 1024, &[]),
    ("csv_interactions", 16 * 1024, &[]),
    // The reconcile fixtures' bills and the example's are under 4 KB.
    ("vendor_bill", 32 * 1024, &[]),
    // A golden scenario's link is under 16 KB.
    ("share_link", 32 * 1024, &[]),
    ("js_options", 8 * 1024, &[]),
];

/// Total seconds when none are given.
const DEFAULT_SECONDS: u64 = 300;

/// libFuzzer's limits: a run longer than this, or more memory, is a finding.
const TIMEOUT_SECONDS: u64 = 10;
const RSS_LIMIT_MB: u64 = 2048;

/// How one target's run ended.
struct Outcome {
    target: &'static str,
    runs: Option<u64>,
    seconds: f64,
    /// "ok", or what libFuzzer found.
    result: String,
    artifact: Option<String>,
    log: PathBuf,
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let mut total = DEFAULT_SECONDS;
    let mut only = Vec::new();
    for a in args {
        match a.parse::<u64>() {
            Ok(n) if n > 0 => total = n,
            _ if TARGETS.iter().any(|(t, _, _)| t == a) => only.push(a.as_str()),
            _ => {
                return Err(format!(
                    "usage: cargo xtask fuzz [SECONDS] [TARGET...]; targets: {}",
                    TARGETS.map(|(t, _, _)| t).join(", ")
                ))
            }
        }
    }
    let targets: Vec<(&'static str, usize, &[&str])> = TARGETS
        .into_iter()
        .filter(|(t, _, _)| only.is_empty() || only.contains(t))
        .collect();
    let path = tools(root)?;
    let fuzz = root.join("fuzz");
    for (t, _, _) in &targets {
        seed(root, t)?;
    }
    let cargo_fuzz = |args: &[&str]| {
        let mut c = Command::new("cargo");
        c.current_dir(root)
            .env("PATH", &path)
            // The outer `cargo xtask` may pin the stable toolchain; `+nightly` must win.
            .env_remove("RUSTUP_TOOLCHAIN")
            .args(["+nightly", "fuzz"])
            .args(args);
        c
    };
    // The engine is safe Rust (no `unsafe`): no sanitizer, about twice the
    // executions; debug assertions and overflow checks stay on (cargo-fuzz's default).
    println!("\n==> cargo +nightly fuzz build (debug assertions, overflow checks)");
    let status = cargo_fuzz(&["build", "-s", "none"])
        .status()
        .map_err(|e| format!("cargo +nightly fuzz build: {e}"))?;
    if !status.success() {
        return Err(format!("cargo +nightly fuzz build failed ({status})"));
    }
    let each = (total / targets.len() as u64).max(1);
    let logs = fuzz.join("artifacts/logs");
    std::fs::create_dir_all(&logs).map_err(|e| format!("{}: {e}", logs.display()))?;
    let mut outcomes = Vec::new();
    for (target, max_len, extra) in targets {
        println!("\n==> fuzzing {target} for {each} s (-max_len={max_len})");
        let log = logs.join(format!("{target}.log"));
        let file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = file.try_clone().map_err(|e| e.to_string())?;
        let mut args = vec![
            "run".to_owned(),
            "-s".into(),
            "none".into(),
            target.into(),
            format!("fuzz/corpus/{target}"),
            "--".into(),
            format!("-max_total_time={each}"),
            format!("-rss_limit_mb={RSS_LIMIT_MB}"),
            format!("-timeout={TIMEOUT_SECONDS}"),
            format!("-max_len={max_len}"),
            "-print_final_stats=1".into(),
        ];
        args.extend(extra.iter().map(|a| a.to_string()));
        let dict = fuzz.join(format!("dict/{target}.dict"));
        if dict.exists() {
            args.push(format!("-dict={}", dict.display()));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let start = Instant::now();
        let status = cargo_fuzz(&args)
            .stdout(file)
            .stderr(err)
            .status()
            .map_err(|e| format!("cargo +nightly fuzz run {target}: {e}"))?;
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let mut o = outcome(target, &text, start.elapsed().as_secs_f64(), log);
        if !status.success() && o.result == "ok" {
            o.result = format!("failed ({status})");
        }
        if o.result != "ok" {
            let lines: Vec<&str> = text.lines().collect();
            println!("{}", lines[lines.len().saturating_sub(60)..].join("\n"));
        }
        println!(
            "--- {target}: {} ({} runs)",
            o.result,
            o.runs.map_or("?".into(), |n| n.to_string())
        );
        outcomes.push(o);
    }
    println!("\n{:<16} {:>12} {:>8}  result", "target", "runs", "seconds");
    let mut runs = 0;
    for o in &outcomes {
        runs += o.runs.unwrap_or(0);
        println!(
            "{:<16} {:>12} {:>8.0}  {}",
            o.target,
            o.runs.map_or("?".into(), |n| n.to_string()),
            o.seconds,
            o.result
        );
    }
    println!("{:<16} {runs:>12}", "total");
    let failed: Vec<String> = outcomes
        .iter()
        .filter(|o| o.result != "ok")
        .map(|o| {
            let mut m = format!("{}: {}", o.target, o.result);
            if let Some(a) = &o.artifact {
                let _ = write!(
                    m,
                    "; input {a} (replay: cargo +nightly fuzz run -s none {} {a}, minimize: cargo +nightly fuzz tmin -s none {} {a})",
                    o.target, o.target
                );
            }
            let _ = write!(m, "; log {}", o.log.display());
            m
        })
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("fuzzing found:\n  {}", failed.join("\n  ")))
    }
}

/// Reads libFuzzer's output: the execution count ("Done N runs in M
/// second(s)", or the final stats when it stopped on a finding), what it
/// found and where it wrote the input.
fn outcome(target: &'static str, text: &str, wall: f64, log: PathBuf) -> Outcome {
    let mut runs = None;
    let mut seconds = None;
    let mut artifact = None;
    let mut result = "ok".to_owned();
    for line in text.lines() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("Done ") {
            // "Done 123456 runs in 50 second(s)"
            let w: Vec<&str> = rest.split_whitespace().collect();
            if let [n, "runs", "in", s, ..] = w[..] {
                runs = n.parse().ok().or(runs);
                seconds = s.parse().ok();
            }
        } else if let Some(n) = l.strip_prefix("stat::number_of_executed_units:") {
            runs = runs.or(n.trim().parse().ok());
        } else if let Some(i) = l.find("Test unit written to ") {
            artifact = Some(l[i + "Test unit written to ".len()..].trim().to_owned());
        } else if l.contains("ERROR: libFuzzer: timeout") {
            result = format!("TIMEOUT (> {TIMEOUT_SECONDS} s)");
        } else if l.contains("ERROR: libFuzzer: out-of-memory") {
            result = format!("OUT OF MEMORY (> {RSS_LIMIT_MB} MB)");
        } else if l.contains("ERROR: libFuzzer:") && result == "ok" {
            result = format!(
                "CRASH ({})",
                l.split("ERROR: libFuzzer: ").nth(1).unwrap_or(l)
            );
        } else if l.contains("panicked at") && result == "ok" {
            result = "CRASH (panic)".into();
        }
    }
    if result == "CRASH (deadly signal)" && text.contains("panicked at") {
        result = "CRASH (panic)".into();
    }
    Outcome {
        target,
        runs,
        seconds: seconds.unwrap_or(wall),
        result,
        artifact,
        log,
    }
}

/// The nightly toolchain and cargo-fuzz, installed if missing; returns the PATH.
fn tools(root: &Path) -> Result<String, String> {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let cargo_bin = std::env::var("CARGO_HOME")
        .map(|h| format!("{h}/bin"))
        .unwrap_or_else(|_| format!("{home}/.cargo/bin"));
    let path = format!("{cargo_bin}:{}", std::env::var("PATH").unwrap_or_default());
    let ok = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .current_dir(root)
            .args(args)
            .env("PATH", &path)
            .env_remove("RUSTUP_TOOLCHAIN")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
    };
    let install = |what: &str, cmd: &str, args: &[&str]| {
        println!("install: {what} ...");
        let status = Command::new(cmd)
            .args(args)
            .env("PATH", &path)
            .status()
            .map_err(|e| format!("{what}: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("{what} failed ({status})"))
        }
    };
    let toolchains = ok("rustup", &["toolchain", "list"]).unwrap_or_default();
    if toolchains.lines().any(|t| t.starts_with("nightly")) {
        println!("install: rust nightly toolchain: already installed, skipped");
    } else {
        install(
            "rustup toolchain install nightly",
            "rustup",
            &["toolchain", "install", "nightly", "--profile", "minimal"],
        )?;
    }
    match ok("cargo", &["+nightly", "fuzz", "--version"]) {
        Some(v) => println!("install: {v}: already installed, skipped"),
        None => install(
            "cargo install cargo-fuzz --locked",
            "cargo",
            &["install", "cargo-fuzz", "--locked"],
        )?,
    }
    Ok(path)
}

/// Writes the seed corpus of a target into `fuzz/corpus/<target>/` if it is
/// empty: the golden scenarios and examples for the JSON targets, small
/// valid files for the CSV readers. libFuzzer adds what it finds next to them.
fn seed(root: &Path, target: &str) -> Result<(), String> {
    let dir = root.join("fuzz/corpus").join(target);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let empty = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .next()
        .is_none();
    if !empty {
        println!("seed: fuzz/corpus/{target} has inputs, skipped");
        return Ok(());
    }
    let seeds: Vec<(String, Vec<u8>)> = match target {
        "scenario_json" => fixtures(root)?
            .into_iter()
            .filter_map(|(name, text)| scenario_text(&text).map(|s| (name, s.into_bytes())))
            .collect(),
        "scenario_mutate" => {
            // A fixture index (little-endian u16, modulo their number), no mutations yet.
            (0u16..64)
                .map(|i| {
                    let mut b = i.to_le_bytes().to_vec();
                    b.extend([0; 10]);
                    (format!("fixture-{i:02}"), b)
                })
                .collect()
        }
        "vendor_bill" => vendor_bills(root)?,
        "share_link" => fixtures(root)?
            .into_iter()
            .filter_map(|(name, text)| {
                let s = scenario_text(&text)?;
                Some((name.replace(".json", ".link"), link(&s).into_bytes()))
            })
            .collect(),
        "js_options" => JS_OPTION_SEEDS
            .iter()
            .map(|(name, text)| ((*name).to_owned(), text.as_bytes().to_vec()))
            .collect(),
        csv => CSV_SEEDS
            .iter()
            .filter(|(t, _, _)| *t == csv)
            .map(|(_, name, text)| (format!("{name}.csv"), text.as_bytes().to_vec()))
            .collect(),
    };
    for (name, bytes) in &seeds {
        let p = dir.join(name);
        std::fs::write(&p, bytes).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    println!("seed: fuzz/corpus/{target}: {} inputs written", seeds.len());
    Ok(())
}

/// The vendor's files: `examples/*vendor-bill*` and every file of the
/// reconcile fixtures (`tests/reconcile/*.json`, their `bills`, a `text`
/// as written or a `json` value written out as the fixture runner does).
fn vendor_bills(root: &Path) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut out = Vec::new();
    let examples = root.join("examples");
    let entries =
        std::fs::read_dir(&examples).map_err(|e| format!("{}: {e}", examples.display()))?;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.contains("vendor-bill") {
            let bytes = std::fs::read(e.path()).map_err(|e| format!("{name}: {e}"))?;
            out.push((name, bytes));
        }
    }
    let dir = root.join("crates/billsim-core/tests/reconcile");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for e in entries.flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
        let f: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", p.display()))?;
        let stem = p.file_stem().unwrap_or_default().to_string_lossy();
        for (i, b) in f["bills"].as_array().into_iter().flatten().enumerate() {
            let bytes = match &b["text"] {
                serde_json::Value::String(t) => t.clone().into_bytes(),
                _ => serde_json::to_string_pretty(&b["json"])
                    .map_err(|e| e.to_string())?
                    .into_bytes(),
            };
            out.push((format!("{stem}-{i}"), bytes));
        }
    }
    out.sort();
    Ok(out)
}

/// A share link's fragment value, packed as the app packs it
/// (`billsim_core::share_link::encode`: deflate, base64url without padding).
fn link(text: &str) -> String {
    use base64::Engine;
    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
}

/// `js_options` inputs: a line `ASOF PERIOD PERCENTILE`, then a map (the
/// example's vendor bill descriptions to kinds, products, resources, orgs).
const JS_OPTION_SEEDS: &[(&str, &str)] = &[
    ("none", ""),
    ("dates", "2027-02-10 2027-01-21 90\n"),
    (
        "map",
        "2027-03-01  50\n{\"Virtual Edge\": {\"kind\": \"resource\", \"resource\": \"storage_gb\"},\n\
 \"Genesys Cloud CX 2 Concurrent User - Prepay\": {\"kind\": \"prepay\", \"product\": \"cx2\", \"org\": \"main\"},\n\
 \"Genesys Cloud CX 1 Concurrent User\": {\"kind\": \"overage\", \"product\": \"cx1\"},\n\
 \"Extended Outbound Calling Service\": {\"kind\": \"telco\", \"call_type\": \"extended_outbound\"},\n\
 \"Phone Numbers - Monthly\": {\"kind\": \"not_in_simulation\"},\n\
 \"Sales Tax\": {\"kind\": \"tax\"}}\n",
    ),
    (
        "map-other",
        " 2027-02-21\n{\"Virtual Edge\": {\"kind\": \"hourly\", \"product\": \"cx3\", \"org\": \"elsewhere\"},\n\
 \"Genesys Cloud CX 2 Concurrent User\": {\"kind\": \"actual\", \"product\": \"cx2\", \"call_type\": \"inbound\"}}\n",
    ),
];

/// `(file name, text)` of the golden fixtures and the examples.
fn fixtures(root: &Path) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for dir in ["crates/billsim-core/tests/golden", "examples"] {
        let dir = root.join(dir);
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "json") {
                let text =
                    std::fs::read_to_string(&p).map_err(|e| format!("{}: {e}", p.display()))?;
                let name = p.file_name().unwrap_or_default().to_string_lossy();
                out.push((name.into_owned(), text));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The scenario a fixture holds: its `"scenario"` object, its
/// `"scenario_text"` string (the error fixtures' malformed input), or the
/// whole file for an example.
fn scenario_text(file: &str) -> Option<String> {
    if let Some(v) = value_after(file, "\"scenario\"") {
        return Some(v.to_owned());
    }
    if let Some(v) = value_after(file, "\"scenario_text\"") {
        return unescape(v.strip_prefix('"')?.strip_suffix('"')?);
    }
    file.contains("\"billsim\"").then(|| file.to_owned())
}

/// The JSON value (object or string) after `key:` in `text`, as written.
fn value_after<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let at = text.find(key)? + key.len();
    let rest = text[at..].trim_start().strip_prefix(':')?.trim_start();
    let open = rest.chars().next()?;
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in rest.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    in_string = false;
                    if open == '"' {
                        return Some(&rest[..=i]);
                    }
                }
                _ => {}
            }
            continue;
        }
        match c {
            '"' if open == '"' && i > 0 => return Some(&rest[..=i]),
            '"' => in_string = true,
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(&rest[..=i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// The text of a JSON string's contents.
fn unescape(s: &str) -> Option<String> {
    let mut out = String::new();
    let mut units = Vec::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            flush(&mut units, &mut out)?;
            out.push(c);
            continue;
        }
        let e = chars.next()?;
        if e == 'u' {
            let hex: String = chars.by_ref().take(4).collect();
            units.push(u16::from_str_radix(&hex, 16).ok()?);
            continue;
        }
        flush(&mut units, &mut out)?;
        out.push(match e {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'b' => '\u{8}',
            'f' => '\u{c}',
            other => other,
        });
    }
    flush(&mut units, &mut out)?;
    Some(out)
}

fn flush(units: &mut Vec<u16>, out: &mut String) -> Option<()> {
    for c in char::decode_utf16(units.drain(..)) {
        out.push(c.ok()?);
    }
    Some(())
}

/// Small valid files for each reader, with the example scenario's ids
/// (org `main`, products `cx1` and `cx2`): plain, Excel-style (BOM, CRLF,
/// quotes) and with the columns in another order.
const CSV_SEEDS: &[(&str, &str, &str)] = &[
    (
        "csv_sessions",
        "plain",
        "user,org,product,login,logout\n\
ana@acme.test,main,cx2,2026-10-22T08:00:00Z,2026-10-22T16:30:00Z\n\
bob@acme.test,main,cx1,2026-10-22T22:00:00Z,2026-10-23T06:00:00.250Z\n\
ana@acme.test,main,cx2,2026-11-25T08:00:00+02:00,2026-11-25T09:00:00+02:00\n",
    ),
    (
        "csv_sessions",
        "excel",
        "\u{feff}user,org,product,login,logout\r\n\
\"bob, jr\",main,cx2,2026-10-21T08:00:00Z,2026-10-21T09:00:00Z\r\n\
\"cy\"\"q\",\"main\",\"cx1\",\"2026-12-31T23:59:59.999Z\",\"2027-01-01T00:00:00Z\"\r\n",
    ),
    (
        "csv_sessions",
        "reordered",
        "logout,extra,login,product,org,user\n\
2026-10-21T09:00:00Z,x,2026-10-21T08:00:00Z,cx2,main,ana\n",
    ),
    (
        "csv_calls",
        "plain",
        "org,type,start,seconds,international\n\
main,inbound,2026-10-22T14:03:00Z,34,false\n\
main,outbound,2026-10-22T14:05:00Z,5,true\n\
main,extended_outbound,2026-11-01T00:00:00Z,3600,no\n\
main,toll_free,2026-12-24T23:59:59.500Z,0,\n",
    ),
    (
        "csv_calls",
        "excel",
        "\u{feff}International,Seconds,Start,Type,Org\r\n\
1,6,2026-10-22T14:03:00+01:00,\"outbound\",main\r\n",
    ),
    (
        "csv_resources",
        "plain",
        "org,resource,date,quantity\n\
main,ivr_minutes,2026-10-22,30000\n\
main,storage_gb,2026-10-25,4000.5\n\
main,sms,2026-11-20,12\n",
    ),
    (
        "csv_resources",
        "excel",
        "\u{feff}quantity,date,resource,org\r\n\"0.0079\",2026-12-31,storage_gb,main\r\n",
    ),
    (
        "csv_hours",
        "plain",
        "user,org,product,date,duration\n\
ana,main,cx2,2026-10-22,08:00:00:000\n\
ana,main,cx2,2026-10-23,07:30:00:000\n\
bob,main,cx1,2026-10-22,09:15:00:250\n",
    ),
    (
        "csv_hours",
        "excel",
        "\u{feff}Duration,Date,Product,Org,User\r\n\"23:59:59:999\",2026-11-20,cx2,main,\"bob, jr\"\r\n",
    ),
    (
        "csv_interactions",
        "plain",
        "id,org,start,resources,bot_minutes,bot_sessions\n\
i-1,main,2026-10-22T14:03:00Z,bot_flow,3.5,\n\
i-2,main,2026-10-22T14:05:00.250Z,virtual_agent|agentic_virtual_agent,,1\n\
i-3,main,2026-11-30T23:59:59+02:00,bot_flow|virtual_agent,0,2\n",
    ),
    (
        "csv_interactions",
        "excel",
        "\u{feff}Resources,Start,Org,Id\r\n\
\"bot_flow | agentic_virtual_agent\",2026-12-31T23:59:59.999Z,\"main\",\"i,\"\"4\"\"\"\r\n",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_of_a_fixture() {
        let f = r#"{ "name": "x {", "scenario": { "a": "}", "b": [1, {"c": 2}] }, "expect": {} }"#;
        assert_eq!(
            scenario_text(f).as_deref(),
            Some(r#"{ "a": "}", "b": [1, {"c": 2}] }"#)
        );
        let f = r#"{ "scenario_text": "{\"billsim\": 1,\n \"x\": \"\u00e9\\\"\" }" }"#;
        assert_eq!(
            scenario_text(f).as_deref(),
            Some("{\"billsim\": 1,\n \"x\": \"é\\\"\" }")
        );
    }

    #[test]
    fn vendor_bill_seeds_are_the_examples_and_the_fixtures_bills() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let seeds = vendor_bills(&root).unwrap();
        assert!(
            seeds
                .iter()
                .any(|(n, b)| n == "contact-center.vendor-bill.csv"
                    && b.starts_with(b"invoice_date,"))
        );
        // A fixture's bill given as JSON is written out as JSON text.
        assert!(seeds
            .iter()
            .any(|(n, b)| n == "subscription-overview-bill-to-date-0" && b.starts_with(b"{")));
    }

    #[test]
    fn a_share_link_seed_unpacks_to_its_text() {
        use base64::Engine;
        let l = link("{\"billsim\": 1}");
        assert!(l
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
        let packed = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&l)
            .unwrap();
        assert_eq!(
            miniz_oxide::inflate::decompress_to_vec(&packed).unwrap(),
            b"{\"billsim\": 1}"
        );
    }

    #[test]
    fn counts_of_a_run_and_of_a_crash() {
        let o = outcome(
            "t",
            "#1 INITED\nDone 12345 runs in 50 second(s)\n",
            51.0,
            "l".into(),
        );
        assert_eq!(
            (o.runs, o.seconds, o.result.as_str()),
            (Some(12345), 50.0, "ok")
        );
        let o = outcome(
            "t",
            "thread '<unnamed>' panicked at src/x.rs:1:1:\n==1== ERROR: libFuzzer: deadly signal\n\
artifact_prefix='artifacts/t/'; Test unit written to artifacts/t/crash-ab\n\
stat::number_of_executed_units: 777\n",
            3.0,
            "l".into(),
        );
        assert_eq!(o.runs, Some(777));
        assert_eq!(o.result, "CRASH (panic)");
        assert_eq!(o.artifact.as_deref(), Some("artifacts/t/crash-ab"));
    }
}
