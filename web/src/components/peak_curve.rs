//! The exact concurrency curve of one day (from the core, under the
//! contract's rule) with the billed level across it, the windows that hold
//! it shaded and the runs the rule disregarded labelled with their times.
//! The windows table beside it is the chart's text alternative.

use std::rc::Rc;

use billsim_core::attribution::Curve;
use chrono::NaiveDate;
use yew::prelude::*;

use crate::coord::n;

#[derive(Properties, PartialEq)]
pub struct PeakCurveProps {
    pub day: NaiveDate,
    pub curve: Rc<Curve>,
    /// Windows holding the billed level (start, end ms).
    pub windows: Vec<(i64, i64)>,
    /// Disregarded runs (start, end ms, level reached).
    pub disregarded: Vec<(i64, i64, u32)>,
    /// Id of the table that says the same in words.
    pub described_by: AttrValue,
}

/// The width in chart units (on a phone: [`NARROW_W`]), so the text,
/// which scales with the chart, stays readable.
const WIDE_W: f64 = 640.0;
const NARROW_W: f64 = 320.0;
const H: f64 = 220.0;
const LEFT: f64 = 34.0;
/// Room for the last hour's label.
const RIGHT: f64 = 18.0;
const TOP: f64 = 30.0;
const BOTTOM: f64 = 22.0;
const HOUR: i64 = 3_600_000;

fn hhmm(ms: i64) -> String {
    crate::when::hh_mm(ms)
}

#[component]
pub fn PeakCurve(p: &PeakCurveProps) -> Html {
    let narrow = crate::window_event::use_narrow();
    let w = if narrow { NARROW_W } else { WIDE_W };
    let segs = &p.curve.segments;
    let (Some(first), Some(last)) = (segs.first(), segs.last()) else {
        return html! { <p>{"Nobody was logged in that day."}</p> };
    };
    // Whole hours around the day's logins, at least three of them.
    let lo = first.start.div_euclid(HOUR) * HOUR;
    let mut hi = (last.end + HOUR - 1).div_euclid(HOUR) * HOUR;
    hi = hi.max(lo + 3 * HOUR);
    let top = segs
        .iter()
        .map(|s| s.level)
        .max()
        .unwrap_or(0)
        .max(p.curve.billed_peak)
        .max(1);
    let ymax = f64::from(top) * 1.15;
    let x = |t: i64| LEFT + (t.clamp(lo, hi) - lo) as f64 / (hi - lo) as f64 * (w - LEFT - RIGHT);
    let y = |v: f64| TOP + (1.0 - v / ymax) * (H - TOP - BOTTOM);
    // The step line: down to 0 across any gap (nobody logged in).
    let mut d = format!("M{},{}", n(x(lo)), n(y(0.0)));
    let mut prev_end = lo;
    for s in segs {
        if s.start > prev_end {
            d.push_str(&format!(" L{},{}", n(x(prev_end)), n(y(0.0))));
            d.push_str(&format!(" L{},{}", n(x(s.start)), n(y(0.0))));
        }
        let yy = n(y(f64::from(s.level)));
        d.push_str(&format!(" L{},{yy} L{},{yy}", n(x(s.start)), n(x(s.end))));
        prev_end = s.end;
    }
    d.push_str(&format!(
        " L{},{} L{},{}",
        n(x(prev_end)),
        n(y(0.0)),
        n(x(hi)),
        n(y(0.0))
    ));
    let hours = (hi - lo) / HOUR;
    let step = (hours / if narrow { 4 } else { 8 }).max(1);
    let billed = p.curve.billed_peak;
    let by = y(f64::from(billed));
    let label = format!(
        "Users logged in on {} (UTC), billed level {billed}: {} window(s) hold it, {} run(s) above it disregarded. The table below lists them.",
        p.day,
        p.windows.len(),
        p.disregarded.len()
    );
    html! {
        <figure class="peak-curve" id="why-chart">
            <svg viewBox={format!("0 0 {} {}", n(w), n(H))} role="img" aria-label={label} aria-describedby={p.described_by.clone()}>
                { for p.windows.iter().filter(|(a, b)| *b > lo && *a < hi).map(|&(a, b)| html! {
                    <rect class="held" x={n(x(a))} y={n(TOP)} width={n((x(b) - x(a)).max(1.0))} height={n(H - TOP - BOTTOM)}>
                        <title>{ format!("Held {billed}: {}", crate::drilldown::span(a, b)) }</title>
                    </rect>
                }) }
                <line class="axis" x1={n(LEFT)} y1={n(y(0.0))} x2={n(w - RIGHT)} y2={n(y(0.0))} />
                { for (0..=hours).step_by(step as usize).map(|h| {
                    let t = lo + h * HOUR;
                    // The first hour reads rightwards, clear of the time zone left of it.
                    html! { <text class="tick" x={n(x(t))} y={n(H - 6.0)} text-anchor={if h == 0 { "start" } else { "middle" }}>{ hhmm(t) }</text> }
                }) }
                <text class="tick" x={n(LEFT - 4.0)} y={n(y(0.0))} text-anchor="end">{"0"}</text>
                <text class="tick" x={n(LEFT - 4.0)} y={n(y(f64::from(top)) + 4.0)} text-anchor="end">{ top.to_string() }</text>
                <text class="tick" x={n(LEFT - 4.0)} y={n(TOP - 14.0)} text-anchor="end">{"users"}</text>
                <text class="tick" x={n(LEFT - 4.0)} y={n(H - 6.0)} text-anchor="end">{"UTC"}</text>
                <path class="curve" d={d} />
                <line class="billed" x1={n(LEFT)} y1={n(by)} x2={n(w - RIGHT)} y2={n(by)} />
                <text class="billed-label" x={n(w - RIGHT)} y={n(by - 4.0)} text-anchor="end">{ format!("billed {billed}") }</text>
                { for p.disregarded.iter().filter(|(a, b, _)| *b > lo && *a < hi).enumerate().map(|(i, &(a, b, users))| {
                    let mx = (x(a) + x(b)) / 2.0;
                    // Staggered so neighbouring spikes' labels do not overlap.
                    let ly = 11.0 + (i % 2) as f64 * 10.0;
                    html! {
                        <g class="spike">
                            <line x1={n(mx)} y1={n(ly)} x2={n(mx)} y2={n(y(f64::from(users)))} />
                            // Near an edge the label reads inwards, so it is never cut off.
                            <text x={n(mx)} y={n(ly - 2.0)} text-anchor={if mx < LEFT + 80.0 { "start" } else if mx > w - RIGHT - 80.0 { "end" } else { "middle" }}>{ if narrow { format!("{users} at {}", hhmm(a)) } else { format!("{users} at {}–{}, disregarded", hhmm(a), hhmm(b)) } }</text>
                        </g>
                    }
                }) }
            </svg>
            <figcaption>{ format!("{} (UTC): the line is users logged in; shaded: held at the billed level; dashed: billed {billed}.", p.day) }</figcaption>
        </figure>
    }
}
