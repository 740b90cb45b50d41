//! The printed quote: whatever tab shows, printing gives the scenario's
//! name, the date, the note that this is a simulation and not an invoice,
//! the contract total, the cost chart, every invoice with its lines and
//! explanations, and the model comparison. Shown only in print media.

use yew::prelude::*;

use super::chart::CostChart;
use super::invoice::InvoiceView;
use crate::doc::{self, Seg};
use crate::money::money;
use crate::Store;

/// For whom, by whom, when and until when, as far as the scenario says.
fn quote_head(store: &crate::state::State, today: &str) -> String {
    let mut head = String::new();
    for (label, path) in [("For", "customer"), ("Prepared by", "prepared_by")] {
        let v = store.text_at(&["quote", path]);
        if !v.is_empty() {
            let end = if v.ends_with('.') { " " } else { ". " };
            head.push_str(&format!("{label}: {v}{end}"));
        }
    }
    head.push_str(&format!("Prepared {today} with billsim. "));
    let until = store.text_at(&["quote", "valid_until"]);
    if !until.is_empty() {
        head.push_str(&format!("Prices valid until {until}. "));
    }
    head
}

/// The contract terms the invoices follow, as the scenario states them.
#[component]
fn ContractSummary() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let Some(doc) = &store.doc else {
        return html! {};
    };
    // A term the scenario leaves out shows the value the engine bills with.
    let at = |keys: &[&'static str], default: &str| {
        let path: Vec<Seg> = keys.iter().map(|k| Seg::Key(k)).collect();
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

#[component]
pub fn Quote() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let Some(r) = &store.result else {
        return html! {};
    };
    let today = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
        .chars()
        .take(10)
        .collect::<String>();
    html! {
        <section class="quote" id="quote" aria-label="Printed quote">
            <h1>{ format!("Quote: {}", store.text_at(&["name"])) }</h1>
            <p class="quote-meta">{ quote_head(&store, &today) }
                <strong>{"This is a simulation of the bills under the contract terms entered, not an invoice and not an offer."}</strong></p>
            if store.stale() {
                // On screen the results are marked stale; on paper that mark must not be lost.
                <p class="quote-stale" role="alert"><strong>{"Not the scenario on screen: a field holds an error, so these are the invoices from before the last change. Fix the field marked in red, then print again."}</strong></p>
            }
            <p class="totals">{ format!("Contract total: {} ({} invoices, {} model, taxes included)", money(&r.totals.total, &r.currency), r.invoices.len(), r.model.map_or_else(|| store.text_at(&["contract", "model"]), |m| m.as_str())) }</p>
            <ContractSummary />
            <CostChart result={r.clone()} print=true />
            { for r.invoices.iter().map(|i| html! { <InvoiceView result={r.clone()} number={i.number} print=true /> }) }
            if let Some(c) = &store.comparison {
                <h2>{"The same usage under each license model"}</h2>
                <table class="quote-compare">
                    <thead><tr><th>{"Model"}</th><th class="n">{"Subtotal"}</th><th class="n">{"Total"}</th><th>{"Note"}</th></tr></thead>
                    <tbody>
                    { for c.models.iter().map(|m| html! {
                        <tr>
                            <td>{ &m.model }</td>
                            <td class="n">{ if m.available { money(&m.subtotal, &r.currency) } else { "—".into() } }</td>
                            <td class="n">{ if m.available { money(&m.total, &r.currency) } else { "—".into() } }</td>
                            <td>{ if m.cheapest { "cheapest".to_owned() } else if !m.available { m.reason.clone() } else { String::new() } }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
        </section>
    }
}
