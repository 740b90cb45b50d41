//! Command-line parsing and input loading. Hand-rolled: three commands and a
//! handful of flags do not justify a parser dependency.

use chrono::NaiveDate;

use billsim_core::usage::Sessions;
use billsim_core::{Error, Model, Scenario, Session};

use crate::Failure;

pub const USAGE: &str = "usage:
  billsim simulate SCENARIO.json [--sessions F.csv] [--calls F.csv] [--resources F.csv]
                                 [--hours F.csv] [--interactions F.csv] [--as-of YYYY-MM-DD]
                                 [--model named|concurrent|hourly] [--reports] [--json | --csv]
                                 [--xlsx QUOTE.xlsx]
  billsim compare  SCENARIO.json [--sessions F.csv] [--calls F.csv] [--resources F.csv]
                                 [--hours F.csv] [--interactions F.csv] [--json]
  billsim advise   SCENARIO.json [--sessions F.csv] [--calls F.csv] [--resources F.csv]
                                 [--hours F.csv] [--interactions F.csv] [--seeds S]
                                 [--percentile 50|90] [--json]
  billsim report   peaks|hours|users SCENARIO.json [--sessions F.csv] [--hours F.csv] [--csv | --json]
  billsim why      SCENARIO.json [--sessions F.csv] [--hours F.csv] [--cycle N] [--org ID]
                                 [--brief-minutes M] [--json | --csv]
  billsim reconcile SCENARIO.json --bill FILE [--bill FILE ...] [--map FILE]
                                 [--period YYYY-MM-DD] [--sessions F.csv] [--calls F.csv]
                                 [--resources F.csv] [--hours F.csv] [--interactions F.csv]
                                 [--as-of YYYY-MM-DD] [--json | --csv] [--fail-on-difference]
  billsim --version

simulate --xlsx also writes the quote as an Excel workbook (summary, contract, invoices,
comparison); the usual output is still printed.

Exit 0 on success, 3 when reconcile --fail-on-difference finds a difference, 2 on invalid input or an input file that cannot be read
or written (the error names the file, the JSON path or the CSV line:column).";

#[derive(Default)]
pub struct Args {
    pub command: String,
    pub report: String,
    pub scenario: String,
    /// Input files, each flag as often as it is given: their rows are all read.
    pub sessions: Vec<String>,
    pub calls: Vec<String>,
    pub resources: Vec<String>,
    pub hours: Vec<String>,
    pub interactions: Vec<String>,
    pub as_of: Option<NaiveDate>,
    pub model: Option<Model>,
    pub json: bool,
    pub reports: bool,
    pub csv: bool,
    /// Seeds for advise (R-O2); None: the engine's default.
    pub seeds: Option<u32>,
    /// Percentile advise minimizes (R-O2).
    pub percentile: Option<billsim_core::advice::Percentile>,
    pub help: bool,
    pub version: bool,
    pub cycle: Option<u32>,
    pub org: Option<String>,
    pub brief_minutes: Option<u32>,
    /// The vendor's files (reconcile).
    pub bills: Vec<String>,
    /// The user's map of descriptions and skus (reconcile).
    pub map: Option<String>,
    /// The cycle start of a figures file without a period (reconcile).
    pub period: Option<NaiveDate>,
    /// Exit 3 when the bill does not match (reconcile).
    pub fail_on_difference: bool,
    /// Where simulate writes the quote workbook.
    pub xlsx: Option<String>,
}

/// Refuses a flag that takes one value and is given again: which of the
/// two the user meant is not ours to guess.
fn once<T>(slot: &Option<T>, flag: &str) -> Result<(), String> {
    match slot {
        Some(_) => Err(format!("{flag} is given twice; give it once")),
        None => Ok(()),
    }
}

