//! "Check a bill": the vendor's files, dropped or chosen, reconciled in the
//! worker against the scenario on screen (R-R1..R-R6). Each invoice's
//! lines side by side with their differences and causes in words; a usage
//! difference opens "Why N?"; a setting the vendor implies can be applied
//! and undone; print and CSV. The files stay in this browser.

use std::cell::RefCell;

use yew::prelude::*;

use super::why::WhyPanel;
use crate::context::Store;
use crate::doc::Seg;
use crate::protocol::{CheckDates, CheckRefused, Reconcile};
use crate::state::Action;

thread_local! {
    /// The names of the files loaded, in order; the worker holds their
    /// bytes while the page is open (tabs come and go).
    static FILES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// The browser's handles of those files, kept in this browser's
    /// storage so that a reload checks them again (`crate::idb`).
    static HANDLES: RefCell<Vec<web_sys::File>> = const { RefCell::new(Vec::new()) };
    /// The names of the files kept in this browser's storage: a file is
    /// kept once a check has read it (a refused one never is).
    static KEPT: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// Whether the files kept from an earlier visit were looked for.
    static LOOKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Checks asked so far: an answer to an older one is not shown.
    static ASKED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// The dates the check is asked with (kept while the page is open).
    static DATES: RefCell<CheckDates> = RefCell::new({
        let (period, as_of) = crate::storage::check_dates();
        CheckDates { period, as_of }
    });
    /// The worker restarts (crash or Stop) the files were last given at:
    /// a new worker holds none, so they are given again.
    static GIVEN_AT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    /// Files given so far: the same name given again is checked again.
    static GIVEN: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn load() -> Vec<String> {
    FILES.with(|f| f.borrow().clone())
}

/// The list now: kept for the next visit of the tab and, with the files
/// themselves, in this browser's storage for a reload.
fn keep(files: &[String]) {
    let before = FILES.with(|f| std::mem::replace(&mut *f.borrow_mut(), files.to_vec()));
    HANDLES.with(|h| h.borrow_mut().retain(|f| files.contains(&f.name())));
    let gone: Vec<String> = before.into_iter().filter(|n| !files.contains(n)).collect();
    if !gone.is_empty() {
        KEPT.with(|k| k.borrow_mut().retain(|n| !gone.contains(n)));
        remember(None, gone);
    }
}

/// Keeps in this browser's storage the files a check has just read.
fn keep_read() {
    let new: Vec<web_sys::File> = HANDLES.with(|h| {
        KEPT.with(|k| {
            let mut k = k.borrow_mut();
            let new: Vec<web_sys::File> = h
                .borrow()
                .iter()
                .filter(|f| !k.contains(&f.name()))
                .cloned()
                .collect();
            k.extend(new.iter().map(web_sys::File::name));
            new
        })
    });
    for f in new {
        remember(Some(f), Vec::new());
    }
}

/// Adds `add` to, and drops `remove` from, the files kept in this browser.
fn remember(add: Option<web_sys::File>, remove: Vec<String>) {
    wasm_bindgen_futures::spawn_local(async move {
        // Not kept (a private window): the check works for this visit.
        let _ = crate::idb::change_vendor_files(add, remove).await;
    });
}

#[component]
pub fn CheckBill() -> Html {
    let store = use_context::<Store>();
    let bridge = use_context::<Option<crate::context::BridgeHandle>>().flatten();
    let files = use_state(load);
    // `files.set` renders again even with an equal list (use_state).
    let given = GIVEN.with(std::cell::Cell::get);
    // The check, as the worker wrote it (HTML).
    let outcome = use_state(|| None::<String>);
    // Why the last file or check was refused, as the worker wrote it (HTML).
    let refused = use_state(|| None::<String>);
    let undo = use_state(|| None::<(String, String)>);
    let why_open = use_state(|| None::<super::why::Asked>);
    let text = store.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    let dates = use_state(|| DATES.with(|d| d.borrow().clone()));

    // Reconciled again whenever the files, the scenario or the period change.
    {
        let (files, outcome, refused) = (files.clone(), outcome.clone(), refused.clone());
        let bridge = bridge.clone();
        use_effect_with(
            ((*files).clone(), text.clone(), given, (*dates).clone()),
            move |(list, text, _, dates)| {
                if list.is_empty() {
                    outcome.set(None);
                    // The worker lets go of every file.
                    if let Some(b) = &bridge {
                        b.0.ask(
                            Reconcile {
                                text: text.to_string(),
                                files: Vec::new(),
                                dates: dates.clone(),
                            },
                            Callback::noop(),
                        );
                    }
                } else if let Some(b) = &bridge {
                    let mine = ASKED.with(|a| {
                        a.set(a.get() + 1);
                        a.get()
                    });
                    // Checking: the previous answer no longer holds.
                    outcome.set(None);
                    let reply = {
                        let (files, list) = (files.clone(), list.clone());
                        Callback::from(move |r: Result<String, CheckRefused>| {
                            if ASKED.with(std::cell::Cell::get) != mine {
                                return; // an older question
                            }
                            match r {
                                Ok(html) => {
                                    keep_read();
                                    outcome.set(Some(html));
                                }
                                // The scenario does not bill: said where the check goes.
                                Err(CheckRefused { file, why }) if file.is_empty() => {
                                    keep_read();
                                    outcome.set(Some(why));
                                }
                                Err(CheckRefused { file: dropped, why }) => {
                                    // The refused file goes, said until the next file is added;
                                    // the others stay and are read again.
                                    refused.set(Some(why));
                                    let rest: Vec<String> =
                                        list.iter().filter(|f| **f != dropped).cloned().collect();
                                    keep(&rest);
                                    files.set(rest);
                                }
                            }
                        })
                    };
                    b.0.ask(
                        Reconcile {
                            text: text.to_string(),
                            files: list.clone(),
                            dates: dates.clone(),
                        },
                        reply,
                    );
                }
            },
        );
    }

    // A new worker (after a crash or Stop) holds no vendor file: the page's
    // handles are given to it again, so the next check needs no new pick.
    {
        let restarts = store.as_ref().map_or(0, |s| s.restarts);
        let bridge = bridge.clone();
        use_effect_with(restarts, move |n| {
            if let (true, Some(b)) = (GIVEN_AT.with(|g| g.replace(*n)) != *n, &bridge) {
                HANDLES.with(|h| h.borrow().iter().for_each(|f| b.0.bill(&f.name(), f)));
            }
        });
    }

    // The files kept from an earlier visit (a reload) are given to the worker again.
    let restored = use_state(|| 0usize);
    {
        let (files, restored, bridge) = (files.clone(), restored.clone(), bridge.clone());
        use_effect_with((), move |_| {
            if LOOKED.with(|l| l.replace(true)) || !files.is_empty() {
                return;
            }
            let Some(b) = bridge else { return };
            wasm_bindgen_futures::spawn_local(async move {
                let kept = crate::idb::vendor_files().await.unwrap_or_default();
                if kept.is_empty() || FILES.with(|f| !f.borrow().is_empty()) {
                    return;
                }
                let names: Vec<String> = kept.iter().map(web_sys::File::name).collect();
                for f in &kept {
                    b.0.bill(&f.name(), f);
                }
                HANDLES.with(|h| *h.borrow_mut() = kept);
                KEPT.with(|k| *k.borrow_mut() = names.clone());
                GIVEN.with(|g| g.set(g.get() + 1));
                FILES.with(|f| *f.borrow_mut() = names.clone());
                restored.set(names.len());
                files.set(names);
            });
        });
    }

    // One file at a time (choose or drop again to add more): the list grows.
    let add = {
        let (files, refused, bridge) = (files.clone(), refused.clone(), bridge.clone());
        Callback::from(move |f: web_sys::File| {
            let Some(b) = &bridge else { return };
            let name = f.name();
            // The file itself goes to the worker, which reads it a piece
            // at a time: a million-call report never enters the page.
            b.0.bill(&name, &f);
            HANDLES.with(|h| {
                let mut h = h.borrow_mut();
                h.retain(|x| x.name() != name);
                h.push(f.clone());
            });
            // Kept again once a check has read this copy.
            KEPT.with(|k| k.borrow_mut().retain(|x| *x != name));
            GIVEN.with(|g| g.set(g.get() + 1));
            let mut list = (*files).clone();
            // The same name again replaces the earlier copy.
            list.retain(|x| *x != name);
            list.push(name);
            refused.set(None);
            keep(&list);
            files.set(list);
        })
    };
    let super::import::FileDrop {
        over,
        onchange,
        ondrop,
        ondragover,
        ondragleave,
    } = super::import::use_file_drop(add);

    let Some(store) = store else {
        return html! {};
    };
    // The worker's markup carries its buttons' questions: "Why N?"
    // (`data-why`) and the settings to apply (`data-apply`, `data-value`).
    let on_click = {
        let (store, undo, why_open, bridge) = (
            store.clone(),
            undo.clone(),
            why_open.clone(),
            bridge.clone(),
        );
        Callback::from(move |e: MouseEvent| {
            use wasm_bindgen::JsCast;
            let Some(b) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("button").ok().flatten())
            else {
                return;
            };
            match b.get_attribute("data-action").as_deref() {
                Some("csv") => {
                    if let Some(b) = &bridge {
                        b.0.export(
                            crate::protocol::ExportFile::CheckCsv,
                            Callback::from(|t: Result<crate::download::Body, String>| {
                                if let Ok(csv) = t {
                                    let _ = crate::download::save_body(
                                        "reconciliation.csv",
                                        "text/csv",
                                        &csv,
                                    );
                                }
                            }),
                        );
                    }
                    return;
                }
                // Printed: the check alone, not the quote of the scenario.
                Some("print") => {
                    crate::download::print_only("check");
                    return;
                }
                _ => {}
            }
            if let Some(key) = b.get_attribute("data-why") {
                let mut p = key.splitn(5, '|');
                let (Some(c), Some(org), Some(product), Some(n), kind) =
                    (p.next(), p.next(), p.next(), p.next(), p.next())
                else {
                    return;
                };
                let line = kind.and_then(super::why::line_kind);
                if let Ok(cycle) = c.parse::<u32>() {
                    why_open.set(Some((cycle, org.into(), product.into(), n.into(), line)));
                }
                return;
            }
            let (Some(setting), Some(value)) =
                (b.get_attribute("data-apply"), b.get_attribute("data-value"))
            else {
                return;
            };
            let Ok(value) = serde_json::from_str::<serde_json::Value>(&value) else {
                return;
            };
            // `all` sets each setting its object names: one step for Undo.
            let settings: Vec<(String, serde_json::Value)> = match (setting.as_str(), value) {
                ("all", serde_json::Value::Object(o)) => o.into_iter().collect(),
                (_, v) => vec![(setting, v)],
            };
            let fields = settings
                .into_iter()
                .filter_map(|(k, v)| {
                    let field = k.strip_prefix("contract.")?.to_owned();
                    Some((vec![Seg::Key("contract"), Seg::Name(field)], Some(v)))
                })
                .collect();
            // Undo is the app's own, offered while nothing else was done since.
            let at = (store.past.len() + 1).min(crate::state::HISTORY);
            undo.set(Some((at.to_string(), String::new())));
            store.dispatch(Action::SetFields(fields));
        })
    };
    let on_undo = {
        let (store, undo) = (store.clone(), undo.clone());
        Callback::from(move |_| {
            undo.set(None);
            store.dispatch(Action::Undo);
        })
    };
    let can_undo = undo
        .as_ref()
        .is_some_and(|(at, _)| *at == store.past.len().to_string() && store.future.is_empty());
    // A date field changed: kept for the next visit of the tab, and checked again.
    let set_date = |period: bool| {
        let dates = dates.clone();
        Callback::from(move |e: Event| {
            let v = crate::editor::field::value_of(&e);
            let mut d = (*dates).clone();
            *if period { &mut d.period } else { &mut d.as_of } = v;
            DATES.with(|k| *k.borrow_mut() = d.clone());
            crate::storage::set_check_dates(&d.period, &d.as_of);
            dates.set(d);
        })
    };
    // The cycles of the bill on screen: a figures file without dates covers one of them.
    let cycles: Vec<(String, String)> = store
        .result
        .as_ref()
        .map(|r| {
            r.cycles
                .iter()
                .map(|c| (c.start.to_string(), c.end.to_string()))
                .collect()
        })
        .unwrap_or_default();
    let result = match &*outcome {
        None if files.is_empty() => html! {},
        None => html! { <p class="hint" role="status">{"Checking the bill…"}</p> },
        Some(v) => html! {
            <div class="recon-body" onclick={on_click.clone()}>{ Html::from_html_unchecked(v.clone().into()) }</div>
        },
    };

    html! {
        <section class="check-bill" aria-labelledby="check-title">
            <h2 id="check-title">{"Check a bill: the vendor's invoice against this scenario"}</h2>
            <p class="hint">{"The vendor's invoice (CSV or the API's JSON), subscription figures or Cloud Voice report, read in this browser only."}</p>
            <div class={classes!("drop", over.then_some("over"))} {ondrop} {ondragover} {ondragleave}>
                <label for="vendor-files">{"Vendor files: choose or drop here, one after another"}</label>
                <input id="vendor-files" type="file" accept=".csv,.json,text/csv,application/json" {onchange} />
            </div>
            <div class="check-dates">
                <label>{"Period of a file without dates "}
                    <select onchange={set_date(true)}>
                        <option value="" selected={dates.period.is_empty()}>{"none: each file gives its dates"}</option>
                        { for cycles.iter().map(|(start, end)| html! {
                            <option value={start.clone()} selected={dates.period == *start}>{ format!("{start} to {end}") }</option>
                        }) }
                    </select>
                </label>
                <label>{"Bill to date on (figures of a cycle still open) "}
                    <input type="date" value={dates.as_of.clone()} onchange={set_date(false)} />
                </label>
            </div>
            // The page's own list: it stays while a check runs or a file is refused.
            if !files.is_empty() {
                <ul id="vendor-file-list">
                    { for files.iter().map(|name| {
                        let remove = {
                            let (files, name) = (files.clone(), name.clone());
                            Callback::from(move |_| {
                                let rest: Vec<String> = files.iter().filter(|f| **f != name).cloned().collect();
                                keep(&rest);
                                files.set(rest);
                            })
                        };
                        html! {
                            <li key={name.clone()}>{ name.clone() }{" "}
                                <button type="button" aria-label={format!("Remove {name}")} onclick={remove}>{"Remove"}</button>
                            </li>
                        }
                    }) }
                </ul>
            }
            if *restored > 0 && !files.is_empty() {
                <p class="hint" role="status">{ format!("{} vendor file(s) kept in this browser since your last visit, checked again.", *restored) }</p>
            }
            if let Some(why) = &*refused {
                { Html::from_html_unchecked(why.clone().into()) }
            }
            if can_undo {
                <p role="status">{"The setting is applied. "}<button type="button" onclick={on_undo}>{"Undo the setting"}</button></p>
            }
            { result }
            if let Some((cycle, org, product, n, line)) = (*why_open).clone() {
                <WhyPanel {cycle} {org} {product} {n} {line} on_close={{ let w = why_open.clone(); Callback::from(move |_| w.set(None)) }} />
            }
        </section>
    }
}
