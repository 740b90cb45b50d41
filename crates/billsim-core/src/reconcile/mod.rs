//! Reconciliation: the vendor's bill against the simulation (R-R1..R-R6).
//!
//! The vendor's files are read into [`vendor`] lines, figures and calls;
//! each line is placed in a simulated cycle, classified (kind, product,
//! org), paired with a simulated line, and its difference split into a
//! price part and a quantity part, each given to a cause.

pub mod read;
pub mod vendor;