pub fn parse(argv: Vec<String>) -> Result<Args, String> {
    let mut a = Args::default();
    let mut positional = Vec::new();
    let mut it = argv.into_iter();
    while let Some(x) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match x.as_str() {
            "--as-of" => once(&a.as_of, "--as-of")?,
            "--cycle" => once(&a.cycle, "--cycle")?,
            "--org" => once(&a.org, "--org")?,
            "--model" => once(&a.model, "--model")?,
            "--seeds" => once(&a.seeds, "--seeds")?,
            "--percentile" => once(&a.percentile, "--percentile")?,
            "--brief-minutes" => once(&a.brief_minutes, "--brief-minutes")?,
            "--map" => once(&a.map, "--map")?,
            "--period" => once(&a.period, "--period")?,
            "--xlsx" => once(&a.xlsx, "--xlsx")?,
            _ => {}
        }
        match x.as_str() {
            "-h" | "--help" => a.help = true,
            "-V" | "--version" => a.version = true,
            "--json" => a.json = true,
            "--csv" => a.csv = true,
            "--reports" => a.reports = true,
            "--fail-on-difference" => a.fail_on_difference = true,
            "--bill" => a.bills.push(value("--bill")?),
            "--map" => a.map = Some(value("--map")?),
            "--xlsx" => a.xlsx = Some(value("--xlsx")?),
            "--period" => {
                let v = value("--period")?;
                a.period = Some(v.parse().map_err(|_| {
                    format!("--period: \"{v}\" is not a date YYYY-MM-DD (the first day of a cycle)")
                })?);
            }
            "--sessions" => a.sessions.push(value("--sessions")?),
            "--calls" => a.calls.push(value("--calls")?),
            "--resources" => a.resources.push(value("--resources")?),
            "--hours" => a.hours.push(value("--hours")?),
            "--interactions" => a.interactions.push(value("--interactions")?),
            "--cycle" => {
                let v = value("--cycle")?;
                a.cycle = Some(
                    v.parse()
                        .map_err(|_| format!("--cycle: \"{v}\" is not a cycle number"))?,
                );
            }
            "--org" => a.org = Some(value("--org")?),
            "--brief-minutes" => {
                let v = value("--brief-minutes")?;
                a.brief_minutes = Some(
                    v.parse()
                        .map_err(|_| format!("--brief-minutes: \"{v}\" is not whole minutes"))?,
                );
            }
            "--as-of" => {
                let v = value("--as-of")?;
                let d: NaiveDate = v
                    .parse()
                    .map_err(|_| format!("--as-of: \"{v}\" is not a date YYYY-MM-DD"))?;
                // The years the engine reads any date in.
                if !(1900..=2100).contains(&chrono::Datelike::year(&d)) {
                    return Err(format!(
                        "--as-of: \"{v}\" is outside the years billsim bills: give a date in the years 1900 to 2100"
                    ));
                }
                a.as_of = Some(d);
            }
            "--seeds" => {
                let v = value("--seeds")?;
                a.seeds = Some(
                    v.parse()
                        .map_err(|_| format!("--seeds: \"{v}\" is not a whole number of seeds"))?,
                );
            }
            "--percentile" => {
                let v = value("--percentile")?;
                a.percentile = Some(
                    billsim_core::advice::Percentile::parse(&v)
                        .ok_or_else(|| format!("--percentile: \"{v}\" is not 50 or 90"))?,
                );
            }
            "--model" => {
                let v = value("--model")?;
                a.model = Some(
                    Model::ALL
                        .into_iter()
                        .find(|m| m.as_str() == v)
                        .ok_or_else(|| {
                            format!("--model: \"{v}\" is not named, concurrent or hourly")
                        })?,
                );
            }
            f if f.starts_with("--") => return Err(format!("unknown option {f}")),
            _ => positional.push(x),
        }
    }
    if a.help || a.version {
        return Ok(a);
    }
    let mut p = positional.into_iter();
    a.command = p.next().ok_or("no command given")?;
    if a.command == "report" {
        a.report = p.next().ok_or("report needs peaks, hours or users")?;
        if !["peaks", "hours", "users"].contains(&a.report.as_str()) {
            return Err(format!(
                "unknown report \"{}\" (peaks, hours, users)",
                a.report
            ));
        }
    }
    a.scenario = p.next().ok_or("no scenario file given")?;
    if let Some(extra) = p.next() {
        return Err(format!("unexpected argument \"{extra}\""));
    }
    // An option a command would ignore is refused: ignoring it would answer
    // a question the user did not ask.
    let advice_only = [
        (a.seeds.is_some(), "--seeds"),
        (a.percentile.is_some(), "--percentile"),
    ];
    // Only why picks a cycle, an org or a brief threshold.
    let attribution_only = [
        (a.cycle.is_some(), "--cycle"),
        (a.org.is_some(), "--org"),
        (a.brief_minutes.is_some(), "--brief-minutes"),
    ];
    let reconcile_only = [
        (!a.bills.is_empty(), "--bill"),
        (a.map.is_some(), "--map"),
        (a.period.is_some(), "--period"),
        (a.fail_on_difference, "--fail-on-difference"),
    ];
    if a.command == "reconcile" && a.bills.is_empty() {
        return Err("reconcile needs the vendor's bill: --bill FILE".into());
    }
    let ignored = match a.command.as_str() {
        "reconcile" => [
            (a.csv && a.json, "--csv with --json"),
            (a.model.is_some(), "--model"),
            (a.reports, "--reports"),
        ]
        .into_iter()
        .chain(advice_only)
        .chain(attribution_only)
        .collect(),
        "simulate" => [(a.csv && a.json, "--csv with --json")]
            .into_iter()
            .chain(advice_only)
            .chain(attribution_only)
            .collect(),
        "advise" => [
            (a.as_of.is_some(), "--as-of"),
            (a.model.is_some(), "--model"),
            (a.reports, "--reports"),
            (a.csv, "--csv"),
        ]
        .into_iter()
        .chain(attribution_only)
        .collect(),
        "why" => [
            (a.as_of.is_some(), "--as-of"),
            (a.model.is_some(), "--model"),
            (a.reports, "--reports"),
            (!a.calls.is_empty(), "--calls"),
            (!a.resources.is_empty(), "--resources"),
            (!a.interactions.is_empty(), "--interactions"),
            (a.csv && a.json, "--csv with --json"),
        ]
        .into_iter()
        .chain(advice_only)
        .collect(),
        "compare" => [
            (a.as_of.is_some(), "--as-of"),
            (a.model.is_some(), "--model"),
            (a.reports, "--reports"),
            (a.csv, "--csv"),
        ]
        .into_iter()
        .chain(advice_only)
        .chain(attribution_only)
        .collect(),
        "report" => [
            (a.as_of.is_some(), "--as-of"),
            (a.model.is_some(), "--model"),
            (a.reports, "--reports"),
            (!a.calls.is_empty(), "--calls"),
            (!a.resources.is_empty(), "--resources"),
            (!a.interactions.is_empty(), "--interactions"),
            (a.csv && a.json, "--csv with --json"),
        ]
        .into_iter()
        .chain(advice_only)
        .chain(attribution_only)
        .collect(),
        _ => Vec::new(),
    };
    let ignored: Vec<(bool, &str)> = if a.command == "reconcile" {
        ignored
    } else {
        ignored.into_iter().chain(reconcile_only).collect()
    };
    let simulate_only = (a.xlsx.is_some() && a.command != "simulate", "--xlsx");
    let ignored = ignored.into_iter().chain([simulate_only]);
    if let Some((_, flag)) = ignored.into_iter().find(|(given, _)| *given) {
        return Err(format!("{} does not take {flag}", a.command));
    }
    Ok(a)
}

