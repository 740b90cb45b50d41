//! CSV usage files (`docs/format.md`): header-based, any
//! column order, extra columns ignored. Every bad row is reported with its
//! line and column, up to [`MAX_PROBLEMS`] plus a count of the rest, and
//! nothing of a file with a bad row is applied.

use chrono::{DateTime, NaiveDate};
use rust_decimal::Decimal;

use crate::error::Result;
use crate::interactions::{BotResource, BotResources, Interactions};
use crate::scenario::{Call, CallType, HoursRow, ResourceKind, ResourceUse, Scenario};
use crate::usage::parse_duration;

mod against;
pub(crate) mod cells;
pub(crate) mod instants;
mod pieces;
pub(crate) mod records;
mod sessions;
pub mod split;

pub use against::Against;
pub use cells::MAX_PROBLEMS;
use cells::{columns, columns_with, reserved_rows, shown, text, utf8, Problems};
pub use instants::Instants;
pub use pieces::{sessions_in_pieces, sessions_parallel, Split};
use records::Records;
pub use records::Row;
pub use sessions::{sessions, sessions_open, sessions_open_sized, IdError, Ids, Imported, OpenIds};

/// A decimal cell, read exactly (no exponent, no digits dropped).
#[cfg(test)]
fn decimal(b: &[u8]) -> Option<Decimal> {
    crate::exact::parse(text(b)).ok()
}

/// A non-negative decimal cell, or what is wrong with it: an exponent or
/// more digits than a decimal holds are named as such, anything else is
/// `otherwise`.
fn non_negative(
    b: &[u8],
    otherwise: impl FnOnce() -> String,
) -> std::result::Result<Decimal, String> {
    let t = text(b);
    match crate::exact::parse(t) {
        Ok(q) if !q.is_sign_negative() => Ok(q),
        Err(bad) => Err(bad.message(t).unwrap_or_else(otherwise)),
        Ok(_) => Err(otherwise()),
    }
}

/// A date cell `YYYY-MM-DD` in the years billsim bills, or what is wrong with it.
fn date_cell(b: &[u8]) -> std::result::Result<NaiveDate, String> {
    match text(b).parse::<NaiveDate>() {
        Ok(d) if crate::exact::YEARS.contains(&chrono::Datelike::year(&d)) => Ok(d),
        Ok(_) => Err(format!(
            "\"{}\" is outside the years billsim bills: write a date in the years {} to {}",
            shown(b),
            crate::exact::YEARS.start(),
            crate::exact::YEARS.end()
        )),
        Err(_) => Err(crate::exact::no_such_date(text(b))
            .unwrap_or_else(|| format!("\"{}\" is not a date YYYY-MM-DD", shown(b)))),
    }
}

/// Up to 18 digits with at most one point ("3.5", "12"), without the
/// general parser (a million bot-minute cells); anything else: none.
fn plain_decimal(b: &[u8]) -> Option<Decimal> {
    if b.len() > 19 {
        return None;
    }
    let (mut m, mut point, mut digits) = (0i64, None, 0);
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'0'..=b'9' => {
                m = m * 10 + i64::from(c - b'0');
                digits += 1;
            }
            b'.' if point.is_none() => point = Some(b.len() - 1 - i),
            _ => return None,
        }
    }
    (digits > 0 && digits <= 18).then(|| Decimal::new(m, point.unwrap_or(0) as u32))
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
            Err((column, e)) => return bad.add(line, column, "", e),
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
            bad.add(line, cs + 1, "start", instants::problem(f(cs)));
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
            Err((column, e)) => return bad.add(line, column, "", e),
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
        let date = date_cell(f(cd))
            .map_err(|m| bad.add(line, cd + 1, "date", m))
            .ok();
        let quantity = non_negative(f(cq), || {
            format!("\"{}\" is not a non-negative decimal", shown(f(cq)))
        })
        .map_err(|m| bad.add(line, cq + 1, "quantity", m))
        .ok();
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

