//! The workforce-profile editor with a one-day concurrency chart: the day
//! is the engine's own ([`billsim_core::workday`]), so its level is the one
//! the contract's peak rule bills for it, and the spikes the rule
//! disregards (handover overlaps, say) are shaded and listed.

use billsim_core::attribution::Disregarded;
use billsim_core::scenario::Model;
use billsim_core::workday::{WorkingDay, DAY_MINUTES};
use serde_json::json;
use yew::prelude::*;

use crate::context::Store;
use crate::doc::{Kind, Seg};
use crate::editor::field::Field;
use crate::editor::list::ListEditor;
use crate::protocol::DayChart;
use crate::state::Action;

/// Chart height in SVG units (the width is one unit per minute).
const H: u32 = 240;

/// `HH:MM` of a minute of the day (1440 is 24:00).
fn hhmm(minute: usize) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// The sentence naming the rule that made the day's level (R-K2).
fn rule_sentence(d: &WorkingDay) -> String {
    billsim_core::explain::day_level(d.rule.kind, d.rule.minutes, d.level)
}

/// The disregarded spikes in words: "16:00–16:10 at 20".
fn spikes_sentence(d: &WorkingDay) -> String {
    const SHOWN: usize = 6;
    let n = d.disregarded.len();
    if n == 0 {
        return "Nothing above it is disregarded.".into();
    }
    let mut spans: Vec<String> = d
        .disregarded
        .iter()
        .take(SHOWN)
        .map(|r| spike_label(d, r))
        .collect();
    if n > SHOWN {
        spans.push(format!("{} more", n - SHOWN));
    }
    format!(
        "{n} shaded span(s) above it the rule disregards: {}.",
        spans.join(", ")
    )
}

fn spike_label(d: &WorkingDay, r: &Disregarded) -> String {
    format!(
        "{}–{} at {}",
        hhmm(d.minute_of(r.start)),
        hhmm(d.minute_of(r.end)),
        r.level
    )
}

/// The day's curve as a step line, one SVG unit per minute.
fn points(d: &WorkingDay, y: impl Fn(u32) -> u32) -> String {
    let mut out = String::new();
    let mut prev: Option<u32> = None;
    for (m, &v) in d.per_minute.iter().enumerate() {
        if prev != Some(v) {
            if let Some(p) = prev {
                out.push_str(&format!("{m},{} ", y(p)));
            }
            out.push_str(&format!("{m},{} ", y(v)));
            prev = Some(v);
        }
    }
    if let Some(p) = prev {
        out.push_str(&format!("{DAY_MINUTES},{}", y(p)));
    }
    out
}

/// The day chart: the curve, the billed level and the disregarded spikes.
fn day_chart(d: &WorkingDay, seed: u64, model: Model) -> Html {
    let max = d.busiest().max(1);
    let y = move |v: u32| H - v.min(max) * (H - 20) / max;
    let after = match d.after_working_days {
        0 => "after a day off (nothing wraps in from the night before)",
        1 => "after a working day",
        _ => "after two working days",
    };
    let mut others = format!(
        "Other rules would bill: sustained {}, cumulative {}, cumulative_exact {}.",
        d.peaks.sustained, d.peaks.cumulative, d.peaks.cumulative_exact
    );
    // The peak rule bills only concurrent licenses (R-K2): say so rather
    // than suggest a named or hourly contract pays for this level.
    if model != Model::Concurrent {
        others.push_str(&format!(
            " This contract is billed {}: the peak rule applies under the concurrent model.",
            model.as_str()
        ));
    }
    html! {
        <figure class="day-chart" id="day-chart">
            <svg viewBox={format!("0 0 {DAY_MINUTES} {}", H + 28)} role="img" aria-label="Agents logged in over one working day">
                { for d.disregarded.iter().map(|r| {
                    let (s, e) = (d.minute_of(r.start), d.minute_of(r.end));
                    html! {
                        <rect class="disregarded" x={s.to_string()} y="0" width={(e - s).max(1).to_string()} height={H.to_string()} fill="#f3c4c4">
                            <title>{ format!("{}, disregarded", spike_label(d, r)) }</title>
                        </rect>
                    }
                }) }
                <line class="level" x1="0" x2={DAY_MINUTES.to_string()} y1={y(d.level).to_string()} y2={y(d.level).to_string()} stroke="#12325a" stroke-width="2" stroke-dasharray="8 6" />
                <polyline points={points(d, y)} fill="none" stroke="#2f6db5" stroke-width="3" />
                // The axes' units: agents logged in (up), hours of the day in UTC (across).
                <text x="4" y="16" font-size="18">{ format!("{max} agents logged in") }</text>
                <text class="level-label" x={(DAY_MINUTES - 4).to_string()} y={(y(d.level) - 6).to_string()} font-size="18" text-anchor="end" fill="#12325a">{ format!("{} billed", d.level) }</text>
                { for (0..=24usize).step_by(3).map(|hr| html! {
                    <text x={(hr * 60).to_string()} y={(H + 22).to_string()} font-size="18" text-anchor={if hr == 24 { "end" } else if hr == 0 { "start" } else { "middle" }}>{ if hr == 12 { "12h UTC".to_owned() } else { format!("{hr:02}h") } }</text>
                }) }
            </svg>
            <figcaption>
                { format!(
                    "{} (cycle {}), {after}, as the engine expands the profile for the bill (absences drawn with seed {seed}). Busiest minute: {} logged in. ",
                    crate::when::day(d.date), d.cycle, d.busiest()) }
                <strong class="rule">{ rule_sentence(d) }</strong>
                { format!(" {} {others}", spikes_sentence(d)) }
            </figcaption>
        </figure>
    }
}