pub struct Inputs {
    pub scenario: Scenario,
    pub sessions: Option<Sessions>,
}

fn read(path: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::Io(format!("{path}: {e}")))
}

/// A vendor file: its head first, so a large file that is not a bill is
/// refused before the rest is read (R-R1).
fn open_bill(path: &str) -> Result<(Vec<u8>, std::fs::File, usize), Failure> {
    use billsim_core::reconcile::read::{sniff, HEAD_BYTES};
    use std::io::Read;
    let io = |e: std::io::Error| Failure::Io(format!("{path}: {e}"));
    let mut f = open(path)?;
    let size = f.metadata().map_err(io)?.len();
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut f)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    let size = size.max(head.len() as u64);
    sniff(path, &head, size)?;
    Ok((head, f, usize::try_from(size).unwrap_or(usize::MAX)))
}

/// CSV files are streamed, not read whole: a million sessions stay well under 150 MB.
fn open(path: &str) -> Result<std::fs::File, Failure> {
    std::fs::File::open(path).map_err(|e| Failure::Io(format!("{path}: {e}")))
}

/// A sessions file, read on every core when it is a file (a pipe is read
/// by one reader: the pieces' reader may need to read it again).
fn read_sessions(
    path: &str,
    cat: &billsim_core::usage::Catalog,
    all: &[String],
) -> Result<Sessions, Failure> {
    let f = open(path)?;
    let t = match f.metadata() {
        Ok(m) if m.is_file() => billsim_core::csv::sessions_parallel(f, m.len() as usize, cat),
        _ => billsim_core::csv::sessions(f, cat),
    };
    Ok(t.map_err(in_file(path, all))?)
}

