//! Readers of the vendor's files (R-R1), each told apart by its content,
//! never by its name: a customer saves "invoice (3).csv" and
//! "download.json" as often as anything else.
//!
//! - JSON (the first byte that is not white space is `[` or `{`): a list,
//!   or an object with `entities`, is the API's invoice lines; an object
//!   with `usages` the subscription overview; one with `charges` the
//!   billing-period charges.
//! - CSV: a header with `Call Type` and `Total cost` is the Cloud Voice
//!   usage report; one with `description` and `amount` an invoice CSV.
//!
//! Only the first bytes (the header, the top-level keys) decide, so a large
//! file that is not a bill is refused without being read as one.

mod cells;
mod cloud_voice;
mod figures;
mod invoice_csv;
mod invoice_lines;
mod json;
mod money_text;

use super::vendor::{FileKind, VendorBill};
use crate::csv::records::Records;
use crate::error::{Error, Result};

use cells::{clip, csv_error, normal};

/// What the reconciler accepts, for a file it cannot read as any of them.
const ACCEPTED: &str = "a bill check reads the vendor's invoice CSV (a header with description and amount), \
the invoice lines JSON (a list, or an object with \"entities\"), the subscription overview JSON (an object with \"usages\"), \
the billing-period charges JSON (an object with \"charges\") and the Cloud Voice usage CSV (a header with Call Type and Total cost)";

/// Reads one vendor file, told apart by its content, into `bill`.
/// `currency` is the scenario's ISO code (all vendor money must be in it).
///
/// On error nothing is added to `bill`; on success the file is recorded in
/// `bill.files` with the kind it was read as.
pub fn read(name: &str, bytes: &[u8], currency: &str, bill: &mut VendorBill) -> Result<FileKind> {
    read_stream(name, bytes, std::io::empty(), bytes.len(), currency, bill)
}

/// [`read`] of a file given as its first bytes `head` (64 KiB, or all of
/// it) and the `rest` that follows, `size` bytes in all: a Cloud Voice
/// report is read as it streams, never held whole (the app's worker reads
/// a million-call report from the browser's copy in pieces); the JSON and
/// invoice CSV forms, capped in size by [`sniff`], are read whole.
pub fn read_stream(
    name: &str,
    head: &[u8],
    rest: impl std::io::Read,
    size: usize,
    currency: &str,
    bill: &mut VendorBill,
) -> Result<FileKind> {
    let mut fresh = VendorBill::default();
    let kind = read_into(name, head, rest, size, currency, &mut fresh)?;
    fresh.files.push((name.to_owned(), kind));
    bill.append(&mut fresh);
    Ok(kind)
}

fn read_into(
    name: &str,
    head: &[u8],
    mut rest: impl std::io::Read,
    size: usize,
    currency: &str,
    out: &mut VendorBill,
) -> Result<FileKind> {
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first.is_none_or(|&b| matches!(b, b'[' | b'{')) && size > head.len() {
        // JSON is read whole (as is a head of nothing but blank space).
        let mut all = head.to_vec();
        rest.read_to_end(&mut all)
            .map_err(|e| not_a_bill(name, &format!("it could not be read ({e})")))?;
        return read_into(name, &all, std::io::empty(), all.len(), currency, out);
    }
    let Some(&first) = first else {
        return Err(not_a_bill(name, "it is empty"));
    };
    if matches!(first, b'[' | b'{') {
        return read_json(name, head, currency, out);
    }
    if looks_binary(body) {
        return Err(not_a_bill(
            name,
            "it is not UTF-8 text (a spreadsheet, PDF or image? export it as CSV UTF-8)",
        ));
    }
    let mut rdr = Records::new(std::io::Read::chain(head, rest));
    let header = rdr
        .header()
        .map_err(|(line, message)| csv_error(name, line, message))?;
    let names: Vec<String> = header.iter().map(|h| normal(h)).collect();
    match csv_kind(name, &header, &names)? {
        FileKind::CloudVoiceUsage => {
            cloud_voice::read(name, rdr, &header, &names, currency, size, out)?;
            Ok(FileKind::CloudVoiceUsage)
        }
        _ => {
            invoice_csv::read(name, rdr, &header, &names, currency, out)?;
            Ok(FileKind::InvoiceCsv)
        }
    }
}

