//! The quote's head: name, customer, prepared by, valid until.

use yew::prelude::*;

use super::field::Field;
use crate::context::Store;
use crate::doc::{keys as p, Kind};

/// The quote's head: its name, for whom, by whom, until when (printed and
/// in the workbook's Summary).
#[component]
pub fn QuoteForm() -> Html {
    let until = use_context::<Store>()
        .map(|s| s.text_at(&["quote", "valid_until"]).to_owned())
        .unwrap_or_default();
    // Dates as text compare as dates. Not refused: an old quote may be
    // printed again, but the paper would promise prices that have lapsed.
    let lapsed = until.len() == 10 && until < crate::quotes::today();
    html! {
        <fieldset class="contract">
            <legend>{"Quote"}</legend>
            <Field label="Quote title" path={p(&["name"])} kind={Kind::Text} />
            <Field label="Customer" path={p(&["quote", "customer"])} kind={Kind::Text} />
            <Field label="Prepared by" path={p(&["quote", "prepared_by"])} kind={Kind::Text} />
            <Field label="Valid until" path={p(&["quote", "valid_until"])} kind={Kind::Text} input="date" />
            if lapsed {
                <p class="hint" id="valid-until-past" role="status">{ format!("{until} has passed: a printed quote would say its prices were valid until then. Set a later date, or clear it to print no date.") }</p>
            }
        </fieldset>
    }
}
