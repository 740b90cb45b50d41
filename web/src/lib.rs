//! The billsim app: edit a scenario, see every invoice explained, compare
//! license models, import logins. Everything runs in the page; nothing is
//! sent anywhere (share links keep the scenario in the URL fragment).

pub mod advice_channel;
pub mod bridge;
pub mod case;
pub mod components;
pub mod context;
pub mod coord;
pub mod doc;
pub mod download;
pub mod drilldown;
pub mod editor;
pub mod idb;
pub mod kept;
pub mod money;
pub mod outbox;
pub mod pending_imports;
pub mod protocol;
pub mod quotes;
pub mod share;
pub mod slow;
pub mod sniff;
pub mod state;
pub mod storage;
pub mod when;
pub mod window_event;
pub mod workbook;

use wasm_bindgen::JsCast;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use components::advice::AdviceTab;
use components::chart::CostChart;
use components::compare::Compare;
use components::import::ImportCsv;
use components::import_interactions::ImportInteractions;
use components::invoice::InvoiceView;
use components::quote::Quote;
use components::quotes::Quotes;
use components::timeline::Timeline;
use components::workforce::Workforce;
use context::{on_stop, BridgeHandle, Store};
use editor::ai::AiForm;
use editor::contract::ContractForm;
use editor::extras::Extras;
use editor::list::ListEditor;
use editor::products::Products;
use editor::quote_form::QuoteForm;
use protocol::ExportFile;
use state::{Action, State, Tab, EXAMPLES};

/// The result tabs in order: the tab, its button's id, its name.
const TABS: [(Tab, &str, &str); 6] = [
    (Tab::Invoices, "tab-invoices", "Invoices"),
    (Tab::Compare, "tab-compare", "Compare models"),
    (Tab::Usage, "tab-usage", "Usage"),
    (Tab::Quotes, "tab-quotes", "Quotes"),
    (Tab::Advice, "tab-advice", "Advice"),
    (Tab::CheckBill, "tab-check", "Check a bill"),
];

/// The scenario to start with: a share link, else the autosave, else the first example.
pub fn initial_text() -> String {
    opening().text
}

/// What the page opens with, and what to say about it.
pub struct Opening {
    /// The scenario shown (while a share link is read: the autosave or the example).
    pub text: String,
    /// The autosaved work a broken text covers: kept as the first Undo step.
    pub covered: Option<String>,
    /// What the page says about it.
    pub notice: Option<Notice>,
    /// The share link in the address (the text after `#s=`): the worker
    /// reads it (`Request::OpenLink`), so the page carries no inflater.
    pub link: Option<String>,
    /// Whether the work in this browser was autosaved (a share link opens
    /// over it, keeping it one Undo away).
    pub saved: bool,
}

/// The autosave, else the first example; a share link in the address is
/// read afterwards and opened over it; broken text left on the page is
/// shown as it was, the work before it one Undo away.
pub fn opening() -> Opening {
    let saved = storage::load();
    let had_saved = saved.is_some();
    let text = saved.unwrap_or_else(|| EXAMPLES[0].1.to_owned());
    if let Some(link) = share::at_location() {
        return Opening {
            text,
            covered: None,
            notice: Some(Notice::ok("Opening the shared scenario…".into())),
            link: Some(link),
            saved: had_saved,
        };
    }
    // Undo after a reload goes back to the last text that billed.
    let covered = storage::load_good().filter(|g| *g != text);
    let json = serde_json::from_str::<serde::de::IgnoredAny>(&text).is_ok();
    Opening {
        notice: covered.as_ref().filter(|_| !json).map(|_| {
            Notice::bad("When this page was last left, its Scenario JSON was not valid: it is shown as it was. Press Undo to go back to your last valid scenario.".into())
        }),
        covered,
        text,
        link: None,
        saved: had_saved,
    }
}

/// Why a share link could not be opened, and what is shown instead.
fn bad_link(why: &str, shown: &str) -> Notice {
    Notice::bad(format!(
        "This share link cannot be opened: {why}. It stays in the address bar; ask whoever sent it for a new one. {shown}"
    ))
}

fn file_name(state: &State) -> String {
    let name = state.text_at(&["name"]);
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .take(6)
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() {
        "scenario".into()
    } else {
        slug
    }
}

/// A file picked with Open scenario as text, or why it is plainly not a
/// scenario (a file that is not a valid scenario must not replace the work
/// on screen: the worker, which reads scenarios, checks the rest).
pub fn opened(bytes: &[u8]) -> Result<String, String> {
    let kind = sniff::looks(bytes);
    if let Some(why) = sniff::not_a_scenario(kind) {
        return Err(why.to_owned());
    }
    String::from_utf8(bytes.to_vec()).map_err(|_| "this is not a text file".to_owned())
}

