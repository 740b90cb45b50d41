//! The browser's own database (IndexedDB), as awaitable calls: keep a file,
//! load it back, delete it. One import per browser (see `crate::kept`), and
//! one list of the vendor files Check a bill was given.
//! Every failure comes back in words, never a panic: private windows, storage
//! turned off and a full disk are ordinary here.

use std::cell::RefCell;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, DomException, IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransaction,
    IdbTransactionMode,
};

const DB: &str = "billsim";
const VERSION: u32 = 1;
const STORE: &str = "imports";
/// The one import record: a second import replaces the first (in any tab).
const KEY: &str = "sessions";
/// The vendor files Check a bill was given, in order (one list per browser).
const VENDOR: &str = "vendor-files";

/// A kept file: its name, what it is (`"sessions"`), its size in bytes, and its bytes.
pub struct Record {
    pub name: String,
    pub kind: String,
    pub size: f64,
    pub bytes: Blob,
}

thread_local! {
    /// The open connection, reused so each call's transaction starts in call order.
    static OPEN: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

/// A browser error in the user's words.
fn words(e: &JsValue) -> String {
    match e.dyn_ref::<DomException>() {
        Some(d) => match d.name().as_str() {
            "QuotaExceededError" => "this browser has no room left for it (its storage quota is used up)".into(),
            "InvalidStateError" | "SecurityError" | "UnknownError" => {
                "this browser does not allow storing it here (a private window, or site storage turned off)".into()
            }
            "NotReadableError" => "the file could not be read again from disk".into(),
            _ => format!("the browser's storage refused it ({}: {})", d.name(), d.message()),
        },
        None => "the browser's storage is not available here".into(),
    }
}

/// Resolves with the request's result, or its error in words.
async fn settle(req: &IdbRequest) -> Result<JsValue, String> {
    let mut handlers = None;
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let r = req.clone();
        let ok = Closure::<dyn FnMut()>::new(move || {
            let _ = resolve.call1(&JsValue::NULL, &r.result().unwrap_or(JsValue::UNDEFINED));
        });
        let r = req.clone();
        let bad = Closure::<dyn FnMut()>::new(move || {
            let e = r
                .error()
                .ok()
                .flatten()
                .map_or(JsValue::UNDEFINED, JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        req.set_onsuccess(Some(ok.as_ref().unchecked_ref()));
        req.set_onerror(Some(bad.as_ref().unchecked_ref()));
        handlers = Some((ok, bad));
    });
    let out = JsFuture::from(promise).await.map_err(|e| words(&e));
    req.set_onsuccess(None);
    req.set_onerror(None);
    drop(handlers);
    out
}

/// Resolves when the transaction is written to disk, or with why it was not
/// (a full quota shows here, as an abort, not on the request).
async fn committed(tx: &IdbTransaction) -> Result<(), String> {
    let mut handlers = None;
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let done = Closure::<dyn FnMut()>::new(move || {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let t = tx.clone();
        let failed = Closure::<dyn FnMut()>::new(move || {
            let e = t.error().map_or(JsValue::UNDEFINED, JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        tx.set_oncomplete(Some(done.as_ref().unchecked_ref()));
        tx.set_onabort(Some(failed.as_ref().unchecked_ref()));
        tx.set_onerror(Some(failed.as_ref().unchecked_ref()));
        handlers = Some((done, failed));
    });
    let out = JsFuture::from(promise)
        .await
        .map(|_| ())
        .map_err(|e| words(&e));
    tx.set_oncomplete(None);
    tx.set_onabort(None);
    tx.set_onerror(None);
    drop(handlers);
    out
}

/// The database, opened (and created) once per page.
async fn open() -> Result<IdbDatabase, String> {
    if let Some(db) = OPEN.with(|o| o.borrow().clone()) {
        return Ok(db);
    }
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or_else(|| words(&JsValue::UNDEFINED))?;
    let req: IdbOpenDbRequest = factory.open_with_u32(DB, VERSION).map_err(|e| words(&e))?;
    let upgrade = {
        let r = req.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Ok(db) = r.result().and_then(|d| d.dyn_into::<IdbDatabase>()) {
                if !db.object_store_names().contains(STORE) {
                    let _ = db.create_object_store(STORE);
                }
            }
        })
    };
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let opened = settle(&req).await;
    req.set_onupgradeneeded(None);
    let db: IdbDatabase = opened?.dyn_into().map_err(|_| words(&JsValue::UNDEFINED))?;
    // A later version opened in another tab must not wait on this one.
    let closing = {
        let d = db.clone();
        Closure::<dyn FnMut()>::new(move || {
            d.close();
            OPEN.with(|o| *o.borrow_mut() = None);
        })
    };
    db.set_onversionchange(Some(closing.as_ref().unchecked_ref()));
    closing.forget();
    OPEN.with(|o| *o.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// A transaction on the one store, and the store.
async fn store(
    mode: IdbTransactionMode,
) -> Result<(IdbTransaction, web_sys::IdbObjectStore), String> {
    let db = open().await?;
    let tx = db
        .transaction_with_str_and_mode(STORE, mode)
        .map_err(|e| words(&e))?;
    let store = tx.object_store(STORE).map_err(|e| words(&e))?;
    Ok((tx, store))
}

/// Keeps a file in place of the one kept before.
pub async fn put(record: &Record) -> Result<(), String> {
    let o = Object::new();
    for (k, v) in [
        ("name", JsValue::from_str(&record.name)),
        ("kind", JsValue::from_str(&record.kind)),
        ("size", JsValue::from_f64(record.size)),
        ("bytes", record.bytes.clone().into()),
    ] {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
    }
    let (tx, store) = store(IdbTransactionMode::Readwrite).await?;
    store
        .put_with_key(&o, &JsValue::from_str(KEY))
        .map_err(|e| words(&e))?;
    committed(&tx).await
}

/// The kept file, if there is one.
pub async fn load() -> Result<Option<Record>, String> {
    let (_tx, store) = store(IdbTransactionMode::Readonly).await?;
    let req = store.get(&JsValue::from_str(KEY)).map_err(|e| words(&e))?;
    let v = settle(&req).await?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    let field = |k: &str| Reflect::get(&v, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    // A record this version did not write (or a damaged one) is as good as none.
    let Ok(bytes) = field("bytes").dyn_into::<Blob>() else {
        return Ok(None);
    };
    Ok(Some(Record {
        name: field("name").as_string().unwrap_or_default(),
        kind: field("kind").as_string().unwrap_or_default(),
        size: field("size").as_f64().unwrap_or_else(|| bytes.size()),
        bytes,
    }))
}

/// Deletes the kept file (nothing kept is not an error).
pub async fn delete() -> Result<(), String> {
    let (tx, store) = store(IdbTransactionMode::Readwrite).await?;
    store
        .delete(&JsValue::from_str(KEY))
        .map_err(|e| words(&e))?;
    committed(&tx).await
}

/// Changes the kept list of vendor files (the browser's own `File`s, in
/// order): drops those named in `remove` and puts `add` last, replacing
/// one of its name. Read and written in one transaction, so two tabs
/// adding and removing files each keep the other's.
pub async fn change_vendor_files(
    add: Option<web_sys::File>,
    remove: Vec<String>,
) -> Result<(), String> {
    let (tx, store) = store(IdbTransactionMode::Readwrite).await?;
    let key = JsValue::from_str(VENDOR);
    let req = store.get(&key).map_err(|e| words(&e))?;
    let mut list = files_of(settle(&req).await?);
    list.retain(|f| {
        let name = f.name();
        !remove.contains(&name) && add.as_ref().is_none_or(|a| a.name() != name)
    });
    list.extend(add);
    if list.is_empty() {
        store.delete(&key).map_err(|e| words(&e))?;
    } else {
        let list: js_sys::Array = list.iter().collect();
        store.put_with_key(&list, &key).map_err(|e| words(&e))?;
    }
    committed(&tx).await
}

/// The files in a kept list (none when it is not one).
fn files_of(v: JsValue) -> Vec<web_sys::File> {
    if !js_sys::Array::is_array(&v) {
        return Vec::new();
    }
    v.unchecked_into::<js_sys::Array>()
        .iter()
        .filter_map(|f| f.dyn_into::<web_sys::File>().ok())
        .collect()
}

/// The vendor files kept, in order (none when nothing readable is kept).
pub async fn vendor_files() -> Result<Vec<web_sys::File>, String> {
    let (_tx, store) = store(IdbTransactionMode::Readonly).await?;
    let req = store
        .get(&JsValue::from_str(VENDOR))
        .map_err(|e| words(&e))?;
    Ok(files_of(settle(&req).await?))
}
