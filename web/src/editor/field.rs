//! One labelled input bound to a path in the scenario document, showing the
//! engine's own message when that path is wrong.

use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::check;
use crate::context::Store;
use crate::doc::{self, Kind, Seg};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub label: AttrValue,
    pub path: Vec<Seg>,
    pub kind: Kind,
    /// `text`, `number`, `date`; ignored when `options` are given.
    #[prop_or(AttrValue::Static("text"))]
    pub input: AttrValue,
    /// A select's (value, label) pairs.
    #[prop_or_default]
    pub options: Vec<(&'static str, &'static str)>,
    /// The value the engine uses when the scenario leaves the field out
    /// (from the core's own defaults): a select shows it chosen, an input
    /// shows it greyed as its placeholder.
    #[prop_or_default]
    pub default: Option<AttrValue>,
}

/// The engine's message for a field, in the field's words: its label
/// instead of the JSON path, without the parser's line and column.
pub fn in_words(label: &str, path: &str, message: &str, typed: &str) -> String {
    // The path, and any item inside it ("days[0]" of "Working days"), go:
    // the label names the field.
    let rest = message
        .strip_prefix(path)
        .filter(|m| m.is_empty() || m.starts_with([':', '.', '[']))
        .and_then(|m| m.split_once(": "))
        .map_or(message, |(_, m)| m);
    let rest = match rest.find(" at line ") {
        Some(i) => &rest[..i],
        None => rest,
    };
    let rest = if rest.starts_with("missing field") {
        "is required"
    } else {
        rest
    };
    if rest == "is required" {
        format!("{label} is required.")
    } else if typed.is_empty() {
        format!("{label}: {rest}.")
    } else {
        format!("{label}: {rest}; you typed \"{typed}\".")
    }
}

/// What is being typed into an input, until it is committed (the caller
/// clears it on change), and the input handler that records it: a bill
/// arriving from the worker re-renders mid-typing and must not put the old
/// value back.
#[hook]
pub fn use_typing() -> (UseStateHandle<Option<String>>, Callback<InputEvent>) {
    let typing = use_state(|| None::<String>);
    let oninput = {
        let typing = typing.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(i) = e.target_dyn_into::<web_sys::HtmlInputElement>() {
                typing.set(Some(i.value()));
            }
        })
    };
    (typing, oninput)
}

/// How long typing pauses before the value is billed (issue 22: values bill
/// while typing, not only when the field is left).
const PAUSE_MS: i32 = 300;

thread_local! {
    /// The value typed last, waiting for the pause to apply.
    static PENDING: RefCell<Option<Box<dyn FnOnce()>>> = RefCell::new(None);
}

/// Applies the value typed last now, if it still waits: at the end of the
/// pause, or when the page is left (reload, tab closed) before it ends, so
/// no keystroke is lost (the autosave follows the change).
pub fn apply_pending() {
    if let Some(apply) = PENDING.with(|p| p.borrow_mut().take()) {
        apply();
    }
}

