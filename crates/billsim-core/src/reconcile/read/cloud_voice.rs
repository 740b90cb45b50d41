//! The Cloud Voice usage report (the vendor's call detail records, R-R1):
//! one call per row. A month of calls can be a million rows, so rows are
//! split by the crate's fast record reader and cells read without
//! allocating; only the call id and the source are owned per call.

use chrono::DateTime;

use super::cells::clip;
use super::money_text::{amount, is_currency, number, other_currency, plain, Figure};
use crate::csv::cells::{shown, text, utf8, Problems};
use crate::csv::instants::{problem as instant_problem, Instants};
use crate::csv::records::Records;
use crate::error::{CsvProblem, Error, Result};
use crate::reconcile::vendor::{VendorBill, VendorCall};
use crate::scenario::CallType;

/// The columns read, by normalised header name.
const REQUIRED: [&str; 7] = [
    "sip_call_id",
    "call_type",
    "direction",
    "start_time",
    "duration_(seconds)",
    "usage_rate_per_minute",
    "total_cost",
];

/// Reads the rows after the header into `out.calls`; `bytes` is the file's
/// size, to reserve room for its calls once.
pub(super) fn read<R: std::io::Read>(
    name: &str,
    rdr: Records<R>,
    header: &[Vec<u8>],
    names: &[String],
    currency: &str,
    bytes: usize,
    out: &mut VendorBill,
) -> Result<()> {
    let find = |n: &str| names.iter().position(|h| h == n);
    let mut at = [0usize; 7];
    let mut missing = Vec::new();
    for (slot, n) in at.iter_mut().zip(REQUIRED) {
        match find(n) {
            Some(i) => *slot = i,
            None => missing.push(n),
        }
    }
    if !missing.is_empty() {
        return Err(Error::Csv {
            file: name.to_owned(),
            problems: vec![CsvProblem {
                line: 1,
                column: 0,
                field: String::new(),
                message: format!(
                    "a Cloud Voice usage report without the column(s) {}: download the report again (Subscription > Billing & Usage > Download Usage Report > Cloud Voice)",
                    missing.join(", ")
                ),
            }],
            more: 0,
        });
    }
    let [c_id, c_type, c_dir, c_start, c_secs, c_rate, c_cost] = at;
    let c_group = find("usage_group");
    let c_adjusted = find("adjusted_duration_(seconds)");
    let c_currency = find("currency");
    let field = |col: usize| header.get(col).map_or("", |h| text(h.trim_ascii()));
    // Room for every call up front: growing a million calls by doubling
    // copies them over and over. An exported row is 150 bytes or more (a
    // shorter one only makes the table grow); room never written costs no
    // memory.
    out.calls.reserve(bytes.min(1 << 30) / 100);
    let mut bad = Problems::named(name.to_owned());
    let file: std::sync::Arc<str> = name.into();
    let mut starts = Instants::default();
    rdr.each(|line, rec| {
        let rec = match rec {
            Ok(r) => r,
            Err((column, e)) => return bad.add(line, column, "", e),
        };
        let f = |c: usize| rec.get(c).unwrap_or_default().trim_ascii();
        let before = bad.count();
        let group = c_group.map_or(&b""[..], f);
        let kind = match call_kind(f(c_type), group, f(c_dir)) {
            Ok(k) => Some(k),
            Err(Wrong::CallType) => {
                bad.add_with(line, c_type + 1, field(c_type), || {
                    format!(
                        "\"{}\" is not a call type billsim knows: Toll Free, Extended Outbound, International, or a call rated by its Direction (Local, Domestic, National, Long Distance, Mobile, Inbound, Outbound)",
                        shown(clip(f(c_type)))
                    )
                });
                None
            }
            Err(Wrong::Direction) => {
                bad.add_with(line, c_dir + 1, field(c_dir), || {
                    format!("\"{}\" is not Inbound or Outbound", shown(clip(f(c_dir))))
                });
                None
            }
        };
        let start = utc_instant(&mut starts, f(c_start)).and_then(DateTime::from_timestamp_millis);
        if start.is_none() {
            bad.add_with(line, c_start + 1, field(c_start), || {
                format!(
                    "{}; write it as 2026-03-02T10:00:00Z or 2026-03-02 10:00:00 (UTC)",
                    instant_problem(clip(f(c_start)))
                )
            });
        }
        let seconds = whole_seconds(f(c_secs));
        if seconds.is_none() {
            bad.add_with(line, c_secs + 1, field(c_secs), || {
                format!("\"{}\" is not a whole number of seconds", shown(clip(f(c_secs))))
            });
        }
        let adjusted = match c_adjusted.map(f) {
            None | Some(b"") => Some(None),
            Some(b) => quantity(b)
                .map(|q| Some(q.value))
                .map_err(|m| bad.add(line, c_adjusted.unwrap_or_default() + 1, field(c_adjusted.unwrap_or_default()), m))
                .ok(),
        };
        let mut money = |c: usize| -> Option<Figure> {
            let cell = f(c);
            plain(cell)
                .map(Ok)
                .unwrap_or_else(|| match std::str::from_utf8(cell) {
                    Ok("") => Err("empty: give the amount".to_owned()),
                    Ok(t) => amount(t, currency),
                    Err(_) => Err(format!("not UTF-8 text: {}", shown(clip(cell)))),
                })
                .map_err(|m| bad.add(line, c + 1, field(c), m))
                .ok()
        };
        let rate = money(c_rate);
        let cost = money(c_cost);
        if let Some(c) = c_currency {
            let cell = f(c);
            let ours = cell.is_empty() || cell.eq_ignore_ascii_case(currency.as_bytes());
            if !ours && !std::str::from_utf8(cell).is_ok_and(|t| is_currency(t, currency)) {
                bad.add_with(line, c + 1, field(c), || other_currency(&shown(clip(cell)), currency));
            }
        }
        let id = utf8(&mut bad, line, c_id, field(c_id), f(c_id));
        if id == Some("") {
            bad.add(line, c_id + 1, field(c_id), "empty: every call has a SIP Call Id");
        }
        if bad.count() != before {
            return;
        }
        if let (Some(id), Some(kind), Some(start), Some(seconds), Some(adjusted), Some(rate), Some(cost)) =
            (id, kind, start, seconds, adjusted, rate, cost)
        {
            let Some(call_id) = id_range(&mut out.call_ids, id) else {
                return bad.add(line, c_id + 1, field(c_id), "the report's call ids add up past 4 GiB: split the file");
            };
            out.calls.push(VendorCall {
                file: file.clone(),
                line,
                call_id,
                kind,
                start,
                seconds,
                adjusted_seconds: adjusted,
                rate_per_minute: rate.value,
                total_cost: cost.value,
            });
        }
    });
    bad.finish(())
}

