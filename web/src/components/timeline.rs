//! Every invoice with its date and total; click to open one.

use billsim_core::SimResult;
use yew::prelude::*;

#[derive(Properties)]
pub struct TimelineProps {
    pub result: std::rc::Rc<SimResult>,
    pub selected: u32,
    pub on_select: Callback<u32>,
}

/// The same bill (a new one is a new Rc): compared by pointer, so no
/// redraw of the App walks the whole bill to find it unchanged.
impl PartialEq for TimelineProps {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.result, &other.result)
            && self.selected == other.selected
            && self.on_select == other.on_select
    }
}

#[component]
pub fn Timeline(p: &TimelineProps) -> Html {
    html! {
        <nav class="timeline" aria-label="Invoices">
            <ol>
            { for p.result.invoices.iter().map(|inv| {
                let n = inv.number;
                let cb = p.on_select.clone();
                let class = if n == p.selected { "inv selected" } else { "inv" };
                html! {
                    <li key={n}>
                        <button class={class} data-invoice={n.to_string()} aria-current={(n == p.selected).then_some("true")} onclick={Callback::from(move |_| cb.emit(n))}>
                            <span class="num">{ format!("#{n}") }</span>
                            <span class="date">{ inv.date.to_string() }</span>
                            <span class="amt">{ crate::money::money(&inv.total, &p.result.currency) }</span>
                        </button>
                    </li>
                }
            }) }
            </ol>
        </nav>
    }
}
