//! The page's side of the background worker (`src/worker/main.rs`): every
//! simulation, import, question and piece of advice goes there as a
//! `crate::protocol::Request`; answers come back as actions or to the
//! callback that asked.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::Callback;

use crate::download::Body;
use crate::pending_imports::{Origin, Pending};
use crate::protocol::{self, Answered, Compare, ExportFile, Query, Reply, Request};
use crate::state::{Action, Import, LargeImport, Store};

/// Files above this size (about 50,000 sessions) are imported in the worker.
pub const WORKER_BYTES: f64 = 4_000_000.0;

/// Takes an answer as its question types it and hands it to the asker.
type Asker = Box<dyn FnOnce(Answered) -> Result<(), String>>;

/// Answers awaited by the component that asked, by id, and the next id.
type Waiting = Rc<RefCell<(u64, HashMap<u64, Asker>)>>;

/// The worker `web/start-worker.js` started while the page loaded, if any.
fn started_early() -> Option<Worker> {
    let w = web_sys::window()?;
    let worker = js_sys::Reflect::get(&w, &JsValue::from_str("billsimWorker")).ok()?;
    // The keeper of start-worker.js, used as a worker: it has a worker's
    // methods and replaces the worker when it dies.
    worker.is_object().then(|| worker.unchecked_into())
}

/// A running worker and its message handler.
pub struct Bridge {
    worker: Worker,
    /// Questions ("Why N?", a forecast row, two quotes) awaiting answers.
    waiting: Waiting,
    /// Advice requests and answers (see `crate::advice_channel`).
    pub advice: Rc<crate::advice_channel::Channel>,
    /// Imports awaiting the worker's answer, by id, with where each came
    /// from (see `crate::pending_imports`).
    imports: Rc<Pending>,
    /// The last bill asked for (its request id): each is asked once.
    asked_bill: std::cell::Cell<u64>,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(JsValue)>,
}

impl Bridge {
    /// Starts the worker; its answers are dispatched to `store`.
    pub fn start(store: Store) -> Result<Bridge, String> {
        let worker = match started_early() {
            Some(w) => w,
            None => Worker::new("./worker-loader.js").map_err(|e| format!("worker: {e:?}"))?,
        };
        let waiting: Waiting = Default::default();
        let failed_store = store.clone();
        let asked = waiting.clone();
        let advice = crate::advice_channel::Channel::new(worker.clone());
        let to_advice = advice.clone();
        let imports: Rc<Pending> = Default::default();
        let to_keep = imports.clone();
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let reply = match protocol::unwrap::<Reply>(&e.data()) {
                Ok(r) => r,
                Err(message) => {
                    return store.dispatch(Action::WorkerError {
                        id: 0,
                        path: String::new(),
                        message: format!("The background worker sent {message}; reload the page."),
                    })
                }
            };
            match reply {
                Reply::Progress { fraction } => store.dispatch(Action::Progress(fraction)),
                Reply::Restarted => {
                    to_keep.let_all_go();
                    store.dispatch(Action::WorkerRestarted)
                }
                Reply::Stopped => {
                    to_keep.let_all_go();
                    to_advice.stopped();
                    store.dispatch(Action::WorkerStopped);
                }
                Reply::Imported {
                    id,
                    key,
                    name,
                    sessions,
                    users,
                    ms,
                    dropped,
                } => {
                    to_keep.let_go(&dropped);
                    store.dispatch(Action::LargeImported {
                        import: LargeImport {
                            key,
                            file: name.clone(),
                            sessions,
                            users,
                        },
                        ms,
                        dropped,
                    });
                    to_keep.accepted(id, key, &store, &name, sessions);
                }
                Reply::ImportFailed {
                    id,
                    name,
                    message,
                    problems,
                    more,
                } => {
                    to_keep.refused(id, &store);
                    store.dispatch(Action::Import(
                        Import::Failed {
                            file: name,
                            message,
                            problems,
                            more,
                            path: None,
                        },
                        None,
                    ))
                }
                Reply::Simulated {
                    id,
                    result,
                    ms,
                    day,
                    quote,
                    work,
                } => store.dispatch(Action::WorkerResult {
                    id,
                    result: Rc::new(*result),
                    ms,
                    day: day.map(Rc::new),
                    quote: Rc::new(quote),
                    work,
                }),
                Reply::Refused { id, path, message } => {
                    store.dispatch(Action::WorkerError { id, path, message })
                }
                Reply::Compared {
                    id,
                    comparison,
                    ai,
                    break_even,
                    work,
                } => store.dispatch(Action::Compared {
                    id,
                    comparison: comparison.map(|c| Rc::new(*c)),
                    ai: ai.map(Rc::new),
                    break_even: break_even.map(yew::AttrValue::from),
                    work,
                }),
                r @ (Reply::AdviceProgress { .. }
                | Reply::Advice { .. }
                | Reply::AdviceError { .. }) => to_advice.receive(r),
                Reply::Answer { id, answer } => {
                    let asker = asked.borrow_mut().1.remove(&id);
                    if let Some(Err(message)) = asker.map(|a| a(answer)) {
                        store.dispatch(Action::WorkerError {
                            id: 0,
                            path: String::new(),
                            message: format!(
                                "The background worker sent {message}; reload the page."
                            ),
                        })
                    }
                }
            }
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        // A worker whose script or wasm cannot load says so only here: without
        // it there are no bills, and the page must say why.
        let failed = failed_store;
        let onerror = Closure::<dyn FnMut(JsValue)>::new(move |_| {
            failed.dispatch(Action::WorkerFailed);
        });
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        Ok(Bridge {
            worker,
            waiting,
            advice,
            imports,
            asked_bill: Default::default(),
            _onmessage: onmessage,
            _onerror: onerror,
        })
    }

