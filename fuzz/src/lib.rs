//! What every fuzz target shares: the drivers and engine passes of
//! `drive` (also replayed on the committed corpus by a stable test), the
//! golden fixtures (embedded by build.rs) and the structure-aware mutator
//! of `scenario_mutate`.
//!
//! The targets check one property only: nothing panics (an error is a fine
//! answer to hostile input). Timeouts and out-of-memory are reported by
//! libFuzzer (`-timeout`, `-rss_limit_mb`), not here.

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use billsim_core::Scenario;
use serde_json::{Map, Number, Value};

pub mod drive;
pub use drive::{
    as_of, base64url, csv_base, example_bill, exercise, hash, reconcile_base, reconcile_example,
};

/// `(file name, file text)` of every `crates/billsim-core/tests/golden/*.json`
/// and `examples/*.json`, sorted by name.
pub static FIXTURES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

/// The scenario object of a fixture (golden files wrap it in `"scenario"`;
/// examples are the scenario), if it has one.
pub fn scenario_value(text: &str) -> Option<Value> {
    let v: Value = serde_json::from_str(text).ok()?;
    match v.get("scenario") {
        Some(s) => Some(s.clone()),
        None if v.get("billsim").is_some() => Some(v),
        None => None,
    }
}

/// Every fixture's scenario object, parsed once.
pub fn scenarios() -> &'static [Value] {
    static ALL: OnceLock<Vec<Value>> = OnceLock::new();
    ALL.get_or_init(|| {
        FIXTURES
            .iter()
            .filter_map(|(_, t)| scenario_value(t))
            .collect()
    })
}

/// The input of `scenario_mutate`: a fixture and what to do to it.
#[derive(Debug, Arbitrary)]
pub struct Plan {
    /// Which fixture (modulo their number).
    pub fixture: u16,
    /// Applied in order.
    pub mutations: Vec<Mutation>,
    /// Picks the as-of date and the other model.
    pub pick: u64,
}

/// One change to the scenario's JSON tree. `at` picks a node (modulo the
/// number of candidates), so every input means something.
#[derive(Debug, Arbitrary)]
pub enum Mutation {
    /// Replace a leaf (number, string, bool, null) with an extreme value.
    Leaf { at: u32, value: Extreme },
    /// Copy one leaf's value over another (an id into a date, a date into a rate...).
    Copy { from: u32, to: u32 },
    /// Repeat an array element or an object entry (under a new key) up to 64 times.
    Repeat { at: u32, times: u8 },
    /// Remove an array element or an object entry.
    Remove { at: u32 },
    /// Replace any node (leaf or container) with an extreme value.
    Node { at: u32, value: Extreme },
}

/// Values at the edges of what the format accepts. Numeric ones keep the
/// leaf's type: a JSON number stays a number, a decimal string stays a
/// string (decimals travel as strings).
#[derive(Debug, Clone, Arbitrary)]
pub enum Extreme {
    Zero,
    One,
    MinusOne,
    U8Max,
    U16Max,
    U32Max,
    U32MaxPlusOne,
    U64Max,
    I64Min,
    Int(i64),
    /// rust_decimal's largest value, 28 nines after the point, just past the max.
    DecimalMax,
    DecimalMin,
    DecimalTiny,
    DecimalOverMax,
    Decimal {
        mantissa: i64,
        scale: u8,
    },
    ManyDigits(u8),
    Exponent,
    Float(f64),
    DateMin,
    DateMax,
    YearZero,
    Year10000,
    Feb29(u16),
    Date {
        year: i16,
        month: u8,
        day: u8,
    },
    InstantMin,
    InstantMax,
    InstantOffset,
    Instant {
        seconds: i64,
        millis: u16,
    },
    Time {
        hour: u8,
        minute: u8,
    },
    Duration {
        h: u32,
        m: u8,
        s: u8,
        ms: u16,
    },
    LongString(u16),
    Text(String),
    Empty,
    Null,
    Bool(bool),
    EmptyArray,
    EmptyObject,
}

