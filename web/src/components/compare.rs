//! Named, concurrent and hourly for the same usage: per cycle and over the
//! term, the cheapest marked, the break-even ratio, and a switch to bill the
//! scenario under any of them.

use billsim_core::compare::Comparison;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value;
use yew::prelude::*;

use crate::doc::Seg;
use crate::state::Action;
use crate::Store;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub comparison: std::rc::Rc<Comparison>,
    pub model: String,
    /// Each model's AI token lines (before tax), in the comparison's order, when the scenario has AI usage.
    #[prop_or_default]
    pub ai: Option<std::rc::Rc<Vec<Option<Decimal>>>>,
}

/// A ratio as a whole percentage (0.6667 -> "67"), rounded half away from zero.
fn percent(r: Decimal) -> String {
    r.checked_mul(Decimal::ONE_HUNDRED).map_or_else(
        || "an enormous".into(),
        |p| {
            p.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                .to_string()
        },
    )
}

#[component]
pub fn Compare(p: &CompareProps) -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let c = &p.comparison;
    let switch = |model: String| {
        let store = store.clone();
        Callback::from(move |_| {
            store.dispatch(Action::SetField(
                vec![Seg::Key("contract"), Seg::Key("model")],
                Some(Value::from(model.clone())),
            ))
        })
    };
    html! {
        <section class="compare" id="compare">
            <h2>{"Compare license models"}</h2>
            <p class="hint">{"The same usage billed under each model with this contract's rates, commitments and resources."}
                if p.ai.is_some() { {" AI Experience tokens are in each subtotal and total; the model decides Agent Copilot's rate and the default free allocation."} }
            </p>
            <table>
                <thead><tr><th>{"Model"}</th>
                    if p.ai.is_some() { <th class="n">{"AI tokens"}</th> }
                    <th class="n">{"Subtotal"}</th><th class="n">{"Total"}</th><th></th><th></th></tr></thead>
                <tbody>
                { for c.models.iter().enumerate().map(|(i, m)| html! {
                    <tr class={classes!(m.cheapest.then_some("cheapest"))} data-model={m.model.clone()}>
                        <td>{ &m.model }{ if m.model == p.model { " (this contract)" } else { "" } }</td>
                        if let Some(ai) = &p.ai {
                            <td class="n ai">{ ai.get(i).copied().flatten().map_or_else(|| "—".into(), |d| d.to_string()) }</td>
                        }
                        <td class="n">{ if m.available { m.subtotal.to_string() } else { "—".into() } }</td>
                        <td class="n total">{ if m.available { m.total.to_string() } else { "—".into() } }</td>
                        <td>{ if m.cheapest { "cheapest".to_owned() } else if !m.available { m.reason.clone() } else { String::new() } }
                            if m.available && m.own_rates == Some(false) { <span class="own-rates-note">{" priced with another model's rates"}</span> }</td>
                        <td>
                            if m.available && m.model != p.model {
                                <button type="button" class="switch" data-switch={m.model.clone()} onclick={switch(m.model.clone())}>{ format!("Bill as {}", m.model) }</button>
                            }
                        </td>
                    </tr>
                }) }
                </tbody>
            </table>
            if let Some(b) = c.break_even() {
                <p class="break-even" id="break-even">{ format!(
                    "Break-even: concurrent is cheaper while the billed peak stays below {} % of the named users billed (here {} %: {}).",
                    percent(b.break_even), percent(b.ratio), if b.ratio < b.break_even { "concurrent is cheaper" } else { "named is cheaper" }) }</p>
            }
            <details>
                <summary>{"Per cycle (before tax)"}</summary>
                <table class="per-cycle">
                    <thead><tr><th>{"Cycle"}</th>{ for c.models.iter().map(|m| html! { <th class="n">{ &m.model }</th> }) }</tr></thead>
                    <tbody>
                    { for c.cycles.iter().enumerate().map(|(i, k)| html! {
                        <tr><td>{ k }</td>{ for c.models.iter().map(|m| html! { <td class="n">{ m.per_cycle.get(i).map(|d| d.to_string()).unwrap_or_else(|| "—".into()) }</td> }) }</tr>
                    }) }
                    </tbody>
                </table>
            </details>
        </section>
    }
}
