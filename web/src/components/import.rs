//! CSV import of logins by file picker or drag-and-drop. A bad file is
//! reported row by row and changes nothing.

use billsim_core::error::CsvProblem;
use billsim_core::scenario::{Scenario, Session};
use billsim_core::usage::Catalog;
use serde_json::Value;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::sniff::{self, Looks};
use crate::state::{Action, Import, InteractionsImport};
use crate::Store;

/// A drop zone with a file picker: the file chosen or dropped goes to
/// `pick`, and `over` says whether a file is being dragged over the zone.
struct FileDrop {
    over: bool,
    onchange: Callback<Event>,
    ondrop: Callback<DragEvent>,
    ondragover: Callback<DragEvent>,
    ondragleave: Callback<DragEvent>,
}

/// The callbacks of a [`FileDrop`] zone (the sessions and the interactions
/// imports share them).
#[hook]
fn use_file_drop(pick: Callback<web_sys::File>) -> FileDrop {
    let over = use_state(|| false);
    let onchange = {
        let pick = pick.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(f) = input.files().and_then(|l| l.get(0)) {
                pick.emit(f);
            }
            // The same file chosen again is a new import.
            input.set_value("");
        })
    };
    let ondrop = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over.set(false);
            if let Some(f) = e
                .data_transfer()
                .and_then(|d| d.files())
                .and_then(|l| l.get(0))
            {
                pick.emit(f);
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
    FileDrop {
        over: *over,
        onchange,
        ondrop,
        ondragover,
        ondragleave,
    }
}

/// A failed sessions import with no row table.
fn refused(name: &str, message: impl Into<String>) -> (Import, Option<Vec<Session>>) {
    (
        Import::Failed {
            file: name.to_owned(),
            message: message.into(),
            problems: vec![],
            more: 0,
        },
        None,
    )
}

/// Parses a sessions CSV into scenario sessions, or the import's failure.
/// With the scenario, an org or product it does not have is a bad row at its
/// line and column, like a bad date: the scenario could not bill it.
pub fn parse(
    name: &str,
    bytes: &[u8],
    scenario: Option<&Scenario>,
) -> (Import, Option<Vec<Session>>) {
    match sniff::looks(bytes) {
        Looks::Empty => return refused(name, "the file is empty: nothing was imported"),
        Looks::Binary => {
            return refused(name, "this is not a text file (a sessions file is a CSV with the columns user,org,product,login,logout): nothing was imported")
        }
        Looks::Json => {
            return refused(name, "this looks like a scenario (JSON): open it with Open scenario at the top: nothing was imported")
        }
        Looks::InteractionsCsv => {
            return refused(name, "this looks like a bot interactions CSV: import it below, under Import bot interactions: nothing was imported")
        }
        _ => {}
    }
    let checked =
        scenario.map(|sc| billsim_core::csv::sessions(bytes, &Catalog::of(sc)).map(|_| ()));
    let read = checked
        .unwrap_or(Ok(()))
        .and_then(|()| billsim_core::csv::sessions_open(bytes));
    match read {
        Ok((t, _)) if t.rows.is_empty() => refused(
            name,
            "the file has no sessions (only a header): nothing was imported",
        ),
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
        Err(e) => refused(name, format!("{e}: nothing was imported")),
    }
}

fn read(store: Store, bridge: Option<crate::BridgeHandle>, file: web_sys::File) {
    let name = file.name();
    store.dispatch(Action::Import(Import::Reading(name.clone()), None));
    if let Some(bridge) = bridge
        .clone()
        .filter(|_| file.size() > crate::bridge::WORKER_BYTES)
    {
        // Large files go to the background worker, so the page keeps answering.
        wasm_bindgen_futures::spawn_local(async move {
            match JsFuture::from(file.array_buffer()).await {
                Ok(buf) => {
                    // The bytes are moved to the worker; the file itself is what gets kept.
                    bridge.0.kept.push(crate::kept::Origin::Picked(file.into()));
                    bridge.0.import(&name, buf.into())
                }
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
    let scenario: Option<std::rc::Rc<Scenario>> = None;
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = match JsFuture::from(file.array_buffer()).await {
            Ok(buf) => parse(
                &name,
                &js_sys::Uint8Array::new(&buf).to_vec(),
                scenario.as_deref(),
            ),
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
        if outcome.1.is_some() && store.large.is_some() {
            // This import replaces the large one, in the worker and in this browser's storage.
            crate::kept::forget(&store, bridge.as_ref());
        }
        store.dispatch(Action::Import(outcome.0, outcome.1));
    });
}

#[component]
pub fn ImportCsv() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let bridge = use_context::<Option<crate::BridgeHandle>>().flatten();
    let zone = {
        let (store, bridge) = (store.clone(), bridge.clone());
        use_file_drop(Callback::from(move |f| {
            read(store.clone(), bridge.clone(), f)
        }))
    };
    let FileDrop {
        over,
        onchange,
        ondrop,
        ondragover,
        ondragleave,
    } = zone;
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
                let (store, bridge) = (store.clone(), bridge.clone());
                // The worker's copy and the browser's copy go too, not only the page's note of it.
                Callback::from(move |_| crate::kept::forget(&store, bridge.as_ref()))
            };
            html! {
                <div>
                    <p class="ok" id="import-status" role="status" data-ms={store.import_ms.to_string()}>{ format!("{file}: imported {sessions} sessions of {users} users; they replace the scenario's sessions and workforce profiles.") }</p>
                    if store.large.is_some() {
                        <p class="hint" id="import-worker">{"This large import is held by a background worker, not in the scenario: share links and downloads leave it out. "}
                            { crate::components::kept_note::hint(&store.kept) }
                            {" "}<button type="button" onclick={clear}>{"Remove the import"}</button></p>
                    }
                </div>
            }
        }
        Import::Failed {
            file,
            message,
            problems,
            more,
        } => problems_table("import-errors", file, message, problems, *more),
    };
    html! {
        <section class="import">
            <h2>{"Import logins (CSV)"}</h2>
            <div class={classes!("drop", over.then_some("over"))} {ondrop} {ondragover} {ondragleave}>
                <label for="sessions-file">{"Sessions file (user,org,product,login,logout): choose or drop here"}</label>
                <input id="sessions-file" type="file" accept=".csv,text/csv" {onchange} />
            </div>
            { status }
        </section>
    }
}

