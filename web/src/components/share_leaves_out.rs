//! Next to a share link: a large import is not in it.

use yew::prelude::*;

use crate::context::Store;
use crate::state::LargeImport;

/// Next to a share link: the large import is not in it.
#[component]
pub fn ShareLeavesOut() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    match &store.large {
        Some(LargeImport { file, sessions, .. }) => html! {
            <p class="notice" id="share-left-out">
                { format!("The link leaves out the imported {file} ({} sessions): it is too large for a link and stays in this browser. Whoever opens the link sees the invoices without it.", crate::money::count(*sessions)) }
            </p>
        },
        None => html! {},
    }
}
