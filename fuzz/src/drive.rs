//! What the fuzz targets drive, one function per target taking the
//! fuzzer's bytes, and the helpers they share (the example scenario, the
//! engine passes of `exercise`, the reconciliation of a vendor bill).
//!
//! Shared with the replay of the committed corpus, `fuzz/regress/`, by
//! `crates/billsim-core/tests/fuzz_corpus.rs` (`#[path]` onto this file,
//! under stable `cargo test`): so it uses only billsim-core and its own
//! dependencies (chrono, serde_json), and the fixtures it needs are
//! `include_str!`ed here, not taken from the fuzz crate's build script.
//!
//! A driver fails only by panicking: on a panic, or on a broken property
//! (a round trip, a bill left half-read). An error is a fine answer.

use std::sync::OnceLock;

use billsim_core::advice::Percentile;
use billsim_core::csv::{sessions, sessions_open, sessions_open_sized, Imported};
use billsim_core::reconcile::{self, classify, read, vendor::VendorBill};
use billsim_core::session::{Session, Usage};
use billsim_core::share_link::{encode, read as read_link};
use billsim_core::usage::{Catalog, Sessions};
use billsim_core::{compare, reports, simulate, Model, Options, Scenario};
use chrono::{Days, NaiveDate};
use serde_json::{Map, Value};

/// `examples/contact-center.json`: the base of the CSV and vendor bill targets.
const EXAMPLE: &str = include_str!("../../examples/contact-center.json");

/// The base scenario the CSV targets bill their rows against:
/// `examples/contact-center.json` (org `main`, products `cx1` and `cx2`,
/// telco, every resource) with its usage emptied, so only the CSV counts.
pub fn csv_base() -> &'static Scenario {
    static BASE: OnceLock<Scenario> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut v: Value = serde_json::from_str(EXAMPLE).expect("the example is JSON");
        v["usage"] = Value::Object(Map::new());
        Scenario::from_json(&v.to_string()).expect("the example scenario parses")
    })
}

/// The scenario the vendor bill targets reconcile against:
/// `examples/contact-center.json` as it is (the example's vendor bills,
/// `examples/contact-center.vendor-bill*.csv`, are its bill).
pub fn reconcile_base() -> &'static Scenario {
    static BASE: OnceLock<Scenario> = OnceLock::new();
    BASE.get_or_init(|| Scenario::from_json(EXAMPLE).expect("the example scenario parses"))
}

/// The example's vendor bill (`examples/contact-center.vendor-bill.csv`),
/// read once: what `js_options` reconciles under the options it reads.
pub fn example_bill() -> &'static VendorBill {
    static BILL: OnceLock<VendorBill> = OnceLock::new();
    BILL.get_or_init(|| {
        let mut bill = VendorBill::default();
        read::read(
            "contact-center.vendor-bill.csv",
            include_bytes!("../../examples/contact-center.vendor-bill.csv"),
            &reconcile_base().currency,
            &mut bill,
        )
        .expect("the example's vendor bill reads");
        bill
    })
}

