//! "Add a forecast" (R-N2): the first cycle and product a forecast row may
//! be added for. A cycle measured from sessions or profiles is not one
//! (the engine refuses a second truth for it), nor one already forecast.

use rust_decimal::Decimal;

use crate::calendar::Cycle;
use crate::measure::Measured;
use crate::scenario::{Quantity, Scenario};
use crate::usage::Catalog;

/// The quantity a new forecast row starts at, for the person to change.
pub const STARTING_QUANTITY: u32 = 10;

/// The first (cycle, product) of the contract, in cycle then product order,
/// that neither a forecast row nor the first org's measured usage covers:
/// a row for it, in the first org (rows name no org), at
/// [`STARTING_QUANTITY`]. `None` when every cycle is covered.
pub fn first_open(
    s: &Scenario,
    cat: &Catalog,
    cycles: &[Cycle],
    measured: &Measured,
) -> Option<Quantity> {
    let first_org = cat.org(cat.first_org().ok()?)?;
    let from_sessions: std::collections::BTreeSet<(usize, u16)> = measured
        .presence
        .users
        .iter()
        .filter(|u| u.org == first_org)
        .map(|u| (u.cycle, u.product))
        .collect();
    for (at, cycle) in cycles.iter().enumerate() {
        for product in s.contract.products.keys() {
            let forecast = s
                .usage
                .quantities
                .iter()
                .any(|q| q.cycle == cycle.index && q.product == *product);
            let p = cat.product(product)?;
            if !forecast && !from_sessions.contains(&(at, p)) {
                return Some(Quantity {
                    cycle: cycle.index,
                    org: None,
                    product: product.clone(),
                    quantity: Decimal::from(STARTING_QUANTITY),
                });
            }
        }
    }
    None
}
