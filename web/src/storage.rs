//! Autosave: the scenario text in the browser's storage, so a reload
//! restores it. Each tab keeps its own copy (sessionStorage survives a
//! reload of that tab only), so two tabs never reload into each other's
//! work; localStorage holds the last text saved by any tab, for a new tab.

/// The autosave's key (another tab's save arrives as a storage event for it).
pub const KEY: &str = "billsim.scenario.v1";

/// The last text that read as JSON, kept only while the autosaved text does
/// not: a reload over broken text can still go back to the work before it.
const GOOD: &str = "billsim.scenario.good.v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn this_tab() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn get(s: Option<web_sys::Storage>, key: &str) -> Option<String> {
    s?.get_item(key).ok()?
}

/// What this tab's fields hold that the scenario could not take ("75,5"),
/// kept over a reload like the text ([`crate::state::saved_drafts`]).
const DRAFTS: &str = "billsim.drafts.v1";

/// The values typed that the scenario could not take, as last saved in
/// this tab: a record per field of its path, the text typed and the message.
pub fn drafts() -> String {
    get(this_tab(), DRAFTS).unwrap_or_default()
}

/// Saves this tab's values that the scenario could not take
/// ([`crate::state::saved_drafts`]).
pub fn set_drafts(saved: &str) {
    if let Some(s) = this_tab() {
        let _ = s.set_item(DRAFTS, saved);
    }
}

/// The saved scenario text, if any: this tab's own first.
pub fn load() -> Option<String> {
    get(this_tab(), KEY).or_else(|| get(storage(), KEY))
}

/// The last text that billed (this tab's own first): a reload over a text
/// that does not bill offers it as Undo.
pub fn load_good() -> Option<String> {
    get(this_tab(), GOOD).or_else(|| get(storage(), GOOD))
}

/// Notes `text` as the last that billed.
pub fn save_good(text: &str) {
    for s in [this_tab(), storage()].into_iter().flatten() {
        if get(Some(s.clone()), GOOD).as_deref() != Some(text) {
            let _ = s.set_item(GOOD, text);
        }
    }
}

/// Saves the scenario text; `false` when
/// the browser would not keep it (over its storage quota, or storage turned
/// off), so the page can say that a reload would not bring it back.
pub fn save(text: &str) -> bool {
    // A reload saves what this tab already holds: other tabs are not told.
    if get(this_tab(), KEY).as_deref() == Some(text) {
        return true;
    }
    publish(text)
}

/// Saves the text in this tab and for every tab, even when this tab had it.
pub fn publish(text: &str) -> bool {
    let tab = this_tab().is_some_and(|s| keep(&s, text));
    storage().is_some_and(|s| keep(&s, text)) || tab
}

fn keep(s: &web_sys::Storage, text: &str) -> bool {
    // The work itself comes before the copy Undo goes back to after a
    // reload: when both do not fit, the copy makes room.
    s.set_item(KEY, text).is_ok() || (s.remove_item(GOOD).is_ok() && s.set_item(KEY, text).is_ok())
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

/// The Check a bill dates, kept with its files (`crate::idb`) so that a
/// reload checks them as they were: "period|as_of".
const CHECK_DATES: &str = "billsim.check-dates.v1";

/// The bill check's dates (period, as of) as last set in this browser.
pub fn check_dates() -> (String, String) {
    let kept = storage()
        .and_then(|s| s.get_item(CHECK_DATES).ok().flatten())
        .unwrap_or_default();
    let (period, as_of) = kept.split_once('|').unwrap_or_default();
    (period.to_owned(), as_of.to_owned())
}

/// Keeps the bill check's dates.
pub fn set_check_dates(period: &str, as_of: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(CHECK_DATES, &format!("{period}|{as_of}"));
    }
}
