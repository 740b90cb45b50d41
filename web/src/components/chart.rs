//! Cost per invoice, stacked by category (SVG drawn from the result).

use billsim_core::scenario::Category;
use billsim_core::SimResult;
use rust_decimal::prelude::ToPrimitive;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChartProps {
    pub result: std::rc::Rc<SimResult>,
}

const COLORS: [&str; 6] = [
    "#2f6db5", "#e08a2e", "#1f9e98", "#6a9f3a", "#8a5cb8", "#b8464b",
];

#[component]
pub fn CostChart(p: &ChartProps) -> Html {
    let invs = &p.result.invoices;
    let max = invs
        .iter()
        .map(|i| i.subtotal.to_f64().unwrap_or(0.0))
        .fold(1.0, f64::max);
    let (w, h, gap) = (24.0, 140.0, 6.0);
    let width = (invs.len() as f64 * (w + gap)).max(200.0);
    html! {
        <figure class="chart" id="cost-chart">
            <svg viewBox={format!("0 0 {width} {}", h + 14.0)} role="img" aria-label="Cost per invoice by category">
                { for invs.iter().enumerate().map(|(i, inv)| {
                    let x = i as f64 * (w + gap);
                    let mut y = h;
                    html! {
                        <g>
                            <title>{ format!("Invoice #{} {}: {} {}", inv.number, inv.date, inv.subtotal, p.result.currency) }</title>
                            { for Category::ALL.iter().enumerate().map(|(ci, cat)| {
                                let amount: f64 = inv.lines.iter().filter(|l| l.category == *cat).map(|l| l.amount.to_f64().unwrap_or(0.0)).sum();
                                let bh = (amount.max(0.0) / max) * h;
                                y -= bh;
                                html! { <rect x={x.to_string()} y={y.to_string()} width={w.to_string()} height={bh.to_string()} fill={COLORS[ci]} /> }
                            }) }
                            <text x={(x + w / 2.0).to_string()} y={(h + 12.0).to_string()} font-size="8" text-anchor="middle">{ format!("#{}", inv.number) }</text>
                        </g>
                    }
                }) }
            </svg>
            <figcaption>
                { for Category::ALL.iter().enumerate().map(|(ci, c)| html! {
                    <span class="key"><svg width="10" height="10"><rect width="10" height="10" fill={COLORS[ci]} /></svg>{ format!(" {} ", c.as_str().replace('_', "-")) }</span>
                }) }
            </figcaption>
        </figure>
    }
}