/// Reads the scenario and any CSV files; CSV calls, resources, hours and
/// interactions join the scenario's usage.
pub fn load(a: &Args) -> Result<Inputs, Failure> {
    let text = String::from_utf8(read(&a.scenario)?).map_err(|e| {
        Failure::Io(format!(
            "{}: not UTF-8 text (byte {} is not valid UTF-8): a scenario is JSON text",
            a.scenario,
            e.utf8_error().valid_up_to() + 1
        ))
    })?;
    let mut scenario = Scenario::from_json(&text)?;
    let cat = billsim_core::usage::Catalog::of(&scenario);
    // A flag given several times: every file is read, their rows appended
    // as if one file, and a bad row is named by its file's path as well.
    let mut sessions: Option<Sessions> = None;
    for p in &a.sessions {
        let t = read_sessions(p, &cat, &a.sessions)?;
        match &mut sessions {
            Some(all) => all.extend(&t),
            None => sessions = Some(t),
        }
    }
    // Each file's rows are checked against the scenario as they are read,
    // so a bad row is named by its file, line and column.
    for p in &a.calls {
        let rows =
            billsim_core::csv::calls_for(open(p)?, &scenario).map_err(in_file(p, &a.calls))?;
        scenario.usage.calls.extend(rows);
    }
    for p in &a.resources {
        let rows = billsim_core::csv::resources_for(open(p)?, &scenario)
            .map_err(in_file(p, &a.resources))?;
        scenario.usage.resources.extend(rows);
    }
    for p in &a.hours {
        let rows =
            billsim_core::csv::hours_for(open(p)?, &scenario).map_err(in_file(p, &a.hours))?;
        scenario.usage.hours.extend(rows);
    }
    for p in &a.interactions {
        let f = open(p)?;
        let size = f.metadata().map_or(0, |m| m.len() as usize);
        let rows = billsim_core::csv::interactions_for(f, size, &scenario)
            .map_err(in_file(p, &a.interactions))?;
        // A million rows are moved, not copied, when the scenario has none inline.
        scenario.usage.interactions.append(rows);
    }
    Ok(Inputs { scenario, sessions })
}

/// The problems of a CSV file given with others of its kind name its path
/// (`sessions b.csv: 1 problem`); one file alone is named by its kind.
fn in_file<'a>(path: &'a str, all: &'a [String]) -> impl FnOnce(Error) -> Error + 'a {
    move |e| match e {
        Error::Csv {
            file,
            problems,
            more,
        } if all.len() > 1 => Error::Csv {
            file: format!("{file} {path}"),
            problems,
            more,
        },
        e => e,
    }
}

