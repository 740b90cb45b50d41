//! Advice requests to the background worker and their answers (progress,
//! advice, error). Advice takes about a second, so while one runs a newer
//! request waits here, replacing any request already waiting: typing in the
//! editor with the Advice tab open never queues a second of work per key.
//! Every answer carries its request id; the listener drops stale ones.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use billsim_core::advice::Advice;
use web_sys::Worker;
use yew::Callback;

use crate::protocol::{self, Reply, Request};

/// What the worker says about an advice request.
#[derive(Debug, Clone, PartialEq)]
pub enum AdviceMsg {
    /// `done` of `total` steps finished.
    Progress { id: u64, done: u32, total: u32 },
    /// The advice, and how long the worker took (ms).
    Done {
        id: u64,
        advice: Rc<Advice>,
        headlines: Rc<Vec<String>>,
        ms: f64,
    },
    /// The engine's message (or why the answer could not be read).
    Failed { id: u64, message: String },
}

impl AdviceMsg {
    /// The request this answers.
    pub fn id(&self) -> u64 {
        match self {
            AdviceMsg::Progress { id, .. }
            | AdviceMsg::Done { id, .. }
            | AdviceMsg::Failed { id, .. } => *id,
        }
    }
}

/// The page's end of the advice protocol.
pub struct Channel {
    worker: Worker,
    /// Ids are unique for the page's life, so an answer to a request made
    /// before the tab was last closed can never pass for a new one.
    last_id: Cell<u64>,
    busy: Cell<bool>,
    waiting: RefCell<Option<(u64, String, &'static str)>>,
    listener: RefCell<Option<Callback<AdviceMsg>>>,
}

impl Channel {
    /// A channel posting to `worker`.
    pub fn new(worker: Worker) -> Rc<Channel> {
        Rc::new(Channel {
            worker,
            last_id: Cell::new(0),
            busy: Cell::new(false),
            waiting: RefCell::new(None),
            listener: RefCell::new(None),
        })
    }

    /// Who hears the answers (the open Advice tab), or nobody.
    pub fn listen(&self, cb: Option<Callback<AdviceMsg>>) {
        *self.listener.borrow_mut() = cb;
    }

    /// Asks for advice on `text`, the best chosen by `percentile` ("50" or
    /// "90"); returns the request's id.
    pub fn request(&self, text: &str, percentile: &'static str) -> u64 {
        let id = self.last_id.get() + 1;
        self.last_id.set(id);
        if self.busy.get() {
            *self.waiting.borrow_mut() = Some((id, text.to_owned(), percentile));
        } else {
            self.post(id, text, percentile);
        }
        id
    }

    fn post(&self, id: u64, text: &str, percentile: &str) {
        let request = Request::Advise {
            id,
            text: text.into(),
            percentile: percentile.into(),
        };
        self.busy.set(
            self.worker
                .post_message(&protocol::wrap(&request, None))
                .is_ok(),
        );
    }

    /// The page's Stop ended the worker: the advice in hand will not come,
    /// and the one waiting is dropped with it (the next edit asks anew).
    pub fn stopped(&self) {
        if !self.busy.replace(false) {
            return;
        }
        self.waiting.borrow_mut().take();
        let cb = self.listener.borrow().clone();
        if let Some(cb) = cb {
            cb.emit(AdviceMsg::Failed {
                id: self.last_id.get(),
                message: "Stopped before it was done. Change the scenario, or switch the percentile, to ask again.".into(),
            });
        }
    }

    /// An advice reply: progress, the advice, or why none.
    pub fn receive(&self, reply: Reply) {
        let msg = match reply {
            Reply::AdviceProgress { id, done, total } => AdviceMsg::Progress { id, done, total },
            Reply::Advice {
                id,
                advice,
                headlines,
                ms,
            } => AdviceMsg::Done {
                id,
                advice: Rc::new(*advice),
                headlines: Rc::new(headlines),
                ms,
            },
            Reply::AdviceError { id, message } => AdviceMsg::Failed { id, message },
            _ => return,
        };
        if !matches!(msg, AdviceMsg::Progress { .. }) {
            // The worker is free: send the newest request that waited, if any.
            self.busy.set(false);
            if let Some((id, text, pct)) = self.waiting.borrow_mut().take() {
                self.post(id, &text, pct);
            }
        }
        // Cloned out first: the listener may re-render and call `listen`.
        let cb = self.listener.borrow().clone();
        if let Some(cb) = cb {
            cb.emit(msg);
        }
    }
}
