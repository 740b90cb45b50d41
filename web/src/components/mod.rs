//! One component per file.

pub mod advice;
pub mod advice_chart;
pub mod chart;
pub mod check_bill;
pub mod compare;
pub mod import;
pub mod invoice;
pub mod kept_note;
pub mod paged_table;
pub mod peak_curve;
pub mod quote;
pub mod quotes;
pub mod remote_table;
pub mod table_view;
pub mod timeline;
pub mod usage_reports;
pub mod why;
pub mod workforce;
