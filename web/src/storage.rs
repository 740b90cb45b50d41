//! Autosave: the scenario text in localStorage, so a reload restores it.

/// The autosave's key (another tab's save arrives as a storage event for it).
pub const KEY: &str = "billsim.scenario.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved scenario text, if any.
pub fn load() -> Option<String> {
    storage()?.get_item(KEY).ok()?
}

/// Saves the scenario text; `false` when the browser would not keep it
/// (over its storage quota, or storage turned off), so the page can say
/// that a reload would not bring it back.
pub fn save(text: &str) -> bool {
    storage().is_some_and(|s| s.set_item(KEY, text).is_ok())
}

/// The key that says the kept large import was set aside by Undo when the
/// page was left (a reload reads it back, but bills without it).
const IMPORT_ASIDE: &str = "billsim.import-aside.v1";

/// Whether the kept import was set aside when the page was left.
pub fn import_aside() -> bool {
    storage()
        .and_then(|s| s.get_item(IMPORT_ASIDE).ok().flatten())
        .is_some()
}

/// Notes whether a held large import is set aside by Undo.
pub fn set_import_aside(aside: bool) {
    if let Some(s) = storage() {
        let _ = if aside {
            s.set_item(IMPORT_ASIDE, "1")
        } else {
            s.remove_item(IMPORT_ASIDE)
        };
    }
}