/// Reconciles `bill` against the example scenario the way `billsim
/// reconcile` does (a Cloud Voice report's calls join it first) and writes
/// the report. Errors are fine answers; only a panic fails.
pub fn reconcile_example(bill: &VendorBill, o: &reconcile::Options) {
    let mut s = reconcile_base().clone();
    reconcile::calls::add_to(&mut s, bill);
    let Ok(mut session) = Session::new(s, Usage::None) else {
        return;
    };
    match reconcile::reconcile(&mut session, bill, o) {
        Ok(r) => {
            let _ = r.to_json();
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
}

pub use billsim_core::share_link::base64url;

/// A small stable hash of the input, to derive an as-of date and a model.
pub fn hash(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A date around the contract's term, chosen by `pick`: from 40 days
/// before activation to a few cycles after the term (and, rarely, far away).
pub fn as_of(s: &Scenario, pick: u64) -> Option<NaiveDate> {
    let start = s.contract.activation;
    let cycles = u64::from(s.contract.term_cycles.min(1200))
        + u64::from(s.contract.after_term_cycles.min(1200))
        + 3;
    match pick % 16 {
        0 => NaiveDate::from_ymd_opt(1, 1, 1),
        1 => NaiveDate::from_ymd_opt(9999, 12, 31),
        2 => Some(NaiveDate::MIN),
        3 => Some(NaiveDate::MAX),
        _ => {
            let span = cycles * 31 + 40;
            let d = (pick >> 4) % span;
            start
                .checked_sub_days(Days::new(40))?
                .checked_add_days(Days::new(d))
        }
    }
}

fn other_model(s: &Scenario, pick: u64) -> Model {
    let m = Model::ALL[(pick % 3) as usize];
    if m == s.contract.model {
        Model::ALL[((pick + 1) % 3) as usize]
    } else {
        m
    }
}

/// Drives every entry point the app, the CLI and the JS API call with one
/// scenario: simulate (default options, an as-of date, reports on, another
/// model), the reports on their own, and compare. Results are rendered as
/// the callers render them. Errors are ignored: only a panic fails.
pub fn exercise(s: &Scenario, imported: Option<&Sessions>, pick: u64) {
    let plain = simulate(s, imported, &Options::default());
    if let Ok(r) = &plain {
        let _ = r.to_json();
    }
    let opts = Options {
        as_of: as_of(s, pick),
        model: None,
        reports: false,
    };
    if let Ok(r) = simulate(s, imported, &opts) {
        let _ = r.to_json();
    }
    // A scenario the engine rejects fails the same way with reports or
    // another model; only a valid one is worth the other passes.
    if plain.is_err() {
        let _ = compare::compare(s, imported);
        return;
    }
    let opts = Options {
        as_of: None,
        model: Some(other_model(s, pick >> 8)),
        reports: true,
    };
    if let Ok(r) = simulate(s, imported, &opts) {
        let _ = r.to_json();
    }
    if let Ok(r) = reports::build(s, imported) {
        for t in [r.peaks_table(), r.hours_table(), r.users_table()] {
            let _ = (t.to_csv(), t.to_text(), t.to_json());
        }
    }
    if let Ok(c) = compare::compare(s, imported) {
        let _ = c.break_even();
        let _ = serde_json::to_string(&c);
    }
    let _ = s.to_json();
}

/// `scenario_json`: the bytes as a user's scenario file, driven through
/// everything (`exercise`).
pub fn scenario_json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(s) = Scenario::from_json(text) {
        exercise(&s, None, hash(data));
    }
}

/// `csv_sessions`: the sessions reader strict against the example's
/// catalog (CLI) and open, then placed onto it (app, JS API); what it reads
/// is billed against the example.
pub fn csv_sessions(data: &[u8]) {
    let base = csv_base();
    let cat = Catalog::of(base);
    let strict = sessions(data, &cat);
    let _ = sessions_open_sized(data, data.len());
    if let Ok((t, ids)) = sessions_open(data) {
        let mut imported = Imported::new(t, ids);
        let _ = imported.counts();
        if let Ok(t) = imported.onto(&cat) {
            let t = t.clone();
            exercise(base, Some(&t), hash(data));
        }
    }
    drop(strict);
}

/// `vendor_bill`: any bytes through the vendor bill readers; a file that
/// reads is recorded once with its kind and reconciled against the example
/// (with or without an as-of date); one that does not adds nothing.
pub fn vendor_bill(data: &[u8]) {
    let base = reconcile_base();
    let mut bill = VendorBill::default();
    match read::read("bill.csv", data, &base.currency, &mut bill) {
        Err(e) => {
            let _ = e.to_string();
            assert!(bill.files.is_empty() && bill.lines.is_empty());
            assert!(bill.figures.is_empty() && bill.calls.is_empty());
        }
        Ok(kind) => {
            assert_eq!(bill.files, [("bill.csv".to_owned(), kind)]);
            let pick = hash(data);
            let o = reconcile::Options {
                as_of: (pick % 2 == 1).then(|| as_of(base, pick >> 1)).flatten(),
                ..Default::default()
            };
            reconcile_example(&bill, &o);
        }
    }
}

/// `share_link`: the bytes as a link's text (which, packed, must read back
/// as itself) and as the packed bytes of a link.
pub fn share_link(data: &[u8]) {
    if let Ok(link) = std::str::from_utf8(data) {
        check_link(link);
        assert_eq!(read_link(&encode(link)).as_deref(), Ok(link));
    }
    check_link(&base64url(data));
}

/// A link's text stays under the inflate cap and comes back from its own
/// link; then it is read as a scenario.
fn check_link(link: &str) {
    let Ok(text) = read_link(link) else {
        return;
    };
    assert!(text.len() <= 16 << 20, "a link unpacks past the cap");
    assert_eq!(read_link(&encode(&text)).as_deref(), Ok(text.as_str()));
    let _ = Scenario::from_json(&text);
}

/// `js_options`: a first line `ASOF PERIOD PERCENTILE` read as billsim-wasm
/// reads those options, then a map (which must read back the same from its
/// own JSON); the example's bill is reconciled under them.
pub fn js_options(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (head, map) = text.split_once('\n').unwrap_or((text, ""));
    let mut words = head.split(' ');
    let mut date = || words.next().and_then(|t| t.parse().ok());
    let (as_of, period) = (date(), date());
    if let Some(w) = words.next() {
        let _ = Percentile::parse(w);
        let _ = Model::ALL.into_iter().find(|m| m.as_str() == w);
    }
    let map = if map.trim().is_empty() {
        Default::default()
    } else {
        match classify::read_map(map) {
            Ok(m) => {
                let again = serde_json::to_string(&m).expect("a map writes as JSON");
                assert_eq!(
                    classify::read_map(&again).ok().as_ref(),
                    Some(&m),
                    "a map does not read back from its own JSON: {again}"
                );
                m
            }
            Err(e) => {
                let _ = e.to_string();
                return;
            }
        }
    };
    let o = reconcile::Options { as_of, period, map };
    reconcile_example(example_bill(), &o);
}
