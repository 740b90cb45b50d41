//! Sessions files `user,org,product,login,logout`: the hot path of a
//! million-row import, and the ids a file brings with it.

use chrono::DateTime;

use super::cells::{columns, not_utf8, reserved_rows, text, Problems};
use super::instants::Instants;
use super::records::{Records, Row};
use crate::error::{Error, Result};
use crate::usage::{Catalog, Sessions};
use rustc_hash::FxHashMap;

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

/// Why an id in a sessions file has no index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdError {
    /// The cell is empty.
    Empty,
    /// The cell's bytes are not UTF-8 text.
    NotUtf8,
    /// The scenario has no such org or product.
    Unknown,
    /// Past the 65,535 distinct ids an index can hold.
    TooMany,
}

/// How org and product ids become indices while reading.
pub trait Ids {
    /// The index of an org id, or why it has none.
    fn org_id(&mut self, id: &str) -> std::result::Result<u16, IdError>;
    /// The index of a product id, or why it has none.
    fn product_id(&mut self, id: &str) -> std::result::Result<u16, IdError>;
    /// The ids an unknown one could have been (orgs, or products), for the
    /// message; empty where any id is accepted.
    fn known(&self, orgs: bool) -> String;
}

pub(super) struct Strict<'a>(pub(super) &'a Catalog);

impl Ids for Strict<'_> {
    fn org_id(&mut self, id: &str) -> std::result::Result<u16, IdError> {
        self.0.org(id).ok_or(IdError::Unknown)
    }
    fn product_id(&mut self, id: &str) -> std::result::Result<u16, IdError> {
        self.0.product(id).ok_or(IdError::Unknown)
    }
    fn known(&self, orgs: bool) -> String {
        if orgs { &self.0.orgs } else { &self.0.products }.join(", ")
    }
}

/// The message for a cell of column `what` ("org") whose bytes `b` have no index.
fn id_message(e: IdError, what: &str, b: &[u8], known: impl FnOnce() -> String) -> String {
    let id = text(b);
    match e {
        IdError::Empty => format!("empty {what} id"),
        IdError::NotUtf8 => not_utf8(b),
        IdError::Unknown => format!("unknown {what} {id:?} (the scenario's {what}s: {})", known()),
        IdError::TooMany => format!(
            "too many distinct {what}s: a file may name at most {} (this is the first past it: {id:?})",
            u16::MAX
        ),
    }
}

/// Ids collected as they come (no scenario to check against).
#[derive(Debug, Default, Clone)]
pub struct OpenIds {
    /// Org ids by index.
    pub orgs: Vec<String>,
    /// Product ids by index.
    pub products: Vec<String>,
    /// Where each id sits in `orgs` and `products`: a file may bring
    /// thousands of distinct ids, and a linear search per row is quadratic.
    index: [FxHashMap<String, u16>; 2],
}

/// The index of `id` among `v` (`index` says where each sits), adding it if
/// new; an index must fit the table's 16 bits.
fn intern_small(
    v: &mut Vec<String>,
    index: &mut FxHashMap<String, u16>,
    id: &str,
) -> std::result::Result<u16, IdError> {
    if let Some(&i) = index.get(id) {
        return Ok(i);
    }
    if id.is_empty() {
        return Err(IdError::Empty);
    }
    let i = u16::try_from(v.len())
        .ok()
        .filter(|&i| i < u16::MAX)
        .ok_or(IdError::TooMany)?;
    v.push(id.to_owned());
    index.insert(id.to_owned(), i);
    Ok(i)
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
    /// Sessions read by [`sessions_open`] with the ids they were read with.
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

    /// The sessions as the last [`Imported::onto`] placed them.
    pub fn placed(&self) -> &Sessions {
        &self.sessions
    }

    /// How many sessions and distinct users were read.
    pub fn counts(&self) -> (usize, usize) {
        (self.sessions.rows.len(), self.sessions.users.len())
    }
}

impl Ids for OpenIds {
    fn org_id(&mut self, id: &str) -> std::result::Result<u16, IdError> {
        intern_small(&mut self.orgs, &mut self.index[0], id)
    }
    fn product_id(&mut self, id: &str) -> std::result::Result<u16, IdError> {
        intern_small(&mut self.products, &mut self.index[1], id)
    }
    fn known(&self, _orgs: bool) -> String {
        String::new()
    }
}

/// The columns of a sessions file's header, in this order.
const NAMES: [&str; 5] = ["user", "org", "product", "login", "logout"];

/// The columns of a sessions file's header (read from `rdr`).
pub(super) fn header<R: std::io::Read>(rdr: &mut Records<R>) -> Result<[usize; 5]> {
    columns(rdr, NAMES, "sessions")
}

pub(super) fn sessions_with(
    input: impl std::io::Read,
    ids: &mut impl Ids,
    bytes: usize,
) -> Result<Sessions> {
    let mut rdr = Records::new(input);
    let mut r = SessionsReader::new(header(&mut rdr)?, ids, bytes);
    rdr.each(|line, rec| r.row(line, rec));
    r.bad.finish(r.out)
}

/// A sessions file being read: its columns, what repeats from row to row,
/// and the table built so far.
pub(super) struct SessionsReader<'a, I> {
    cols: [usize; 5],
    ids: &'a mut I,
    pub(super) out: Sessions,
    users: Last<u32>,
    orgs: Last<u16>,
    products: Last<u16>,
    logins: Instants,
    logouts: Instants,
    pub(super) bad: Problems,
}

