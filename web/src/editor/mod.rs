//! The scenario form: each field writes one value at one JSON path.

pub mod ai;
pub mod check;
pub mod concurrent_rates;
pub mod contract;
pub mod extras;
pub mod field;
pub mod list;
pub mod products;
pub mod quote_form;
