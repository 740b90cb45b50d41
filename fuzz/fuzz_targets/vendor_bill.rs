//! The vendor bill readers (R-R1) as `billsim reconcile --bill FILE` and the
//! JS API's `reconcile` use them: any bytes, told apart by their content
//! (invoice CSV, invoice lines JSON, subscription overview, billing-period
//! charges, Cloud Voice usage CSV). A file that reads is reconciled against
//! the example scenario (classify, pair, causes, the report), with or
//! without an as-of date. Only a panic fails, and a file read is recorded
//! once with what it was read as.
#![no_main]

use billsim_core::reconcile::{self, read, vendor::VendorBill};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let base = billsim_fuzz::reconcile_base();
    let mut bill = VendorBill::default();
    match read::read("bill.csv", data, &base.currency, &mut bill) {
        Err(e) => {
            let _ = e.to_string();
            // On error nothing is added to the bill.
            assert!(bill.files.is_empty() && bill.lines.is_empty());
            assert!(bill.figures.is_empty() && bill.calls.is_empty());
        }
        Ok(kind) => {
            assert_eq!(bill.files, [("bill.csv".to_owned(), kind)]);
            let pick = billsim_fuzz::hash(data);
            let o = reconcile::Options {
                as_of: (pick % 2 == 1)
                    .then(|| billsim_fuzz::as_of(base, pick >> 1))
                    .flatten(),
                ..Default::default()
            };
            billsim_fuzz::reconcile_example(&bill, &o);
        }
    }
});
