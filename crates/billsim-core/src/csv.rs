//! CSV usage files (`docs/format.md`): header-based, any
//! column order, extra columns ignored. Every bad row is reported with its
//! line and column, up to [`MAX_PROBLEMS`] plus a count of the rest, and
//! nothing of a file with a bad row is applied.

use chrono::{DateTime, NaiveDate};
use rust_decimal::Decimal;

use crate::error::{CsvProblem, Error, Result};
use crate::scenario::{Call, CallType, HoursRow, ResourceKind, ResourceUse, Scenario};
use crate::usage::parse_duration;

mod against;
mod instants;
mod records;
mod sessions;

pub use against::Against;
pub use instants::Instants;
use records::Records;
pub use records::Row;
pub use sessions::{sessions, sessions_open, sessions_open_sized, IdError, Ids, Imported, OpenIds};

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
        self.add_with(line, column, field, || message.into());
    }

    /// As [`Problems::add`], writing the message only if it will be listed:
    /// a hostile file may have millions of bad rows.
    fn add_with(
        &mut self,
        line: u64,
        column: usize,
        field: &str,
        message: impl FnOnce() -> String,
    ) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(CsvProblem {
                line,
                column,
                field: field.to_owned(),
                message: message(),
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
            .position(|h| h.trim_ascii().eq_ignore_ascii_case(n.as_bytes()))
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

fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or("")
}

/// A cell as a message quotes it: text with control characters and quotes
/// escaped, and bytes that are not UTF-8 as `\xFF` (never silently `""`).
fn shown(b: &[u8]) -> String {
    let mut out = String::new();
    for chunk in b.utf8_chunks() {
        out.extend(chunk.valid().escape_debug());
        for x in chunk.invalid() {
            out.push_str(&format!("\\x{x:02X}"));
        }
    }
    out
}

/// The problem with a cell that is not UTF-8 text.
fn not_utf8(b: &[u8]) -> String {
    format!("not UTF-8 text: {}", shown(b))
}

/// An id cell's text, or a problem at its line and column if it is not UTF-8.
fn utf8<'a>(bad: &mut Problems, line: u64, c: usize, field: &str, b: &'a [u8]) -> Option<&'a str> {
    let t = std::str::from_utf8(b).ok();
    if t.is_none() {
        bad.add_with(line, c + 1, field, || not_utf8(b));
    }
    t
}

fn decimal(b: &[u8]) -> Option<Decimal> {
    text(b).parse::<Decimal>().ok()
}

/// Reads a calls file `org,type,start,seconds,international`.
pub fn calls(input: impl std::io::Read) -> Result<Vec<Call>> {
    read_calls(input, None)
}

/// Reads a calls file, each row checked against the scenario it will be
/// billed under (its org, a rate for its type).
pub fn calls_for(input: impl std::io::Read, s: &Scenario) -> Result<Vec<Call>> {
    read_calls(input, Some(&mut Against::new(s)))
}

/// Reads a resources file, each row checked against the scenario (its org,
/// a rate for the resource, SMS only with CX2 or CX3).
pub fn resources_for(input: impl std::io::Read, s: &Scenario) -> Result<Vec<ResourceUse>> {
    read_resources(input, Some(&mut Against::new(s)))
}

/// Reads a user-hour report, each row checked against the scenario (its
/// org and product, at most 24 hours per user and day).
pub fn hours_for(input: impl std::io::Read, s: &Scenario) -> Result<Vec<HoursRow>> {
    read_hours(input, Some(&mut Against::new(s)))
}

/// Adds the problems `found` for a row at `line`, each at its field's column.
fn checked(
    bad: &mut Problems,
    line: u64,
    columns: &[(&str, usize)],
    found: Vec<against::FieldProblem>,
) {
    for (field, message) in found {
        let c = columns
            .iter()
            .find(|(name, _)| *name == field)
            .map_or(0, |&(_, c)| c + 1);
        bad.add(line, c, field, message);
    }
}

