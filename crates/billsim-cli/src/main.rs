//! `billsim`: the engine on the command line. See `billsim --help`.

mod args;
mod table;

use std::process::ExitCode;

use billsim_core::error::Visible;
use billsim_core::session::{Session, Usage};
use billsim_core::Error;

fn main() -> ExitCode {
    // Arguments that are not UTF-8 are read lossily: they then fail as an
    // unknown option or a missing file, with a message, not a panic.
    let argv = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    match run(argv) {
        Ok(out) => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            let written = match out {
                Output::Text(text) => stdout.write_all(text.as_bytes()),
                Output::Rows(write) => {
                    let mut w = std::io::BufWriter::with_capacity(1 << 16, &mut stdout);
                    write(&mut w).and_then(|()| w.flush())
                }
            };
            match written.and_then(|()| stdout.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                // The reader went away (`billsim ... | head`): not an error of ours.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("billsim: cannot write the output: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Err(Failure::Usage(m)) => {
            eprintln!("billsim: {}\n\n{}", Visible(&m), args::USAGE);
            ExitCode::from(2)
        }
        Err(Failure::Input(e)) => {
            eprintln!("billsim: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Differs(out)) => {
            use std::io::Write;
            // A closed pipe is not a difference of ours: still exit 3.
            let _ = std::io::stdout().lock().write_all(out.as_bytes());
            ExitCode::from(3)
        }
        Err(Failure::Io(m)) => {
            eprintln!("billsim: {}", Visible(&m));
            ExitCode::from(2)
        }
    }
}

/// What a command writes on success.
pub enum Output {
    /// Text made whole (every command but the reports).
    Text(String),
    /// A usage report, or a result with its reports, written as its rows
    /// are made: it may be far larger than memory (issue 23 #3).
    Rows(Box<WriteRows>),
}

/// Writes a report's rows to standard output (buffered).
pub type WriteRows = dyn FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>;

/// Why the command failed; every kind is the user's input (exit 2).
pub enum Failure {
    /// Wrong command line.
    Usage(String),
    /// The engine rejected the input.
    Input(Error),
    /// An input file could not be read, or is not text.
    Io(String),
    /// `reconcile --fail-on-difference` found a difference (exit 3): the report.
    Differs(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Input(e)
    }
}

fn run(argv: Vec<String>) -> Result<Output, Failure> {
    let a = args::parse(argv).map_err(Failure::Usage)?;
    if a.help {
        return Ok(Output::Text(args::USAGE.to_owned() + "\n"));
    }
    if a.version {
        return Ok(Output::Text(format!("billsim {}\n", billsim_core::VERSION)));
    }
    let mut inputs = args::load(&a)?;
    let bill = if a.command == "reconcile" {
        Some(args::vendor_bill(&a, &mut inputs.scenario)?)
    } else {
        None
    };
    let usage = match inputs.sessions {
        Some(t) => Usage::Read(t),
        None => Usage::None,
    };
    // Every command asks one engine session: read and prepared once.
    let mut session = Session::new(inputs.scenario, usage).map_err(|r| r.error)?;
    let out = match a.command.as_str() {
        "simulate" => {
            // The reports are written as they are made, not held in the
            // result; only the JSON shows them.
            let opts = billsim_core::Options {
                as_of: a.as_of,
                model: a.model,
                reports: false,
            };
            let r = session.bill(&opts)?;
            if let Some(path) = &a.xlsx {
                args::write_xlsx(path, &mut session, &r, a.as_of.is_none())?;
            }
            if a.json && a.reports {
                let reports = session.reports_as_of(a.as_of)?;
                std::mem::forget(session);
                return Ok(Output::Rows(Box::new(move |w| {
                    billsim_core::reports::write_result_json(&r, &reports, &mut *w)?;
                    // Freed by the process exit, as the session is.
                    std::mem::forget(reports);
                    w.write_all(b"\n")
                })));
            }
            if a.json {
                r.to_json() + "\n"
            } else if a.csv {
                // The page's "Invoices CSV" is the same file.
                billsim_core::invoice_csv::csv(&r)
            } else {
                table::result(&r)
            }
        }
        "compare" => {
            let c = session.compare()?.comparison;
            if a.json {
                serde_json::to_string_pretty(&c).unwrap_or_default() + "\n"
            } else {
                table::comparison(&c)
            }
        }
        "advise" => {
            let defaults = billsim_core::advice::Options::default();
            let opts = billsim_core::advice::Options {
                seeds: a.seeds.unwrap_or(defaults.seeds),
                percentile: a.percentile.unwrap_or(defaults.percentile),
            };
            let advice = session.advise(&opts, &mut |_| {})?;
            if a.json {
                serde_json::to_string_pretty(&advice).unwrap_or_default() + "\n"
            } else {
                table::advice(&advice, &session.scenario().currency)
            }
        }
        "report" => {
            let out = args::report(&a, &mut session)?;
            std::mem::forget(session);
            return Ok(out);
        }
        "why" => args::why(&a, &mut session)?,
        "reconcile" => match &bill {
            Some(b) => args::reconcile(&a, &mut session, b)?,
            None => String::new(),
        },
        other => return Err(Failure::Usage(format!("unknown command \"{other}\""))),
    };
    // A million imported rows are freed by the process exit, not one by one.
    std::mem::forget(session);
    Ok(Output::Text(out))
}
