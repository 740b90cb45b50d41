//! Interactions with bots and virtual agents (R-AI2), as the scenario
//! writes them (`usage.interactions`, one object each) and as the engine
//! keeps them: a column table with the org ids interned and the ids in one
//! buffer, so a million interactions cost no million allocations.

use std::fmt;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[cfg(feature = "schema")]
use crate::schema::values::{DecimalText, InstantText};

/// A resource an interaction used (R-AI2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum BotResource {
    /// A bot flow: charged by its minutes and sessions when alone.
    BotFlow,
    /// A virtual agent: per interaction.
    VirtualAgent,
    /// An agentic virtual agent: per interaction.
    AgenticVirtualAgent,
}

impl BotResource {
    /// Every resource.
    pub const ALL: [BotResource; 3] = [
        BotResource::BotFlow,
        BotResource::VirtualAgent,
        BotResource::AgenticVirtualAgent,
    ];

    /// The format's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            BotResource::BotFlow => "bot_flow",
            BotResource::VirtualAgent => "virtual_agent",
            BotResource::AgenticVirtualAgent => "agentic_virtual_agent",
        }
    }

    /// Parses the format's spelling.
    pub fn parse(s: &str) -> Option<BotResource> {
        BotResource::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// The set of resources an interaction used, written as a list of names.
/// A set of bits, not a `Vec`: a million interactions need no million lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct BotResources(u8);

impl BotResources {
    /// Adds a resource.
    pub fn insert(&mut self, r: BotResource) {
        self.0 |= 1 << r as u8;
    }

    /// Whether it holds `r`.
    pub fn contains(self, r: BotResource) -> bool {
        self.0 & (1 << r as u8) != 0
    }

    /// Whether it holds none.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The resources, in format order.
    pub fn iter(self) -> impl Iterator<Item = BotResource> {
        BotResource::ALL
            .into_iter()
            .filter(move |r| self.contains(*r))
    }
}

impl FromIterator<BotResource> for BotResources {
    fn from_iter<I: IntoIterator<Item = BotResource>>(it: I) -> Self {
        let mut s = BotResources::default();
        for r in it {
            s.insert(r);
        }
        s
    }
}

impl Serialize for BotResources {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for BotResources {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Ok(Vec::<BotResource>::deserialize(d)?.into_iter().collect())
    }
}

fn is_zero(d: &Decimal) -> bool {
    d.is_zero()
}

/// `usage.interactions[]`: one customer interaction with bots (R-AI2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema, tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Interaction {
    /// The interaction's id (for people; not checked for uniqueness).
    pub id: String,
    /// Org id.
    pub org: String,
    /// When it started; its cycle is the one containing this instant.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "InstantText"),
        tsify(type = "Instant")
    )]
    #[serde(with = "crate::exact::instant")]
    pub start: DateTime<Utc>,
    /// `bot_flow`, `virtual_agent`, `agentic_virtual_agent`: at least one.
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Vec<BotResource>"),
        tsify(type = "BotResource[]")
    )]
    #[serde(default)]
    pub resources: BotResources,
    /// Bot flow minutes (voice bot).
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(default, with = "crate::exact::str", skip_serializing_if = "is_zero")]
    pub bot_minutes: Decimal,
    /// Bot flow sessions (digital bot).
    #[cfg_attr(feature = "schema", schemars(with = "DecimalText"))]
    #[serde(default, with = "crate::exact::str", skip_serializing_if = "is_zero")]
    pub bot_sessions: Decimal,
}

/// One interaction as the table hands it out, borrowing its org id.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Row<'a> {
    /// Org id.
    pub org: &'a str,
    /// Index of the org id in [`Interactions::orgs`].
    pub org_index: u16,
    /// Start, ms since the epoch.
    pub start: i64,
    /// Resources used.
    pub resources: BotResources,
    /// Bot flow minutes.
    pub bot_minutes: Decimal,
    /// Bot flow sessions.
    pub bot_sessions: Decimal,
}

