//! Shared by the tests and the bench: a scenario billed and compared as
//! `billsim simulate --xlsx` does, ready for the workbook.

use billsim_core::compare::Comparison;
use billsim_core::session::{Session, Usage};
use billsim_core::{Options, Scenario, SimResult};

/// The scenario (as the session holds it), its result and its comparison.
pub fn billed(s: Scenario, usage: Usage) -> (Scenario, SimResult, Comparison) {
    let mut session = Session::new(s, usage).unwrap_or_else(|r| panic!("{}", r.error));
    let r = session
        .bill(&Options::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let c = session
        .compare()
        .unwrap_or_else(|e| panic!("{e}"))
        .comparison;
    (session.scenario().clone(), r, c)
}