/// A CSV's kind by its header, or the refusal that names the header.
fn csv_kind(name: &str, header: &[Vec<u8>], names: &[String]) -> Result<FileKind> {
    let has = |n: &str| names.iter().any(|h| h == n);
    if has("call_type") && has("total_cost") {
        Ok(FileKind::CloudVoiceUsage)
    } else if has("description") && has("amount") {
        Ok(FileKind::InvoiceCsv)
    } else {
        let shown: Vec<String> = header
            .iter()
            .take(12)
            .map(|h| crate::csv::cells::shown(clip(h.trim_ascii())))
            .collect();
        Err(csv_error(
            name,
            1,
            format!(
                "not a vendor bill: its header is {}; {ACCEPTED}",
                shown.join(",")
            ),
        ))
    }
}

/// The bytes [`sniff`] wants: enough for any real header.
pub const HEAD_BYTES: usize = 64 << 10;

/// The largest JSON or invoice CSV read: the vendor's API pages its
/// answers, and a year of invoices is a few hundred lines. Only the Cloud
/// Voice report, a line per call, may be larger.
pub const MAX_SMALL_FILE: u64 = 32 << 20;

/// Refuses a file that is not a bill from its first [`HEAD_BYTES`] and its
/// size, before the rest is read: a 200 MB file of something else costs
/// its head, not 200 MB. `Ok` means "read it whole with [`read`]", which
/// may still refuse it.
pub fn sniff(name: &str, head: &[u8], size: u64) -> Result<()> {
    let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let whole = head.len() as u64 >= size;
    let Some(&first) = body.iter().find(|b| !b.is_ascii_whitespace()) else {
        return if whole {
            Err(not_a_bill(name, "it is empty"))
        } else {
            Ok(())
        };
    };
    let too_big = |what: &str| {
        Err(not_a_bill(
            name,
            &format!(
                "it is {} MB, and {what} is at most {} MB",
                size.div_ceil(1 << 20),
                MAX_SMALL_FILE >> 20
            ),
        ))
    };
    if matches!(first, b'[' | b'{') {
        return if size > MAX_SMALL_FILE {
            too_big("a vendor JSON file")
        } else {
            Ok(())
        };
    }
    if looks_binary(body) {
        return Err(not_a_bill(
            name,
            "it is not UTF-8 text (a spreadsheet, PDF or image? export it as CSV UTF-8)",
        ));
    }
    // The header decides only when the head holds all of it.
    if !whole && !body.contains(&b'\n') {
        return Ok(());
    }
    let Ok(header) = Records::new(head).header() else {
        return Ok(()); // said with its line by `read`
    };
    let names: Vec<String> = header.iter().map(|h| normal(h)).collect();
    match csv_kind(name, &header, &names)? {
        FileKind::InvoiceCsv if size > MAX_SMALL_FILE => too_big("an invoice CSV"),
        _ => Ok(()),
    }
}

