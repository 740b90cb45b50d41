//! CSV usage files (`shared/spec/scenario-format.md`): header-based, any
//! column order, extra columns ignored. Every bad row is reported with its
//! line and column, up to [`MAX_PROBLEMS`] plus a count of the rest, and
//! nothing of a file with a bad row is applied.

use chrono::{DateTime, NaiveDate};
use rust_decimal::Decimal;

use crate::error::{CsvProblem, Error, Result};
use crate::scenario::{Call, CallType, HoursRow, ResourceKind, ResourceUse};
use crate::usage::{parse_duration, Catalog, Sessions};

mod records;
use records::Records;
pub use records::Row;

/// Problems listed in full; the rest are counted.
pub const MAX_PROBLEMS: usize = 100;

struct Problems {
    file: &'static str,
    list: Vec<CsvProblem>,
    more: usize,
}

impl Problems {
    fn new(file: &'static str) -> Self {
        Problems {
            file,
            list: Vec::new(),
            more: 0,
        }
    }

    fn add(&mut self, line: u64, column: usize, field: &str, message: impl Into<String>) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(CsvProblem {
                line,
                column,
                field: field.to_owned(),
                message: message.into(),
            });
        } else {
            self.more += 1;
        }
    }

    fn finish<T>(self, value: T) -> Result<T> {
        if self.list.is_empty() {
            Ok(value)
        } else {
            Err(Error::Csv {
                file: self.file.to_owned(),
                problems: self.list,
                more: self.more,
            })
        }
    }
}

/// Column positions of the required headers.
fn columns<const N: usize, R: std::io::Read>(
    rdr: &mut Records<R>,
    names: [&str; N],
    file: &'static str,
) -> Result<[usize; N]> {
    let problem = |line, message| Error::Csv {
        file: file.into(),
        problems: vec![CsvProblem {
            line,
            column: 0,
            field: String::new(),
            message,
        }],
        more: 0,
    };
    let headers = rdr.header().map_err(|(line, e)| problem(line, e))?;
    let mut out = [0; N];
    let mut missing = Vec::new();
    for (i, n) in names.iter().enumerate() {
        match headers
            .iter()
            .position(|h| trim_bom(h).eq_ignore_ascii_case(n.as_bytes()))
        {
            Some(p) => out[i] = p,
            None => missing.push(*n),
        }
    }
    if missing.is_empty() {
        Ok(out)
    } else {
        Err(problem(
            1,
            format!(
                "missing column(s) {} (the header needs {})",
                missing.join(", "),
                names.join(",")
            ),
        ))
    }
}

fn trim_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b).trim_ascii()
}

/// Parses an RFC 3339 instant to milliseconds since 1970 (see [`Instants`]).
pub fn parse_instant(b: &[u8]) -> Option<i64> {
    Instants::default().parse(b)
}

/// Parses RFC 3339 instants: `2026-10-21T08:00:00Z` (optionally `.sss`)
/// without allocation, remembering the day numbers of recent dates (a
/// file's rows share a few hundred dates at most); anything else goes
/// through chrono's full parser.
pub struct Instants {
    /// Dates seen, by a hash of their ten bytes: the bytes as numbers and
    /// the day number.
    days: [Option<(u64, u16, i64)>; 64],
}

impl Default for Instants {
    fn default() -> Self {
        Instants { days: [None; 64] }
    }
}

impl Instants {
    pub fn parse(&mut self, b: &[u8]) -> Option<i64> {
        self.fast(b).or_else(|| {
            std::str::from_utf8(b)
                .ok()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                .map(|t| t.timestamp_millis())
        })
    }

