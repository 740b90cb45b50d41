//! "Why N?" for a named line: every billed user (R-W1).

use std::rc::Rc;

use yew::prelude::*;

use super::remote_table::{Fetch, RemoteTable};
use crate::drilldown::{self, file_name as file, List, Why};
use rust_decimal::Decimal;

#[derive(Properties)]
pub struct NamedProps {
    pub why: Rc<Why>,
    pub fetch: Fetch,
}

/// The same answer (a new one is a new Rc): compared by pointer, so no
/// redraw of the App walks the whole answer to find it unchanged.
impl PartialEq for NamedProps {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.why, &other.why) && self.fetch == other.fetch
    }
}

/// R-W1: every billed user; brief ones on top with what they cost.
#[component]
pub fn Named(p: &NamedProps) -> Html {
    let longest_first = use_state(|| true);
    let e = &p.why.entry;
    let toggle = {
        let l = longest_first.clone();
        Callback::from(move |_| l.set(!*l))
    };
    let cost = e.brief_cost.unwrap_or(Decimal::ZERO);
    let list = List::Users {
        shortest_first: !*longest_first,
    };
    // The panel came with the first page, longest first; a whole list is
    // turned round here, a longer one asked for in the other order.
    let first = use_memo((p.why.clone(), list), |(w, list)| {
        let mut rows = w.users.clone();
        match list {
            List::Users { shortest_first } if rows.whole => {
                drilldown::sort_named(&mut rows.rows, *shortest_first);
                Some((Some(*list), Rc::new(rows)))
            }
            _ => Some((
                Some(List::Users {
                    shortest_first: false,
                }),
                Rc::new(rows),
            )),
        }
    });
    let first = (*first).clone();
    html! {
        <div class="why-named">
            <p id="why-summary">{ billsim_core::panel::named_summary(p.why.billed_users, p.why.brief_users, cost, &p.why.currency) }</p>
            <button type="button" id="why-sort" onclick={toggle} aria-pressed={(!*longest_first).to_string()}>
                { if *longest_first { "Sort by time logged in: shortest first" } else { "Sort by time logged in: longest first" } }
            </button>
            <RemoteTable id="why-users" caption="Billed users, brief ones on top" headers={vec!["User", "Product", "First login (UTC)", "Minutes", "Brief"]} {list} {first} fetch={p.fetch.clone()} file={file(e, "users")} searchable=true numeric={vec![3]} />
        </div>
    }
}
