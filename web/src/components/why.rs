//! "Why N?": who and when made one license quantity (R-W1..R-W4), opened
//! from an invoice line for its cycle and org. Concurrent: the peak day's
//! curve, the windows and the users in them, the tier split, the savings
//! ladder and "what if"; named: the billed users, brief ones first with
//! their cost; hourly: hours per user and the unused part of the last hour.

use std::rc::Rc;

use billsim_core::result::LineKind;
use billsim_core::what_if::WhatIf;
use rust_decimal::Decimal;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::remote_table::{Fetch, RemoteTable};
use crate::context::{BridgeHandle, Store};
use crate::drilldown::{file_name as file, Answer, Headline, List, Request, Rows, RowsQuery, Why};

/// A "Why N?" asked from a line: cycle, org, product, the N shown, and
/// the line's kind (its own quantity leads the answer).
pub type Asked = (u32, String, String, String, Option<LineKind>);

/// The license line kind a button names by its format spelling
/// ("overage"); other kinds have no "Why N?".
pub fn line_kind(s: &str) -> Option<LineKind> {
    match s {
        "prepay" => Some(LineKind::Prepay),
        "overage" => Some(LineKind::Overage),
        "actual" => Some(LineKind::Actual),
        "hourly" => Some(LineKind::Hourly),
        _ => None,
    }
}

#[derive(Properties, PartialEq)]
pub struct WhyProps {
    pub cycle: u32,
    pub org: String,
    pub product: String,
    /// The quantity the button showed.
    pub n: String,
    /// The invoice line asked from (`None`: the cycle's billed quantity).
    #[prop_or_default]
    pub line: Option<LineKind>,
    pub on_close: Callback<()>,
}

/// Asks the worker and hands back the answer (all billing runs there).
pub fn ask(
    store: &Store,
    bridge: Option<&BridgeHandle>,
    req: Request,
    reply: Callback<Result<Answer, String>>,
) {
    match bridge {
        Some(b) => b.0.ask(
            crate::protocol::Why {
                text: store.text.to_string(),
                import: store.import_key(),
                request: req,
            },
            reply,
        ),
        None => reply.emit(Err(
            "the background worker that computes the bills did not start in this browser".into(),
        )),
    }
}

/// Asks for further pages of a list held by the worker: the panel's for
/// `org` (empty and `reports`: the Usage tab's) in cycle `cycle`.
pub fn fetcher(
    store: Option<Store>,
    bridge: Option<BridgeHandle>,
    cycle: Option<u32>,
    org: String,
    reports: bool,
) -> Fetch {
    Callback::from(
        move |(q, reply): (RowsQuery, Callback<Result<Rows, String>>)| {
            let Some(store) = &store else { return };
            let req = Request {
                cycle,
                org: org.clone(),
                reports,
                rows: Some(q),
                ..Request::default()
            };
            ask(
                store,
                bridge.as_ref(),
                req,
                Callback::from(move |a: Result<Answer, String>| {
                    reply.emit(a.and_then(|a| match a {
                        Answer::Rows(r) => Ok(r),
                        _ => Err("unexpected answer".to_owned()),
                    }))
                }),
            );
        },
    )
}

type Reply = Option<Result<Option<Rc<Why>>, String>>;

