//! Contract terms: activation, model, ramp, term, billing, peak rule.

use yew::prelude::*;

use super::field::Field;
use crate::doc::{keys as p, Kind};

/// A default of the format as it is spelled there (the core's own
/// `Default`, so the form never shows another value than the one billed).
pub fn spelled<T: serde::Serialize + Default>() -> Option<AttrValue> {
    let v = serde_json::to_value(T::default()).ok()?;
    Some(AttrValue::from(match v {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }))
}

/// The contract's terms.
#[component]
pub fn ContractForm() -> Html {
    use billsim_core::scenario::{Billing, PeakRule, RampLicenses};
    let rule = PeakRule::default();
    let store = use_context::<crate::context::Store>();
    let steps = store
        .as_ref()
        .filter(|s| s.text_at(&["contract", "model"]) == "hourly")
        .and_then(|s| s.doc.as_ref())
        .and_then(|d| crate::doc::get(d, &p(&["contract", "commitments"])))
        .and_then(serde_json::Value::as_array)
        .map_or(0, Vec::len);
    html! {
        <fieldset class="contract">
            <legend>{"Contract"}</legend>
            <Field label="Activation" path={p(&["contract", "activation"])} kind={Kind::Text} input="date" />
            <Field label="License model" path={p(&["contract", "model"])} kind={Kind::Text}
                options={vec![("named", "Named"), ("concurrent", "Concurrent"), ("hourly", "Hourly")]} />
            if steps > 0 {
                <p class="hint" id="hourly-commitments" role="status">{ billsim_core::explain::hourly_commitments(steps) }</p>
            }
            <Field label="Ramp cycles" path={p(&["contract", "ramp", "cycles"])} kind={Kind::Int} input="number" default={AttrValue::from("0")} />
            <Field label="Ramp licenses" path={p(&["contract", "ramp", "licenses"])} kind={Kind::Text}
                options={vec![("waived", "Waived"), ("actual_in_arrears", "Actual, in arrears")]} default={spelled::<RampLicenses>()} />
            <Field label="Term cycles" path={p(&["contract", "term_cycles"])} kind={Kind::Int} input="number" />
            <Field label="After-term cycles" path={p(&["contract", "after_term_cycles"])} kind={Kind::Int} input="number" default={AttrValue::from("0")} />
            <Field label="Billing" path={p(&["contract", "billing"])} kind={Kind::Text}
                options={vec![("monthly", "Monthly"), ("annual_upfront", "Annual upfront")]} default={spelled::<Billing>()} />
            <Field label="Peak rule" path={p(&["contract", "peak_rule", "kind"])} kind={Kind::Text}
                options={vec![("sustained", "Sustained"), ("cumulative", "Cumulative"), ("cumulative_exact", "Cumulative (exact level)")]} default={spelled::<billsim_core::scenario::PeakKind>()} />
            <Field label="Peak minutes" path={p(&["contract", "peak_rule", "minutes"])} kind={Kind::Int} input="number" default={AttrValue::from(rule.minutes.to_string())} />
        </fieldset>
    }
}