/// `billsim report`: one usage report, written row by row as it is made
/// (a report of years of sessions is far larger than memory).
pub fn report(a: &Args, session: &mut Session) -> Result<crate::Output, Failure> {
    use billsim_core::reports::Kind;
    use billsim_core::rows;
    let r = session.reports()?;
    let kind = match a.report.as_str() {
        "peaks" => Kind::Peaks,
        "hours" => Kind::Hours,
        _ => Kind::Users,
    };
    let (csv, json) = (a.csv, a.json);
    Ok(crate::Output::Rows(Box::new(move |w| {
        let report = r.report(kind);
        if csv {
            rows::csv(&report, &mut *w)?;
        } else if json {
            rows::json(&report, &mut *w)?;
            w.write_all(b"\n")?;
        } else {
            rows::text(&report, &mut *w)?;
        }
        // Freed by the process exit, as the session is.
        std::mem::forget(r);
        Ok(())
    })))
}

/// `billsim why`: the attribution as a table, JSON (the format's shape) or
/// CSV (one row per user of every entry).
pub fn why(a: &Args, session: &mut Session) -> Result<String, Failure> {
    let mut o = billsim_core::attribution::Options {
        cycle: a.cycle,
        org: a.org.clone(),
        ..Default::default()
    };
    if let Some(m) = a.brief_minutes {
        o.brief_minutes = m;
    }
    let w = session.why(&o)?;
    Ok(if a.json {
        serde_json::to_string_pretty(&w).unwrap_or_default() + "\n"
    } else if a.csv {
        crate::table::why_csv(&w)
    } else {
        // Each quantity N first, then who and when.
        let said = session.headlines(&o, &w)?;
        crate::table::why(&said, &w)
    })
}

/// `billsim reconcile`: reads the vendor's files (a Cloud Voice report's
/// calls join a scenario that has none), then the reconciliation as a
/// table, JSON or CSV; `Err(Differs)` asks for exit 3.
pub fn vendor_bill(
    a: &Args,
    scenario: &mut Scenario,
) -> Result<billsim_core::reconcile::vendor::VendorBill, Failure> {
    let mut bill = billsim_core::reconcile::vendor::VendorBill::default();
    for p in &a.bills {
        // A Cloud Voice report streams from the file; the other forms are
        // read whole (sniff caps their size).
        let (head, rest, size) = open_bill(p)?;
        billsim_core::reconcile::read::read_stream(
            p,
            &head,
            rest,
            size,
            &scenario.currency,
            &mut bill,
        )?;
    }
    billsim_core::reconcile::calls::add_to(scenario, &bill);
    Ok(bill)
}

pub fn reconcile(
    a: &Args,
    session: &mut Session,
    bill: &billsim_core::reconcile::vendor::VendorBill,
) -> Result<String, Failure> {
    let map = match &a.map {
        Some(p) => {
            let bytes = read(p)?;
            let text = String::from_utf8(bytes)
                .map_err(|_| Failure::Io(format!("{p}: not UTF-8 text: a map is JSON")))?;
            billsim_core::reconcile::classify::read_map(&text)
                .map_err(|e| Failure::Io(format!("{p}: {e}")))?
        }
        None => Default::default(),
    };
    let o = billsim_core::reconcile::Options {
        as_of: a.as_of,
        period: a.period,
        map,
    };
    let r = billsim_core::reconcile::reconcile(session, bill, &o)?;
    let out = if a.json {
        r.to_json() + "\n"
    } else if a.csv {
        r.table().to_csv()
    } else {
        crate::table::reconciliation(&r, &session.scenario().currency)
    };
    if a.fail_on_difference && !r.matches {
        return Err(Failure::Differs(out));
    }
    Ok(out)
}

/// `simulate --xlsx`: the quote workbook, written before anything is
/// printed. The comparison sheet is the whole contract's, so a bill to date
/// (`--as-of`) goes without it.
pub fn write_xlsx(
    path: &str,
    session: &mut Session,
    r: &billsim_core::SimResult,
    compared: bool,
) -> Result<(), Failure> {
    let comparison = if compared {
        Some(session.compare()?.comparison)
    } else {
        None
    };
    let bytes = billsim_xlsx::quote_workbook(session.scenario(), r, comparison.as_ref())
        .map_err(|e| Failure::Io(format!("{path}: {e}")))?;
    std::fs::write(path, bytes)
        .map_err(|e| Failure::Io(format!("{path}: cannot write the workbook: {e}")))
}