/// Reads a JSON vendor file: the top level decides its kind.
fn read_json(name: &str, bytes: &[u8], currency: &str, out: &mut VendorBill) -> Result<FileKind> {
    let mut cur = json::Cursor::new(name, bytes);
    if cur.peek() == Some(b'[') {
        invoice_lines::items(&mut cur, name, "", currency, out)?;
        cur.end()?;
        return Ok(FileKind::InvoiceLines);
    }
    let mut kind = None;
    // The period's dates may come before or after the figures.
    let mut dates = Vec::new();
    cur.object(|cur, key| {
        let this = match &*key {
            "entities" => FileKind::InvoiceLines,
            "usages" => FileKind::SubscriptionOverview,
            "charges" => FileKind::BillingPeriodCharges,
            "billingPeriodStartDate" | "billingPeriodEndDate" | "startDate" | "endDate" => {
                dates.push((key.into_owned(), cur.value()?));
                return Ok(());
            }
            // Paging fields and anything else: not needed, not built.
            _ => return cur.skip_value(),
        };
        if let Some(before) = kind.filter(|&k| k != this) {
            return Err(Error::Json {
                path: format!("{name}: {key}"),
                message: format!(
                    "this object is read as the {} and also has \"{key}\" ({}): give each in a file of its own",
                    FileKind::label(before),
                    this.label()
                ),
            });
        }
        kind = Some(this);
        match this {
            FileKind::InvoiceLines => invoice_lines::items(cur, name, "entities", currency, out),
            FileKind::SubscriptionOverview => figures::usages(cur, name, out),
            _ => figures::charges(cur, name, currency, out),
        }
    })?;
    cur.end()?;
    let Some(kind) = kind else {
        return Err(Error::Json {
            path: name.to_owned(),
            message: format!(
                "not a vendor bill: a JSON object without \"entities\", \"usages\" or \"charges\"; {ACCEPTED}"
            ),
        });
    };
    let keys = match kind {
        FileKind::SubscriptionOverview => Some(["billingPeriodStartDate", "billingPeriodEndDate"]),
        FileKind::BillingPeriodCharges => Some(["startDate", "endDate"]),
        _ => None,
    };
    if let Some(keys) = keys {
        let period = figures::period(name, keys, &dates)?;
        for f in &mut out.figures {
            f.period = period;
        }
    }
    Ok(kind)
}

/// Whether the first line of `b` holds a NUL or bytes that are not UTF-8:
/// an image, a spreadsheet or an archive, not a CSV.
fn looks_binary(b: &[u8]) -> bool {
    let head = &b[..b.len().min(64 << 10)];
    let line = head
        .iter()
        .position(|&c| c == b'\n')
        .map_or(head, |i| &head[..i]);
    if line.contains(&0) {
        return true;
    }
    match std::str::from_utf8(line) {
        Ok(_) => false,
        // A character cut by the 64 KiB bound is still text.
        Err(e) => e.error_len().is_some() || line.len() < head.len().min(64 << 10),
    }
}

/// A whole file refused: it is none of the files the reconciler reads.
fn not_a_bill(name: &str, why: &str) -> Error {
    Error::invalid(name, format!("not a vendor bill: {why}; {ACCEPTED}"))
}

#[cfg(test)]
mod tests {
    use super::cells::api_day;
    use super::*;
    use chrono::NaiveDate;

    fn kind(name: &str, text: &str) -> Result<FileKind> {
        read(name, text.as_bytes(), "USD", &mut VendorBill::default())
    }

    #[test]
    fn r_r1_a_file_read_as_a_stream_is_the_file_read_whole() {
        let voice = "\u{feff}SIP Call Id,Call Type,Direction,Start time,Duration (Seconds),Usage Rate Per Minute,Total cost\n\
                     c1,Local,Inbound,2026-03-02 10:00:00,60,0.0120,0.012\n\
                     c2,Local,Outbound,2026-03-02 11:00:00,61,0.0120,0.0132\n";
        let invoice =
            include_str!("../../../../../examples/contact-center.vendor-bill-differs.csv");
        let lines = r#"  [{"description": "CX 2", "dateStart": "2026-03-01", "dateEnd": "2026-03-31", "amount": 1}]"#;
        let bad = "SIP Call Id,Call Type,Direction,Start time,Duration (Seconds),Usage Rate Per Minute,Total cost\nc1,Local,Inbound,x,60,0.0120,0.012\n";
        for text in [voice, invoice, lines, bad, "   ", ""] {
            let bytes = text.as_bytes();
            let mut whole = VendorBill::default();
            let want = read("f.csv", bytes, "USD", &mut whole).map_err(|e| e.to_string());
            for cut in 0..=bytes.len() {
                let (head, rest) = bytes.split_at(cut);
                let mut streamed = VendorBill::default();
                let got = read_stream("f.csv", head, rest, bytes.len(), "USD", &mut streamed)
                    .map_err(|e| e.to_string());
                assert_eq!(got, want, "{text:?} cut at {cut}");
                assert_eq!(streamed, whole, "{text:?} cut at {cut}");
            }
        }
    }

