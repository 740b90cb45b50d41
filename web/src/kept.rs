//! A large import kept in this browser (issue 11): after the worker accepted
//! it, its file goes into the browser's own storage (`crate::idb`), and the
//! next start imports it again, so a reload keeps the imported usage. One
//! import per browser: an import in any tab replaces the one kept, and
//! "Remove the import" in any tab deletes it (tabs already open keep theirs
//! until they reload). The file never enters the autosave or a share link.

use std::cell::RefCell;
use std::collections::HashMap;

use wasm_bindgen_futures::JsFuture;

use crate::state::{Action, Import, Kept};
use crate::Store;

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

/// The kept sessions file, if any (storage unavailable: nothing was put in either).
async fn kept() -> Option<crate::idb::Record> {
    crate::idb::load()
        .await
        .ok()
        .flatten()
        .filter(|r| r.kind == "sessions")
}

/// At start: the kept file is imported again; over a shared scenario it is
/// only mentioned (it would replace the sessions the link carries).
pub fn at_start(store: Store, bridge: crate::BridgeHandle, shared: bool) {
    if !shared {
        restore(store, bridge);
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(r) = kept().await {
            store.dispatch(Action::Kept(Kept::Skipped(r.name)));
        }
    });
}

/// Imports the kept file again in the worker, with the progress shown.
pub fn restore(store: Store, bridge: crate::BridgeHandle) {
    wasm_bindgen_futures::spawn_local(async move {
        let Some(record) = kept().await else {
            store.dispatch(Action::Kept(Kept::None));
            return;
        };
        store.dispatch(Action::Kept(Kept::Restoring(record.name.clone())));
        store.dispatch(Action::Import(Import::Reading(record.name.clone()), None));
        match JsFuture::from(record.bytes.array_buffer()).await {
            Ok(buf) => {
                bridge.0.import_kept(&record.name, buf.into());
            }
            Err(_) => {
                store.dispatch(Action::Import(Import::None, None));
                store.dispatch(Action::Kept(Kept::Lost(
                    "the browser could not read it back from its storage".into(),
                )));
            }
        }
    });
}

/// "Remove the import": the worker drops its copy and the browser's copy is deleted.
pub fn forget(store: &Store, bridge: Option<&crate::BridgeHandle>) {
    if let Some(b) = bridge {
        b.0.clear();
    }
    store.dispatch(Action::ClearLarge);
    let store = store.clone();
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(why) = crate::idb::delete().await {
            store.dispatch(Action::Kept(Kept::NotSaved(format!(
                "the copy kept in this browser could not be deleted ({why}): a reload may bring it back"
            ))));
        }
    });
}
