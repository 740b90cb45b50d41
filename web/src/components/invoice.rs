//! One invoice: lines grouped by category, each with its explanation (R-E1),
//! and for license lines the cycle's committed / actual / billed.

use billsim_core::result::{Invoice, LineKind};
use billsim_core::scenario::Category;
use billsim_core::SimResult;
use yew::prelude::*;

use super::why::WhyPanel;
use crate::money::grouped;

#[derive(Properties)]
pub struct InvoiceProps {
    pub result: std::rc::Rc<SimResult>,
    pub number: u32,
    /// In the printed quote, where every invoice shows: no page-unique ids.
    #[prop_or_default]
    pub print: bool,
}

/// The same bill (a new one is a new Rc): compared by pointer, so no
/// redraw of the App walks the whole bill to find it unchanged.
impl PartialEq for InvoiceProps {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.result, &other.result)
            && self.number == other.number
            && self.print == other.print
    }
}

const CATEGORY_LABELS: [(Category, &str); 6] = [
    (Category::License, "Cloud CX licenses and add-ons"),
    (
        Category::Resource,
        "Resources (fair use), messaging and free allocations",
    ),
    (Category::Ai, "AI Experience tokens"),
    (Category::Device, "Devices"),
    (Category::Telco, "Telco usage and numbers"),
    (Category::OneTime, "One-time charges"),
];

/// The license line whose "Why N?" panel is open.
type WhyOpen = Option<super::why::Asked>;

#[component]
pub fn InvoiceView(p: &InvoiceProps) -> Html {
    let why_open = use_state(|| None::<super::why::Asked>);
    {
        // Another invoice: its own lines, no panel left open from the last one.
        let w = why_open.clone();
        use_effect_with(p.number, move |_| w.set(None));
    }
    let Some(inv): Option<&Invoice> = p.result.invoices.iter().find(|i| i.number == p.number)
    else {
        return html! { <p>{ "No invoice selected." }</p> };
    };
    let cur = &p.result.currency;
    html! {
        <article class="invoice" id={(!p.print).then_some("invoice")}>
            <h2>{ format!("Invoice #{} — {}", inv.number, inv.date) }</h2>
            <table>
                <thead><tr><th>{"Description"}</th><th>{"Period"}</th><th>{"Timing"}</th><th class="n">{"Qty"}</th><th class="n">{"Unit price"}</th><th class="n">{"Amount"}</th></tr></thead>
                <tbody>
                { for inv.lines.iter().enumerate().map(|(i, l)| {
                    // Lines come sorted by category: a heading row opens each group.
                    let heading = (i == 0 || inv.lines[i - 1].category != l.category).then(|| {
                        html! { <tr class="group"><th colspan="6" scope="rowgroup">{ CATEGORY_LABELS.iter().find(|(c, _)| *c == l.category).map_or("", |(_, t)| *t) }</th></tr> }
                    });
                    let usage = if matches!(l.kind, LineKind::Prepay | LineKind::Overage | LineKind::Actual | LineKind::Hourly) {
                        p.result.cycles.iter().find(|c| c.start <= l.period.start && l.period.start <= c.end).and_then(|c| {
                            c.usage.iter().find(|u| Some(&u.product) == l.product.as_ref() && Some(&u.org) == l.org.as_ref()).map(|u| (c.index, u))
                        })
                    } else { None };
                    let why = usage.map(|(index, u)| html! { <div class="why">{ format!("Cycle {}: committed {}, actual {}, billed {}", index, u.committed, u.actual, u.billed) }</div> });
                    // The line's own quantity (the prepay line's commitment, the overage line's excess) is the N asked about.
                    let why_button = usage.map(|(index, u)| {
                        let n = grouped(&l.quantity.normalize());
                        let open: WhyOpen = Some((index, u.org.clone(), u.product.clone(), n.clone(), Some(l.kind)));
                        let w = why_open.clone();
                        let label = format!("Why {n}? {} in {}, cycle {index}", u.product, u.org);
                        html! { <button type="button" class="why-open" aria-label={label} onclick={Callback::from(move |_| w.set(open.clone()))}>{ format!("Why {n}?") }</button> }
                    });
                    html! {
                        <>
                        { heading.unwrap_or_default() }
                        <tr class={classes!("line", l.category.as_str())} data-kind={l.kind.as_str()}>
                            <td>{ &l.description }{ why_button.unwrap_or_default() }</td>
                            // A period breaks between its dates, never inside one (tester: "2026-12-" / "20" in print).
                            <td><span class="date">{ l.period.start.to_string() }</span>{ " – " }<span class="date">{ l.period.end.to_string() }</span></td>
                            <td>{ l.timing.as_str().replace('_', " ") }</td>
                            <td class="n">{ grouped(&l.quantity) }</td>
                            <td class="n">{ grouped(&l.unit_price) }</td>
                            <td class="n">{ grouped(&l.amount) }</td>
                        </tr>
                        <tr class="explain"><td colspan="6">{ &l.explanation }{ why.unwrap_or_default() }</td></tr>
                        </>
                    }
                }) }
                </tbody>
                <tfoot>
                    <tr><td colspan="5">{"Subtotal"}</td><td class="n">{ grouped(&inv.subtotal) }</td></tr>
                    { for inv.taxes.iter().map(|t| html! { <tr><td colspan="5">{ format!("{} ({} on {})", t.name, t.rate, grouped(&t.base)) }</td><td class="n">{ grouped(&t.amount) }</td></tr> }) }
                    <tr class="total"><td colspan="5">{ format!("Total {cur}") }</td><td class="n" id={(!p.print).then_some("invoice-total")}>{ grouped(&inv.total) }</td></tr>
                </tfoot>
            </table>
            // The panel's N is its line's as billed now: after an edit or an
            // Undo it follows the line, and goes with it (tester: "Why 10?"
            // stayed over a body that said 0).
            if let Some((cycle, org, product, n, line)) = (*why_open).clone().and_then(|(cycle, org, product, _, line)| {
                let now = inv.lines.iter().find(|l| {
                    Some(l.kind) == line && l.product.as_ref() == Some(&product) && l.org.as_ref() == Some(&org)
                        && p.result.cycles.iter().any(|c| c.index == cycle && c.start <= l.period.start && l.period.start <= c.end)
                })?;
                Some((cycle, org, product, grouped(&now.quantity.normalize()), line))
            }) {
                <WhyPanel {cycle} {org} {product} {n} {line} on_close={{ let w = why_open.clone(); Callback::from(move |_| w.set(None)) }} />
            }
        </article>
    }
}
