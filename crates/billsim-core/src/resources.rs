//! Fair-use allowances (R-S1): the vendor table per user per month (named /
//! concurrent) and per billable hour, overridable per product.

use rust_decimal::Decimal;

use crate::scenario::{Model, Product, ResourceKind};

/// The built-in allowance of one billed unit (user, or hour) of `tier`.
/// Cloud CX 4 is not in the vendor table; it gets CX3's allowance. SMS has none.
pub fn builtin(kind: ResourceKind, tier: u8, model: Model) -> Decimal {
    let t = usize::from(tier.clamp(1, 3)) - 1;
    // (named, concurrent, hourly) per tier, in hundredths to keep the table integral.
    let table: [[i64; 3]; 3] = match kind {
        ResourceKind::IvrMinutes => [
            [175_000, 227_500, 1_600],
            [250_000, 325_000, 2_300],
            [325_000, 422_500, 2_900],
        ],
        ResourceKind::StorageGb => [[1_750, 2_275, 16], [2_500, 3_250, 23], [3_250, 4_225, 30]],
        ResourceKind::ApiRequests => [
            [7_500_000, 9_750_000, 67_500],
            [11_000_000, 14_300_000, 99_000],
            [14_000_000, 18_200_000, 126_000],
        ],
        ResourceKind::ByocMinutes => [[500_000, 650_000, 4_500]; 3],
        ResourceKind::Sms => [[0; 3]; 3],
    };
    let col = match model {
        Model::Named => 0,
        Model::Concurrent => 1,
        Model::Hourly => 2,
    };
    Decimal::new(table[t][col], 2).normalize()
}

/// A product's allowance per billed unit: its override, else the table.
pub fn per_unit(kind: ResourceKind, product: &Product, model: Model) -> Decimal {
    product
        .allowances
        .get(&kind)
        .copied()
        .unwrap_or_else(|| builtin(kind, product.tier, model))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_s1_vendor_table() {
        assert_eq!(
            builtin(ResourceKind::IvrMinutes, 2, Model::Named),
            Decimal::from(2500)
        );
        assert_eq!(
            builtin(ResourceKind::IvrMinutes, 3, Model::Concurrent),
            Decimal::from(4225)
        );
        assert_eq!(
            builtin(ResourceKind::StorageGb, 1, Model::Concurrent).to_string(),
            "22.75"
        );
        assert_eq!(
            builtin(ResourceKind::StorageGb, 3, Model::Hourly).to_string(),
            "0.3"
        );
        assert_eq!(
            builtin(ResourceKind::ApiRequests, 2, Model::Concurrent),
            Decimal::from(143_000)
        );
        assert_eq!(
            builtin(ResourceKind::ApiRequests, 3, Model::Hourly),
            Decimal::from(1260)
        );
        assert_eq!(
            builtin(ResourceKind::ByocMinutes, 1, Model::Hourly),
            Decimal::from(45)
        );
        assert_eq!(
            builtin(ResourceKind::ByocMinutes, 3, Model::Concurrent),
            Decimal::from(6500)
        );
        assert_eq!(
            builtin(ResourceKind::IvrMinutes, 4, Model::Named),
            Decimal::from(3250),
            "CX4 takes CX3's row"
        );
    }
}
