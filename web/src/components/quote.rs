//! The printed quote: whatever tab shows, printing gives the scenario's
//! name, the date, the note that this is a simulation and not an invoice,
//! the contract total, the contract terms and workforce assumptions, the
//! cost chart, every invoice with its lines and explanations, the totals
//! per contract year, and the model comparison. Shown only in print media.

use yew::prelude::*;

use super::chart::CostChart;
use super::invoice::InvoiceView;
use crate::context::Store;
use crate::money::money;

/// For whom, by whom, when and until when, as far as the scenario says;
/// a date never breaks across lines (tester: "2020-" / "01-01").
fn quote_head(store: &crate::state::State, today: &str) -> Html {
    let mut head: Vec<Html> = Vec::new();
    for (label, path) in [("For", "customer"), ("Prepared by", "prepared_by")] {
        let v = store.text_at(&["quote", path]);
        if !v.is_empty() {
            let end = if v.ends_with('.') { " " } else { ". " };
            head.push(html! { { format!("{label}: {v}{end}") } });
        }
    }
    head.push(html! { <>{"Prepared "}<span class="date">{ today.to_owned() }</span>{" with billsim. "}</> });
    let until = store.text_at(&["quote", "valid_until"]);
    if !until.is_empty() {
        head.push(html! { <>{"Prices valid until "}<span class="date">{ until.to_owned() }</span>{". "}</> });
    }
    head.into_iter().collect()
}

#[component]
pub fn Quote() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    // Drawn for the print only (beforeprint draws it before the browser
    // lays the page out for paper).
    let Some(r) = store.result.as_ref().filter(|_| store.printing) else {
        return html! {};
    };
    let today = crate::quotes::today();
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
            // Written by the worker with this bill (`worker/quote_terms.rs`).
            { Html::from_html_unchecked(AttrValue::from(store.quote.terms.clone())) }
            <CostChart result={r.clone()} print=true />
            { for r.invoices.iter().map(|i| html! { <InvoiceView result={r.clone()} number={i.number} print=true /> }) }
            { Html::from_html_unchecked(AttrValue::from(store.quote.years.clone())) }
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
                            <td>{ if m.cheapest { "cheapest".to_owned() } else if !m.available { m.reason.clone() } else { String::new() } }
                                // The caveat the Compare tab gives (hourly priced without the user commitments).
                                if !m.note.is_empty() { { if m.cheapest || !m.available { "; " } else { "" } }{ &m.note } }</td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
            // The last words on paper, after every figure (tester: the
            // comparison came after them).
            <p class="quote-end"><strong>{"This is a simulation of the bills under the contract terms entered, not an invoice and not an offer."}</strong></p>
        </section>
    }
}