#[component]
pub fn Workforce() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    // The profiles as typed; the chart is the worker's, drawn with the last
    // bill for the first profile. Text that is not JSON has no profile to
    // show or add to (the form says so).
    let Some(doc) = &store.doc else {
        return html! {};
    };
    let profiles = doc["usage"]["profiles"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let products: Vec<String> = doc["contract"]["products"]
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    let first_org = doc["orgs"][0]["id"].as_str().map(AttrValue::from);
    let add = {
        let store = store.clone();
        let product = products.first().cloned().unwrap_or_default();
        let n = profiles.len();
        Callback::from(move |_| {
            store.dispatch(Action::Push(vec![Seg::Key("usage"), Seg::Key("profiles")], json!({
            "id": if n == 0 { "agent".to_owned() } else { format!("agent{}", n + 1) }, "mix": { product.clone(): "1" },
            "shifts": [ { "start": "08:00", "minutes": 480, "agents": 10 }, { "start": "16:00", "minutes": 480, "agents": 10 } ],
            "handover_minutes": 10 })))
        })
    };
    let profile = |i: usize, id: &str| {
        let base = |k: &'static str| {
            vec![
                Seg::Key("usage"),
                Seg::Key("profiles"),
                Seg::Idx(i),
                Seg::Key(k),
            ]
        };
        let remove = {
            let store = store.clone();
            Callback::from(move |_| {
                store.dispatch(Action::SetField(
                    vec![Seg::Key("usage"), Seg::Key("profiles"), Seg::Idx(i)],
                    None,
                ))
            })
        };
        html! {
            <fieldset class="profile">
                <legend>{ format!("Workforce profile \"{id}\"") }</legend>
                <Field label="Org" path={base("org")} kind={Kind::Text} default={first_org.clone()} />
                <Field label="Working days (mon, tue, …)" path={base("days")} kind={Kind::Words} default={AttrValue::Static("mon, tue, wed, thu, fri")} />
                <ListEditor legend="Shifts" noun="shift" path={base("shifts")}
                    template={json!({ "start": "08:00", "minutes": 480, "agents": 10 })}
                    columns={vec![("start", "Start (UTC)", Kind::Text, "time"), ("minutes", "Minutes", Kind::Int, "number"), ("agents", "Agents", Kind::Int, "number")]} />
                <Field label="Handover overlap (minutes)" path={base("handover_minutes")} kind={Kind::Int} input="number" />
                { for products.iter().map(|pr| {
                    let mut path = base("mix");
                    path.push(Seg::Name(pr.clone()));
                    html! { <Field label={format!("Share of agents at {pr} (0 to 1)")} {path} kind={Kind::Decimal} /> }
                }) }
                <Field label="Absence rate" path={base("absence")} kind={Kind::Decimal} />
                <Field label="Growth per cycle" path={base("growth")} kind={Kind::Decimal} />
                <button type="button" class="remove" onclick={remove}>{ format!("Remove workforce profile \"{id}\"") }</button>
            </fieldset>
        }
    };
    html! {
        <section class="workforce" id="workforce">
            <h2>{"Workforce"}</h2>
            if profiles.is_empty() {
                <p>{"No workforce profile in this scenario."}</p>
            }
            { for profiles.iter().enumerate().map(|(i, p)| html! { <>
                { profile(i, p["id"].as_str().unwrap_or_default()) }
                if i == 0 {
                    { match store.day.as_deref() {
                        Some(DayChart { day: Ok(Some(d)), seed, model }) => day_chart(d, *seed, *model),
                        Some(DayChart { day: Ok(None), .. }) => html! { <p id="day-chart">{"This profile covers no working day of the contract: no day to chart."}</p> },
                        Some(DayChart { day: Err(e), .. }) => html! { <p id="day-chart" class="field-error">{ format!("No day chart: {e}") }</p> },
                        None => html! {},
                    } }
                }
            </> }) }
            <button type="button" onclick={add}>{"Add a workforce profile"}</button>
        </section>
    }
}
