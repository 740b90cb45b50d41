//! One component per file.

pub mod chart;
pub mod compare;
pub mod import;
pub mod invoice;
pub mod quote;
pub mod quotes;
pub mod timeline;
pub mod workforce;
