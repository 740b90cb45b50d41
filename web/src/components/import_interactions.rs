//! The interactions CSV import (R-AI2): a bot interactions file read by the
//! worker and placed into the scenario's `usage.interactions`.

use serde_json::Value;
use yew::prelude::*;

use super::import::{
    ask_about_file, latest, problems_table, start, use_file_drop, FileDrop, INTERACTIONS, NO_WORKER,
};
use crate::context::Store;
use crate::protocol::Rejected;
use crate::state::{Action, InteractionsImport};

/// The largest interactions file imported: its rows go into the scenario
/// text (autosaved, shared, re-read on each edit), so it stays small.
pub const INTERACTIONS_BYTES: f64 = 4_000_000.0;

fn read_interactions(
    store: Store,
    bridge: Option<crate::context::BridgeHandle>,
    file: web_sys::File,
) {
    let name = file.name();
    let refuse = |file: String, message: String| {
        Action::ImportInteractions(
            InteractionsImport::Failed {
                file,
                message,
                problems: vec![],
                more: 0,
                path: None,
            },
            None,
        )
    };
    let n = start(INTERACTIONS);
    if file.size() > INTERACTIONS_BYTES {
        let message = format!(
            "{} MB is more than the page keeps in a scenario ({} MB): bill it with `billsim simulate SCENARIO.json --interactions FILE.csv`; nothing was imported",
            crate::coord::n(file.size() / 1e6),
            crate::coord::whole(INTERACTIONS_BYTES / 1e6)
        );
        return store.dispatch(refuse(name, message));
    }
    let Some(bridge) = bridge else {
        return store.dispatch(refuse(name, NO_WORKER.into()));
    };
    let unreadable = {
        let (store, name) = (store.clone(), name.clone());
        Callback::from(move |why: String| store.dispatch(refuse(name.clone(), why)))
    };
    let question = crate::protocol::Interactions {
        text: store.text.to_string(),
    };
    let anything = |_: &[u8]| None;
    ask_about_file(
        &bridge,
        &file,
        (INTERACTIONS, n),
        question,
        anything,
        unreadable,
        {
            Callback::from(move |outcome: Result<Value, Rejected>| {
                if !latest(INTERACTIONS, n) {
                    return;
                }
                let action = match outcome {
                    Ok(rows) => Action::ImportInteractions(
                        InteractionsImport::Done {
                            file: name.clone(),
                            interactions: rows.as_array().map_or(0, Vec::len),
                        },
                        Some(rows),
                    ),
                    Err(r) => Action::ImportInteractions(
                        InteractionsImport::Failed {
                            file: name.clone(),
                            message: r.message,
                            problems: r.problems,
                            more: r.more,
                            path: r.path,
                        },
                        None,
                    ),
                };
                store.dispatch(action);
            })
        },
    );
}

/// The interactions CSV import (R-AI2): its rows become the scenario's
/// `usage.interactions`; a file with a bad row changes nothing.
#[component]
pub fn ImportInteractions() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let bridge = use_context::<Option<crate::context::BridgeHandle>>().flatten();
    let zone = {
        let store = store.clone();
        use_file_drop(Callback::from(move |f| {
            read_interactions(store.clone(), bridge.clone(), f)
        }))
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
            path,
        } => problems_table(
            "interactions-errors",
            file,
            message,
            problems,
            *more,
            path.as_deref(),
        ),
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
