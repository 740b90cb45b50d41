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

/// Saves the scenario text; a full or disabled storage is not an error worth a panel.
pub fn save(text: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, text);
    }
}
