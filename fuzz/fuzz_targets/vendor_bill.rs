//! The vendor bill readers (R-R1) as `billsim reconcile --bill FILE` and the
//! JS API's `reconcile` use them: any bytes, told apart by their content
//! (invoice CSV, invoice lines JSON, subscription overview, billing-period
//! charges, Cloud Voice usage CSV). A file that reads is reconciled against
//! the example scenario (classify, pair, causes, the report), with or
//! without an as-of date. Only a panic fails, and a file read is recorded
//! once with what it was read as.
#![no_main]

use libfuzzer_sys::fuzz_target;

// The body is `billsim_fuzz::drive::vendor_bill`, which `cargo test -p billsim-core
// --test fuzz_corpus` replays on `fuzz/regress/vendor_bill/`.
fuzz_target!(|data: &[u8]| billsim_fuzz::drive::vendor_bill(data));
