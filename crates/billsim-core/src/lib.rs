#![warn(missing_docs)]
//! billsim-core: how a Cloud CX-style contact-center subscription is billed.
//!
//! Data flows one way: [`scenario`] (JSON) -> [`contract`] validation and
//! [`usage`] tables -> [`measure`]d cycles ([`concurrency`], hours, named
//! counts, [`ai`] tokens, free [`allocations`]) -> [`invoice`]s -> [`explain`]ed
//! lines. Pure: no I/O, no wasm, no web. Every rule id of the rule book
//! (`docs/rules.md`) is named where it is
//! implemented and in the test that pins it.

pub mod advice;
pub mod ai;
pub mod allocations;
pub mod attribution;
pub mod break_even;
pub mod calendar;
mod checks;
pub mod compare;
pub mod concurrency;
pub mod contract;
mod cores;
pub mod csv;
pub mod document;
pub mod error;
mod exact;
pub mod explain;
pub mod forecast;
pub mod interactions;
pub mod invoice;
pub mod invoice_csv;
pub mod measure;
pub mod money;
pub mod panel;
pub mod price_book;
pub mod profiles;
pub mod quotes;
pub mod reconcile;
pub mod reports;
pub mod resources;
pub mod result;
pub mod rows;
pub mod scenario;
#[cfg(feature = "schema")]
pub mod schema;
pub mod session;
pub mod share_link;
pub mod simulate;
pub mod stages;
pub mod table;
pub mod telco;
pub mod text;
pub mod usage;
pub mod what_if;
pub mod work;
pub mod workday;
pub mod years;

pub use error::{Error, Result, Violation};
pub use result::SimResult;
pub use scenario::{Model, Scenario};
pub use session::Session;
pub use simulate::{simulate, simulate_json, Options};

/// The engine's version, as shown by the CLI and the JS API.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
