//! Usage as the engine measures it: the catalog of orgs and products, and
//! login sessions interned into a compact table (a million rows must fit in
//! well under 150 MB and sort fast).

use rustc_hash::FxHashMap;

use crate::error::{Error, Result, Violation};
use crate::scenario::Scenario;

/// Org ids to their index (see [`Catalog::org_index`]).
#[derive(Debug, Clone)]
pub struct OrgIndex<'c>(rustc_hash::FxHashMap<&'c str, u16>);

impl OrgIndex<'_> {
    /// Index of an org id, as [`Catalog::org`] gives it.
    pub fn get(&self, id: &str) -> Option<u16> {
        self.0.get(id).copied()
    }
}

/// Orgs and products by index, so hot loops never compare strings.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// Org ids in scenario order.
    pub orgs: Vec<String>,
    /// Product ids in id order.
    pub products: Vec<String>,
    /// Tier of each product.
    pub tiers: Vec<u8>,
}

impl Catalog {
    /// The scenario's orgs and products.
    pub fn of(s: &Scenario) -> Catalog {
        Catalog {
            orgs: s.orgs.iter().map(|o| o.id.clone()).collect(),
            products: s.contract.products.keys().cloned().collect(),
            tiers: s.contract.products.values().map(|p| p.tier).collect(),
        }
    }

    /// The org a row without one belongs to: the first (validation makes
    /// sure there is one; a caller that skipped it gets an error, not a panic).
    pub fn first_org(&self) -> Result<&str> {
        self.orgs
            .first()
            .map(String::as_str)
            .ok_or_else(|| Error::invalid("orgs", "at least one org is needed"))
    }

    /// Index of an org id.
    pub fn org(&self, id: &str) -> Option<u16> {
        // Past 65,535 there is no index to give (validation refuses such a scenario).
        let i = self.orgs.iter().position(|o| o == id)?;
        u16::try_from(i).ok()
    }

    /// Every org id's index at once, for a loop over many rows: a lookup
    /// by [`Catalog::org`] compares the id with every org, and 10,000 orgs
    /// each naming its own (sessions, commitments) made that quadratic
    /// (issue 23 #2). The same answers: the first org of an id.
    pub fn org_index(&self) -> OrgIndex<'_> {
        let mut map = rustc_hash::FxHashMap::default();
        for (i, o) in self.orgs.iter().enumerate() {
            if let Ok(i) = u16::try_from(i) {
                map.entry(o.as_str()).or_insert(i);
            }
        }
        OrgIndex(map)
    }

    /// Index of a product id.
    pub fn product(&self, id: &str) -> Option<u16> {
        let i = self.products.iter().position(|p| p == id)?;
        u16::try_from(i).ok()
    }

    /// The error for an org id that is not in `orgs`.
    pub fn unknown_org(&self, path: &str, id: &str) -> Error {
        Violation::UnknownOrg {
            path: path.to_owned(),
            id: id.to_owned(),
            known: self.orgs.clone(),
        }
        .into()
    }

    /// The error for a product id that is not in `contract.products`.
    pub fn unknown_product(&self, path: &str, id: &str) -> Error {
        Violation::UnknownProduct {
            path: path.to_owned(),
            id: id.to_owned(),
            known: self.products.clone(),
        }
        .into()
    }
}

/// One session, by index: user, org, product, [login, logout) in ms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionRow {
    /// Index into [`Sessions::users`].
    pub user: u32,
    /// Index into [`Catalog::orgs`].
    pub org: u16,
    /// Index into [`Catalog::products`].
    pub product: u16,
    /// Login, ms since epoch.
    pub login: i64,
    /// Logout, ms since epoch; > login.
    pub logout: i64,
}

/// Interned sessions from JSON, CSV and expanded profiles.
#[derive(Debug, Clone, Default)]
pub struct Sessions {
    /// User ids by index.
    pub users: Vec<String>,
    index: FxHashMap<String, u32>,
    /// The sessions.
    pub rows: Vec<SessionRow>,
}

impl Sessions {
    /// The index of a user id, adding it if new.
    pub fn intern(&mut self, user: &str) -> u32 {
        if let Some(&i) = self.index.get(user) {
            return i;
        }
        let i = self.users.len() as u32;
        self.users.push(user.to_owned());
        self.index.insert(user.to_owned(), i);
        i
    }

    /// Adds a session; `logout <= login` is an input error (R-L3) reported at `path`.
    pub fn push(
        &mut self,
        path: &str,
        user: &str,
        org: u16,
        product: u16,
        login: i64,
        logout: i64,
    ) -> Result<()> {
        let user = self.intern(user);
        self.push_interned(path, user, org, product, login, logout)
    }