    /// Ends the worker's question in hand (web/start-worker.js's keeper
    /// starts a new worker and answers `Reply::Stopped`); a worker the app
    /// started itself, without the keeper, cannot be stopped.
    pub fn stop(&self) {
        let stop = js_sys::Reflect::get(&self.worker, &JsValue::from_str("stop"));
        if let Ok(f) = stop.and_then(|f| f.dyn_into::<js_sys::Function>()) {
            let _ = f.call0(&self.worker);
        }
    }

    /// Whether the worker `start-worker.js` started failed before the app took it over.
    pub fn failed_early() -> bool {
        let failed = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("billsimWorkerFailed")).ok());
        failed.is_some_and(|f| f.is_truthy())
    }

    fn send(&self, request: &Request) {
        let _ = self.worker.post_message(&protocol::wrap(request, None));
    }

    /// A new request's id (questions and imports).
    fn next_id(&self) -> u64 {
        let mut w = self.waiting.borrow_mut();
        w.0 += 1;
        w.0
    }

    /// Asks `question`; `reply` hears its answer, typed by the question.
    pub fn ask<Q: Query + 'static>(&self, question: Q, reply: Callback<Q::Answer>) {
        let request = self.asking(question, reply);
        self.send(&request);
    }

    /// Asks `question` about a file's `bytes` (transferred, not copied).
    pub fn ask_about<Q: Query + 'static>(
        &self,
        question: Q,
        bytes: js_sys::ArrayBuffer,
        reply: Callback<Q::Answer>,
    ) {
        let request = self.asking(question, reply);
        self.send_file(&request, bytes);
    }

    /// The request of `question`, with its asker waiting under a new id.
    fn asking<Q: Query + 'static>(&self, question: Q, reply: Callback<Q::Answer>) -> Request {
        let id = self.next_id();
        let asker: Asker = Box::new(move |a| match Q::take(a) {
            Some(a) => {
                reply.emit(a);
                Ok(())
            }
            None => Err("an answer to another question".into()),
        });
        self.waiting.borrow_mut().1.insert(id, asker);
        Request::Ask {
            id,
            question: question.into(),
        }
    }

    /// Sends `request` with a file's bytes beside it (transferred, not copied).
    fn send_file(&self, request: &Request, bytes: js_sys::ArrayBuffer) {
        let msg = protocol::wrap(request, Some(&bytes));
        let _ = self
            .worker
            .post_message_with_transfer(&msg, &js_sys::Array::of1(&bytes));
    }

    /// Hands a vendor file to the worker to hold for checks: the file
    /// itself, which the worker reads a piece at a time (the page never
    /// reads a million-call report).
    pub fn bill(&self, name: &str, file: &web_sys::File) {
        let msg = protocol::wrap(&Request::Bill { name: name.into() }, Some(file));
        let _ = self.worker.post_message(&msg);
    }

    /// Hands the kept file (the Blob stored in this browser) to the worker
    /// to read, parse and hold.
    pub fn import_kept(&self, name: &str, file: &web_sys::Blob, key: Option<u64>) {
        self.import(name, Origin::Restored(file.clone()), file, key);
    }

    /// Hands a large file picked by the person to the worker: the file
    /// itself, which the worker reads (the page never reads its bytes),
    /// and keeps once the worker accepts it.
    pub fn import_file(&self, name: &str, file: &web_sys::File) {
        self.import(name, Origin::Picked(file.clone().into()), file, None);
    }

    /// Import `name` from `origin`, under a new id, held under `key` (a
    /// copy read back keeps the key it had) or that id: `beside` is a
    /// buffer (transferred, not copied) or the person's File (which the
    /// worker reads).
    fn import(&self, name: &str, origin: Origin, beside: &JsValue, key: Option<u64>) {
        let id = self.next_id();
        self.imports.push(id, origin);
        let request = Request::Import {
            id,
            key: key.unwrap_or(id),
            name: name.into(),
        };
        let msg = protocol::wrap(&request, Some(beside));
        let transfer = match beside.dyn_ref::<js_sys::ArrayBuffer>() {
            Some(buf) => js_sys::Array::of1(buf),
            None => js_sys::Array::new(),
        };
        let _ = self.worker.post_message_with_transfer(&msg, &transfer);
    }

    /// Tells the worker to drop its imported sessions (hundreds of MB for a large file).
    pub fn clear(&self) {
        self.imports.let_all_go();
        self.send(&Request::Clear);
    }

    /// Keeps held import `key`'s file (named `name`) in this browser, in
    /// place of the one kept (see [`Pending::keep`]).
    pub fn keep(&self, key: u64, store: &Store, name: &str) {
        self.imports.keep(key, store, name);
    }

    /// Asks the worker to run its warm-up (see `worker::warm_up`).
    pub fn warm_up(&self) {
        self.send(&Request::WarmUp);
    }

    /// Asks for a bill of `text` with the imported sessions, and the
    /// comparison of the models after it as `compare` says.
    pub fn simulate(&self, id: u64, text: &str, compare: Compare, import: Option<u64>) {
        if self.asked_bill.replace(id) == id {
            return;
        }
        self.send(&Request::Simulate {
            id,
            text: text.into(),
            compare,
            import,
        });
    }

    /// Asks for the latest bill as `file`; `reply` gets its content or why not.
    /// The workbook is written by its own worker from what this one sends.
    pub fn export(&self, file: ExportFile, reply: Callback<Result<Body, String>>) {
        self.ask(
            protocol::Export { file },
            Callback::from(move |text: Result<String, String>| match text {
                Ok(input) if file == ExportFile::Workbook => {
                    crate::workbook::write(input, reply.clone())
                }
                text => reply.emit(text.map(Body::Text)),
            }),
        );
    }
}
