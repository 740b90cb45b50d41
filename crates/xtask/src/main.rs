//! `cargo xtask serve | test | bench`: installs whatever is missing (and says
//! what it skipped), then serves the app or runs every check in order.

mod install;
mod serve;

use std::process::{Command, ExitCode};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = install::root();
    let result = match args.first().map(String::as_str) {
        Some("serve") => install::all(&root).and_then(|env| serve::dev(&root, &env)),
        Some("test") => install::all(&root).and_then(|env| test(&root, &env)),
        Some("bench") => bench(&root),
        Some("install") => install::all(&root).map(|_| ()),
        _ => Err("usage: cargo xtask serve | test | bench | install".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Counts of tests run, summed over the steps.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    /// Adds the counts found in a runner's output (cargo test, node --test).
    fn read(&mut self, out: &str) {
        for line in out.lines() {
            let l = line.trim();
            if let Some(rest) = l.strip_prefix("test result: ") {
                // "ok. 12 passed; 0 failed; 0 ignored; ..."
                for part in rest.split(';') {
                    let words: Vec<&str> = part.split_whitespace().collect();
                    if let [.., n, "passed"] = words[..] {
                        self.passed += n.parse::<u64>().unwrap_or(0);
                    }
                    if let [n, "failed"] = words[..] {
                        self.failed += n.parse::<u64>().unwrap_or(0);
                    }
                }
            } else if let Some(n) = l.strip_prefix("# pass ") {
                self.passed += n.trim().parse::<u64>().unwrap_or(0);
            } else if let Some(n) = l.strip_prefix("# fail ") {
                self.failed += n.trim().parse::<u64>().unwrap_or(0);
            }
        }
    }
}

/// Runs a step, echoing its output, and returns the output for counting.
fn step(name: &str, cmd: &mut Command, tally: Option<&mut Tally>) -> Result<(), String> {
    println!("\n==> {name}");
    let start = Instant::now();
    let out = cmd
        .output()
        .map_err(|e| format!("{name}: could not start: {e}"))?;
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    print!("{text}");
    if let Some(t) = tally {
        t.read(&text);
    }
    if !out.status.success() {
        return Err(format!(
            "step \"{name}\" failed ({}); the output above says why",
            out.status
        ));
    }
    println!("--- {name}: ok in {:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}

fn test(root: &std::path::Path, env: &install::Env) -> Result<(), String> {
    let mut tally = Tally::default();
    let r = run_tests(root, env, &mut tally);
    println!(
        "\n{} passed, {} failed",
        tally.passed,
        tally.failed + u64::from(r.is_err() && tally.failed == 0)
    );
    r
}

fn run_tests(root: &std::path::Path, env: &install::Env, tally: &mut Tally) -> Result<(), String> {
    let cargo = || {
        let mut c = Command::new("cargo");
        c.current_dir(root).env("PATH", &env.path);
        c
    };
    step(
        "cargo fmt --check",
        cargo().args(["fmt", "--all", "--check"]),
        None,
    )?;
    step(
        "cargo clippy -D warnings",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
        None,
    )?;
    step(
        "native tests",
        cargo().args(["test", "--workspace"]),
        Some(tally),
    )?;
    step(
        "wasm tests in headless Chromium",
        cargo()
            .args([
                "test",
                "-p",
                "billsim-web",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .env("CHROMEDRIVER", &env.chromedriver),
        Some(tally),
    )?;
    step(
        "release build of the app (trunk)",
        Command::new(&env.trunk)
            .current_dir(root)
            .env("PATH", &env.path)
            .args(["build", "--release"]),
        None,
    )?;
    let server = serve::Static::start(&root.join("dist"))?;
    let e2e = step(
        "end-to-end tests (Playwright + Chromium)",
        Command::new("node")
            .current_dir(root)
            .env("PATH", &env.path)
            .env("BILLSIM_URL", format!("http://127.0.0.1:{}/", server.port))
            .env("CHROMIUM", &env.chromium)
            .args(["--test", "--test-reporter=tap", "--test-concurrency=1"])
            .args(install::e2e_files(root)?),
        Some(tally),
    );
    drop(server);
    e2e
}

fn bench(root: &std::path::Path) -> Result<(), String> {
    let status = Command::new("cargo")
        .current_dir(root)
        .args(["bench", "-p", "billsim-core", "--bench", "engine"])
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err("benchmarks failed".into())
    }
}