impl<'a, I: Ids> SessionsReader<'a, I> {
    /// A reader of the rows after a header with columns `cols`, with room
    /// for the rows of `bytes` bytes of CSV.
    pub(super) fn new(cols: [usize; 5], ids: &'a mut I, bytes: usize) -> Self {
        let mut out = Sessions::default();
        // A session row takes at least 60 bytes of CSV.
        out.rows.reserve(reserved_rows(bytes, 60));
        SessionsReader {
            cols,
            ids,
            out,
            users: Last::default(),
            orgs: Last::default(),
            products: Last::default(),
            logins: Instants::default(),
            logouts: Instants::default(),
            bad: Problems::new("sessions"),
        }
    }

    /// Reads one row. Not inlined into the loop over rows: V8 swaps in its
    /// optimized code for a wasm function only at a call, and that loop is
    /// called once per file.
    #[inline(never)]
    pub(super) fn row(&mut self, line: u64, rec: std::result::Result<&Row<'_>, (usize, String)>) {
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
            Err((column, e)) => return bad.add(line, column, "", e),
        };
        // A line with fewer fields than the header names: said once, with
        // the columns it lacks, not as empty cells.
        if rec.get(cu.max(co).max(cp).max(cl).max(cx)).is_none() {
            return short_row(
                bad,
                line,
                rec,
                [
                    (cu, "user"),
                    (co, "org"),
                    (cp, "product"),
                    (cl, "login"),
                    (cx, "logout"),
                ],
            );
        }
        let field = |c: usize| rec.get(c).map_or(&[][..], <[u8]>::trim_ascii);
        let user = users.get(field(cu), |u| match std::str::from_utf8(u) {
            Ok("") => Err(IdError::Empty),
            Ok(u) => Ok(out.intern(u)),
            Err(_) => Err(IdError::NotUtf8),
        });
        let org = orgs.get(field(co), |o| {
            ids.org_id(std::str::from_utf8(o).map_err(|_| IdError::NotUtf8)?)
        });
        let product = products.get(field(cp), |p| {
            ids.product_id(std::str::from_utf8(p).map_err(|_| IdError::NotUtf8)?)
        });
        if user.is_err() || org.is_err() || product.is_err() {
            let cells = [
                (user.err(), cu, "user"),
                (org.err(), co, "org"),
                (product.err(), cp, "product"),
            ];
            bad_ids(bad, *ids, line, cells, field);
        }
        let (user, org, product) = (user.ok(), org.ok(), product.ok());
        let login = instant(logins, bad, (line, cl, "login"), field(cl));
        let logout = instant(logouts, bad, (line, cx, "logout"), field(cx));
        if let (Some(u), Some(o), Some(p), Some(a), Some(b)) = (user, org, product, login, logout) {
            if b <= a {
                bad.add(line, cx + 1, "logout", "logout must be after login");
            } else if bad.list.is_empty() {
                // Once a row is bad nothing will be applied: stop building.
                let _ = out.push_interned("sessions", u, o, p, a, b);
            }
        }
    }
}

/// The problem of a line with fewer fields than the header: how many it
/// has and which columns are missing.
#[cold]
fn short_row(bad: &mut Problems, line: u64, rec: &Row<'_>, cols: [(usize, &str); 5]) {
    let fields = (0..).take_while(|&c| rec.get(c).is_some()).count();
    let missing: Vec<&str> = cols
        .iter()
        .filter(|(c, _)| *c >= fields)
        .map(|(_, name)| *name)
        .collect();
    bad.add(
        line,
        fields + 1,
        "",
        format!(
            "this line has {fields} field(s), so {} {} missing: each line needs a value under every column of the header (is a comma missing?)",
            missing.join(", "),
            if missing.len() > 1 { "are" } else { "is" }
        ),
    );
}

/// Adds the problems of a row's id cells (kept out of the row's code: a
/// good row never gets here).
#[cold]
fn bad_ids<'r>(
    bad: &mut Problems,
    ids: &impl Ids,
    line: u64,
    cells: [(Option<IdError>, usize, &str); 3],
    field: impl Fn(usize) -> &'r [u8],
) {
    for (e, c, name) in cells {
        if let Some(e) = e {
            let known = || ids.known(name == "org");
            bad.add_with(line, c + 1, name, || id_message(e, name, field(c), known));
        }
    }
}

/// An instant cell `b` at (line, column index, name), or a problem naming it.
/// Always inlined: as a closure it stayed a call per cell.
#[inline(always)]
fn instant(
    instants: &mut Instants,
    bad: &mut Problems,
    (line, c, name): (u64, usize, &str),
    b: &[u8],
) -> Option<i64> {
    let t = instants.parse(b);
    if t.is_none() {
        bad.add_with(line, c + 1, name, || super::instants::problem(b));
    }
    t
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
    /// else `look_up(b)` (remembered unless it is an error).
    fn get(
        &mut self,
        b: &[u8],
        look_up: impl FnOnce(&[u8]) -> std::result::Result<T, IdError>,
    ) -> std::result::Result<T, IdError> {
        if let Some(v) = self.value {
            if same_bytes(&self.bytes, b) {
                return Ok(v);
            }
        }
        let v = look_up(b)?;
        self.bytes.clear();
        self.bytes.extend_from_slice(b);
        self.value = Some(v);
        Ok(v)
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// One org, one product (the pieces' tests share it).
    pub(in crate::csv) fn cat() -> Catalog {
        Catalog {
            orgs: vec!["main".into()],
            products: vec!["cx2".into()],
            tiers: vec![2],
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
}
