//! What a vendor line charges for (R-R2): its kind, its subject (product,
//! resource, call type, device ...) and its org, from an explicit map, the
//! products' part numbers, their names, then the keyword table.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::allocations::Item;
use crate::calendar::Phase;
use crate::result::{Line, LineKind};
use crate::scenario::{CallType, ResourceKind, Scenario};

/// What a line is about, beside its kind: the key lines pair on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// A product or add-on id.
    Product(String),
    /// A fair-use resource.
    Resource(ResourceKind),
    /// A call type.
    Call(CallType),
    /// A device, by its name.
    Device(String),
    /// A free allocation item.
    Item(Item),
    /// A one-time charge, by its name.
    Named(String),
    /// Kinds with one subject per cycle (numbers, surcharge, tokens).
    Whole,
}

impl Subject {
    /// The id written in the result (`product`, a resource or call type).
    pub fn id(&self) -> Option<String> {
        match self {
            Subject::Product(p) => Some(p.clone()),
            Subject::Resource(r) => Some(r.as_str().into()),
            Subject::Call(c) => Some(c.as_str().into()),
            Subject::Device(d) | Subject::Named(d) => Some(d.clone()),
            Subject::Item(i) => Some(i.as_str().into()),
            Subject::Whole => None,
        }
    }
}

/// What a vendor line was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Class {
    /// A charge the simulation may bill.
    Charge {
        /// Its kind; `Overage` stands for "user" lines until the cycle's
        /// phase is known ([`Class::in_phase`]).
        kind: LineKind,
        /// What it is about.
        subject: Subject,
    },
    /// A tax line.
    Tax,
    /// A charge the scenario does not model (an AppFoundry app, ...).
    Unknown,
}

impl Class {
    /// A "user" line is overage in the term and actual in the ramp or after it (R-R2).
    pub fn in_phase(self, phase: Phase) -> Class {
        match self {
            Class::Charge {
                kind: LineKind::Overage,
                subject,
            } if phase != Phase::Term => Class::Charge {
                kind: LineKind::Actual,
                subject,
            },
            other => other,
        }
    }
}

/// One entry of the user's map file (R-R2 map): it overrides every guess.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapEntry {
    /// The line kind (`prepay`, `overage`, `telco`, ..., or `tax`, or
    /// `not_in_simulation`).
    pub kind: String,
    /// A product or add-on id.
    #[serde(default)]
    pub product: Option<String>,
    /// A resource (`ivr_minutes`, ...).
    #[serde(default)]
    pub resource: Option<String>,
    /// A call type (`inbound`, ...).
    #[serde(default)]
    pub call_type: Option<String>,
    /// An org id.
    #[serde(default)]
    pub org: Option<String>,
}

/// The map file: keys are a sku or a description as printed.
pub type Map = BTreeMap<String, MapEntry>;

/// Reads a map file (JSON: sku or description to entry), naming the
/// path of a bad entry.
pub fn read_map(text: &str) -> crate::Result<Map> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let map: Map = serde_path_to_error::deserialize(de).map_err(|e| crate::Error::Json {
        path: e.path().to_string(),
        message: e.inner().to_string(),
    })?;
    for (k, e) in &map {
        if kind_named(&e.kind).is_none() && !["tax", "not_in_simulation"].contains(&e.kind.as_str())
        {
            return Err(crate::Error::invalid(
                format!("{k}.kind"),
                format!(
                    "\"{}\" is not a line kind: use prepay, overage, actual, hourly, telco, resource, tax, not_in_simulation, ...",
                    crate::error::Visible(&e.kind)
                ),
            ));
        }
    }
    Ok(map)
}

/// Lower case, one space between words, and the dashes made one (R-R2).
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\u{2013}' | '\u{2014}' | '\u{2212}' => out.push('-'),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

/// Reads vendor lines against one scenario.
pub struct Classifier<'a> {
    s: &'a Scenario,
    map: BTreeMap<String, &'a MapEntry>,
}

impl<'a> Classifier<'a> {
    /// A classifier for `s` with the user's `map`.
    pub fn new(s: &'a Scenario, map: &'a Map) -> Self {
        Classifier {
            s,
            map: map.iter().map(|(k, v)| (normalise(k), v)).collect(),
        }
    }

    /// The org a vendor names: an id, or one of an org's `vendor_names`.
    pub fn org(&self, vendor: &str) -> Option<String> {
        let n = normalise(vendor);
        self.s
            .orgs
            .iter()
            .find(|o| normalise(&o.id) == n || o.vendor_names.iter().any(|v| normalise(v) == n))
            .map(|o| o.id.clone())
    }

