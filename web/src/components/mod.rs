//! One component per file.

pub mod compare;
pub mod invoice;
pub mod timeline;
