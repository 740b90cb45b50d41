//! One component per file.

pub mod advice;
pub mod advice_chart;
pub mod chart;
pub mod check_bill;
pub mod compare;
pub mod day_chart;
pub mod import;
pub mod import_interactions;
pub mod invoice;
pub mod kept_note;
pub mod peak_curve;
pub mod quote;
pub mod quote_name;
pub mod quotes;
pub mod refusal;
pub mod remote_table;
pub mod share_leaves_out;
pub mod table_view;
pub mod timeline;
pub mod usage_reports;
pub mod why;
pub mod why_concurrent;
pub mod why_named;
pub mod workforce;
