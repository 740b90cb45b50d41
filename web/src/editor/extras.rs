//! The rest of the contract and the forecasts, as lists and fields.

use yew::prelude::*;

use super::field::Field;
use std::rc::Rc;

use super::list::{ListEditor, Nested};
use crate::doc::{keys as p, Kind};

#[component]
pub fn Extras() -> Html {
    let store = use_context::<crate::context::Store>();
    let bridge = use_context::<Option<crate::context::BridgeHandle>>().flatten();
    // The worker's session finds a row the engine bills, then the row is added.
    let add_forecast = store.zip(bridge).map(|(s, b)| {
        Callback::from(move |()| {
            let s2 = s.clone();
            b.0.ask(
                crate::protocol::Forecast {
                    text: s.text.to_string(),
                },
                Callback::from(move |row: Option<billsim_core::scenario::Quantity>| {
                    let row = row.and_then(|q| serde_json::to_value(q).ok());
                    s2.dispatch(crate::state::Action::AddForecast(row))
                }),
            );
        })
    });
    html! {
        <>
        <ListEditor legend="Add-ons (CX1/CX2 users)" noun="add-on" path={p(&["contract", "addons"])}
            template={crate::doc::template(r#"{"id":"wem","base":"cx2","prepay":"30.00","overage":"36.00","commitments":[]}"#)}
            columns={vec![("id", "Id", Kind::Text, "text"), ("base", "Base product", Kind::Text, "text"), ("prepay", "Prepay", Kind::Decimal, "text"), ("overage", "Overage", Kind::Decimal, "text")]}
            nested={Rc::new(Nested { key: "commitments", legend: "Commitment steps", noun: "step",
                template: crate::doc::template(r#"{"from_cycle":0,"quantity":"10"}"#),
                columns: vec![("from_cycle", "From cycle", Kind::Int, "number"), ("quantity", "Quantity", Kind::Decimal, "text")] })} />
        <fieldset class="resources">
            <legend>{"Resource rates (above the fair-use allowance)"}</legend>
            <Field label="IVR minutes" path={p(&["contract", "resources", "ivr_minutes", "rate"])} kind={Kind::Decimal} />
            <Field label="Storage (GB)" path={p(&["contract", "resources", "storage_gb", "rate"])} kind={Kind::Decimal} />
            <Field label="API requests" path={p(&["contract", "resources", "api_requests", "rate"])} kind={Kind::Decimal} />
            <Field label="BYOC minutes" path={p(&["contract", "resources", "byoc_minutes", "rate"])} kind={Kind::Decimal} />
            <Field label="SMS (per message)" path={p(&["contract", "resources", "sms", "rate"])} kind={Kind::Decimal} />
        </fieldset>
        <fieldset class="telco">
            <legend>{"Telco (per minute)"}</legend>
            <Field label="Increment (seconds)" path={p(&["contract", "telco", "increment_seconds"])} kind={Kind::Int} input="number" />
            <Field label="Inbound" path={p(&["contract", "telco", "rates", "inbound"])} kind={Kind::Decimal} />
            <Field label="Outbound" path={p(&["contract", "telco", "rates", "outbound"])} kind={Kind::Decimal} />
            <Field label="Extended outbound" path={p(&["contract", "telco", "rates", "extended_outbound"])} kind={Kind::Decimal} />
            <Field label="Toll-free" path={p(&["contract", "telco", "rates", "toll_free"])} kind={Kind::Decimal} />
        </fieldset>
        <ListEditor legend="Devices" noun="device" path={p(&["contract", "devices"])}
            template={crate::doc::template(r#"{"name":"Desk phone","quantity":1,"monthly":"10.00"}"#)}
            columns={vec![("name", "Name", Kind::Text, "text"), ("quantity", "Quantity", Kind::Int, "number"), ("monthly", "Monthly", Kind::Decimal, "text"), ("one_time", "One-time", Kind::Decimal, "text"), ("ship_date", "Ship date", Kind::Text, "date")]} />
        <ListEditor legend="One-time charges" noun="charge" path={p(&["contract", "one_time"])}
            template={crate::doc::template(r#"{"name":"Onboarding","amount":"1000.00","date":"2026-10-21"}"#)}
            columns={vec![("name", "Name", Kind::Text, "text"), ("amount", "Amount", Kind::Decimal, "text"), ("date", "Order date", Kind::Text, "date")]} />
        <ListEditor legend="Taxes" noun="tax" path={p(&["contract", "taxes"])}
            template={crate::doc::template(r#"{"name":"Sales tax","rate":"0.08","applies_to":["license"]}"#)}
            columns={vec![("name", "Name", Kind::Text, "text"), ("rate", "Rate", Kind::Decimal, "text"),
                ("applies_to", "Applies to (license, device, telco, resource)", Kind::Words, "text")]} />
        <ListEditor legend="Orgs and regions" noun="org" path={p(&["orgs"])}
            template={crate::doc::template(r#"{"id":"org2","region":"eu-west-1"}"#)}
            columns={vec![("id", "Org id", Kind::Text, "text"), ("region", "Region", Kind::Text, "text")]} />
        <ListEditor legend="Forecast quantities (per cycle)" noun="forecast" path={p(&["usage", "quantities"])} on_add={add_forecast}
            template={crate::doc::template(r#"{"cycle":0,"product":"cx2","quantity":"10"}"#)}
            columns={vec![("cycle", "Cycle", Kind::Int, "number"), ("product", "Product", Kind::Text, "text"), ("quantity", "Quantity", Kind::Decimal, "text")]} />
        </>
    }
}
