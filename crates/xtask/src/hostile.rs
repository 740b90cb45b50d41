//! `cargo xtask bench hostile`: every hostile input of the rule book's R-V1
//! reproducers, run through the `billsim` command as a user would (files,
//! and a pipe for the long line), with wall time and peak memory. Each must
//! be refused (exit 2, a message) in under 1 s and 100 MB; the large inputs
//! billsim must answer instead (advice for 1,000 orgs, or 12,000 users:
//! issue 23 #2, #13) must succeed (exit 0) within the same bounds, and a
//! report of 14.6 million user-days (issue 23 #3), written as its rows are
//! made, in under 2 s and 300 MB.

mod round3;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// A scenario with one CX2 concurrent contract, `cycles` long, and `usage`.
fn scenario(cycles: u32, usage: &str, peak_minutes: u32, currency: &str) -> String {
    format!(
        r#"{{"billsim": 1, "currency": "{currency}",
  "contract": {{"activation": "2026-10-21", "model": "concurrent", "term_cycles": {cycles},
    "peak_rule": {{"kind": "sustained", "minutes": {peak_minutes}}},
    "products": {{"cx2": {{"tier": 2, "prepay": "115.00", "overage": "138.00"}}}},
    "commitments": [{{"product": "cx2", "from_cycle": 0, "quantity": "10"}}]}},
  "usage": {usage}}}"#
    )
}

fn profiles(agents: u32, shifts: usize, extra: &str) -> String {
    let shift = format!(r#"{{"start": "08:00", "minutes": 480, "agents": {agents}}}"#);
    format!(
        r#"{{"profiles": [{{"id": "a", "mix": {{"cx2": "1"}}, "shifts": [{}]{extra}}}]}}"#,
        vec![shift; shifts].join(", ")
    )
}

/// One reproducer: the files it needs and the command line that runs it.
struct Case {
    name: &'static str,
    args: Vec<String>,
    /// Fed to the command's standard input through a pipe.
    stdin: Option<PathBuf>,
    /// Answered (exit 0) rather than refused (exit 2, a message).
    answered: bool,
    /// Wall time (ms) and peak memory (MB) it must stay under.
    within: (f64, f64),
}

/// A refusal, or an answer of a few lines.
const QUICK: (f64, f64) = (1000.0, 100.0);
/// A report of half a gigabyte or more, written as its rows are made
/// (issue 23 #3): its time is the writing's, its memory a window's.
const STREAMED: (f64, f64) = (2000.0, 300.0);

/// A named contract of 240 monthly cycles (20 years) and 2,000 users each
/// logged in for the whole 20 years: 14.6 million user-days.
fn long_sessions() -> (String, Vec<u8>) {
    let contract = r#"{"billsim": 1, "currency": "USD",
  "contract": {"activation": "2026-10-21", "model": "named", "term_cycles": 240,
    "products": {"cx2": {"tier": 2, "prepay": "115.00", "overage": "138.00"}},
    "commitments": [{"product": "cx2", "from_cycle": 0, "quantity": "10"}]},
  "usage": {}}"#;
    let mut csv = b"user,org,product,login,logout\n".to_vec();
    for u in 0..2_000 {
        csv.extend(format!("u{u},main,cx2,2026-10-22T08:00:00Z,2046-10-20T08:00:00Z\n").as_bytes());
    }
    (contract.to_owned(), csv)
}

