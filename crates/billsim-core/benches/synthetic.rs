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
