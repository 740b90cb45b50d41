//! The sales engineer's question: the same usage billed as named, concurrent
//! and hourly, per cycle and over the whole contract, cheapest marked.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::contract::Commitments;
use crate::error::Result;
use crate::result::SimResult;
use crate::scenario::{Model, Scenario};
use crate::stages::Prepared;
use crate::usage::Sessions;

/// One model's bill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct ModelBill {
    /// `named`, `concurrent`, `hourly`.
    pub model: String,
    /// Whether it could be billed; else `reason` says why.
    pub available: bool,
    /// Why not, when not available.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// Cost attributed to each cycle (its in-advance and in-arrears lines), before tax.
    #[serde(with = "crate::compare::dec_vec")]
    pub per_cycle: Vec<Decimal>,
    /// Contract total before tax.
    #[serde(with = "rust_decimal::serde::str")]
    pub subtotal: Decimal,
    /// Contract total with tax.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
    /// License lines only, before tax.
    #[serde(with = "rust_decimal::serde::str")]
    pub license_subtotal: Decimal,
    /// License units billed over the contract (user-cycles, or hours).
    #[serde(with = "rust_decimal::serde::str")]
    pub license_units: Decimal,
    /// Cheapest total of the available models.
    pub cheapest: bool,
    /// Whether the model was priced at its own rates (false: another
    /// model's, R-O3). Only said when the scenario carries per-model rates
    /// (a product's `concurrent`): without them every license model is
    /// priced at the one set of rates given, as it always was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_rates: Option<bool>,
    /// What differs from the contract when this model is priced: the
    /// contract's license commitments count users, an hourly one counts
    /// hours, so a model of the other kind is priced without them.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// All three models side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(tsify::Tsify))]
pub struct Comparison {
    /// Currency code.
    pub currency: String,
    /// Cycle indices, matching `per_cycle`.
    pub cycles: Vec<u32>,
    /// One entry per model.
    pub models: Vec<ModelBill>,
}

/// Where concurrent and named licenses cost the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakEven {
    /// Concurrent units billed per named unit billed, for this usage.
    pub ratio: Decimal,
    /// The ratio below which concurrent costs less: the named price per unit
    /// over the concurrent price per unit.
    pub break_even: Decimal,
}

impl Comparison {
    /// Concurrent against named. License cost is units x a price per unit,
    /// so concurrent is cheaper while (peak units / named units) < (named
    /// price per unit / concurrent price per unit); prices per unit are each
    /// model's license subtotal over its units. An approximation where
    /// commitments make cost stepwise; none unless both models bill licenses.
    pub fn break_even(&self) -> Option<BreakEven> {
        let find = |name: &str| {
            self.models
                .iter()
                .find(|m| m.model == name && m.available)
                .filter(|m| m.license_subtotal > Decimal::ZERO && m.license_units > Decimal::ZERO)
        };
        let (named, conc) = (find("named")?, find("concurrent")?);
        let per_unit = |m: &ModelBill| m.license_subtotal.checked_div(m.license_units);
        Some(BreakEven {
            ratio: conc.license_units.checked_div(named.license_units)?,
            break_even: per_unit(named)?.checked_div(per_unit(conc)?)?,
        })
    }
}

/// Whether `model` prices every product at rates of its own (R-O3). A
/// product's plain rates are the contract model's rates, unless some
/// product carries `concurrent` rates: then the plain ones are the named
/// rates, and a product without `concurrent` borrows them under the
/// concurrent model. Hourly has its own rate by construction.
pub fn own_rates(s: &Scenario, model: Model) -> bool {
    let products = &s.contract.products;
    let per_model = products.values().any(|p| p.concurrent.is_some());
    match model {
        Model::Hourly => true,
        _ if !per_model => model == s.contract.model,
        Model::Named => true,
        Model::Concurrent => products.values().all(|p| p.concurrent.is_some()),
    }
}

/// Why the scenario's usage cannot be billed under `model`, if it cannot: a
/// product without that model's rate, or forecast quantities (R-N2), which
/// are in the contract's own model and cannot be re-measured. Compare and
/// advice (R-O3) share it so they never disagree on what is comparable.
pub fn unavailable(s: &Scenario, model: Model) -> Option<String> {
    let missing = s.contract.products.iter().find(|(_, p)| match model {
        Model::Hourly => p.hourly.is_none(),
        _ => {
            let r = p.rates(model);
            r.prepay.is_none() && r.overage.is_none()
        }
    });
    if let Some((id, _)) = missing {
        return Some(format!(
            "product {id} has no {} rate",
            if model == Model::Hourly {
                "hourly"
            } else {
                "prepay or overage"
            }
        ));
    }
    if model != s.contract.model
        && s.usage
            .quantities
            .iter()
            .any(|q| s.contract.products.contains_key(&q.product))
    {
        return Some(
            "forecast quantities are in the contract's own model and cannot be re-measured".into(),
        );
    }
    None
}

