//! Taxes (R-R4): vendor tax lines pair with the simulated taxes by name,
//! else all together. (Vendor rate - simulated rate) x vendor base is
//! `tax`; the base's difference follows the causes of the taxed lines.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::json;

use crate::money::Currency;
use crate::result::{Invoice, LineKind};
use crate::scenario::{Category, Scenario};

use super::classify::normalise;
use super::place::Placed;
use super::report::{Cause, CauseShare, LinePair, SimulatedSide, VendorSide};
use super::vendor::VendorBill;
use super::words;

/// The invoice section a kind is billed in.
pub fn category_of(kind: LineKind) -> Category {
    use LineKind::*;
    match kind {
        Prepay | Overage | Actual | Hourly | AddonPrepay | AddonOverage => Category::License,
        Resource | Sms | AllocationMonthly | AllocationOverage => Category::Resource,
        DeviceMonthly | DeviceOneTime => Category::Device,
        Telco | TelcoSurcharge | NumberSetup | NumberMonthly => Category::Telco,
        AiPrepay | AiOverage => Category::Ai,
        OneTime => Category::OneTime,
    }
}

/// One invoice's charges as the tax step reads them: per pair, its
/// category, the vendor's amount and its causes.
pub struct Taxed<'a> {
    /// Category of the charge.
    pub category: Option<Category>,
    /// The vendor's amount.
    pub vendor_amount: Decimal,
    /// The causes of the pair's difference.
    pub causes: &'a [CauseShare],
}

/// The tax pairs of one invoice.
pub fn pairs(
    s: &Scenario,
    currency: Currency,
    bill: &VendorBill,
    vendor: &[&Placed],
    sim: Option<&Invoice>,
    charges: &[Taxed],
    cycle: u32,
) -> Vec<LinePair> {
    let sim_taxes = sim.map_or(&[][..], |i| &i.taxes[..]);
    // By name when every vendor tax line names a simulated tax, else all together.
    let by_name: Option<Vec<(Vec<&Placed>, Vec<usize>)>> = vendor
        .iter()
        .map(|p| {
            let d = normalise(&bill.lines[p.index].description);
            sim_taxes
                .iter()
                .position(|t| {
                    let n = normalise(&t.name);
                    !n.is_empty() && (d.contains(&n) || n.contains(&d))
                })
                .map(|i| (vec![*p], vec![i]))
        })
        .collect();
    let groups = match by_name {
        Some(g) if !g.is_empty() => g,
        _ => vec![(vendor.to_vec(), (0..sim_taxes.len()).collect())],
    };
    let mut out = Vec::new();
    for (v, si) in groups {
        let va = v.iter().fold(Decimal::ZERO, |a, p| {
            a.saturating_add(bill.lines[p.index].amount)
        });
        let sa = si
            .iter()
            .fold(Decimal::ZERO, |a, &i| a.saturating_add(sim_taxes[i].amount));
        let sb = si.first().map_or(Decimal::ZERO, |&i| sim_taxes[i].base);
        let sr = si
            .iter()
            .fold(Decimal::ZERO, |a, &i| a.saturating_add(sim_taxes[i].rate));
        let applies: Vec<Category> = si
            .iter()
            .flat_map(|&i| {
                s.contract
                    .taxes
                    .iter()
                    .filter(move |t| t.name == sim_taxes[i].name)
                    .flat_map(|t| t.applies_to.iter().copied())
            })
            .collect();
        let taxed: Vec<&Taxed> = charges
            .iter()
            .filter(|c| applies.is_empty() || c.category.is_some_and(|k| applies.contains(&k)))
            .collect();
        // The vendor's base and rate: as printed when the line gives them,
        // else its taxed charges and the rate they imply.
        let (vb, vr) = match v.as_slice() {
            [one]
                if bill.lines[one.index].rate_decimals.is_some()
                    && bill.lines[one.index].quantity != Decimal::ONE =>
            {
                let l = &bill.lines[one.index];
                let r = if l.rate > Decimal::ONE {
                    l.rate / Decimal::ONE_HUNDRED
                } else {
                    l.rate
                };
                (l.quantity, r)
            }
            _ => {
                let base = taxed
                    .iter()
                    .fold(Decimal::ZERO, |a, c| a.saturating_add(c.vendor_amount));
                let rate = if base.is_zero() {
                    sr
                } else {
                    va.checked_div(base).unwrap_or(sr).round_dp(6)
                };
                (base, rate)
            }
        };
        let diff = va.saturating_sub(sa);
        let mut shares = Vec::new();
        let mut unexplained = Decimal::ZERO;
        let rate_part = currency.round(vr.saturating_sub(sr).saturating_mul(vb));
        let minor = Decimal::new(1, currency.minor_units);
        let name = si
            .first()
            .map_or("tax".to_owned(), |&i| sim_taxes[i].name.clone());
        if rate_part.abs() > minor {
            shares.push(CauseShare {
                cause: Cause::Tax,
                amount: rate_part,
                facts: json!({ "name": name, "contract_rate": sr.to_string(), "vendor_rate": vr.to_string(), "base": vb.to_string() }),
                says: words::tax(&name, sr, vr, vb),
            });
        }
        let base_part = diff.saturating_sub(shares.first().map_or(Decimal::ZERO, |s| s.amount));
        if !base_part.is_zero() {
            let given_base = (vb
                != taxed
                    .iter()
                    .fold(Decimal::ZERO, |a, c| a.saturating_add(c.vendor_amount)))
            .then_some((name.as_str(), sr, vb));
            follow(
                base_part,
                given_base,
                &taxed,
                minor,
                &mut shares,
                &mut unexplained,
            );
        }
        let v_side = (!v.is_empty()).then(|| {
            let first = &bill.lines[v[0].index];
            VendorSide {
                description: first.description.clone(),
                period: first.period,
                sku: first.sku.clone(),
                org: first.org.clone(),
                quantity: vb,
                rate: vr,
                amount: va,
                source: first.source.clone(),
            }
        });
        let s_side = (!si.is_empty()).then(|| SimulatedSide {
            kind: "tax".into(),
            product: None,
            org: None,
            description: name.clone(),
            quantity: sb,
            rate: sr,
            amount: sa,
            cycle,
        });
        out.push(LinePair {
            vendor: v_side,
            simulated: s_side,
            quantity_difference: vb.saturating_sub(sb),
            rate_difference: vr.saturating_sub(sr),
            amount_difference: diff,
            price_part: rate_part,
            quantity_part: diff.saturating_sub(rate_part),
            causes: shares,
            unexplained,
        });
    }
    out
}