fn read_calls(input: impl std::io::Read, mut against: Option<&mut Against>) -> Result<Vec<Call>> {
    let mut rdr = Records::new(input);
    let [co, ct, cs, cd, ci] = columns(
        &mut rdr,
        ["org", "type", "start", "seconds", "international"],
        "calls",
    )?;
    let mut out = Vec::new();
    let mut bad = Problems::new("calls");
    let mut starts = Instants::default();
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
                    shown(f(ct))
                ),
            );
        }
        let start = starts
            .parse(f(cs))
            .and_then(DateTime::from_timestamp_millis);
        if start.is_none() {
            bad.add(
                line,
                cs + 1,
                "start",
                format!("\"{}\" is not an RFC 3339 instant", shown(f(cs))),
            );
        }
        let seconds = text(f(cd)).parse::<u32>().ok();
        if seconds.is_none() {
            bad.add(
                line,
                cd + 1,
                "seconds",
                format!("\"{}\" is not a whole number of seconds", shown(f(cd))),
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
                format!("\"{}\" is not true or false", shown(f(ci))),
            );
        }
        let org = utf8(&mut bad, line, co, "org", f(co));
        if let (Some(org), Some(kind), Some(start), Some(seconds), Some(international)) =
            (org, kind, start, seconds, international)
        {
            let call = Call {
                org: org.to_owned(),
                kind,
                start,
                seconds,
                international,
            };
            if let Some(a) = against.as_deref_mut() {
                let cols = [("org", co), ("type", ct), ("international", ci)];
                checked(&mut bad, line, &cols, a.call(&call));
            }
            out.push(call);
        }
    });
    bad.finish(out)
}

/// Reads a resources file `org,resource,date,quantity`.
pub fn resources(input: impl std::io::Read) -> Result<Vec<ResourceUse>> {
    read_resources(input, None)
}

fn read_resources(
    input: impl std::io::Read,
    mut against: Option<&mut Against>,
) -> Result<Vec<ResourceUse>> {
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
                format!("unknown resource \"{}\"", shown(f(cr))),
            );
        }
        let date = text(f(cd)).parse::<NaiveDate>().ok();
        if date.is_none() {
            bad.add(
                line,
                cd + 1,
                "date",
                format!("\"{}\" is not a date YYYY-MM-DD", shown(f(cd))),
            );
        }
        let quantity = decimal(f(cq)).filter(|q| !q.is_sign_negative());
        if quantity.is_none() {
            bad.add(
                line,
                cq + 1,
                "quantity",
                format!("\"{}\" is not a non-negative decimal", shown(f(cq))),
            );
        }
        let org = utf8(&mut bad, line, co, "org", f(co));
        if let (Some(org), Some(resource), Some(date), Some(quantity)) =
            (org, resource, date, quantity)
        {
            let r = ResourceUse {
                date,
                org: org.to_owned(),
                resource,
                quantity,
            };
            if let Some(a) = against.as_deref_mut() {
                checked(
                    &mut bad,
                    line,
                    &[("org", co), ("resource", cr)],
                    a.resource(&r),
                );
            }
            out.push(r);
        }
    });
    bad.finish(out)
}

/// Reads a user-hour report `user,org,product,date,duration` (R-H3 format).
pub fn hours(input: impl std::io::Read) -> Result<Vec<HoursRow>> {
    read_hours(input, None)
}

fn read_hours(
    input: impl std::io::Read,
    mut against: Option<&mut Against>,
) -> Result<Vec<HoursRow>> {
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
        let f = |c: usize| rec.get(c).unwrap_or_default().trim_ascii();
        let date = text(f(cd)).parse::<NaiveDate>().ok();
        if date.is_none() {
            bad.add_with(line, cd + 1, "date", || {
                format!("\"{}\" is not a date YYYY-MM-DD", shown(f(cd)))
            });
        }
        if parse_duration(text(f(cx))).is_none() {
            bad.add_with(line, cx + 1, "duration", || {
                format!("\"{}\" is not a duration HH:MM:SS:mmm", shown(f(cx)))
            });
        }
        if f(cu).is_empty() {
            bad.add(line, cu + 1, "user", "empty");
        }
        let user = utf8(&mut bad, line, cu, "user", f(cu));
        let org = utf8(&mut bad, line, co, "org", f(co));
        let product = utf8(&mut bad, line, cp, "product", f(cp));
        if let (Some(date), Some(user), Some(org), Some(product)) = (date, user, org, product) {
            let h = HoursRow {
                user: user.to_owned(),
                org: org.to_owned(),
                product: product.to_owned(),
                date,
                duration: text(f(cx)).to_owned(),
            };
            if let Some(a) = against.as_deref_mut() {
                let cols = [("org", co), ("product", cp), ("duration", cx)];
                checked(&mut bad, line, &cols, a.hours(&h));
            }
            out.push(h);
        }
    });
    bad.finish(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