/// Appends `id` to `ids`, giving its byte range there (none past u32).
fn id_range(ids: &mut String, id: &str) -> Option<std::ops::Range<u32>> {
    let start = u32::try_from(ids.len()).ok()?;
    let end = u32::try_from(ids.len() + id.len()).ok()?;
    ids.push_str(id);
    Some(start..end)
}

/// Which cell made a call's type unknown.
#[derive(Debug, PartialEq, Eq)]
enum Wrong {
    CallType,
    Direction,
}

/// The call type of a row (R-T1's four rates), from Call Type, Usage Group
/// and Direction. The report's Call Type is "specific detail of the type
/// of call ... used to determine the rate", worded per carrier, so it is
/// compared lower-cased with spaces, hyphens and underscores dropped:
/// - "Toll Free" / "Toll-Free" / "TollFree" (any call type holding it, or
///   a Usage Group holding it): toll-free;
/// - "Extended Outbound", "Extended", "International" (or a Usage Group
///   holding "extended"): extended outbound, unless Direction is Inbound
///   (an international caller reaching a local number is an inbound call);
/// - "Inbound" / "Outbound": that direction;
/// - the plain types (Local, Domestic, National, Long Distance, Mobile,
///   Landline, Standard, PSTN, or empty): by Direction, Inbound or Outbound.
///
/// Anything else is an error at the Call Type cell, so a new wording is
/// noticed rather than billed at the wrong rate.
fn call_kind(
    call_type: &[u8],
    group: &[u8],
    direction: &[u8],
) -> std::result::Result<CallType, Wrong> {
    let (mut b1, mut b2, mut b3) = ([0u8; 40], [0u8; 40], [0u8; 40]);
    let ct = squash(call_type, &mut b1).ok_or(Wrong::CallType)?;
    // A long Usage Group is no clue, not an error.
    let group = squash(group, &mut b2).unwrap_or_default();
    let dir = squash(direction, &mut b3);
    let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    let inbound = dir == Some(b"inbound");
    let by_direction = || match dir {
        Some(b"inbound") => Ok(CallType::Inbound),
        Some(b"outbound") => Ok(CallType::Outbound),
        _ => Err(Wrong::Direction),
    };
    if has(ct, b"tollfree") || has(group, b"tollfree") {
        return Ok(CallType::TollFree);
    }
    if has(ct, b"extended") || has(ct, b"international") || has(group, b"extended") {
        return Ok(if inbound {
            CallType::Inbound
        } else {
            CallType::ExtendedOutbound
        });
    }
    match ct {
        b"inbound" => Ok(CallType::Inbound),
        b"outbound" => Ok(CallType::Outbound),
        b""
        | b"local"
        | b"domestic"
        | b"national"
        | b"longdistance"
        | b"domesticlongdistance"
        | b"mobile"
        | b"landline"
        | b"standard"
        | b"pstn" => by_direction(),
        _ => Err(Wrong::CallType),
    }
}