    /// The map entry for a line, by sku then description.
    pub fn mapped(&self, sku: Option<&str>, description: &str) -> Option<&'a MapEntry> {
        sku.and_then(|k| self.map.get(&normalise(k)))
            .or_else(|| self.map.get(&normalise(description)))
            .copied()
    }

    /// The kind and subject of a vendor line (R-R2), in order: the map, a
    /// product's part numbers, its name, the keyword table, the tier written.
    pub fn class(&self, sku: Option<&str>, description: &str) -> Class {
        if let Some(e) = self.mapped(sku, description) {
            return from_map(e);
        }
        let d = normalise(description);
        let prepay = d.contains("prepay");
        if let Some(sku) = sku {
            let sku = normalise(sku);
            if let Some((id, _)) = self
                .s
                .contract
                .products
                .iter()
                .find(|(_, p)| p.skus.iter().any(|k| normalise(k) == sku))
            {
                return self.license(id, prepay, &d);
            }
        }
        if let Some(c) = self.keyword(&d, prepay) {
            return c;
        }
        Class::Unknown
    }

    fn license(&self, id: &str, prepay: bool, d: &str) -> Class {
        let hourly = self.s.contract.model == crate::Model::Hourly;
        let kind = if prepay {
            LineKind::Prepay
        } else if hourly || d.contains("hour") {
            LineKind::Hourly
        } else {
            LineKind::Overage
        };
        Class::Charge {
            kind,
            subject: Subject::Product(id.to_owned()),
        }
    }

    /// The keyword table of the format, add-ons before tiers, the longest
    /// match winning among names.
    fn keyword(&self, d: &str, prepay: bool) -> Option<Class> {
        let c = &self.s.contract;
        // Add-on names first: "Cloud CX 2 WEM Add-on" names a tier too.
        let addon = c
            .addons
            .iter()
            .map(|a| (normalise(a.name.as_deref().unwrap_or(&a.id)), &a.id))
            .filter(|(n, _)| !n.is_empty() && d.contains(n.as_str()))
            .max_by_key(|(n, _)| n.len());
        if let Some((_, id)) = addon {
            return Some(Class::Charge {
                kind: if prepay {
                    LineKind::AddonPrepay
                } else {
                    LineKind::AddonOverage
                },
                subject: Subject::Product(id.clone()),
            });
        }
        let named = c
            .products
            .iter()
            .filter_map(|(id, p)| p.name.as_deref().map(|n| (normalise(n), id)))
            .filter(|(n, _)| !n.is_empty() && d.contains(n.as_str()))
            .max_by_key(|(n, _)| n.len());
        if let Some((_, id)) = named {
            return Some(self.license(id, prepay, d));
        }
        if let Some(c) = self.other_keyword(d, prepay) {
            return Some(c);
        }
        let tier = tier_in(d)?;
        let (id, _) = c.products.iter().find(|(_, p)| p.tier == tier)?;
        Some(self.license(id, prepay, d))
    }

    fn other_keyword(&self, d: &str, prepay: bool) -> Option<Class> {
        let c = &self.s.contract;
        let charge = |kind, subject| Some(Class::Charge { kind, subject });
        let device = c
            .devices
            .iter()
            .map(|dv| normalise(&dv.name))
            .filter(|n| !n.is_empty() && d.contains(n.as_str()))
            .max_by_key(|n| n.len());
        if let Some(n) = device {
            let dv = c.devices.iter().find(|dv| normalise(&dv.name) == n)?;
            let one_time = d.contains("one-time")
                || d.contains("one time")
                || d.contains("hardware")
                || dv.monthly.is_none();
            let kind = if one_time {
                LineKind::DeviceOneTime
            } else {
                LineKind::DeviceMonthly
            };
            return charge(kind, Subject::Device(dv.name.clone()));
        }
        if let Some(o) = c.one_time.iter().find(|o| normalise(&o.name) == d) {
            return charge(LineKind::OneTime, Subject::Named(o.name.clone()));
        }
        if ["tax", "vat", "gst"]
            .iter()
            .any(|w| d.split(|ch: char| !ch.is_alphanumeric()).any(|x| x == *w))
        {
            return Some(Class::Tax);
        }
        // Telco before resources: "Outbound Calling Service" is not an API.
        let calls = [
            ("extended outbound", CallType::ExtendedOutbound),
            ("toll-free", CallType::TollFree),
            ("toll free", CallType::TollFree),
            ("inbound calling", CallType::Inbound),
            ("outbound calling", CallType::Outbound),
        ];
        if let Some((_, t)) = calls.iter().find(|(w, _)| d.contains(w)) {
            return charge(LineKind::Telco, Subject::Call(*t));
        }
        if d.contains("surcharge") {
            return charge(LineKind::TelcoSurcharge, Subject::Whole);
        }
        if d.contains("number") {
            let kind = if d.contains("setup") || d.contains("set-up") || d.contains("set up") {
                LineKind::NumberSetup
            } else {
                LineKind::NumberMonthly
            };
            return charge(kind, Subject::Whole);
        }
        if d.contains("token") {
            let kind = if prepay {
                LineKind::AiPrepay
            } else {
                LineKind::AiOverage
            };
            return charge(kind, Subject::Whole);
        }
        if d.contains("wallboard") {
            return charge(LineKind::AllocationMonthly, Subject::Item(Item::Wallboards));
        }
        if d.contains("decision") {
            return charge(
                LineKind::AllocationOverage,
                Subject::Item(Item::RuleDecisions),
            );
        }
        if d.contains("case") && tier_in(d).is_none() {
            return charge(LineKind::AllocationOverage, Subject::Item(Item::Cases));
        }
        let resources = [
            ("ivr", ResourceKind::IvrMinutes),
            ("storage", ResourceKind::StorageGb),
            ("api", ResourceKind::ApiRequests),
            ("byoc", ResourceKind::ByocMinutes),
            ("sms", ResourceKind::Sms),
            ("messag", ResourceKind::Sms),
        ];
        let word = |w: &str| {
            d.split(|ch: char| !ch.is_alphanumeric())
                .any(|x| x.starts_with(w))
        };
        if let Some((_, r)) = resources.iter().find(|(w, _)| word(w)) {
            let kind = if *r == ResourceKind::Sms {
                LineKind::Sms
            } else {
                LineKind::Resource
            };
            return charge(kind, Subject::Resource(*r));
        }
        None
    }
}

