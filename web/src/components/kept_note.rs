//! What the page says about a large import kept in this browser
//! (`crate::kept`): under the header at start and in the import section
//! (next to a share link: `share_leaves_out`).

use yew::prelude::*;

use crate::context::Store;
use crate::state::Kept;

/// The import section's words on whether a reload keeps the import.
pub fn hint(kept: &Kept) -> Html {
    let words = match kept {
        Kept::Saving => "Keeping it in this browser's storage\u{2026}".to_owned(),
        Kept::Saved | Kept::Restored { .. } => {
            "It is kept in this browser's storage, so a reload restores it (one import per browser: an import in another tab replaces it).".to_owned()
        }
        Kept::NotSaved(why) => {
            format!("It was not kept in this browser's storage ({why}): it works in this tab until you reload, then it is gone.")
        }
        Kept::None | Kept::Restoring(_) | Kept::Lost(_) | Kept::Skipped(_) => String::new(),
    };
    html! { <span id="import-kept">{ words }</span> }
}

/// The status line under the header: restoring the kept import at start
/// (with its progress), restored, or why it could not be.
#[component]
pub fn KeptNote() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let bridge = use_context::<Option<crate::context::BridgeHandle>>().flatten();
    match &store.kept {
        Kept::Skipped(file) => {
            let apply = {
                let (store, bridge) = (store.clone(), bridge.clone());
                Callback::from(move |_| {
                    if let Some(b) = &bridge {
                        crate::kept::restore(store.clone(), b.clone(), None);
                    }
                })
            };
            let remove = {
                let (store, bridge) = (store.clone(), bridge.clone());
                Callback::from(move |_| crate::kept::forget(&store, bridge.as_ref()))
            };
            html! {
                <p class="notice" id="kept-note" role="status">
                    { format!("{file} is kept in this browser's storage but was not applied to this shared scenario (it would replace the link's usage); a reload applies it. ") }
                    <button type="button" onclick={apply}>{ format!("Apply {file}") }</button>
                    {" "}
                    <button type="button" onclick={remove}>{"Remove it from this browser"}</button>
                </p>
            }
        }
        Kept::Restoring(file) => html! {
            <p class="notice" id="kept-note" role="status">
                { format!("Restoring {file} from this browser's storage ") }
                if let Some(x) = store.progress {
                    <progress aria-label="Restore progress" max="1" value={x.to_string()}></progress>
                } else {
                    <progress aria-label="Restore progress"></progress>
                }
            </p>
        },
        Kept::Restored { file, sessions } => html! {
            <p class="notice" id="kept-note" role="status">
                { format!("Imported usage restored from this browser's storage: {file}, {} sessions.", crate::money::count(*sessions)) }
            </p>
        },
        Kept::Lost(why) => html! {
            <p class="notice error" id="kept-note" role="alert">
                { format!("The import kept in this browser was not restored: {why}.") }
            </p>
        },
        Kept::NotSaved(why) if store.large.is_none() => html! {
            <p class="notice error" id="kept-note" role="alert">{ format!("{why}.") }</p>
        },
        _ => html! {},
    }
}
