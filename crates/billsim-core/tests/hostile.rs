//! Hostile input (R-V1): each reproducer of a scenario or file built to run
//! for minutes, eat gigabytes or bill the wrong thing, with the error it
//! must get instead. None of these may panic; each is answered at once.

use std::io::Read;

use billsim_core::compare::compare;
use billsim_core::csv;
use billsim_core::error::Error;
use billsim_core::usage::Catalog;
use billsim_core::{simulate, Options, Scenario};
use serde_json::{json, Value};

/// A concurrent contract of `cycles` term cycles with one CX2 product and `usage`.
fn scenario(cycles: u32, usage: Value) -> Value {
    json!({
        "billsim": 1,
        "currency": "USD",
        "contract": {
            "activation": "2026-10-21",
            "model": "concurrent",
            "term_cycles": cycles,
            "products": { "cx2": { "tier": 2, "prepay": "115.00", "overage": "138.00" } },
            "commitments": [ { "product": "cx2", "from_cycle": 0, "quantity": "10" } ]
        },
        "usage": usage
    })
}

fn profile(agents: u32, shifts: usize, extra: Value) -> Value {
    let mut p = json!({
        "id": "agent",
        "mix": { "cx2": "1" },
        "shifts": vec![json!({ "start": "08:00", "minutes": 480, "agents": agents }); shifts],
    });
    if let (Some(p), Value::Object(extra)) = (p.as_object_mut(), extra) {
        p.extend(extra);
    }
    p
}

fn parse(v: &Value) -> Scenario {
    Scenario::from_json(&v.to_string()).expect("the scenario is well-formed")
}

fn invalid_at(r: billsim_core::Result<impl std::fmt::Debug>, path: &str, words: &str) -> String {
    match r {
        Err(e @ Error::Invalid { .. }) => {
            assert_eq!(e.path(), path, "{e}");
            let text = e.to_string();
            assert!(text.contains(words), "{text}");
            text
        }
        other => panic!("expected an error at {path}, got {other:?}"),
    }
}

#[test]
fn r_v1_a_million_agents_over_600_cycles_is_refused_by_its_size() {
    let s = parse(&scenario(
        600,
        json!({ "profiles": [profile(1_000_000, 1, json!({}))] }),
    ));
    let text = invalid_at(
        simulate(&s, None, &Options::default()),
        "usage.profiles[0]",
        "agent-days",
    );
    assert!(text.contains("over 600 cycle(s)"), "{text}");
    assert!(text.contains("past the limit of 5000000"), "{text}");
}

#[test]
fn r_v1_absent_agents_count_toward_the_size_too() {
    // Nothing would be produced, but the loop over agent-days would still run.
    let s = parse(&scenario(
        1,
        json!({ "profiles": [profile(1_000_000, 10, json!({ "absence": "1" }))] }),
    ));
    invalid_at(
        simulate(&s, None, &Options::default()),
        "usage.profiles[0]",
        "agent-days",
    );
}

#[test]
fn r_v1_a_million_agents_for_one_cycle_and_compare_on_100k_for_a_year_are_refused() {
    let one = parse(&scenario(
        1,
        json!({ "profiles": [profile(1_000_000, 1, json!({}))] }),
    ));
    invalid_at(
        simulate(&one, None, &Options::default()),
        "usage.profiles[0]",
        "agent-days",
    );
    let year = parse(&scenario(
        12,
        json!({ "profiles": [profile(100_000, 1, json!({}))] }),
    ));
    invalid_at(compare(&year, None), "usage.profiles[0]", "agent-days");
}

#[test]
fn r_v1_the_limit_counts_every_profile_of_the_scenario() {
    // 100,000 agents x 22 weekdays: 2.2M each, 4.4M for two, over 5M with three.
    let p = profile(100_000, 1, json!({}));
    let three = parse(&scenario(1, json!({ "profiles": [p, p, p] })));
    let text = invalid_at(
        simulate(&three, None, &Options::default()),
        "usage.profiles[2]",
        "with the profiles before it",
    );
    assert!(text.contains("agent-days"), "{text}");
}

#[test]
fn r_v1_a_profile_under_the_limit_is_billed() {
    let s = parse(&scenario(
        2,
        json!({ "profiles": [profile(2_000, 2, json!({ "handover_minutes": 1440 }))] }),
    ));
    let r = simulate(&s, None, &Options::default()).expect("billed");
    // Two identical shifts of 2,000 agents, every one present: 4,000 at the peak.
    assert_eq!(r.cycles[0].usage[0].actual.to_string(), "4000");
}

#[test]
fn r_v1_a_huge_handover_is_an_error_not_a_wrapped_sum() {
    for h in [1441, u64::from(u32::MAX) - 10] {
        let s = parse(&scenario(
            1,
            json!({ "profiles": [profile(10, 1, json!({ "handover_minutes": h }))] }),
        ));
        invalid_at(
            simulate(&s, None, &Options::default()),
            "usage.profiles[0].handover_minutes",
            "must be 0 to 1440",
        );
    }
}

#[test]
fn r_v1_peak_rule_minutes_cannot_exceed_the_shortest_cycle() {
    let mut v = scenario(
        3,
        json!({ "sessions": [ { "user": "ana", "org": "main", "product": "cx2",
            "login": "2026-10-22T08:00:00Z", "logout": "2026-10-22T09:00:00Z" } ] }),
    );
    v["contract"]["peak_rule"] = json!({ "kind": "sustained", "minutes": 1_000_000_000u32 });
    let text = invalid_at(
        simulate(&parse(&v), None, &Options::default()),
        "contract.peak_rule.minutes",
        "longer than this contract's shortest cycle",
    );
    // 2026-11-21 .. 2026-12-20 is the shortest of the three: 30 days.
    assert!(text.contains("30 days, 43200 minutes"), "{text}");
    v["contract"]["peak_rule"]["minutes"] = json!(43_200);
    assert!(simulate(&parse(&v), None, &Options::default()).is_ok());
    v["contract"]["peak_rule"]["minutes"] = json!(43_201);
    assert!(simulate(&parse(&v), None, &Options::default()).is_err());
}

#[test]
fn r_v1_more_orgs_than_an_index_holds_is_an_error() {
    let mut v = scenario(1, json!({}));
    v["orgs"] = (0..=u32::from(u16::MAX))
        .map(|i| json!({ "id": format!("o{i}"), "region": "us-east-1" }))
        .collect();
    invalid_at(
        simulate(&parse(&v), None, &Options::default()),
        "orgs",
        "at most 65535 orgs",
    );
}

/// A sessions file of `rows` rows where row `i` names org `o{i}`.
fn new_org_per_row(rows: usize) -> Vec<u8> {
    let mut f = b"user,org,product,login,logout\n".to_vec();
    for i in 0..rows {
        f.extend(format!("u{i},o{i},cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n").as_bytes());
    }
    f
}

fn csv_problems(e: Error) -> (Vec<billsim_core::error::CsvProblem>, usize) {
    match e {
        Error::Csv { problems, more, .. } => (problems, more),
        other => panic!("expected CSV problems, got {other}"),
    }
}

#[test]
fn r_v1_an_open_import_with_too_many_distinct_orgs_says_so_at_the_first_row_past_it() {
    let f = new_org_per_row(200_000);
    let (problems, more) = csv_problems(csv::sessions_open(&f[..]).unwrap_err());
    // Header on line 1, org number 65,536 on line 65,537.
    assert_eq!((problems[0].line, problems[0].column), (65_537, 2));
    assert!(
        problems[0].message.contains("too many distinct orgs"),
        "{}",
        problems[0].message
    );
    assert_eq!(problems.len() + more, 200_000 - 65_535);
}

