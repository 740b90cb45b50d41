//! The year-long benchmark's data: written only by `cargo xtask bench`.

use std::io::Write;

/// Agents of the year-long benchmark: 12,250 agents, two sessions on about
/// 261 working days each, about 6.4 million sessions over 12 cycles.
pub const YEAR_AGENTS: u32 = 12_250;

/// The year-long benchmark's scenario: 12 monthly concurrent cycles from
/// 2026-10-01.
pub const YEAR_SCENARIO: &str = r#"{
  "billsim": 1, "name": "benchmark: 12,250 agents for a year, about 6.4 million sessions", "currency": "USD",
  "contract": { "activation": "2026-10-01", "model": "concurrent", "term_cycles": 12,
    "products": { "cx1": { "tier": 1, "prepay": "75.00", "overage": "90.00" },
                  "cx2": { "tier": 2, "prepay": "115.00", "overage": "138.00" } },
    "commitments": [ { "product": "cx2", "from_cycle": 0, "quantity": "3000" } ] }
}"#;

/// Agents of the largest customer's year (issue 24): about 16 million
/// sessions, 1.1 GB of CSV, in the same pattern as [`YEAR_AGENTS`].
pub const LARGEST_AGENTS: u32 = 30_625;

/// The largest customer's scenario: the year's, with a commitment to scale.
pub const LARGEST_SCENARIO: &str = r#"{
  "billsim": 1, "name": "benchmark: the largest customer, about 16 million sessions in a year", "currency": "USD",
  "contract": { "activation": "2026-10-01", "model": "concurrent", "term_cycles": 12,
    "products": { "cx1": { "tier": 1, "prepay": "75.00", "overage": "90.00" },
                  "cx2": { "tier": 2, "prepay": "115.00", "overage": "138.00" } },
    "commitments": [ { "product": "cx2", "from_cycle": 0, "quantity": "7500" } ] }
}"#;

/// Writes a year of sessions of `agents` agents (header + about 522 rows
/// an agent: 6.4 million rows and 450 MB for [`YEAR_AGENTS`]).
pub fn write_sessions_year(w: &mut impl Write, agents: u32) -> std::io::Result<()> {
    // Oct 2026 .. Sep 2027.
    const MONTHS: [(u32, u32, u32); 12] = [
        (2026, 10, 31),
        (2026, 11, 30),
        (2026, 12, 31),
        (2027, 1, 31),
        (2027, 2, 28),
        (2027, 3, 31),
        (2027, 4, 30),
        (2027, 5, 31),
        (2027, 6, 30),
        (2027, 7, 31),
        (2027, 8, 31),
        (2027, 9, 30),
    ];
    let mut days = Vec::with_capacity(365);
    for (y, m, n) in MONTHS {
        for d in 1..=n {
            days.push(format!("{y}-{m:02}-{d:02}"));
        }
    }
    writeln!(w, "user,org,product,login,logout")?;
    for a in 0..agents {
        let shift = a % 3;
        let product = if a % 5 == 0 { "cx1" } else { "cx2" };
        for (k, day) in days.iter().enumerate() {
            if (a as usize + k) % 7 >= 5 {
                continue;
            }
            // Day shifts only (06:00, 10:00, 14:00 starts), so no session crosses midnight.
            let start = 360 + shift * 240 + (a % 7);
            for (from, to) in [(start, start + 240), (start + 270, start + 480)] {
                writeln!(
                    w,
                    "agent{a:05}@bench.test,main,{product},{day}T{:02}:{:02}:00Z,{day}T{:02}:{:02}:00Z",
                    from / 60,
                    from % 60,
                    to / 60,
                    to % 60
                )?;
            }
        }
    }
    Ok(())
}
