//! `cargo xtask bench reconcile` (issue 25): a year of the vendor's
//! invoices reconciled against the year bench's scenario and logins, timed
//! against `simulate` on the same inputs (target <= 1.2x); and a
//! million-row Cloud Voice report reconciled (target < 1 s).

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Median wall time of `exe args` over five runs (it must succeed).
fn median(exe: &Path, args: &[&str]) -> Result<f64, String> {
    let mut walls = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        let out = Command::new(exe)
            .args(args)
            .output()
            .map_err(|e| e.to_string())?;
        walls.push(start.elapsed().as_secs_f64());
        if !out.status.success() {
            return Err(format!(
                "billsim {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    walls.sort_by(f64::total_cmp);
    Ok(walls[walls.len() / 2])
}

/// The contact-center example's telco contract with no calls of its own,
/// so the report's calls are billed (R-R1).
fn cdr_scenario(root: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(root.join("examples/contact-center.json"))
        .map_err(|e| e.to_string())?;
    let start = text.find("\"calls\"").ok_or("no calls in the example")?;
    let open = start + text[start..].find('[').ok_or("calls is not a list")?;
    let close = open + text[open..].find(']').ok_or("calls is not a list")?;
    Ok(format!("{}[]{}", &text[..open], &text[close + 1..]))
}

/// A Cloud Voice usage report of `rows` calls in the example's first term
/// cycle, each Total cost rated as the contract rates it (6-second
/// increments, 0.0119 a minute), so the report reconciles to zero.
fn write_cdr(path: &Path, rows: u64) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(w, "SIP Call Id,Origin,Destination,Usage Group,Usage Group Display,Call Type,Direction,Start time,End Time,Duration (Seconds),Adjusted Duration (seconds),Adjusted Duration (minutes),Usage Rate Per Minute,Total cost,Currency")?;
    // 2027-01-21T00:00:00Z, the first term cycle's start.
    let base: u64 = 1_800_489_600;
    for i in 0..rows {
        let seconds = 5 + (i * 7919) % 900;
        let billed = seconds.div_ceil(6) * 6;
        // Cost in 1/10000 of a dollar, half away from zero: billed x 119 / 60.
        let cost = (billed * 119 * 2 + 60) / 120;
        let at = base + (i * 2_591_000) / rows;
        let (dir, from, to) = if i % 3 == 0 {
            ("Inbound", "+13125550100", "+13125550199")
        } else {
            ("Outbound", "+13125550199", "+13125550100")
        };
        let start = instant(at);
        let end = instant(at + seconds);
        writeln!(
            w,
            "sip-{i},{from},{to},PSTN,Domestic,Domestic,{dir},{start},{end},{seconds},{billed},{}.{:02},0.0119,{}.{:04},USD",
            billed / 60,
            (billed % 60) * 100 / 60,
            cost / 10_000,
            cost % 10_000
        )?;
    }
    w.flush()
}

/// An RFC 3339 UTC instant from Unix seconds (civil from days, Howard Hinnant).
fn instant(t: u64) -> String {
    let days = (t / 86_400) as i64;
    let s = t % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// Runs both measures and prints them with their targets.
pub fn run(root: &Path, dir: &Path, exe: &Path) -> Result<(), String> {
    // A year: the vendor's 13 invoices are the bill the app downloads.
    let sessions = dir.join("sessions-year.csv");
    if !sessions.exists() {
        println!("generating {} ...", sessions.display());
        let f = std::fs::File::create(&sessions).map_err(|e| e.to_string())?;
        let mut w = std::io::BufWriter::new(f);
        crate::year::write_sessions_year(&mut w, crate::year::YEAR_AGENTS)
            .map_err(|e| e.to_string())?;
    }
    let scenario = dir.join("bench-year-scenario.json");
    std::fs::write(&scenario, crate::year::YEAR_SCENARIO).map_err(|e| e.to_string())?;
    let s = scenario.to_string_lossy().into_owned();
    let logins = sessions.to_string_lossy().into_owned();
    let bill = dir.join("year-vendor-bill.csv");
    let out = Command::new(exe)
        .args(["simulate", &s, "--sessions", &logins, "--csv"])
        .output()
        .map_err(|e| e.to_string())?;
    std::fs::write(&bill, &out.stdout).map_err(|e| e.to_string())?;
    let b = bill.to_string_lossy().into_owned();
    let simulate = median(exe, &["simulate", &s, "--sessions", &logins, "--json"])?;
    let reconcile = median(
        exe,
        &[
            "reconcile",
            &s,
            "--sessions",
            &logins,
            "--bill",
            &b,
            "--json",
            "--fail-on-difference",
        ],
    )?;
    println!(
        "{:<58} {:>9.0} ms\n{:<58} {:>9.0} ms {:>9.2}x {:>10}",
        "simulate, a year (6.4M logins), wall",
        simulate * 1000.0,
        "reconcile the year's 13 invoices, wall",
        reconcile * 1000.0,
        reconcile / simulate,
        "<= 1.2x"
    );
    // A million calls of the Cloud Voice report.
    let cdr = dir.join("cloud-voice-1m.csv");
    if !cdr.exists() {
        println!("generating {} ...", cdr.display());
        write_cdr(&cdr, 1_000_000).map_err(|e| e.to_string())?;
    }
    let cdr_scenario_path = dir.join("bench-cdr-scenario.json");
    std::fs::write(&cdr_scenario_path, cdr_scenario(root)?).map_err(|e| e.to_string())?;
    let wall = median(
        exe,
        &[
            "reconcile",
            &cdr_scenario_path.to_string_lossy(),
            "--bill",
            &cdr.to_string_lossy(),
            "--json",
        ],
    )?;
    println!(
        "{:<58} {:>9.0} ms {:>10} {:>10}",
        "reconcile a 1M-row Cloud Voice report, wall",
        wall * 1000.0,
        "",
        "< 1 s"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn instants_are_utc_calendar_dates() {
        assert_eq!(super::instant(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::instant(1_800_489_600), "2027-01-21T00:00:00Z");
        assert_eq!(super::instant(951_782_400 + 3_661), "2000-02-29T01:01:01Z");
    }
}
