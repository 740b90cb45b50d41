//! The Advice tab (R-O1..R-O3): per licensed product the cost curve, the
//! best commitment and its saving, with an undoable "Apply"; the models
//! ranked. Advice is computed in the background worker, and only while this
//! tab is open: it bills the usage hundreds of times.

use std::rc::Rc;

use billsim_core::advice::{Advice, Lead, ModelRank, ProductAdvice};
use rust_decimal::Decimal;
use yew::prelude::*;

use super::advice_chart::AdviceChart;
fn money(d: rust_decimal::Decimal) -> String {
    crate::money::grouped(&d)
}
use crate::advice_channel::AdviceMsg;
use crate::context::{BridgeHandle, Store};
use crate::state::Action;

/// What the tab knows about the latest request.
#[derive(Debug, Clone, PartialEq, Default)]
struct View {
    /// The latest request; answers to any other are stale.
    id: u64,
    /// Steps done of all, while it runs.
    progress: Option<(u32, u32)>,
    /// The latest advice (kept on screen while a newer one runs).
    advice: Option<Rc<Advice>>,
    /// The engine's headline of each product's advice, in order.
    headlines: Rc<Vec<String>>,
    /// The worker's time for it, ms.
    ms: f64,
    /// The engine's message for the latest request.
    error: Option<String>,
}

enum Msg {
    Sent(u64),
    Worker(AdviceMsg),
}

impl Reducible for View {
    type Action = Msg;
    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut v = (*self).clone();
        match msg {
            Msg::Sent(id) => {
                v.id = id;
                v.progress = Some((0, 1));
            }
            Msg::Worker(m) if m.id() != v.id => return self,
            Msg::Worker(AdviceMsg::Progress { done, total, .. }) => {
                v.progress = Some((done, total.max(1)))
            }
            Msg::Worker(AdviceMsg::Done {
                advice,
                headlines,
                ms,
                ..
            }) => {
                v.progress = None;
                v.advice = Some(advice);
                v.headlines = headlines;
                v.ms = ms;
                v.error = None;
            }
            Msg::Worker(AdviceMsg::Failed { message, .. }) => {
                v.progress = None;
                v.error = Some(message);
            }
        }
        Rc::new(v)
    }
}

fn models_table(models: &[ModelRank], currency: &str, own: &str) -> Html {
    html! {
        <table class="advice-models" id="advice-models">
            <caption>{"Models ranked, each at its best commitments"}</caption>
            <thead><tr><th>{"Rank"}</th><th>{"Model"}</th><th class="n">{ format!("Total ({currency})") }</th><th class="n">{"Margin to the next"}</th><th>{"Note"}</th></tr></thead>
            <tbody>
            { for models.iter().enumerate().map(|(i, m)| html! {
                <tr data-model={m.model.clone()}>
                    <td>{ if m.comparable { (i + 1).to_string() } else { "—".into() } }</td>
                    <td>{ &m.model }{ if m.model == own { " (this contract)" } else { "" } }</td>
                    <td class="n">{ m.total.map_or_else(|| "—".into(), money) }</td>
                    <td class="n">{ m.margin.map_or_else(|| "—".into(), money) }</td>
                    <td class="note">{ m.note.clone() }</td>
                </tr>
            }) }
            </tbody>
        </table>
    }
}

fn curve_table(a: &ProductAdvice, currency: &str) -> Html {
    let banded = a.curve.iter().any(|c| c.p50.is_some());
    let opt = |d: Option<Decimal>| d.map_or_else(|| "—".into(), money);
    html! {
        <details class="curve-table">
            <summary>{ format!("The curve of {} as a table", a.product) }</summary>
            <table>
                <thead><tr><th class="n">{"Committed"}</th><th class="n">{ format!("Total ({currency})") }</th>
                    if banded { <th class="n">{"10th"}</th><th class="n">{"50th"}</th><th class="n">{"90th"}</th> }
                    <th></th></tr></thead>
                <tbody>
                { for a.curve.iter().map(|c| html! {
                    <tr class={classes!((c.committed == a.best).then_some("best"))}>
                        <td class="n">{ c.committed.to_string() }</td>
                        <td class="n">{ money(c.total) }</td>
                        if banded { <td class="n">{ opt(c.p10) }</td><td class="n">{ opt(c.p50) }</td><td class="n">{ opt(c.p90) }</td> }
                        <td>{ match (c.committed == a.current, c.committed == a.best) {
                            (true, true) => "current, best", (true, false) => "current", (false, true) => "best", _ => "" } }</td>
                    </tr>
                }) }
                </tbody>
            </table>
        </details>
    }
}

