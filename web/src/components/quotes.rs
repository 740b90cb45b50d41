//! Quotes side by side: named scenarios kept in this browser (save, rename,
//! duplicate, delete with undo, open) and two of them compared invoice by
//! invoice and category by category, with a printable comparison.

use billsim_core::quotes::{Pair, QuoteDiff};
use billsim_core::scenario::Category;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::protocol::NamedText;
use crate::quotes::{self, Quote};

/// Two quotes as billed: A and B.
type QuotePair = (NamedText, NamedText);
use crate::context::Store;
use crate::state::Action;

/// What a quote is called in a list: its name, or the scenario's.
fn default_name(text: &str, n: usize) -> String {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|d| d["name"].as_str().map(str::to_owned))
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| format!("Quote {n}"))
}

fn category_label(c: Category) -> &'static str {
    match c {
        Category::License => "Licenses",
        Category::Resource => "Resources",
        Category::Ai => "AI tokens",
        Category::Device => "Devices",
        Category::Telco => "Telco",
        Category::OneTime => "One-time charges",
    }
}

fn amount(d: Option<rust_decimal::Decimal>) -> String {
    d.map_or_else(|| "-".into(), |d| crate::money::grouped(&d))
}

fn difference(p: &Pair) -> String {
    match p.difference {
        None => "n/a".into(),
        Some(d) if d.is_sign_positive() && !d.is_zero() => {
            format!("+{}", crate::money::grouped(&d))
        }
        Some(d) => crate::money::grouped(&d),
    }
}

/// Which side of the comparison a select sets.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    A,
    B,
}

