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
    exported(&[
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
        Quote::DECL,
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
    ])
}

/// `generated.d.ts` of the JS API: what the derives declare, after the
/// values billsim reads with its own readers.
pub fn typescript() -> String {
    format!(
        "// Generated from billsim-core's types (tests/typescript.rs): do not edit.\n\n{}\n{}",
        values::TYPESCRIPT,
        renamed(&(scenario_typescript() + &answers_typescript()))
    )
}

/// The TypeScript declarations of the answers: the result, the comparison,
/// the advice, the attribution and the reconciliation.
pub fn answers_typescript() -> String {
    use crate::advice::{Advice, CurvePoint, ModelRank, ProductAdvice, StepAdvice};
    use crate::attribution::{Attribution, Disregarded, Entry, Rung, Tier, UserLine, Window};
    use crate::calendar::Phase;
    use crate::compare::{Comparison, ModelBill};
    use crate::reconcile::report::*;
    use crate::result::*;
    use crate::table::{ReportTables, Table};
    use tsify::Tsify;
    exported(&[
        SimResult::DECL,
        CycleResult::DECL,
        Phase::DECL,
        UsageRow::DECL,
        PeakRow::DECL,
        ResourceRow::DECL,
        TelcoRecon::DECL,
        AiSummary::DECL,
        AiOrgRow::DECL,
        AllocationRow::DECL,
        Invoice::DECL,
        Line::DECL,
        LineKind::DECL,
        Timing::DECL,
        Period::DECL,
        TaxLine::DECL,
        Totals::DECL,
        Preview::DECL,
        ReportTables::DECL,
        Table::DECL,
        Comparison::DECL,
        ModelBill::DECL,
        Advice::DECL,
        ProductAdvice::DECL,
        StepAdvice::DECL,
        CurvePoint::DECL,
        ModelRank::DECL,
        Attribution::DECL,
        Entry::DECL,
        Window::DECL,
        Disregarded::DECL,
        Tier::DECL,
        Rung::DECL,
        UserLine::DECL,
        Document::DECL,
        Reconciliation::DECL,
        CauseTotal::DECL,
        Cause::DECL,
        InvoiceRecon::DECL,
        LinePair::DECL,
        VendorSide::DECL,
        SimulatedSide::DECL,
        CauseShare::DECL,
        FigureRecon::DECL,
        WouldMatch::DECL,
        CallsRecon::DECL,
        CycleCalls::DECL,
        CallDifference::DECL,
    ])
}

/// The JS API's names for the types whose Rust names say less out of
/// their module, or clash with the API's `Session` class or a DOM global.
const RENAMED: [(&str, &str); 6] = [
    ("Session", "LoginSession"),
    ("Feature", "AiFeature"),
    ("Item", "AllocationItem"),
    ("Entry", "WhyEntry"),
    ("Window", "WhyWindow"),
    ("Document", "ReconciliationDocument"),
];

/// `decls` with the [`RENAMED`] type names replaced wherever code (not a
/// comment) names them.
fn renamed(decls: &str) -> String {
    decls
        .lines()
        .map(|line| {
            if line.trim_start().starts_with(['*', '/']) {
                return format!("{line}\n");
            }
            // Each identifier renamed alone, what lies between kept.
            let mut out = String::new();
            let mut word = String::new();
            for c in line.chars().chain(['\n']) {
                if c.is_alphanumeric() || c == '_' || c == '$' {
                    word.push(c);
                    continue;
                }
                let to = RENAMED.iter().find(|(from, _)| *from == word);
                out.push_str(to.map_or(word.as_str(), |(_, to)| to));
                word.clear();
                out.push(c);
            }
            out
        })
        .collect()
}