    #[test]
    fn r_r1_each_kind_is_told_apart_by_its_content() {
        let csv = "Description,Amount,Invoice Date\nGenesys Cloud CX 2 Concurrent User,\"$2,898.00\",2026-04-01\n";
        assert_eq!(kind("a.json", csv).unwrap(), FileKind::InvoiceCsv);
        let voice = "\u{feff}SIP Call Id,Call Type,Direction,Start time,Duration (Seconds),Usage Rate Per Minute,Total cost\n\
                     c1,Local,Inbound,2026-03-02 10:00:00,60,0.0120,0.012\n";
        assert_eq!(kind("x.txt", voice).unwrap(), FileKind::CloudVoiceUsage);
        let lines = r#"[{"description": "CX 2", "dateStart": "2026-03-01", "dateEnd": "2026-03-31", "amount": 1}]"#;
        assert_eq!(kind("a.csv", lines).unwrap(), FileKind::InvoiceLines);
        let entities = r#" {"pageSize": 25, "entities": []}"#;
        assert_eq!(kind("a", entities).unwrap(), FileKind::InvoiceLines);
        let usages = r#"{"usages": [], "billingPeriodStartDate": null}"#;
        assert_eq!(kind("a", usages).unwrap(), FileKind::SubscriptionOverview);
        let charges = r#"{"charges": [], "startDate": "2026-03-01", "endDate": "2026-03-31"}"#;
        assert_eq!(kind("a", charges).unwrap(), FileKind::BillingPeriodCharges);
    }

