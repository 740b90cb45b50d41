//! The banner over the form when the engine refused the scenario. When
//! the refused value has a field on screen, that field already says what
//! is wrong in the person's words: the banner then names the field by its
//! label, with a button to go to it, and repeats neither the JSON path nor
//! the parser's words. Otherwise (the JSON editor, a value with no field)
//! it gives the engine's message, whose line and column find it in the
//! Scenario JSON.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::state::Refusal;

/// The input or list bound to `path` (or to the list or object holding
/// it) on screen and its label's words; or,
/// when the refused value is a group of fields (a profile's product mix),
/// its first field and the group's legend. `true`: the field itself.
pub fn field_of(path: &str) -> Option<(web_sys::HtmlElement, String, bool)> {
    let doc = web_sys::window()?.document()?;
    let find = |css: String| doc.query_selector(&css).ok().flatten();
    // The field of the value, or of the list or object holding it (a
    // field's message covers what is inside it: `days[2]` is "Working days").
    let mut at = path;
    let field = loop {
        if let Some(el) = find(format!("[data-path=\"{at}\"]")) {
            break Some(el);
        }
        match at.rfind(['.', '[']) {
            Some(i) if i > 0 => at = &at[..i],
            _ => break None,
        }
    };
    let (el, exact) = match field {
        Some(el) => (el, true),
        None => (
            find(format!("[data-path^=\"{path}.\"],[data-path^=\"{path}[\"]"))?,
            false,
        ),
    };
    let (around, words) = if exact {
        (".field", "label")
    } else {
        ("fieldset", "legend")
    };
    let label = el.closest(around).ok()??.query_selector(words).ok()??;
    let mut label = label.text_content()?;
    // A product's fields share their labels (every product has a Prepay):
    // the product's heading says whose.
    if let Some(product) = el
        .closest(".product")
        .ok()
        .flatten()
        .and_then(|p| p.query_selector("h3").ok().flatten())
        .and_then(|h| h.text_content())
    {
        label = format!("{label} of {product}");
    }
    // A list's items share their labels too (every step has a Product):
    // the item's name says which ("Product of step 2"). A list's legend
    // names the whole list: no item to add.
    if let Some(item) = exact
        .then(|| el.closest(".step[data-name]").ok().flatten())
        .flatten()
        .and_then(|s| s.get_attribute("data-name"))
    {
        label = format!("{label} of {item}");
    }
    Some((el.dyn_into().ok()?, label, exact))
}

/// Brings a field to the middle of the screen, then focuses it: the fields
/// around it (a step's cycle and product) stay in view (tester: at the top
/// edge they were hidden).
pub fn go_to(el: &web_sys::HtmlElement) {
    let middle = web_sys::ScrollIntoViewOptions::new();
    middle.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&middle);
    let _ = el.focus();
}

/// The banner, drawn with the App each time (not a component of its own:
/// a field it names may appear after the refusal came): every value not
/// billed (the engine's refusal, then each field's text it could not
/// take), named by its field with a button to go to it. `shown`: whether
/// invoices of the last version that billed are on screen (after any
/// number of changes, or a file opened: not only "before the change").
pub fn banner(refused: &[Refusal], shown: bool) -> Html {
    let mut said = Vec::new();
    let mut fields = Vec::new();
    for r in refused {
        match field_of(&r.path) {
            // No field says it (the JSON editor): the engine's message,
            // whose line and column find it.
            None => said.push(r.message.clone()),
            // A field named once, however many of its values were refused
            // (the engine's refusal and the text typed since).
            Some((el, ..)) if fields.iter().any(|(f, _)| *f == el) => {}
            Some((el, label, exact)) => {
                said.push(if exact {
                    format!("{label} holds an error (its message is at the field)")
                } else {
                    // No field of the group says it: the banner does, in its words.
                    crate::editor::field::in_words(&label, &r.path, &r.message, "")
                        .trim_end_matches('.')
                        .to_owned()
                });
                fields.push((el, label));
            }
        }
    }
    if fields.is_empty() {
        return html! { <p class="error" role="alert" id="error">{ said.join(" ") }</p> };
    }
    let before = if shown {
        " The invoices shown are from the last version that billed."
    } else {
        ""
    };
    html! {
        <p class="error" role="alert" id="error">
            { format!("Not billed: {}.{before} ", said.join("; ")) }
            { for fields.into_iter().map(|(el, label)| {
                let go = Callback::from(move |_| go_to(&el));
                html! { <button type="button" onclick={go}>{ format!("Go to {label}") }</button> }
            }) }
        </p>
    }
}
