//! The sales engineer's question: the same usage billed as named, concurrent
//! and hourly, per cycle and over the whole contract, cheapest marked.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::scenario::{Model, Scenario};
use std::borrow::Cow;

use crate::simulate::{all_sessions, simulate_sessions, Options};
use crate::usage::{Catalog, Sessions};

/// One model's bill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
}

/// All three models side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Currency code.
    pub currency: String,
    /// Cycle indices, matching `per_cycle`.
    pub cycles: Vec<u32>,
    /// One entry per model.
    pub models: Vec<ModelBill>,
}

/// Bills the scenario's usage under every model, using its rates for each.
pub fn compare(s: &Scenario, imported: Option<&Sessions>) -> Result<Comparison> {
    crate::contract::validate(s)?;
    let cat = Catalog::of(s);
    let sessions = all_sessions(s, &cat, imported)?;
    let cycles = crate::calendar::cycles(&s.contract)?;
    let mut models = Vec::new();
    for model in Model::ALL {
        let missing = s.contract.products.iter().find(|(_, p)| match model {
            Model::Hourly => p.hourly.is_none(),
            _ => p.prepay.is_none() && p.overage.is_none(),
        });
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
        };
        if let Some((id, _)) = missing {
            bill.reason = format!(
                "product {id} has no {} rate",
                if model == Model::Hourly {
                    "hourly"
                } else {
                    "prepay or overage"
                }
            );
            models.push(bill);
            continue;
        }
        if model != s.contract.model
            && !s.usage.quantities.is_empty()
            && s.usage
                .quantities
                .iter()
                .any(|q| s.contract.products.contains_key(&q.product))
        {
            bill.reason =
                "forecast quantities are in the contract's own model and cannot be re-measured"
                    .into();
            models.push(bill);
            continue;
        }
        let mut scen = s.clone();
        scen.contract.model = model;
        for p in scen.contract.products.values_mut() {
            p.model = None;
        }
        match simulate_sessions(
            &scen,
            &cat,
            Cow::Borrowed(&*sessions),
            &Options {
                model: Some(model),
                ..Options::default()
            },
        ) {
            Ok(r) => {
                let mut per = vec![Decimal::ZERO; cycles.len()];
                for inv in &r.invoices {
                    for l in &inv.lines {
                        // Attribute each line to the cycle its period starts in.
                        let k = crate::calendar::cycle_of_day(&cycles, l.period.start).unwrap_or(0);
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
            }
            Err(e) => bill.reason = e.to_string(),
        }
        models.push(bill);
    }
    if let Some(min) = models.iter().filter(|m| m.available).map(|m| m.total).min() {
        for m in models.iter_mut().filter(|m| m.available && m.total == min) {
            m.cheapest = true;
        }
    }
    Ok(Comparison {
        currency: s.currency.clone(),
        cycles: cycles.iter().map(|c| c.index).collect(),
        models,
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