/// Hands out at most 64 KiB per read, as a pipe does.
struct Pipe<'a>(&'a [u8]);

impl Read for Pipe<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(64 << 10).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn r_v1_a_50_mb_single_line_through_a_pipe_is_refused_at_its_line() {
    let mut f = b"user,org,product,login,logout\n".to_vec();
    f.resize(f.len() + (50 << 20), b'x');
    let (problems, _) = csv_problems(csv::sessions_open(Pipe(&f)).unwrap_err());
    assert_eq!(problems[0].line, 2);
    assert!(
        problems[0].message.contains("longer than"),
        "{}",
        problems[0].message
    );
    // As the header: the file has no row to read.
    let (problems, _) = csv_problems(csv::calls(Pipe(&f[30..])).unwrap_err());
    assert_eq!(problems[0].line, 1);
}

#[test]
fn r_v1_a_line_of_commas_is_refused_by_every_reader() {
    let commas = vec![b','; 50 << 20];
    let cat = Catalog {
        orgs: vec!["main".into()],
        products: vec!["cx2".into()],
        tiers: vec![2],
    };
    let errors = [
        csv::sessions(&commas[..], &cat).map(drop),
        csv::sessions_open(&commas[..]).map(drop),
        csv::calls(&commas[..]).map(drop),
        csv::resources(&commas[..]).map(drop),
        csv::hours(&commas[..]).map(drop),
    ];
    for e in errors {
        let (problems, _) = csv_problems(e.unwrap_err());
        assert_eq!(problems[0].line, 1);
        assert!(
            problems[0].message.contains("more than 1024 fields"),
            "{}",
            problems[0].message
        );
    }
}

#[test]
fn r_v1_a_bom_alone_on_the_first_line_does_not_become_the_header() {
    let f = b"\xEF\xBB\xBF\r\nuser,org,product,login,logout\r\nana,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\r\n";
    let (t, ids) = csv::sessions_open(&f[..]).expect("read");
    assert_eq!(
        (t.rows.len(), ids.orgs.as_slice()),
        (1, &["main".to_owned()][..])
    );
}

