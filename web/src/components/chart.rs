//! Cost per invoice, stacked by category (SVG drawn from the result).

use billsim_core::scenario::Category;
use billsim_core::SimResult;
use rust_decimal::prelude::ToPrimitive;
use yew::prelude::*;

use crate::coord::n;

#[derive(Properties)]
pub struct ChartProps {
    pub result: std::rc::Rc<SimResult>,
    /// In the printed quote (beside the one on screen): no page-unique id.
    #[prop_or_default]
    pub print: bool,
}

/// The same bill (a new one is a new Rc): compared by pointer, so no
/// redraw of the App walks the whole bill to find it unchanged.
impl PartialEq for ChartProps {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.result, &other.result) && self.print == other.print
    }
}

const COLORS: [&str; 6] = [
    "#2f6db5", "#e08a2e", "#1f9e98", "#6a9f3a", "#8a5cb8", "#b8464b",
];

/// Left margin for the axis's amounts, in chart units, at the least.
const AXIS: f64 = 64.0;

#[component]
pub fn CostChart(p: &ChartProps) -> Html {
    let narrow = crate::window_event::use_narrow() && !p.print;
    let invs = &p.result.invoices;
    let cur = &p.result.currency;
    // The axis's top is the largest bar's exact amount (bars are before tax: taxes have no category).
    let top = invs
        .iter()
        .map(|i| i.subtotal)
        .max()
        .unwrap_or_default()
        .max(rust_decimal::Decimal::ZERO);
    let max = top.to_f64().unwrap_or(1.0).max(1.0);
    let (h, pad) = (140.0, 8.0);
    // The bars share at most 320 units on a phone, 640 elsewhere, so the
    // text keeps its size however many invoices there are.
    let room = if narrow { 320.0 } else { 640.0 };
    // Room for the top amount's digits at 10 units a character's 5.6
    // (tester: "1,151,159.50" read "151,159.50", cut at the left).
    let axis = AXIS.max(10.0 + 5.6 * crate::money::grouped(&top).len() as f64);
    let pitch = ((room - axis) / invs.len().max(1) as f64).min(30.0);
    let (w, gap) = (pitch * 0.8, pitch * 0.2);
    // An invoice number every `every` bars when they would not fit side by side.
    let every = (20.0 / pitch).ceil().max(1.0) as usize;
    let width = axis + (invs.len() as f64 * pitch).max(200.0);
    let half = (top / rust_decimal::Decimal::TWO).round_dp(2);
    html! {
        <figure class="chart" id={(!p.print).then_some("cost-chart")}>
            <svg viewBox={format!("0 0 {} {}", n(width), n(h + pad + 16.0))} role="img" aria-label={format!("Cost per invoice by category, before tax; the largest invoice is {}", crate::money::money(&top, cur))}>
                // The amounts' unit, left of the invoice numbers.
                <text x={n(axis - 6.0)} y={n(pad + h + 13.0)} font-size="10" text-anchor="end">{ cur }</text>
                { for [(top, 0.0), (half, 0.5), (rust_decimal::Decimal::ZERO, 1.0)].into_iter().map(|(v, f)| {
                    let y = pad + h * f;
                    html! {
                        <g class="axis">
                            <line x1={n(axis - 4.0)} x2={n(width)} y1={n(y)} y2={n(y)} stroke="#c8ced6" stroke-width="0.5" />
                            <text x={n(axis - 6.0)} y={n(y + 3.5)} font-size="10" text-anchor="end">{ crate::money::grouped(&v) }</text>
                        </g>
                    }
                }) }
                { for invs.iter().enumerate().map(|(i, inv)| {
                    let x = axis + i as f64 * (w + gap);
                    let mut y = pad + h;
                    html! {
                        <g>
                            <title>{ format!("Invoice #{} {}: {} before tax, {} with tax", inv.number, inv.date, crate::money::money(&inv.subtotal, cur), crate::money::money(&inv.total, cur)) }</title>
                            { for Category::ALL.iter().enumerate().map(|(ci, cat)| {
                                let amount: f64 = inv.lines.iter().filter(|l| l.category == *cat).map(|l| l.amount.to_f64().unwrap_or(0.0)).sum();
                                let bh = (amount.max(0.0) / max) * h;
                                y -= bh;
                                html! { <rect x={n(x)} y={n(y)} width={n(w)} height={n(bh)} fill={COLORS[ci]} /> }
                            }) }
                            if i % every == 0 {
                                <text x={n(x + w / 2.0)} y={n(pad + h + 13.0)} font-size="10" text-anchor="middle">{ format!("#{}", inv.number) }</text>
                            }
                        </g>
                    }
                }) }
            </svg>
            <figcaption>
                {"Before tax, by category: "}
                { for Category::ALL.iter().enumerate().map(|(ci, c)| html! {
                    <span class="key"><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" fill={COLORS[ci]} /></svg>{ format!(" {} ", c.as_str().replace('_', "-")) }</span>
                }) }
            </figcaption>
        </figure>
    }
}