#[component]
pub fn Quotes() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let bridge = use_context::<Option<crate::context::BridgeHandle>>().flatten();
    let list = use_state(quotes::load);
    let notice = use_state(String::new);
    let deleted = use_state(|| None::<Quote>);
    let name = use_state(String::new);
    let pick = use_state(|| (None::<u64>, None::<u64>));

    let apply = {
        let (list, notice) = (list.clone(), notice.clone());
        move |r: Result<Vec<Quote>, String>, done: String| match r {
            Ok(l) => {
                list.set(Ok(l));
                notice.set(done);
            }
            Err(e) => notice.set(format!("Nothing was changed: {e}.")),
        }
    };

    let save = {
        let (store, name, apply) = (store.clone(), name.clone(), apply.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = store.text.clone();
            let mut saved_as = String::new();
            let r = quotes::update(|l| {
                let n = if name.trim().is_empty() {
                    default_name(&text, l.len() + 1)
                } else {
                    name.trim().to_owned()
                };
                saved_as = n.clone();
                l.push(Quote {
                    id: quotes::next_id(l),
                    name: n,
                    text: text.clone(),
                    saved: quotes::now(),
                });
            });
            name.set(String::new());
            apply(r, format!("Saved the current scenario as \"{saved_as}\"."));
        })
    };
    let rename = |id: u64| {
        let apply = apply.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let new = input.value().trim().to_owned();
            if new.is_empty() {
                return;
            }
            let r = quotes::update(|l| {
                if let Some(q) = l.iter_mut().find(|q| q.id == id) {
                    q.name = new.clone();
                }
            });
            apply(r, format!("Renamed to \"{new}\"."));
        })
    };
    let duplicate = |id: u64| {
        let apply = apply.clone();
        Callback::from(move |_| {
            let mut copy_name = String::new();
            let r = quotes::update(|l| {
                if let Some(q) = l.iter().find(|q| q.id == id).cloned() {
                    copy_name = format!("{} (copy)", q.name);
                    let id = quotes::next_id(l);
                    l.push(Quote {
                        id,
                        name: copy_name.clone(),
                        saved: quotes::now(),
                        ..q
                    });
                }
            });
            apply(r, format!("Duplicated as \"{copy_name}\"."));
        })
    };
    let delete = |id: u64| {
        let (apply, deleted) = (apply.clone(), deleted.clone());
        Callback::from(move |_| {
            let mut gone = None;
            let r = quotes::update(|l| {
                if let Some(i) = l.iter().position(|q| q.id == id) {
                    gone = Some(l.remove(i));
                }
            });
            let what = gone.as_ref().map(|q| q.name.clone()).unwrap_or_default();
            deleted.set(gone);
            apply(r, format!("Deleted \"{what}\"."));
        })
    };
    let undo_delete = {
        let (apply, deleted) = (apply.clone(), deleted.clone());
        Callback::from(move |_| {
            let Some(q) = (*deleted).clone() else { return };
            let name = q.name.clone();
            let r = quotes::update(|l| {
                let pos = l.iter().position(|x| x.id > q.id).unwrap_or(l.len());
                if l.iter().all(|x| x.id != q.id) {
                    l.insert(pos, q);
                }
            });
            deleted.set(None);
            apply(r, format!("Restored \"{name}\"."));
        })
    };
    let open = |id: u64| {
        let (store, apply) = (store.clone(), apply.clone());
        Callback::from(move |_| {
            let current = store.text.clone();
            let mut target = None;
            let mut kept = String::new();
            // The work in the editor is kept as a quote first unless a quote already holds it.
            let r = quotes::update(|l| {
                target = l.iter().find(|q| q.id == id).cloned();
                let Some(t) = &target else { return };
                if current != t.text && l.iter().all(|q| q.text != current) {
                    kept = format!("Before opening {} ({})", t.name, quotes::stamp());
                    l.push(Quote {
                        id: quotes::next_id(l),
                        name: kept.clone(),
                        text: current.clone(),
                        saved: quotes::now(),
                    });
                }
            });
            let Some(t) = target else { return };
            let ok = r.is_ok();
            let msg = if kept.is_empty() {
                format!("Opened \"{}\".", t.name)
            } else {
                format!(
                    "Opened \"{}\". Your previous work is kept as the quote \"{kept}\".",
                    t.name
                )
            };
            apply(r, msg);
            if ok {
                store.dispatch(Action::SetText(t.text));
            }
        })
    };
    let choose = |side: Side| {
        let pick = pick.clone();
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            let id = sel.value().parse::<u64>().ok();
            let (a, b) = *pick;
            pick.set(match side {
                Side::A => (id, b),
                Side::B => (a, id),
            });
        })
    };
    let print = Callback::from(|_| crate::download::print_only("quotes"));

    let saved: Vec<Quote> = match &*list {
        Ok(l) => l.clone(),
        Err(_) => Vec::new(),
    };
    let find = |id: Option<u64>| id.and_then(|id| saved.iter().find(|q| q.id == id));
    let (qa, qb) = (find(pick.0), find(pick.1));
    // The two quotes are billed in the background worker; the answer is
    // kept with the texts it is for, so a stale one is never shown.
    let key = match (qa, qb) {
        (Some(a), Some(b)) => Some((
            NamedText {
                name: a.name.clone(),
                text: a.text.clone(),
            },
            NamedText {
                name: b.name.clone(),
                text: b.text.clone(),
            },
        )),
        _ => None,
    };
    let answer = use_state(|| None::<(QuotePair, Result<QuoteDiff, String>)>);
    {
        let (answer, bridge) = (answer.clone(), bridge.clone());
        use_effect_with(key.clone(), move |key| {
            if let (Some((a, b)), Some(bridge)) = (key.clone(), bridge) {
                let asked = (a.clone(), b.clone());
                bridge.0.ask(
                    crate::protocol::Quotes { a, b },
                    Callback::from(move |d| answer.set(Some((asked.clone(), d)))),
                );
            }
        });
    }
    let compared: Option<&Result<QuoteDiff, String>> = match (&key, &*answer) {
        (Some(k), Some((asked, d))) if k == asked => Some(d),
        _ => None,
    };
    let select = |side: Side, chosen: Option<u64>| {
        let label = if side == Side::A {
            "Quote A"
        } else {
            "Quote B"
        };
        html! {
            <label>{ label }{" "}
                <select onchange={choose(side)}>
                    <option value="" selected={chosen.is_none()}>{"(choose a quote)"}</option>
                    { for saved.iter().map(|q| html! {
                        <option value={q.id.to_string()} selected={chosen == Some(q.id)}>{ &q.name }</option>
                    }) }
                </select>
            </label>
        }
    };

    html! {
        <section class="quotes" id="quotes" aria-labelledby="quotes-title">
            <h2 id="quotes-title">{"Quotes"}</h2>
            <p class="hint">{"Keep versions of an offer in this browser (nothing leaves it) and compare two. A quote holds the scenario with the logins imported into it; a large file kept by the background worker is not part of it."}</p>
            if let Err(e) = &*list {
                <p class="error" role="alert">{ format!("{e}. They are left as they are; saving a new quote will not replace them.") }</p>
            }
            <form class="save-quote" onsubmit={save}>
                <label>{"Quote name "}
                    <input id="quote-name" placeholder="e.g. 20 concurrent, 12 months" value={(*name).clone()}
                        oninput={{ let name = name.clone(); Callback::from(move |e: InputEvent| { let i: HtmlInputElement = e.target_unchecked_into(); name.set(i.value()); }) }} />
                </label>
                <button type="submit" disabled={list.is_err()}>{"Save current scenario as a quote"}</button>
            </form>
            <p class="notice" role="status" aria-live="polite">{ (*notice).clone() }
                if deleted.is_some() { {" "}<button type="button" onclick={undo_delete}>{"Undo delete"}</button> }
            </p>
            if saved.is_empty() {
                <p>{"No quotes yet."}</p>
            } else {
                <table class="quote-list">
                    <thead><tr><th>{"Name"}</th><th>{"Saved"}</th><th><span class="visually-hidden">{"Actions"}</span></th></tr></thead>
                    <tbody>
                    { for saved.iter().map(|q| html! {
                        <tr key={q.id.to_string()} data-quote={q.name.clone()}>
                            <td><super::quote_name::QuoteName name={q.name.clone()} onchange={rename(q.id)} /></td>
                            <td>{ q.saved.get(..16).unwrap_or(&q.saved).replace('T', " ") }</td>
                            <td class="quote-actions">
                                <button type="button" onclick={open(q.id)} aria-label={format!("Open {}", q.name)}>{"Open"}</button>
                                <button type="button" onclick={duplicate(q.id)} aria-label={format!("Duplicate {}", q.name)}>{"Duplicate"}</button>
                                <button type="button" onclick={delete(q.id)} aria-label={format!("Delete {}", q.name)}>{"Delete"}</button>
                            </td>
                        </tr>
                    }) }
                    </tbody>
                </table>
            }
            <div class="quote-pick">
                { select(Side::A, pick.0) }
                { select(Side::B, pick.1) }
            </div>
            {
                match compared {
                    None if key.is_some() => html! { <p class="hint" role="status">{"Billing both quotes…"}</p> },
                    None => html! {},
                    Some(Err(e)) => html! { <p class="error" role="alert">{ e }</p> },
                    Some(Ok(d)) => html! {
                        <div id="quotes-compare" class="quotes-compare">
                            <h3>{ format!("{} vs {}", qa.map(|q| q.name.as_str()).unwrap_or_default(), qb.map(|q| q.name.as_str()).unwrap_or_default()) }</h3>
                            <p class="print-note">{"A simulation, not an invoice: amounts as billsim computes them from each scenario."}</p>
                            if d.currency_a != d.currency_b {
                                <p class="hint">{ format!("The quotes are in {} and {}: amounts are shown, not subtracted.", d.currency_a, d.currency_b) }</p>
                            }
                            <table class="quote-diff" aria-label="Totals">
                                <thead><tr><th></th><th class="n">{ format!("A ({})", d.currency_a) }</th><th class="n">{ format!("B ({})", d.currency_b) }</th><th class="n">{"B - A"}</th></tr></thead>
                                <tbody>
                                    { for d.categories.iter().map(|c| html! {
                                        <tr><th scope="row">{ category_label(c.category) }</th><td class="n">{ amount(c.amount.a) }</td><td class="n">{ amount(c.amount.b) }</td><td class="n">{ difference(&c.amount) }</td></tr>
                                    }) }
                                    <tr><th scope="row">{"Tax"}</th><td class="n">{ amount(d.tax.a) }</td><td class="n">{ amount(d.tax.b) }</td><td class="n">{ difference(&d.tax) }</td></tr>
                                </tbody>
                                <tfoot><tr class="total"><th scope="row">{"Contract total"}</th><td class="n" id="quote-total-a">{ amount(d.total.a) }</td><td class="n" id="quote-total-b">{ amount(d.total.b) }</td><td class="n" id="quote-total-diff">{ difference(&d.total) }</td></tr></tfoot>
                            </table>
                            <table class="quote-diff" aria-label="Invoices">
                                <thead><tr><th>{"Invoice"}</th><th>{"A date"}</th><th class="n">{"A total"}</th><th>{"B date"}</th><th class="n">{"B total"}</th><th class="n">{"B - A"}</th></tr></thead>
                                <tbody>
                                { for d.invoices.iter().map(|r| html! {
                                    <tr>
                                        <th scope="row">{ r.number }</th>
                                        <td>{ r.date_a.map(|d| d.to_string()).unwrap_or_else(|| "-".into()) }</td>
                                        <td class="n">{ amount(r.total.a) }</td>
                                        <td>{ r.date_b.map(|d| d.to_string()).unwrap_or_else(|| "-".into()) }</td>
                                        <td class="n">{ amount(r.total.b) }</td>
                                        <td class="n">{ difference(&r.total) }</td>
                                    </tr>
                                }) }
                                </tbody>
                            </table>
                            <button type="button" id="print-quotes" onclick={print}>{"Print this comparison"}</button>
                        </div>
                    },
                }
            }
        </section>
    }
}
