//! Editing the scenario as JSON data: a form field writes one value at one
//! path, so a bad value is reported by the engine at that path and never
//! clears the other fields.

use serde_json::Value;

/// The path of nested object keys (`keys(&["contract", "model"])`).
/// A new list item's template, written as JSON text: parsing a constant is
/// far smaller in the page's wasm than `json!`, whose every field is code.
/// Dynamic fields are written as placeholders and set on the result
/// (`v["org"] = ...`).
pub fn template(json: &'static str) -> Value {
    serde_json::from_str(json).unwrap_or_default()
}

pub fn keys(keys: &[&'static str]) -> Vec<Seg> {
    keys.iter().map(|k| Seg::Key(k)).collect()
}

/// One step of a path: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    /// Object key.
    Key(&'static str),
    /// Dynamic object key (product ids).
    Name(String),
    /// Array index.
    Idx(usize),
}

/// A path into the scenario document.
pub type Path = Vec<Seg>;

/// The engine's spelling of a path: `contract.commitments[1].quantity`.
pub fn dotted(path: &[Seg]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Seg::Key(k) => push_key(&mut out, k),
            Seg::Name(k) => push_key(&mut out, k),
            Seg::Idx(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn push_key(out: &mut String, k: &str) {
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(k);
}

/// The value at a path, if any.
pub fn get<'a>(doc: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(doc, |v, s| match s {
        Seg::Key(k) => v.get(*k),
        Seg::Name(k) => v.get(k.as_str()),
        Seg::Idx(i) => v.get(*i),
    })
}

/// The value at a path as text for an input (strings unquoted).
pub fn text(doc: &Value, path: &[Seg]) -> String {
    match get(doc, path) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(v) => v.to_string(),
    }
}

/// Sets a value, creating missing objects on the way. An empty value
/// removes the field (so optional fields can be cleared).
pub fn set(doc: &mut Value, path: &[Seg], value: Option<Value>) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut cur = doc;
    for s in parents {
        cur = match s {
            Seg::Key(k) => child(cur, k),
            Seg::Name(k) => child(cur, k),
            Seg::Idx(i) => match cur.get_mut(*i) {
                Some(v) => v,
                None => return,
            },
        };
    }
    match (last, value) {
        (Seg::Key(k), Some(v)) => insert(cur, k, v),
        (Seg::Name(k), Some(v)) => insert(cur, k, v),
        (Seg::Key(k), None) => remove(cur, k),
        (Seg::Name(k), None) => remove(cur, k),
        (Seg::Idx(i), Some(v)) => {
            if let Some(slot) = cur.get_mut(*i) {
                *slot = v;
            }
        }
        (Seg::Idx(i), None) => {
            if let Some(a) = cur.as_array_mut() {
                if *i < a.len() {
                    a.remove(*i);
                }
            }
        }
    }
}

fn child<'a>(v: &'a mut Value, k: &str) -> &'a mut Value {
    if !v.is_object() {
        *v = Value::Object(Default::default());
    }
    v.as_object_mut()
        .map(|m| {
            m.entry(k.to_owned())
                .or_insert(Value::Object(Default::default()))
        })
        .expect("made an object above")
}

fn insert(v: &mut Value, k: &str, value: Value) {
    if !v.is_object() {
        *v = Value::Object(Default::default());
    }
    if let Some(m) = v.as_object_mut() {
        m.insert(k.to_owned(), value);
    }
}

fn remove(v: &mut Value, k: &str) {
    if let Some(m) = v.as_object_mut() {
        m.remove(k);
    }
}

/// Appends to the array at a path (creating it).
pub fn push(doc: &mut Value, path: &[Seg], value: Value) {
    let mut arr = get(doc, path)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    arr.push(value);
    set(doc, path, Some(Value::Array(arr)));
}

/// How a form field's text becomes JSON: numbers stay numbers when they parse
/// (else the text goes in, and the engine names the field), decimals are strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number (cycles, minutes, counts).
    Int,
    /// A decimal string ("115.00").
    Decimal,
    /// Plain text (dates, enums).
    Text,
    /// A list of words (tax categories), shown and typed as `a, b`.
    Words,
}

/// The JSON for a field's text; `None` (remove the field) when it is empty,
/// so a required field left empty is reported by the engine as missing.
pub fn value_of(kind: Kind, text: &str) -> Option<Value> {
    let t = text.trim();
    match kind {
        Kind::Int if t.is_empty() => None,
        Kind::Int => Some(
            t.parse::<u64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::from(t)),
        ),
        Kind::Decimal | Kind::Text if t.is_empty() => None,
        Kind::Decimal | Kind::Text => Some(Value::from(t)),
        Kind::Words => {
            let words: Vec<Value> = t
                .split(',')
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(Value::from)
                .collect();
            (!words.is_empty()).then_some(Value::Array(words))
        }
    }
}

/// A field's text as its input shows it: a list of words joined by `, `.
pub fn shown(doc: &Value, path: &[Seg], kind: Kind) -> String {
    match (kind, get(doc, path)) {
        (Kind::Words, Some(Value::Array(items))) => items
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect::<Vec<_>>()
            .join(", "),
        _ => text(doc, path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_its_json_with_the_dynamic_fields_set() {
        let mut v = template(r#"{"product":"","from_cycle":0}"#);
        v["product"] = "cx2".into();
        assert_eq!(v, serde_json::json!({ "product": "cx2", "from_cycle": 0 }));
        assert_eq!(template("not json"), Value::Null);
    }

    #[test]
    fn words_are_typed_and_shown_as_a_comma_list() {
        let v = value_of(Kind::Words, " license, device,, telco ").unwrap();
        assert_eq!(v, serde_json::json!(["license", "device", "telco"]));
        assert_eq!(value_of(Kind::Words, " , "), None);
        let d = serde_json::json!({ "applies_to": v });
        assert_eq!(
            shown(&d, &[Seg::Key("applies_to")], Kind::Words),
            "license, device, telco"
        );
    }

    #[test]
    fn set_creates_and_removes() {
        let mut d = serde_json::json!({"contract": {"commitments": [{"quantity": "1"}]}});
        set(
            &mut d,
            &[
                Seg::Key("contract"),
                Seg::Key("commitments"),
                Seg::Idx(0),
                Seg::Key("quantity"),
            ],
            Some("5".into()),
        );
        set(
            &mut d,
            &[Seg::Key("contract"), Seg::Key("ramp"), Seg::Key("cycles")],
            Some(3.into()),
        );
        assert_eq!(d["contract"]["commitments"][0]["quantity"], "5");
        assert_eq!(d["contract"]["ramp"]["cycles"], 3);
        set(
            &mut d,
            &[Seg::Key("contract"), Seg::Key("commitments"), Seg::Idx(0)],
            None,
        );
        assert_eq!(d["contract"]["commitments"], serde_json::json!([]));
        assert_eq!(
            dotted(&[
                Seg::Key("contract"),
                Seg::Key("commitments"),
                Seg::Idx(1),
                Seg::Key("quantity")
            ]),
            "contract.commitments[1].quantity"
        );
        assert_eq!(value_of(Kind::Int, "12"), Some(12.into()));
        assert_eq!(value_of(Kind::Int, "twelve"), Some("twelve".into()));
        assert_eq!(value_of(Kind::Int, " "), None);
    }
}
