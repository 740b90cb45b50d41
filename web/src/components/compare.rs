//! Named, concurrent and hourly for the same usage, cheapest marked.

use billsim_core::compare::Comparison;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub comparison: std::rc::Rc<Comparison>,
}

#[component]
pub fn Compare(p: &CompareProps) -> Html {
    let c = &p.comparison;
    html! {
        <section class="compare" id="compare">
            <h2>{"Compare license models"}</h2>
            <table>
                <thead><tr><th>{"Model"}</th><th class="n">{"Subtotal"}</th><th class="n">{"Total"}</th><th></th></tr></thead>
                <tbody>
                { for c.models.iter().map(|m| html! {
                    <tr class={classes!(m.cheapest.then_some("cheapest"))} data-model={m.model.clone()}>
                        <td>{ &m.model }</td>
                        <td class="n">{ if m.available { m.subtotal.to_string() } else { "—".into() } }</td>
                        <td class="n">{ if m.available { m.total.to_string() } else { "—".into() } }</td>
                        <td>{ if m.cheapest { "cheapest".to_owned() } else if !m.available { m.reason.clone() } else { String::new() } }</td>
                    </tr>
                }) }
                </tbody>
            </table>
        </section>
    }
}