/// Bills the scenario's usage under every model, using its rates for each:
/// prepared once, measured and priced per model.
pub fn compare(s: &Scenario, imported: Option<&Sessions>) -> Result<Comparison> {
    let prepared = Prepared::new(s, imported)?;
    // Merged and split once; each model derives its quantities from a copy.
    let presence = prepared.presence();
    let mut price = |model, commitments: &Commitments| {
        let m = prepared.measure_from(model, presence.clone())?;
        prepared.price(&m, model, commitments)
    };
    Ok(compare_with(&prepared, &mut price)?.comparison)
}

/// A comparison and the bill of each model it priced (`None`: not
/// available), so a caller can read any line of them without billing again.
#[derive(Debug, Clone)]
pub struct Compared {
    /// The models side by side.
    pub comparison: Comparison,
    /// Each model's bill, in the order of `comparison.models`.
    pub bills: Vec<Option<SimResult>>,
}

impl Compared {
    /// The AI token lines of each compared model (R-AI1..R-AI4), summed;
    /// `None` for a model that was not billed, and nothing at all when the
    /// scenario bills no AI tokens ([`crate::ai::bills_ai`]).
    pub fn ai_by_model(&self, s: &Scenario) -> Option<Vec<Option<Decimal>>> {
        if !crate::ai::bills_ai(s) {
            return None;
        }
        let sum = |r: &SimResult| {
            r.invoices
                .iter()
                .flat_map(|i| &i.lines)
                .filter(|l| l.category == crate::scenario::Category::Ai)
                .try_fold(Decimal::ZERO, |sum, l| sum.checked_add(l.amount))
        };
        Some(
            self.bills
                .iter()
                .map(|b| b.as_ref().and_then(sum))
                .collect(),
        )
    }
}

/// [`compare`] of a prepared scenario, billing each model under the
/// commitments given with `price` (a caller that keeps measurements and
/// bills hands them back instead of measuring and pricing again).
pub fn compare_with(
    prepared: &Prepared,
    price: &mut dyn FnMut(Model, &Commitments) -> Result<SimResult>,
) -> Result<Compared> {
    let s: &Scenario = &prepared.scenario;
    let cycles = &prepared.cycles;
    let mut models = Vec::new();
    let mut bills = Vec::new();
    let per_model = s.contract.products.values().any(|p| p.concurrent.is_some());
    for model in Model::ALL {
        let mut bill = ModelBill {
            model: model.as_str().into(),
            available: false,
            reason: String::new(),
            per_cycle: vec![],
            subtotal: Decimal::ZERO,
            total: Decimal::ZERO,
            license_subtotal: Decimal::ZERO,
            license_units: Decimal::ZERO,
            cheapest: false,
            own_rates: per_model.then(|| own_rates(s, model)),
            note: String::new(),
        };
        if let Some(reason) = unavailable(s, model) {
            bill.reason = reason;
            models.push(bill);
            bills.push(None);
            continue;
        }
        // The model is the pricing's own argument: nothing of the scenario
        // needs to change to bill it another way.
        // 20 committed users are not 20 prepaid hours (nor the reverse).
        let other_unit = (model == Model::Hourly) != (s.contract.model == Model::Hourly);
        let commitments = if other_unit && prepared.commitments.keys().next().is_some() {
            bill.note = format!(
                "priced without the contract's license commitments, which count {}",
                if model == Model::Hourly {
                    "users, not hours"
                } else {
                    "hours, not users"
                }
            );
            prepared.commitments.without_products()
        } else {
            prepared.commitments.clone()
        };
        let priced = price(model, &commitments);
        match priced {
            Ok(r) => {
                let mut per = vec![Decimal::ZERO; cycles.len()];
                for inv in &r.invoices {
                    for l in &inv.lines {
                        // Attribute each line to the cycle its period starts in.
                        let k = crate::calendar::cycle_of_day(cycles, l.period.start).unwrap_or(0);
                        per[k] = crate::money::add(per[k], l.amount, "compare")?;
                    }
                }
                bill.per_cycle = per;
                bill.license_subtotal = crate::money::checked_sum(
                    r.invoices
                        .iter()
                        .flat_map(|i| &i.lines)
                        .filter(|l| l.category == crate::scenario::Category::License)
                        .map(|l| &l.amount),
                    "compare",
                )?;
                let products: Vec<&String> = s.contract.products.keys().collect();
                bill.license_units = crate::money::checked_sum(
                    r.cycles
                        .iter()
                        .flat_map(|c| &c.usage)
                        .filter(|u| products.contains(&&u.product))
                        .map(|u| &u.billed),
                    "compare",
                )?;
                bill.subtotal = r.totals.subtotal;
                bill.total = r.totals.total;
                bill.available = true;
                bills.push(Some(r));
            }
            Err(e) => {
                bill.reason = e.to_string();
                bills.push(None);
            }
        }
        models.push(bill);
    }
    if let Some(min) = models.iter().filter(|m| m.available).map(|m| m.total).min() {
        for m in models.iter_mut().filter(|m| m.available && m.total == min) {
            m.cheapest = true;
        }
    }
    Ok(Compared {
        comparison: Comparison {
            currency: s.currency.clone(),
            cycles: cycles.iter().map(|c| c.index).collect(),
            models,
        },
        bills,
    })
}