    fn fast(&mut self, b: &[u8]) -> Option<i64> {
        if b.len() < 20 || (b[10] != b'T' && b[10] != b't') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let key = (
            u64::from_le_bytes(b[0..8].try_into().ok()?),
            u16::from_le_bytes(b[8..10].try_into().ok()?),
        );
        let slot =
            ((key.0 ^ u64::from(key.1) << 3).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize;
        let days = match self.days.get(slot).copied().flatten() {
            Some((k8, k2, days)) if (k8, k2) == key => days,
            _ => {
                let days = day_number(b)?;
                if let Some(s) = self.days.get_mut(slot) {
                    *s = Some((key.0, key.1, days));
                }
                days
            }
        };
        let (h, mi, s) = (
            digits(&b[11..13])?,
            digits(&b[14..16])?,
            digits(&b[17..19])?,
        );
        let ms = match &b[19..] {
            b"Z" | b"z" => 0,
            [b'.', rest @ .., b'Z'] if !rest.is_empty() && rest.len() <= 9 => {
                let frac = digits(rest)?;
                frac * 1000 / 10i64.pow(rest.len() as u32)
            }
            _ => return None,
        };
        if h > 23 || mi > 59 || s > 59 {
            return None;
        }
        Some(days * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + ms)
    }
}

/// A run of ASCII digits as a number.
fn digits(b: &[u8]) -> Option<i64> {
    b.iter().try_fold(0i64, |acc, &c| {
        c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0'))
    })
}

/// The day number of a valid `YYYY-MM-DD` at the start of `b`.
fn day_number(b: &[u8]) -> Option<i64> {
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let (y, mo, d) = (
        digits(b.get(0..4)?)?,
        digits(b.get(5..7)?)?,
        digits(b.get(8..10)?)?,
    );
    let days_in_month = match mo {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    (1..=days_in_month)
        .contains(&d)
        .then(|| days_from_civil(y, mo, d))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`): the CSV hot path avoids building a chrono date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or("")
}

/// Reads a sessions file `user,org,product,login,logout`.
pub fn sessions(input: impl std::io::Read, cat: &Catalog) -> Result<Sessions> {
    sessions_with(input, &mut Strict(cat), 0)
}

/// Reads a sessions file without a scenario: every org and product id is
/// accepted (the scenario checks them when the sessions are billed).
pub fn sessions_open(input: impl std::io::Read) -> Result<(Sessions, OpenIds)> {
    sessions_open_sized(input, 0)
}

/// As [`sessions_open`], reserving room for a file of `bytes` bytes up
/// front (growing a million-row table by doubling copies it over and over).
pub fn sessions_open_sized(input: impl std::io::Read, bytes: usize) -> Result<(Sessions, OpenIds)> {
    let mut ids = OpenIds::default();
    let t = sessions_with(input, &mut ids, bytes)?;
    Ok((t, ids))
}

/// How org and product ids become indices while reading.
pub trait Ids {
    /// The index of an org id, or none if unknown.
    fn org_id(&mut self, id: &str) -> Option<u16>;
    /// The index of a product id, or none if unknown.
    fn product_id(&mut self, id: &str) -> Option<u16>;
}

struct Strict<'a>(&'a Catalog);

impl Ids for Strict<'_> {
    fn org_id(&mut self, id: &str) -> Option<u16> {
        self.0.org(id)
    }
    fn product_id(&mut self, id: &str) -> Option<u16> {
        self.0.product(id)
    }
}

/// Ids collected as they come (no scenario to check against).
#[derive(Debug, Default, Clone)]
pub struct OpenIds {
    /// Org ids by index.
    pub orgs: Vec<String>,
    /// Product ids by index.
    pub products: Vec<String>,
}

fn intern_small(v: &mut Vec<String>, id: &str) -> Option<u16> {
    if let Some(i) = v.iter().position(|x| x == id) {
        return Some(i as u16);
    }
    if id.is_empty() || v.len() >= usize::from(u16::MAX) {
        return None;
    }
    v.push(id.to_owned());
    Some((v.len() - 1) as u16)
}

impl OpenIds {
    /// Sessions read with these ids, as scenario sessions (for `usage.sessions`).
    pub fn sessions(&self, t: &Sessions) -> Vec<crate::scenario::Session> {
        t.rows
            .iter()
            .filter_map(|r| {
                Some(crate::scenario::Session {
                    user: t.users.get(r.user as usize)?.clone(),
                    org: self.orgs.get(r.org as usize)?.clone(),
                    product: self.products.get(r.product as usize)?.clone(),
                    login: DateTime::from_timestamp_millis(r.login)?,
                    logout: DateTime::from_timestamp_millis(r.logout)?,
                })
            })
            .collect()
    }
}

/// Sessions read without a scenario ([`sessions_open`]), re-indexed in place
/// onto the catalog of whichever scenario bills them next (a copy of a
/// million rows per edit would cost more than the edit).
#[derive(Debug, Clone)]
pub struct Imported {
    sessions: Sessions,
    ids: OpenIds,
    /// Where each imported org and product id sits in `sessions` now.
    org_at: Vec<u16>,
    product_at: Vec<u16>,
}

impl Imported {
    pub fn new(sessions: Sessions, ids: OpenIds) -> Self {
        let identity = |n: usize| (0..n as u16).collect();
        Imported {
            org_at: identity(ids.orgs.len()),
            product_at: identity(ids.products.len()),
            sessions,
            ids,
        }
    }

    /// The sessions, indexed as `cat` indexes orgs and products; an org or
    /// product the scenario does not have is an error naming it (and leaves
    /// the sessions as they were).
    pub fn onto(&mut self, cat: &Catalog) -> Result<&Sessions> {
        let place = |names: &[String],
                     what: &str,
                     known: &[String],
                     find: &dyn Fn(&str) -> Option<u16>| {
            names
                .iter()
                .map(|n| {
                    find(n).ok_or_else(|| {
                        Error::invalid("sessions", format!("the imported sessions use {what} \"{n}\", which the scenario does not have ({})", known.join(", ")))
                    })
                })
                .collect::<Result<Vec<u16>>>()
        };
        let orgs = place(&self.ids.orgs, "org", &cat.orgs, &|n| cat.org(n))?;
        let products = place(&self.ids.products, "product", &cat.products, &|n| {
            cat.product(n)
        })?;
        if orgs != self.org_at || products != self.product_at {
            // From where an id sits now to where the catalog puts it.
            let table = |at: &[u16], to: &[u16]| {
                let mut t = vec![0u16; at.iter().max().map_or(0, |&m| usize::from(m) + 1)];
                for (&a, &b) in at.iter().zip(to) {
                    t[usize::from(a)] = b;
                }
                t
            };
            let (org, product) = (
                table(&self.org_at, &orgs),
                table(&self.product_at, &products),
            );
            for r in &mut self.sessions.rows {
                r.org = org[usize::from(r.org)];
                r.product = product[usize::from(r.product)];
            }
            (self.org_at, self.product_at) = (orgs, products);
        }
        Ok(&self.sessions)
    }

    /// How many sessions and distinct users were read.
    pub fn counts(&self) -> (usize, usize) {
        (self.sessions.rows.len(), self.sessions.users.len())
    }
}

impl Ids for OpenIds {
    fn org_id(&mut self, id: &str) -> Option<u16> {
        intern_small(&mut self.orgs, id)
    }
    fn product_id(&mut self, id: &str) -> Option<u16> {
        intern_small(&mut self.products, id)
    }
}

fn sessions_with(input: impl std::io::Read, ids: &mut impl Ids, bytes: usize) -> Result<Sessions> {
    const NAMES: [&str; 5] = ["user", "org", "product", "login", "logout"];
    let mut rdr = Records::new(input);
    let cols = columns(&mut rdr, NAMES, "sessions")?;
    let mut r = SessionsReader {
        cols,
        ids,
        out: Sessions::default(),
        users: Last::default(),
        orgs: Last::default(),
        products: Last::default(),
        logins: Instants::default(),
        logouts: Instants::default(),
        bad: Problems::new("sessions"),
    };
    // A session row takes at least 60 bytes of CSV.
    r.out.rows.reserve(bytes / 60);
    rdr.each(|line, rec| r.row(line, rec));
    r.bad.finish(r.out)
}

/// A sessions file being read: its columns, what repeats from row to row,
/// and the table built so far.
struct SessionsReader<'a, I> {
    cols: [usize; 5],
    ids: &'a mut I,
    out: Sessions,
    users: Last<u32>,
    orgs: Last<u16>,
    products: Last<u16>,
    logins: Instants,
    logouts: Instants,
    bad: Problems,
}

impl<I: Ids> SessionsReader<'_, I> {
    /// Reads one row. Not inlined into the loop over rows: V8 swaps in its
    /// optimized code for a wasm function only at a call, and that loop is
    /// called once per file.
    #[inline(never)]
    fn row(&mut self, line: u64, rec: std::result::Result<&Row<'_>, String>) {
        let SessionsReader {
            cols: [cu, co, cp, cl, cx],
            ids,
            out,
            users,
            orgs,
            products,
            logins,
            logouts,
            bad,
        } = self;
        let (cu, co, cp, cl, cx) = (*cu, *co, *cp, *cl, *cx);
        let rec = match rec {
            Ok(r) => r,
            Err(e) => return bad.add(line, 0, "", e),
        };
        let field = |c: usize| rec.get(c).map_or(&[][..], <[u8]>::trim_ascii);
        let mut ok = true;
        let user = users.get(field(cu), |u| {
            let u = std::str::from_utf8(u).ok().filter(|u| !u.is_empty())?;
            Some(out.intern(u))
        });
        if user.is_none() {
            bad.add(line, cu + 1, "user", "empty or not UTF-8");
            ok = false;
        }
        let org = orgs.get(field(co), |o| ids.org_id(text(o)));
        if org.is_none() {
            let o = text(field(co));
            bad.add(line, co + 1, "org", format!("unknown org \"{o}\""));
            ok = false;
        }
        let product = products.get(field(cp), |p| ids.product_id(text(p)));
        if product.is_none() {
            let p = text(field(cp));
            bad.add(line, cp + 1, "product", format!("unknown product \"{p}\""));
            ok = false;
        }
        let login = logins.parse(field(cl));
        if login.is_none() {
            let l = text(field(cl));
            bad.add(
                line,
                cl + 1,
                "login",
                format!("\"{l}\" is not an RFC 3339 instant"),
            );
            ok = false;
        }
        let logout = logouts.parse(field(cx));
        if logout.is_none() {
            let l = text(field(cx));
            bad.add(
                line,
                cx + 1,
                "logout",
                format!("\"{l}\" is not an RFC 3339 instant"),
            );
            ok = false;
        }
        if let (true, Some(u), Some(o), Some(p), Some(a), Some(b)) =
            (ok, user, org, product, login, logout)
        {
            if b <= a {
                bad.add(line, cx + 1, "logout", "logout must be after login");
            } else if bad.list.is_empty() {
                // Once a row is bad nothing will be applied: stop building.
                let _ = out.push_interned("sessions", u, o, p, a, b);
            }
        }
    }
}

/// The last id read in a column and what it stood for. Exports repeat a
/// user's (an org's, a product's) id row after row: comparing the bytes
/// costs less than checking UTF-8 and looking the id up again.
struct Last<T> {
    bytes: Vec<u8>,
    value: Option<T>,
}

impl<T> Default for Last<T> {
    fn default() -> Self {
        Last {
            bytes: Vec::new(),
            value: None,
        }
    }
}

impl<T: Copy> Last<T> {
    /// What `b` stands for: the last answer if `b` repeats the last id,
    /// else `look_up(b)` (remembered unless it is none).
    fn get(&mut self, b: &[u8], look_up: impl FnOnce(&[u8]) -> Option<T>) -> Option<T> {
        if let Some(v) = self.value {
            if same_bytes(&self.bytes, b) {
                return Some(v);
            }
        }
        let v = look_up(b)?;
        self.bytes.clear();
        self.bytes.extend_from_slice(b);
        self.value = Some(v);
        Some(v)
    }
}

/// Byte equality eight bytes at a time: slice `==` calls `memcmp`, which in
/// wasm is a byte loop behind a call.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let word = |c: &[u8]| u64::from_le_bytes(c.try_into().unwrap_or_default());
    let (x, y) = (a.chunks_exact(8), b.chunks_exact(8));
    a.len() == b.len()
        && x.remainder().iter().eq(y.remainder())
        && x.zip(y).all(|(p, q)| word(p) == word(q))
}

fn decimal(b: &[u8]) -> Option<Decimal> {
    text(b).parse::<Decimal>().ok()
}

/// Reads a calls file `org,type,start,seconds,international`.
pub fn calls(input: impl std::io::Read) -> Result<Vec<Call>> {
    let mut rdr = Records::new(input);
    let [co, ct, cs, cd, ci] = columns(
        &mut rdr,
        ["org", "type", "start", "seconds", "international"],
        "calls",
    )?;
    let mut out = Vec::new();
    let mut bad = Problems::new("calls");
    rdr.each(|line, rec| {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => return bad.add(line, 0, "", e),
        };
        let f = |c: usize| rec.get(c).unwrap_or_default().trim_ascii();
        let kind = CallType::parse(text(f(ct)));
        if kind.is_none() {
            bad.add(
                line,
                ct + 1,
                "type",
                format!(
                    "\"{}\" is not inbound, outbound, extended_outbound or toll_free",
                    text(f(ct))
                ),
            );
        }
        let start = parse_instant(f(cs)).and_then(DateTime::from_timestamp_millis);
        if start.is_none() {
            bad.add(
                line,
                cs + 1,
                "start",
                format!("\"{}\" is not an RFC 3339 instant", text(f(cs))),
            );
        }
        let seconds = text(f(cd)).parse::<u32>().ok();
        if seconds.is_none() {
            bad.add(
                line,
                cd + 1,
                "seconds",
                format!("\"{}\" is not a whole number of seconds", text(f(cd))),
            );
        }
        let international = match text(f(ci)).to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" => Some(true),
            "false" | "0" | "no" | "" => Some(false),
            _ => None,
        };
        if international.is_none() {
            bad.add(
                line,
                ci + 1,
                "international",
                format!("\"{}\" is not true or false", text(f(ci))),
            );
        }
        if let (Some(kind), Some(start), Some(seconds), Some(international)) =
            (kind, start, seconds, international)
        {
            out.push(Call {
                org: text(f(co)).to_owned(),
                kind,
                start,
                seconds,
                international,
            });
        }
    });
    bad.finish(out)
}

/// Reads a resources file `org,resource,date,quantity`.
pub fn resources(input: impl std::io::Read) -> Result<Vec<ResourceUse>> {
    let mut rdr = Records::new(input);
    let [co, cr, cd, cq] = columns(
        &mut rdr,
        ["org", "resource", "date", "quantity"],
        "resources",
    )?;
    let mut out = Vec::new();
    let mut bad = Problems::new("resources");
    rdr.each(|line, rec| {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => return bad.add(line, 0, "", e),
        };
        let f = |c: usize| rec.get(c).unwrap_or_default().trim_ascii();
        let resource = ResourceKind::parse(text(f(cr)));
        if resource.is_none() {
            bad.add(
                line,
                cr + 1,
                "resource",
                format!("unknown resource \"{}\"", text(f(cr))),
            );
        }
        let date = text(f(cd)).parse::<NaiveDate>().ok();
        if date.is_none() {
            bad.add(
                line,
                cd + 1,
                "date",
                format!("\"{}\" is not a date YYYY-MM-DD", text(f(cd))),
            );
        }
        let quantity = decimal(f(cq)).filter(|q| !q.is_sign_negative());
        if quantity.is_none() {
            bad.add(
                line,
                cq + 1,
                "quantity",
                format!("\"{}\" is not a non-negative decimal", text(f(cq))),
            );
        }
        if let (Some(resource), Some(date), Some(quantity)) = (resource, date, quantity) {
            out.push(ResourceUse {
                date,
                org: text(f(co)).to_owned(),
                resource,
                quantity,
            });
        }
    });
    bad.finish(out)
}

/// Reads a user-hour report `user,org,product,date,duration` (R-H3 format).
pub fn hours(input: impl std::io::Read) -> Result<Vec<HoursRow>> {
    let mut rdr = Records::new(input);
    let [cu, co, cp, cd, cx] = columns(
        &mut rdr,
        ["user", "org", "product", "date", "duration"],
        "hours",
    )?;
    let mut out = Vec::new();
    let mut bad = Problems::new("hours");
    rdr.each(|line, rec| {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => return bad.add(line, 0, "", e),
        };
        let f = |c: usize| text(rec.get(c).unwrap_or_default()).trim().to_owned();
        let date = f(cd).parse::<NaiveDate>().ok();
        if date.is_none() {
            bad.add(
                line,
                cd + 1,
                "date",
                format!("\"{}\" is not a date YYYY-MM-DD", f(cd)),
            );
        }
        if parse_duration(&f(cx)).is_none() {
            bad.add(
                line,
                cx + 1,
                "duration",
                format!("\"{}\" is not a duration HH:MM:SS:mmm", f(cx)),
            );
        }
        if f(cu).is_empty() {
            bad.add(line, cu + 1, "user", "empty");
        }
        if let Some(date) = date {
            out.push(HoursRow {
                user: f(cu),
                org: f(co),
                product: f(cp),
                date,
                duration: f(cx),
            });
        }
    });
    bad.finish(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat() -> Catalog {
        Catalog {
            orgs: vec!["main".into()],
            products: vec!["cx2".into()],
            tiers: vec![2],
        }
    }

    #[test]
    fn civil_days_match_chrono() {
        for (y, m, d) in [
            (1970, 1, 1),
            (2000, 2, 29),
            (2026, 10, 21),
            (2100, 3, 1),
            (1969, 12, 31),
        ] {
            let want = crate::calendar::day_ms(
                NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32).unwrap(),
            ) / 86_400_000;
            assert_eq!(days_from_civil(y, m, d), want, "{y}-{m}-{d}");
        }
        assert_eq!(parse_instant(b"2027-02-29T00:00:00Z"), None);
        assert!(parse_instant(b"2028-02-29T00:00:00Z").is_some());
    }

    #[test]
    fn instants_fast_and_slow_paths_agree() {
        let a = parse_instant(b"2026-10-21T08:00:00Z").unwrap();
        assert_eq!(Some(a), parse_instant(b"2026-10-21T10:00:00+02:00"));
        assert_eq!(Some(a + 250), parse_instant(b"2026-10-21T08:00:00.250Z"));
        assert_eq!(parse_instant(b"2026-13-21T08:00:00Z"), None);
        assert_eq!(parse_instant(b"yesterday"), None);
    }

    #[test]
    fn instants_remember_dates_without_mixing_them_up() {
        // One parser over three years, back and forth: every slot of its
        // date cache is reused by many dates.
        let mut p = Instants::default();
        let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for i in (0..1096).chain((0..1096).rev()).chain((0..1096).step_by(7)) {
            let day = start + chrono::Days::new(i);
            let text = format!("{day}T{:02}:15:00Z", i % 24);
            let want = DateTime::parse_from_rfc3339(&text)
                .unwrap()
                .timestamp_millis();
            assert_eq!(p.parse(text.as_bytes()), Some(want), "{text}");
        }
    }

    #[test]
    fn r_v1_any_column_order_and_extra_columns() {
        let f = b"logout,extra,login,product,org,user\n2026-10-21T09:00:00Z,x,2026-10-21T08:00:00Z,cx2,main,ana\n";
        let t = sessions(&f[..], &cat()).unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].logout - t.rows[0].login, 3_600_000);
    }

    #[test]
    fn r_v1_every_bad_row_named_by_line_and_column_nothing_applied() {
        let f = b"user,org,product,login,logout\n\
ana,main,cx2,2026-10-21T08:00:00Z,2026-10-21T09:00:00Z\n\
bob,main,cx9,2026-10-21T08:00:00Z,2026-10-21T09:00:00Z\n\
cy,main,cx2,2026-10-21T08:00:00Z,2026-10-21T07:00:00Z\n\
dee,mars,cx2,nope,2026-10-21T09:00:00Z\n";
        let Error::Csv { problems, more, .. } = sessions(&f[..], &cat()).unwrap_err() else {
            panic!("not a CSV error")
        };
        let at: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.column, p.field.as_str()))
            .collect();
        assert_eq!(
            at,
            [
                (3, 3, "product"),
                (4, 5, "logout"),
                (5, 2, "org"),
                (5, 4, "login")
            ]
        );
        assert_eq!(more, 0);
    }

    #[test]
    fn r_v1_a_windows_export_names_its_own_lines() {
        // Excel writes a BOM and CRLF; quoting a field is allowed anywhere.
        let f = b"\xEF\xBB\xBFuser,org,product,login,logout\r\n\
ana,main,cx2,2026-10-21T08:00:00Z,2026-10-21T09:00:00Z\r\n\
\"bob, jr\",main,cx2,2026-10-21T08:00:00Z,2026-10-21T09:00:00Z\r\n\
cy,main,cx2,2026-10-21T08:00:00Z,bad\r\n";
        let Error::Csv { problems, .. } = sessions(&f[..], &cat()).unwrap_err() else {
            panic!("not a CSV error")
        };
        assert_eq!((problems[0].line, problems[0].column), (4, 5));
        let ok = &f[..f.windows(3).position(|w| w == b"cy,").unwrap()];
        let t = sessions(ok, &cat()).unwrap();
        assert_eq!(t.users, ["ana", "bob, jr"]);
    }

    #[test]
    fn imported_sessions_follow_each_catalog_in_place() {
        let f = b"user,org,product,login,logout\n\
ana,eu,cx2,2026-10-21T08:00:00Z,2026-10-21T09:00:00Z\n\
bob,main,cx1,2026-10-21T08:00:00Z,2026-10-21T09:00:00Z\n";
        let (t, ids) = sessions_open(&f[..]).unwrap();
        let mut imported = Imported::new(t, ids);
        let cat = |orgs: &[&str], products: &[&str]| Catalog {
            orgs: orgs.iter().map(|s| s.to_string()).collect(),
            products: products.iter().map(|s| s.to_string()).collect(),
            tiers: vec![1; products.len()],
        };
        let placed = |t: &Sessions| {
            t.rows
                .iter()
                .map(|r| (r.org, r.product))
                .collect::<Vec<_>>()
        };
        let a = cat(&["main", "eu"], &["cx1", "cx2", "cx3"]);
        assert_eq!(placed(imported.onto(&a).unwrap()), [(1, 1), (0, 0)]);
        let b = cat(&["x", "eu", "main"], &["cx2", "cx1"]);
        assert_eq!(placed(imported.onto(&b).unwrap()), [(1, 0), (2, 1)]);
        let e = imported.onto(&cat(&["main"], &["cx1", "cx2"])).unwrap_err();
        assert!(e.to_string().contains("org \"eu\""), "{e}");
        assert_eq!(placed(imported.onto(&a).unwrap()), [(1, 1), (0, 0)]);
    }

    #[test]
    fn same_bytes_sees_every_difference() {
        let a: Vec<u8> = (0..20).collect();
        for n in 0..20 {
            assert!(same_bytes(&a[..n], &a[..n]));
            assert!(!same_bytes(&a[..n], &a[..n + 1]));
            for i in 0..n {
                let mut b = a[..n].to_vec();
                b[i] ^= 0x40;
                assert!(!same_bytes(&a[..n], &b), "{n} {i}");
            }
        }
    }

    #[test]
    fn r_v1_quoting_every_field_changes_nothing() {
        // Ids of every length from 1 to 40 bytes put commas and newlines at
        // every offset of the splitter's steps; quoting sends each row
        // through csv-core instead.
        let mut plain = String::from("user,org,product,login,logout\n");
        let mut quoted = String::from("\"user\",\"org\",\"product\",\"login\",\"logout\"\n");
        for i in 0..400 {
            let user = format!("{}{i}", "u".repeat(i % 40));
            let end = if i % 3 == 0 { "\r\n" } else { "\n" };
            let f = [
                user.as_str(),
                ["main", "eu"][i % 2],
                "cx2",
                "2026-10-21T08:00:00Z",
                "2026-10-21T09:30:00.250Z",
            ];
            plain.push_str(&format!("{}{end}", f.join(",")));
            quoted.push_str(&format!("\"{}\"{end}", f.join("\",\"")));
        }
        let (a, ids_a) = sessions_open(plain.as_bytes()).unwrap();
        let (b, ids_b) = sessions_open(quoted.as_bytes()).unwrap();
        assert_eq!(a.rows.len(), 400);
        assert_eq!((a.rows, a.users), (b.rows, b.users));
        assert_eq!((ids_a.orgs, ids_a.products), (ids_b.orgs, ids_b.products));
    }

    #[test]
    fn r_v1_missing_header_is_reported() {
        let e = sessions(&b"user,org,login,logout\n"[..], &cat()).unwrap_err();
        assert!(e.to_string().contains("missing column(s) product"), "{e}");
    }

    #[test]
    fn r_v1_problem_list_is_capped_with_a_count() {
        let mut f = String::from("org,resource,date,quantity\n");
        for _ in 0..150 {
            f.push_str("main,ivr_minutes,2026-10-22,-1\n");
        }
        let Error::Csv { problems, more, .. } = resources(f.as_bytes()).unwrap_err() else {
            panic!()
        };
        assert_eq!((problems.len(), more), (MAX_PROBLEMS, 50));
    }
}
