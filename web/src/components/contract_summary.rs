//! The printed quote's contract summary: model, term, ramp, commitment
//! steps, rates and the workforce assumptions, as the scenario states them.

use yew::prelude::*;

use crate::context::Store;
use crate::doc;

/// The contract terms the invoices follow, as the scenario states them.
#[component]
pub fn ContractSummary() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let Some(doc) = &store.doc else {
        return html! {};
    };
    // A term the scenario leaves out shows the value the engine bills with.
    let at = |keys: &[&'static str], default: &str| {
        let path = doc::keys(keys);
        let v = doc::text(doc, &path);
        if v.is_empty() {
            default.to_owned()
        } else {
            v
        }
    };
    use crate::editor::contract::spelled;
    use billsim_core::scenario::{Billing, PeakKind, PeakRule, RampLicenses};
    let (billing, ramp, peak) = (
        spelled::<Billing>(),
        spelled::<RampLicenses>(),
        spelled::<PeakKind>(),
    );
    let rule = PeakRule::default();
    let rows = [
        ("Activation", at(&["contract", "activation"], "")),
        ("License model", at(&["contract", "model"], "")),
        ("Ramp cycles", at(&["contract", "ramp", "cycles"], "0")),
        ("Term cycles", at(&["contract", "term_cycles"], "")),
        (
            "After-term cycles",
            at(&["contract", "after_term_cycles"], "0"),
        ),
        (
            "Ramp licenses",
            at(
                &["contract", "ramp", "licenses"],
                ramp.as_deref().unwrap_or_default(),
            ),
        ),
        (
            "Peak rule",
            format!(
                "{}, {} minutes",
                at(
                    &["contract", "peak_rule", "kind"],
                    peak.as_deref().unwrap_or_default()
                ),
                at(
                    &["contract", "peak_rule", "minutes"],
                    &rule.minutes.to_string()
                )
            ),
        ),
        (
            "Billing",
            at(
                &["contract", "billing"],
                billing.as_deref().unwrap_or_default(),
            ),
        ),
    ];
    let s = |v: &serde_json::Value| match v {
        serde_json::Value::Null => "—".to_owned(),
        serde_json::Value::String(t) => t.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    };
    let list = |key: &str| doc["contract"][key].as_array().cloned().unwrap_or_default();
    // Each list of the contract as rows of the fields named.
    let rows_of = |items: &[serde_json::Value], fields: &[&str]| -> Vec<Vec<String>> {
        items
            .iter()
            .map(|i| fields.iter().map(|f| s(&i[*f])).collect())
            .collect()
    };
    let products: Vec<Vec<String>> = doc["contract"]["products"]
        .as_object()
        .map(|o| {
            o.iter()
                .map(|(id, p)| {
                    let name = p["name"]
                        .as_str()
                        .map_or_else(|| id.clone(), |n| format!("{n} ({id})"));
                    vec![
                        name,
                        s(&p["prepay"]),
                        s(&p["overage"]),
                        s(&p["list"]),
                        s(&p["hourly"]),
                    ]
                })
                .collect()
        })
        .unwrap_or_default();
    html! {
        <section class="quote-contract">
            <h2>{"Contract terms"}</h2>
            <table>
                <tbody>{ for rows.iter().map(|(k, v)| html! { <tr><th scope="row">{ *k }</th><td>{ v }</td></tr> }) }</tbody>
            </table>
            { table("Products and rates", &["Product", "Prepay", "Overage", "List (after term)", "Hourly"], products) }
            { table("Commitment steps", &["Product", "From cycle", "Quantity"], rows_of(&list("commitments"), &["product", "from_cycle", "quantity"])) }
            { table("Devices", &["Device", "Quantity", "Monthly", "One-time"], rows_of(&list("devices"), &["name", "quantity", "monthly", "one_time"])) }
            { table("Taxes (rate as a fraction)", &["Tax", "Rate", "Applies to"], rows_of(&list("taxes"), &["name", "rate", "applies_to"])) }
        </section>
    }
}

/// A captioned table of text cells; nothing when there are no rows. The
/// first column is text, the others numbers (right-aligned).
fn table(caption: &'static str, headers: &[&'static str], rows: Vec<Vec<String>>) -> Html {
    if rows.is_empty() {
        return html! {};
    }
    let class = |i: usize| (i > 0).then_some("n");
    html! {
        <table>
            <caption>{ caption }</caption>
            <thead><tr>{ for headers.iter().enumerate().map(|(i, h)| html! { <th class={class(i)}>{ *h }</th> }) }</tr></thead>
            <tbody>{ for rows.into_iter().map(|r| html! {
                <tr>{ for r.into_iter().enumerate().map(|(i, c)| html! { <td class={class(i)}>{ c }</td> }) }</tr>
            }) }</tbody>
        </table>
    }
}
