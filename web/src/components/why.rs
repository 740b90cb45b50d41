//! "Why N?": who and when made one license quantity (R-W1..R-W4), opened
//! from an invoice line for its cycle and org. Concurrent: the peak day's
//! curve, the windows and the users in them, the tier split, the savings
//! ladder and "what if"; named: the billed users, brief ones first with
//! their cost; hourly: hours per user and the unused part of the last hour.

use std::rc::Rc;

use billsim_core::attribution::Entry;
use billsim_core::result::LineKind;
use billsim_core::what_if::WhatIf;
use rust_decimal::Decimal;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

fn money(d: rust_decimal::Decimal) -> String {
    crate::money::grouped(&d)
}
use super::paged_table::PagedTable;
use super::peak_curve::PeakCurve;
use super::remote_table::{Fetch, RemoteTable};
use crate::drilldown::{
    self, span, Answer, Headline, List, Request, Rows, RowsQuery, Why, BRIEF_MINUTES,
};
use crate::{BridgeHandle, Store};

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
                large: store.with_import(),
                request: req,
            },
            reply,
        ),
        None => reply.emit(Err(
            "the background worker that computes the bills did not start in this browser".into(),
        )),
    }
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
                        what_if: None,
                        reports: false,
                        window: *window,
                        rows: None,
                        product: Some(product.clone()),
                        line: *line,
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
        // Opening the panel takes the reader (and the keyboard) to it.
        let panel = panel.clone();
        use_effect_with((p.cycle, p.org.clone(), p.product.clone()), move |_| {
            if let Some(el) = panel.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
                el.scroll_into_view();
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
                reports: false,
                window: 0,
                rows: None,
                product: None,
                line: None,
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
    let fetch: Fetch = {
        let (store, bridge, cycle, org) = (store.clone(), bridge.clone(), p.cycle, p.org.clone());
        Callback::from(
            move |(q, reply): (RowsQuery, Callback<Result<Rows, String>>)| {
                let Some(store) = &store else { return };
                let req = Request {
                    cycle: Some(cycle),
                    org: org.clone(),
                    what_if: None,
                    reports: false,
                    window: 0,
                    rows: Some(q),
                    product: None,
                    line: None,
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
    };
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
                html! { <Concurrent why={w.clone()} rule={rule.map(|r| billsim_core::explain::peak_rule_holds(r.kind, r.minutes)).unwrap_or_default()} what_if={(*what_if).clone()} on_what_if={ask_what_if} {on_window} {fetch} /> }
            }
            "named" => html! { <Named why={w.clone()} {fetch} /> },
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

fn file(e: &Entry, what: &str) -> String {
    format!("why-cycle{}-{}-{what}", e.cycle, e.org)
}

#[derive(Properties, PartialEq)]
struct ConcurrentProps {
    why: Rc<Why>,
    rule: String,
    what_if: Option<Result<WhatIf, String>>,
    on_what_if: Callback<u32>,
    on_window: Callback<usize>,
    fetch: Fetch,
}

#[component]
fn Concurrent(p: &ConcurrentProps) -> Html {
    let e = &p.why.entry;
    let cur = &p.why.currency;
    let billed = e.billed_peak.unwrap_or(0);
    let windows = e.windows.clone().unwrap_or_default();
    let disregarded = e.disregarded.clone().unwrap_or_default();
    let ladder = e.ladder.clone().unwrap_or_default();
    let k = p.why.window;
    // The first pages came with the panel; the rest stayed where the users are.
    let first_users = Some((List::Window(k), Rc::new(p.why.users.clone())));
    let first_tiers = Some((List::Tiers, Rc::new(p.why.tier_users.clone())));
    // The summary, the chart and the first users are drawn first, the
    // tables around them a task later: after a large import they are
    // hundreds of rows, and opening the panel must not be one long task.
    let rest = use_state(|| false);
    {
        let rest = rest.clone();
        use_effect_with((), move |_| {
            let later = rest.clone();
            let later = Closure::once_into_js(move || later.set(true));
            let timer = web_sys::window().map(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), 0)
            });
            if !matches!(timer, Some(Ok(_))) {
                rest.set(true);
            }
        });
    }
    // The tier list is drawn once its box is opened, not with the panel.
    let tiers_open = use_state(|| false);
    let on_tiers = {
        let tiers_open = tiers_open.clone();
        Callback::from(move |e: Event| {
            let d: web_sys::Element = e.target_unchecked_into();
            tiers_open.set(d.has_attribute("open"));
        })
    };
    let window_rows = Rc::new(
        windows
            .iter()
            .zip(&p.why.window_sizes)
            .map(|(w, n)| {
                vec![
                    span(w.start, w.end),
                    drilldown_minutes(w.end - w.start),
                    w.level.to_string(),
                    n.to_string(),
                ]
            })
            .collect::<Vec<_>>(),
    );
    let ladder_rows = Rc::new(
        ladder
            .iter()
            .map(|r| {
                vec![
                    r.level.to_string(),
                    r.windows.to_string(),
                    r.minutes.to_string(),
                    format!("{} {cur}", money(r.saving)),
                ]
            })
            .collect::<Vec<_>>(),
    );
    let pick = {
        let on_window = p.on_window.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            on_window.emit(s.value().parse().unwrap_or(0));
        })
    };
    let top = ladder.first().map(|r| (r.level, r.minutes));
    let run_what_if = {
        let cb = p.on_what_if.clone();
        Callback::from(move |_| {
            if let Some((level, _)) = top {
                cb.emit(level);
            }
        })
    };
    html! {
        <div class="why-concurrent">
            <p id="why-summary">{ format!("Billed peak: {billed} users logged in at once, {}; committed {} (every product of the org).", p.rule, e.committed) }
                { if disregarded.is_empty() { String::new() } else { format!(" {} shorter run(s) above {billed} were disregarded.", disregarded.len()) } }
            </p>
            if let Some((day, curve)) = &p.why.curve {
                <PeakCurve day={*day} curve={Rc::new(curve.clone())}
                    windows={windows.iter().map(|w| (w.start, w.end)).collect::<Vec<_>>()}
                    disregarded={disregarded.iter().map(|d| (d.start, d.end, d.level)).collect::<Vec<_>>()}
                    described_by="why-windows-table" />
            }
            if *rest { <>
            <PagedTable id="why-windows" caption={format!("Windows holding {billed} users (the chart as a table)")} headers={vec!["When (UTC)", "Minutes", "Level", "Users at start"]} rows={window_rows} file={file(e, "windows")} numeric={vec![1, 2, 3]} />
            if !disregarded.is_empty() {
                <table id="why-disregarded">
                    <caption>{ format!("Runs above {billed} the rule disregarded") }</caption>
                    <thead><tr><th scope="col">{"When (UTC)"}</th><th scope="col" class="n">{"Minutes"}</th><th scope="col" class="n">{"Highest level"}</th></tr></thead>
                    <tbody>{ for disregarded.iter().map(|d| html! {
                        <tr><td>{ span(d.start, d.end) }</td><td class="n">{ drilldown_minutes(d.end - d.start) }</td><td class="n">{ d.level }</td></tr>
                    }) }</tbody>
                </table>
            }
            if windows.len() > 1 {
                <label class="pick-window">{"Users of window "}
                    <select onchange={pick}>{ for windows.iter().enumerate().map(|(i, w)| html! {
                        <option value={i.to_string()} selected={i == k}>{ span(w.start, w.end) }</option>
                    }) }</select>
                </label>
            }
            </> }
            if let Some(w) = windows.get(k) {
                <RemoteTable id="why-users" caption={format!("Users logged in at the start of {}", span(w.start, w.end))} headers={vec!["User", "Billed at", "First login (UTC)", "Minutes in cycle"]} list={List::Window(k)} first={first_users} fetch={p.fetch.clone()} file={file(e, "window-users")} searchable=true numeric={vec![3]} />
            }
            if *rest { <>
            <table id="why-tiers">
                <caption>{"Billed users by tier (R-K3: those with the most time)"}</caption>
                <thead><tr><th scope="col">{"Product"}</th><th scope="col" class="n">{"Users"}</th></tr></thead>
                <tbody>{ for p.why.tier_sizes.iter().map(|(product, n)| html! { <tr><td>{ product }</td><td class="n">{ *n }</td></tr> }) }</tbody>
            </table>
            <details class="tier-users" ontoggle={on_tiers}>
                <summary>{ format!("Who is billed at which tier ({} users)", crate::money::count(p.why.billed_users)) }</summary>
                if *tiers_open {
                    <RemoteTable id="why-tier-users" caption="Who is billed at which tier" headers={vec!["Product", "User"]} list={List::Tiers} first={first_tiers} fetch={p.fetch.clone()} file={file(e, "tiers")} searchable=true />
                }
            </details>
            if ladder.is_empty() {
                <p id="why-ladder-none">{ format!("The peak is at or below the commitment ({}): a lower peak would not save anything.", e.committed) }</p>
            } else {
                <PagedTable id="why-ladder" caption={format!("Savings ladder: what the cycle would save if the peak were one user lower ({cur})")} headers={vec!["Level", "Windows", "Minutes", "Saving at a peak of level − 1"]} rows={ladder_rows} file={file(e, "ladder")} numeric={vec![0, 1, 2, 3]} />
                if let Some((level, minutes)) = top {
                    <button type="button" id="why-what-if" onclick={run_what_if}>{ format!("What if the {minutes} min holding {level} were not worked?") }</button>
                }
            }
            { what_if_view(&p.what_if, cur) }
            </> }
        </div>
    }
}

