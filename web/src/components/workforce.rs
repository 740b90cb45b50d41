//! The workforce profiles in the Scenario form: each profile's org, working
//! days, shifts, handover, product mix, absence and growth, with add and
//! remove. Its day is charted on the Usage tab ([`super::day_chart`]).

use yew::prelude::*;

use crate::context::Store;
use crate::doc::{Kind, Seg};
use crate::editor::field::Field;
use crate::editor::list::ListEditor;
use crate::state::Action;

#[component]
pub fn Workforce() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    // The profiles as typed; the chart is the worker's, drawn with the last
    // bill for the first profile. Text that is not JSON has no profile to
    // show or add to (the form says so).
    let Some(doc) = &store.doc else {
        return html! {};
    };
    let profiles = doc["usage"]["profiles"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let products: Vec<String> = doc["contract"]["products"]
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let first_org = doc["orgs"][0]["id"].as_str().map(AttrValue::from);
    let add = {
        let store = store.clone();
        let product = products.first().cloned().unwrap_or_default();
        let n = profiles.len();
        Callback::from(move |_| {
            let mut v = crate::doc::template(
                r#"{"id":"","mix":{},"shifts":[{"start":"08:00","minutes":480,"agents":10},{"start":"16:00","minutes":480,"agents":10}],"handover_minutes":10}"#,
            );
            v["id"] = if n == 0 {
                "agent".to_owned()
            } else {
                format!("agent{}", n + 1)
            }
            .into();
            v["mix"][product.as_str()] = "1".into();
            store.dispatch(Action::Push(
                vec![Seg::Key("usage"), Seg::Key("profiles")],
                v,
            ))
        })
    };
    let profile = |i: usize, id: &str| {
        let base = |k: &'static str| {
            vec![
                Seg::Key("usage"),
                Seg::Key("profiles"),
                Seg::Idx(i),
                Seg::Key(k),
            ]
        };
        let mix = crate::doc::dotted(&base("mix"));
        let remove = {
            let store = store.clone();
            Callback::from(move |_| {
                store.dispatch(Action::SetField(
                    vec![Seg::Key("usage"), Seg::Key("profiles"), Seg::Idx(i)],
                    None,
                ))
            })
        };
        html! {
            <fieldset class="profile">
                <legend>{ format!("Workforce profile \"{id}\"") }</legend>
                <Field label="Org" path={base("org")} kind={Kind::Text} default={first_org.clone()} />
                <Field label="Working days (mon, tue, …)" path={base("days")} kind={Kind::Words} default={AttrValue::Static("mon, tue, wed, thu, fri")} />
                <ListEditor legend="Shifts" noun="shift" path={base("shifts")}
                    template={crate::doc::template(r#"{"start":"08:00","minutes":480,"agents":10}"#)}
                    columns={vec![("start", "Start (UTC)", Kind::Text, "time"), ("minutes", "Minutes", Kind::Int, "number"), ("agents", "Agents", Kind::Int, "number")]} />
                <Field label="Handover overlap (minutes)" path={base("handover_minutes")} kind={Kind::Int} input="number" />
                <fieldset class="mix">
                    <legend>{"Product mix"}</legend>
                    { for products.iter().map(|pr| {
                        let mut path = base("mix");
                        path.push(Seg::Name(pr.clone()));
                        html! { <Field label={format!("Share of agents at {pr} (0 to 1)")} {path} kind={Kind::Decimal} /> }
                    }) }
                    // The shares together are wrong (they must sum to 1): said
                    // here, beside them, as no one share's field holds it.
                    if let Some(r) = store.error.as_ref().filter(|r| r.path == mix) {
                        <p class="field-error" role="alert">{ crate::editor::field::in_words("Product mix", &mix, &r.message, "") }</p>
                    }
                </fieldset>
                <Field label="Absence rate" path={base("absence")} kind={Kind::Decimal} />
                <Field label="Growth per cycle" path={base("growth")} kind={Kind::Decimal} />
                <button type="button" class="remove" onclick={remove}>{ format!("Remove workforce profile \"{id}\"") }</button>
            </fieldset>
        }
    };
    html! {
        <section class="workforce" id="workforce">
            <h2>{"Workforce"}</h2>
            if profiles.is_empty() {
                <p>{"No workforce profile in this scenario."}</p>
            }
            { for profiles.iter().enumerate().map(|(i, p)| profile(i, p["id"].as_str().unwrap_or_default())) }
            <button type="button" onclick={add}>{"Add a workforce profile"}</button>
        </section>
    }
}
