//! The billsim app: edit a scenario, see every invoice explained, compare
//! license models, import logins. Everything runs in the page; nothing is
//! sent anywhere (share links keep the scenario in the URL fragment).

pub mod advice_apply;
pub mod advice_channel;
pub mod bridge;
pub mod components;
pub mod doc;
pub mod download;
pub mod editor;
pub mod quotes;
pub mod share;
pub mod state;
pub mod storage;

use wasm_bindgen::JsCast;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use components::advice::AdviceTab;
use components::chart::CostChart;
use components::compare::Compare;
use components::import::{ImportCsv, ImportInteractions};
use components::invoice::InvoiceView;
use components::quotes::Quotes;
use components::timeline::Timeline;
use components::workforce::Workforce;
use editor::ai::AiForm;
use editor::contract::ContractForm;
use editor::extras::Extras;
use editor::list::ListEditor;
use editor::products::Products;
use state::{Action, State, Tab, EXAMPLES};

/// The state shared with every component.
pub type Store = UseReducerHandle<State>;

/// The background worker, shared with the import component.
#[derive(Clone)]
pub struct BridgeHandle(pub std::rc::Rc<bridge::Bridge>);

impl PartialEq for BridgeHandle {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The scenario to start with: a share link, else the autosave, else the first example.
pub fn initial_text() -> String {
    share::from_location()
        .or_else(storage::load)
        .unwrap_or_else(|| EXAMPLES[0].1.to_owned())
}

fn file_name(state: &State) -> String {
    let name = state
        .scenario
        .as_ref()
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "scenario".into()
    } else {
        slug
    }
}

