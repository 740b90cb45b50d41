//! The Contract sheet: what was signed and what the quote assumes, as
//! label/value rows. The rows are read off the scenario's own JSON, so
//! whatever the format holds (rates, steps, taxes, AI, allocations, a field
//! added later) is shown without a list to keep in step.

use rust_xlsxwriter::{Worksheet, XlsxError};
use serde_json::Value as Json;

use billsim_core::Scenario;

use crate::cells::{Formats, Value};
use crate::rows::Rows;

/// Writes the sheet: the contract, the orgs, then the assumptions the
/// quote's usage rests on (forecast quantities, workforce profiles).
pub fn write(ws: &mut Worksheet, f: &Formats, s: &Scenario) -> Result<(), XlsxError> {
    let mut w = Rows::new(ws, f);
    // A title, and the name each list item is counted by (`profile #1`).
    let sections = [
        ("Contract", "", to_json(&s.contract)),
        ("Orgs", "org", to_json(&s.orgs)),
        (
            "Forecast quantities",
            "quantity",
            to_json(&s.usage.quantities),
        ),
        ("Workforce profiles", "profile", to_json(&s.usage.profiles)),
    ];
    let mut rows = Vec::new();
    for (title, item, json) in sections {
        rows.clear();
        flatten(item, &json, &mut rows);
        if rows.is_empty() {
            continue;
        }
        if w.row > 0 {
            w.blank();
        }
        w.header(&[title])?;
        for (label, value) in rows.drain(..) {
            w.pair(&label, value)?;
        }
    }
    ws.set_column_width(0, 48)?;
    ws.set_column_width(1, 24)?;
    Ok(())
}

/// The scenario part as the format writes it.
fn to_json<T: serde::Serialize>(part: &T) -> Json {
    // Plain data with string keys always serializes.
    serde_json::to_value(part).unwrap_or(Json::Null)
}

/// Field names in the order the format documents them (docs/format.md);
/// at each level, fields named here come first in this order, any other
/// after them (the stable sort keeps those alphabetical).
#[rustfmt::skip]
const FIELD_ORDER: &[&str] = &[
    "id", "name", "tier", "activation", "model", "ramp", "cycles", "licenses", "term_cycles",
    "after_term_cycles", "billing", "peak_rule", "kind", "start", "minutes", "products", "base",
    "prepay", "overage", "list", "hourly", "concurrent", "commitments", "product", "org",
    "region", "from_cycle", "cycle", "quantity", "addons", "resources", "rate", "telco",
    "increment_seconds", "rates", "international_rates", "short_call", "numbers", "devices",
    "setup", "monthly", "one_time", "count", "ship_date", "taxes", "applies_to", "ai",
    "allocations", "mix", "shifts", "agents", "handover_minutes", "days", "absence", "growth",
];

/// Every leaf of `json` as a row: `products › cx2 › prepay`, with list
/// items counted from 1 (`commitments #2 › quantity`).
fn flatten(label: &str, json: &Json, out: &mut Vec<(String, Value)>) {
    let join = |part: &str| {
        let part = part.replace('_', " ");
        if label.is_empty() {
            part
        } else {
            format!("{label} › {part}")
        }
    };
    match json {
        Json::Object(m) => {
            let mut fields: Vec<_> = m.iter().collect();
            // The format's order, not the alphabet's: `model` before `ramp`.
            fields.sort_by_key(|(k, _)| {
                FIELD_ORDER
                    .iter()
                    .position(|o| o == k)
                    .unwrap_or(usize::MAX)
            });
            fields
                .into_iter()
                .for_each(|(k, v)| flatten(&join(k), v, out));
        }
        Json::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            // A list of plain values (taxed categories, weekdays, skus) on one row.
            let words: Vec<String> = items.iter().map(plain).collect();
            if !words.is_empty() {
                out.push((label.to_owned(), Value::Text(words.join(", "))));
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let item = if label.is_empty() {
                    format!("#{}", i + 1)
                } else {
                    format!("{label} #{}", i + 1)
                };
                flatten(&item, v, out);
            }
        }
        Json::Null => {}
        leaf => out.push((label.to_owned(), cell(leaf))),
    }
}

/// A leaf as a typed cell. The format writes decimals and dates as
/// strings: a string that reads exactly as a decimal is a number, one that
/// reads as a day is a date.
fn cell(leaf: &Json) -> Value {
    match leaf {
        Json::Number(n) => n
            .as_u64()
            .map(Value::Int)
            .unwrap_or_else(|| Value::Text(n.to_string())),
        Json::String(s) => {
            if let Ok(d) = rust_decimal::Decimal::from_str_exact(s) {
                Value::Number(d)
            } else if let Ok(day) = s.parse::<chrono::NaiveDate>() {
                Value::Date(day)
            } else {
                Value::Text(s.clone())
            }
        }
        other => Value::Text(plain(other)),
    }
}

/// A plain value as words (`true`, `license`, `3`).
fn plain(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn leaves_become_labelled_typed_rows() {
        let mut rows = Vec::new();
        let j = json!({
            "term_cycles": 12,
            "products": {"cx2": {"prepay": "115.00", "name": "Cloud CX 2"}},
            "commitments": [{"product": "cx2", "quantity": "20"}],
            "taxes": [{"applies_to": ["license", "telco"]}],
            "activation": "2026-10-21"
        });
        flatten("", &j, &mut rows);
        let d = |s: &str| Value::Number(s.parse().unwrap_or_default());
        assert_eq!(
            rows,
            vec![
                (
                    "activation".into(),
                    Value::Date(chrono::NaiveDate::from_ymd_opt(2026, 10, 21).unwrap())
                ),
                ("term cycles".into(), Value::Int(12)),
                ("products › cx2 › name".into(), Value::from("Cloud CX 2")),
                ("products › cx2 › prepay".into(), d("115.00")),
                ("commitments #1 › product".into(), Value::from("cx2")),
                ("commitments #1 › quantity".into(), d("20")),
                (
                    "taxes #1 › applies to".into(),
                    Value::from("license, telco")
                ),
            ]
        );
    }
}