#[test]
fn r_v1_control_characters_and_bad_bytes_are_shown_not_printed() {
    let mut v = scenario(1, json!({}));
    v["currency"] = json!("US\u{0}D");
    let e = simulate(&parse(&v), None, &Options::default()).unwrap_err();
    assert!(
        e.to_string().contains(r#"unknown currency "US\u{0}D""#),
        "{e}"
    );

    let cat = Catalog {
        orgs: vec!["main".into()],
        products: vec!["cx2".into()],
        tiers: vec![2],
    };
    let f = b"user,org,product,login,logout\nana,ma\xFFin,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\nbob,m\x1b[2Jx,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n";
    let e = csv::sessions(&f[..], &cat).unwrap_err().to_string();
    assert!(
        e.contains(r"line 2:2 (org): not UTF-8 text: ma\xFFin"),
        "{e}"
    );
    assert!(
        e.contains(r#"line 3:2 (org): unknown org "m\u{1b}[2Jx""#),
        "{e}"
    );
    assert!(!e.contains('\x1b'), "{e}");
}

#[test]
fn r_v1_every_reader_names_a_cell_that_is_not_utf8_with_its_bytes() {
    type Reader = fn(&[u8]) -> billsim_core::Result<usize>;
    let files: [(&str, &[u8], Reader, usize); 3] = [
        (
            "calls",
            b"org,type,start,seconds,international\nma\xFFin,inbound,2026-10-22T08:00:00Z,60,false\n",
            |b| csv::calls(b).map(|v| v.len()),
            1,
        ),
        (
            "resources",
            b"org,resource,date,quantity\nma\xFFin,ivr_minutes,2026-10-22,5\n",
            |b| csv::resources(b).map(|v| v.len()),
            1,
        ),
        (
            "hours",
            b"user,org,product,date,duration\nana,ma\xFFin,cx2,2026-10-22,08:00:00:000\n",
            |b| csv::hours(b).map(|v| v.len()),
            2,
        ),
    ];
    for (name, f, read, column) in files {
        let (problems, _) = csv_problems(read(f).unwrap_err());
        assert_eq!(
            (problems[0].line, problems[0].column),
            (2, column),
            "{name}"
        );
        assert_eq!(problems[0].message, r"not UTF-8 text: ma\xFFin", "{name}");
    }
    // A bad cell elsewhere is quoted with its bytes too.
    let f =
        b"org,type,start,seconds,international\nmain,in\xFF\x07,2026-10-22T08:00:00Z,60,false\n";
    let (problems, _) = csv_problems(csv::calls(&f[..]).unwrap_err());
    assert!(
        problems[0]
            .message
            .starts_with(r#""in\xFF\u{7}" is not inbound"#),
        "{}",
        problems[0].message
    );
}

#[test]
fn r_v1_public_functions_called_without_validation_error_instead_of_panicking() {
    // No orgs at all: validation would refuse it, but a caller may skip it.
    let empty = Catalog {
        orgs: Vec::new(),
        products: vec!["cx2".into()],
        tiers: vec![2],
    };
    let p: billsim_core::profiles::Profile =
        serde_json::from_value(profile(10, 1, json!({}))).expect("profile");
    let cycles =
        billsim_core::calendar::cycles(&parse(&scenario(1, json!({}))).contract).expect("cycles");
    let mut out = billsim_core::usage::Sessions::default();
    let e = billsim_core::profiles::expand(&p, "p", &empty, &cycles, &mut out).unwrap_err();
    assert_eq!(e.path(), "orgs");
    assert_eq!(empty.first_org().unwrap_err().path(), "orgs");
}

#[test]
fn r_v1_advice_work_is_bounded_before_it_starts() {
    use billsim_core::advice::{advise, Options as AdviceOptions};
    // R-O1: a forecast of a billion users would be a curve of two billion points.
    let huge = parse(&scenario(
        1,
        json!({ "quantities": [ { "cycle": 0, "product": "cx2", "quantity": "1000000000" } ] }),
    ));
    invalid_at(
        advise(&huge, None, &AdviceOptions::default()),
        "contract.products.cx2",
        "points",
    );
    // R-O2: 1,000 seeds of a year of 1,000 agents (~260,000 sessions each).
    let year = parse(&scenario(
        12,
        json!({ "profiles": [profile(1_000, 1, json!({}))] }),
    ));
    let many = AdviceOptions {
        seeds: 1000,
        ..AdviceOptions::default()
    };
    invalid_at(advise(&year, None, &many), "seeds", "fewer seeds");
    // Pricings: 150 agents on one cycle (a curve of ~300 points), 1,000
    // seeds: ~300,000 invoice runs, refused before any seed is measured.
    let wide = parse(&scenario(
        1,
        json!({ "profiles": [profile(150, 1, json!({}))] }),
    ));
    invalid_at(advise(&wide, None, &many), "seeds", "pricings");
    let zero = AdviceOptions {
        seeds: 0,
        ..AdviceOptions::default()
    };
    invalid_at(advise(&wide, None, &zero), "seeds", "between 1 and 1000");
}

/// The JSON error of `text`: its path and message.
fn json_error(text: &str) -> (String, String) {
    match Scenario::from_json(text) {
        Err(Error::Json { path, message }) => (path, message),
        other => panic!("expected a JSON error, got {other:?}"),
    }
}

#[test]
fn r_v1_a_key_given_twice_is_refused_at_every_level_with_its_path() {
    let product = r#"{ "tier": 2, "prepay": "115.00", "overage": "138.00" }"#;
    let text = |products: &str, resources: &str, usage: &str| {
        format!(
            r#"{{ "billsim": 1, "currency": "USD",
              "contract": {{ "activation": "2026-10-21", "model": "concurrent", "term_cycles": 1,
                "products": {products}, "resources": {resources} }},
              "usage": {usage} }}"#
        )
    };
    let ok = text(
        &format!(r#"{{ "cx2": {product} }}"#),
        r#"{ "ivr_minutes": { "rate": "0.01" } }"#,
        "{}",
    );
    assert!(Scenario::from_json(&ok).is_ok());
    // Two products of the same id: the first would be dropped.
    let (path, message) = json_error(&text(
        &format!(r#"{{ "cx2": {product}, "cx2": {product} }}"#),
        "{}",
        "{}",
    ));
    assert_eq!(path, "contract.products.cx2");
    assert!(
        message.starts_with("\"cx2\" is given twice; keep one"),
        "{message}"
    );
    // Two rates of one resource (a map keyed by a name of the format).
    let (path, message) = json_error(&text(
        &format!(r#"{{ "cx2": {product} }}"#),
        r#"{ "ivr_minutes": { "rate": "0.01" }, "ivr_minutes": { "rate": "9" } }"#,
        "{}",
    ));
    assert_eq!(path, "contract.resources.ivr_minutes");
    assert!(
        message.contains("\"ivr_minutes\" is given twice"),
        "{message}"
    );
    // A field of a struct, deep in a list.
    let (path, message) = json_error(&text(
        &format!(r#"{{ "cx2": {product} }}"#),
        "{}",
        r#"{ "quantities": [ { "cycle": 0, "product": "cx2", "quantity": "1", "quantity": "2" } ] }"#,
    ));
    assert_eq!(path, "usage.quantities[0].quantity");
    assert!(
        message.contains("\"quantity\" is given twice; keep one"),
        "{message}"
    );
    // At the top level, and with a key written with an escape.
    let (path, _) = json_error(&ok.replacen(
        r#""currency": "USD","#,
        r#""currency": "USD", "curr\u0065ncy": "EUR","#,
        1,
    ));
    assert_eq!(path, "currency");
}

#[test]
fn r_v1_a_key_given_twice_in_a_large_object_is_found_too() {
    // Past the few keys compared one by one: a hash set, linear time.
    let products: Vec<String> = (0..5_000)
        .map(|i| format!(r#""p{i}": {{ "tier": 2, "overage": "1" }}"#))
        .collect();
    let body = |extra: &str| {
        format!(
            r#"{{ "billsim": 1, "currency": "USD", "contract": {{ "activation": "2026-10-21",
              "model": "named", "term_cycles": 1, "products": {{ {}{extra} }} }} }}"#,
            products.join(", ")
        )
    };
    assert!(Scenario::from_json(&body("")).is_ok());
    let (path, message) = json_error(&body(r#", "p4321": { "tier": 1 }"#));
    assert_eq!(path, "contract.products.p4321");
    assert!(message.contains("given twice"), "{message}");
}

#[test]
fn r_v1_a_struct_written_as_a_list_is_refused() {
    let mut v = scenario(1, json!({}));
    v["contract"]["commitments"] = json!([["cx2", 0, "20"]]);
    let (path, message) = json_error(&v.to_string());
    assert_eq!(path, "contract.commitments[0]");
    assert!(message.contains("an object with named fields"), "{message}");
    let mut v = scenario(1, json!({}));
    v["contract"]["ramp"] = json!([1, "waived"]);
    assert_eq!(json_error(&v.to_string()).0, "contract.ramp");
    let mut v = scenario(1, json!({}));
    v["contract"]["products"]["cx2"] = json!([2, null, "115.00"]);
    assert_eq!(json_error(&v.to_string()).0, "contract.products.cx2");
    // The whole scenario as a list.
    let (path, message) = json_error(r#"[1, "USD"]"#);
    assert_eq!(path, "");
    assert!(message.contains("an object with named fields"), "{message}");
}

#[test]
fn r_v1_a_table_cell_longer_than_65535_characters_is_written_whole() {
    let long = "x".repeat(70_000);
    let t = billsim_core::table::Table {
        headers: vec!["name".into(), "n".into()],
        rows: vec![
            vec![long.clone(), "1".into()],
            vec!["a".into(), "22".into()],
        ],
    };
    let text = t.to_text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], format!("name{}  n", " ".repeat(70_000 - 4)));
    assert_eq!(lines[1], format!("{long}  1"));
    assert_eq!(lines[2], format!("a{}  22", " ".repeat(70_000 - 1)));
}

/// The path of the overflow `simulate` meets on `v`.
fn overflow_at(v: &Value) -> String {
    match simulate(&parse(v), None, &Options::default()) {
        Err(e @ Error::Overflow { .. }) => {
            let text = e.to_string();
            assert!(text.contains("number too large to compute"), "{text}");
            assert!(text.contains("check this value"), "{text}");
            e.path().into_owned()
        }
        other => panic!("expected an overflow, got {other:?}"),
    }
}

const DECIMAL_MAX: &str = "79228162514264337593543950335";

#[test]
fn r_v1_an_overflowing_rate_names_its_field() {
    let mut v = scenario(1, json!({}));
    v["contract"]["products"]["cx2"]["prepay"] = json!(DECIMAL_MAX);
    assert_eq!(overflow_at(&v), "contract.products.cx2.prepay");
    // Overage above the commitment, at a rate near the maximum.
    let mut v = scenario(
        1,
        json!({ "quantities": [ { "cycle": 0, "product": "cx2", "quantity": "12" } ] }),
    );
    v["contract"]["products"]["cx2"]["overage"] = json!(DECIMAL_MAX);
    assert_eq!(overflow_at(&v), "contract.products.cx2.overage");
}

#[test]
fn r_v1_a_total_that_would_lose_its_cents_is_refused_at_the_rate() {
    // A prepay of 10^24 for the 10 committed users: the line (10^25) fits
    // a decimal, but past 28 digits its sums would drop cents. Refused,
    // naming the rate.
    let mut v = scenario(1, json!({}));
    v["contract"]["products"]["cx2"]["prepay"] = json!("1000000000000000000000000.01");
    assert_eq!(overflow_at(&v), "contract.products.cx2.prepay");
    // A tenth of it bills, to the cent.
    v["contract"]["products"]["cx2"]["prepay"] = json!("10000000000000000000000.01");
    let r = simulate(&parse(&v), None, &Options::default()).unwrap();
    assert_eq!(r.totals.total.to_string(), "100000000000000000000000.10");
}

#[test]
fn r_v1_an_overflowing_device_cost_names_the_device() {
    let mut v = scenario(1, json!({}));
    v["contract"]["devices"] = json!([
        { "name": "Headset", "quantity": 1, "monthly": "5.00" },
        { "name": "Edge", "quantity": 3, "one_time": DECIMAL_MAX }
    ]);
    assert_eq!(overflow_at(&v), "contract.devices[1].one_time");
    v["contract"]["devices"][0]["monthly"] = json!(DECIMAL_MAX);
    v["contract"]["devices"][0]["quantity"] = json!(2);
    assert_eq!(overflow_at(&v), "contract.devices[0].monthly");
}

#[test]
fn r_v1_a_huge_resource_quantity_names_the_rate_or_the_row() {
    let mut v = scenario(
        1,
        json!({ "resources": [ { "date": "2026-10-22", "org": "main", "resource": "ivr_minutes", "quantity": "39614081257132168796771975168" } ] }),
    );
    v["contract"]["resources"] = json!({ "ivr_minutes": { "rate": "3" } });
    assert_eq!(overflow_at(&v), "contract.resources.ivr_minutes.rate");
    // Two days' rows summed past the maximum: the row that does it.
    v["usage"]["resources"] = json!([
        { "date": "2026-10-22", "org": "main", "resource": "ivr_minutes", "quantity": DECIMAL_MAX },
        { "date": "2026-10-23", "org": "main", "resource": "ivr_minutes", "quantity": DECIMAL_MAX }
    ]);
    let p = overflow_at(&v);
    assert!(p.starts_with("usage.resources"), "{p}");
    // A telco rate near the maximum.
    let mut v = scenario(
        1,
        json!({ "calls": [ { "org": "main", "type": "inbound", "start": "2026-10-22T08:00:00Z", "seconds": 600 } ] }),
    );
    v["contract"]["telco"] = json!({ "rates": { "inbound": DECIMAL_MAX } });
    assert_eq!(overflow_at(&v), "contract.telco.rates.inbound");
}

#[test]
fn r_v1_a_decimal_with_more_digits_than_held_is_refused_not_rounded() {
    let forty = "1.234567890123456789012345678901234567890";
    let mut v = scenario(1, json!({}));
    v["contract"]["products"]["cx2"]["prepay"] = json!(forty);
    let (path, message) = json_error(&v.to_string());
    assert_eq!(path, "contract.products.cx2.prepay");
    assert!(
        message.contains("has more digits than billsim can hold (at most 28 significant digits)"),
        "{message}"
    );
    // Forty digits before the point: too many as well (not "not a decimal").
    let mut v = scenario(1, json!({}));
    v["contract"]["devices"] =
        json!([{ "name": "Edge", "quantity": 1, "monthly": "9".repeat(40) }]);
    let (path, message) = json_error(&v.to_string());
    assert_eq!(path, "contract.devices[0].monthly");
    assert!(
        message.contains("more digits than billsim can hold"),
        "{message}"
    );
    // 28 decimals fit exactly.
    let mut v = scenario(1, json!({}));
    v["contract"]["products"]["cx2"]["prepay"] = json!("0.0000000000000000000000000001");
    assert!(Scenario::from_json(&v.to_string()).is_ok());

    // CSV decimal cells.
    let f = format!("org,resource,date,quantity\nmain,ivr_minutes,2026-10-22,{forty}\n");
    let (problems, _) = csv_problems(csv::resources(f.as_bytes()).unwrap_err());
    assert_eq!((problems[0].line, problems[0].column), (2, 4));
    assert!(
        problems[0]
            .message
            .contains("more digits than billsim can hold"),
        "{}",
        problems[0].message
    );
    let f = format!(
        "id,org,start,resources,bot_minutes\ni-1,main,2026-10-22T10:00:00Z,bot_flow,{forty}\n"
    );
    let (problems, _) = csv_problems(csv::interactions(f.as_bytes()).unwrap_err());
    assert_eq!((problems[0].line, problems[0].column), (2, 5));
    assert!(
        problems[0]
            .message
            .contains("at most 28 significant digits"),
        "{}",
        problems[0].message
    );
}

#[test]
fn r_v1_a_decimal_written_with_an_exponent_is_refused_in_every_field() {
    let mut v = scenario(1, json!({}));
    v["contract"]["commitments"][0]["quantity"] = json!("1e3");
    let (path, message) = json_error(&v.to_string());
    assert_eq!(path, "contract.commitments[0].quantity");
    assert!(
        message.contains("write the number in full (1000)"),
        "{message}"
    );
    let mut v = scenario(1, json!({}));
    v["contract"]["products"]["cx2"]["overage"] = json!("1.38E2");
    let (path, message) = json_error(&v.to_string());
    assert_eq!(path, "contract.products.cx2.overage");
    assert!(
        message.contains("write the number in full (138)"),
        "{message}"
    );
    let mut v = scenario(1, json!({}));
    v["contract"]["taxes"] = json!([{ "name": "VAT", "rate": "2e-1", "applies_to": ["license"] }]);
    let (path, message) = json_error(&v.to_string());
    assert_eq!(path, "contract.taxes[0].rate");
    assert!(
        message.contains("write the number in full (0.2)"),
        "{message}"
    );
    let v = scenario(
        1,
        json!({ "profiles": [profile(1, 1, json!({ "mix": { "cx2": "1e0" } }))] }),
    );
    let (path, _) = json_error(&v.to_string());
    assert_eq!(path, "usage.profiles[0].mix.cx2");
    // In a map keyed by a resource name too.
    let mut v = scenario(1, json!({}));
    v["contract"]["resources"] = json!({ "sms": { "rate": "1e-2" } });
    let (path, message) = json_error(&v.to_string());
    assert!(path.starts_with("contract.resources"), "{path}");
    assert!(
        message.contains("write the number in full (0.01)"),
        "{message}"
    );

    let f = "org,resource,date,quantity\nmain,ivr_minutes,2026-10-22,1e3\n";
    let (problems, _) = csv_problems(csv::resources(f.as_bytes()).unwrap_err());
    assert_eq!((problems[0].line, problems[0].column), (2, 4));
    assert!(
        problems[0]
            .message
            .contains("write the number in full (1000)"),
        "{}",
        problems[0].message
    );
    let f = "id,org,start,resources,bot_sessions\ni-1,main,2026-10-22T10:00:00Z,bot_flow,2E1\n";
    let (problems, _) = csv_problems(csv::interactions(f.as_bytes()).unwrap_err());
    assert_eq!((problems[0].line, problems[0].column), (2, 5));
    assert!(
        problems[0]
            .message
            .contains("write the number in full (20)"),
        "{}",
        problems[0].message
    );
}

/// A scenario with one session from `login` to `logout`.
fn one_session(login: &str, logout: &str) -> String {
    scenario(
        1,
        json!({ "sessions": [ { "user": "ana", "org": "main", "product": "cx2",
            "login": login, "logout": logout } ] }),
    )
    .to_string()
}

#[test]
fn r_v1_an_instant_finer_than_a_millisecond_is_refused_with_its_place() {
    let (path, message) = json_error(&one_session(
        "2026-10-22T08:00:00.0000001Z",
        "2026-10-22T08:00:00.0004Z",
    ));
    assert_eq!(path, "usage.sessions[0].login");
    assert!(
        message.contains(
            "billsim keeps times to the millisecond: write at most 3 decimals of a second"
        ),
        "{message}"
    );
    let (path, _) = json_error(&one_session(
        "2026-10-22T08:00:00Z",
        "2026-10-22T08:00:00.0004Z",
    ));
    assert_eq!(path, "usage.sessions[0].logout");
    // Milliseconds, and zeros past them, are kept.
    let ok = parse(
        &serde_json::from_str(&one_session(
            "2026-10-22T08:00:00.250Z",
            "2026-10-22T09:00:00.123000000+00:00",
        ))
        .unwrap(),
    );
    assert_eq!(ok.usage.sessions[0].logout.timestamp_subsec_millis(), 123);
    let mut v = scenario(
        1,
        json!({ "calls": [ { "org": "main", "type": "inbound",
        "start": "2026-10-22T08:00:00.1234Z", "seconds": 60 } ] }),
    );
    v["contract"]["telco"] = json!({ "rates": { "inbound": "0.01" } });
    assert_eq!(json_error(&v.to_string()).0, "usage.calls[0].start");

    // CSV instants, by the fast path (Z) and the full parser (an offset).
    let f = b"user,org,product,login,logout\n\
ana,main,cx2,2026-10-22T08:00:00.0000001Z,2026-10-22T08:00:00.0004Z\n\
bob,main,cx2,2026-10-22T08:00:00.5000+02:00,2026-10-22T09:00:00.1239+02:00\n";
    let (problems, _) = csv_problems(csv::sessions_open(&f[..]).unwrap_err());
    let at: Vec<(u64, usize)> = problems.iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(at, [(2, 4), (2, 5), (3, 5)]);
    for p in &problems {
        assert!(
            p.message.contains("billsim keeps times to the millisecond"),
            "{}",
            p.message
        );
    }
    let f =
        b"org,type,start,seconds,international\nmain,inbound,2026-10-22T08:00:00.00001Z,60,false\n";
    let (problems, _) = csv_problems(csv::calls(&f[..]).unwrap_err());
    assert_eq!((problems[0].line, problems[0].column), (2, 3));
    let f = b"id,org,start,resources\ni-1,main,2026-10-22T08:00:00.9999Z,bot_flow\n";
    let (problems, _) = csv_problems(csv::interactions(&f[..]).unwrap_err());
    assert_eq!((problems[0].line, problems[0].column), (2, 3));
    assert!(
        problems[0].message.contains("at most 3 decimals"),
        "{}",
        problems[0].message
    );
}

#[test]
fn r_v1_a_year_outside_1900_to_2100_is_refused_wherever_a_date_is_written() {
    let mut v = scenario(1, json!({}));
    v["contract"]["activation"] = json!("+10000-01-01");
    let (path, message) = json_error(&v.to_string());
    assert_eq!(path, "contract.activation");
    assert!(message.contains("years 1900 to 2100"), "{message}");
    let mut v = scenario(1, json!({}));
    v["contract"]["one_time"] = json!([{ "name": "Setup", "amount": "1", "date": "1899-12-31" }]);
    assert_eq!(json_error(&v.to_string()).0, "contract.one_time[0].date");
    let mut v = scenario(1, json!({}));
    v["contract"]["devices"] =
        json!([{ "name": "Edge", "quantity": 1, "ship_date": "2101-01-01" }]);
    assert_eq!(
        json_error(&v.to_string()).0,
        "contract.devices[0].ship_date"
    );
    let (path, message) = json_error(&one_session(
        "2026-10-22T08:00:00Z",
        "+10000-01-01T00:00:00Z",
    ));
    assert_eq!(path, "usage.sessions[0].logout");
    assert!(message.contains("years 1900 to 2100"), "{message}");
    let v = scenario(
        1,
        json!({ "resources": [ { "date": "0001-01-01", "org": "main",
        "resource": "ivr_minutes", "quantity": "1" } ] }),
    );
    assert_eq!(json_error(&v.to_string()).0, "usage.resources[0].date");
    // The bounds themselves are years billsim reads.
    let mut v = scenario(1, json!({}));
    v["contract"]["devices"] =
        json!([{ "name": "Edge", "quantity": 1, "ship_date": "2100-12-31" }]);
    v["contract"]["one_time"] = json!([{ "name": "Setup", "amount": "1", "date": "1900-01-01" }]);
    assert!(Scenario::from_json(&v.to_string()).is_ok());

    // CSV dates and instants.
    let f = b"org,resource,date,quantity\nmain,ivr_minutes,2101-01-01,1\nmain,ivr_minutes,+10000-01-01,1\n";
    let (problems, _) = csv_problems(csv::resources(&f[..]).unwrap_err());
    assert_eq!(problems.len(), 2);
    for p in &problems {
        assert_eq!(p.column, 3);
        assert!(p.message.contains("years 1900 to 2100"), "{}", p.message);
    }
    let f = b"user,org,product,date,duration\nana,main,cx2,1850-06-01,01:00:00:000\n";
    let (problems, _) = csv_problems(csv::hours(&f[..]).unwrap_err());
    assert!(
        problems[0].message.contains("years 1900 to 2100"),
        "{}",
        problems[0].message
    );
    let f = b"user,org,product,login,logout\n\
ana,main,cx2,2101-01-01T08:00:00Z,2101-01-01T09:00:00Z\n\
bob,main,cx2,1899-12-31T23:00:00-05:00,2026-10-22T09:00:00Z\n";
    let (problems, _) = csv_problems(csv::sessions_open(&f[..]).unwrap_err());
    let at: Vec<(u64, usize)> = problems.iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(at, [(2, 4), (2, 5)]);
    assert!(
        problems[0].message.contains("years 1900 to 2100"),
        "{}",
        problems[0].message
    );
    // 1899-12-31T23:00-05:00 is 1900-01-01T04:00Z: in the years billsim bills.
}

#[test]
fn r_v1_an_empty_resource_name_between_pipes_is_refused_at_its_cell() {
    let f = b"id,org,start,resources\n\
i-1,main,2026-10-22T08:00:00Z,bot_flow||virtual_agent\n\
i-2,main,2026-10-22T08:00:00Z,bot_flow| |virtual_agent\n\
i-3,main,2026-10-22T08:00:00Z,|bot_flow\n\
i-4,main,2026-10-22T08:00:00Z,bot_flow | virtual_agent\n";
    let (problems, _) = csv_problems(csv::interactions(&f[..]).unwrap_err());
    let at: Vec<(u64, usize)> = problems.iter().map(|p| (p.line, p.column)).collect();
    assert_eq!(at, [(2, 4), (3, 4), (4, 4)]);
    assert!(
        problems[0]
            .message
            .contains("an empty resource name between |"),
        "{}",
        problems[0].message
    );
    // Spaces around a name are still fine.
    let ok = b"id,org,start,resources\ni-4,main,2026-10-22T08:00:00Z,bot_flow | virtual_agent\n";
    assert_eq!(csv::interactions(&ok[..]).expect("read").len(), 1);
}

#[test]
fn r_v1_commitment_quantities_are_whole_numbers_up_to_a_million() {
    let with = |q: &str| {
        let mut v = scenario(1, json!({}));
        v["contract"]["commitments"][0]["quantity"] = json!(q);
        parse(&v)
    };
    let run = |s: &Scenario| simulate(s, None, &Options::default());
    invalid_at(
        run(&with("2.5")),
        "contract.commitments[0].quantity",
        "2.5 is not a whole number",
    );
    // 74 trillion billed before.
    let text = invalid_at(
        run(&with("99999999999")),
        "contract.commitments[0].quantity",
        "is too large",
    );
    assert!(text.contains("at most 1,000,000"), "{text}");
    invalid_at(
        run(&with("1000001")),
        "contract.commitments[0].quantity",
        "at most 1,000,000",
    );
    // The bound itself, and a whole number written with decimals, are fine.
    assert!(run(&with("1000000")).is_ok());
    assert!(run(&with("20.00")).is_ok());

    // Add-on commitment steps too.
    let mut v = scenario(1, json!({}));
    v["contract"]["addons"] = json!([{ "id": "wem", "base": "cx2", "prepay": "10", "overage": "12",
        "commitments": [ { "from_cycle": 0, "quantity": "0.5" } ] }]);
    invalid_at(
        run(&parse(&v)),
        "contract.addons[0].commitments[0].quantity",
        "not a whole number",
    );
}

#[test]
fn r_v1_an_unclosed_quote_is_named_with_its_line() {
    // Line 4 opens a quote in its second column and never closes it: the
    // rest of the file was read as one cell, and line 4 reported empty cells.
    let f = b"user,org,product,login,logout\n\
ana,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n\
bob,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n\
cy,\"main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n\
dee,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n";
    let (problems, more) = csv_problems(csv::sessions_open(&f[..]).unwrap_err());
    assert_eq!((problems.len(), more), (1, 0), "{problems:?}");
    // The column is the one the quote opens (issue 23: it was 0).
    assert_eq!((problems[0].line, problems[0].column), (4, 2));
    assert!(
        problems[0]
            .message
            .starts_with("a quoted field is not closed (a \" is missing)"),
        "{}",
        problems[0].message
    );
    assert!(
        problems[0].message.contains("column 2"),
        "{}",
        problems[0].message
    );
    let e = csv::sessions_open(&f[..]).unwrap_err().to_string();
    assert!(e.contains("line 4:2: a quoted field is not closed"), "{e}");
    // Every reader, and the header too.
    let f = b"org,resource,date,quantity\nmain,ivr_minutes,2026-10-22,\"5\n";
    let (problems, _) = csv_problems(csv::resources(&f[..]).unwrap_err());
    assert_eq!((problems[0].line, problems[0].column), (2, 4));
    let f = b"org,\"type,start,seconds,international\nmain,inbound,2026-10-22T08:00:00Z,60,false\n";
    let (problems, _) = csv_problems(csv::calls(&f[..]).unwrap_err());
    assert_eq!(problems[0].line, 1);
    assert!(
        problems[0].message.contains("not closed"),
        "{}",
        problems[0].message
    );
    // A quote inside an unquoted cell is text, and "" inside a quoted one is a quote.
    let ok = b"user,org,product,login,logout\nan\"a,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n\"b\"\"o\",main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z";
    let (t, _) = csv::sessions_open(&ok[..]).expect("read");
    assert_eq!(t.users, ["an\"a", "b\"o"]);
}

/// `n` orgs, each with a CX2 commitment of 2 and 3 users forecast in each
/// of two term cycles (plus storage used, so the pooled fair-use allowance
/// of every org's licenses is priced too, R-S1).
fn orgs_scenario(n: usize) -> Scenario {
    let orgs: Vec<Value> = (0..n)
        .map(|i| json!({ "id": format!("o{i}"), "region": "us-east-1" }))
        .collect();
    let commitments: Vec<Value> = (0..n)
        .map(|i| json!({ "org": format!("o{i}"), "product": "cx2", "from_cycle": 0, "quantity": "2" }))
        .collect();
    let quantities: Vec<Value> = (0..n)
        .flat_map(|i| {
            (0..2).map(move |k| {
                json!({ "cycle": k, "org": format!("o{i}"), "product": "cx2", "quantity": format!("{}", 3 + (i + k) % 2) })
            })
        })
        .collect();
    parse(&json!({
        "billsim": 1,
        "currency": "USD",
        "contract": {
            "activation": "2026-10-21",
            "model": "concurrent",
            "term_cycles": 2,
            "products": { "cx2": { "tier": 2, "prepay": "115.00", "overage": "138.00", "list": "150.00", "hourly": "1.25" } },
            "commitments": commitments,
            "taxes": [ { "name": "VAT", "rate": "0.2", "applies_to": ["license", "resource"] } ]
        },
        "orgs": orgs,
        "usage": {
            "quantities": quantities,
            "resources": [ { "date": "2026-10-25", "org": "o0", "resource": "storage_gb", "quantity": format!("{}", 130 * n) } ]
        }
    }))
}

/// R-O1, issue 23 #2: each org's curve is priced against that org's own
/// lines, not the whole contract's, so advice is linear in orgs. Counted
/// in (org, product) license lines priced, not in seconds: 10 times the
/// orgs must cost at most about 10 times the lines (it was 100 times:
/// every point of every org's curve priced every org).
#[test]
fn r_o1_advice_for_1000_orgs_is_linear_in_orgs() {
    use billsim_core::advice::{advise, Options as AdviceOptions};
    let lines = |n: usize| {
        let s = orgs_scenario(n);
        let before = billsim_core::work::lines_priced();
        let a = advise(&s, None, &AdviceOptions::default()).expect("advice");
        assert_eq!(a.products.len(), n);
        billsim_core::work::lines_priced() - before
    };
    let (hundred, thousand) = (lines(100), lines(1_000));
    assert!(
        thousand <= 12 * hundred,
        "100 orgs priced {hundred} lines, 1,000 orgs {thousand}: not linear"
    );
}

/// R-O1, issue 23 #2: the one-org pricing gives the advice the full
/// pricing gives: on multi-org scenarios (pooled allowances, taxes, a
/// stepped commitment, an add-on on one org's base, annual prepay), every
/// point of every org's curve, and every step's best, is the total of a
/// full simulate with that org's commitment set there.
#[test]
fn r_o1_one_org_curves_total_as_the_full_pricing() {
    use billsim_core::advice::{advise, Options as AdviceOptions};
    use billsim_core::stages::Prepared;
    let mut scenarios = vec![orgs_scenario(3)];
    let mut stepped = serde_json::to_value(orgs_scenario(4)).expect("json");
    stepped["contract"]["commitments"]
        .as_array_mut()
        .expect("commitments")
        .push(json!({ "org": "o1", "product": "cx2", "from_cycle": 1, "quantity": "5" }));
    stepped["contract"]["addons"] = json!([{ "id": "wem", "base": "cx2", "org": "o2",
        "prepay": "20.00", "overage": "25.00",
        "commitments": [ { "from_cycle": 0, "quantity": "1" } ] }]);
    stepped["contract"]["billing"] = json!("annual_upfront");
    scenarios.push(parse(&stepped));
    let mut named = serde_json::to_value(orgs_scenario(3)).expect("json");
    named["contract"]["model"] = json!("named");
    scenarios.push(parse(&named));
    for s in &scenarios {
        let a = advise(s, None, &AdviceOptions::default()).expect("advice");
        let p = Prepared::new(s, None).expect("prepared");
        let model = s.contract.model;
        let m = p.measure(model, false).expect("measured");
        let full = |c: &billsim_core::contract::Commitments| {
            p.price(&m, model, c).expect("priced").totals.total
        };
        for pa in &a.products {
            let org = pa
                .org
                .as_deref()
                .and_then(|o| p.catalog.org(o))
                .expect("org");
            let product = p.catalog.product(&pa.product).expect("product");
            for pt in &pa.curve {
                let c = p.commitments.with_level(org, product, pt.committed);
                assert_eq!(pt.total, full(&c), "{:?} at {}", pa.org, pt.committed);
            }
            for (i, st) in pa.steps.iter().enumerate() {
                let c = p.commitments.with_step(org, product, i, st.best);
                assert_eq!(st.total_at_best, full(&c), "{:?} step {i}", pa.org);
            }
        }
    }
}

/// R-O1, issue 23 #13: 12,000 users measured make a curve of 24,001
/// points: sampled (1,000 intervals, then every commitment between the
/// best sample's neighbours), not refused. The advised commitment is the
/// exact best a brute force over every integer commitment finds, and every
/// point shown is that commitment's exact total.
#[test]
fn r_o2_advice_above_10000_users_samples_the_curve() {
    use billsim_core::advice::{advise, Options as AdviceOptions};
    use billsim_core::stages::Prepared;
    // 12,000, 9,001 and 11,003 users in three term cycles: the best level
    // is 9,001 (one more costs 3 x 115 - 2 x 138 = 69 more), off the samples'
    // grid of 24 (9,000 and 9,024 are samples).
    let mut s = scenario(
        3,
        json!({ "quantities": [
        { "cycle": 0, "product": "cx2", "quantity": "12000" },
        { "cycle": 1, "product": "cx2", "quantity": "9001" },
        { "cycle": 2, "product": "cx2", "quantity": "11003" } ] }),
    );
    s["contract"]["taxes"] =
        json!([ { "name": "VAT", "rate": "0.0825", "applies_to": ["license"] } ]);
    let s = parse(&s);
    let a = advise(&s, None, &AdviceOptions::default()).expect("advice, not a refusal");
    let cx2 = &a.products[0];
    assert!(cx2.curve.len() < 2_000, "{} points", cx2.curve.len());
    assert_eq!(cx2.curve.first().map(|p| p.committed), Some(0.into()));
    assert_eq!(cx2.curve.last().map(|p| p.committed), Some(24_000.into()));
    // Brute force: every integer commitment, priced in full.
    let p = Prepared::new(&s, None).expect("prepared");
    let m = p.measure(s.contract.model, false).expect("measured");
    let mut fixed = p.fixed(&m, s.contract.model);
    let total = |fixed: &mut Option<billsim_core::invoice::Fixed>, c: u32| {
        let keys = p.commitments.with_level(0, 0, c.into());
        p.price_total_with(fixed.as_mut(), &m, s.contract.model, &keys)
            .expect("priced")
    };
    let mut best = (0u32, total(&mut fixed, 0));
    for c in 1..=24_000u32 {
        let t = total(&mut fixed, c);
        if t < best.1 {
            best = (c, t);
        }
    }
    assert_eq!(best.0, 9_001);
    assert_eq!(cx2.best, best.0.into());
    assert_eq!(cx2.total_at_best, best.1);
    for pt in cx2.curve.iter().step_by(37) {
        let c = u32::try_from(pt.committed).expect("a commitment");
        assert_eq!(pt.total, total(&mut fixed, c), "at {c}");
    }
}

/// R-O1, issue 23 #13: more pricings than the bound without seeds in use
/// (100 orgs of 1,000 users: 100 curves of 2,001 points) says what to do
/// then, not "ask for fewer seeds".
#[test]
fn r_v1_pricings_refused_without_seeds_say_what_to_do() {
    use billsim_core::advice::{advise, Options as AdviceOptions};
    let mut v = serde_json::to_value(orgs_scenario(100)).expect("json");
    for q in v["usage"]["quantities"].as_array_mut().expect("quantities") {
        q["quantity"] = json!("1000");
    }
    let text = invalid_at(
        advise(&parse(&v), None, &AdviceOptions::default()),
        "contract.products.cx2",
        "fewer orgs or products",
    );
    assert!(!text.contains("seeds"), "{text}");
}

#[test]
fn r_v1_a_share_link_that_unpacks_past_16_mb_is_refused() {
    use billsim_core::share_link::{encode, read};
    // 17 MB of one letter packs into a link of a few kilobytes.
    let bomb = encode(&"x".repeat(17 << 20));
    assert!(bomb.len() < 64 << 10, "{}", bomb.len());
    let e = read(&bomb).unwrap_err();
    assert!(e.contains("more than 16 MB"), "{e}");
    // Just under the cap still opens.
    let big = "y".repeat((16 << 20) - 1);
    assert_eq!(read(&encode(&big)).as_deref(), Ok(big.as_str()));
}

/// Heap bytes counted per thread: a test measures its own work exactly,
/// whatever the other tests of this file do at the same time.
mod heap {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    pub struct PerThread;

    thread_local! {
        static NOW: Cell<isize> = const { Cell::new(0) };
        static PEAK: Cell<isize> = const { Cell::new(0) };
    }

    fn moved(by: isize) {
        let _ = NOW.try_with(|now| {
            now.set(now.get() + by);
            let _ = PEAK.try_with(|p| p.set(p.get().max(now.get())));
        });
    }

    /// The most bytes this thread held beyond what it held at the start,
    /// while `f` ran.
    pub fn peak<T>(f: impl FnOnce() -> T) -> (T, usize) {
        let start = NOW.with(Cell::get);
        PEAK.with(|p| p.set(start));
        let out = f();
        (out, (PEAK.with(Cell::get) - start).max(0) as usize)
    }

    // SAFETY: every call is passed on to the system allocator unchanged;
    // only this thread's byte counts are kept on the side.
    unsafe impl GlobalAlloc for PerThread {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            moved(l.size() as isize);
            unsafe { System.alloc(l) }
        }
        unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
            moved(l.size() as isize);
            unsafe { System.alloc_zeroed(l) }
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            moved(-(l.size() as isize));
            unsafe { System.dealloc(p, l) }
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
            // The new block is taken before the old one is given back.
            moved(new as isize);
            let q = unsafe { System.realloc(p, l, new) };
            moved(-(l.size() as isize));
            q
        }
    }
}

#[global_allocator]
static HEAP: heap::PerThread = heap::PerThread;

/// `users` users each logged in for `years` years without a break, on a
/// named contract of 240 monthly cycles (20 years).
fn long_sessions(users: usize, years: i32) -> Scenario {
    let sessions: Vec<Value> = (0..users)
        .map(|u| {
            json!({ "user": format!("u{u}"), "org": "main", "product": "cx2",
                "login": "2026-10-22T08:00:00Z",
                "logout": format!("{}-10-20T08:00:00Z", 2026 + years) })
        })
        .collect();
    let mut v = scenario(240, json!({ "sessions": sessions }));
    v["contract"]["model"] = json!("named");
    parse(&v)
}

/// Issue 23 #3: 40 users logged in for 20 years are 292,000 user-days
/// (10 MB of CSV). The reports are written as their rows are made, one
/// user-day at a time, and a result (the JS API's `reports: true`) holds
/// at most its limit of rows, with a note, not the whole report: before,
/// both held every row several times over (2,000 such users: 4.3 GB).
#[test]
fn r_v1_a_report_of_20_year_sessions_streams_in_a_bounded_window() {
    use billsim_core::reports::{self, Kind, RESULT_LIMIT};
    use billsim_core::rows;

    let s = long_sessions(40, 20);
    let r = reports::build(&s, None).expect("reports");
    let hours = r.report(Kind::Hours);
    let days = rows::count(&hours);
    assert!(days > 290_000, "{days} user-days");
    // Written whole, in CSV and inside the result's JSON, within 1 MB.
    let (written, held) = heap::peak(|| rows::csv(&hours, std::io::sink()));
    written.expect("written");
    assert!(held < 1 << 20, "{held} bytes held writing {days} rows");
    // The bill itself (240 cycles) is made whole as serde writes it; its
    // reports add no more than a buffer.
    let bill = simulate(&s, None, &Options::default()).expect("bill");
    let own = bill.to_json().len();
    let (written, held) = heap::peak(|| reports::write_result_json(&bill, &r, std::io::sink()));
    written.expect("written");
    assert!(
        held < 3 * own + (1 << 20),
        "{held} bytes held writing the result ({own} bytes without its reports)"
    );

    // A result holds RESULT_LIMIT rows at most, whatever the sessions' length.
    let opts = Options {
        reports: true,
        ..Options::default()
    };
    let mut peaks = Vec::new();
    for years in [10, 20] {
        let s = long_sessions(40, years);
        let all = rows::count(
            &reports::build(&s, None)
                .expect("reports")
                .report(Kind::Hours),
        );
        let (result, held) = heap::peak(|| simulate(&s, None, &opts));
        let result = result.expect("simulated");
        let tables = result.reports.expect("reports asked for");
        assert_eq!(tables.user_hours.rows.len(), RESULT_LIMIT);
        let said = format!(
            "user_hours: the first {RESULT_LIMIT} of {all} rows are in the result; `billsim report hours` writes every row"
        );
        assert!(result.notes.contains(&said), "{:?}", result.notes);
        println!("{years} years, {all} user-days: the result held {held} bytes");
        peaks.push(held);
    }
    // Twice the days, not twice the memory.
    assert!(
        peaks[1] < peaks[0] + peaks[0] / 4,
        "{} bytes for 10 years, {} for 20",
        peaks[0],
        peaks[1]
    );
    assert!(peaks[1] < 32 << 20, "{} bytes for 20 years", peaks[1]);
}

/// R-X1: a tax rate written as a percent (8.25 for 8.25%) is refused with
/// its path, not billed as 825% tax.
#[test]
fn r_x1_a_tax_rate_written_as_a_percent_is_refused() {
    let mut v = scenario(1, json!({}));
    v["contract"]["taxes"] =
        json!([{"name": "Sales tax", "rate": "8.25", "applies_to": ["license"]}]);
    let e = invalid_at(
        simulate(&parse(&v), None, &Options::default()),
        "contract.taxes[0].rate",
        "8.25% is written \"0.0825\"",
    );
    assert!(e.contains("more than the whole amount"), "{e}");
    v["contract"]["taxes"][0]["rate"] = json!("1");
    simulate(&parse(&v), None, &Options::default()).expect("a rate of 1 taxes the whole amount");
}

/// R-V1 (issue 23): a line with fewer fields than the header is said once,
/// with the columns it lacks, not as empty instants.
#[test]
fn r_v1_a_short_line_names_the_columns_it_lacks() {
    let f = b"user,org,product,login,logout\n\
ana,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n\
bob,main,cx2\n";
    let (problems, more) = csv_problems(csv::sessions_open(&f[..]).unwrap_err());
    assert_eq!((problems.len(), more), (1, 0), "{problems:?}");
    assert_eq!((problems[0].line, problems[0].column), (3, 4));
    assert_eq!(
        problems[0].message,
        "this line has 3 field(s), so login, logout are missing: each line needs a value under every column of the header (is a comma missing?)"
    );
}

/// R-V1 (issue 23): a file saved with semicolons says so, not only which
/// columns are missing.
#[test]
fn r_v1_a_semicolon_file_says_to_save_with_commas() {
    let f =
        b"user;org;product;login;logout\nana;main;cx2;2026-10-22T08:00:00Z;2026-10-22T09:00:00Z\n";
    let (problems, _) = csv_problems(csv::sessions_open(&f[..]).unwrap_err());
    assert_eq!(problems[0].line, 1);
    assert!(
        problems[0].message.ends_with(
            "The header is one column holding semicolons: save the file with commas as separators."
        ),
        "{}",
        problems[0].message
    );
}

#[test]
fn r_v1_a_filled_field_past_the_header_is_refused_by_every_reader() {
    // A sixth value on a five-column line was dropped without a word: an
    // unquoted "1,5" or a shifted export would be read as something else.
    let want = |e: Error, file: &str| {
        let (problems, _) = csv_problems(e);
        assert_eq!(problems.len(), 1, "{file}: {problems:?}");
        assert_eq!((problems[0].line, problems[0].column), (2, 6), "{file}");
        assert!(
            problems[0]
                .message
                .contains("this line has 6 fields but the header names 5 columns: put a value that holds a comma in quotes"),
            "{file}: {}",
            problems[0].message
        );
    };
    let e = csv::sessions_open(
        &b"user,org,product,login,logout\nana,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z,x\n"[..],
    )
    .unwrap_err();
    want(e, "sessions");
    let e = csv::calls(
        &b"org,type,start,seconds,international\nmain,inbound,2026-10-22T08:00:00Z,60,false,7\n"[..],
    )
    .unwrap_err();
    want(e, "calls");
    let e = csv::hours(&b"user,org,product,date,duration\nana,main,cx2,2026-10-22,1.5,2\n"[..])
        .unwrap_err();
    want(e, "hours");
    let e = csv::resources(&b"org,resource,date,quantity,unit\nmain,sms,2026-10-22,5,1,000\n"[..])
        .unwrap_err();
    want(e, "resources");
    // Trailing commas (empty fields) are what spreadsheets write: no error.
    let ok = csv::calls(
        &b"org,type,start,seconds,international\nmain,inbound,2026-10-22T08:00:00Z,60,false,,\n"[..],
    )
    .unwrap();
    assert_eq!(ok.len(), 1);
}

#[test]
fn r_m3_a_commitment_step_after_the_term_is_kept_and_said() {
    // Refusing it would refuse a form's shortened term; billing it is
    // impossible. So the result says it bills nothing.
    let mut v = scenario(2, json!({}));
    v["contract"]["commitments"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "product": "cx2", "from_cycle": 5, "quantity": "40" }));
    let r = simulate(&parse(&v), None, &Options::default()).unwrap();
    assert_eq!(
        r.notes,
        ["Commitment step 2 (cx2 from cycle 5) starts after the term's last cycle (1), so it bills nothing: remove it or lengthen the term"]
    );
    // The bill is the one without the step.
    v["contract"]["commitments"].as_array_mut().unwrap().pop();
    let without = simulate(&parse(&v), None, &Options::default()).unwrap();
    assert_eq!(r.totals.total, without.totals.total);
    assert!(without.notes.is_empty());
}

#[test]
fn r_c1_calls_outside_the_cycles_are_one_note_not_one_each() {
    // 5,000 calls a year before activation: one note, naming the first
    // and what to check (a note each was 5,000 lines of JSON paths).
    let calls: Vec<Value> = (0..5000)
        .map(|i| json!({ "org": "main", "type": "inbound", "start": format!("2025-10-22T08:{:02}:00Z", i % 60), "seconds": 60 }))
        .chain([json!({ "org": "main", "type": "inbound", "start": "2026-10-22T08:00:00Z", "seconds": 60 })])
        .collect();
    let mut v = scenario(1, json!({ "calls": calls }));
    v["contract"]["telco"] = json!({ "rates": { "inbound": "0.01" } });
    let r = simulate(&parse(&v), None, &Options::default()).unwrap();
    let said: Vec<&String> = r.notes.iter().filter(|n| n.contains("call(s)")).collect();
    assert_eq!(said.len(), 1, "{:?}", r.notes);
    assert!(
        said[0].starts_with("5000 call(s) start before the contract's first cycle or after its last, and were not billed; the first starts 2025-10-22 08:00 UTC (usage.calls[0]): check its date"),
        "{}",
        said[0]
    );
}
