//! The illustrative public price book: list prices per named user per
//! month of the four Cloud CX tiers, a starting point for a scenario's
//! products (the page's "Apply public list prices"). Not a vendor quote.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::scenario::Product;

/// The currency the price book is written in.
pub const CURRENCY: &str = "USD";

/// (product id, tier, monthly price in cents, hourly price in cents).
const LIST: [(&str, u8, i64, i64); 4] = [
    ("cx1", 1, 7500, 47),
    ("cx2", 2, 11500, 72),
    ("cx3", 3, 15500, 97),
    ("cx4", 4, 24000, 150),
];

/// One product of the price book.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Product id as the scenario names it (`cx1` .. `cx4`).
    pub id: &'static str,
    /// The product at list prices: the monthly price as prepay, overage
    /// and after-term list alike, and the hourly price.
    pub product: Product,
}

impl Entry {
    /// The monthly list price (the same for prepay, overage and list).
    pub fn monthly(&self) -> Decimal {
        self.product.list.unwrap_or_default()
    }
}

/// The four products at list prices, CX1 to CX4.
pub fn entries() -> Vec<Entry> {
    LIST.iter()
        .map(|&(id, tier, monthly, hourly)| {
            let monthly = Decimal::new(monthly, 2);
            Entry {
                id,
                product: Product {
                    tier,
                    name: None,
                    prepay: Some(monthly),
                    overage: Some(monthly),
                    list: Some(monthly),
                    hourly: Some(Decimal::new(hourly, 2)),
                    model: None,
                    allowances: BTreeMap::new(),
                    concurrent: None,
                    skus: Vec::new(),
                },
            }
        })
        .collect()
}

/// The price book in a phrase: "CX1 75, CX2 115, CX3 155, CX4 240 USD".
pub fn summary() -> String {
    let prices: Vec<String> = entries()
        .iter()
        .map(|e| {
            format!(
                "CX{} {}",
                e.product.tier,
                e.monthly().round_dp(0).normalize()
            )
        })
        .collect();
    format!("{} {CURRENCY}", prices.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON a product of the book writes into a scenario: prices as
    /// strings with their cents, nothing the book does not set.
    #[test]
    fn entries_write_the_scenarios_product_json() {
        let e = entries();
        let json: Vec<String> = e
            .iter()
            .map(|e| serde_json::to_string(&e.product).unwrap_or_default())
            .collect();
        assert_eq!(
            json[1],
            r#"{"tier":2,"prepay":"115.00","overage":"115.00","list":"115.00","hourly":"0.72"}"#
        );
        assert_eq!(
            e.iter().map(|e| e.id).collect::<Vec<_>>(),
            ["cx1", "cx2", "cx3", "cx4"]
        );
        assert_eq!(e[3].product.hourly, Some(Decimal::new(150, 2)));
    }

    #[test]
    fn summary_names_every_tier() {
        assert_eq!(summary(), "CX1 75, CX2 115, CX3 155, CX4 240 USD");
    }

    /// A scenario using the book bills (R-L2 tiers 1..4 are valid).
    #[test]
    fn a_scenario_at_list_prices_is_valid() {
        let mut s = crate::Scenario::from_json(
            r#"{ "billsim": 1, "currency": "USD",
  "contract": { "activation": "2027-01-06", "model": "named", "term_cycles": 1, "products": {} },
  "orgs": [ { "id": "main", "region": "us-east-1" } ],
  "usage": { "quantities": [ { "cycle": 0, "product": "cx3", "quantity": "2" } ] } }"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        for e in entries() {
            s.contract.products.insert(e.id.to_owned(), e.product);
        }
        let r =
            crate::simulate(&s, None, &crate::Options::default()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.totals.total, Decimal::new(31000, 2));
    }
}
