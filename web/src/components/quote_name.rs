//! A saved quote's name in the Quotes list, renamed on change.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct QuoteNameProps {
    /// The quote's name.
    pub name: String,
    /// Renames it.
    pub onchange: Callback<Event>,
}

/// A quote's name, renamed on change. What is being typed is kept until
/// then: a bill arriving from the worker re-renders the tab mid-typing.
#[component]
pub fn QuoteName(p: &QuoteNameProps) -> Html {
    let (typing, oninput) = crate::editor::field::use_typing();
    let onchange = {
        let (typing, rename) = (typing.clone(), p.onchange.clone());
        Callback::from(move |e: Event| {
            typing.set(None);
            rename.emit(e);
        })
    };
    let value = (*typing).clone().unwrap_or_else(|| p.name.clone());
    html! {
        <input aria-label={format!("Name of quote {}", p.name)} {value} {oninput} {onchange} />
    }
}