/// The tier written in a description: "cx 2", "cx2", "cloud cx 2", "purecloud 2".
pub fn tier_in(d: &str) -> Option<u8> {
    for key in ["purecloud", "cx"] {
        let mut from = 0;
        while let Some(i) = d.get(from..).and_then(|rest| rest.find(key)) {
            let at = from + i;
            let before_ok = at == 0 || !d.as_bytes()[at - 1].is_ascii_alphanumeric();
            let after = d[at + key.len()..].trim_start();
            let digit = after.chars().next().and_then(|c| c.to_digit(10));
            let next_ok = after
                .chars()
                .nth(1)
                .is_none_or(|c| !c.is_ascii_alphanumeric());
            if let (true, Some(t @ 1..=4), true) = (before_ok, digit, next_ok) {
                return u8::try_from(t).ok();
            }
            from = at + key.len();
        }
    }
    None
}

fn from_map(e: &MapEntry) -> Class {
    match e.kind.as_str() {
        "tax" => return Class::Tax,
        "not_in_simulation" => return Class::Unknown,
        _ => {}
    }
    let Some(kind) = kind_named(&e.kind) else {
        return Class::Unknown;
    };
    let subject = if let Some(p) = &e.product {
        Subject::Product(p.clone())
    } else if let Some(r) = e
        .resource
        .as_deref()
        .and_then(|r| ResourceKind::ALL.into_iter().find(|k| k.as_str() == r))
    {
        Subject::Resource(r)
    } else if let Some(t) = e.call_type.as_deref().and_then(CallType::parse) {
        Subject::Call(t)
    } else {
        Subject::Whole
    };
    Class::Charge { kind, subject }
}

/// A line kind by its format spelling.
pub fn kind_named(s: &str) -> Option<LineKind> {
    LineKind::ALL.into_iter().find(|k| k.as_str() == s)
}

/// The subject of a simulated line: the engine wrote its kind and product,
/// and names resources, calls and devices in the description.
pub fn simulated_subject(l: &Line) -> Subject {
    use LineKind::*;
    match l.kind {
        Prepay | Overage | Actual | Hourly | AddonPrepay | AddonOverage => {
            Subject::Product(l.product.clone().unwrap_or_default())
        }
        Resource | Sms => ResourceKind::ALL
            .into_iter()
            .find(|k| l.description.starts_with(k.label()))
            .map_or(Subject::Whole, Subject::Resource),
        Telco => [
            CallType::ExtendedOutbound,
            CallType::TollFree,
            CallType::Inbound,
            CallType::Outbound,
        ]
        .into_iter()
        .find(|t| l.description.starts_with(t.label()))
        .map_or(Subject::Whole, Subject::Call),
        DeviceMonthly | DeviceOneTime => Subject::Device(l.description.clone()),
        OneTime => Subject::Named(l.description.clone()),
        AllocationMonthly => Subject::Item(Item::Wallboards),
        AllocationOverage if l.description.starts_with("Cases") => Subject::Item(Item::Cases),
        AllocationOverage => Subject::Item(Item::RuleDecisions),
        TelcoSurcharge | NumberSetup | NumberMonthly | AiPrepay | AiOverage => Subject::Whole,
    }
}

/// License kinds: their quantities are users (or hours) the causes of
/// R-R4 compare per cycle, product and org.
pub fn is_license(kind: LineKind) -> bool {
    matches!(
        kind,
        LineKind::Prepay | LineKind::Overage | LineKind::Actual | LineKind::Hourly
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_makes_case_space_and_dashes_one_r_r2() {
        assert_eq!(
            normalise("  Genesys Cloud CX 2   User \u{2013} Prepay "),
            "genesys cloud cx 2 user - prepay"
        );
        assert_eq!(normalise("A\u{2014}B"), "a-b");
    }

    #[test]
    fn the_tier_is_read_in_every_spelling_r_r2() {
        for d in ["cx 2 user", "cx2 user", "cloud cx 2", "purecloud 2 prepay"] {
            assert_eq!(tier_in(d), Some(2), "{d}");
        }
        assert_eq!(tier_in("cx 23"), None);
        assert_eq!(tier_in("wfm user"), None);
        assert_eq!(tier_in("xcx 2"), None);
    }
}
