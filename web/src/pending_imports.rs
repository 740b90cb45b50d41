//! The large imports the worker is reading, by request id, and where each
//! came from: a file just picked is kept in this browser (`crate::idb`)
//! once the worker accepts it; the kept copy that does not read is deleted.
//! The files of the imports the worker holds stay known here, so the copy
//! kept is always the import the screen bills with.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use crate::state::{Action, Kept, Store};

/// Where an import the worker is reading came from: a file just picked (to
/// keep once accepted) or the kept copy.
pub enum Origin {
    Picked(web_sys::Blob),
    Restored(web_sys::Blob),
}

/// Imports sent to the worker and not yet answered, by request id (a worker
/// stopped mid-import never answers: its entry must not be taken for the
/// next import's); and the files of the imports it holds, by key, so the
/// one the screen bills with is the one kept in this browser.
#[derive(Default)]
pub struct Pending {
    sent: RefCell<HashMap<u64, Origin>>,
    held: RefCell<Vec<(u64, web_sys::Blob)>>,
    /// The key of the import whose file this browser keeps.
    kept: Cell<Option<u64>>,
}

impl Pending {
    /// Import `id`, about to be posted to the worker.
    pub fn push(&self, id: u64, origin: Origin) {
        self.sent.borrow_mut().insert(id, origin);
    }

    /// The worker accepted import `id` under `key`: keep it, or say it was restored.
    pub fn accepted(&self, id: u64, key: u64, store: &Store, file: &str, sessions: usize) {
        let origin = self.sent.borrow_mut().remove(&id);
        match origin {
            Some(Origin::Picked(bytes)) => {
                self.held.borrow_mut().push((key, bytes));
                self.keep(key, store, file);
            }
            Some(Origin::Restored(bytes)) => {
                self.held.borrow_mut().push((key, bytes));
                self.kept.set(Some(key));
                store.dispatch(Action::Kept(Kept::Restored {
                    file: file.to_owned(),
                    sessions,
                }))
            }
            None => {}
        }
    }

    /// Keeps import `key`'s file (named `name`) in this browser, in place
    /// of the one kept, unless it is that one: after Undo back to an import
    /// that a later one replaced, a reload reads back the import on screen.
    pub fn keep(&self, key: u64, store: &Store, name: &str) {
        if self.kept.get() == Some(key) {
            return;
        }
        let held = self.held.borrow();
        let Some(bytes) = held.iter().find(|(k, _)| *k == key).map(|(_, b)| b.clone()) else {
            return;
        };
        self.kept.set(Some(key));
        store.dispatch(Action::Kept(Kept::Saving));
        let (store, name) = (store.clone(), name.to_owned());
        wasm_bindgen_futures::spawn_local(async move {
            let size = bytes.size();
            let record = crate::idb::Record {
                name,
                kind: "sessions".into(),
                size,
                bytes,
            };
            store.dispatch(Action::Kept(match crate::idb::put(&record).await {
                Ok(()) => Kept::Saved,
                Err(why) => Kept::NotSaved(why),
            }));
        });
    }

    /// The worker let these imports go.
    pub fn let_go(&self, keys: &[u64]) {
        self.held.borrow_mut().retain(|(k, _)| !keys.contains(k));
    }

    /// Every import was let go (removed, or the worker restarted).
    pub fn let_all_go(&self) {
        self.held.borrow_mut().clear();
        self.kept.set(None);
    }

    /// The worker refused import `id`. A kept file it refuses would be
    /// refused at every start: it is deleted.
    pub fn refused(&self, id: u64, store: &Store) {
        let origin = self.sent.borrow_mut().remove(&id);
        if let Some(Origin::Restored(_)) = origin {
            store.dispatch(Action::Kept(Kept::Lost(
                "the worker could not read it again, so it was removed from this browser's storage"
                    .into(),
            )));
            wasm_bindgen_futures::spawn_local(async {
                let _ = crate::idb::delete().await;
            });
        }
    }
}