/// The root component.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| State::from_text(initial_text()));
    {
        let text = state.text.clone();
        use_effect_with(text, |t| storage::save(t));
    }
    let bridge = {
        let s = state.clone();
        (*use_memo((), move |_| {
            bridge::Bridge::start(s)
                .ok()
                .map(|b| BridgeHandle(std::rc::Rc::new(b)))
        }))
        .clone()
    };
    {
        // After the first render: the worker's warm-up must not delay it.
        let bridge = bridge.clone();
        use_effect_with((), move |_| {
            if let Some(b) = &bridge {
                b.0.warm_up();
            }
        });
    }
    {
        // Each new request id means: the worker should simulate the current text.
        let (bridge, text) = (bridge.clone(), state.text.clone());
        use_effect_with(state.pending, move |id| {
            if let Some(b) = &bridge {
                if *id > 0 {
                    b.0.simulate(*id, &text);
                }
            }
        });
    }
    let share_url = use_state(String::new);
    let notice = use_state(String::new);

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
    let tab = |t: Tab| {
        let s = state.clone();
        Callback::from(move |_| s.dispatch(Action::Tab(t)))
    };
    // Each file the page offers: a name suffix, a type, and its text (if any yet).
    let offer = |suffix: &'static str, mime: &'static str, body: fn(&State) -> Option<String>| {
        let (s, notice) = (state.clone(), notice.clone());
        Callback::from(move |_| {
            if let Some(text) = body(&s) {
                if let Err(e) = download::save(&format!("{}{suffix}", file_name(&s)), mime, &text) {
                    notice.set(format!("Download failed: {e}"));
                }
            }
        })
    };
    let download_scenario = offer(".json", "application/json", |s| Some(s.text.clone()));
    let export_csv = offer("-invoices.csv", "text/csv", |s| {
        s.result.as_ref().map(|r| download::invoices_csv(r))
    });
    let export_json = offer("-result.json", "application/json", |s| {
        s.result.as_ref().map(|r| r.to_json())
    });
    let open_scenario = {
        let (s, notice) = (state.clone(), notice.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|l| l.get(0)) {
                let (s, notice) = (s.clone(), notice.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    match wasm_bindgen_futures::JsFuture::from(file.text())
                        .await
                        .ok()
                        .and_then(|t| t.as_string())
                    {
                        Some(text) => s.dispatch(Action::SetText(text)),
                        None => notice.set(format!("{} could not be read", file.name())),
                    }
                });
            }
            input.set_value("");
        })
    };
    let make_share = {
        let (s, share_url) = (state.clone(), share_url.clone());
        Callback::from(move |_| {
            let Some(w) = web_sys::window() else { return };
            let frag = format!("#s={}", share::encode(&s.text));
            if let Ok(h) = w.history() {
                let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&frag));
            }
            share_url.set(w.location().href().unwrap_or_default());
        })
    };
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let on_select = {
        let s = state.clone();
        Callback::from(move |n| s.dispatch(Action::Select(n)))
    };
    let first_product = state
        .scenario
        .as_ref()
        .and_then(|s| s.contract.products.keys().next().cloned())
        .unwrap_or_else(|| "cx2".into());
    let current_example = EXAMPLES.iter().position(|(_, t)| *t == state.text);
    let model = state
        .scenario
        .as_ref()
        .map(|s| s.contract.model.as_str().to_owned())
        .unwrap_or_default();

    html! {
        <ContextProvider<Store> context={state.clone()}>
        <ContextProvider<Option<BridgeHandle>> context={bridge.clone()}>
        <div class="app">
            <header>
                <h1>{"billsim"}</h1>
                <p class="tag">{"Contact-center bill simulator. Runs entirely in your browser: nothing you enter or import leaves this page."}</p>
                <label class="example">{"Example "}
                    <select id="example" onchange={on_example}>
                        if current_example.is_none() { <option value="" selected=true>{"(your scenario)"}</option> }
                        { for EXAMPLES.iter().enumerate().map(|(i, (name, _))| html! { <option value={i.to_string()} selected={current_example == Some(i)}>{ *name }</option> }) }
                    </select>
                </label>
                <nav class="actions" aria-label="Scenario and invoice files">
                    <button type="button" id="download-scenario" onclick={download_scenario}>{"Download scenario"}</button>
                    <label class="button" for="open-scenario">{"Open scenario"}</label>
                    <input id="open-scenario" class="visually-hidden" type="file" accept=".json,application/json" onchange={open_scenario} />
                    <button type="button" id="share" onclick={make_share}>{"Share link"}</button>
                    <button type="button" id="export-csv" onclick={export_csv}>{"Invoices CSV"}</button>
                    <button type="button" id="export-json" onclick={export_json}>{"Result JSON"}</button>
                    <button type="button" id="print" onclick={print}>{"Print"}</button>
                </nav>
                if !share_url.is_empty() {
                    <label class="share">{"Share link (the scenario is in the part after #, which is never sent to a server) "}
                        <input id="share-url" readonly=true value={(*share_url).clone()} />
                    </label>
                }
                if !notice.is_empty() { <p class="notice" role="status">{ (*notice).clone() }</p> }
            </header>
            <main>
                <section class="editor" aria-label="Scenario">
                    if let Some((path, msg)) = &state.error {
                        <p class="error" role="alert" id="error" title={path.clone()}>{ msg }</p>
                    }
                    <ContractForm />
                    <ListEditor legend="Commitment steps" noun="step" path={vec![doc::Seg::Key("contract"), doc::Seg::Key("commitments")]}
                        template={serde_json::json!({ "product": first_product, "from_cycle": 0, "quantity": "0" })}
                        columns={vec![("product", "Product", doc::Kind::Text, "text"), ("from_cycle", "From cycle", doc::Kind::Int, "number"), ("quantity", "Quantity", doc::Kind::Decimal, "text")]} />
                    <Products />
                    <Extras />
                    <AiForm />
                    <details class="json">
                        <summary><label for="scenario">{"Scenario JSON (every field: add-ons, resources, telco, devices, one-time charges, taxes, orgs, usage)"}</label></summary>
                        <textarea id="scenario" spellcheck="false" value={state.text.clone()} oninput={on_text} />
                    </details>
                </section>
                <section class="results" aria-label="Results">
                    <div class="tabs" role="tablist">
                        <button type="button" role="tab" id="tab-invoices" aria-selected={(state.tab == Tab::Invoices).to_string()} onclick={tab(Tab::Invoices)}>{"Invoices"}</button>
                        <button type="button" role="tab" id="tab-compare" aria-selected={(state.tab == Tab::Compare).to_string()} onclick={tab(Tab::Compare)}>{"Compare models"}</button>
                        <button type="button" role="tab" id="tab-usage" aria-selected={(state.tab == Tab::Usage).to_string()} onclick={tab(Tab::Usage)}>{"Usage"}</button>
                        <button type="button" role="tab" id="tab-quotes" aria-selected={(state.tab == Tab::Quotes).to_string()} onclick={tab(Tab::Quotes)}>{"Quotes"}</button>
                        <button type="button" role="tab" id="tab-advice" aria-selected={(state.tab == Tab::Advice).to_string()} onclick={tab(Tab::Advice)}>{"Advice"}</button>
                    </div>
                    if let Some(r) = &state.result {
                        <p class="totals" id="totals">{ format!("Contract total: {} {} ({} invoices, {} model)", r.totals.total, r.currency, r.invoices.len(), model) }</p>
                        <p class="timing" id="sim-time" data-in={if state.sim_in_worker { "worker" } else { "page" }}>
                            { format!("Simulated in {:.1} ms{}", state.sim_ms, if state.sim_in_worker { " in the background worker" } else { "" }) }
                        </p>
                    }
                    {
                        match state.tab {
                            Tab::Invoices => match &state.result {
                                Some(r) => html! {
                                    <>
                                    <CostChart result={r.clone()} />
                                    <Timeline result={r.clone()} selected={state.selected} on_select={on_select} />
                                    <InvoiceView result={r.clone()} number={state.selected} />
                                    </>
                                },
                                None => html! {},
                            },
                            Tab::Compare => match &state.comparison {
                                Some(c) => html! { <Compare comparison={c.clone()} model={model.clone()} ai={state.compare_ai.clone()} /> },
                                None => html! { <p>{"No comparison for this scenario."}</p> },
                            },
                            Tab::Usage => html! { <><ImportCsv /><ImportInteractions /><Workforce /></> },
                            Tab::Quotes => html! { <Quotes /> },
                            Tab::Advice => html! { <AdviceTab /> },
                        }
                    }
                </section>
            </main>
        </div>
        </ContextProvider<Option<BridgeHandle>>>
        </ContextProvider<Store>>
    }
}

/// A panic never leaves a blank page: the panel says what happened and
/// offers the current scenario (from the autosave) as a download.
fn show_panic(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    let Ok(panel) = doc.create_element("div") else {
        return;
    };
    panel.set_id("panic");
    panel.set_attribute("role", "alert").ok();
    let text = storage::load().unwrap_or_default();
    let href = format!(
        "data:application/json;charset=utf-8,{}",
        js_sys::encode_uri_component(&text)
    );
    let Ok(p) = doc.create_element("p") else {
        return;
    };
    p.set_text_content(Some(&format!(
        "billsim stopped on an internal error: {message}. Your scenario is safe: "
    )));
    if let Ok(a) = doc
        .create_element("a")
        .map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>())
    {
        a.set_href(&href);
        a.set_download("scenario.json");
        a.set_text_content(Some("download it"));
        p.append_child(&a).ok();
    }
    panel.append_child(&p).ok();
    body.prepend_with_node_1(&panel).ok();
}

/// Mounts the app on the page body.
pub fn start() {
    std::panic::set_hook(Box::new(|info| show_panic(&info.to_string())));
    yew::Renderer::<App>::new().render();
}
