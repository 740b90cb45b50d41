//! The commitment schedule as editable steps.

use serde_json::json;
use yew::prelude::*;

use super::field::Field;
use crate::doc::{Kind, Seg};
use crate::state::Action;
use crate::Store;

#[component]
pub fn Commitments() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let n = store
        .doc
        .as_ref()
        .and_then(|d| d["contract"]["commitments"].as_array())
        .map_or(0, Vec::len);
    let first_product = store
        .doc
        .as_ref()
        .and_then(|d| d["contract"]["products"].as_object())
        .and_then(|m| m.keys().next().cloned())
        .unwrap_or_default();
    let add = {
        let store = store.clone();
        Callback::from(move |_| {
            store.dispatch(Action::Push(
                vec![Seg::Key("contract"), Seg::Key("commitments")],
                json!({ "product": first_product, "from_cycle": 0, "quantity": "0" }),
            ));
        })
    };
    html! {
        <fieldset class="commitments">
            <legend>{"Commitment steps"}</legend>
            { for (0..n).map(|i| {
                let base = |k: &'static str| vec![Seg::Key("contract"), Seg::Key("commitments"), Seg::Idx(i), Seg::Key(k)];
                let remove = {
                    let store = store.clone();
                    Callback::from(move |_| store.dispatch(Action::SetField(vec![Seg::Key("contract"), Seg::Key("commitments"), Seg::Idx(i)], None)))
                };
                html! {
                    <div class="step">
                        <Field label="Product" path={base("product")} kind={Kind::Text} />
                        <Field label="From cycle" path={base("from_cycle")} kind={Kind::Int} input="number" />
                        <Field label="Quantity" path={base("quantity")} kind={Kind::Decimal} />
                        <button type="button" class="remove" aria-label={format!("Remove step {}", i + 1)} onclick={remove}>{"Remove"}</button>
                    </div>
                }
            }) }
            <button type="button" id="add-step" onclick={add}>{"Add a step"}</button>
        </fieldset>
    }
}
