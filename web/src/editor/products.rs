//! Products and rates, with an illustrative public price-book preset.

use serde_json::json;
use yew::prelude::*;

use super::concurrent_rates::ConcurrentRates;
use super::field::Field;
use crate::doc::{self, Kind, Seg};
use crate::state::Action;
use crate::Store;

/// Public list prices per named user per month (USD), for illustration only.
pub const PRICE_BOOK: [(&str, u8, &str, &str); 4] = [
    ("cx1", 1, "75.00", "0.47"),
    ("cx2", 2, "115.00", "0.72"),
    ("cx3", 3, "155.00", "0.97"),
    ("cx4", 4, "240.00", "1.50"),
];

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
            for (id, tier, price, hourly) in PRICE_BOOK {
                let path = [
                    Seg::Key("contract"),
                    Seg::Key("products"),
                    Seg::Name(id.into()),
                ];
                doc::set(
                    &mut d,
                    &path,
                    Some(
                        json!({ "tier": tier, "prepay": price, "overage": price, "list": price, "hourly": hourly }),
                    ),
                );
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
    let next = PRICE_BOOK
        .iter()
        .find(|(id, ..)| !ids.iter().any(|i| i == id))
        .copied();
    let add = {
        let store = store.clone();
        Callback::from(move |_| {
            if let Some((id, tier, price, hourly)) = next {
                let path = vec![
                    Seg::Key("contract"),
                    Seg::Key("products"),
                    Seg::Name(id.into()),
                ];
                store.dispatch(Action::SetField(path, Some(json!({ "tier": tier, "prepay": price, "overage": price, "list": price, "hourly": hourly }))));
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
            if let Some((id, tier, ..)) = next {
                <button type="button" id="add-product" onclick={add}>{ format!("Add Cloud CX {tier} ({id}) at list prices") }</button>
            }
            <button type="button" id="price-book" onclick={preset}>{"Apply public list prices (illustrative): CX1 75, CX2 115, CX3 155, CX4 240 USD"}</button>
        </fieldset>
    }
}