/// The notice for a file Open scenario refused.
fn not_opened(file: &str, why: &str) -> Notice {
    Notice::bad(format!(
        "{file} was not opened: {why}. Nothing was changed."
    ))
}

/// A message under the header: good news, or a refusal.
#[derive(Clone, PartialEq, Default)]
pub struct Notice {
    /// Whether it reports a problem.
    pub bad: bool,
    /// The words.
    pub text: String,
}

/// Keeps another tab's version, about to be replaced by this tab's, as a
/// quote; the notice that says where it went.
fn keep_other(text: &str) -> Notice {
    let name = format!("Another tab's version ({} UTC)", quotes::stamp());
    match quotes::keep(&name, text) {
        Ok(()) => Notice::ok(format!(
            "Another tab's version is kept as the quote \"{name}\" (Quotes tab); a reload shows this tab's."
        )),
        Err(e) => Notice::bad(format!(
            "Another tab's version was not kept as a quote ({e}); it is still open there."
        )),
    }
}

impl Notice {
    fn ok(text: String) -> Notice {
        Notice { bad: false, text }
    }
    fn bad(text: String) -> Notice {
        Notice { bad: true, text }
    }
}

/// Why the scenario on screen cannot be shared or exported as billed, if
/// it cannot: the results shown would be from before its last change.
fn does_not_bill(s: &State) -> Option<&'static str> {
    (s.doc.is_none() || s.stale()).then_some(
        "the scenario holds an error (its message is in the Scenario panel), so the invoices shown are from before it. Fix it, or press Undo, then try again.",
    )
}

