//! The working day the first workforce profile expands to, as a chart: the
//! day is the engine's own ([`billsim_core::workday`]), drawn by the worker
//! with the last bill, so its level is the one the contract's peak rule
//! bills for it, and the spikes the rule disregards (handover overlaps,
//! say) are shaded and listed. Shown on the Usage tab, where it has the
//! width to be read; the profiles are edited in the Scenario form
//! ([`super::workforce`]).

use billsim_core::attribution::Disregarded;
use billsim_core::scenario::Model;
use billsim_core::workday::{WorkingDay, DAY_MINUTES};
use yew::prelude::*;

use crate::context::Store;
use crate::protocol::DayChart;

/// Chart height in SVG units (the width is one unit per minute); on a
/// phone [`NARROW_H`], so the day is not drawn a few pixels high.
const H: u32 = 240;
const NARROW_H: u32 = 640;

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
/// The day's 1,440 units are drawn in `px` pixels: the text is sized so
/// it shows at about 10 px, and with few pixels (a phone) the hours come
/// every six and the chart is drawn taller.
fn day_chart(d: &WorkingDay, seed: u64, model: Model, px: f64) -> Html {
    let fs = ((10.5 * f64::from(DAY_MINUTES as u32) / px).ceil() as u32).clamp(18, 64);
    let (every, h) = if fs > 30 { (6, NARROW_H) } else { (3, H) };
    let max = d.busiest().max(1);
    let y = move |v: u32| h - v.min(max) * (h - fs - 4) / max;
    let after = match d.after_working_days {
        0 => "after a day off (nothing wraps in from the night before)",
        1 => "after a working day",
        _ => "after two working days",
    };
    let others = billsim_core::explain::other_rules(&d.peaks, model);
    html! {
        <figure class="day-chart" id="day-chart">
            <svg viewBox={format!("0 0 {DAY_MINUTES} {}", h + fs + 10)} font-size={fs.to_string()} role="img" aria-label="Agents logged in over one working day">
                { for d.disregarded.iter().map(|r| {
                    let (s, e) = (d.minute_of(r.start), d.minute_of(r.end));
                    html! {
                        <rect class="disregarded" x={s.to_string()} y="0" width={(e - s).max(1).to_string()} height={h.to_string()} fill="#f3c4c4">
                            <title>{ format!("{}, disregarded", spike_label(d, r)) }</title>
                        </rect>
                    }
                }) }
                <line class="level" x1="0" x2={DAY_MINUTES.to_string()} y1={y(d.level).to_string()} y2={y(d.level).to_string()} stroke="#12325a" stroke-width="2" stroke-dasharray="8 6" vector-effect="non-scaling-stroke" />
                <polyline points={points(d, y)} fill="none" stroke="#2f6db5" stroke-width="2" vector-effect="non-scaling-stroke" />
                // The axes' units: agents logged in (up), hours of the day in UTC (across).
                <text x="4" y={(fs - 4).to_string()}>{ format!("{max} agents logged in") }</text>
                <text class="level-label" x={(DAY_MINUTES - 4).to_string()} y={(y(d.level) - 6).to_string()} text-anchor="end" fill="#12325a">{ format!("{} billed", d.level) }</text>
                { for (0..=24usize).step_by(every).map(|hr| html! {
                    <text x={(hr * 60).to_string()} y={(h + fs + 2).to_string()} text-anchor={if hr == 24 { "end" } else if hr == 0 { "start" } else { "middle" }}>{ if hr == 12 { "12h UTC".to_owned() } else { format!("{hr:02}h") } }</text>
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
pub fn WorkDay() -> Html {
    // Drawn again when a resize crosses the narrow line.
    crate::window_event::use_narrow();
    let px = crate::window_event::chart_px();
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    html! {
        <section class="workforce-day">
            { match store.day.as_deref() {
                Some(DayChart { day: Ok(Some(d)), seed, model }) => html! { <><h2>{"One working day of the workforce"}</h2>{ day_chart(d, *seed, *model, px) }</> },
                Some(DayChart { day: Ok(None), .. }) => html! { <p id="day-chart">{"The first workforce profile covers no working day of the contract: no day to chart."}</p> },
                Some(DayChart { day: Err(e), .. }) => html! { <p id="day-chart" class="field-error">{ format!("No day chart: {e}") }</p> },
                None => html! {},
            } }
        </section>
    }
}
