//! A product's optional rates under the concurrent model (format "Per-model
//! rates"): the vendor prices a concurrent license above a named one. Shown
//! folded, since most scenarios have one set of rates.

use yew::prelude::*;

use super::field::Field;
use crate::context::Store;
use crate::doc::{Kind, Seg};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct ConcurrentRatesProps {
    pub product: String,
}

#[component]
pub fn ConcurrentRates(p: &ConcurrentRatesProps) -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let base = vec![
        Seg::Key("contract"),
        Seg::Key("products"),
        Seg::Name(p.product.clone()),
        Seg::Key("concurrent"),
    ];
    let at = |k: &'static str| {
        let mut v = base.clone();
        v.push(Seg::Key(k));
        v
    };
    let present = store.doc.as_ref().is_some_and(|d| {
        d["contract"]["products"][p.product.as_str()]
            .get("concurrent")
            .is_some()
    });
    // Emptying the fields one by one would leave `concurrent: {}`, which the
    // engine reads as rates left out (an error under the concurrent model):
    // removing the whole object is one button.
    let remove = {
        let (store, base) = (store.clone(), base.clone());
        Callback::from(move |_| store.dispatch(Action::SetField(base.clone(), None)))
    };
    html! {
        <details class="concurrent-rates" open={present}>
            <summary>{ format!("Concurrent rates of {} (optional, above the named rates)", p.product) }</summary>
            <Field label="Concurrent prepay" path={at("prepay")} kind={Kind::Decimal} />
            <Field label="Concurrent overage" path={at("overage")} kind={Kind::Decimal} />
            <Field label="Concurrent list" path={at("list")} kind={Kind::Decimal} />
            if present {
                <button type="button" class="remove-concurrent" onclick={remove}>{ format!("Remove the concurrent rates of {}", p.product) }</button>
            }
        </details>
    }
}