/// The root component.
#[component]
pub fn App() -> Html {
    let open = use_memo((), |_| opening());
    // The scenario on screen is not in the browser's storage (too large for
    // it, or storage is off): a reload would not bring it back.
    // `_eq`: the autosave after every edit must not draw the page once more.
    let unsaved = use_state_eq(|| false);
    let state = {
        let open = open.clone();
        Store::new(use_reducer(move || {
            let mut s = State::from_text(open.text.clone());
            if open.link.is_some() {
                // Billed once the link is read: the text shown until then is not the one asked for.
                s.pending = 0;
            }
            if let Some(covered) = &open.covered {
                s.past = std::rc::Rc::new(vec![state::Version {
                    text: covered.clone(),
                    import_on: false,
                    large: None,
                }]);
            }
            s
        }))
    };
    let bridge = {
        let s = state.clone();
        (*use_memo((), move |_| {
            let b = bridge::Bridge::start(s.clone()).ok()?;
            // The first bill is asked for before the first render, not after
            // it: the worker bills while the page draws the form.
            b.simulate(s.pending, &s.text, s.compare, s.import_key());
            let b = std::rc::Rc::new(b);
            let post = std::rc::Rc::downgrade(&b);
            outbox::set(move |id, text, compare, import| {
                if let Some(b) = post.upgrade() {
                    b.simulate(id, text, compare, import);
                }
            });
            Some(BridgeHandle(b))
        }))
        .clone()
    };
    {
        // After the first render: the worker's warm-up must not delay it.
        let (bridge, s) = (bridge.clone(), state.clone());
        use_effect_with((), move |_| {
            if let Some(b) = &bridge {
                b.0.warm_up();
            }
            // A worker started with the page may have failed before the app listened.
            if bridge::Bridge::failed_early() {
                s.dispatch(Action::WorkerFailed);
            }
        });
    }
    {
        // The large import kept in this browser comes back, but not over a shared scenario.
        let (store, bridge, shared) = (state.clone(), bridge.clone(), open.link.is_some());
        use_effect_with((), move |_| {
            if let Some(b) = bridge {
                kept::at_start(store, b, shared);
            }
        });
    }
    {
        // Each new request id means: the worker should bill the current text.
        let (bridge, text, compare) = (bridge.clone(), state.text.clone(), state.compare);
        let import = state.import_key();
        // The copy kept in this browser is the import on screen (a change of
        // it is a new request): after Undo back to one a later import
        // replaced, a reload reads that one back.
        let (store, large) = (state.clone(), state.large.clone());
        use_effect_with(state.pending, move |id| {
            if let Some(b) = &bridge {
                if let Some(l) = large {
                    b.0.keep(l.key, &store, &l.file);
                }
                if *id > 0 {
                    b.0.simulate(*id, &text, compare, import);
                }
            }
        });
    }
    {
        // A reload reads the kept import back set aside when Undo had set it aside.
        let aside = state.large.is_some() && !state.import_on;
        use_effect_with(aside, |aside| storage::set_import_aside(*aside));
        use_effect_with(state.drafts.clone(), |d| {
            storage::set_drafts(&state::saved_drafts(d))
        });
    }
    // The text a share link was made of, and the link.
    let share_url = use_state(<(String, String)>::default);
    let notice = {
        let open = open.clone();
        use_state(move || open.notice.clone().unwrap_or_default())
    };
    let other_tab = use_state(|| None::<String>);
    {
        // A notice speaks of the scenario it was said with: the next change
        // of the scenario ends it (issue 22: stale notices clear).
        let said_with = use_mut_ref(|| None::<(Notice, String)>);
        let (notice, text) = (notice.clone(), state.text.clone());
        use_effect_with(((*notice).clone(), text), move |(now, text)| {
            let mut said = said_with.borrow_mut();
            match &*said {
                Some((n, t)) if n == now && t != text && !now.text.is_empty() => {
                    *said = None;
                    notice.set(Notice::default());
                }
                Some((n, _)) if n == now => {}
                _ => *said = Some((now.clone(), text.clone())),
            }
        });
    }
    {
        // Autosave. When it replaces the version another tab saved, that
        // version is kept as a quote first, so closing that tab loses nothing
        // (after the stale-notice effect, which would clear this notice).
        let text = state.text.clone();
        let (unsaved, other_tab, notice) = (unsaved.clone(), other_tab.clone(), notice.clone());
        use_effect_with(text, move |t| {
            if let Some(v) = (*other_tab).as_ref().filter(|v| *v != t) {
                notice.set(keep_other(v));
                other_tab.set(None);
            }
            unsaved.set(!storage::save(t))
        });
    }
    {
        // The last text that billed: a reload over one that does not
        // (a value the engine refuses, broken JSON) offers it as Undo.
        let billed = state.answered && state.error.is_none() && state.result.is_some();
        use_effect_with((state.text.clone(), billed), |(t, billed)| {
            if *billed {
                storage::save_good(t);
            }
        });
    }

    {
        // A new worker holds nothing: the large import comes back from this
        // browser's copy (the bill was asked again in the reducer).
        // (The page's keeper, web/start-worker.js, says what happened.)
        let (store, bridge, read_back) = (state.clone(), bridge.clone(), state.read_back);
        use_effect_with(state.restarts, move |n| {
            if let (true, Some(key), Some(b)) = (*n > 0, read_back, bridge) {
                kept::restore(store, b, Some(key));
            }
        });
    }

    let on_text = {
        let s = state.clone();
        Callback::from(move |e: InputEvent| {
            let t: HtmlTextAreaElement = e.target_unchecked_into();
            s.dispatch(Action::TypeText(t.value()));
        })
    };
    let on_example = {
        let (s, notice) = (state.clone(), notice.clone());
        Callback::from(move |e: Event| {
            let sel: HtmlSelectElement = e.target_unchecked_into();
            if let Some((name, text)) = sel
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| EXAMPLES.get(i))
            {
                let kept = quotes::keep_before(&format!("the example {name}"), &s.text);
                notice.set(Notice::ok(format!(
                    "Switched to the example \u{201c}{name}\u{201d}. Undo brings back the scenario you had.{kept}"
                )));
                s.dispatch(Action::SetText((*text).to_owned()));
            }
        })
    };
    let tab = |t: Tab| {
        let s = state.clone();
        Callback::from(move |_| s.dispatch(Action::Tab(t)))
    };
    // Each file the page offers: a name suffix, a type, and its text (if any yet).
    let offer = |suffix: &'static str, mime: &'static str, body: fn(&State) -> Option<String>| {
        let (s, notice) = (state.clone(), notice.clone());
        Callback::from(move |_| {
            if let Some(text) = body(&s) {
                match download::save(&format!("{}{suffix}", file_name(&s)), mime, &text) {
                    // A failure reported earlier is over once a file is saved.
                    Ok(()) => notice.set(Notice::default()),
                    Err(e) => notice.set(Notice::bad(format!("Download failed: {e}"))),
                }
            }
        })
    };
    let download_scenario = offer(".json", "application/json", |s| Some(s.text.clone()));
    // The bill's files are written by the worker, which holds the bill on screen.
    let export = |suffix: &'static str, mime: &'static str, file: ExportFile| {
        let (s, notice, bridge) = (state.clone(), notice.clone(), bridge.clone());
        Callback::from(move |_| {
            let (Some(bridge), Some(_)) = (&bridge, &s.result) else {
                return;
            };
            if let Some(why) = does_not_bill(&s) {
                return notice.set(Notice::bad(format!("Not downloaded: {why}")));
            }
            let (name, notice) = (format!("{}{suffix}", file_name(&s)), notice.clone());
            let reply = Callback::from(move |body: Result<download::Body, String>| {
                match body.and_then(|b| download::save_body(&name, mime, &b)) {
                    // A failure reported earlier is over once a file is saved.
                    Ok(()) => notice.set(Notice::default()),
                    Err(e) => notice.set(Notice::bad(format!("Download failed: {e}"))),
                }
            });
            // After the page's pending work: a value typed and left by this
            // very click is billed first, so the worker writes its bill.
            let bridge = bridge.clone();
            let later = wasm_bindgen::closure::Closure::once_into_js(move || {
                bridge.0.export(file, reply);
            });
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    later.unchecked_ref(),
                    0,
                );
            }
        })
    };
    let export_csv = export("-invoices.csv", "text/csv", ExportFile::InvoiceCsv);
    let export_json = export("-result.json", "application/json", ExportFile::ResultJson);
    let export_xlsx = export(
        "-quote.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ExportFile::Workbook,
    );
    let open_scenario = {
        let (s, notice, bridge) = (state.clone(), notice.clone(), bridge.clone());
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|l| l.get(0)) {
                let (s, notice, bridge) = (s.clone(), notice.clone(), bridge.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let bytes = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
                        .await
                        .ok()
                        .map(|b| js_sys::Uint8Array::new(&b).to_vec());
                    let name = file.name();
                    match (bytes.map(|b| opened(&b)), bridge) {
                        (Some(Ok(text)), Some(bridge)) => {
                            let asked = text.clone();
                            let reply = Callback::from(move |checked: Result<(), String>| {
                                match checked {
                                    Ok(()) => {
                                        let kept = quotes::keep_before(
                                            &format!("opening {name}"),
                                            &s.text,
                                        );
                                        notice.set(Notice::ok(format!(
                                            "Opened {name}. Undo brings back the scenario you had.{kept}"
                                        )));
                                        s.dispatch(Action::SetText(text.clone()));
                                    }
                                    Err(e) => notice.set(not_opened(
                                        &name,
                                        &format!("it is not a valid scenario ({e})"),
                                    )),
                                }
                            });
                            bridge.0.ask(protocol::Check { text: asked }, reply);
                        }
                        (Some(Ok(_)), None) => notice.set(not_opened(
                            &name,
                            "without the background worker it cannot be checked",
                        )),
                        (Some(Err(why)), _) => notice.set(not_opened(&name, &why)),
                        (None, _) => notice.set(Notice::bad(format!(
                            "{name} could not be read. Nothing was changed."
                        ))),
                    }
                });
            }
            input.set_value("");
        })
    };
    // Whether the last link made was copied to the clipboard.
    let copied = use_state(|| None::<bool>);
    let make_share = {
        let (s, share_url, bridge) = (state.clone(), share_url.clone(), bridge.clone());
        let copied = copied.clone();
        // The link is offered, not put in the address: a reload must show later edits.
        let notice = notice.clone();
        Callback::from(move |_| {
            let Some(bridge) = &bridge else { return };
            if let Some(why) = does_not_bill(&s) {
                return notice.set(Notice::bad(format!("No link made: {why}")));
            }
            let (share_url, text) = (share_url.clone(), s.text.clone());
            let copied = copied.clone();
            let reply = Callback::from(move |fragment: String| {
                let link = share::link(&fragment).unwrap_or_default();
                share_url.set((text.clone(), link.clone()));
                let copied = copied.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    copied.set(Some(share::copy(&link).await));
                });
            });
            bridge.0.ask(
                protocol::Share {
                    text: s.text.to_string(),
                },
                reply,
            );
        })
    };
    // A link shows one moment's scenario: once the text changes, it is gone
    // rather than stale, and an Undo back to that text does not bring it
    // (or its "Copied") back (tester).
    let share_link = Some(&share_url.1).filter(|l| share_url.0 == state.text && !l.is_empty());
    {
        let (share_url, text) = (share_url.clone(), state.text.clone());
        use_effect_with(text, move |t| {
            if !share_url.0.is_empty() && share_url.0 != *t {
                share_url.set(Default::default());
            }
        });
    }
    {
        // The share link the page opened with, read by the worker. Once the
        // shared scenario is loaded (and autosaved) the address forgets it;
        // a link that could not be read stays, so it can be sent back.
        let (s, notice, bridge) = (state.clone(), notice.clone(), bridge.clone());
        let (link, keep) = (open.link.clone(), open.saved);
        use_effect_with((), move |_| {
            let (Some(link), Some(b)) = (link, bridge) else {
                return;
            };
            let before = s.text.clone();
            b.0.ask(
                protocol::OpenLink { fragment: link },
                Callback::from(move |read: Result<String, String>| {
                    let text = match read {
                        Ok(text) => {
                            share::clear_location();
                            if keep && text != before {
                                let kept = quotes::keep_before("the shared link", &before);
                                notice.set(Notice::ok(format!("Opened the shared scenario. Your own work, autosaved in this browser, is one Undo away.{kept}")));
                            } else {
                                notice.set(Notice::default());
                            }
                            Some(text)
                        }
                        Err(why) => {
                            let shown = if keep {
                                "your own work, autosaved in this browser"
                            } else {
                                "the built-in example"
                            };
                            notice.set(bad_link(&why, &format!("Shown instead: {shown}.")));
                            None
                        }
                    };
                    s.dispatch(Action::LinkRead { text, keep });
                }),
            );
        });
    }
    {
        let (s, notice, bridge) = (state.clone(), notice.clone(), bridge.clone());
        window_event::use_window_event(
            "hashchange",
            Callback::from(move |_| {
                let (Some(link), Some(b)) = (share::at_location(), &bridge) else {
                    return;
                };
                let (s, notice) = (s.clone(), notice.clone());
                b.0.ask(
                    protocol::OpenLink { fragment: link },
                    Callback::from(move |read: Result<String, String>| match read {
                        Ok(text) => {
                            share::clear_location();
                            let kept = quotes::keep_before("the shared link", &s.text);
                            notice.set(Notice::ok(format!(
                                "Opened the shared scenario. Undo brings back the scenario you had.{kept}"
                            )));
                            s.dispatch(Action::SetText(text));
                        }
                        Err(why) => notice.set(bad_link(&why, "Your work is unchanged.")),
                    }),
                );
            }),
        );
    }
    // A value typed just before a reload or a closed tab is applied (and
    // autosaved) before the page goes.
    window_event::use_window_event(
        "pagehide",
        Callback::from(|_| editor::field::apply_pending()),
    );
    {
        let s = state.clone();
        window_event::use_window_event(
            "keydown",
            Callback::from(move |e: web_sys::Event| {
                let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                if !(k.ctrl_key() || k.meta_key()) {
                    return;
                }
                // In the Scenario JSON (and other free text) the browser undoes
                // the typing; in a form field and elsewhere Undo is the
                // scenario's (tester: in a field whose value had billed, the
                // browser's undo did nothing, as the page had set its value).
                let target = k
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok());
                let field = target
                    .as_ref()
                    .is_some_and(|el| el.has_attribute("data-path"));
                let typing = !field
                    && target.is_some_and(|el| {
                        matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA")
                            && el.get_attribute("type").as_deref() != Some("file")
                    });
                let key = k.key().to_ascii_lowercase();
                let action = match key.as_str() {
                    "z" if k.shift_key() => Action::Redo,
                    "z" => Action::Undo,
                    "y" => Action::Redo,
                    _ => return,
                };
                if !typing {
                    k.prevent_default();
                    if field {
                        // A value typed and not yet billed is a step of its own.
                        editor::field::apply_pending();
                    }
                    s.dispatch(action);
                }
            }),
        );
    }
    {
        let (s, other_tab) = (state.clone(), other_tab.clone());
        window_event::use_window_event(
            "storage",
            Callback::from(move |e: web_sys::Event| {
                let Some(se) = e.dyn_ref::<web_sys::StorageEvent>() else {
                    return;
                };
                if se.key().as_deref() == Some(storage::KEY) {
                    if let Some(v) = se.new_value().filter(|v| *v != s.text) {
                        other_tab.set(Some(v));
                    }
                }
            }),
        );
    }
    let load_other = {
        let (s, other_tab, bridge) = (state.clone(), other_tab.clone(), bridge.clone());
        Callback::from(move |_| {
            if let Some(t) = (*other_tab).clone() {
                s.dispatch(Action::SetText(t));
                // Its version bills with the import kept in this browser (the
                // other tab's, unless it set it aside): read it back here too,
                // as a new tab would (tester: the total dropped it silently).
                if let (None, false, Some(b)) = (&s.large, storage::import_aside(), &bridge) {
                    kept::restore(s.clone(), b.clone(), None);
                }
            }
            other_tab.set(None);
        })
    };
    let keep_mine = {
        let (s, other_tab, notice) = (state.clone(), other_tab.clone(), notice.clone());
        Callback::from(move |_| {
            // Mine is saved again, so a reload in either tab shows it; theirs is kept as a quote.
            if let Some(v) = &*other_tab {
                notice.set(keep_other(v));
            }
            let _ = storage::publish(&s.text);
            other_tab.set(None);
        })
    };
    let stop = on_stop(bridge.clone());
    // The numbers on screen are not the final ones yet: a bill is on its
    // way, or the kept import is being read back.
    let busy = !state.answered || matches!(state.kept, state::Kept::Restoring(_));
    // Whether the person has the Scenario JSON open (it opens by itself
    // while the text is not JSON).
    let json_open = use_state_eq(|| false);
    let on_json_toggle = {
        let json_open = json_open.clone();
        Callback::from(move |e: Event| {
            if let Some(d) = e.target_dyn_into::<web_sys::Element>() {
                json_open.set(d.has_attribute("open"));
            }
        })
    };
    // Only a bill that takes a moment dims the results and offers Stop.
    let waiting = slow::use_slow(!state.answered);
    let dim = waiting || matches!(state.kept, state::Kept::Restoring(_));
    let undo = {
        let s = state.clone();
        Callback::from(move |_| s.dispatch(Action::Undo))
    };
    let redo = {
        let s = state.clone();
        Callback::from(move |_| s.dispatch(Action::Redo))
    };
    let print = Callback::from(|_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    {
        // Printing, from a button or the browser's menu: the quote is drawn
        // (with its comparison) on beforeprint and put away on afterprint.
        let s = state.clone();
        window_event::use_window_event(
            "beforeprint",
            Callback::from(move |_| s.dispatch(Action::PreparePrint)),
        );
        let s = state.clone();
        window_event::use_window_event(
            "afterprint",
            Callback::from(move |_| s.dispatch(Action::PrintDone)),
        );
    }
    let on_tab_key = {
        let s = state.clone();
        Callback::from(move |e: KeyboardEvent| {
            // Arrow keys move between tabs (the ARIA tabs pattern); focus follows.
            let n = TABS.len();
            let at = TABS.iter().position(|t| t.0 == s.tab).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => (at + 1) % n,
                "ArrowLeft" => (at + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            s.dispatch(Action::Tab(TABS[next].0));
            let id = TABS[next].1;
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(id))
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = el.focus();
            }
        })
    };
    let on_select = {
        let s = state.clone();
        Callback::from(move |n| s.dispatch(Action::Select(n)))
    };
    let first_product = state
        .first_key(&["contract", "products"])
        .unwrap_or_else(|| "cx2".into());
    let current_example = EXAMPLES.iter().position(|(_, t)| *t == state.text);
    // The list shows the example on screen: an option's `selected` is only
    // its default, which a list the person has chosen from no longer
    // follows (tester: after Undo it still named the example undone).
    let example_list = use_node_ref();
    {
        let list = example_list.clone();
        // After every render: a choice the app refused must not stay shown.
        use_effect(move || {
            if let Some(select) = list.cast::<HtmlSelectElement>() {
                select.set_value(&current_example.map(|i| i.to_string()).unwrap_or_default());
            }
        });
    }
    // The model of the bill on screen (the text may not read as JSON just now).
    let model = state.result.as_ref().and_then(|r| r.model).map_or_else(
        || state.text_at(&["contract", "model"]).to_owned(),
        |m| m.as_str().to_owned(),
    );

    html! {
        <ContextProvider<Store> context={state.clone()}>
        <ContextProvider<Option<BridgeHandle>> context={bridge.clone()}>
        <div class="app">
            <a class="skip" href="#results">{"Skip to the results"}</a>
            <header>
                <h1>{"billsim"}</h1>
                <p class="tag">{"Contact-center bill simulator. Runs entirely in your browser: nothing you enter or import leaves this page."}</p>
                <label class="example">{"Example "}
                    <select id="example" ref={example_list} onchange={on_example}>
                        if current_example.is_none() { <option value="" selected=true>{"(your scenario)"}</option> }
                        { for EXAMPLES.iter().enumerate().map(|(i, (name, _))| html! { <option value={i.to_string()} selected={current_example == Some(i)}>{ *name }</option> }) }
                    </select>
                </label>
                <nav class="actions" aria-label="Scenario and invoice files">
                    <button type="button" id="download-scenario" onclick={download_scenario.clone()}>{"Download scenario"}</button>
                    <input id="open-scenario" class="visually-hidden" type="file" accept=".json,application/json" onchange={open_scenario} />
                    <label class="button" for="open-scenario">{"Open scenario"}</label>
                    <button type="button" id="share" onclick={make_share}>{"Share link"}</button>
                    <button type="button" id="export-csv" onclick={export_csv}>{"Invoice lines CSV (before tax)"}</button>
                    <button type="button" id="export-xlsx" onclick={export_xlsx}>{"Excel workbook"}</button>
                    <button type="button" id="export-json" onclick={export_json}>{"Result JSON"}</button>
                    <button type="button" id="print" onclick={print}>{"Print"}</button>
                    <button type="button" id="undo" onclick={undo} disabled={state.past.is_empty() && state.drafts.is_empty()} aria-keyshortcuts="Control+Z">{"Undo"}</button>
                    <button type="button" id="redo" onclick={redo} disabled={state.future.is_empty()} aria-keyshortcuts="Control+Shift+Z">{"Redo"}</button>
                </nav>
                // On a phone the results come after the whole form: a way straight to them.
                <a class="jump" href={if state.tab == Tab::Invoices && state.result.is_some() { "#timeline-start" } else { "#results" }}>{"Jump to the invoices"}</a>
                if other_tab.is_some() {
                    <div class="notice other-tab" id="other-tab" role="alert">
                        <p>{"Another tab saved a different version of this scenario. Which one should this tab show?"}</p>
                        <button type="button" onclick={load_other}>{"Load the other tab\u{2019}s version"}</button>
                        {" "}
                        <button type="button" onclick={keep_mine}>{"Keep mine"}</button>
                    </div>
                }
                if let Some(link) = share_link {
                    <label class="share">{"Share link (the scenario is in the part after #, which is never sent to a server) "}
                        <input id="share-url" readonly=true value={link.clone()} />
                    </label>
                    <p id="share-copied" role="status">{ match *copied {
                        Some(true) => "Copied to the clipboard: paste it into a message.",
                        Some(false) => "The browser did not let the page copy it: select the link above and copy it (Ctrl+C).",
                        None => "",
                    } }</p>
                    <components::share_leaves_out::ShareLeavesOut />
                }
                <components::kept_note::KeptNote />
                if *unsaved {
                    <p class="notice error" id="unsaved" role="alert">
                        {"Not saved in this browser: this scenario is larger than the browser lets a page keep, so a reload would bring back an older version. Download it to keep it. "}
                        <button type="button" onclick={download_scenario.clone()}>{"Download the scenario"}</button>
                    </p>
                }
                if !notice.text.is_empty() {
                    <p id="notice" class={classes!("notice", notice.bad.then_some("error"))} role={if notice.bad { "alert" } else { "status" }}>{ notice.text.clone() }
                    </p>
                }
            </header>
            <main>
                <section class="editor" aria-labelledby="editor-title">
                    <h2 id="editor-title">{"Scenario"}</h2>
                    // A value typed that is not one (no bill tried it) is said like a refusal.
                    if state.stale() {
                        { components::refusal::banner(&state.error.iter().cloned().chain(state.drafts.iter().map(|(path, d)| state::Refusal { path: path.clone(), message: d.message.clone() })).collect::<Vec<_>>(), state.result.is_some()) }
                    }
                    if let Some(note) = &state.form_note {
                        <p class="form-note" id="form-note" role="status">{ note }</p>
                    }
                    if state.doc.is_some() {
                        <QuoteForm />
                        <ContractForm />
                        <ListEditor legend="Commitment steps" noun="step" path={vec![doc::Seg::Key("contract"), doc::Seg::Key("commitments")]}
                            template={{ let mut v = doc::template(r#"{"product":"","from_cycle":0,"quantity":"0"}"#); v["product"] = first_product.into(); v }}
                            columns={vec![("product", "Product", doc::Kind::Text, "text"), ("from_cycle", "From cycle", doc::Kind::Int, "number"), ("quantity", "Quantity", doc::Kind::Decimal, "text")]} />
                        <Products />
                        <Extras />
                        <AiForm />
                        <Workforce />
                    } else {
                        // Blank fields here would take edits that have no JSON to go into.
                        <p class="form-note" id="form-hidden" role="status">{"The form is hidden while the Scenario JSON below is not valid JSON (the message above says where). Fix it there, or press Undo to go back step by step; the form returns once it reads as JSON."}</p>
                    }
                    // Open while the text is not JSON: the fix is made there.
                    // Also open while the person has it open: a text valid
                    // again closed it under their cursor (tester).
                    <details class="json" open={state.doc.is_none() || *json_open} ontoggle={on_json_toggle}>
                        // The whole title opens the panel (a label inside it sent the click to the hidden textarea).
                        <summary>{"Scenario JSON (every field: add-ons, resources, telco, devices, one-time charges, taxes, orgs, usage)"}</summary>
                        <textarea id="scenario" aria-label="Scenario JSON" spellcheck="false" value={state.text.clone()} oninput={on_text} />
                    </details>
                </section>
                <section class="results" id="results" aria-labelledby="results-title" tabindex="-1" data-busy={dim.then_some("true")}>
                    <h2 id="results-title" class="visually-hidden">{"Results"}</h2>
                    <div class="tabs" role="tablist" aria-label="Results" onkeydown={on_tab_key}>
                        { for TABS.into_iter().map(|(t, id, name)| {
                            let on = state.tab == t;
                            html! {
                                <button type="button" role="tab" id={id} aria-controls="tabpanel" aria-selected={on.to_string()}
                                    tabindex={if on { "0" } else { "-1" }} onclick={tab(t)}>{ name }</button>
                            }
                        }) }
                    </div>
                    if state.stale() && state.result.is_some() {
                        <p class="stale" id="stale" role="status">{"These results are from the last version of your scenario that billed: a value changed since holds an error (the message above the form names it). Fix it, or press Undo, to see new totals."}</p>
                    }
                    if bridge.is_none() || state.worker_failed {
                        <p class="error" id="no-worker" role="alert">{"Bills come from a background worker, and this browser did not start it (blocked here?). Your scenario is kept; open the page in a current Chrome, Edge, Firefox or Safari to see invoices."}</p>
                    } else if state.result.is_none() && state.error.is_none() {
                        <p class="hint" id="billing" role="status">{"Computing the invoices…"}</p>
                    } else if state.result.is_none() {
                        <p class="hint" id="no-bill" role="status">{"No invoices yet: the scenario holds an error (its message is in the Scenario panel). Fix the field it names; where Undo is offered, it goes back to your last valid scenario."}</p>
                    }
                    if waiting {
                        // Shown after a second of waiting (with style.css): a quick bill never flashes it.
                        <button type="button" id="stop" class="stop" onclick={stop}>{"Stop"}</button>
                    }
                    if state.stopped {
                        <p class="stale" id="stopped" role="status">{"Stopped. The results shown are from before your last change; change the scenario (or press Undo) to bill again."}</p>
                    }
                    if let Some(r) = &state.result {
                        <p class={classes!("totals", state.stale().then_some("is-stale"))} id="totals" role="status" aria-live="polite" aria-busy={busy.then_some("true")}>{ format!("Contract total: {} ({} invoices, {} model)", money::money(&r.totals.total, &r.currency), r.invoices.len(), model) }</p>
                        <p class="timing" id="sim-time" data-in="worker"
                            data-parses={state.work.parses.to_string()} data-preparations={state.work.preparations.to_string()}
                            data-measurements={state.work.measurements.to_string()} data-pricings={state.work.pricings.to_string()}>
                            { format!("Simulated in {} ms in the background worker", coord::n(state.sim_ms)) }
                        </p>
                        if !r.notes.is_empty() {
                            <ul class="hint" id="notes" aria-label="Notes on this bill">{ for r.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                        }
                    }
                    <div role="tabpanel" id="tabpanel" aria-labelledby={TABS.iter().find(|t| t.0 == state.tab).map_or("tab-invoices", |t| t.1)}>
                    {
                        match state.tab {
                            Tab::Invoices => match &state.result {
                                Some(r) => html! {
                                    <>
                                    <CostChart result={r.clone()} />
                                    <span id="timeline-start"></span>
                                    <Timeline result={r.clone()} selected={state.selected} on_select={on_select} />
                                    <InvoiceView result={r.clone()} number={state.selected} />
                                    </>
                                },
                                None => html! {},
                            },
                            Tab::Compare => match &state.comparison {
                                Some(c) => html! { <Compare comparison={c.clone()} model={model.clone()} ai={state.compare_ai.clone()} break_even={state.break_even.clone()} /> },
                                None if state.compared == state.pending => html! { <p>{"No comparison for this scenario."}</p> },
                                None => html! { <p class="hint" role="status">{"Comparing the models…"}</p> },
                            },
                            Tab::Usage => html! { <><ImportCsv /><components::usage_reports::UsageReports /><ImportInteractions /><components::day_chart::WorkDay /></> },
                            Tab::Quotes => html! { <Quotes /> },
                            Tab::Advice => html! { <AdviceTab /> },
                            Tab::CheckBill => html! { <components::check_bill::CheckBill /> },
                        }
                    }
                    </div>
                </section>
                <Quote />
            </main>
        </div>
        </ContextProvider<Option<BridgeHandle>>>
        </ContextProvider<Store>>
    }
}

/// A panic never leaves a blank page: the panel says what happened and
/// offers the current scenario (from the autosave) as a download.
fn show_panic(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(body) = doc.body() else { return };
    let Ok(panel) = doc.create_element("div") else {
        return;
    };
    panel.set_id("panic");
    panel.set_attribute("role", "alert").ok();
    let text = storage::load().unwrap_or_default();
    let href = format!(
        "data:application/json;charset=utf-8,{}",
        js_sys::encode_uri_component(&text)
    );
    let Ok(p) = doc.create_element("p") else {
        return;
    };
    p.set_text_content(Some(&format!(
        "billsim stopped on an internal error: {message}. Your scenario is safe: "
    )));
    if let Ok(a) = doc
        .create_element("a")
        .map(|a| a.unchecked_into::<web_sys::HtmlAnchorElement>())
    {
        a.set_href(&href);
        a.set_download("scenario.json");
        a.set_text_content(Some("download it"));
        p.append_child(&a).ok();
    }
    panel.append_child(&p).ok();
    body.prepend_with_node_1(&panel).ok();
}

/// Mounts the app on the page body.
pub fn start() {
    std::panic::set_hook(Box::new(|info| show_panic(&info.to_string())));
    yew::Renderer::<App>::new().render();
}
