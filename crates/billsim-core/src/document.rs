//! Edits of a scenario's JSON document that keep everything else as the
//! person wrote it (field order, spacing of values, fields left out).
//!
//! Applying an advised commitment writes exactly the commitment R-O1
//! priced (`Commitments::with_level`), so the contract total afterwards is
//! the curve's total at the best.

use serde_json::{json, Value};

/// The id of the document's first org: the org a commitment step, a
/// forecast or a session without an org belongs to (`main` when the
/// scenario lists no orgs, as the format's default).
pub fn first_org(doc: &Value) -> String {
    doc.get("orgs")
        .and_then(|o| o.get(0))
        .and_then(|o| o.get("id"))
        .and_then(Value::as_str)
        .unwrap_or("main")
        .to_owned()
}

/// The scenario document with `product`'s steps (for `org`, or for the
/// first org when the advice names none) replaced by one step
/// of `quantity` from cycle 0, where advice priced it: the other products'
/// steps and every other field are kept. `None` when the document has no
/// contract object to edit.
pub fn with_commitment(
    doc: &Value,
    product: &str,
    org: Option<&str>,
    quantity: &str,
) -> Option<Value> {
    let first_org = first_org(doc);
    let first_org = first_org.as_str();
    let mut doc = doc.clone();
    let contract = doc.get_mut("contract")?.as_object_mut()?;
    let steps = contract
        .entry("commitments")
        .or_insert_with(|| Value::Array(vec![]));
    if !steps.is_array() {
        *steps = Value::Array(vec![]);
    }
    let list = steps.as_array_mut()?;
    let wanted = org.unwrap_or(first_org);
    // A step without an org belongs to the first org.
    let replaced = |st: &Value| {
        st["product"].as_str() == Some(product) && st["org"].as_str().unwrap_or(first_org) == wanted
    };
    // The new step goes where the product's first step was, so the list still reads in order.
    let at = list.iter().position(replaced).unwrap_or(list.len());
    list.retain(|st| !replaced(st));
    let mut step = json!({ "product": product, "from_cycle": 0, "quantity": quantity });
    if let (Some(o), Some(m)) = (org, step.as_object_mut()) {
        m.insert("org".into(), Value::from(o));
    }
    list.insert(at.min(list.len()), step);
    Some(doc)
}

/// The scenario document with the quantity of `product`'s step from
/// cycle `from_cycle` (for `org`, or the first org) set to `quantity`, as
/// advice priced one step with the others kept (R-O1). `None` when the
/// document has no such step.
pub fn with_step(
    doc: &Value,
    product: &str,
    org: Option<&str>,
    from_cycle: u32,
    quantity: &str,
) -> Option<Value> {
    let first_org = first_org(doc);
    let wanted = org.unwrap_or(&first_org);
    let mut doc = doc.clone();
    let step = doc
        .get_mut("contract")?
        .get_mut("commitments")?
        .as_array_mut()?
        .iter_mut()
        .find(|st| {
            st["product"].as_str() == Some(product)
                && st["org"].as_str().unwrap_or(&first_org) == wanted
                && st["from_cycle"].as_u64() == Some(u64::from(from_cycle))
        })?;
    step.as_object_mut()?
        .insert("quantity".into(), Value::from(quantity));
    Some(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_that_products_steps_for_that_org() {
        let doc = json!({ "orgs": [{ "id": "a" }, { "id": "b" }], "contract": { "commitments": [
            { "product": "cx2", "from_cycle": 3, "quantity": "20" },
            { "product": "cx1", "from_cycle": 3, "quantity": "4" },
            { "product": "cx2", "from_cycle": 9, "quantity": "30" },
            { "product": "cx2", "org": "b", "from_cycle": 0, "quantity": "7" },
        ] } });
        let out = with_commitment(&doc, "cx2", None, "24").unwrap();
        assert_eq!(
            out["contract"]["commitments"],
            json!([
                { "product": "cx2", "from_cycle": 0, "quantity": "24" },
                { "product": "cx1", "from_cycle": 3, "quantity": "4" },
                { "product": "cx2", "org": "b", "from_cycle": 0, "quantity": "7" },
            ])
        );
        let out = with_commitment(&doc, "cx2", Some("b"), "9").unwrap();
        let steps = out["contract"]["commitments"].as_array().unwrap();
        assert_eq!(steps.len(), 4);
        assert_eq!(
            steps[3],
            json!({ "product": "cx2", "org": "b", "from_cycle": 0, "quantity": "9" })
        );
    }

    #[test]
    fn sets_one_step_and_keeps_the_others() {
        let doc = json!({ "orgs": [{ "id": "a" }, { "id": "b" }], "contract": { "commitments": [
            { "product": "cx2", "from_cycle": 3, "quantity": 20 },
            { "product": "cx2", "from_cycle": 9, "quantity": "30" },
            { "product": "cx2", "org": "b", "from_cycle": 9, "quantity": "7" },
        ] } });
        let out = with_step(&doc, "cx2", None, 9, "22").unwrap();
        assert_eq!(
            out["contract"]["commitments"],
            json!([
                { "product": "cx2", "from_cycle": 3, "quantity": 20 },
                { "product": "cx2", "from_cycle": 9, "quantity": "22" },
                { "product": "cx2", "org": "b", "from_cycle": 9, "quantity": "7" },
            ])
        );
        let out = with_step(&doc, "cx2", Some("b"), 9, "5").unwrap();
        assert_eq!(out["contract"]["commitments"][2]["quantity"], "5");
        assert_eq!(out["contract"]["commitments"][1]["quantity"], "30");
        assert!(with_step(&doc, "cx2", None, 4, "5").is_none());
        assert!(with_step(&doc, "cx1", None, 9, "5").is_none());
    }

    #[test]
    fn adds_a_step_when_there_was_none() {
        let doc = json!({ "contract": { "model": "named" } });
        let out = with_commitment(&doc, "cx1", None, "3").unwrap();
        assert_eq!(
            out["contract"]["commitments"],
            json!([{ "product": "cx1", "from_cycle": 0, "quantity": "3" }])
        );
        assert!(with_commitment(&json!([]), "cx1", None, "3").is_none());
    }
}