fn drilldown_minutes(ms: i64) -> String {
    billsim_core::attribution::minutes(ms).to_string()
}

fn what_if_view(w: &Option<Result<WhatIf, String>>, cur: &str) -> Html {
    match w {
        None => html! {},
        Some(Err(e)) => html! { <p class="error" role="alert">{ format!("What if: {e}") }</p> },
        Some(Ok(w)) => html! { <>
            <table id="why-what-if-result" aria-live="polite">
                <caption>{ format!("Without the {} min holding {} users in {}, re-billed", w.removed_minutes, w.level, w.org) }</caption>
                <thead><tr><th scope="col"></th><th scope="col" class="n">{"As billed"}</th><th scope="col" class="n">{"What if"}</th></tr></thead>
                <tbody>
                    <tr><th scope="row">{"Billed peak"}</th><td class="n">{ w.before.billed_peak }</td><td class="n">{ w.after.billed_peak }</td></tr>
                    <tr><th scope="row">{ format!("Cycle {} licenses ({cur})", w.cycle) }</th><td class="n">{ money(w.before.license) }</td><td class="n">{ money(w.after.license) }</td></tr>
                    <tr><th scope="row">{ format!("Contract total ({cur})") }</th><td class="n">{ money(w.before.total) }</td><td class="n">{ money(w.after.total) }</td></tr>
                </tbody>
            </table>
            // Beside the savings ladder's step (R-W3): why the savings differ, or that they agree.
            if let Some(v) = &w.versus_ladder {
                <p id={ if v.agrees { "why-what-if-agrees" } else { "why-what-if-differs" } } aria-live="polite">{ &v.sentence }</p>
            }
        </> },
    }
}

