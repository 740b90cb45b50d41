//! A generic editor for an array of flat objects (devices, taxes, orgs,
//! forecast quantities, shifts, ...): one row of fields per item, add and
//! remove, and optionally a list inside each item (an add-on's
//! commitment steps).

use std::rc::Rc;

use serde_json::Value;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::field::Field;
use crate::context::Store;
use crate::doc::{self, Kind, Seg};
use crate::state::Action;

/// One column: key, label, how its text becomes JSON, input type.
pub type Column = (&'static str, &'static str, Kind, &'static str);

/// A column shown as a select: its key and the (value, label) pairs offered.
pub type Choices = (&'static str, &'static [(&'static str, &'static str)]);

#[derive(Properties, PartialEq)]
pub struct ListProps {
    pub legend: AttrValue,
    /// Path of the array.
    pub path: Vec<Seg>,
    pub columns: Vec<Column>,
    /// What "Add" appends.
    pub template: Value,
    /// What one item is called ("device").
    pub noun: AttrValue,
    /// A list edited inside each item.
    #[prop_or_default]
    pub nested: Option<Rc<Nested>>,
    /// Columns picked from a fixed list (an AI feature) instead of typed.
    #[prop_or_default]
    pub choices: Vec<Choices>,
    /// What "Add" does instead of appending the template (a row that must
    /// fit the rest of the scenario to be valid).
    #[prop_or_default]
    pub on_add: Option<Callback<()>>,
}

/// A list inside each item of a [`ListEditor`]: the item's key and how to
/// edit it.
#[derive(PartialEq)]
pub struct Nested {
    pub key: &'static str,
    pub legend: &'static str,
    pub noun: &'static str,
    pub columns: Vec<Column>,
    pub template: Value,
}

#[component]
pub fn ListEditor(p: &ListProps) -> Html {
    let store = use_context::<Store>();
    let n = store
        .as_ref()
        .and_then(|s| s.doc.as_ref())
        .and_then(|d| doc::get(d, &p.path))
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    // After "Add", the new item's first field takes the focus: the person
    // fills it in next, and a screen reader says where they are (tester:
    // the focus stayed on the button and nothing said a row had come).
    let list = use_node_ref();
    // The count before the click, and when (ms): a forecast's row comes from
    // the worker, a moment later; an add that changed nothing must not move
    // the focus at a change much later.
    let added = use_mut_ref(|| None::<(usize, f64)>);
    {
        let (list, added) = (list.clone(), added.clone());
        use_effect_with(n, move |&n| {
            let was = added.borrow_mut().take();
            let recent = |at: f64| js_sys::Date::now() - at < 2_000.0;
            if was.is_some_and(|(before, at)| n > before && recent(at)) {
                let first = list.cast::<web_sys::Element>().and_then(|l| {
                    l.query_selector(":scope > .step:last-of-type :is(input, select)")
                        .ok()
                        .flatten()
                });
                if let Some(el) = first.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = el.focus();
                }
            }
        });
    }
    let Some(store) = store else {
        return html! {};
    };
    let add = {
        let (store, path, t) = (store.clone(), p.path.clone(), p.template.clone());
        let on_add = p.on_add.clone();
        let added = added.clone();
        Callback::from(move |_| {
            *added.borrow_mut() = Some((n, js_sys::Date::now()));
            match &on_add {
                Some(f) => f.emit(()),
                None => store.dispatch(Action::Push(path.clone(), t.clone())),
            }
        })
    };
    let id = format!("add-{}", doc::dotted(&p.path).replace(['.', '[', ']'], "-"));
    html! {
        <fieldset class="list" ref={list}>
            <legend>{ p.legend.clone() }</legend>
            { for (0..n).map(|i| {
                let mut item = p.path.clone();
                item.push(Seg::Idx(i));
                let remove = {
                    let (store, item) = (store.clone(), item.clone());
                    Callback::from(move |_| store.dispatch(Action::SetField(item.clone(), None)))
                };
                html! {
                    <div class="step" data-name={format!("{} {}", p.noun, i + 1)}>
                        { for p.columns.iter().map(|(key, label, kind, input)| {
                            let mut path = item.clone();
                            path.push(Seg::Key(key));
                            let options = p.choices.iter().find(|(k, _)| k == key).map(|(_, o)| o.to_vec()).unwrap_or_default();
                            html! { <Field label={*label} {path} kind={*kind} input={*input} {options} /> }
                        }) }
                        <button type="button" class="remove" aria-label={format!("Remove {} {}", p.noun, i + 1)} onclick={remove}>{"Remove"}</button>
                        if let Some(n) = &p.nested {
                            <ListEditor legend={n.legend} noun={n.noun} template={n.template.clone()} columns={n.columns.clone()}
                                path={item.iter().cloned().chain([Seg::Key(n.key)]).collect::<Vec<_>>()} />
                        }
                    </div>
                }
            }) }
            <button type="button" id={id} onclick={add}>{ format!("Add {} {}", article(&p.noun), p.noun) }</button>
        </fieldset>
    }
}

/// "a" or "an" before a noun, by its first letter (enough for the nouns used here).
fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}
