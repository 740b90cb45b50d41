//! Machine-readable descriptions of the formats, only with the `schema`
//! feature (the app and the JS API do not link them): the JSON Schema of the
//! scenario format (`scenario.schema.json`) and the TypeScript declarations
//! of the JS API's objects. Both are derived beside serde's own derives
//! (`JsonSchema`, `Tsify`), so they name the fields, defaults and spellings
//! serde reads; tests write them and fail while a committed copy is stale.

pub mod values;

use crate::scenario::Scenario;

/// The JSON Schema (draft 2020-12) of the scenario format.
pub fn scenario() -> serde_json::Value {
    // A derived schema is plain JSON: converting it cannot fail.
    serde_json::to_value(schemars::schema_for!(Scenario)).unwrap_or_default()
}

/// The declarations `decls` (each `export`ed), one after the other.
fn exported(decls: &[&str]) -> String {
    decls.iter().map(|d| format!("{}\n", d.trim())).collect()
}

/// The TypeScript declarations of the scenario format: every type the
/// JSON Schema defines (tests/typescript.rs checks the two name the same).
pub fn scenario_typescript() -> String {
    use crate::interactions::{BotResource, Interaction};
    use crate::scenario::ai::{AiContract, AiUse, Feature};
    use crate::scenario::allocations::{AllocationUse, FreeAllocation, Item};
    use crate::scenario::*;
    use tsify::Tsify;
    let decls = exported(&[
        Scenario::DECL,
        Org::DECL,
        Contract::DECL,
        Model::DECL,
        Ramp::DECL,
        RampLicenses::DECL,
        Billing::DECL,
        PeakRule::DECL,
        PeakKind::DECL,
        Product::DECL,
        Rates::DECL,
        ResourceKind::DECL,
        Commitment::DECL,
        Addon::DECL,
        AddonStep::DECL,
        ResourceRate::DECL,
        Telco::DECL,
        CallRates::DECL,
        ShortCall::DECL,
        Numbers::DECL,
        Device::DECL,
        OneTime::DECL,
        Tax::DECL,
        Category::DECL,
        AiContract::DECL,
        Feature::DECL,
        Item::DECL,
        FreeAllocation::DECL,
        Usage::DECL,
        Session::DECL,
        Quantity::DECL,
        Profile::DECL,
        Shift::DECL,
        ResourceUse::DECL,
        Call::DECL,
        CallType::DECL,
        HoursRow::DECL,
        AiUse::DECL,
        Interaction::DECL,
        BotResource::DECL,
        AllocationUse::DECL,
    ]);
    // The JS API's `Session` is the engine session class: a login is a `LoginSession`.
    decls
        .replace("interface Session ", "interface LoginSession ")
        .replace(": Session[]", ": LoginSession[]")
}

/// `generated.d.ts` of the JS API: what the derives declare, after the
/// values billsim reads with its own readers.
pub fn typescript() -> String {
    format!(
        "// Generated from billsim-core's types (tests/typescript.rs): do not edit.\n\n{}\n{}",
        values::TYPESCRIPT,
        scenario_typescript()
    )
}
