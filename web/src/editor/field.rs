//! One labelled input bound to a path in the scenario document, showing the
//! engine's own message when that path is wrong.

use yew::prelude::*;

use crate::doc::{self, Kind, Seg};
use crate::state::Action;
use crate::Store;

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub label: AttrValue,
    pub path: Vec<Seg>,
    pub kind: Kind,
    /// `text`, `number`, `date`; ignored when `options` are given.
    #[prop_or(AttrValue::Static("text"))]
    pub input: AttrValue,
    /// A select's (value, label) pairs.
    #[prop_or_default]
    pub options: Vec<(&'static str, &'static str)>,
}

#[component]
pub fn Field(p: &FieldProps) -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let value = store
        .doc
        .as_ref()
        .map(|d| doc::shown(d, &p.path, p.kind))
        .unwrap_or_default();
    let dotted = doc::dotted(&p.path);
    let id = format!("f-{}", dotted.replace(['.', '[', ']'], "-"));
    let error = store.error_at(&dotted).map(str::to_owned);
    let onchange = {
        let (store, path, kind) = (store.clone(), p.path.clone(), p.kind);
        Callback::from(move |e: Event| {
            let v = e
                .target_dyn_into::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|| {
                    e.target_dyn_into::<web_sys::HtmlSelectElement>()
                        .map(|s| s.value())
                })
                .unwrap_or_default();
            store.dispatch(Action::SetField(path.clone(), doc::value_of(kind, &v)));
        })
    };
    let control = if p.options.is_empty() {
        html! { <input id={id.clone()} type={p.input.clone()} value={value} data-path={dotted.clone()} {onchange}
        aria-invalid={error.is_some().to_string()} /> }
    } else {
        html! {
            <select id={id.clone()} data-path={dotted.clone()} {onchange} aria-invalid={error.is_some().to_string()}>
                // A value the list does not offer (typed in the JSON) still shows, so the engine's message about it reads right.
                if !value.is_empty() && !p.options.iter().any(|(v, _)| *v == value) {
                    <option value={value.clone()} selected=true>{ value.clone() }</option>
                }
                { for p.options.iter().map(|(v, l)| html! { <option value={*v} selected={*v == value}>{ *l }</option> }) }
            </select>
        }
    };
    html! {
        <div class={classes!("field", error.is_some().then_some("bad"))}>
            <label for={id}>{ p.label.clone() }</label>
            { control }
            if let Some(msg) = error {
                <p class="field-error" role="alert">{ msg }</p>
            }
        </div>
    }
}