    /// Adds a session of an already interned user.
    pub fn push_interned(
        &mut self,
        path: &str,
        user: u32,
        org: u16,
        product: u16,
        login: i64,
        logout: i64,
    ) -> Result<()> {
        if logout <= login {
            return Err(Violation::LogoutBeforeLogin {
                path: path.to_owned(),
            }
            .into());
        }
        self.rows.push(SessionRow {
            user,
            org,
            product,
            login,
            logout,
        });
        Ok(())
    }

    /// Appends another table (e.g. a CSV import) to this one.
    pub fn extend(&mut self, other: &Sessions) {
        let map: Vec<u32> = other.users.iter().map(|u| self.intern(u)).collect();
        self.rows.extend(other.rows.iter().map(|r| SessionRow {
            user: map[r.user as usize],
            ..*r
        }));
    }

    /// The sessions that overlap [`start`, `end`) ms, every user at the
    /// index it has here: one cycle's usage, without copying the rest.
    pub fn overlapping(&self, start: i64, end: i64) -> Sessions {
        let within = |r: &&SessionRow| r.login < end && r.logout > start;
        // Counted first: one allocation of the right size, not a doubling
        // vector copied as it grows (wasm memory only grows).
        let mut rows = Vec::with_capacity(self.rows.iter().filter(within).count());
        rows.extend(self.rows.iter().filter(within).copied());
        Sessions {
            users: self.users.clone(),
            index: self.index.clone(),
            rows,
        }
    }

    /// Keeps only what happened before `cutoff` ms (bill-to-date, R-C3).
    pub fn truncate_at(&mut self, cutoff: i64) {
        self.rows.retain(|r| r.login < cutoff);
        for r in &mut self.rows {
            r.logout = r.logout.min(cutoff);
        }
    }

    /// The scenario's inline sessions, validated.
    pub fn from_scenario(s: &Scenario, cat: &Catalog) -> Result<Sessions> {
        let mut t = Sessions::default();
        let orgs = cat.org_index();
        for (i, x) in s.usage.sessions.iter().enumerate() {
            let path = format!("usage.sessions[{i}]");
            let org = orgs
                .get(&x.org)
                .ok_or_else(|| cat.unknown_org(&format!("{path}.org"), &x.org))?;
            let product = cat
                .product(&x.product)
                .ok_or_else(|| cat.unknown_product(&format!("{path}.product"), &x.product))?;
            t.push(
                &format!("{path}.logout"),
                &x.user,
                org,
                product,
                x.login.timestamp_millis(),
                x.logout.timestamp_millis(),
            )?;
        }
        Ok(t)
    }
}

/// Parses `HH:MM:SS:mmm` (R-H3) into milliseconds. Hours may exceed 99.
pub fn parse_duration(s: &str) -> Option<i64> {
    let mut parts = s.split(':');
    let h: i64 = parts.next()?.parse().ok()?;
    let m: i64 = parts.next()?.parse().ok()?;
    let sec: i64 = parts.next()?.parse().ok()?;
    let ms: i64 = parts.next()?.parse().ok()?;
    if parts.next().is_some()
        || h < 0
        || !(0..60).contains(&m)
        || !(0..60).contains(&sec)
        || !(0..1000).contains(&ms)
    {
        return None;
    }
    // Checked: the hours are the user's number, and may be of any size.
    h.checked_mul(3_600_000)?
        .checked_add((m * 60 + sec) * 1000 + ms)
}

/// Writes milliseconds as `HH:MM:SS:mmm` (R-H3).
pub fn format_duration(ms: i64) -> String {
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    format!(
        "{:02}:{:02}:{:02}:{:03}",
        h,
        rest / 60_000,
        rest % 60_000 / 1000,
        rest % 1000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_h3_duration_round_trips() {
        assert_eq!(parse_duration("08:30:05:250"), Some(30_605_250));
        assert_eq!(format_duration(30_605_250), "08:30:05:250");
        assert_eq!(parse_duration("8:61:00:000"), None);
        assert_eq!(parse_duration("1:00:00"), None);
        // Hours past what milliseconds in an i64 can hold are not a duration.
        assert_eq!(parse_duration("9223372036854775807:00:00:000"), None);
        assert_eq!(parse_duration("2562047788016:00:00:000"), None);
        assert_eq!(parse_duration("2562047788015:59:59:999"), None);
        assert_eq!(
            parse_duration("2562047788015:00:00:000"),
            Some(2_562_047_788_015 * 3_600_000)
        );
    }

    #[test]
    fn r_l3_logout_before_login_is_an_error() {
        let mut t = Sessions::default();
        let e = t
            .push("usage.sessions[3].logout", "a", 0, 0, 10, 10)
            .unwrap_err();
        assert_eq!(e.path(), "usage.sessions[3].logout");
    }
}
