//! Installs what the build and tests need, from the package registries only,
//! and skips (saying so) whatever is already there.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Trunk release that builds with this toolchain (0.22 needs a newer rustc).
const TRUNK_VERSION: &str = "0.21.14";

/// Where the tools are, and the PATH that puts them first.
pub struct Env {
    /// PATH with node_modules/.bin and ~/.cargo/bin first.
    pub path: String,
    /// The trunk binary.
    pub trunk: PathBuf,
    /// Debian's Chromium.
    pub chromium: String,
    /// Debian's chromedriver.
    pub chromedriver: String,
}

/// The workspace root (the parent of crates/xtask).
pub fn root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or(here)
}

fn output(cmd: &str, args: &[&str], path: &str) -> Option<String> {
    let out = Command::new(cmd)
        .args(args)
        .env("PATH", path)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn run(what: &str, cmd: &mut Command) -> Result<(), String> {
    println!("install: {what} ...");
    let status = cmd.status().map_err(|e| format!("{what}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed ({status})"))
    }
}

fn skip(what: &str) {
    println!("install: {what}: already installed, skipped");
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
fn locked_wasm_bindgen(root: &Path) -> Result<String, String> {
    let lock =
        std::fs::read_to_string(root.join("Cargo.lock")).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|v| v.trim().strip_prefix("version = \""))
            {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("wasm-bindgen not found in Cargo.lock".into())
}

/// Installs everything missing; returns where things are.
pub fn all(root: &Path) -> Result<Env, String> {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    let cargo_bin = std::env::var("CARGO_HOME")
        .map(|h| format!("{h}/bin"))
        .unwrap_or_else(|_| format!("{home}/.cargo/bin"));
    let path = format!(
        "{}:{cargo_bin}:{}",
        root.join("node_modules/.bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );

    // The wasm target.
    let targets = output("rustup", &["target", "list", "--installed"], &path).unwrap_or_default();
    if targets.lines().any(|t| t == "wasm32-unknown-unknown") {
        skip("rust target wasm32-unknown-unknown");
    } else {
        run(
            "rustup target add wasm32-unknown-unknown",
            Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
        )?;
    }

    // Trunk, built from crates.io (its own tool downloads are switched off in Trunk.toml).
    let want = format!("trunk {TRUNK_VERSION}");
    if output("trunk", &["--version"], &path).as_deref() == Some(want.as_str()) {
        skip(&want);
    } else {
        run(
            &format!("cargo install {want} (about 7 minutes)"),
            Command::new("cargo").args([
                "install",
                "trunk",
                "--version",
                TRUNK_VERSION,
                "--locked",
            ]),
        )?;
    }

    // The wasm-bindgen CLI at exactly the locked version (not --locked: a pinned dep of 0.2.130 is gone from the registry).
    let wb = locked_wasm_bindgen(root)?;
    let want = format!("wasm-bindgen {wb}");
    if output("wasm-bindgen", &["--version"], &path).as_deref() == Some(want.as_str()) {
        skip(&want);
    } else {
        run(
            &format!("cargo install wasm-bindgen-cli {wb} (about 4 minutes)"),
            Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &wb]),
        )?;
    }

    // npm packages: binaryen's wasm-opt and playwright-core, exactly as locked.
    let marker = root.join("node_modules/.package-lock.json");
    let fresh = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    if root.join("node_modules/.bin/wasm-opt").exists()
        && root.join("node_modules/playwright-core").exists()
        && fresh(&marker) >= fresh(&root.join("package-lock.json"))
    {
        skip("npm packages (binaryen, playwright-core)");
    } else {
        run(
            "npm ci (binaryen, playwright-core)",
            Command::new("npm")
                .current_dir(root)
                .args(["ci", "--no-audit", "--no-fund"]),
        )?;
    }

    // Debian's Chromium and chromedriver (a test tool's own browser download would fail here).
    let chromium = "/usr/bin/chromium".to_owned();
    let chromedriver = "/usr/bin/chromedriver".to_owned();
    if Path::new(&chromium).exists() && Path::new(&chromedriver).exists() {
        skip("chromium and chromedriver (Debian)");
    } else {
        let sudo: &[&str] = if output("id", &["-u"], &path).as_deref() == Some("0") {
            &[]
        } else {
            &["sudo"]
        };
        let apt = |args: &[&str]| {
            let mut c = Command::new(if sudo.is_empty() { "apt-get" } else { "sudo" });
            if !sudo.is_empty() {
                c.arg("apt-get");
            }
            c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
            c
        };
        run("apt-get update", &mut apt(&["update"]))?;
        run(
            "apt-get install chromium chromium-driver",
            &mut apt(&["install", "-y", "chromium", "chromium-driver"]),
        )?;
    }
    Ok(Env {
        path,
        trunk: PathBuf::from("trunk"),
        chromium,
        chromedriver,
    })
}

/// The end-to-end test files, in a stable order.
pub fn e2e_files(root: &Path) -> Result<Vec<String>, String> {
    let mut files: Vec<String> = std::fs::read_dir(root.join("e2e"))
        .map_err(|e| format!("e2e/: {e}"))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("no end-to-end tests in e2e/".into());
    }
    Ok(files)
}