#[derive(Properties, PartialEq)]
struct NamedProps {
    why: Rc<Why>,
    fetch: Fetch,
}

/// R-W1: every billed user; brief ones on top with what they cost.
#[component]
fn Named(p: &NamedProps) -> Html {
    let longest_first = use_state(|| true);
    let e = &p.why.entry;
    let toggle = {
        let l = longest_first.clone();
        Callback::from(move |_| l.set(!*l))
    };
    let cost = e.brief_cost.unwrap_or(Decimal::ZERO);
    let list = List::Users {
        shortest_first: !*longest_first,
    };
    // The panel came with the first page, longest first; a whole list is
    // turned round here, a longer one asked for in the other order.
    let first = use_memo((p.why.clone(), list), |(w, list)| {
        let mut rows = w.users.clone();
        match list {
            List::Users { shortest_first } if rows.whole => {
                drilldown::sort_named(&mut rows.rows, *shortest_first);
                Some((*list, Rc::new(rows)))
            }
            _ => Some((
                List::Users {
                    shortest_first: false,
                },
                Rc::new(rows),
            )),
        }
    });
    let first = (*first).clone();
    html! {
        <div class="why-named">
            <p id="why-summary">{ format!(
                "{} users logged in this cycle are billed; {} of them were logged in for under {BRIEF_MINUTES} min (brief) and cost {} {}.",
                crate::money::count(p.why.billed_users), crate::money::count(p.why.brief_users), money(cost), p.why.currency
            ) }</p>
            <button type="button" id="why-sort" onclick={toggle} aria-pressed={(!*longest_first).to_string()}>
                { if *longest_first { "Sort by time logged in: shortest first" } else { "Sort by time logged in: longest first" } }
            </button>
            <RemoteTable id="why-users" caption="Billed users, brief ones on top" headers={vec!["User", "Product", "First login (UTC)", "Minutes", "Brief"]} {list} {first} fetch={p.fetch.clone()} file={file(e, "users")} searchable=true numeric={vec![3]} />
        </div>
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
    let first = Some((list, Rc::new(w.users.clone())));
    let opt = |d: Option<Decimal>| d.map_or_else(String::new, |d| d.to_string());
    html! {
        <div class="why-hourly">
            <table id="why-tiers">
                <caption>{"Hours billed per tier"}</caption>
                <thead><tr><th scope="col">{"Product"}</th><th scope="col" class="n">{"Users"}</th><th scope="col" class="n">{"Minutes used"}</th><th scope="col" class="n">{"Hours billed"}</th><th scope="col" class="n">{"Unused minutes of the last hour"}</th></tr></thead>
                <tbody>{ for e.tiers.iter().map(|t| html! {
                    <tr><td>{ &t.product }</td><td class="n">{ p_sizes(w, &t.product) }</td><td class="n">{ opt(t.minutes) }</td><td class="n">{ opt(t.hours_billed) }</td><td class="n">{ opt(t.unused_minutes) }</td></tr>
                }) }</tbody>
            </table>
            <RemoteTable id="why-users" caption="Hours per user" headers={vec!["User", "Product", "Minutes", "Hours"]} {list} {first} {fetch} file={file(e, "hours")} searchable=true numeric={vec![2, 3]} />
        </div>
    }
}
