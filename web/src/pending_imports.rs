//! The large imports the worker is reading, by request id, and where each
//! came from: a file just picked is kept in this browser (`crate::idb`)
//! once the worker accepts it; the kept copy that does not read is deleted.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::state::{Action, Kept, Store};

/// Where an import the worker is reading came from: a file just picked (to
/// keep once accepted) or the kept copy.
pub enum Origin {
    Picked(web_sys::Blob),
    Restored,
}

/// Imports sent to the worker and not yet answered, by request id (a worker
/// stopped mid-import never answers: its entry must not be taken for the
/// next import's).
#[derive(Default)]
pub struct Pending(RefCell<HashMap<u64, Origin>>);

impl Pending {
    /// Import `id`, about to be posted to the worker.
    pub fn push(&self, id: u64, origin: Origin) {
        self.0.borrow_mut().insert(id, origin);
    }

    /// The worker accepted import `id`: keep it, or say it was restored.
    pub fn accepted(&self, id: u64, store: &Store, file: &str, sessions: usize) {
        let origin = self.0.borrow_mut().remove(&id);
        match origin {
            Some(Origin::Picked(bytes)) => {
                store.dispatch(Action::Kept(Kept::Saving));
                let (store, name) = (store.clone(), file.to_owned());
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
            Some(Origin::Restored) => store.dispatch(Action::Kept(Kept::Restored {
                file: file.to_owned(),
                sessions,
            })),
            None => {}
        }
    }

    /// The worker refused import `id`. A kept file it refuses would be
    /// refused at every start: it is deleted.
    pub fn refused(&self, id: u64, store: &Store) {
        let origin = self.0.borrow_mut().remove(&id);
        if let Some(Origin::Restored) = origin {
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
