//! Work spread over every core where there are threads (the `parallel`
//! feature, native builds: the CLI), done in order elsewhere (wasm has no
//! threads). Either way the results come back in order, so what is built
//! from them does not depend on the number of cores.

pub(crate) use imp::{count, join, map};

#[cfg(all(feature = "parallel", not(target_arch = "wasm32")))]
mod imp {
    use rayon::prelude::*;

    /// `a` and `b`, side by side.
    pub(crate) fn join<RA: Send, RB: Send>(
        a: impl FnOnce() -> RA + Send,
        b: impl FnOnce() -> RB + Send,
    ) -> (RA, RB) {
        rayon::join(a, b)
    }

    /// `f` of every item, in the items' order.
    pub(crate) fn map<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync + Send) -> Vec<U> {
        items.into_par_iter().map(f).collect()
    }

    /// The threads work is spread over.
    pub(crate) fn count() -> usize {
        rayon::current_num_threads()
    }
}

/// The same, one after the other (the same bounds, so code that builds
/// here builds with threads too).
#[cfg(not(all(feature = "parallel", not(target_arch = "wasm32"))))]
mod imp {
    pub(crate) fn join<RA: Send, RB: Send>(
        a: impl FnOnce() -> RA + Send,
        b: impl FnOnce() -> RB + Send,
    ) -> (RA, RB) {
        (a(), b())
    }

    pub(crate) fn map<T: Send, U: Send>(items: Vec<T>, f: impl Fn(T) -> U + Sync + Send) -> Vec<U> {
        items.into_iter().map(f).collect()
    }

    pub(crate) fn count() -> usize {
        1
    }
}