/// `b` lower-cased without spaces, hyphens and underscores, in `buf`; none
/// if it does not fit.
fn squash<'b>(b: &[u8], buf: &'b mut [u8; 40]) -> Option<&'b [u8]> {
    let mut n = 0;
    for &c in b {
        if matches!(c, b' ' | b'-' | b'_') {
            continue;
        }
        *buf.get_mut(n)? = c.to_ascii_lowercase();
        n += 1;
    }
    buf.get(..n)
}

/// Milliseconds of a Start time: an RFC 3339 instant, or "YYYY-MM-DD
/// HH:MM:SS" (optionally with a fraction) without a zone, which the report
/// writes in UTC.
fn utc_instant(starts: &mut Instants, b: &[u8]) -> Option<i64> {
    let zoneless = b.len() >= 19
        && b.len() < 30
        && matches!(b[10], b' ' | b'T' | b't')
        && b[19..].iter().all(|&c| c.is_ascii_digit() || c == b'.');
    if !zoneless {
        return starts.parse(b);
    }
    let mut buf = [0u8; 31];
    buf[..b.len()].copy_from_slice(b);
    buf[10] = b'T';
    buf[b.len()] = b'Z';
    starts.parse(&buf[..=b.len()])
}

/// A whole number of seconds ("60", or "60.0" as some exports write it).
fn whole_seconds(b: &[u8]) -> Option<u32> {
    if !b.is_empty() && b.len() <= 9 && b.iter().all(u8::is_ascii_digit) {
        return text(b).parse().ok();
    }
    let f = plain(b)?;
    if !f.value.fract().is_zero() || f.value.is_sign_negative() {
        return None;
    }
    rust_decimal::prelude::ToPrimitive::to_u32(&f.value)
}