/// `usage.interactions`: the interactions of a scenario, column by column.
/// Serialised as the list of [`Interaction`] objects. Instants are kept to
/// the millisecond, like sessions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Interactions {
    ids: String,
    id_ends: Vec<usize>,
    orgs: Vec<String>,
    /// Where each id of `orgs` sits: a file may bring thousands of distinct
    /// orgs, and a linear search per row would be quadratic.
    org_at: rustc_hash::FxHashMap<String, u16>,
    org: Vec<u16>,
    start: Vec<i64>,
    resources: Vec<BotResources>,
    bot_minutes: Vec<Decimal>,
    bot_sessions: Vec<Decimal>,
}

impl Interactions {
    /// An empty table with room for `n` rows.
    pub fn with_capacity(n: usize) -> Self {
        Interactions {
            ids: String::with_capacity(n * 8),
            id_ends: Vec::with_capacity(n),
            org: Vec::with_capacity(n),
            start: Vec::with_capacity(n),
            resources: Vec::with_capacity(n),
            bot_minutes: Vec::with_capacity(n),
            bot_sessions: Vec::with_capacity(n),
            ..Interactions::default()
        }
    }

    /// The distinct org ids, in order of first use.
    pub fn orgs(&self) -> &[String] {
        &self.orgs
    }

    /// The first interaction of the org at `org_index` in [`Interactions::orgs`].
    pub fn first_of_org(&self, org_index: u16) -> Option<usize> {
        self.org.iter().position(|&o| o == org_index)
    }

    /// Number of interactions.
    pub fn len(&self) -> usize {
        self.start.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.start.is_empty()
    }

    /// The index of an org id, adding it if new; none past 65,535 distinct orgs.
    fn org_index(&mut self, org: &str) -> Option<u16> {
        if let Some(&last) = self.org.last() {
            if self.orgs[usize::from(last)] == org {
                return Some(last);
            }
        }
        if let Some(&i) = self.org_at.get(org) {
            return Some(i);
        }
        let i = u16::try_from(self.orgs.len()).ok()?;
        self.orgs.push(org.to_owned());
        self.org_at.insert(org.to_owned(), i);
        Some(i)
    }

    /// Adds an interaction; none when the table has no room for another org.
    pub fn push_row(
        &mut self,
        id: &str,
        org: &str,
        start: i64,
        resources: BotResources,
        bot_minutes: Decimal,
        bot_sessions: Decimal,
    ) -> Option<()> {
        let o = self.org_index(org)?;
        self.ids.push_str(id);
        self.id_ends.push(self.ids.len());
        self.org.push(o);
        self.start.push(start);
        self.resources.push(resources);
        self.bot_minutes.push(bot_minutes);
        self.bot_sessions.push(bot_sessions);
        Some(())
    }

    /// Adds an interaction given as an object.
    pub fn push(&mut self, x: &Interaction) -> Option<()> {
        self.push_row(
            &x.id,
            &x.org,
            x.start.timestamp_millis(),
            x.resources,
            x.bot_minutes,
            x.bot_sessions,
        )
    }

    /// The id of interaction `i`.
    pub fn id(&self, i: usize) -> &str {
        let from = if i == 0 { 0 } else { self.id_ends[i - 1] };
        self.ids.get(from..self.id_ends[i]).unwrap_or_default()
    }

