//! One product's cost curve as an SVG chart: the contract total against the
//! committed quantity, the current and best commitments marked, and the
//! 10th-90th percentile band when the usage comes from workforce profiles.
//! f64 is used for coordinates only; every amount shown is a Decimal.

use billsim_core::advice::ProductAdvice;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use yew::prelude::*;

use crate::coord::n;

fn money(d: rust_decimal::Decimal) -> String {
    crate::money::grouped(&d)
}

#[derive(Properties, PartialEq)]
pub struct AdviceChartProps {
    pub advice: std::rc::Rc<ProductAdvice>,
    pub currency: String,
}

/// The width in chart units; on a phone [`NARROW_W`], so the text, which
/// scales with the chart, stays readable.
const WIDE_W: f64 = 600.0;
const NARROW_W: f64 = 320.0;
const H: f64 = 240.0;
const LEFT: f64 = 112.0;
const RIGHT: f64 = 20.0;
/// Room above the plot: the y axis's unit, then the marks' labels below it.
const TOP: f64 = 42.0;
const BOTTOM: f64 = 36.0;

fn f(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

#[component]
pub fn AdviceChart(p: &AdviceChartProps) -> Html {
    let w = if crate::window_event::use_narrow() {
        NARROW_W
    } else {
        WIDE_W
    };
    let a = &p.advice;
    let curve = &a.curve;
    if curve.is_empty() {
        return html! {};
    }
    // The y range covers the band too, so it is never clipped.
    let values = curve
        .iter()
        .flat_map(|c| [Some(c.total), c.p10, c.p90])
        .flatten();
    let (lo, hi) = values.fold((Decimal::MAX, Decimal::MIN), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    let max_c = curve.last().map_or(1.0, |c| f(c.committed)).max(1.0);
    let span = (f(hi) - f(lo)).max(1.0);
    let x = |c: Decimal| LEFT + f(c).clamp(0.0, max_c) / max_c * (w - LEFT - RIGHT);
    let y = |v: Decimal| TOP + (f(hi) - f(v)) / span * (H - TOP - BOTTOM);
    let line = curve
        .iter()
        .map(|c| format!("{},{}", n(x(c.committed)), n(y(c.total))))
        .collect::<Vec<_>>()
        .join(" ");
    let band = curve
        .iter()
        .all(|c| c.p10.is_some() && c.p90.is_some())
        .then(|| {
            let upper = curve.iter().filter_map(|c| c.p90.map(|v| (c.committed, v)));
            let lower = curve
                .iter()
                .rev()
                .filter_map(|c| c.p10.map(|v| (c.committed, v)));
            upper
                .chain(lower)
                .map(|(c, v)| format!("{},{}", n(x(c)), n(y(v))))
                .collect::<Vec<_>>()
                .join(" ")
        });
    let total_at = |c: Decimal| curve.iter().find(|p| p.committed == c).map(|p| p.total);
    // A marker: a vertical line at the commitment, a dot on the curve, a label above.
    let mark = |c: Decimal, label: String, class: &'static str, anchor: &'static str| {
        let cx = x(c);
        // The label reads the way asked if it fits in the chart, else the
        // way it fits (about 7 units a character at its 12 px, bold).
        let wide = label.chars().count() as f64 * 7.0;
        let fits = |a: &str| {
            let (from, to) = match a {
                "start" => (cx, cx + wide),
                "end" => (cx - wide, cx),
                _ => (cx - wide / 2.0, cx + wide / 2.0),
            };
            from >= 0.0 && to <= w
        };
        let anchor = [anchor, "middle", "start", "end"]
            .into_iter()
            .find(|a| fits(a))
            .unwrap_or("end");
        html! {
            <g class={classes!("mark", class)}>
                <line x1={n(cx)} x2={n(cx)} y1={n(TOP)} y2={n(H - BOTTOM)} />
                if let Some(t) = total_at(c) {
                    <circle cx={n(cx)} cy={n(y(t))} r="4" />
                }
                <text x={n(cx)} y={n(TOP - 8.0)} text-anchor={anchor}>{ label }</text>
            </g>
        }
    };
    // Labels of both marks would overlap when the commitments are close: push them apart.
    let (cur_anchor, best_anchor) = if a.best < a.current {
        ("start", "end")
    } else {
        ("end", "start")
    };
    let same = a.best == a.current;
    // With steps, "current" is only the first step: the curve's point there is not today's total.
    let now = if a.steps.is_empty() {
        format!("current {}", a.current)
    } else {
        format!("first step {}", a.current)
    };
    let label = format!(
        "Cost curve of {}: contract total from {} to {} {} over commitments 0 to {}; current {}, best {}",
        a.product,
        money(lo),
        money(hi),
        p.currency,
        curve.last().map_or(Decimal::ZERO, |c| c.committed),
        a.current,
        a.best
    );
    html! {
        <svg class="advice-chart" viewBox={format!("0 0 {} {}", n(w), n(H))} role="img" aria-label={label}>
            <line class="axis" x1={n(LEFT)} x2={n(w - RIGHT)} y1={n(H - BOTTOM)} y2={n(H - BOTTOM)} />
            <line class="axis" x1={n(LEFT)} x2={n(LEFT)} y1={n(TOP)} y2={n(H - BOTTOM)} />
            <text class="tick" x={n(LEFT - 6.0)} y={n(y(hi) + 4.0)} text-anchor="end">{ money(hi) }</text>
            <text class="tick" x={n(LEFT - 6.0)} y={n(y(lo) + 4.0)} text-anchor="end">{ money(lo) }</text>
            <text class="tick" x={n(LEFT - 6.0)} y="12" text-anchor="end">{ format!("total, {}", p.currency) }</text>
            <text class="tick" x={n(LEFT)} y={n(H - BOTTOM + 16.0)} text-anchor="middle">{"0"}</text>
            <text class="tick" x={n(w - RIGHT)} y={n(H - BOTTOM + 16.0)} text-anchor="middle">{ curve.last().map_or(Decimal::ZERO, |c| c.committed).to_string() }</text>
            <text class="tick" x={n((LEFT + w - RIGHT) / 2.0)} y={n(H - 4.0)} text-anchor="middle">{"committed quantity"}</text>
            if let Some(points) = band {
                <polygon class="band" points={points} />
            }
            <polyline class="curve" points={line} />
            if same {
                { mark(a.best, format!("best {} = {now}", a.best), "best", "middle") }
            } else {
                { mark(a.current, now, "current", cur_anchor) }
                { mark(a.best, format!("best {}", a.best), "best", best_anchor) }
            }
        </svg>
    }
}