impl Extreme {
    /// The value, shaped after the leaf it replaces where that makes sense.
    pub fn value(&self, old: &Value) -> Value {
        let as_string = old.is_string();
        let num = |n: Number, text: String| {
            if as_string {
                Value::String(text)
            } else {
                Value::Number(n)
            }
        };
        let int = |i: i64| num(i.into(), i.to_string());
        let uint = |u: u64| num(u.into(), u.to_string());
        let dec = |t: &str| {
            if as_string {
                Value::String(t.to_owned())
            } else {
                // A decimal as a JSON number: the format rejects it, by name.
                serde_json::from_str::<Value>(t).unwrap_or(Value::String(t.to_owned()))
            }
        };
        let s = |t: String| Value::String(t);
        match self {
            Extreme::Zero => int(0),
            Extreme::One => int(1),
            Extreme::MinusOne => int(-1),
            Extreme::U8Max => uint(u8::MAX.into()),
            Extreme::U16Max => uint(u16::MAX.into()),
            Extreme::U32Max => uint(u32::MAX.into()),
            Extreme::U32MaxPlusOne => uint(u64::from(u32::MAX) + 1),
            Extreme::U64Max => uint(u64::MAX),
            Extreme::I64Min => int(i64::MIN),
            Extreme::Int(i) => int(*i),
            Extreme::DecimalMax => dec("79228162514264337593543950335"),
            Extreme::DecimalMin => dec("-79228162514264337593543950335"),
            Extreme::DecimalTiny => dec("0.0000000000000000000000000001"),
            Extreme::DecimalOverMax => dec("79228162514264337593543950336"),
            Extreme::Decimal { mantissa, scale } => {
                let scale = u32::from(*scale % 32);
                let digits = mantissa.unsigned_abs().to_string();
                let sign = if *mantissa < 0 { "-" } else { "" };
                let t = if scale == 0 {
                    format!("{sign}{digits}")
                } else {
                    let pad = format!("{digits:0>width$}", width = scale as usize + 1);
                    let (a, b) = pad.split_at(pad.len() - scale as usize);
                    format!("{sign}{a}.{b}")
                };
                dec(&t)
            }
            Extreme::ManyDigits(n) => dec(&format!("1{}", "9".repeat(usize::from(*n)))),
            Extreme::Exponent => s("1e30".into()),
            Extreme::Float(f) => match Number::from_f64(*f) {
                Some(n) => num(n, f.to_string()),
                None => s(f.to_string()),
            },
            Extreme::DateMin => s("0001-01-01".into()),
            Extreme::DateMax => s("9999-12-31".into()),
            Extreme::YearZero => s("0000-01-01".into()),
            Extreme::Year10000 => s("+10000-01-01".into()),
            Extreme::Feb29(y) => s(format!("{:04}-02-29", y % 10000)),
            Extreme::Date { year, month, day } => {
                s(format!("{:04}-{:02}-{:02}", year, month % 13, day % 32))
            }
            Extreme::InstantMin => s("0001-01-01T00:00:00Z".into()),
            Extreme::InstantMax => s("9999-12-31T23:59:59.999Z".into()),
            Extreme::InstantOffset => s("2026-10-21T00:00:00-23:59".into()),
            Extreme::Instant { seconds, millis } => {
                match chrono::DateTime::from_timestamp(
                    *seconds,
                    u32::from(*millis % 1000) * 1_000_000,
                ) {
                    Some(t) => s(t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()),
                    None => s(format!("{seconds}")),
                }
            }
            Extreme::Time { hour, minute } => s(format!("{:02}:{:02}", hour % 26, minute % 62)),
            Extreme::Duration { h, m, s: sec, ms } => s(format!("{h:02}:{m:02}:{sec:02}:{ms:03}")),
            Extreme::LongString(n) => s("x".repeat(usize::from(*n) * 4)),
            Extreme::Text(t) => s(t.clone()),
            Extreme::Empty => s(String::new()),
            Extreme::Null => Value::Null,
            Extreme::Bool(b) => Value::Bool(*b),
            Extreme::EmptyArray => Value::Array(Vec::new()),
            Extreme::EmptyObject => Value::Object(Map::new()),
        }
    }
}

