//! CSV import of logins by file picker or drag-and-drop. A bad file is
//! reported row by row and changes nothing. The background worker reads
//! every file (see the worker's `small_import`, src/worker/small_import.rs); the page only sniffs a file
//! picked in the wrong place.

use billsim_core::error::CsvProblem;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

use crate::context::Store;
use crate::protocol::{Rejected, SessionsRead};
use crate::state::{Action, Import};

/// A drop zone with a file picker: the file chosen or dropped goes to
/// `pick`, and `over` says whether a file is being dragged over the zone.
pub(crate) struct FileDrop {
    pub(crate) over: bool,
    pub(crate) onchange: Callback<Event>,
    pub(crate) ondrop: Callback<DragEvent>,
    pub(crate) ondragover: Callback<DragEvent>,
    pub(crate) ondragleave: Callback<DragEvent>,
}

/// The callbacks of a [`FileDrop`] zone (the sessions and the interactions
/// imports and the bill check share them).
#[hook]
pub(crate) fn use_file_drop(pick: Callback<web_sys::File>) -> FileDrop {
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

thread_local! {
    /// How many sessions imports and interactions imports were started: an
    /// answer about an older one than the latest is not applied.
    static STARTED: std::cell::Cell<[u64; 2]> = const { std::cell::Cell::new([0, 0]) };
}

/// Which count of `STARTED`.
const SESSIONS: usize = 0;
pub const INTERACTIONS: usize = 1;

/// Starts an import of `kind`; the number it is known by.
pub fn start(kind: usize) -> u64 {
    STARTED.with(|c| {
        let mut n = c.get();
        n[kind] += 1;
        c.set(n);
        n[kind]
    })
}

/// Whether import `n` of `kind` is still the latest.
pub fn latest(kind: usize, n: u64) -> bool {
    STARTED.with(|c| c.get()[kind] == n)
}

/// A failed sessions import with no row table.
fn refused(name: &str, message: impl Into<String>) -> Action {
    Action::Import(
        Import::Failed {
            file: name.to_owned(),
            message: message.into(),
            problems: vec![],
            more: 0,
            path: None,
        },
        None,
    )
}

/// How many bytes `sniff::looks` reads.
const HEAD: u32 = 4096;

/// A refusal with the file's name, for the status.
fn failed(file: String, r: Rejected) -> Import {
    Import::Failed {
        file,
        message: r.message,
        problems: r.problems,
        more: r.more,
        path: r.path,
    }
}

/// Without the background worker (it could not start) nothing is read.
pub const NO_WORKER: &str =
    "the background worker that reads files did not start: nothing was imported";

fn read(store: Store, bridge: Option<crate::context::BridgeHandle>, file: web_sys::File) {
    let name = file.name();
    let n = start(SESSIONS);
    store.dispatch(Action::Import(Import::Reading(name.clone()), None));
    let Some(bridge) = bridge else {
        return store.dispatch(refused(&name, NO_WORKER));
    };
    if file.size() > crate::bridge::WORKER_BYTES {
        // Large files are read and held by the background worker, so the
        // page keeps answering; the file itself is what gets kept.
        bridge.0.import_file(&name, &file);
        return;
    }
    let to_store = store.clone();
    let refuse = {
        let (store, name) = (store.clone(), name.clone());
        Callback::from(move |why: String| store.dispatch(refused(&name, why)))
    };
    let question = crate::protocol::Sessions {
        text: store.text.to_string(),
    };
    ask_about_file(
        &bridge,
        &file,
        (SESSIONS, n),
        question,
        crate::sniff::not_sessions,
        refuse,
        {
            Callback::from(move |outcome: Result<SessionsRead, Rejected>| {
                if !latest(SESSIONS, n) {
                    return;
                }
                let action = match outcome {
                    Ok(read) => {
                        // The sessions and profiles it replaces stay in Quotes.
                        crate::quotes::keep_before(&format!("importing {name}"), &to_store.text);
                        let status = Import::Done {
                            file: name.clone(),
                            sessions: read.sessions,
                            users: read.users,
                        };
                        Action::Import(status, Some(read.list))
                    }
                    Err(r) => Action::Import(failed(name.clone(), r), None),
                };
                to_store.dispatch(action);
            })
        },
    );
}

/// Reads a small `file` in the page and asks the worker `question` about
/// its bytes, while import `n` of its kind is the latest; `refuse` hears
/// why not (the file unreadable, or `check` refusing its head).
pub fn ask_about_file<Q: crate::protocol::Query + 'static>(
    bridge: &crate::context::BridgeHandle,
    file: &web_sys::File,
    (kind, n): (usize, u64),
    question: Q,
    check: fn(&[u8]) -> Option<&'static str>,
    refuse: Callback<String>,
    reply: Callback<Q::Answer>,
) {
    let (bridge, file) = (bridge.clone(), file.clone());
    wasm_bindgen_futures::spawn_local(async move {
        let buf: js_sys::ArrayBuffer = match JsFuture::from(file.array_buffer()).await {
            Ok(buf) => buf.into(),
            Err(_) => return refuse.emit("the file could not be read".into()),
        };
        if !latest(kind, n) {
            return;
        }
        let all = js_sys::Uint8Array::new(&buf);
        let head = crate::sniff::past_blanks(all.length() as usize, HEAD as usize, |a, b| {
            all.subarray(a as u32, b as u32).to_vec()
        });
        if let Some(why) = check(&head) {
            return refuse.emit(why.into());
        }
        bridge.0.ask_about(question, buf, reply);
    });
}

