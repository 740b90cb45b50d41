//! Synthetic workforce data for benchmarks: 20,000 agents over one month in
//! three shifts, two sessions a day (a break at mid-shift), 25 working days
//! each: exactly 1,000,000 sessions. Shared by `cargo bench` and
//! `cargo xtask bench` (which writes it to a CSV file).

use std::io::Write;

/// Agents in the benchmark workforce.
pub const AGENTS: u32 = 20_000;

/// The scenario the sessions are billed under: one concurrent term cycle
/// starting 2026-10-01 (so the month fits one cycle).
pub const SCENARIO: &str = r#"{
  "billsim": 1, "name": "benchmark: 20,000 agents, 1,000,000 sessions", "currency": "USD",
  "contract": { "activation": "2026-10-01", "model": "concurrent", "term_cycles": 1,
    "products": { "cx1": { "tier": 1, "prepay": "75.00", "overage": "90.00" },
                  "cx2": { "tier": 2, "prepay": "115.00", "overage": "138.00" } },
    "commitments": [ { "product": "cx2", "from_cycle": 0, "quantity": "5000" } ] }
}"#;

/// Writes the sessions CSV (header + 1,000,000 rows).
pub fn write_sessions(w: &mut impl Write) -> std::io::Result<()> {
    writeln!(w, "user,org,product,login,logout")?;
    for a in 0..AGENTS {
        let shift = a % 3;
        let product = if a % 5 == 0 { "cx1" } else { "cx2" };
        for day in 0..31u32 {
            if (a + day) % 31 >= 25 {
                continue;
            }
            // Shifts start 06:00, 14:00, 22:00 (the night shift runs past midnight).
            let start = day * 1440 + 360 + shift * 480 + (a % 7);
            for (from, to) in [(start, start + 240), (start + 270, start + 490)] {
                writeln!(
                    w,
                    "agent{a:05}@bench.test,main,{product},{},{}",
                    stamp(from),
                    stamp(to)
                )?;
            }
        }
    }
    Ok(())
}

/// Minutes since 2026-10-01T00:00Z as RFC 3339.
fn stamp(min: u32) -> String {
    let (day, rest) = (min / 1440, min % 1440);
    let (month, d) = if day < 31 {
        (10, day + 1)
    } else {
        (11, day - 30)
    };
    format!(
        "2026-{month:02}-{d:02}T{:02}:{:02}:00Z",
        rest / 60,
        rest % 60
    )
}

/// Interactions in the AI benchmark file.
pub const INTERACTIONS: u32 = 1_000_000;

/// The scenario the interactions are billed under: a named contract of three
/// cycles from 2026-10-01 with three orgs and a token commitment.
pub const AI_SCENARIO: &str = r#"{
  "billsim": 1, "name": "benchmark: 1,000,000 bot interactions", "currency": "USD",
  "contract": { "activation": "2026-10-01", "model": "named", "term_cycles": 3,
    "products": { "cx2": { "tier": 2, "prepay": "115.00", "overage": "138.00" } },
    "ai": { "commitments": [ { "from_cycle": 0, "quantity": "90000" } ] } },
  "orgs": [ { "id": "us", "region": "us-east-1" }, { "id": "eu", "region": "eu-west-1" },
            { "id": "ap", "region": "ap-southeast-2" } ]
}"#;

/// Writes the interactions CSV (header + 1,000,000 rows): three months of
/// interactions in three orgs, every 8th with a virtual agent, every 16th
/// agentic, every 5th a messaging bot (sessions, no minutes), the rest
/// voice bot flows with minutes to one decimal.
pub fn write_interactions(w: &mut impl Write) -> std::io::Result<()> {
    writeln!(w, "id,org,start,resources,bot_minutes,bot_sessions")?;
    let orgs = ["us", "eu", "ap"];
    // 92 days from 2026-10-01: one interaction every ~7.9 s.
    let span = 92 * 86_400u64;
    for i in 0..INTERACTIONS {
        let at = u64::from(i) * span / u64::from(INTERACTIONS);
        let (day, rest) = (at / 86_400, at % 86_400);
        let (month, d) = match day {
            0..=30 => (10, day + 1),
            31..=60 => (11, day - 30),
            _ => (12, day - 60),
        };
        let resources = match i % 16 {
            0 => "bot_flow|agentic_virtual_agent",
            8 => "bot_flow|virtual_agent",
            _ => "bot_flow",
        };
        let (minutes, sessions) = if i % 5 == 0 {
            (String::new(), "1")
        } else {
            (format!("{}.{}", 1 + i % 7, i % 10), "")
        };
        writeln!(
            w,
            "i-{i},{},2026-{month:02}-{d:02}T{:02}:{:02}:{:02}Z,{resources},{minutes},{sessions}",
            orgs[(i % 3) as usize],
            rest / 3600,
            rest % 3600 / 60,
            rest % 60
        )?;
    }
    Ok(())
}
