//! The quote's head: name, customer, prepared by, valid until.

use yew::prelude::*;

use super::field::Field;
use crate::doc::{keys as p, Kind};

/// The quote's head: its name, for whom, by whom, until when (printed and
/// in the workbook's Summary).
#[component]
pub fn QuoteForm() -> Html {
    html! {
        <fieldset class="contract">
            <legend>{"Quote"}</legend>
            <Field label="Quote title" path={p(&["name"])} kind={Kind::Text} />
            <Field label="Customer" path={p(&["quote", "customer"])} kind={Kind::Text} />
            <Field label="Prepared by" path={p(&["quote", "prepared_by"])} kind={Kind::Text} />
            <Field label="Valid until" path={p(&["quote", "valid_until"])} kind={Kind::Text} input="date" />
        </fieldset>
    }
}
