//! The background worker: imports of large login files and the simulations
//! that use them run here, so the page keeps answering. Messages are plain
//! objects with a `kind` (see `crate::bridge` for the page's side).

use std::cell::RefCell;
use std::io::Read;

use billsim_core::csv::OpenIds;
use billsim_core::usage::{Catalog, Sessions};
use billsim_core::{Error, Options, Scenario};
use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// The last successful import, and its rows re-indexed onto the catalog of
/// the last scenario simulated (re-indexing a million rows on every edit
/// would cost more than the edit).
struct Held {
    sessions: Sessions,
    ids: OpenIds,
    mapped: Option<(Vec<String>, Vec<String>, Sessions)>,
}

thread_local! {
    static IMPORTED: RefCell<Option<Held>> = const { RefCell::new(None) };
}

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn get(msg: &JsValue, key: &str) -> JsValue {
    Reflect::get(msg, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn post(fields: &[(&str, JsValue)]) {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    let _ = scope().post_message(&o);
}

/// Reports how much of the file has been parsed, every 2 MB.
struct Progress<'a> {
    data: &'a [u8],
    pos: usize,
    next_report: usize,
}

impl Read for Progress<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.data.len() - self.pos);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        if self.pos >= self.next_report {
            self.next_report += 2 << 20;
            post(&[
                ("kind", "progress".into()),
                (
                    "fraction",
                    JsValue::from_f64(self.pos as f64 / self.data.len().max(1) as f64),
                ),
            ]);
        }
        Ok(n)
    }
}

fn import(name: String, bytes: Vec<u8>) {
    let t0 = scope().performance().map_or(0.0, |p| p.now());
    let reader = Progress {
        data: &bytes,
        pos: 0,
        next_report: 2 << 20,
    };
    match billsim_core::csv::sessions_open_sized(reader, bytes.len()) {
        Ok((t, ids)) => {
            let (sessions, users) = (t.rows.len(), t.users.len());
            IMPORTED.with(|c| {
                *c.borrow_mut() = Some(Held {
                    sessions: t,
                    ids,
                    mapped: None,
                })
            });
            post(&[
                ("kind", "imported".into()),
                ("name", name.into()),
                ("sessions", JsValue::from_f64(sessions as f64)),
                ("users", JsValue::from_f64(users as f64)),
                (
                    "ms",
                    JsValue::from_f64(scope().performance().map_or(0.0, |p| p.now()) - t0),
                ),
            ]);
        }
        Err(e) => {
            let (problems, more) = match &e {
                Error::Csv { problems, more, .. } => {
                    (serde_json::to_string(problems).unwrap_or_default(), *more)
                }
                _ => ("[]".to_owned(), 0),
            };
            post(&[
                ("kind", "import_failed".into()),
                ("name", name.into()),
                ("message", e.to_string().into()),
                ("problems", problems.into()),
                ("more", JsValue::from_f64(more as f64)),
            ]);
        }
    }
}

fn simulate(id: f64, text: &str) {
    let now = || scope().performance().map_or(0.0, |p| p.now());
    let t0 = now();
    let outcome = IMPORTED.with(|c| {
        let s = Scenario::from_json(text)?;
        let cat = Catalog::of(&s);
        let mut held = c.borrow_mut();
        let Some(h) = held.as_mut() else {
            return billsim_core::simulate(&s, None, &Options::default());
        };
        let fresh = matches!(&h.mapped, Some((orgs, products, _)) if *orgs == cat.orgs && *products == cat.products);
        if !fresh {
            h.mapped = Some((cat.orgs.clone(), cat.products.clone(), h.ids.onto(&h.sessions, &cat)?));
        }
        billsim_core::simulate(&s, h.mapped.as_ref().map(|m| &m.2), &Options::default())
    });
    match outcome {
        Ok(r) => post(&[
            ("kind", "result".into()),
            ("id", JsValue::from_f64(id)),
            ("json", r.to_json().into()),
            ("ms", JsValue::from_f64(now() - t0)),
        ]),
        Err(e) => post(&[
            ("kind", "error".into()),
            ("id", JsValue::from_f64(id)),
            ("path", e.path().into()),
            ("message", e.to_string().into()),
        ]),
    }
}

fn main() {
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        let msg = e.data();
        match get(&msg, "kind").as_string().as_deref() {
            Some("import") => import(
                get(&msg, "name").as_string().unwrap_or_default(),
                Uint8Array::new(&get(&msg, "bytes")).to_vec(),
            ),
            Some("simulate") => simulate(
                get(&msg, "id").as_f64().unwrap_or(0.0),
                &get(&msg, "text").as_string().unwrap_or_default(),
            ),
            Some("clear") => IMPORTED.with(|c| *c.borrow_mut() = None),
            _ => {}
        }
    });
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The worker lives as long as the page: the handler must too.
    onmessage.forget();
}
