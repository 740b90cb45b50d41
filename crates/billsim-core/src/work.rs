//! How much pricing work was done: the (org, product) license lines priced,
//! counted per thread. Advice must be linear in orgs (R-O1); a test bounds
//! this count rather than a wall time, so it is honest on any machine.

use std::cell::Cell;

thread_local! {
    static LINES: Cell<u64> = const { Cell::new(0) };
}

/// Counts one (org, product) license line priced.
pub(crate) fn count_line() {
    LINES.with(|n| n.set(n.get().saturating_add(1)));
}

/// The (org, product) license lines priced on this thread so far.
pub fn lines_priced() -> u64 {
    LINES.with(Cell::get)
}
