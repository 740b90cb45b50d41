//! What the App hands every component through Yew's context: the state
//! (`Store`) and the background worker (`BridgeHandle`). A module of its
//! own, so components do not import the App's file.

use yew::{Callback, MouseEvent};

/// The state shared with every component.
pub use crate::state::Store;

/// The background worker, shared with the components that ask it.
#[derive(Clone)]
pub struct BridgeHandle(pub std::rc::Rc<crate::bridge::Bridge>);

impl PartialEq for BridgeHandle {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A Stop button's handler: ends the worker's question in hand.
pub fn on_stop(bridge: Option<BridgeHandle>) -> Callback<MouseEvent> {
    Callback::from(move |_| {
        if let Some(b) = &bridge {
            b.0.stop();
        }
    })
}