/// The base's difference goes to the causes of the taxed lines, in
/// proportion to their amounts; a last minor unit is rounding.
fn follow(
    amount: Decimal,
    on_base: Option<(&str, Decimal, Decimal)>,
    taxed: &[&Taxed],
    minor: Decimal,
    shares: &mut Vec<CauseShare>,
    unexplained: &mut Decimal,
) {
    let mut weights: BTreeMap<Cause, Decimal> = BTreeMap::new();
    for t in taxed {
        for c in t.causes {
            let w = weights.entry(c.cause).or_default();
            *w = w.saturating_add(c.amount);
        }
    }
    weights.retain(|_, w| !w.is_zero());
    let total = weights
        .values()
        .fold(Decimal::ZERO, |a, w| a.saturating_add(*w));
    if total.is_zero() {
        if amount.abs() <= minor {
            shares.push(CauseShare {
                cause: Cause::Rounding,
                amount,
                facts: json!({}),
                says: words::rounding(),
            });
        } else if let Some((name, rate, base)) = on_base {
            // The taxed lines agree: the vendor taxed another base.
            shares.push(CauseShare {
                cause: Cause::Tax,
                amount,
                facts: json!({ "name": name, "contract_rate": rate.to_string(), "vendor_rate": rate.to_string(), "base": base.to_string() }),
                says: words::tax_base(name, rate, base),
            });
        } else {
            *unexplained = amount;
        }
        return;
    }
    let mut left = amount;
    let n = weights.len();
    for (i, (cause, w)) in weights.into_iter().enumerate() {
        let share = if i + 1 == n {
            left
        } else {
            (amount
                .saturating_mul(w)
                .checked_div(total)
                .unwrap_or_default())
            .round_dp_with_strategy(
                minor.scale(),
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            )
        };
        left = left.saturating_sub(share);
        if share.is_zero() {
            continue;
        }
        shares.push(CauseShare {
            cause,
            amount: share,
            facts: json!({ "tax_on": cause.as_str() }),
            says: format!(
                "Tax on the {} difference of the taxed lines.",
                cause.as_str().replace('_', " ")
            ),
        });
    }
}
