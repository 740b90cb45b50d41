//! A large import kept in this browser (issue 11): after the worker accepted
//! it, its file goes into the browser's own storage (`crate::idb`), and the
//! next start imports it again, so a reload keeps the imported usage. One
//! import per browser, the one the screen bills with (after Undo back to an
//! earlier import, that one): an import in any tab replaces the one kept, and
//! "Remove the import" in any tab deletes it (tabs already open keep theirs
//! until they reload). The file never enters the autosave or a share link.

use crate::context::Store;
use crate::state::{Action, Import, Kept};

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
pub fn at_start(store: Store, bridge: crate::context::BridgeHandle, shared: bool) {
    if !shared {
        restore(store, bridge, None);
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        if let Some(r) = kept().await {
            store.dispatch(Action::Kept(Kept::Skipped(r.name)));
        }
    });
}

/// Imports the kept file again in the worker, with the progress shown,
/// held under `key` (the key it had before the worker restarted) or a new one.
pub fn restore(store: Store, bridge: crate::context::BridgeHandle, key: Option<u64>) {
    wasm_bindgen_futures::spawn_local(async move {
        let Some(record) = kept().await else {
            store.dispatch(Action::Kept(Kept::None));
            return;
        };
        store.dispatch(Action::Kept(Kept::Restoring(record.name.clone())));
        store.dispatch(Action::Import(Import::Reading(record.name.clone()), None));
        // The stored Blob itself: the worker reads it a piece at a time,
        // so the page never holds a copy of the file.
        bridge.0.import_kept(&record.name, &record.bytes, key);
    });
}

/// "Remove the import": the worker drops its copy and the browser's copy is deleted.
pub fn forget(store: &Store, bridge: Option<&crate::context::BridgeHandle>) {
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
