//! A bill is posted to the worker as soon as the reducer asks for one
//! (issue 21): posted from the effect that runs after the page is drawn,
//! every edit drew the whole page before the worker could start.

use std::cell::RefCell;

use crate::protocol::Compare;

/// Posts a bill: request id, scenario text, comparison, held import.
type Post = Box<dyn Fn(u64, &str, Compare, Option<u64>)>;

thread_local! {
    static POST: RefCell<Option<Post>> = RefCell::new(None);
}

/// From now on, bills go to `post` (the App's worker bridge).
pub fn set(post: impl Fn(u64, &str, Compare, Option<u64>) + 'static) {
    POST.with(|p| *p.borrow_mut() = Some(Box::new(post)));
}

/// Posts bill `id` of `text` now, if a worker is there (the App's effect
/// posts it after the render otherwise; the bridge sends an id once).
pub fn bill(id: u64, text: &str, compare: Compare, import: Option<u64>) {
    POST.with(|p| {
        if let Some(post) = &*p.borrow() {
            post(id, text, compare, import);
        }
    });
}
