//! CSV import of logins by file picker or drag-and-drop. A bad file is
//! reported row by row and changes nothing.

use billsim_core::scenario::Session;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::state::{Action, Import};
use crate::Store;

/// Parses a sessions CSV into scenario sessions, or the import's failure.
pub fn parse(name: &str, bytes: &[u8]) -> (Import, Option<Vec<Session>>) {
    match billsim_core::csv::sessions_open(bytes) {
        Ok((t, ids)) => {
            let list: Vec<Session> = ids.sessions(&t);
            (
                Import::Done {
                    file: name.to_owned(),
                    sessions: list.len(),
                    users: t.users.len(),
                },
                Some(list),
            )
        }
        Err(billsim_core::Error::Csv { problems, more, .. }) => {
            let message = format!("{} bad row(s): nothing was imported", problems.len() + more);
            (
                Import::Failed {
                    file: name.to_owned(),
                    message,
                    problems,
                    more,
                },
                None,
            )
        }
        Err(e) => (
            Import::Failed {
                file: name.to_owned(),
                message: e.to_string(),
                problems: vec![],
                more: 0,
            },
            None,
        ),
    }
}

fn read(store: Store, bridge: Option<crate::BridgeHandle>, file: web_sys::File) {
    let name = file.name();
    store.dispatch(Action::Import(Import::Reading(name.clone()), None));
    if let Some(bridge) = bridge.filter(|_| file.size() > crate::bridge::WORKER_BYTES) {
        // Large files go to the background worker, so the page keeps answering.
        wasm_bindgen_futures::spawn_local(async move {
            match JsFuture::from(file.array_buffer()).await {
                Ok(buf) => bridge.0.import(&name, buf.into()),
                Err(_) => store.dispatch(Action::Import(
                    Import::Failed {
                        file: name,
                        message: "the file could not be read".into(),
                        problems: vec![],
                        more: 0,
                    },
                    None,
                )),
            }
        });
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = match JsFuture::from(file.array_buffer()).await {
            Ok(buf) => parse(&name, &js_sys::Uint8Array::new(&buf).to_vec()),
            Err(_) => (
                Import::Failed {
                    file: name.clone(),
                    message: "the file could not be read".into(),
                    problems: vec![],
                    more: 0,
                },
                None,
            ),
        };
        store.dispatch(Action::Import(outcome.0, outcome.1));
    });
}

#[component]
pub fn ImportCsv() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let bridge = use_context::<Option<crate::BridgeHandle>>().flatten();
    let over = use_state(|| false);
    let onchange = {
        let (store, bridge) = (store.clone(), bridge.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(f) = input.files().and_then(|l| l.get(0)) {
                read(store.clone(), bridge.clone(), f);
            }
            input.set_value("");
        })
    };
    let ondrop = {
        let (store, over, bridge) = (store.clone(), over.clone(), bridge.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            if let Some(f) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|l| l.get(0))
            {
                read(store.clone(), bridge.clone(), f);
            }
        })
    };
    let ondragover = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(true);
        })
    };
    let ondragleave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    let status = match &store.import {
        Import::None => html! {},
        Import::Reading(f) => html! {
            <p>{ format!("Reading {f} ") }
                if let Some(x) = store.progress {
                    <progress id="import-progress" aria-label="Import progress" max="1" value={x.to_string()}></progress>
                } else {
                    <progress id="import-progress" aria-label="Import progress"></progress>
                }
            </p>
        },
        Import::Done {
            file,
            sessions,
            users,
        } => {
            let clear = {
                let store = store.clone();
                Callback::from(move |_| store.dispatch(Action::ClearLarge))
            };
            html! {
                <div>
                    <p class="ok" id="import-status" data-ms={store.import_ms.to_string()}>{ format!("{file}: imported {sessions} sessions of {users} users; they replace the scenario's sessions and workforce profiles.") }</p>
                    if store.large.is_some() {
                        <p class="hint" id="import-worker">{"This large import is held by a background worker in this tab only: it is not in the saved, shared or downloaded scenario. "}
                            <button type="button" onclick={clear}>{"Remove the import"}</button></p>
                    }
                </div>
            }
        }
        Import::Failed {
            file,
            message,
            problems,
            more,
        } => html! {
            <div class="error" id="import-errors" role="alert">
                <p>{ format!("{file}: {message}. The previous usage is kept.") }</p>
                <table>
                    <thead><tr><th>{"Line"}</th><th>{"Column"}</th><th>{"Field"}</th><th>{"Problem"}</th></tr></thead>
                    <tbody>{ for problems.iter().map(|p| html! { <tr class="bad-row"><td>{ p.line }</td><td>{ p.column }</td><td>{ &p.field }</td><td>{ &p.message }</td></tr> }) }</tbody>
                </table>
                if *more > 0 { <p>{ format!("... and {more} more") }</p> }
            </div>
        },
    };
    html! {
        <section class="import">
            <h2>{"Import logins (CSV)"}</h2>
            <div class={classes!("drop", (*over).then_some("over"))} {ondrop} {ondragover} {ondragleave}>
                <label for="sessions-file">{"Sessions file (user,org,product,login,logout): choose or drop here"}</label>
                <input id="sessions-file" type="file" accept=".csv,text/csv" {onchange} />
            </div>
            { status }
        </section>
    }
}