#[component]
pub fn ImportCsv() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let bridge = use_context::<Option<crate::context::BridgeHandle>>().flatten();
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
    let stop = crate::context::on_stop(bridge.clone());
    let status = match &store.import {
        Import::None => html! {},
        Import::Reading(f) => html! {
            <p>{ format!("Reading {f} ") }
                if let Some(x) = store.progress {
                    <progress id="import-progress" aria-label="Import progress" max="1" value={x.to_string()}></progress>
                } else {
                    <progress id="import-progress" aria-label="Import progress"></progress>
                }
                {" "}<button type="button" class="stop" onclick={stop}>{"Stop"}</button>
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
            let counts = format!(
                "{} sessions of {} users",
                crate::money::count(*sessions),
                crate::money::count(*users)
            );
            // This status is the large import's (else a small file's, read
            // into the scenario while the large one is set aside).
            let large = store
                .large
                .as_ref()
                .filter(|l| l.file == *file && l.sessions == *sessions);
            // Set aside by Undo, it is no longer "imported" into the bill:
            // the one status line says which it is.
            let (class, said) = if large.is_some() && !store.import_on {
                ("notice", format!("{file}: Undo set this import aside ({counts}): the invoices bill the scenario's own usage, exactly as before the import. Redo applies the import again."))
            } else {
                ("ok", format!("{file}: imported {counts}; they replace the scenario's sessions and workforce profiles (the scenario before is kept in Quotes)."))
            };
            let remove =
                html! { <button type="button" onclick={clear}>{"Remove the import"}</button> };
            html! {
                <div>
                    <p {class} id="import-status" role="status" data-ms={store.import_ms.to_string()}>{ said }</p>
                    if large.is_some() {
                        <p class="hint" id="import-worker">{"This large import is held by a background worker, not in the scenario: share links and the scenario download leave it out; the invoices, the result and the workbook include it. "}
                            { crate::components::kept_note::hint(&store.kept) }
                            {" "}{ remove }</p>
                    } else if let Some(l) = &store.large {
                        <p class="hint" id="import-worker">{ format!("The large import {} ({} sessions) is set aside, not billed: Undo brings it back. ", l.file, crate::money::count(l.sessions)) }{ remove }</p>
                    }
                </div>
            }
        }
        Import::Failed {
            file,
            message,
            problems,
            more,
            path,
        } => problems_table(
            "import-errors",
            file,
            message,
            problems,
            *more,
            path.as_deref(),
        ),
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
pub fn problems_table(
    id: &'static str,
    file: &str,
    message: &str,
    problems: &[CsvProblem],
    more: usize,
    path: Option<&str>,
) -> Html {
    // A value of the scenario refused the file: named by its field's label,
    // with a button to go to it, as the error banner does.
    let (said, go) = match path.and_then(crate::components::refusal::field_of) {
        Some((el, label, _)) => (
            crate::editor::field::in_words(&label, "", message, ""),
            html! { <button type="button" onclick={move |_| crate::components::refusal::go_to(&el)}>{ format!("Go to {label}") }</button> },
        ),
        None => (format!("{message}."), html! {}),
    };
    html! {
        <div class="error" {id} role="alert">
            <p>{ format!("{file}: {said} The previous usage is kept. ") }{ go }</p>
            if !problems.is_empty() {
                <table>
                    <thead><tr><th>{"Line"}</th><th>{"Column"}</th><th>{"Field"}</th><th>{"Problem"}</th></tr></thead>
                    <tbody>{ for problems.iter().map(|p| html! { <tr class="bad-row"><td>{ p.line }</td><td>{ if p.column == 0 { "whole row".to_owned() } else { p.column.to_string() } }</td><td>{ &p.field }</td><td>{ &p.message }</td></tr> }) }</tbody>
                </table>
            }
            if more > 0 { <p>{ format!("... and {more} more") }</p> }
        </div>
    }
}
