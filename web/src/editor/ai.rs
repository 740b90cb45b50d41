//! AI Experience tokens (R-AI1..R-AI4) and the free allocations (R-F1):
//! the token commitment, allocation and rates, each feature's rate, the
//! wallboard / rule-decision / case allowances, and the usage per cycle.

use yew::prelude::*;

use super::field::Field;
use super::list::ListEditor;
use billsim_core::allocations::Item;

use crate::context::Store;
use crate::doc::{keys as p, Kind};

/// The nine AI features (`usage.ai[].feature`), in the engine's order, as people read them.
pub const FEATURES: [(&str, &str); 9] = [
    ("voice_bot_minutes", "Voice bot minutes"),
    ("digital_bot_sessions", "Digital bot sessions"),
    ("virtual_agent_interactions", "Virtual agent interactions"),
    (
        "agentic_virtual_agent_interactions",
        "Agentic virtual agent interactions",
    ),
    ("copilot_users", "Agent Copilot users"),
    ("ai_scoring_evaluations", "AI scoring evaluations"),
    ("ai_translations", "AI translations"),
    ("ai_summaries", "AI summaries and insights"),
    ("messaging_messages", "Third-party messaging messages"),
];

/// The free-allocation items (`usage.allocations[].item`).
pub const ITEMS: [(&str, &str); 3] = [
    ("wallboards", "Wallboard accounts"),
    ("rule_decisions", "Rule-based decisions"),
    ("cases", "Cases"),
];

/// A free allocation's label with the engine's built-in number (R-F1).
fn free_label(item: Item, what: &str) -> String {
    format!("{what} (built-in {})", item.default_free().normalize())
}

#[component]
pub fn AiForm() -> Html {
    let Some(store) = use_context::<Store>() else {
        return html! {};
    };
    // New usage rows name the scenario's first org.
    let org = store
        .doc
        .as_ref()
        .and_then(|d| d["orgs"][0]["id"].as_str())
        .unwrap_or("main")
        .to_owned();
    let with_org = |json: &'static str| {
        let mut v = crate::doc::template(json);
        v["org"] = org.as_str().into();
        v
    };
    html! {
        <fieldset class="ai" id="ai-form">
            <legend>{"AI tokens and free allocations"}</legend>
            <p class="hint">{"AI features are billed in tokens: each org gets a free allocation per cycle, the rest is charged in arrears, above any token commitment (R-AI1..R-AI4). Leave a field empty for the built-in value."}</p>
            <Field label="Free tokens per org per cycle (allocation)" path={p(&["contract", "ai", "allocation"])} kind={Kind::Decimal} />
            <Field label="Token rate" path={p(&["contract", "ai", "rate"])} kind={Kind::Decimal} />
            <Field label="Prepay rate (committed tokens)" path={p(&["contract", "ai", "prepay_rate"])} kind={Kind::Decimal} />
            <ListEditor legend="Token commitment steps (all orgs together)" noun="token step" path={p(&["contract", "ai", "commitments"])}
                template={crate::doc::template(r#"{"from_cycle":0,"quantity":"1000"}"#)}
                columns={vec![("from_cycle", "From cycle", Kind::Int, "number"), ("quantity", "Tokens", Kind::Decimal, "text")]} />
            <details class="ai-rates">
                <summary>{"Token rates per feature"}</summary>
                { for billsim_core::ai::Feature::ALL.into_iter().map(|f| {
                    // The built-in rate in the label is the engine's own table.
                    let (map, label) = f.rate_field();
                    html! {
                        <Field label={label} path={p(&["contract", "ai", map, f.as_str()])} kind={Kind::Decimal} />
                    }
                }) }
            </details>
            <fieldset class="allocations">
                <legend>{"Free allocations per org per cycle"}</legend>
                <Field label={free_label(Item::Wallboards, "Free wallboard accounts")} path={p(&["contract", "allocations", "wallboards", "free"])} kind={Kind::Int} input="number" />
                <Field label="Wallboard account rate (per month)" path={p(&["contract", "allocations", "wallboards", "rate"])} kind={Kind::Decimal} />
                <Field label={free_label(Item::RuleDecisions, "Free rule-based decisions")} path={p(&["contract", "allocations", "rule_decisions", "free"])} kind={Kind::Int} input="number" />
                <Field label="Rule-based decision rate" path={p(&["contract", "allocations", "rule_decisions", "rate"])} kind={Kind::Decimal} />
                <Field label={free_label(Item::Cases, "Free cases")} path={p(&["contract", "allocations", "cases", "free"])} kind={Kind::Int} input="number" />
                <Field label="Case rate" path={p(&["contract", "allocations", "cases", "rate"])} kind={Kind::Decimal} />
            </fieldset>
            <ListEditor legend="AI usage per cycle" noun="AI usage row" path={p(&["usage", "ai"])}
                template={with_org(r#"{"cycle":0,"org":"","feature":"voice_bot_minutes","quantity":"0"}"#)}
                columns={vec![("cycle", "Cycle", Kind::Int, "number"), ("org", "Org", Kind::Text, "text"), ("feature", "Feature", Kind::Text, "text"), ("quantity", "Quantity", Kind::Decimal, "text")]}
                choices={vec![("feature", &FEATURES[..])]} />
            <ListEditor legend="Free-allocation usage per cycle" noun="allocation usage row" path={p(&["usage", "allocations"])}
                template={with_org(r#"{"cycle":0,"org":"","item":"wallboards","quantity":"1"}"#)}
                columns={vec![("cycle", "Cycle", Kind::Int, "number"), ("org", "Org", Kind::Text, "text"), ("item", "Item", Kind::Text, "text"), ("quantity", "Quantity", Kind::Decimal, "text")]}
                choices={vec![("item", &ITEMS[..])]} />
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use billsim_core::ai::Feature;

    #[test]
    fn every_feature_and_item_is_offered_with_its_rate() {
        let names: Vec<&str> = FEATURES.iter().map(|(f, _)| *f).collect();
        assert_eq!(names, Feature::ALL.map(Feature::as_str));
        // The labels carry the engine's built-in rates.
        assert_eq!(
            Feature::VoiceBotMinutes.rate_field(),
            (
                "units_per_token",
                "Voice-bot minutes per token (built-in 17)".to_owned()
            )
        );
        assert_eq!(
            Feature::CopilotUsers.rate_field().1,
            "Tokens per Agent Copilot user per cycle (built-in 40, concurrent 60)"
        );
        assert_eq!(
            free_label(Item::RuleDecisions, "Free rule-based decisions"),
            "Free rule-based decisions (built-in 50000)"
        );
        let items: Vec<&str> = ITEMS.iter().map(|(i, _)| *i).collect();
        assert_eq!(items, Item::ALL.map(Item::as_str));
    }
}