/// Reads an interactions file `id,org,start,resources,bot_minutes,bot_sessions`
/// (R-AI2): `resources` separated by `|`; `bot_minutes` and `bot_sessions`
/// may be left out or empty (0).
pub fn interactions(input: impl std::io::Read) -> Result<Interactions> {
    interactions_sized(input, 0)
}

/// As [`interactions`], reserving room for a file of `bytes` bytes up front
/// (a row takes at least 40 bytes; room never written costs no memory).
pub fn interactions_sized(input: impl std::io::Read, bytes: usize) -> Result<Interactions> {
    read_interactions(input, bytes, None)
}

/// As [`interactions_sized`], each row checked against the scenario it will
/// be billed under (its org), so a bad row is named by its line.
pub fn interactions_for(
    input: impl std::io::Read,
    bytes: usize,
    s: &Scenario,
) -> Result<Interactions> {
    read_interactions(input, bytes, Some(&Against::new(s)))
}

fn read_interactions(
    input: impl std::io::Read,
    bytes: usize,
    against: Option<&Against>,
) -> Result<Interactions> {
    let mut rdr = Records::new(input);
    let ([ci, co, cs, cr], [cm, cb]) = columns_with(
        &mut rdr,
        ["id", "org", "start", "resources"],
        ["bot_minutes", "bot_sessions"],
        "interactions",
    )?;
    let mut out = Interactions::with_capacity(reserved_rows(bytes, 40));
    let instant_range = DateTime::<chrono::Utc>::MIN_UTC.timestamp_millis()
        ..=DateTime::<chrono::Utc>::MAX_UTC.timestamp_millis();
    let mut bad = Problems::new("interactions");
    let mut starts = Instants::default();
    rdr.each(|line, rec| {
        let rec = match rec {
            Ok(r) => r,
            Err((column, e)) => return bad.add(line, column, "", e),
        };
        let f = |c: usize| rec.get(c).unwrap_or_default().trim_ascii();
        let id = text(f(ci));
        if id.is_empty() {
            bad.add(line, ci + 1, "id", "empty: every interaction needs an id");
        }
        // Kept to the millisecond, within what an instant can be.
        let start = starts.parse(f(cs)).filter(|ms| instant_range.contains(ms));
        if start.is_none() {
            bad.add(
                line,
                cs + 1,
                "start",
                instants::problem(f(cs)),
            );
        }
        let mut resources = BotResources::default();
        let mut unknown = None;
        // An empty cell is "no resource" below; an empty name between
        // pipes (`bot_flow||virtual_agent`) is a typo of its own.
        let mut empty_name = false;
        for name in f(cr).split(|&b| b == b'|').map(<[u8]>::trim_ascii) {
            match name {
                b"" => empty_name = !f(cr).is_empty(),
                b"bot_flow" => resources.insert(BotResource::BotFlow),
                b"virtual_agent" => resources.insert(BotResource::VirtualAgent),
                b"agentic_virtual_agent" => resources.insert(BotResource::AgenticVirtualAgent),
                other => unknown = unknown.or(Some(text(other))),
            }
        }
        if empty_name {
            bad.add(
                line,
                cr + 1,
                "resources",
                "an empty resource name between | (remove the extra |, or name one of bot_flow, virtual_agent, agentic_virtual_agent)",
            );
        } else if let Some(name) = unknown {
            bad.add(
                line,
                cr + 1,
                "resources",
                format!("unknown resource \"{name}\" (bot_flow, virtual_agent, agentic_virtual_agent, separated by |)"),
            );
        } else if resources.is_empty() {
            bad.add(
                line,
                cr + 1,
                "resources",
                "no resource: an interaction uses at least one of bot_flow, virtual_agent, agentic_virtual_agent (R-AI2)",
            );
        }
        let mut amount = |c: Option<usize>, name: &str| -> Option<Decimal> {
            let Some(c) = c else {
                return Some(Decimal::ZERO);
            };
            let cell = f(c);
            if cell.is_empty() {
                return Some(Decimal::ZERO);
            }
            plain_decimal(cell)
                .map(Ok)
                .unwrap_or_else(|| {
                    non_negative(cell, || {
                        format!("\"{}\" is not a non-negative decimal", text(cell))
                    })
                })
                .map_err(|m| bad.add(line, c + 1, name, m))
                .ok()
        };
        let bot_minutes = amount(cm, "bot_minutes");
        let bot_sessions = amount(cb, "bot_sessions");
        if let (Some(start), Some(bot_minutes), Some(bot_sessions), false, None, false) = (
            start,
            bot_minutes,
            bot_sessions,
            id.is_empty(),
            unknown,
            resources.is_empty() || empty_name,
        ) {
            let Some(org) = utf8(&mut bad, line, co, "org", f(co)) else {
                return;
            };
            if let Some(a) = against {
                checked(&mut bad, line, &[("org", co)], a.interaction(org));
            }
            if out
                .push_row(id, org, start, resources, bot_minutes, bot_sessions)
                .is_none()
            {
                bad.add(line, co + 1, "org", "more than 65,535 distinct org ids");
            }
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
            Err((column, e)) => return bad.add(line, column, "", e),
        };
        let f = |c: usize| rec.get(c).unwrap_or_default().trim_ascii();
        let date = date_cell(f(cd))
            .map_err(|m| bad.add(line, cd + 1, "date", m))
            .ok();
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
    use crate::error::Error;

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

    #[test]
    fn r_ai2_interactions_file_reports_every_bad_row() {
        let f = "org,start,resources,id,extra\n\
                 main,2026-10-22T10:00:00Z,bot_flow|virtual_agent,i-1,x\n\
                 main,2026-10-22T10:00:00Z,,i-2,x\n\
                 main,yesterday,robot,i-3,x\n";
        let Error::Csv { file, problems, .. } = interactions(f.as_bytes()).unwrap_err() else {
            panic!()
        };
        assert_eq!(file, "interactions");
        let at: Vec<(u64, usize, &str)> = problems
            .iter()
            .map(|p| (p.line, p.column, p.field.as_str()))
            .collect();
        assert_eq!(
            at,
            [(3, 3, "resources"), (4, 2, "start"), (4, 3, "resources")]
        );
        assert!(problems[2].message.contains("unknown resource \"robot\""));
    }

    #[test]
    fn plain_decimals_match_the_parser() {
        for t in [
            "0",
            "3.5",
            "12",
            "0.0010",
            "2.",
            "123456789012345678",
            "007.50",
        ] {
            assert_eq!(plain_decimal(t.as_bytes()), decimal(t.as_bytes()), "{t}");
        }
        for t in [".", "", "-1", "1e3", "1.2.3", "1234567890123456789"] {
            assert_eq!(plain_decimal(t.as_bytes()), None, "{t}");
        }
    }

    #[test]
    fn r_ai2_interactions_file_optional_bot_columns() {
        let f = "id,org,start,resources,bot_minutes\n\
                 i-1,main,2026-10-22T10:00:00Z,bot_flow,3.5\n\
                 i-2,main,2026-10-22T11:00:00Z, agentic_virtual_agent | bot_flow ,\n";
        let v = interactions(f.as_bytes()).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v.row(0).bot_minutes, Decimal::new(35, 1));
        assert_eq!(v.id(1), "i-2");
        assert!(v
            .row(1)
            .resources
            .contains(BotResource::AgenticVirtualAgent));
        assert!(v.row(1).bot_minutes.is_zero() && v.row(1).bot_sessions.is_zero());
        let bad =
            "id,org,start,resources,bot_sessions\ni-1,main,2026-10-22T10:00:00Z,bot_flow,-2\n";
        let Error::Csv { problems, .. } = interactions(bad.as_bytes()).unwrap_err() else {
            panic!()
        };
        assert_eq!((problems[0].line, problems[0].column), (2, 5));
    }
}
