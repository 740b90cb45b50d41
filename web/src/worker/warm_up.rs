//! The warm-up: bills run once while nobody waits, so a person's first
//! large import runs optimized code.

use billsim_core::session::{Session, Usage};
use billsim_core::{Model, Options};
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::engine::engine;
use crate::files::parse;
use crate::wire::{now, scope, IDLE_MS};

/// Runs a small import and its bills under each model, then a small bill
/// check; the page asks for it once it has rendered, before any import can
/// arrive. V8 first runs wasm from its baseline compiler and only optimizes
/// a function after it has run a while, and a call already running never
/// switches: without this, a user's first large import would run entirely
/// from baseline code (about 1.5x slower).
/// Each part runs once no request has come for `IDLE_MS`, one at a time,
/// so a request that comes meanwhile waits for one part at most: it must
/// never delay the first bill or an edit.
pub fn warm_up_when_idle() {
    // The helpers a large import is read with start (and warm up) on the
    // other cores before a person can pick a file.
    when_idle(crate::pool::ready);
    when_idle(move || {
        let t0 = now();
        let billed = warm_up();
        let bills_ms = now() - t0;
        when_idle(move || {
            let t1 = now();
            let checked = warm_up_check();
            let note = format!(
                "billsim worker: {} warm-up bills in {:.0} ms, then a bill check in {:.0} ms",
                billed + usize::from(checked),
                bills_ms,
                now() - t1
            );
            web_sys::console::debug_1(&note.into());
        });
    });
}

/// Runs `f` once no request has come for `IDLE_MS`.
fn when_idle(f: impl FnOnce() + 'static) {
    let seen = engine(|e| e.requests);
    let later = Closure::once_into_js(move || {
        if engine(|e| e.requests) != seen {
            return when_idle(f);
        }
        f();
    });
    let _ = scope()
        .set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), IDLE_MS);
}

fn warm_up() -> usize {
    let mut csv = String::from("user,org,product,login,logout\n");
    for a in 0..400 {
        for day in 1..=28 {
            let h = 6 + a % 12;
            csv.push_str(&format!(
                "agent{a}@warm.test,main,cx{},2026-10-{day:02}T{h:02}:00:00Z,2026-10-{day:02}T{:02}:30:00Z\n",
                1 + a % 2,
                h + 4
            ));
        }
    }
    let scenario = r#"{ "billsim": 1, "currency": "USD",
        "contract": { "activation": "2026-10-01", "model": "concurrent", "term_cycles": 1,
          "products": { "cx1": { "tier": 1, "prepay": "75.00", "overage": "90.00", "hourly": "0.60" },
                        "cx2": { "tier": 2, "prepay": "115.00", "overage": "138.00", "hourly": "0.90" } },
          "commitments": [ { "product": "cx2", "from_cycle": 0, "quantity": "50" } ] } }"#;
    let data = Uint8Array::from(csv.as_bytes());
    let mut billed = 0;
    for model in [
        Model::Concurrent,
        Model::Named,
        Model::Hourly,
        Model::Concurrent,
    ] {
        if let Ok(imported) = parse(data.clone(), false) {
            let opts = Options {
                model: Some(model),
                ..Options::default()
            };
            let bill = Session::from_json(scenario, Usage::Open(imported))
                .map_err(|r| r.error)
                .and_then(|mut s| s.bill(&opts));
            billed += usize::from(bill.is_ok());
        }
    }
    billed
}

/// A small Cloud Voice report checked as a person's is: read from a Blob
/// a piece at a time, its calls billed and rated. The reader's row loop
/// runs once per file, so without this a million-call report would be
/// read entirely by baseline code (issue 25).
fn warm_up_check() -> bool {
    use crate::vendor_files::HeldBills;
    use billsim_core::reconcile;
    use billsim_web::protocol::{Rejected, VendorRefused};
    let mut csv = String::from("SIP Call Id,Origin,Destination,Usage Group,Usage Group Display,Call Type,Direction,Start time,End Time,Duration (Seconds),Adjusted Duration (seconds),Adjusted Duration (minutes),Usage Rate Per Minute,Total cost,Currency\n");
    for i in 0..WARM_CALLS {
        let seconds = 6 + i % 600;
        let billed = seconds.div_ceil(6) * 6;
        let dir = if i % 3 == 0 { "Inbound" } else { "Outbound" };
        // Rated at the contract's 0.0119 a minute, 4 decimals (R-T1).
        let cost = (billed * 119 * 2 + 60) / 120;
        csv.push_str(&format!(
            "warm-{i},+13125550100,+13125550199,PSTN,Domestic,Domestic,{dir},2026-10-{:02}T{:02}:00:00Z,,{seconds},{billed},,0.0119,{}.{:04},USD\n",
            1 + i % 28,
            i % 24,
            cost / 10_000,
            cost % 10_000
        ));
    }
    let scenario = r#"{ "billsim": 1, "currency": "USD",
        "contract": { "activation": "2026-10-01", "model": "concurrent", "term_cycles": 1,
          "products": { "cx1": { "tier": 1, "prepay": "75.00", "overage": "90.00" } },
          "telco": { "increment_seconds": 6, "rates": { "inbound": "0.0119", "outbound": "0.0119",
            "extended_outbound": "0.0300", "toll_free": "0.0150" } } } }"#;
    let parts = js_sys::Array::of1(&Uint8Array::from(csv.as_bytes()));
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence(&parts) else {
        return false;
    };
    let Ok(mut session) = Session::from_json(scenario, Usage::None) else {
        return false;
    };
    let name = "warm-up.csv".to_owned();
    let mut held = HeldBills::default();
    held.hold(name.clone(), blob);
    held.with_named(&[name], "USD", |bill| {
        reconcile::reconcile(&mut session, bill, &reconcile::Options::default()).map_err(|e| {
            VendorRefused {
                file: None,
                why: Rejected::plain(e.to_string()),
            }
        })
    })
    .is_ok()
}

/// Calls in the warm-up's report: enough for V8 to optimize the reader's
/// row loop and the rating (about 250 KB; 8,000 measured no faster).
const WARM_CALLS: u32 = 2_000;