/// `n` orgs, each with a CX2 commitment of 2 and 3 users logged in for an
/// hour: advice prices each org's curve (R-O1), linear in orgs.
fn orgs_advice(n: usize) -> String {
    let orgs: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id": "o{i}", "region": "us-east-1"}}"#))
        .collect();
    let commitments: Vec<String> = (0..n)
        .map(|i| {
            format!(r#"{{"org": "o{i}", "product": "cx2", "from_cycle": 0, "quantity": "2"}}"#)
        })
        .collect();
    let sessions: Vec<String> = (0..n)
        .flat_map(|i| {
            (0..3).map(move |u| {
                format!(
                    r#"{{"user": "u{u}@o{i}", "org": "o{i}", "product": "cx2", "login": "2026-10-22T08:00:00Z", "logout": "2026-10-22T09:00:00Z"}}"#
                )
            })
        })
        .collect();
    format!(
        r#"{{"billsim": 1, "currency": "USD",
  "contract": {{"activation": "2026-10-21", "model": "concurrent", "term_cycles": 1,
    "products": {{"cx2": {{"tier": 2, "prepay": "115.00", "overage": "138.00", "list": "150.00", "hourly": "1.25"}}}},
    "commitments": [{}],
    "taxes": [{{"name": "VAT", "rate": "0.2", "applies_to": ["license"]}}]}},
  "orgs": [{}],
  "usage": {{"sessions": [{}]}}}}"#,
        commitments.join(", "),
        orgs.join(", "),
        sessions.join(", ")
    )
}