#[component]
pub fn WhyPanel(p: &WhyProps) -> Html {
    let store = use_context::<Store>();
    let bridge = use_context::<Option<BridgeHandle>>().flatten();
    // `Ok(None)`: a quantity nobody made (a commitment, a forecast): the headline says it all.
    let answer = use_state(|| None::<Result<Option<Rc<Why>>, String>>);
    let headline = use_state(|| None::<Headline>);
    // Which window's users to show (only those travel from the worker).
    let window = use_state(|| 0usize);
    let what_if = use_state(|| None::<Result<WhatIf, String>>);
    let asked = use_mut_ref(|| 0u64);
    let panel = use_node_ref();
    let text = store.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    {
        let (store, bridge, answer, what_if, asked, headline) = (
            store.clone(),
            bridge.clone(),
            answer.clone(),
            what_if.clone(),
            asked.clone(),
            headline.clone(),
        );
        use_effect_with(
            (
                p.cycle,
                p.org.clone(),
                p.product.clone(),
                p.line,
                text,
                *window,
            ),
            move |(cycle, org, product, line, _, window)| {
                answer.set(None);
                headline.set(None);
                what_if.set(None);
                *asked.borrow_mut() += 1;
                let me = *asked.borrow();
                if let Some(store) = &store {
                    let req = Request {
                        cycle: Some(*cycle),
                        org: org.clone(),
                        window: *window,
                        product: Some(product.clone()),
                        line: *line,
                        ..Request::default()
                    };
                    ask(
                        store,
                        bridge.as_ref(),
                        req,
                        Callback::from(move |a: Result<Answer, String>| {
                            // An answer about an older question (the scenario changed since) is dropped.
                            if *asked.borrow() == me {
                                answer.set(Some(a.and_then(|a| match a {
                                    Answer::Why(w) => {
                                        headline.set(w.headline.clone());
                                        Ok(Some(Rc::from(w)))
                                    }
                                    Answer::Said(h) => {
                                        headline.set(Some(h));
                                        Ok(None)
                                    }
                                    _ => Err("unexpected answer".to_owned()),
                                })));
                            }
                        }),
                    );
                }
            },
        );
    }
    {
        // Opening the panel takes the reader (and the keyboard) to it;
        // closing it (Close, Escape) gives the keyboard back to the button
        // that opened it, not to the top of the page.
        let panel = panel.clone();
        use_effect_with((p.cycle, p.org.clone(), p.product.clone()), move |_| {
            let opener = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(el) = panel.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
                el.scroll_into_view();
            }
            move || {
                if let Some(b) = opener {
                    let _ = b.focus();
                }
            }
        });
    }
    let ask_what_if = {
        let (store, bridge, what_if, cycle, org) = (
            store.clone(),
            bridge.clone(),
            what_if.clone(),
            p.cycle,
            p.org.clone(),
        );
        Callback::from(move |level: u32| {
            let Some(store) = &store else { return };
            what_if.set(None);
            let w = what_if.clone();
            let req = Request {
                cycle: Some(cycle),
                org: org.clone(),
                what_if: Some(level),
                ..Request::default()
            };
            ask(
                store,
                bridge.as_ref(),
                req,
                Callback::from(move |a: Result<Answer, String>| {
                    w.set(Some(a.and_then(|a| match a {
                        Answer::WhatIf(x) => Ok(x),
                        _ => Err("unexpected answer".to_owned()),
                    })));
                }),
            );
        })
    };
    // Further pages of the panel's lists, asked of whoever answered the panel.
    let fetch = fetcher(
        store.clone(),
        bridge.clone(),
        Some(p.cycle),
        p.org.clone(),
        false,
    );
    let on_window = {
        let window = window.clone();
        Callback::from(move |k: usize| window.set(k))
    };
    let close = {
        let c = p.on_close.clone();
        Callback::from(move |_| c.emit(()))
    };
    {
        // Escape closes the panel, as it closes any dialog.
        let c = p.on_close.clone();
        crate::window_event::use_window_event(
            "keydown",
            Callback::from(move |e: web_sys::Event| {
                if e.dyn_ref::<web_sys::KeyboardEvent>()
                    .is_some_and(|k| k.key() == "Escape")
                {
                    c.emit(());
                }
            }),
        );
    }
    let reply: &Reply = &answer;
    let rule = store.as_ref().map(|s| s.peak_rule());
    let body = match reply {
        None => html! { <p role="status" class="working">{"Working out who and when…"}</p> },
        Some(Err(e)) => html! { <p class="error" role="alert">{ format!("No answer: {e}") }</p> },
        Some(Ok(None)) => html! {},
        Some(Ok(Some(w))) => match w.entry.model.as_str() {
            "concurrent" => {
                html! { <super::why_concurrent::Concurrent why={w.clone()} rule={rule.map(|r| billsim_core::explain::peak_rule_holds(r.kind, r.minutes)).unwrap_or_default()} what_if={(*what_if).clone()} on_what_if={ask_what_if} {on_window} {fetch} /> }
            }
            "named" => html! { <super::why_named::Named why={w.clone()} {fetch} /> },
            _ => hourly(w, fetch),
        },
    };
    html! {
        <section class="why-panel" id="why" role="region" aria-labelledby="why-title" tabindex="-1" ref={panel}>
            <div class="why-head">
                <h3 id="why-title">{ format!("Why {}? {} in {}, cycle {}", p.n, p.product, p.org, p.cycle) }</h3>
                <button type="button" class="close" onclick={close} aria-label="Close the Why panel">{"Close"}</button>
            </div>
            // N first, then what would lower it (the engine's sentences).
            if let Some(h) = &*headline {
                <p id="why-n" class="why-n"><strong>{ &h.made }</strong>{" "}{ &h.lower }</p>
            }
            { body }
        </section>
    }
}

/// Users of a tier, from the sizes sent with the answer.
fn p_sizes(w: &Why, product: &str) -> usize {
    w.tier_sizes
        .iter()
        .find(|(p, _)| p == product)
        .map_or(0, |(_, n)| *n)
}

/// R-W4: minutes per user; per tier the hours billed and the unused part of the last hour.
fn hourly(w: &Rc<Why>, fetch: Fetch) -> Html {
    let e = &w.entry;
    let list = List::Users {
        shortest_first: false,
    };
    let first = Some((Some(list), Rc::new(w.users.clone())));
    let opt = |d: Option<Decimal>| d.map_or_else(String::new, |d| d.to_string());
    html! {
        <div class="why-hourly">
            <table id="why-tiers">
                <caption>{"Hours billed per tier"}</caption>
                <thead><tr><th scope="col">{"Product"}</th><th scope="col" class="n">{"Users"}</th><th scope="col" class="n">{"Minutes used"}</th><th scope="col" class="n">{"Hours billed"}</th><th scope="col" class="n">{"Unused minutes of the last hour"}</th></tr></thead>
                <tbody>{ for e.tiers.iter().map(|t| html! {
                    <tr><td>{ &t.product }</td><td class="n">{ p_sizes(w, &t.product) }</td><td class="n">{ t.minutes.map_or_else(String::new, crate::money::count) }</td><td class="n">{ opt(t.hours_billed) }</td><td class="n">{ opt(t.unused_minutes) }</td></tr>
                }) }</tbody>
            </table>
            <RemoteTable id="why-users" caption="Hours per user" headers={vec!["User", "Product", "Minutes", "Time logged in"]} {list} {first} {fetch} file={file(e, "hours")} searchable=true numeric={vec![2, 3]} />
        </div>
    }
}