pub(crate) mod dec_vec {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[Decimal], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|d| d.to_string()))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Decimal>, D::Error> {
        let v: Vec<String> = Vec::deserialize(d)?;
        v.iter()
            .map(|s| s.parse().map_err(serde::de::Error::custom))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bill(model: &str, license_subtotal: i64, license_units: i64) -> ModelBill {
        ModelBill {
            model: model.into(),
            available: true,
            reason: String::new(),
            per_cycle: Vec::new(),
            subtotal: Decimal::from(license_subtotal),
            total: Decimal::from(license_subtotal),
            license_subtotal: Decimal::from(license_subtotal),
            license_units: Decimal::from(license_units),
            cheapest: false,
            own_rates: None,
            note: String::new(),
        }
    }

    #[test]
    fn break_even_is_the_ratio_of_unit_prices() {
        // Named: 10 users x 3 cycles at 100.00 = 3,000.00 for 30 units.
        // Concurrent: a peak of 6 x 3 cycles at 150.00 = 2,700.00 for 18 units.
        // Now 18/30 = 0.6 of the named units; the prices cross at 100/150.
        let c = Comparison {
            currency: "USD".into(),
            cycles: vec![0, 1, 2],
            models: vec![
                bill("named", 3000, 30),
                bill("concurrent", 2700, 18),
                bill("hourly", 0, 0),
            ],
        };
        let b = c.break_even().unwrap();
        assert_eq!(b.ratio, Decimal::new(6, 1));
        assert_eq!(b.break_even.round_dp(6), Decimal::new(666_667, 6));
        assert!(b.ratio < b.break_even, "concurrent is cheaper here");
        let mut no_named = c.clone();
        no_named.models[0].available = false;
        assert_eq!(no_named.break_even(), None);
    }

    #[test]
    fn user_commitments_are_not_prepaid_hours() {
        // Issue 11 item 11: a named contract committing 20 users, 2 users
        // logged in for 3 h each. Hourly bills 6 h at 1.25 = 7.50, not 20
        // prepaid hours; named bills the 20 committed users at 100.00.
        let text = r#"{"billsim": 1, "currency": "USD",
            "contract": {"activation": "2026-10-01", "model": "named", "term_cycles": 1,
              "products": {"cx2": {"tier": 2, "prepay": "100.00", "overage": "120.00", "hourly": "1.25"}},
              "commitments": [{"product": "cx2", "from_cycle": 0, "quantity": "20"}]},
            "usage": {"sessions": [
              {"user": "a", "org": "main", "product": "cx2", "login": "2026-10-02T08:00:00Z", "logout": "2026-10-02T11:00:00Z"},
              {"user": "b", "org": "main", "product": "cx2", "login": "2026-10-02T08:00:00Z", "logout": "2026-10-02T11:00:00Z"}]}}"#;
        let s = Scenario::from_json(text).unwrap();
        let c = compare(&s, None).unwrap();
        let by = |m: &str| c.models.iter().find(|b| b.model == m).unwrap();
        assert_eq!(by("named").total, Decimal::new(200000, 2));
        assert_eq!(by("named").note, "");
        assert_eq!(by("hourly").total, Decimal::new(750, 2));
        assert_eq!(
            by("hourly").note,
            "priced without the contract's license commitments, which count users, not hours"
        );
    }
}
