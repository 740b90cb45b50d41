//! Products and rates, with the core's illustrative public price book
//! ([`billsim_core::price_book`]) as a preset.

use billsim_core::price_book;
use yew::prelude::*;

use super::concurrent_rates::ConcurrentRates;
use super::field::Field;
use crate::context::Store;
use crate::doc::{self, Kind, Seg};
use crate::state::Action;

/// A price-book product as the scenario JSON writes it.
fn product_json(e: &price_book::Entry) -> Option<serde_json::Value> {
    serde_json::to_value(&e.product).ok()
}

#[component]
pub fn Products() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let ids: Vec<String> = store
        .doc
        .as_ref()
        .and_then(|d| d["contract"]["products"].as_object())
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let preset = {
        let store = store.clone();
        Callback::from(move |_| {
            // One change for the four products, so one Undo brings back the negotiated rates.
            let Some(mut d) = store.doc.clone() else {
                return;
            };
            for e in price_book::entries() {
                let path = [
                    Seg::Key("contract"),
                    Seg::Key("products"),
                    Seg::Name(e.id.into()),
                ];
                doc::set(&mut d, &path, product_json(&e));
            }
            if let Ok(text) = serde_json::to_string_pretty(&d) {
                store.dispatch(Action::SetText(text));
            }
        })
    };
    let names: Vec<String> = ids
        .iter()
        .map(|id| {
            let p = store.doc.as_ref().map(|d| &d["contract"]["products"][id]);
            let tier = p.and_then(|p| p["tier"].as_u64()).unwrap_or(0);
            // The invoice's own label: the product's name, else "Cloud CX {tier}".
            match p.and_then(|p| p["name"].as_str()) {
                Some(n) => format!("{n} ({id})"),
                None => format!("Cloud CX {tier} ({id})"),
            }
        })
        .collect();
    // The next price-book product the scenario does not have yet.
    let next = price_book::entries()
        .into_iter()
        .find(|e| !ids.iter().any(|i| i == e.id));
    let add = {
        let (store, next) = (store.clone(), next.clone());
        Callback::from(move |_| {
            if let Some(e) = &next {
                let path = vec![
                    Seg::Key("contract"),
                    Seg::Key("products"),
                    Seg::Name(e.id.into()),
                ];
                store.dispatch(Action::SetField(path, product_json(e)));
            }
        })
    };
    html! {
        <fieldset class="products">
            <legend>{"Products and rates"}</legend>
            { for ids.iter().zip(&names).map(|(id, name)| {
                let remove = {
                    let (store, path) = (store.clone(), vec![Seg::Key("contract"), Seg::Key("products"), Seg::Name(id.clone())]);
                    Callback::from(move |_| store.dispatch(Action::SetField(path.clone(), None)))
                };
                let base = |k: &'static str| vec![Seg::Key("contract"), Seg::Key("products"), Seg::Name(id.clone()), Seg::Key(k)];
                html! {
                    <div class="product" key={id.clone()}>
                        <h3>{ name }</h3>
                        <Field label="Name on invoices" path={base("name")} kind={Kind::Text} />
                        <Field label="Tier" path={base("tier")} kind={Kind::Int} input="number" />
                        <Field label="Prepay" path={base("prepay")} kind={Kind::Decimal} />
                        <Field label="Overage" path={base("overage")} kind={Kind::Decimal} />
                        <Field label="List (after term)" path={base("list")} kind={Kind::Decimal} />
                        <Field label="Hourly" path={base("hourly")} kind={Kind::Decimal} />
                        <button type="button" class="remove" onclick={remove}>{ format!("Remove {name}") }</button>
                        <ConcurrentRates product={id.clone()} />
                    </div>
                }
            }) }
            if let Some(e) = &next {
                <button type="button" id="add-product" onclick={add}>{ format!("Add Cloud CX {} ({}) at list prices", e.product.tier, e.id) }</button>
            }
            <button type="button" id="price-book" onclick={preset}>{ format!("Apply public list prices (illustrative): {}", price_book::summary()) }</button>
        </fieldset>
    }
}
