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
            let list: Vec<Session> = t
                .rows
                .iter()
                .filter_map(|r| {
                    Some(Session {
                        user: t.users[r.user as usize].clone(),
                        org: ids.orgs[r.org as usize].clone(),
                        product: ids.products[r.product as usize].clone(),
                        login: chrono::DateTime::from_timestamp_millis(r.login)?,
                        logout: chrono::DateTime::from_timestamp_millis(r.logout)?,
                    })
                })
                .collect();
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

fn read(store: Store, file: web_sys::File) {
    let name = file.name();
    store.dispatch(Action::Import(Import::Reading(name.clone()), None));
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
    let over = use_state(|| false);
    let onchange = {
        let store = store.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(f) = input.files().and_then(|l| l.get(0)) {
                read(store.clone(), f);
            }
            input.set_value("");
        })
    };
    let ondrop = {
        let (store, over) = (store.clone(), over.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            if let Some(f) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|l| l.get(0))
            {
                read(store.clone(), f);
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
        Import::Reading(f) => {
            html! { <p>{ format!("Reading {f} ") }<progress id="import-progress" aria-label="Import progress"></progress></p> }
        }
        Import::Done {
            file,
            sessions,
            users,
        } => {
            html! { <p class="ok" id="import-status">{ format!("{file}: imported {sessions} sessions of {users} users; they replace the scenario's sessions and workforce profiles.") }</p> }
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
