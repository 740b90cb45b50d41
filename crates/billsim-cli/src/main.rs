//! `billsim`: the engine on the command line. See `billsim --help`.

mod args;
mod table;

use std::process::ExitCode;

use billsim_core::Error;

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(Failure::Usage(m)) => {
            eprintln!("billsim: {m}\n\n{}", args::USAGE);
            ExitCode::from(2)
        }
        Err(Failure::Input(e)) => {
            eprintln!("billsim: {e}");
            ExitCode::from(2)
        }
        Err(Failure::Io(m)) => {
            eprintln!("billsim: {m}");
            ExitCode::from(1)
        }
    }
}

/// Why the command failed: bad arguments, bad input (exit 2), or a file problem.
pub enum Failure {
    /// Wrong command line.
    Usage(String),
    /// The engine rejected the input.
    Input(Error),
    /// A file could not be read.
    Io(String),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Input(e)
    }
}

fn run(argv: Vec<String>) -> Result<String, Failure> {
    let a = args::parse(argv).map_err(Failure::Usage)?;
    if a.help {
        return Ok(args::USAGE.to_owned() + "\n");
    }
    if a.version {
        return Ok(format!("billsim {}\n", billsim_core::VERSION));
    }
    let inputs = args::load(&a)?;
    match a.command.as_str() {
        "simulate" => {
            let opts = billsim_core::Options {
                as_of: a.as_of,
                model: a.model,
                reports: a.reports,
            };
            let r = billsim_core::simulate(&inputs.scenario, inputs.sessions.as_ref(), &opts)?;
            let out = if a.json {
                r.to_json() + "\n"
            } else {
                table::result(&r)
            };
            // A million imported rows are freed by the process exit, not one by one.
            std::mem::forget(inputs);
            Ok(out)
        }
        "compare" => {
            let c = billsim_core::compare::compare(&inputs.scenario, inputs.sessions.as_ref())?;
            Ok(if a.json {
                serde_json::to_string_pretty(&c).unwrap_or_default() + "\n"
            } else {
                table::comparison(&c)
            })
        }
        "report" => args::report(&a, &inputs),
        other => Err(Failure::Usage(format!("unknown command \"{other}\""))),
    }
}
