//! Contract terms: activation, model, ramp, term, billing, peak rule.

use yew::prelude::*;

use super::field::Field;
use crate::doc::{Kind, Seg};

fn p(keys: &[&'static str]) -> Vec<Seg> {
    keys.iter().map(|k| Seg::Key(k)).collect()
}

#[component]
pub fn ContractForm() -> Html {
    html! {
        <fieldset class="contract">
            <legend>{"Contract"}</legend>
            <Field label="Activation" path={p(&["contract", "activation"])} kind={Kind::Text} input="date" />
            <Field label="License model" path={p(&["contract", "model"])} kind={Kind::Text}
                options={vec![("named", "Named"), ("concurrent", "Concurrent"), ("hourly", "Hourly")]} />
            <Field label="Ramp cycles" path={p(&["contract", "ramp", "cycles"])} kind={Kind::Int} input="number" />
            <Field label="Ramp licenses" path={p(&["contract", "ramp", "licenses"])} kind={Kind::Text}
                options={vec![("waived", "Waived"), ("actual_in_arrears", "Actual, in arrears")]} />
            <Field label="Term cycles" path={p(&["contract", "term_cycles"])} kind={Kind::Int} input="number" />
            <Field label="After-term cycles" path={p(&["contract", "after_term_cycles"])} kind={Kind::Int} input="number" />
            <Field label="Billing" path={p(&["contract", "billing"])} kind={Kind::Text}
                options={vec![("monthly", "Monthly"), ("annual_upfront", "Annual upfront")]} />
            <Field label="Peak rule" path={p(&["contract", "peak_rule", "kind"])} kind={Kind::Text}
                options={vec![("sustained", "Sustained"), ("cumulative", "Cumulative"), ("cumulative_exact", "Cumulative (exact level)")]} />
            <Field label="Peak minutes" path={p(&["contract", "peak_rule", "minutes"])} kind={Kind::Int} input="number" />
        </fieldset>
    }
}
