//! The page's side of the background worker (`src/worker.rs`): large imports
//! and the simulations that use them go there; answers come back as actions.

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::Callback;

use crate::state::{Action, Import};
use crate::Store;

/// Files above this size (about 50,000 sessions) are imported in the worker.
pub const WORKER_BYTES: f64 = 4_000_000.0;

/// A running worker and its message handler.
pub struct Bridge {
    worker: Worker,
    /// "Why N?" questions waiting for the worker's answer, by id.
    why: Why,
    /// Advice requests and answers (see `crate::advice_channel`).
    pub advice: std::rc::Rc<crate::advice_channel::Channel>,
    /// Imports awaiting the worker's answer, to keep in this browser (see `crate::kept`).
    pub kept: std::rc::Rc<crate::kept::Pending>,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
}

fn get(msg: &JsValue, key: &str) -> JsValue {
    Reflect::get(msg, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn message(fields: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in fields {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

/// Replies awaited from the worker, and the next question's id.
type Why = std::rc::Rc<std::cell::RefCell<(u64, std::collections::HashMap<u64, Callback<String>>)>>;

impl Bridge {
    /// Starts the worker; its answers are dispatched to `store`.
    pub fn start(store: Store) -> Result<Bridge, String> {
        let worker = Worker::new("./worker-loader.js").map_err(|e| format!("worker: {e:?}"))?;
        let why: Why = Default::default();
        let waiting = why.clone();
        let advice = crate::advice_channel::Channel::new(worker.clone());
        let to_advice = advice.clone();
        let kept: std::rc::Rc<crate::kept::Pending> = Default::default();
        let to_keep = kept.clone();
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let m = e.data();
            let text = |k: &str| get(&m, k).as_string().unwrap_or_default();
            let num = |k: &str| get(&m, k).as_f64().unwrap_or(0.0);
            match text("kind").as_str() {
                k @ ("advice" | "advice_progress" | "advice_error") => to_advice.receive(k, &m),
                "progress" => store.dispatch(Action::Progress(num("fraction"))),
                "imported" => {
                    store.dispatch(Action::LargeImported {
                        file: text("name"),
                        sessions: num("sessions") as usize,
                        users: num("users") as usize,
                        ms: num("ms"),
                    });
                    to_keep.accepted(&store, &text("name"), num("sessions") as usize);
                }
                "import_failed" => {
                    to_keep.refused(&store);
                    let problems = serde_json::from_str(&text("problems")).unwrap_or_default();
                    store.dispatch(Action::Import(
                        Import::Failed {
                            file: text("name"),
                            message: text("message"),
                            problems,
                            more: num("more") as usize,
                        },
                        None,
                    ));
                }
                "result" => store.dispatch(Action::WorkerResult {
                    id: num("id") as u64,
                    json: text("json"),
                    ms: num("ms"),
                }),
                "error" => store.dispatch(Action::WorkerError {
                    id: num("id") as u64,
                    path: text("path"),
                    message: text("message"),
                }),
                "why" => {
                    let reply = waiting.borrow_mut().1.remove(&(num("id") as u64));
                    if let Some(cb) = reply {
                        cb.emit(text("json"));
                    }
                }
                _ => {}
            }
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        Ok(Bridge {
            worker,
            why,
            advice,
            kept,
            _onmessage: onmessage,
        })
    }

    /// Hands a file's bytes to the worker (transferred, not copied).
    pub fn import(&self, name: &str, bytes: js_sys::ArrayBuffer) {
        let msg = message(&[
            ("kind", "import".into()),
            ("name", name.into()),
            ("bytes", bytes.clone().into()),
        ]);
        let _ = self
            .worker
            .post_message_with_transfer(&msg, &js_sys::Array::of1(&bytes));
    }

    /// Tells the worker to drop its imported sessions (hundreds of MB for a large file).
    pub fn clear(&self) {
        let _ = self
            .worker
            .post_message(&message(&[("kind", "clear".into())]));
    }

    /// Asks the worker to run its warm-up (see `worker::warm_up`).
    pub fn warm_up(&self) {
        let _ = self
            .worker
            .post_message(&message(&[("kind", "warm_up".into())]));
    }

    /// Asks for a simulation of `text` with the imported sessions.
    pub fn simulate(&self, id: u64, text: &str) {
        let _ = self.worker.post_message(&message(&[
            ("kind", "simulate".into()),
            ("id", JsValue::from_f64(id as f64)),
            ("text", text.into()),
        ]));
    }

    /// Asks a "Why N?" question (`crate::drilldown::Request` as JSON) about
    /// `text`, with the worker's import when `large`; `reply` gets the answer's JSON.
    pub fn why(&self, text: &str, large: bool, request: &str, reply: Callback<String>) {
        let id = {
            let mut w = self.why.borrow_mut();
            w.0 += 1;
            let id = w.0;
            w.1.insert(id, reply);
            id
        };
        let _ = self.worker.post_message(&message(&[
            ("kind", "why".into()),
            ("id", JsValue::from_f64(id as f64)),
            ("text", text.into()),
            ("large", JsValue::from_bool(large)),
            ("request", request.into()),
        ]));
    }
}