/// The input handler that records what is typed and, once typing pauses,
/// applies the value when it is valid. An invalid number is said at the
/// pause; an invalid date once it is as long as a whole one ("2027-02-30",
/// "21/10/2026"): a date half typed is not an error yet. The
/// count of keystrokes it returns is bumped when the field is left, so no
/// pending pause applies after that (an Undo right after must hold).
#[hook]
fn use_pause_applies(
    v: &ViewProps,
    record: Callback<InputEvent>,
) -> (Callback<InputEvent>, Rc<RefCell<u64>>) {
    let f = &*v.field;
    let (kind, date, dispatch, typed_in) =
        (f.kind, f.input == "date", v.dispatch.clone(), v.replaced);
    // Only the latest keystroke's timer applies (earlier ones find a newer count).
    let keystrokes = use_mut_ref(|| 0u64);
    let (path, label) = (f.path.clone(), f.label.clone());
    let counter = keystrokes.clone();
    let oninput = Callback::from(move |e: InputEvent| {
        let typed = e
            .target_dyn_into::<web_sys::HtmlInputElement>()
            .map(|i| i.value());
        record.emit(e);
        let (store, Some(typed), Some(w)) = (dispatch.clone(), typed, web_sys::window()) else {
            return;
        };
        if typed.trim().is_empty() {
            // A field emptied to be typed afresh is not a value yet; what
            // was said of the text it held no longer holds (tester: "you
            // typed \"a\"" beside an empty field).
            // No earlier keystroke's pause applies after it (deleting "abc"
            // a letter at a time left "you typed \"a\"").
            *keystrokes.borrow_mut() += 1;
            PENDING.with(|p| p.borrow_mut().take());
            dispatch.dispatch(Action::Draft(doc::dotted(&path), None));
            return;
        }
        *keystrokes.borrow_mut() += 1;
        let (mine, keystrokes) = (*keystrokes.borrow(), keystrokes.clone());
        let latest = keystrokes.clone();
        let (path, label) = (path.clone(), label.clone());
        let apply = move || {
            // A newer keystroke, or the whole text replaced since (the
            // value was typed for the scenario before it).
            if *keystrokes.borrow() != mine || crate::state::replaced_now() != typed_in {
                return;
            }
            match check::check(&label, kind, date, &typed) {
                Ok(value) => store.dispatch(Action::SetField(path, value)),
                // A number that is wrong as typed ("75,5") says so once
                // typing pauses; a date half typed waits for the field to
                // be left or for the length of a whole date.
                Err(message) if !date || typed.trim().len() >= 10 => store.dispatch(Action::Draft(
                    doc::dotted(&path),
                    Some(crate::state::Draft { typed, message }),
                )),
                Err(_) => {}
            }
        };
        // Kept for a page left before the pause ends ([`apply_pending`]).
        PENDING.with(|p| *p.borrow_mut() = Some(Box::new(apply)));
        // Only the latest keystroke's pause applies.
        let later = wasm_bindgen::closure::Closure::once_into_js(move || {
            if *latest.borrow() == mine {
                apply_pending();
            }
        });
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
            wasm_bindgen::JsCast::unchecked_ref(&later),
            PAUSE_MS,
        );
    });
    (oninput, counter)
}

/// The state's dispatcher: unlike the state's handle, equal from one
/// state to the next, so a field's view is not redrawn for it.
type Dispatch = yew::UseReducerDispatcher<crate::state::State>;

/// What a field shows of the state: compared with the last, so the field
/// draws again only when one of these changed (an edit elsewhere, a bill
/// arriving, does not redraw every field of the form).
#[derive(Properties, PartialEq)]
struct ViewProps {
    field: Rc<FieldProps>,
    dotted: AttrValue,
    /// The value in the scenario, as the field shows it.
    stored: String,
    draft: Option<crate::state::Draft>,
    /// The engine's message when it refused this field's value.
    refused: Option<String>,
    /// The text's replacement count ([`crate::state::State::replaced`]).
    replaced: u32,
    dispatch: Dispatch,
}

/// A field: reads its value, draft and message from the state and hands
/// them to the view, which compares them with the last.
#[component]
pub fn Field(p: &FieldProps) -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    let dotted = doc::dotted(&p.path);
    let stored = store
        .doc
        .as_ref()
        .map(|d| doc::shown(d, &p.path, p.kind))
        .unwrap_or_default();
    let field = Rc::new(FieldProps {
        label: p.label.clone(),
        path: p.path.clone(),
        kind: p.kind,
        input: p.input.clone(),
        options: p.options.clone(),
        default: p.default.clone(),
    });
    html! {
        <FieldView {field} draft={store.drafts.get(&dotted).cloned()} refused={store.error_at(&dotted).map(str::to_owned)}
            dotted={AttrValue::from(dotted)} {stored} replaced={store.replaced} dispatch={store.dispatcher()} />
    }
}