#[component]
pub fn AdviceTab() -> Html {
    let store = use_context::<Store>();
    let bridge = use_context::<Option<BridgeHandle>>().flatten();
    let view = use_reducer(View::default);
    let stop = crate::context::on_stop(bridge.clone());
    let percentile = use_state(|| "50");
    // The text before the last Apply, and the text it produced: Undo is
    // offered only while the scenario is still what Apply made of it.
    let undo = use_state(|| None::<(String, String)>);
    {
        // Answers reach this tab only while it is open.
        let (bridge, view) = (bridge.clone(), view.clone());
        use_effect_with((), move |_| {
            let channel = bridge.map(|b| b.0.advice.clone());
            if let Some(c) = &channel {
                let view = view.clone();
                c.listen(Some(Callback::from(move |m| view.dispatch(Msg::Worker(m)))));
            }
            move || {
                if let Some(c) = channel {
                    c.listen(None);
                }
            }
        });
    }
    let text = store.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    {
        let (bridge, view) = (bridge.clone(), view.clone());
        use_effect_with((text, *percentile), move |(text, pct)| {
            if let Some(b) = &bridge {
                view.dispatch(Msg::Sent(b.0.advice.request(text, pct)));
            }
        });
    }
    let Some(store) = store else {
        return html! {};
    };
    let currency = store
        .result
        .as_ref()
        .map(|r| r.currency.clone())
        .unwrap_or_default();
    let own_model = store.text_at(&["contract", "model"]).to_owned();
    let pick = |p: &'static str| {
        let percentile = percentile.clone();
        Callback::from(move |_| percentile.set(p))
    };
    // Applies one option (`Pick`) of one product's advice, undoably.
    let apply = |a: &ProductAdvice, pick: Lead| {
        let (store, undo) = (store.clone(), undo.clone());
        let (product, org) = (a.product.clone(), a.org.clone());
        let (step, best) = match pick {
            Lead::Term => (None, a.best.to_string()),
            Lead::Step(i) => (
                a.steps.get(i).map(|s| s.from_cycle),
                a.steps
                    .get(i)
                    .map(|s| s.best.to_string())
                    .unwrap_or_default(),
            ),
        };
        Callback::from(move |_| {
            let Some(doc) = &store.doc else { return };
            let edited = match step {
                Some(from) => {
                    billsim_core::document::with_step(doc, &product, org.as_deref(), from, &best)
                }
                None => {
                    billsim_core::document::with_commitment(doc, &product, org.as_deref(), &best)
                }
            };
            let Some(d) = edited else {
                return;
            };
            let after = serde_json::to_string_pretty(&d).unwrap_or_default();
            undo.set(Some((store.text.clone(), after.clone())));
            store.dispatch(Action::SetText(after));
        })
    };
    let on_undo = {
        let (store, undo) = (store.clone(), undo.clone());
        Callback::from(move |_| {
            if let Some((before, _)) = (*undo).clone() {
                undo.set(None);
                // The header's Undo when the apply is the last step (so
                // Redo applies it again), not a new edit back.
                store.dispatch(if store.past.last().is_some_and(|v| v.text == before) {
                    Action::Undo
                } else {
                    Action::SetText(before)
                });
            }
        })
    };
    let can_undo = undo.as_ref().is_some_and(|(_, after)| *after == store.text);
    let seeded = view.advice.as_ref().is_some_and(|a| {
        a.products
            .iter()
            .any(|p| p.curve.iter().any(|c| c.p50.is_some()))
    });

    html! {
        <section class="advice" id="advice" aria-labelledby="advice-title">
            <h2 id="advice-title">{"Advice: what to commit and which model to quote"}</h2>
            <fieldset class="percentile">
                <legend>{"Choose the best commitment by the seeds' percentile"}</legend>
                <label><input type="radio" name="advice-percentile" id="advice-p50" checked={*percentile == "50"} onchange={pick("50")} />{" 50th percentile (usual)"}</label>
                <label><input type="radio" name="advice-percentile" id="advice-p90" checked={*percentile == "90"} onchange={pick("90")} />{" 90th percentile (no surprises)"}</label>
            </fieldset>
            if bridge.is_none() {
                <p class="error" role="alert">{"Advice runs in a background worker, and this browser could not start one."}</p>
            }
            if let Some((done, total)) = view.progress {
                <p class="advice-progress">
                    <label for="advice-progress">{ format!("Working out the advice: step {done} of {total} ") }</label>
                    <progress id="advice-progress" max={total.to_string()} value={done.to_string()}></progress>
                    {" "}<button type="button" class="stop" onclick={stop.clone()}>{"Stop"}</button>
                </p>
            }
            if let Some(e) = &view.error {
                <p class="error" role="alert" id="advice-error">{ format!("No advice for this scenario: {e}") }</p>
            }
            if can_undo {
                <p class="advice-undo"><button type="button" id="advice-undo" onclick={on_undo}>{"Undo the applied commitment"}</button></p>
            }
            if let Some(adv) = &view.advice {
                <p class="hint" id="advice-time">{ format!(
                    "Computed in {} ms in the background worker{}.", crate::coord::whole(view.ms),
                    if seeded { ", over 50 seeds of the workforce profiles (the band is the 10th to 90th percentile)" } else { "" }) }</p>
                if adv.products.is_empty() {
                    <p>{"No licensed product has a rate to commit at, so there is no commitment to advise on."}</p>
                }
                { for adv.products.iter().enumerate().map(|(pi, a)| {
                    let a = Rc::new(a.clone());
                    let who = a.org.as_ref().map(|o| format!(" (org {o})")).unwrap_or_default();
                    html! {
                    <article class="advice-product" data-product={a.product.clone()} aria-label={format!("Commitment for {}", a.product)}>
                        <h3>{ format!("{}{who}", a.product) }</h3>
                        <p class="saving" data-best={a.best.to_string()} data-current={a.current.to_string()}
                           data-saving={a.total_at_current.checked_sub(a.total_at_best).map(|d| d.to_string()).unwrap_or_default()}>
                            { view.headlines.get(pi).cloned().unwrap_or_default() }
                        </p>
                        <p class="hint">{ format!("Contract total now {} {currency}; at {} held over the whole term, {} {currency}.",
                            money(a.total_at_current), a.best, money(a.total_at_best)) }</p>
                        if let Lead::Step(i) = a.lead() {
                            <button type="button" class="apply" data-product={a.product.clone()} onclick={apply(&a, Lead::Step(i))}>
                                { format!("Apply: commit {} {} from cycle {}", a.steps[i].best, a.product, a.steps[i].from_cycle) }</button>
                            {" "}
                        }
                        if !a.already_best() {
                            <button type="button" class="apply" data-product={a.product.clone()} onclick={apply(&a, Lead::Term)}>
                                { format!("Apply: commit {} {} over the whole term", a.best, a.product) }</button>
                        }
                        <AdviceChart advice={a.clone()} currency={currency.clone()} />
                        if !a.steps.is_empty() {
                            <table class="advice-steps">
                                <caption>{"Each step on its own (the other steps kept)"}</caption>
                                <thead><tr><th class="n">{"From cycle"}</th><th class="n">{"Now"}</th><th class="n">{"Best"}</th><th class="n">{ format!("Total at best ({currency})") }</th></tr></thead>
                                <tbody>{ for a.steps.iter().map(|s| html! {
                                    <tr data-from={s.from_cycle.to_string()}><td class="n">{ s.from_cycle }</td><td class="n">{ s.current.to_string() }</td><td class="n">{ s.best.to_string() }</td><td class="n">{ money(s.total_at_best) }</td></tr>
                                }) }</tbody>
                            </table>
                        }
                        { curve_table(&a, &currency) }
                    </article>
                }}) }
                { models_table(&adv.models, &currency, &own_model) }
            }
        </section>
    }
}
