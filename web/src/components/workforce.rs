//! The workforce-profile editor with a one-day concurrency chart: handover
//! overlaps show as spikes, and the ones the peak rule disregards are marked.

use billsim_core::profiles::Profile;
use rust_decimal::prelude::ToPrimitive;
use serde_json::json;
use yew::prelude::*;

use crate::doc::{Kind, Seg};
use crate::editor::field::Field;
use crate::editor::list::ListEditor;
use crate::state::Action;
use crate::Store;

/// Expected agents logged in per minute of a working day (absence applied),
/// night shifts wrapping past midnight into the day's first hours.
pub fn day_curve(p: &Profile) -> Vec<f64> {
    let mut curve = vec![0.0; 1440];
    let present = 1.0 - p.absence.to_f64().unwrap_or(0.0);
    for s in &p.shifts {
        let start = s
            .start
            .split_once(':')
            .and_then(|(h, m)| Some(h.parse::<usize>().ok()? * 60 + m.parse::<usize>().ok()?))
            .unwrap_or(0);
        let len = (s.minutes + p.handover_minutes) as usize;
        for t in start..start + len.min(2880) {
            curve[t % 1440] += f64::from(s.agents) * present;
        }
    }
    curve
}

/// The highest level held for `minutes` without interruption (R-K2 sustained).
pub fn sustained_level(curve: &[f64], minutes: usize) -> f64 {
    let n = curve.len();
    if minutes == 0 || n == 0 {
        return curve.iter().copied().fold(0.0, f64::max);
    }
    // The day repeats, so windows may wrap around midnight.
    (0..n)
        .map(|s| {
            (0..minutes)
                .map(|k| curve[(s + k) % n])
                .fold(f64::INFINITY, f64::min)
        })
        .fold(0.0, f64::max)
}

#[component]
pub fn Workforce() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let Some(sc) = store.scenario.clone() else {
        return html! {};
    };
    let Some(profile) = sc.usage.profiles.first().cloned() else {
        let add = {
            let store = store.clone();
            let product = sc
                .contract
                .products
                .keys()
                .next()
                .cloned()
                .unwrap_or_default();
            Callback::from(move |_| {
                store.dispatch(Action::Push(vec![Seg::Key("usage"), Seg::Key("profiles")], json!({
                "id": "agent", "mix": { product.clone(): "1" },
                "shifts": [ { "start": "08:00", "minutes": 480, "agents": 10 }, { "start": "16:00", "minutes": 480, "agents": 10 } ],
                "handover_minutes": 10 })))
            })
        };
        return html! { <section class="workforce"><h2>{"Workforce"}</h2><p>{"No workforce profile in this scenario."}</p><button type="button" onclick={add}>{"Add a workforce profile"}</button></section> };
    };
    let curve = day_curve(&profile);
    let minutes = sc.contract.peak_rule.minutes as usize;
    let level = sustained_level(&curve, minutes);
    let max = curve.iter().copied().fold(1.0, f64::max);
    let (w, h) = (720.0, 120.0);
    let y = |v: f64| h - v / max * (h - 10.0);
    let points: String = curve
        .iter()
        .enumerate()
        .map(|(t, v)| format!("{:.1},{:.1} ", t as f64 / 2.0, y(*v)))
        .collect();
    let over: Vec<(usize, usize)> = {
        let mut spans = Vec::new();
        let mut t = 0;
        while t < 1440 {
            if curve[t] > level + 1e-9 {
                let s = t;
                while t < 1440 && curve[t] > level + 1e-9 {
                    t += 1;
                }
                spans.push((s, t));
            }
            t += 1;
        }
        spans
    };
    let base = |k: &'static str| {
        vec![
            Seg::Key("usage"),
            Seg::Key("profiles"),
            Seg::Idx(0),
            Seg::Key(k),
        ]
    };
    html! {
        <section class="workforce" id="workforce">
            <h2>{ format!("Workforce profile \"{}\"", profile.id) }</h2>
            <ListEditor legend="Shifts" noun="shift" path={base("shifts")}
                template={json!({ "start": "08:00", "minutes": 480, "agents": 10 })}
                columns={vec![("start", "Start (UTC)", Kind::Text, "time"), ("minutes", "Minutes", Kind::Int, "number"), ("agents", "Agents", Kind::Int, "number")]} />
            <Field label="Handover overlap (minutes)" path={base("handover_minutes")} kind={Kind::Int} input="number" />
            <Field label="Absence rate" path={base("absence")} kind={Kind::Decimal} />
            <Field label="Growth per cycle" path={base("growth")} kind={Kind::Decimal} />
            <figure class="day-chart" id="day-chart">
                <svg viewBox={format!("0 0 {w} {}", h + 14.0)} role="img" aria-label="Agents logged in over one working day">
                    { for over.iter().map(|&(s, e)| html! {
                        <rect class="disregarded" x={(s as f64 / 2.0).to_string()} y="0" width={((e - s) as f64 / 2.0).to_string()} height={h.to_string()} fill="#f3c4c4" />
                    }) }
                    <line x1="0" x2={w.to_string()} y1={y(level).to_string()} y2={y(level).to_string()} stroke="#12325a" stroke-dasharray="4 3" />
                    <polyline points={points} fill="none" stroke="#2f6db5" stroke-width="1.5" />
                    { for (0..=24).step_by(3).map(|hr| html! { <text x={(hr as f64 * 30.0).to_string()} y={(h + 12.0).to_string()} font-size="9">{ format!("{hr:02}h") }</text> }) }
                </svg>
                <figcaption>{ format!(
                    "A working day: about {:.0} agents at the busiest minute; {:.0} held for {minutes} min (dashed line). {} shaded span(s) above it are shorter than {minutes} min: the sustained rule disregards them.",
                    max, level, over.len()) }</figcaption>
            </figure>
        </section>
    }
}