/// JSON pointers of every node under `v` (`""` is the root), leaves flagged.
fn nodes(v: &Value, at: &mut String, out: &mut Vec<(String, bool)>) {
    match v {
        Value::Array(a) => {
            out.push((at.clone(), false));
            for (i, x) in a.iter().enumerate() {
                let len = at.len();
                at.push('/');
                at.push_str(&i.to_string());
                nodes(x, at, out);
                at.truncate(len);
            }
        }
        Value::Object(m) => {
            out.push((at.clone(), false));
            for (k, x) in m {
                let len = at.len();
                at.push('/');
                at.push_str(&k.replace('~', "~0").replace('/', "~1"));
                nodes(x, at, out);
                at.truncate(len);
            }
        }
        _ => out.push((at.clone(), true)),
    }
}

fn pick(v: &Value, at: u32, leaves: Option<bool>) -> Option<String> {
    let mut all = Vec::new();
    nodes(v, &mut String::new(), &mut all);
    let c: Vec<&(String, bool)> = all
        .iter()
        .filter(|(_, leaf)| leaves.is_none_or(|l| l == *leaf))
        .collect();
    if c.is_empty() {
        return None;
    }
    Some(c[at as usize % c.len()].0.clone())
}

/// Splits a pointer into (parent, last key).
fn parent(p: &str) -> Option<(&str, String)> {
    let i = p.rfind('/')?;
    Some((&p[..i], p[i + 1..].replace("~1", "/").replace("~0", "~")))
}

/// Nodes at most: keeps a mutated scenario small enough to stay a unit
/// test, not a load test (the giant-but-valid inputs come from numbers).
const MAX_NODES: usize = 20_000;

impl Mutation {
    /// Applies the mutation to the scenario tree.
    pub fn apply(&self, v: &mut Value) {
        match self {
            Mutation::Leaf { at, value } | Mutation::Node { at, value } => {
                let leaves = matches!(self, Mutation::Leaf { .. }).then_some(true);
                let Some(p) = pick(v, *at, leaves) else {
                    return;
                };
                if let Some(x) = v.pointer_mut(&p) {
                    *x = value.value(x);
                }
            }
            Mutation::Copy { from, to } => {
                let (Some(f), Some(t)) = (pick(v, *from, Some(true)), pick(v, *to, Some(true)))
                else {
                    return;
                };
                let Some(x) = v.pointer(&f).cloned() else {
                    return;
                };
                if let Some(y) = v.pointer_mut(&t) {
                    *y = x;
                }
            }
            Mutation::Repeat { at, times } => {
                let Some(p) = pick(v, *at, None) else { return };
                let Some((up, key)) = parent(&p) else { return };
                let Some(x) = v.pointer(&p).cloned() else {
                    return;
                };
                let mut count = Vec::new();
                nodes(&x, &mut String::new(), &mut count);
                let mut total = Vec::new();
                nodes(v, &mut String::new(), &mut total);
                let room = MAX_NODES.saturating_sub(total.len()) / count.len().max(1);
                let n = usize::from(*times % 64 + 1).min(room);
                match v.pointer_mut(up) {
                    Some(Value::Array(a)) => a.extend(std::iter::repeat_n(x, n)),
                    Some(Value::Object(m)) => {
                        for i in 0..n {
                            m.insert(format!("{key}{i}"), x.clone());
                        }
                    }
                    _ => {}
                }
            }
            Mutation::Remove { at } => {
                let Some(p) = pick(v, *at, None) else { return };
                let Some((up, key)) = parent(&p) else { return };
                match v.pointer_mut(up) {
                    Some(Value::Array(a)) => {
                        if let Ok(i) = key.parse::<usize>() {
                            if i < a.len() {
                                a.remove(i);
                            }
                        }
                    }
                    Some(Value::Object(m)) => {
                        m.remove(&key);
                    }
                    _ => {}
                }
            }
        }
    }
}

/// `scenario_mutate`: a golden scenario, mutated by the plan, serialized and
/// read back as the user's file would be, then driven through everything.
pub fn run_plan(plan: &Plan) {
    let all = scenarios();
    if all.is_empty() {
        return;
    }
    let mut v = all[usize::from(plan.fixture) % all.len()].clone();
    for m in plan.mutations.iter().take(16) {
        m.apply(&mut v);
    }
    let text = v.to_string();
    if let Ok(s) = Scenario::from_json(&text) {
        exercise(&s, None, plan.pick);
    }
}
