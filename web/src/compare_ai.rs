//! The AI token lines of each compared model (run in the background worker
//! beside the comparison).

use billsim_core::compare::Comparison;
use billsim_core::scenario::{Category, Model};
use billsim_core::{Options, Scenario};
use rust_decimal::Decimal;

/// Whether a scenario bills AI tokens at all (usage or a token commitment).
pub fn has_ai(sc: &Scenario) -> bool {
    !sc.usage.ai.is_empty()
        || !sc.usage.interactions.is_empty()
        || sc
            .contract
            .ai
            .as_ref()
            .is_some_and(|a| !a.commitments.is_empty())
}

/// The AI token lines of each compared model, billed as `compare` bills it
/// (the model decides Copilot's rate and the default allocation); `None`
/// for a model that cannot be billed. Nothing unless the scenario has AI.
pub fn ai_by_model(sc: &Scenario, c: &Comparison) -> Option<Vec<Option<Decimal>>> {
    if !has_ai(sc) {
        return None;
    }
    let ai = |model: Model| {
        let mut scen = sc.clone();
        scen.contract.model = model;
        for p in scen.contract.products.values_mut() {
            p.model = None;
        }
        let opts = Options {
            model: Some(model),
            ..Options::default()
        };
        let r = billsim_core::simulate(&scen, None, &opts).ok()?;
        r.invoices
            .iter()
            .flat_map(|i| &i.lines)
            .filter(|l| l.category == Category::Ai)
            .try_fold(Decimal::ZERO, |sum, l| sum.checked_add(l.amount))
    };
    Some(
        c.models
            .iter()
            .map(|m| {
                Model::ALL
                    .into_iter()
                    .find(|x| m.available && x.as_str() == m.model)
                    .and_then(ai)
            })
            .collect(),
    )
}