/// A non-negative quantity cell (Adjusted Duration).
fn quantity(b: &[u8]) -> std::result::Result<Figure, String> {
    let q = match plain(b) {
        Some(q) => q,
        None => number(
            std::str::from_utf8(b).map_err(|_| format!("not UTF-8 text: {}", shown(clip(b))))?,
        )?,
    };
    if q.value.is_sign_negative() {
        return Err(format!(
            "\"{}\" is negative: a duration is 0 or more",
            shown(clip(b))
        ));
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::super::read;
    use super::*;
    use crate::reconcile::vendor::FileKind;
    use rust_decimal::Decimal;

    const HEADER: &str = "SIP Call Id,Origin,Destination,Usage Group,Usage Group Display,Call Type,Direction,Start time,End Time,Duration (Seconds),Adjusted Duration (seconds),Adjusted Duration (minutes),Usage Rate Per Minute,Total cost,Currency\n";

    fn calls(rows: &str) -> Result<VendorBill> {
        let mut b = VendorBill::default();
        read(
            "voice.csv",
            format!("{HEADER}{rows}").as_bytes(),
            "USD",
            &mut b,
        )?;
        Ok(b)
    }

    #[test]
    fn r_r1_call_ids_of_two_reports_in_one_bill_stay_their_own() {
        let row = |id: &str| {
            format!("{id},+1,+2,DOM,Domestic,Local,Outbound,2026-03-02 10:00:00,,30,30,0.5,0.0100,0.005,USD\n")
        };
        let mut b = calls(&(row("first@sip") + &row("second@sip"))).unwrap();
        let mut other = VendorBill::default();
        read(
            "more.csv",
            format!("{HEADER}{}", row("third@sip")).as_bytes(),
            "USD",
            &mut other,
        )
        .unwrap();
        b.append(&mut other);
        let ids: Vec<&str> = b.calls.iter().map(|c| b.call_id(c)).collect();
        assert_eq!(ids, ["first@sip", "second@sip", "third@sip"]);
        assert_eq!(b.calls[2].source(), "more.csv:2");
        // Appended into an empty bill, a read is moved whole.
        let mut empty = VendorBill::default();
        let moved = b.clone();
        empty.append(&mut b);
        assert_eq!(empty, moved);
        assert_eq!(b, VendorBill::default());
    }

    #[test]
    fn r_r1_cloud_voice_calls_are_read() {
        let b = calls(
            "abc@sip,+13175550100,+18005550100,TF,Toll Free,Toll-Free,Inbound,2026-03-02 10:00:00,2026-03-02 10:01:01,61,66,1.1,0.0200,0.022,USD\n\
             def@sip,+13175550100,+13175550101,DOM,Domestic,Local,Outbound,2026-03-02T11:00:00.250Z,,30,30,0.5,0.0100,0.005,\n\
             ghi@sip,+13175550100,+442071234567,EXT,Extended Outbound,International,Outbound,2026-03-02T12:00:00+01:00,,6,6,0.1,0.30,0.03,USD\n\
             jkl@sip,+442071234567,+13175550100,INTL,International Inbound,International,Inbound,2026-03-02 13:00:00,,6,,,0.01,\"$0.001\",usd\n",
        )
        .unwrap();
        assert_eq!(b.files[0].1, FileKind::CloudVoiceUsage);
        let kinds: Vec<CallType> = b.calls.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                CallType::TollFree,
                CallType::Outbound,
                CallType::ExtendedOutbound,
                CallType::Inbound
            ]
        );
        let a = &b.calls[0];
        assert_eq!(
            (a.source().as_str(), b.call_id(a)),
            ("voice.csv:2", "abc@sip")
        );
        assert_eq!(a.start.to_rfc3339(), "2026-03-02T10:00:00+00:00");
        assert_eq!(
            (a.seconds, a.adjusted_seconds),
            (61, Some(Decimal::from(66)))
        );
        assert_eq!(
            (a.rate_per_minute.to_string(), a.total_cost.to_string()),
            ("0.0200".into(), "0.022".into())
        );
        assert_eq!(b.calls[1].start.timestamp_millis() % 1000, 250);
        assert_eq!(b.calls[2].start.to_rfc3339(), "2026-03-02T11:00:00+00:00");
        assert_eq!(b.calls[3].adjusted_seconds, None);
    }

    /// R-R1: a bad cell repeated on several rows is refused on each of
    /// them, and a good row after bad ones reads as it would alone.
    #[test]
    fn r_r1_a_bad_cell_repeated_is_refused_on_every_row() {
        let row = |ct: &str, rate: &str, cur: &str| {
            format!("a@sip,+1,+2,DOM,Domestic,{ct},Outbound,2026-03-02 10:00:00,,30,30,0.5,{rate},0.005,{cur}\n")
        };
        let bad = row("Satellite", "x1", "EUR");
        let good = row("Local", "0.0100", "USD");
        let Err(Error::Csv { problems, .. }) = calls(&[good.as_str(), &bad, &bad, &good].concat())
        else {
            panic!("the bad rows are refused");
        };
        let at: Vec<(u64, usize)> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(at, [(3, 6), (3, 13), (3, 15), (4, 6), (4, 13), (4, 15)]);
        let b = calls(&[good.as_str(), &good, &row("Local", "0.0200", "")].concat()).unwrap();
        let rates: Vec<String> = b
            .calls
            .iter()
            .map(|c| c.rate_per_minute.to_string())
            .collect();
        assert_eq!(rates, ["0.0100", "0.0100", "0.0200"]);
        assert_eq!(b.calls[2].kind, CallType::Outbound);
    }

    #[test]
    fn whole_seconds_as_exports_write_them() {
        assert_eq!(whole_seconds(b"60"), Some(60));
        assert_eq!(whole_seconds(b"60.0"), Some(60));
        assert_eq!(whole_seconds(b"6.5"), None);
        assert_eq!(whole_seconds(b"-6"), None);
        assert_eq!(whole_seconds(b""), None);
    }

    #[test]
    fn r_r1_call_type_mapping() {
        use CallType as C;
        for (ct, group, dir, want) in [
            ("Toll Free", "", "Inbound", Ok(C::TollFree)),
            ("TOLL_FREE", "", "", Ok(C::TollFree)),
            ("Local", "Toll-Free US", "Inbound", Ok(C::TollFree)),
            ("Extended Outbound", "", "Outbound", Ok(C::ExtendedOutbound)),
            ("Mobile", "Extended", "Outbound", Ok(C::ExtendedOutbound)),
            ("International", "", "Inbound", Ok(C::Inbound)),
            ("Domestic", "", "outbound", Ok(C::Outbound)),
            ("", "", "Inbound", Ok(C::Inbound)),
            ("Outbound", "", "", Ok(C::Outbound)),
            ("Local", "", "sideways", Err(Wrong::Direction)),
            ("Satellite", "", "Outbound", Err(Wrong::CallType)),
        ] {
            assert_eq!(
                call_kind(ct.as_bytes(), group.as_bytes(), dir.as_bytes()),
                want,
                "{ct}/{group}/{dir}"
            );
        }
    }

    #[test]
    fn r_r1_bad_cells_are_named_by_line_and_column() {
        let Err(Error::Csv { file, problems, .. }) = calls(
            "a,,,,,Satellite,Outbound,2026-03-02 10:00:00,,60,60,1,0.01,0.01,USD\n\
             b,,,,,Local,Outbound,yesterday,,6.5,,,0.01,\"0,01\",EUR\n",
        ) else {
            panic!()
        };
        assert_eq!(file, "voice.csv");
        let at: Vec<(u64, usize, &str)> = problems
            .iter()
            .map(|p| (p.line, p.column, p.field.as_str()))
            .collect();
        assert_eq!(
            at,
            [
                (2, 6, "Call Type"),
                (3, 8, "Start time"),
                (3, 10, "Duration (Seconds)"),
                (3, 14, "Total cost"),
                (3, 15, "Currency"),
            ]
        );
        assert!(problems[0]
            .message
            .contains("\"Satellite\" is not a call type"));
        assert_eq!(problems[3].message, "0,01: a decimal comma; write 0.01");
        assert!(
            problems[4].message.contains("\"EUR\" is another currency"),
            "{}",
            problems[4].message
        );
    }

    #[test]
    fn r_r1_a_report_without_a_needed_column_says_which() {
        let Err(Error::Csv { problems, .. }) = read(
            "v.csv",
            b"Call Type,Total cost\nLocal,1\n",
            "USD",
            &mut VendorBill::default(),
        ) else {
            panic!()
        };
        assert!(
            problems[0].message.contains("sip_call_id"),
            "{}",
            problems[0].message
        );
    }

    /// A million calls, as a month of a busy contact center: run with
    /// `--ignored` in an optimised build to see the time.
    #[test]
    #[ignore]
    fn a_million_calls_read_fast() {
        let mut f = HEADER.to_owned();
        for i in 0..1_000_000u32 {
            f.push_str(&format!(
                "{i:08x}-4c1e-9a7b@sip.example.com,+13175550100,+13175550101,DOM,Domestic,Local,Outbound,2026-03-{:02} {:02}:{:02}:{:02},2026-03-02 10:01:01,{},{},1.1,0.0100,0.011,USD\n",
                1 + i % 28, i % 24, i % 60, (i / 60) % 60, i % 600, (i % 600).div_ceil(6) * 6
            ));
        }
        let t = std::time::Instant::now();
        let mut b = VendorBill::default();
        read("voice.csv", f.as_bytes(), "USD", &mut b).unwrap();
        let took = t.elapsed();
        eprintln!("{} calls ({} MB) in {took:?}", b.calls.len(), f.len() >> 20);
        assert_eq!(b.calls.len(), 1_000_000);
    }
}
