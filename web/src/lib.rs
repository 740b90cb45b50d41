//! The billsim app: edit a scenario, see every invoice explained, compare
//! license models. Everything runs in the page; nothing is sent anywhere.

pub mod components;
pub mod state;
pub mod storage;

use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use components::compare::Compare;
use components::invoice::InvoiceView;
use components::timeline::Timeline;
use state::{Action, State, EXAMPLES};

/// The root component.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        State::from_text(storage::load().unwrap_or_else(|| EXAMPLES[0].1.to_owned()))
    });
    {
        let text = state.text.clone();
        use_effect_with(text, |t| storage::save(t));
    }
    let on_text = {
        let s = state.clone();
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            s.dispatch(Action::SetText(t.value()));
        })
    };
    let on_example = {
        let s = state.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some((_, text)) = sel
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| EXAMPLES.get(i))
            {
                s.dispatch(Action::SetText((*text).to_owned()));
            }
        })
    };
    let on_select = {
        let s = state.clone();
        Callback::from(move |n| s.dispatch(Action::Select(n)))
    };
    let commitments = state
        .scenario
        .as_ref()
        .map(|sc| sc.contract.commitments.clone())
        .unwrap_or_default();
    html! {
        <div class="app">
            <header>
                <h1>{"billsim"}</h1>
                <p class="tag">{"Contact-center bill simulator — runs entirely in your browser; nothing leaves this page."}</p>
                <label>{"Example "}
                    <select id="example" onchange={on_example}>
                        { for EXAMPLES.iter().enumerate().map(|(i, (name, _))| html! { <option value={i.to_string()}>{ *name }</option> }) }
                    </select>
                </label>
            </header>
            <main>
                <section class="editor">
                    <h2>{"Commitments"}</h2>
                    { for commitments.iter().enumerate().map(|(i, c)| {
                        let s = state.clone();
                        let id = format!("commitment-{i}");
                        html! {
                            <div class="field">
                                <label for={id.clone()}>{ format!("{} from cycle {}", c.product, c.from_cycle) }</label>
                                <input id={id} type="number" min="0" value={c.quantity.to_string()}
                                    onchange={Callback::from(move |e: Event| {
                                        let t: web_sys::HtmlInputElement = e.target_unchecked_into();
                                        s.dispatch(Action::SetCommitment(i, t.value()));
                                    })} />
                            </div>
                        }
                    }) }
                    <h2><label for="scenario">{"Scenario (JSON)"}</label></h2>
                    if let Some(err) = &state.error {
                        <p class="error" role="alert" id="error">{ err }</p>
                    }
                    <textarea id="scenario" spellcheck="false" value={state.text.clone()} oninput={on_text} />
                </section>
                <section class="results">
                    if let Some(r) = &state.result {
                        <p class="totals" id="totals">{ format!("Contract total: {} {} ({} invoices)", r.totals.total, r.currency, r.invoices.len()) }</p>
                        <Timeline result={r.clone()} selected={state.selected} on_select={on_select} />
                        <InvoiceView result={r.clone()} number={state.selected} />
                    }
                    if let Some(c) = &state.comparison {
                        <Compare comparison={c.clone()} />
                    }
                </section>
            </main>
        </div>
    }
}

/// Mounts the app on the page body.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
