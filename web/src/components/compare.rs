//! Named, concurrent and hourly for the same usage: per cycle and over the
//! term, the cheapest marked, the break-even ratio, and a switch to bill the
//! scenario under any of them.

use billsim_core::compare::Comparison;
use rust_decimal::Decimal;
use serde_json::Value;
use yew::prelude::*;

use crate::context::Store;
use crate::doc::Seg;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub comparison: std::rc::Rc<Comparison>,
    pub model: String,
    /// Each model's AI token lines (before tax), in the comparison's order, when the scenario has AI usage.
    #[prop_or_default]
    pub ai: Option<std::rc::Rc<Vec<Option<Decimal>>>>,
    /// The break-even sentence, written by the worker with the comparison
    /// (`billsim_core::break_even`).
    #[prop_or_default]
    pub break_even: Option<AttrValue>,
}

/// A model's total against the contract's own: "saves 4,000.00", "costs 45,160.46 more".
fn against(m: &billsim_core::compare::ModelBill, current: Option<Decimal>) -> String {
    match current
        .filter(|_| m.available)
        .and_then(|c| c.checked_sub(m.total))
    {
        Some(d) if d.is_zero() => "—".into(),
        Some(d) if d.is_sign_positive() => format!("saves {}", crate::money::grouped(&d)),
        Some(d) => format!("costs {} more", crate::money::grouped(&-d)),
        None => "—".into(),
    }
}

#[component]
pub fn Compare(p: &CompareProps) -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let c = &p.comparison;
    let current = c
        .models
        .iter()
        .find(|m| m.model == p.model && m.available)
        .map(|m| m.total);
    // Compare prices a model of the other unit (hours vs users) without the
    // license commitments; switching does the same, in one undoable step.
    let drops = |model: &str| {
        !store.doc.as_ref().is_none_or(|d| {
            d["contract"]["commitments"]
                .as_array()
                .is_none_or(Vec::is_empty)
        }) && (model == "hourly") != (p.model == "hourly")
    };
    let switch = |model: String| {
        let store = store.clone();
        let drop = drops(&model);
        Callback::from(move |_| {
            let mut fields = vec![(
                vec![Seg::Key("contract"), Seg::Key("model")],
                Some(Value::from(model.clone())),
            )];
            if drop {
                fields.push((vec![Seg::Key("contract"), Seg::Key("commitments")], None));
            }
            store.dispatch(Action::SetFields(fields))
        })
    };
    html! {
        <section class="compare" id="compare">
            <h2>{"Compare license models"}</h2>
            <p class="hint">{"The same usage billed under each model with this contract's rates, commitments and resources."}
                if p.ai.is_some() { {" AI Experience tokens are in each subtotal and total; the model decides Agent Copilot's rate and the default free allocation."} }
            </p>
            <div class="scroll-x" role="region" aria-label="Models compared" tabindex="0">
            <table>
                <thead><tr><th>{"Model"}</th>
                    if p.ai.is_some() { <th class="n">{"AI tokens"}</th> }
                    <th class="n">{"Subtotal"}</th><th class="n">{"Total"}</th><th class="n">{"Against this contract"}</th><th>{"Note"}</th><th>{"Action"}</th></tr></thead>
                <tbody>
                { for c.models.iter().enumerate().map(|(i, m)| html! {
                    <tr class={classes!(m.cheapest.then_some("cheapest"))} data-model={m.model.clone()}>
                        <td>{ &m.model }{ if m.model == p.model { " (this contract)" } else { "" } }</td>
                        if let Some(ai) = &p.ai {
                            <td class="n ai">{ ai.get(i).copied().flatten().map_or_else(|| "—".into(), |d| crate::money::grouped(&d)) }</td>
                        }
                        <td class="n">{ if m.available { crate::money::grouped(&m.subtotal) } else { "—".into() } }</td>
                        <td class="n total">{ if m.available { crate::money::grouped(&m.total) } else { "—".into() } }</td>
                        <td class="n against">{ against(m, current) }</td>
                        <td>{ if m.cheapest { "cheapest".to_owned() } else if !m.available { m.reason.clone() } else { String::new() } }
                            if !m.note.is_empty() { <span class="model-note">{ if m.cheapest || !m.available { "; " } else { "" } }{ &m.note }</span> }
                            if m.available && m.own_rates == Some(false) { <span class="own-rates-note">{" priced with another model's rates"}</span> }</td>
                        <td>
                            if m.available && m.model != p.model {
                                <button type="button" class="switch" data-switch={m.model.clone()} onclick={switch(m.model.clone())}>{ if drops(&m.model) { format!("Bill as {} (without the license commitments)", m.model) } else { format!("Bill as {}", m.model) } }</button>
                            }
                        </td>
                    </tr>
                }) }
                </tbody>
            </table>
            </div>
            if let Some(b) = &p.break_even {
                <p class="break-even" id="break-even">{ b }</p>
            }
            <details>
                <summary>{"Per cycle (before tax)"}</summary>
                <table class="per-cycle">
                    <thead><tr><th>{"Cycle"}</th>{ for c.models.iter().map(|m| html! { <th class="n">{ &m.model }</th> }) }</tr></thead>
                    <tbody>
                    { for c.cycles.iter().enumerate().map(|(i, k)| html! {
                        <tr><td>{ k }</td>{ for c.models.iter().map(|m| html! { <td class="n">{ m.per_cycle.get(i).map(crate::money::grouped).unwrap_or_else(|| "—".into()) }</td> }) }</tr>
                    }) }
                    </tbody>
                </table>
            </details>
        </section>
    }
}
