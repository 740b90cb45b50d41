//! Products and rates, with an illustrative public price-book preset.

use serde_json::json;
use yew::prelude::*;

use super::concurrent_rates::ConcurrentRates;
use super::field::Field;
use crate::doc::{Kind, Seg};
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
            for (id, tier, price, hourly) in PRICE_BOOK {
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
            { for ids.iter().map(|id| {
                let base = |k: &'static str| vec![Seg::Key("contract"), Seg::Key("products"), Seg::Name(id.clone()), Seg::Key(k)];
                html! {
                    <div class="product" key={id.clone()}>
                        <h3>{ id }</h3>
                        <Field label="Tier" path={base("tier")} kind={Kind::Int} input="number" />
                        <Field label="Prepay" path={base("prepay")} kind={Kind::Decimal} />
                        <Field label="Overage" path={base("overage")} kind={Kind::Decimal} />
                        <Field label="List (after term)" path={base("list")} kind={Kind::Decimal} />
                        <Field label="Hourly" path={base("hourly")} kind={Kind::Decimal} />
                        <ConcurrentRates product={id.clone()} />
                    </div>
                }
            }) }
            <button type="button" id="price-book" onclick={preset}>{"Apply public list prices (illustrative): CX1 75, CX2 115, CX3 155, CX4 240 USD"}</button>
        </fieldset>
    }
}
