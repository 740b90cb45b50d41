//! The quote a customer signs: for whom, by whom and until when its prices
//! hold. The scenario's `name` is the quote's name. Optional throughout: a
//! scenario without it is written as before (no `quote` key).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Who the quote is for and how long it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Quote {
    /// The customer it is made out to.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer: String,
    /// Who prepared it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prepared_by: String,
    /// The last day the quoted prices hold.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::schema::values::DateText>"),
        tsify(type = "DateString")
    )]
    #[serde(
        default,
        with = "crate::exact::date_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub valid_until: Option<NaiveDate>,
}

impl Quote {
    /// Whether nothing is said (the scenario then writes no `quote`).
    pub fn is_empty(&self) -> bool {
        *self == Quote::default()
    }
}

#[cfg(test)]
mod tests {
    use crate::Scenario;

    const BASE: &str = r#"{"billsim": 1, "name": "Acme 2027", "currency": "USD",
        "contract": {"activation": "2026-10-21", "model": "named", "term_cycles": 1,
                     "products": {"cx2": {"tier": 2, "prepay": "115.00"}}}QUOTE}"#;

    fn read(quote: &str) -> crate::Result<Scenario> {
        Scenario::from_json(&BASE.replace("QUOTE", quote))
    }

    #[test]
    fn a_quote_is_read_and_written_back() {
        let s = read(
            r#", "quote": {"customer": "Acme", "prepared_by": "J. Doe", "valid_until": "2026-11-30"}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.quote.customer, "Acme");
        assert_eq!(s.quote.prepared_by, "J. Doe");
        assert_eq!(
            s.quote.valid_until.map(|d| d.to_string()).as_deref(),
            Some("2026-11-30")
        );
        let again = Scenario::from_json(&s.to_json()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(again, s);
    }

    #[test]
    fn no_quote_writes_no_key() {
        for quote in ["", r#", "quote": {}"#] {
            let s = read(quote).unwrap_or_else(|e| panic!("{e}"));
            assert!(s.quote.is_empty());
            assert!(!s.to_json().contains("quote"), "{}", s.to_json());
        }
    }

    /// R-V1: a date that is not one, or outside the years billsim reads, is
    /// refused at its path, as every other date.
    #[test]
    fn r_v1_a_bad_valid_until_names_its_path() {
        for (date, says) in [
            ("2026-02-30", "input is out of range"),
            ("30.11.2026", "invalid characters"),
            ("1899-12-31", "outside the years billsim bills"),
        ] {
            let e = read(&format!(r#", "quote": {{"valid_until": "{date}"}}"#))
                .err()
                .unwrap_or_else(|| panic!("{date} was read"));
            assert_eq!(e.path(), "quote.valid_until", "{e}");
            assert!(e.to_string().contains(says), "{date}: {e}");
        }
        let e = read(r#", "quote": {"customer": "Acme", "signed": true}"#)
            .err()
            .unwrap_or_else(|| panic!("an unknown field was read"));
        assert!(e.to_string().contains("signed"), "{e}");
    }
}