#[component]
fn FieldView(v: &ViewProps) -> Html {
    let (p, dotted, draft) = (&*v.field, v.dotted.to_string(), v.draft.clone());
    let (typing, record) = use_typing();
    let (oninput, keystrokes) = use_pause_applies(v, record);
    let stored = v.stored.clone();
    {
        // The scenario's value changed under the field (its own pause
        // applied it, or Undo, an example or a file replaced the text): what
        // was being typed is over, and a pause still waiting is dropped.
        let (typing, keystrokes) = (typing.clone(), keystrokes.clone());
        use_effect_with((stored.clone(), v.replaced), move |_| {
            // Only a field being typed in draws again (a pasted scenario
            // changes every field's value at once).
            if typing.is_some() {
                typing.set(None);
            }
            *keystrokes.borrow_mut() += 1;
        });
    }
    let value = match (&*typing, &draft) {
        (Some(t), _) => t.clone(),
        (None, Some(d)) => d.typed.clone(),
        (None, None) => stored,
    };
    let id = format!("f-{}", dotted.replace(['.', '[', ']'], "-"));
    let error_id = format!("{id}-error");
    let error = match &draft {
        Some(d) => Some(d.message.clone()),
        None => v
            .refused
            .as_ref()
            .map(|m| in_words(&p.label, &dotted, m, &value)),
    };
    let date = p.input == "date";
    let onchange = {
        let (store, path, kind, label) =
            (v.dispatch.clone(), p.path.clone(), p.kind, p.label.clone());
        let dotted = dotted.clone();
        let typing = typing.clone();
        // The text this field's value was typed against.
        let typed_in = v.replaced;
        Callback::from(move |e: Event| {
            // Since then the whole text was replaced (another example, a
            // file, Undo): the change event is the input losing focus as
            // the form is redrawn for that text, not an edit of it.
            if crate::state::replaced_now() != typed_in {
                return;
            }
            typing.set(None);
            *keystrokes.borrow_mut() += 1;
            let v = value_of(&e);
            match check::check(&label, kind, date, &v) {
                Ok(value) => store.dispatch(Action::SetField(path.clone(), value)),
                Err(message) => store.dispatch(Action::Draft(
                    dotted.clone(),
                    Some(crate::state::Draft { typed: v, message }),
                )),
            }
        })
    };
    // Dates and numbers are typed as text: a date input bills each finished
    // part of a date while it is typed, and a number input hides what was
    // typed when it is not a number, so its message could not quote it.
    let (input, mode, placeholder) = match p.input.as_str() {
        "date" => (
            "text",
            Some("numeric"),
            Some(AttrValue::Static("YYYY-MM-DD")),
        ),
        "number" => ("text", Some("numeric"), p.default.clone()),
        _ => ("text", None, p.default.clone()),
    };
    // A select left out of the scenario shows the value the engine uses.
    let chosen = if value.is_empty() {
        p.default.as_deref().unwrap_or_default().to_owned()
    } else {
        value.clone()
    };
    let described = error.as_ref().map(|_| error_id.clone());
    let control = if p.options.is_empty() {
        html! { <input id={id.clone()} type={input} inputmode={mode} placeholder={placeholder} value={value} data-path={dotted.clone()} {oninput} {onchange}
        aria-invalid={error.is_some().to_string()} aria-describedby={described} /> }
    } else {
        html! {
            // The select's value as a property too: once a person has picked an option, an
            // option's `selected` attribute no longer moves the choice (Undo left it shown).
            <select id={id.clone()} data-path={dotted.clone()} ~value={chosen.clone()} {onchange} aria-invalid={error.is_some().to_string()} aria-describedby={described}>
                // A value the list does not offer (typed in the JSON) still shows, so the engine's message about it reads right.
                if !value.is_empty() && !p.options.iter().any(|(v, _)| *v == value) {
                    <option value={value.clone()} selected=true>{ value.clone() }</option>
                }
                { for p.options.iter().map(|(v, l)| html! { <option value={*v} selected={*v == chosen}>{ *l }</option> }) }
            </select>
        }
    };
    html! {
        <div class={classes!("field", error.is_some().then_some("bad"))}>
            <label for={id}>{ p.label.clone() }</label>
            { control }
            if let Some(msg) = error {
                <p class="field-error" id={error_id} role="alert">{ msg }</p>
            }
        </div>
    }
}

/// The value of the input or list an event came from ("" for another element).
pub fn value_of(e: &Event) -> String {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
        .or_else(|| {
            e.target_dyn_into::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::in_words;

    /// A message about an item inside the field ("days[0]" of "Working
    /// days") names the field, not the item's JSON path (tester).
    #[test]
    fn an_item_inside_the_field_is_said_by_its_label() {
        assert_eq!(
            in_words(
                "Working days",
                "usage.profiles[0].days",
                "usage.profiles[0].days[0]: \"funday\" is not one of mon, tue, wed, thu, fri, sat, sun",
                "monday, funday"
            ),
            "Working days: \"funday\" is not one of mon, tue, wed, thu, fri, sat, sun; you typed \"monday, funday\"."
        );
        assert_eq!(
            in_words(
                "Quantity",
                "contract.commitments[0].quantity",
                "contract.commitments[0].quantity: must not be negative",
                ""
            ),
            "Quantity: must not be negative."
        );
        // A message with no path (an import refused by a forecast) is kept whole.
        assert_eq!(
            in_words(
                "Forecast quantities",
                "",
                "cycle 0 of cx2 is measured: remove it",
                ""
            ),
            "Forecast quantities: cycle 0 of cx2 is measured: remove it."
        );
    }
}
