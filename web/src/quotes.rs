//! Named quotes kept in this browser (localStorage): several scenarios a
//! sales engineer can list, rename, duplicate, delete and compare. Every
//! change reads the list afresh and writes it back at once, so two tabs
//! never overwrite each other's quotes.

use serde::{Deserialize, Serialize};

const KEY: &str = "billsim.quotes.v1";

/// One saved quote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// Unique within the list; stays when the quote is renamed.
    pub id: u64,
    /// What the user calls it.
    pub name: String,
    /// The scenario JSON text.
    pub text: String,
    /// When it was saved (ISO 8601, UTC).
    pub saved: String,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Every saved quote, oldest first. A list that does not parse is left in
/// storage untouched (and shown as empty) rather than overwritten.
#[inline(never)]
pub fn load() -> Result<Vec<Quote>, String> {
    let Some(text) = storage().and_then(|s| s.get_item(KEY).ok().flatten()) else {
        return Ok(Vec::new());
    };
    serde_json::from_str(&text).map_err(|e| format!("the saved quotes could not be read ({e})"))
}

/// Applies `change` to the stored list and saves it; the list as saved.
pub fn update(change: impl FnOnce(&mut Vec<Quote>)) -> Result<Vec<Quote>, String> {
    let mut list = load()?;
    change(&mut list);
    store(list)
}

/// Writes the list back (apart from [`update`], so its callers share one copy).
#[inline(never)]
fn store(list: Vec<Quote>) -> Result<Vec<Quote>, String> {
    let text = serde_json::to_string(&list).map_err(|e| e.to_string())?;
    let s = storage().ok_or("this browser does not keep data for this page")?;
    s.set_item(KEY, &text).map_err(|_| {
        "the browser's storage for this page is full: delete a quote or download it".to_owned()
    })?;
    Ok(list)
}

/// Keeps `text` as a new quote named `name` (unless a quote already holds
/// that very text), so a version about to be replaced stays one click away.
pub fn keep(name: &str, text: &str) -> Result<(), String> {
    update(|list| {
        if list.iter().all(|q| q.text != text) {
            let id = next_id(list);
            list.push(Quote {
                id,
                name: name.to_owned(),
                text: text.to_owned(),
                saved: now(),
            });
        }
    })
    .map(|_| ())
}

/// Keeps `text`, about to be replaced by `what`, as the quote "Before
/// {what} (time UTC)" unless a quote holds it already: a reload ends the
/// Undo history, never the work. The words saying so, for a notice.
pub fn keep_before(what: &str, text: &str) -> &'static str {
    match keep(&format!("Before {what} ({} UTC)", stamp()), text) {
        Ok(()) => " It is kept in Quotes too.",
        Err(_) => "",
    }
}

/// Now to the minute, as quote names say it: "2026-12-07 14:35".
pub fn stamp() -> String {
    now().get(..16).unwrap_or_default().replace('T', " ")
}

/// An id not in `list`.
pub fn next_id(list: &[Quote]) -> u64 {
    list.iter().map(|q| q.id).max().map_or(1, |m| m + 1)
}

/// Now, as saved in a quote.
pub fn now() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

/// Today, `YYYY-MM-DD` (UTC), as a printed quote is dated.
pub fn today() -> String {
    now().chars().take(10).collect()
}