    /// Interaction `i`, borrowed.
    pub fn row(&self, i: usize) -> Row<'_> {
        Row {
            org: &self.orgs[usize::from(self.org[i])],
            org_index: self.org[i],
            start: self.start[i],
            resources: self.resources[i],
            bot_minutes: self.bot_minutes[i],
            bot_sessions: self.bot_sessions[i],
        }
    }

    /// Every interaction, borrowed, in order.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> + '_ {
        (0..self.len()).map(|i| self.row(i))
    }

    /// Interaction `i` as an object.
    pub fn get(&self, i: usize) -> Interaction {
        let r = self.row(i);
        Interaction {
            id: self.id(i).to_owned(),
            org: r.org.to_owned(),
            start: DateTime::from_timestamp_millis(r.start).unwrap_or_default(),
            resources: r.resources,
            bot_minutes: r.bot_minutes,
            bot_sessions: r.bot_sessions,
        }
    }

    /// Every interaction as an object.
    pub fn to_vec(&self) -> Vec<Interaction> {
        (0..self.len()).map(|i| self.get(i)).collect()
    }

    /// Appends another table (a CSV import); a table that is empty takes it whole.
    pub fn append(&mut self, other: Interactions) {
        if self.is_empty() {
            *self = other;
            return;
        }
        let map: Vec<u16> = other
            .orgs
            .iter()
            .map(|o| self.org_index(o).unwrap_or(0))
            .collect();
        let base = self.ids.len();
        self.ids.push_str(&other.ids);
        self.id_ends.extend(other.id_ends.iter().map(|e| e + base));
        self.org
            .extend(other.org.iter().map(|&o| map[usize::from(o)]));
        self.start.extend(other.start);
        self.resources.extend(other.resources);
        self.bot_minutes.extend(other.bot_minutes);
        self.bot_sessions.extend(other.bot_sessions);
    }

    /// Keeps the interactions that started before `cutoff` ms (bill to date, R-C3).
    pub fn retain_before(&mut self, cutoff: i64) {
        if self.start.iter().all(|&s| s < cutoff) {
            return;
        }
        let keep: Vec<bool> = self.start.iter().map(|&s| s < cutoff).collect();
        let mut kept = Interactions {
            orgs: std::mem::take(&mut self.orgs),
            org_at: std::mem::take(&mut self.org_at),
            ..Interactions::default()
        };
        for (i, _) in keep.iter().enumerate().filter(|(_, k)| **k) {
            kept.ids.push_str(self.id(i));
            kept.id_ends.push(kept.ids.len());
            kept.org.push(self.org[i]);
            kept.start.push(self.start[i]);
            kept.resources.push(self.resources[i]);
            kept.bot_minutes.push(self.bot_minutes[i]);
            kept.bot_sessions.push(self.bot_sessions[i]);
        }
        *self = kept;
    }
}

impl FromIterator<Interaction> for Interactions {
    fn from_iter<I: IntoIterator<Item = Interaction>>(it: I) -> Self {
        let mut t = Interactions::default();
        for x in it {
            // Serialised scenarios never hold 65,536 orgs; such a row is dropped.
            let _ = t.push(&x);
        }
        t
    }
}

impl From<Vec<Interaction>> for Interactions {
    fn from(v: Vec<Interaction>) -> Self {
        v.into_iter().collect()
    }
}

impl Serialize for Interactions {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq((0..self.len()).map(|i| self.get(i)))
    }
}

impl<'de> Deserialize<'de> for Interactions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Rows;
        impl<'de> Visitor<'de> for Rows {
            type Value = Interactions;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of interactions")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<Interactions, A::Error> {
                let mut t = Interactions::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                while let Some(x) = seq.next_element::<Interaction>()? {
                    t.push(&x).ok_or_else(|| {
                        serde::de::Error::custom("more than 65,535 distinct org ids")
                    })?;
                }
                Ok(t)
            }
        }
        d.deserialize_seq(Rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn x(id: &str, org: &str, minute: i64) -> Interaction {
        Interaction {
            id: id.into(),
            org: org.into(),
            start: DateTime::from_timestamp_millis(minute * 60_000).unwrap(),
            resources: [BotResource::BotFlow].into_iter().collect(),
            bot_minutes: Decimal::new(minute, 1),
            bot_sessions: Decimal::ZERO,
        }
    }

    #[test]
    fn table_round_trips_objects_appends_and_cuts() {
        let v = vec![x("a", "main", 1), x("bb", "eu", 2), x("", "main", 3)];
        let mut t: Interactions = v.clone().into();
        assert_eq!(t.to_vec(), v);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<Interactions>(&json).unwrap(), t);
        let more: Interactions = vec![x("c", "ap", 4), x("d", "eu", 5)].into();
        t.append(more);
        assert_eq!(t.len(), 5);
        assert_eq!((t.id(3), t.row(3).org, t.row(4).org), ("c", "ap", "eu"));
        t.retain_before(3 * 60_000);
        assert_eq!(t.to_vec(), v[..2].to_vec());
    }
}