    #[test]
    fn r_r1_files_that_are_not_bills_are_refused_naming_the_file() {
        let sessions = "user,org,product,login,logout\nana,main,cx2,2026-03-02T10:00:00Z,2026-03-02T11:00:00Z\n";
        let Err(Error::Csv { file, problems, .. }) = kind("sessions.csv", sessions) else {
            panic!()
        };
        assert_eq!(file, "sessions.csv");
        assert_eq!((problems[0].line, problems[0].column), (1, 0));
        assert!(problems[0].message.contains(
            "not a vendor bill: its header is user,org,product,login,logout; a bill check reads"
        ));
        for (text, why) in [
            ("", "it is empty"),
            (" \n\t", "it is empty"),
            ("\u{feff}", "it is empty"),
            ("PNG\0\x01\x02", "it is not UTF-8 text"),
        ] {
            let Err(Error::Invalid { path, message }) = kind("f.bin", text) else {
                panic!("{text:?}")
            };
            assert_eq!(path, "f.bin");
            assert!(
                message.contains(why) && message.contains("invoice CSV"),
                "{message}"
            );
        }
        assert!(matches!(
            read(
                "img",
                b"\xFF\xD8\xFF\xE0 jpeg",
                "USD",
                &mut VendorBill::default()
            ),
            Err(Error::Invalid { .. })
        ));
        let Err(Error::Json { path, message }) =
            kind("s.json", r#"{"billsim": 1, "contract": {}}"#)
        else {
            panic!()
        };
        assert_eq!(path, "s.json");
        assert!(message.contains("\"usages\""), "{message}");
    }

    #[test]
    fn r_r1_a_file_in_error_adds_nothing_and_a_good_one_is_recorded() {
        let mut bill = VendorBill::default();
        let good = "description,amount,period_start,period_end\nCX 2,10.00,2026-03-01,2026-03-31\n";
        read("a.csv", good.as_bytes(), "USD", &mut bill).unwrap();
        let bad = "description,amount,period_start,period_end\nCX 2,10.00,2026-03-01,2026-03-31\nCX 3,€4,2026-03-01,2026-03-31\n";
        assert!(read("b.csv", bad.as_bytes(), "USD", &mut bill).is_err());
        assert_eq!(bill.lines.len(), 1);
        assert_eq!(bill.files, [("a.csv".to_owned(), FileKind::InvoiceCsv)]);
    }

    #[test]
    fn r_r1_a_large_file_that_is_not_a_bill_is_refused_at_once() {
        let mut csv = b"user,org,product,login,logout\n".to_vec();
        while csv.len() < 200 << 20 {
            csv.extend_from_slice(b"ana,main,cx2,2026-03-02T10:00:00Z,2026-03-02T11:00:00Z\n");
        }
        let mut json = b"{\"usage\": {\"sessions\": [".to_vec();
        while json.len() < 200 << 20 {
            json.extend_from_slice(b"{\"user\": \"ana\", \"login\": \"2026-03-02T10:00:00Z\"},");
        }
        json.extend_from_slice(b"{}]}}");
        for (name, bytes) in [("big.csv", &csv), ("big.json", &json)] {
            let t = std::time::Instant::now();
            assert!(read(name, bytes, "USD", &mut VendorBill::default()).is_err());
            // The CSV stops at its header; the JSON is one scan that builds
            // nothing. Generous for a debug build.
            let took = t.elapsed();
            eprintln!("{name} (200 MB) refused in {took:?}");
            assert!(
                took < std::time::Duration::from_secs(10),
                "{name}: {took:?}"
            );
        }
    }

    #[test]
    fn r_r1_the_head_and_the_size_refuse_a_file_before_it_is_read() {
        let big = 200 << 20;
        let refused = |head: &str, size: u64| match sniff("f", head.as_bytes(), size) {
            Err(e) => e.to_string(),
            Ok(()) => String::new(),
        };
        let sessions = "user,org,product,login,logout\nana,main,cx2,2026-03-02T10:00:00Z,";
        assert!(refused(sessions, big).contains("its header is user,org,product,login,logout"));
        assert!(refused("{\"usage\": {\"sessions\": [", big)
            .contains("it is 200 MB, and a vendor JSON file is at most 32 MB"));
        assert!(refused("description,amount\nCX 2,1", big)
            .contains("it is 200 MB, and an invoice CSV is at most 32 MB"));
        assert!(refused("\0\0\0\0", big).contains("not UTF-8 text"));
        assert!(refused("", 0).contains("it is empty"));
        // What only the whole file can tell is left to `read`: a large Cloud
        // Voice report, a small JSON, a header longer than the head.
        let voice = "SIP Call Id,Call Type,Direction,Start time,Duration (Seconds),Total cost\nc1,";
        assert_eq!(refused(voice, big), "");
        assert_eq!(refused("{\"usage\": {", 5_000), "");
        assert_eq!(refused(&"a".repeat(100), big), "");
        assert_eq!(refused("   ", big), "");
    }

    #[test]
    fn r_r2_api_instants_are_cut_to_utc_days_and_a_midnight_end_is_exclusive() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(api_day("2026-03-01T00:00:00Z", false), Ok(d("2026-03-01")));
        assert_eq!(
            api_day("2026-04-01T00:00:00.000Z", true),
            Ok(d("2026-03-31"))
        );
        assert_eq!(
            api_day("2026-04-01T00:00:00+00:00", true),
            Ok(d("2026-03-31"))
        );
        // 01:00 at +02:00 is 23:00 UTC the day before: not midnight.
        assert_eq!(
            api_day("2026-04-01T01:00:00+02:00", true),
            Ok(d("2026-03-31"))
        );
        assert_eq!(api_day("2026-03-31T23:59:59Z", true), Ok(d("2026-03-31")));
        // A day without a time is that day, inclusive.
        assert_eq!(api_day("2026-03-31", true), Ok(d("2026-03-31")));
        assert!(api_day("March 1", false)
            .unwrap_err()
            .contains("not a date"));
    }
}
