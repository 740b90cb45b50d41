//! Errors are data (R-V1): the violations a caller can act on carry their
//! facts as fields, and their text still names the path and what is wrong.

use billsim_core::{simulate_json, Error, Options, Violation};
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn base() -> Value {
    json!({
        "billsim": 1, "currency": "USD",
        "orgs": [{"id": "main", "region": "us-east-1"}, {"id": "eu", "region": "eu-west-1"}],
        "contract": {
            "activation": "2026-10-21", "model": "named", "term_cycles": 2,
            "products": {"cx2": {"tier": 2, "prepay": "115.00", "overage": "138.00", "list": "150.00", "hourly": "1.25"}}
        },
        "usage": {"quantities": [{"cycle": 0, "product": "cx2", "quantity": "8"}]}
    })
}

fn rule(v: &Value) -> Violation {
    match simulate_json(&v.to_string(), &Options::default()) {
        Err(Error::Rule(v)) => v,
        other => panic!("expected a rule violation, got {other:?}"),
    }
}

#[test]
fn r_v1_an_unknown_org_lists_the_orgs_that_exist() {
    let mut v = base();
    v["usage"]["quantities"][0]["org"] = json!("us");
    let e = rule(&v);
    assert_eq!(
        e,
        Violation::UnknownOrg {
            path: "usage.quantities[0].org".into(),
            id: "us".into(),
            known: vec!["main".into(), "eu".into()],
        }
    );
    assert_eq!(
        Error::Rule(e).to_string(),
        "usage.quantities[0].org: unknown org \"us\" (orgs: main, eu)"
    );
}

#[test]
fn r_v1_an_unknown_product_lists_the_products() {
    let mut v = base();
    v["usage"]["quantities"][0]["product"] = json!("cx9");
    let Violation::UnknownProduct { id, known, .. } = rule(&v) else {
        panic!("not an unknown product")
    };
    assert_eq!((id.as_str(), known), ("cx9", vec!["cx2".to_owned()]));
}

#[test]
fn r_v1_a_missing_rate_names_product_field_and_cycle() {
    let mut v = base();
    v["contract"]["products"]["cx2"]
        .as_object_mut()
        .unwrap()
        .remove("overage");
    v["contract"]["products"]["cx2"]["prepay"] = json!("115.00");
    v["usage"]["quantities"] = json!([{"cycle": 1, "product": "cx2", "quantity": "3"}]);
    v["contract"]["commitments"] = json!([{"from_cycle": 0, "product": "cx2", "quantity": "1"}]);
    let e = rule(&v);
    let Violation::MissingRate {
        product,
        field,
        cycle,
        ..
    } = &e
    else {
        panic!("not a missing rate: {e:?}")
    };
    assert_eq!((product.as_str(), *field, *cycle), ("cx2", "overage", 1));
    let text = Error::Rule(e.clone()).to_string();
    assert!(
        text.starts_with(
            "contract.products.cx2.overage: a rate is needed: cx2 has usage in cycle 1 ("
        ),
        "{text}"
    );
}

#[test]
fn r_a1_an_addon_above_its_base_carries_both_counts() {
    let mut v = base();
    v["contract"]["addons"] = json!([{"id": "wem", "base": "cx2", "prepay": "30.00", "overage": "36.00",
        "commitments": [{"from_cycle": 0, "quantity": "10"}]}]);
    let Violation::AddonAboveBase {
        index,
        addon,
        base,
        cycle,
        addon_billed,
        base_billed,
        ..
    } = rule(&v)
    else {
        panic!("not an add-on above its base")
    };
    assert_eq!(
        (index, addon.as_str(), base.as_str(), cycle),
        (0, "wem", "cx2", 0)
    );
    assert_eq!(
        (addon_billed, base_billed),
        (Decimal::from(10), Decimal::from(8))
    );
}

#[test]
fn r_v1_a_negative_quantity_and_an_unknown_currency_are_violations() {
    let mut v = base();
    v["usage"]["quantities"][0]["quantity"] = json!("-2");
    assert_eq!(
        rule(&v),
        Violation::Negative {
            path: "usage.quantities[0].quantity".into()
        }
    );
    let mut v = base();
    v["currency"] = json!("XYZ");
    assert_eq!(rule(&v), Violation::UnknownCurrency { code: "XYZ".into() });
}

#[test]
fn r_v1_violations_serialize_with_their_rule_name() {
    let v = Violation::CallsWithoutTelco { index: 4 };
    assert_eq!(
        serde_json::to_value(&v).unwrap(),
        json!({"rule": "calls_without_telco", "index": 4})
    );
    assert_eq!(v.path(), "usage.calls[4]");
}

/// A scenario that is not well-formed JSON, or holds a value of the wrong
/// kind, is refused in plain words with where it is (R-V1): no parser type
/// names (`u32`), no "EOF", no `?` in the path.
#[test]
fn r_v1_json_mistakes_read_in_plain_words() {
    let read = |text: &str| match billsim_core::Scenario::from_json(text) {
        Err(e) => (e.path().into_owned(), e.to_string()),
        Ok(_) => panic!("{text} was read"),
    };
    let mut wrong_kind = base();
    wrong_kind["contract"]["term_cycles"] = json!("twelve");
    let (path, text) = read(&wrong_kind.to_string());
    assert_eq!(path, "contract.term_cycles");
    assert!(
        text.contains(
            r#"wrong kind of value: string "twelve", expected a whole number (0 or more)"#
        ),
        "{text}"
    );
    let (path, text) = read("");
    assert_eq!(path, "");
    assert!(
        text.contains("the text ends where a value should be (is it cut short?)"),
        "{text}"
    );
    let (path, text) = read(r#"{"billsim": 1, "contract": {"term_cycles": 2,,}}"#);
    assert_eq!(
        path, "contract",
        "the part of the path that could be named: {text}"
    );
    assert!(
        text.contains("a key must be text in double quotes at line 1 column"),
        "{text}"
    );
    let (_, text) = read(r#"{"billsim": 1, "contract": {"term_cycles": 2"#);
    assert!(text.contains("a closing } is missing"), "{text}");
    for raw in ["u32", "EOF", "?:"] {
        assert!(!text.contains(raw), "{raw} in {text}");
    }
}