/// 12,000 users logged in for an hour: a curve of 24,001 points, sampled
/// rather than refused (R-O1).
fn users_advice(n: usize) -> String {
    let sessions: Vec<String> = (0..n)
        .map(|u| {
            format!(
                r#"{{"user": "u{u}", "org": "main", "product": "cx2", "login": "2026-10-22T08:00:00Z", "logout": "2026-10-22T09:00:00Z"}}"#
            )
        })
        .collect();
    scenario(
        1,
        &format!(r#"{{"sessions": [{}]}}"#, sessions.join(", ")),
        30,
        "USD",
    )
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<String, String> {
    let p = dir.join(name);
    std::fs::write(&p, bytes).map_err(|e| format!("{}: {e}", p.display()))?;
    Ok(p.display().to_string())
}

fn cases(dir: &Path) -> Result<Vec<Case>, String> {
    let plain = write(dir, "plain.json", scenario(1, "{}", 30, "USD").as_bytes())?;
    let sim = |file: String| vec!["simulate".to_owned(), file];
    let mut out = vec![
        Case {
            name: "profile: 1,000,000 agents x 600 cycles",
            args: sim(write(
                dir,
                "p-600.json",
                scenario(600, &profiles(1_000_000, 1, ""), 30, "USD").as_bytes(),
            )?),
            stdin: None,
            answered: false,
            within: QUICK,
        },
        Case {
            name: "profile: 10 shifts of 1,000,000, all absent",
            args: sim(write(
                dir,
                "p-absent.json",
                scenario(
                    1,
                    &profiles(1_000_000, 10, r#", "absence": "1""#),
                    30,
                    "USD",
                )
                .as_bytes(),
            )?),
            stdin: None,
            answered: false,
            within: QUICK,
        },
        Case {
            name: "profile: 1,000,000 agents, one cycle",
            args: sim(write(
                dir,
                "p-1.json",
                scenario(1, &profiles(1_000_000, 1, ""), 30, "USD").as_bytes(),
            )?),
            stdin: None,
            answered: false,
            within: QUICK,
        },
        Case {
            name: "compare: 100,000 agents x 12 cycles",
            args: vec![
                "compare".into(),
                write(
                    dir,
                    "p-12.json",
                    scenario(12, &profiles(100_000, 1, ""), 30, "USD").as_bytes(),
                )?,
            ],
            stdin: None,
            answered: false,
            within: QUICK,
        },
        Case {
            name: "handover_minutes 4,294,967,285",
            args: sim(write(
                dir,
                "handover.json",
                scenario(
                    1,
                    &profiles(10, 1, r#", "handover_minutes": 4294967285"#),
                    30,
                    "USD",
                )
                .as_bytes(),
            )?),
            stdin: None,
            answered: false,
            within: QUICK,
        },
        Case {
            name: "peak_rule.minutes 1,000,000,000",
            args: sim(write(
                dir,
                "peak.json",
                scenario(1, "{}", 1_000_000_000, "USD").as_bytes(),
            )?),
            stdin: None,
            answered: false,
            within: QUICK,
        },
        Case {
            name: "currency \"US\\u0000D\"",
            args: sim(write(
                dir,
                "nul.json",
                scenario(1, "{}", 30, "US\\u0000D").as_bytes(),
            )?),
            stdin: None,
            answered: false,
            within: QUICK,
        },
        Case {
            name: "scenario not UTF-8",
            args: sim(write(dir, "latin1.json", b"{\"name\": \"caf\xe9\"}")?),
            stdin: None,
            answered: false,
            within: QUICK,
        },
        Case {
            name: "compare --as-of (an ignored option)",
            args: vec![
                "compare".into(),
                plain.clone(),
                "--as-of".into(),
                "2027-02-10".into(),
            ],
            stdin: None,
            answered: false,
            within: QUICK,
        },
    ];
    let mut orgs = b"user,org,product,login,logout\n".to_vec();
    for i in 0..200_000 {
        orgs.extend(
            format!("u{i},o{i},cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n").as_bytes(),
        );
    }
    let mut line = b"user,org,product,login,logout\n".to_vec();
    line.resize(line.len() + (50 << 20), b'x');
    let mut bom = b"user,org,product,login,logout\n".to_vec();
    bom.extend(b"ana,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n");
    bom.extend(b"\xEF\xBB\xBF,\"x\"\n");
    for (name, file, bytes) in [
        ("sessions: 200,000 rows, a new org each", "orgs.csv", orgs),
        (
            "sessions: a 50 MB line of commas",
            "commas.csv",
            vec![b','; 50 << 20],
        ),
        ("sessions: a BOM in the middle", "bom.csv", bom),
    ] {
        let csv = write(dir, file, &bytes)?;
        out.push(Case {
            name,
            args: vec!["simulate".into(), plain.clone(), "--sessions".into(), csv],
            stdin: None,
            answered: false,
            within: QUICK,
        });
    }
    // Vendor files that are not bills (issue 25): refused from their head.
    let mut big_csv = b"user,org,product,login,logout\n".to_vec();
    let mut big_json = b"{\"usage\": {\"sessions\": [".to_vec();
    while big_csv.len() < 200 << 20 {
        big_csv.extend(b"ana,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n");
    }
    while big_json.len() < 200 << 20 {
        big_json.extend(b"{\"user\": \"ana\", \"login\": \"2026-10-22T08:00:00Z\"},");
    }
    big_json.extend(b"{}]}}");
    for (name, file, bytes) in [
        (
            "reconcile --bill: a 200 MB sessions CSV",
            "big-bill.csv",
            big_csv,
        ),
        (
            "reconcile --bill: a 200 MB scenario-like JSON",
            "big-bill.json",
            big_json,
        ),
        (
            "reconcile --bill: a decimal comma",
            "comma-bill.csv",
            b"description,quantity,rate,amount\nCX 2,20,\"115,5\",2310.00\n".to_vec(),
        ),
        (
            "reconcile --bill: a JSON of another shape",
            "shape-bill.json",
            b"{\"invoices\": [{\"total\": 1}]}".to_vec(),
        ),
    ] {
        let bill = write(dir, file, &bytes)?;
        out.push(Case {
            name,
            args: vec!["reconcile".into(), plain.clone(), "--bill".into(), bill],
            stdin: None,
            answered: false,
            within: QUICK,
        });
    }
    out.push(Case {
        name: "sessions: a 50 MB single line, through a pipe",
        args: vec![
            "simulate".into(),
            plain.clone(),
            "--sessions".into(),
            "/dev/stdin".into(),
        ],
        stdin: Some(PathBuf::from(write(dir, "line.csv", &line)?)),
        answered: false,
        within: QUICK,
    });
    for (name, file, text) in [
        (
            "advise: 1,000 orgs, a commitment each",
            "advise-orgs.json",
            orgs_advice(1_000),
        ),
        (
            "advise: 10,000 orgs, a commitment each",
            "advise-orgs-10k.json",
            orgs_advice(10_000),
        ),
        (
            "advise: 12,000 users (a sampled curve)",
            "advise-users.json",
            users_advice(12_000),
        ),
    ] {
        out.push(Case {
            name,
            args: vec![
                "advise".into(),
                write(dir, file, text.as_bytes())?,
                "--json".into(),
            ],
            stdin: None,
            answered: true,
            within: QUICK,
        });
    }
    let (contract, csv) = long_sessions();
    let (contract, csv) = (
        write(dir, "long.json", contract.as_bytes())?,
        write(dir, "long.csv", &csv)?,
    );
    for (name, args) in [
        (
            "report hours --csv: 2,000 users x 20 years",
            ["report", "hours", &contract, "--sessions", &csv, "--csv"].as_slice(),
        ),
        (
            "simulate --reports --json: 2,000 users x 20 y",
            &[
                "simulate",
                &contract,
                "--sessions",
                &csv,
                "--reports",
                "--json",
            ],
        ),
    ] {
        out.push(Case {
            name,
            args: args.iter().map(|&a| a.to_owned()).collect(),
            stdin: None,
            answered: true,
            within: STREAMED,
        });
    }
    out.extend(round3::cases(dir, &plain)?);
    Ok(out)
}

/// Runs every case through `exe`, printing exit code, wall time and peak
/// memory; fails if one is not refused (or answered), or is not within its bounds.
pub fn run(root: &Path, exe: &Path) -> Result<(), String> {
    let dir = root.join("target/bench/hostile");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let timed = Path::new("/usr/bin/time").exists();
    println!(
        "\n{:<48} {:>5} {:>9} {:>9}  message",
        "hostile input (billsim command)", "exit", "wall ms", "peak MB"
    );
    let mut bad = Vec::new();
    for case in cases(&dir)? {
        let mut cmd = if timed {
            let mut c = Command::new("/usr/bin/time");
            c.args(["-f", "%M"]).arg(exe);
            c
        } else {
            Command::new(exe)
        };
        cmd.args(&case.args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut feeder = None;
        if let Some(src) = &case.stdin {
            // A real pipe, not a file: reads come 64 KiB at a time.
            let mut cat = Command::new("cat")
                .arg(src)
                .stdout(Stdio::piped())
                .spawn()
                .map_err(|e| e.to_string())?;
            if let Some(out) = cat.stdout.take() {
                cmd.stdin(out);
            }
            feeder = Some(cat);
        }
        let start = Instant::now();
        let out = cmd.output().map_err(|e| e.to_string())?;
        let wall = start.elapsed().as_secs_f64() * 1000.0;
        if let Some(mut cat) = feeder {
            let _ = cat.kill();
            let _ = cat.wait();
        }
        let err = String::from_utf8_lossy(&out.stderr);
        let mut lines: Vec<&str> = err.lines().collect();
        let peak_mb = if timed {
            lines
                .pop()
                .and_then(|l| l.trim().parse::<f64>().ok())
                .map(|kb| kb / 1024.0)
        } else {
            None
        };
        let code = out.status.code().unwrap_or(-1);
        let first = lines.first().copied().unwrap_or("");
        let shown: String = first.chars().take(90).collect();
        println!(
            "{:<48} {:>5} {:>9.0} {:>9}  {shown}",
            case.name,
            code,
            wall,
            peak_mb.map_or("n/a".into(), |m| format!("{m:.1}"))
        );
        let expected = if case.answered {
            code == 0
        } else {
            code == 2 && !first.is_empty()
        };
        let (ms, mb) = case.within;
        if !expected || wall >= ms || peak_mb.is_some_and(|m| m >= mb) {
            bad.push(case.name);
        }
    }
    if bad.is_empty() {
        println!("every hostile input refused (or answered) in under 1 s and 100 MB (a streamed report: 2 s and 300 MB)");
        Ok(())
    } else {
        Err(format!(
            "hostile inputs not refused (or answered) within 1 s and 100 MB (a streamed report: 2 s and 300 MB): {}",
            bad.join("; ")
        ))
    }
}