/// A rejected file: what went wrong and its bad rows by line and column.
fn problems_table(
    id: &'static str,
    file: &str,
    message: &str,
    problems: &[CsvProblem],
    more: usize,
) -> Html {
    html! {
        <div class="error" {id} role="alert">
            <p>{ format!("{file}: {message}. The previous usage is kept.") }</p>
            if !problems.is_empty() {
                <table>
                    <thead><tr><th>{"Line"}</th><th>{"Column"}</th><th>{"Field"}</th><th>{"Problem"}</th></tr></thead>
                    <tbody>{ for problems.iter().map(|p| html! { <tr class="bad-row"><td>{ p.line }</td><td>{ p.column }</td><td>{ &p.field }</td><td>{ &p.message }</td></tr> }) }</tbody>
                </table>
            }
            if more > 0 { <p>{ format!("... and {more} more") }</p> }
        </div>
    }
}

/// Parses an interactions CSV (`id,org,start,resources,bot_minutes,bot_sessions`)
/// into the JSON of `usage.interactions`, or the import's failure.
pub fn parse_interactions(name: &str, bytes: &[u8]) -> (InteractionsImport, Option<Value>) {
    let failed = |message: String, problems: Vec<CsvProblem>, more: usize| {
        (
            InteractionsImport::Failed {
                file: name.to_owned(),
                message,
                problems,
                more,
            },
            None,
        )
    };
    match billsim_core::csv::interactions_sized(bytes, bytes.len()) {
        Ok(t) => match serde_json::to_value(&t) {
            Ok(rows) => (
                InteractionsImport::Done {
                    file: name.to_owned(),
                    interactions: t.len(),
                },
                Some(rows),
            ),
            Err(e) => failed(e.to_string(), vec![], 0),
        },
        Err(billsim_core::Error::Csv { problems, more, .. }) => {
            let message = format!("{} bad row(s): nothing was imported", problems.len() + more);
            failed(message, problems, more)
        }
        Err(e) => failed(e.to_string(), vec![], 0),
    }
}

/// The largest interactions file imported: its rows go into the scenario
/// text (autosaved, shared, re-read on each edit), so it stays small.
pub const INTERACTIONS_BYTES: f64 = 4_000_000.0;

fn read_interactions(store: Store, file: web_sys::File) {
    let name = file.name();
    if file.size() > INTERACTIONS_BYTES {
        store.dispatch(Action::ImportInteractions(
            InteractionsImport::Failed {
                file: name,
                message: format!(
                    "{:.1} MB is more than the page keeps in a scenario ({:.0} MB): bill it with `billsim simulate SCENARIO.json --interactions FILE.csv`; nothing was imported",
                    file.size() / 1e6,
                    INTERACTIONS_BYTES / 1e6
                ),
                problems: vec![],
                more: 0,
            },
            None,
        ));
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let (status, rows) = match JsFuture::from(file.array_buffer()).await {
            Ok(buf) => parse_interactions(&name, &js_sys::Uint8Array::new(&buf).to_vec()),
            Err(_) => (
                InteractionsImport::Failed {
                    file: name,
                    message: "the file could not be read".into(),
                    problems: vec![],
                    more: 0,
                },
                None,
            ),
        };
        store.dispatch(Action::ImportInteractions(status, rows));
    });
}

/// The interactions CSV import (R-AI2): its rows become the scenario's
/// `usage.interactions`; a file with a bad row changes nothing.
#[component]
pub fn ImportInteractions() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let zone = {
        let store = store.clone();
        use_file_drop(Callback::from(move |f| read_interactions(store.clone(), f)))
    };
    let FileDrop {
        over,
        onchange,
        ondrop,
        ondragover,
        ondragleave,
    } = zone;
    let status = match &store.interactions_import {
        InteractionsImport::None => html! {},
        InteractionsImport::Done { file, interactions } => html! {
            <p class="ok" id="interactions-status" role="status">{ format!("{file}: imported {interactions} interactions; they replace the scenario's interactions.") }</p>
        },
        InteractionsImport::Failed {
            file,
            message,
            problems,
            more,
        } => problems_table("interactions-errors", file, message, problems, *more),
    };
    html! {
        <section class="import" id="interactions-import">
            <h2>{"Import bot interactions (CSV)"}</h2>
            <div class={classes!("drop", over.then_some("over"))} {ondrop} {ondragover} {ondragleave}>
                <label for="interactions-file">{"Interactions CSV"}</label>
                <p class="hint">{"id,org,start,resources,bot_minutes,bot_sessions (resources: bot_flow, virtual_agent, agentic_virtual_agent, separated by |). Choose or drop here."}</p>
                <input id="interactions-file" type="file" accept=".csv,text/csv" {onchange} />
            </div>
            { status }
        </section>
    }
}
