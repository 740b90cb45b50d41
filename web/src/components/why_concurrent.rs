//! "Why N?" for a concurrent line: the billed peak, its windows, the users
//! who made it, the savings ladder and What if.

use std::rc::Rc;

use billsim_core::what_if::WhatIf;
use yew::prelude::*;

use super::peak_curve::PeakCurve;
use super::remote_table::{held, whole, Fetch, RemoteTable};
use crate::drilldown::{file_name as file, span, List, Why};
use crate::money::grouped;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

#[derive(Properties)]
pub struct ConcurrentProps {
    pub why: Rc<Why>,
    pub rule: String,
    pub what_if: Option<Result<WhatIf, String>>,
    pub on_what_if: Callback<u32>,
    pub on_window: Callback<usize>,
    pub fetch: Fetch,
}

/// The same answer (a new one is a new Rc): compared by pointer, so no
/// redraw of the App walks the whole answer to find it unchanged.
impl PartialEq for ConcurrentProps {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.why, &other.why)
            && self.rule == other.rule
            && self.what_if == other.what_if
            && self.on_what_if == other.on_what_if
            && self.on_window == other.on_window
            && self.fetch == other.fetch
    }
}

#[component]
pub fn Concurrent(p: &ConcurrentProps) -> Html {
    let e = &p.why.entry;
    let cur = &p.why.currency;
    let billed = e.billed_peak.unwrap_or(0);
    let windows = e.windows.clone().unwrap_or_default();
    let disregarded = e.disregarded.clone().unwrap_or_default();
    let ladder = e.ladder.clone().unwrap_or_default();
    let k = p.why.window;
    // The first pages came with the panel; the rest stayed where the users are.
    let first_users = Some((Some(List::Window(k)), Rc::new(p.why.users.clone())));
    let first_tiers = Some((Some(List::Tiers), Rc::new(p.why.tier_users.clone())));
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
    let window_rows = whole(
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
    let ladder_rows = whole(
        ladder
            .iter()
            .map(|r| {
                vec![
                    r.level.to_string(),
                    r.windows.to_string(),
                    r.minutes.to_string(),
                    format!("{} {cur}", grouped(&r.saving)),
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
            { held("why-windows", format!("Windows holding {billed} users (the chart as a table)"), vec!["When (UTC)", "Minutes", "Level", "Users at start"], window_rows, file(e, "windows"), vec![1, 2, 3]) }
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
                <RemoteTable id="why-users" caption={format!("Users logged in at the start of {}", span(w.start, w.end))} headers={vec!["User", "Billed at", "First login (UTC)", "Minutes in cycle"]} list={Some(List::Window(k))} first={first_users} fetch={p.fetch.clone()} file={file(e, "window-users")} searchable=true numeric={vec![3]} />
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
                    <RemoteTable id="why-tier-users" caption="Who is billed at which tier" headers={vec!["Product", "User"]} list={Some(List::Tiers)} first={first_tiers} fetch={p.fetch.clone()} file={file(e, "tiers")} searchable=true />
                }
            </details>
            if ladder.is_empty() {
                <p id="why-ladder-none">{ format!("The peak is at or below the commitment ({}): a lower peak would not save anything.", e.committed) }</p>
            } else {
                { held("why-ladder", format!("Savings ladder: what the cycle would save if the peak were one user lower ({cur})"), vec!["Level", "Windows", "Minutes", "Saving at a peak of level − 1"], ladder_rows, file(e, "ladder"), vec![0, 1, 2, 3]) }
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
                    <tr><th scope="row">{ format!("Cycle {} licenses ({cur})", w.cycle) }</th><td class="n">{ grouped(&w.before.license) }</td><td class="n">{ grouped(&w.after.license) }</td></tr>
                    <tr><th scope="row">{ format!("Contract total ({cur})") }</th><td class="n">{ grouped(&w.before.total) }</td><td class="n">{ grouped(&w.after.total) }</td></tr>
                </tbody>
            </table>
            // Beside the savings ladder's step (R-W3): why the savings differ, or that they agree.
            if let Some(v) = &w.versus_ladder {
                <p id={ if v.agrees { "why-what-if-agrees" } else { "why-what-if-differs" } } aria-live="polite">{ &v.sentence }</p>
            }
        </> },
    }
}
