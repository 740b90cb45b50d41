//! The `billsim` command as a user runs it: exit codes, messages, formats.

use std::process::{Command, Output};

fn billsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_billsim"))
        .args(args)
        .output()
        .expect("billsim runs")
}

fn example(name: &str) -> String {
    format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn tmp(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("billsim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn simulate_json_is_the_engines_result() {
    let out = billsim(&["simulate", &example("contact-center.json"), "--json"]);
    assert!(out.status.success());
    let got: billsim_core::SimResult = serde_json::from_slice(&out.stdout).expect("result v1");
    let text = std::fs::read_to_string(example("contact-center.json")).unwrap();
    let want = billsim_core::simulate_json(&text, &Default::default()).unwrap();
    assert_eq!(got, want);
}

#[test]
fn simulate_table_shows_lines_and_explanations() {
    let out = billsim(&["simulate", &example("committed-20-used-10.json")]);
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("Invoice 1 dated 2026-10-21"), "{s}");
    assert!(s.contains("Cloud CX 2 User - Prepay") && s.contains("2300.00"));
    assert!(s.contains("below the commitment, so the commitment is still billed in full"));
    assert!(s.contains("Totals: subtotal 6900.00  tax 0.00  total 6900.00 USD"));
}

#[test]
fn r_v1_bad_input_exits_2_naming_the_path() {
    let p = tmp(
        "bad.json",
        r#"{"billsim":1,"currency":"USD","contract":{"activation":"2026-10-21","model":"named","term_cycles":"x","products":{}}}"#,
    );
    let out = billsim(&["simulate", &p]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("billsim: contract.term_cycles: wrong kind of value: string \"x\", expected a whole number (0 or more)"),
        "{err}"
    );
}

#[test]
fn r_v1_bad_csv_rows_exit_2_with_line_and_column() {
    let csv = tmp("s.csv", "user,org,product,login,logout\nana,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\nbob,main,cx2,2026-10-22T08:00:00Z,later\n");
    let out = billsim(&[
        "simulate",
        &example("committed-20-used-10.json"),
        "--sessions",
        &csv,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("sessions: 1 problem") && err.contains("line 3:5 (logout)"),
        "{err}"
    );
}

#[test]
fn sessions_csv_drives_the_bill() {
    let scen = tmp(
        "named.json",
        r#"{"billsim":1,"currency":"USD","contract":{"activation":"2026-10-21","model":"named","term_cycles":1,"products":{"cx2":{"tier":2,"overage":"138.00"}}}}"#,
    );
    let csv = tmp("ok.csv", "logout,login,user,product,org\n2026-10-22T09:00:00Z,2026-10-22T08:00:00Z,ana,cx2,main\n2026-10-23T09:00:00Z,2026-10-23T08:00:00Z,bob,cx2,main\n");
    let out = billsim(&["simulate", &scen, "--sessions", &csv, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: billsim_core::SimResult = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r.totals.total.to_string(), "276.00");
}

#[test]
fn r_c3_as_of_shows_bill_to_date() {
    let out = billsim(&[
        "simulate",
        &example("prepay-and-overage.json"),
        "--as-of",
        "2026-11-10",
    ]);
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("Bill to date as of 2026-11-10 (cycle 0"), "{s}");
    assert!(
        !s.contains("Invoice 2 dated"),
        "invoices after the as-of date are not issued yet"
    );
}

#[test]
fn compare_marks_the_cheapest() {
    let out = billsim(&["compare", &example("contact-center.json")]);
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains("named") && s.contains("concurrent") && s.contains("hourly"),
        "{s}"
    );
    let marked: Vec<&str> = s.lines().skip(1).filter(|l| l.contains('*')).collect();
    assert_eq!(marked.len(), 1, "exactly one cheapest total: {s}");
    assert!(
        marked[0].starts_with("total") && marked[0].matches('*').count() == 1,
        "{s}"
    );
}

#[test]
fn report_peaks_as_csv() {
    let out = billsim(&["report", "peaks", &example("contact-center.json"), "--csv"]);
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.starts_with("date,org,peak,minutes_at_peak\n"), "{s:.200}");
    assert!(s.lines().count() > 300, "one row per working day");
}

/// `simulate --csv`: the invoices as the page downloads them, a row per line.
#[test]
fn simulate_invoices_as_csv() {
    let path = example("contact-center.json");
    let out = billsim(&["simulate", &path, "--csv"]);
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.starts_with("invoice,date,kind,category,org,product,description,period_start,period_end,timing,quantity,unit_price,amount,explanation\n"),
        "{s:.200}"
    );
    // The core's writer, which the page's download uses: the same bytes.
    let text = std::fs::read_to_string(&path).unwrap();
    let r = billsim_core::simulate_json(&text, &billsim_core::Options::default()).unwrap();
    assert_eq!(s, billsim_core::invoice_csv::csv(&r));
    let lines: usize = r.invoices.iter().map(|i| i.lines.len()).sum();
    assert!(lines > 10 && s.lines().count() > lines, "{lines}");
}

#[test]
fn unknown_option_is_a_usage_error() {
    let out = billsim(&["simulate", "x.json", "--jsn"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("unknown option --jsn"));
}

#[test]
fn r_k4_r_h3_reports_travel_in_the_result() {
    let out = billsim(&[
        "simulate",
        &example("contact-center.json"),
        "--json",
        "--reports",
    ]);
    assert!(out.status.success());
    let r: billsim_core::SimResult = serde_json::from_slice(&out.stdout).unwrap();
    let rep = r.reports.expect("reports asked for");
    assert_eq!(
        rep.daily_peaks.headers,
        ["date", "org", "peak", "minutes_at_peak"]
    );
    assert!(rep.daily_peaks.rows.len() > 300);
    // The user-hour report's durations are HH:MM:SS:mmm.
    assert!(rep
        .user_hours
        .rows
        .iter()
        .all(|row| row[3].len() == 12 && row[3].matches(':').count() == 3));
    assert!(rep
        .billable_users
        .rows
        .iter()
        .all(|row| row[5].ends_with('Z')));
}

#[test]
fn r_v1_every_bad_input_exits_2_naming_the_file() {
    let p = tmp("latin1.json", "");
    std::fs::write(&p, b"{\"billsim\": 1, \"name\": \"caf\xe9\"}").unwrap();
    let out = billsim(&["simulate", &p]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("latin1.json: not UTF-8 text (byte 28 is not valid UTF-8)"),
        "{err}"
    );
    let missing = tmp("x", "").replace("/x", "/no-such-file.json");
    let good = example("contact-center.json");
    for args in [
        vec!["simulate", missing.as_str()],
        vec!["simulate", good.as_str(), "--sessions", missing.as_str()],
    ] {
        let out = billsim(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("no-such-file.json"), "{err}");
    }
}

#[test]
fn r_v1_options_a_command_would_ignore_are_refused() {
    let s = example("contact-center.json");
    for (args, said) in [
        (
            vec!["compare", &s, "--as-of", "2027-02-10"],
            "compare does not take --as-of",
        ),
        (
            vec!["compare", &s, "--model", "named"],
            "compare does not take --model",
        ),
        (
            vec!["compare", &s, "--reports"],
            "compare does not take --reports",
        ),
        (
            vec!["report", "peaks", &s, "--as-of", "2027-02-10"],
            "report does not take --as-of",
        ),
        (
            vec!["report", "users", &s, "--model", "named"],
            "report does not take --model",
        ),
        (
            vec!["simulate", &s, "--csv", "--json"],
            "simulate does not take --csv with --json",
        ),
        (
            vec!["compare", &s, "--xlsx", "q.xlsx"],
            "compare does not take --xlsx",
        ),
        (
            vec!["advise", &s, "--xlsx", "q.xlsx"],
            "advise does not take --xlsx",
        ),
    ] {
        let out = billsim(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with(&format!("billsim: {said}")), "{err}");
    }
    // The usage text names what report does take.
    let help = String::from_utf8(billsim(&["--help"]).stdout).unwrap();
    assert!(help.contains("[--csv | --json]"), "{help}");
}

#[test]
fn r_v1_control_characters_in_input_are_escaped_in_messages() {
    let p = tmp(
        "nul.json",
        r#"{"billsim":1,"currency":"US\u0000D","contract":{"activation":"2026-10-21","model":"named","term_cycles":1,"products":{"cx2":{"tier":2,"prepay":"1"}}}}"#,
    );
    let out = billsim(&["simulate", &p]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains(r#"unknown currency "US\u{0}D""#), "{err:?}");
    assert!(!err.contains('\0'));
}

#[test]
fn r_v1_a_calls_file_names_its_bad_rows_by_line_not_by_json_path() {
    let calls = tmp(
        "calls.csv",
        "org,type,start,seconds,international\nmain,inbound,2026-10-22T08:00:00Z,60,false\nnowhere,inbound,2026-10-22T09:00:00Z,60,false\nelsewhere,inbound,2026-10-22T09:00:00Z,60,false\n",
    );
    let out = billsim(&[
        "simulate",
        &example("contact-center.json"),
        "--calls",
        &calls,
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("billsim: calls: 2 problems"), "{err}");
    assert!(
        err.contains("line 3:1 (org): unknown org \"nowhere\""),
        "{err}"
    );
    assert!(
        err.contains("line 4:1 (org): unknown org \"elsewhere\""),
        "{err}"
    );
    assert!(!err.contains("usage.calls"), "{err}");
}

const AI_SCENARIO: &str = r#"{"billsim":1,"currency":"USD","contract":{"activation":"2026-10-21","model":"named","term_cycles":1,"products":{"cx2":{"tier":2,"overage":"138.00"}}}}"#;

// R-AI2, R-V1: a bad interactions row names its line and column, nothing is billed.
#[test]
fn r_ai2_interactions_csv_bad_rows_exit_2_with_line_and_column() {
    let scen = tmp("ai.json", AI_SCENARIO);
    let csv = tmp(
        "bad-interactions.csv",
        "id,org,start,resources,bot_minutes\ni-1,main,2026-10-22T10:00:00Z,bot_flow,3\ni-2,main,2026-10-22T11:00:00Z,,2\ni-3,main,2026-10-22T12:00:00Z,bot_flow|robot,x\n",
    );
    let out = billsim(&["simulate", &scen, "--interactions", &csv]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("interactions: 3 problems"), "{err}");
    assert!(err.contains("line 3:4 (resources): no resource"), "{err}");
    assert!(
        err.contains("line 4:4 (resources): unknown resource \"robot\""),
        "{err}"
    );
    assert!(err.contains("line 4:5 (bot_minutes)"), "{err}");
}

// R-AI1, R-AI2, R-AI3, R-AI4: 4,250 bot-flow minutes are 250 tokens, all
// free, shown as a zero line; one agentic interaction more is 1.2 tokens
// above the 250 free, billed as 2.
#[test]
fn r_ai4_interactions_csv_drives_the_token_bill() {
    let scen = tmp("ai-ok.json", AI_SCENARIO);
    let mut csv = String::from("start,org,id,resources,bot_minutes,bot_sessions\n");
    for i in 0..85 {
        csv.push_str(&format!(
            "2026-10-{:02}T10:00:00Z,main,i-{i},bot_flow,50,\n",
            22 + i % 9
        ));
    }
    // The one line the file bills: kind, quantity, amount, explanation.
    let only_line = |name: &str, csv: &str| {
        let path = tmp(name, csv);
        let out = billsim(&["simulate", &scen, "--interactions", &path, "--json"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let r: billsim_core::SimResult = serde_json::from_slice(&out.stdout).unwrap();
        let lines: Vec<_> = r.invoices.iter().flat_map(|i| &i.lines).collect();
        assert_eq!(lines.len(), 1, "{lines:?}");
        let l = lines[0];
        (
            l.kind.as_str(),
            l.quantity.to_string(),
            l.amount.to_string(),
            l.explanation.clone(),
        )
    };
    let (kind, quantity, amount, why) = only_line("ok-interactions.csv", &csv);
    assert_eq!(
        (kind, quantity.as_str(), amount.as_str()),
        ("ai_overage", "0", "0.00"),
        "250 tokens are all free: a zero line"
    );
    assert!(why.contains("4,250 voice-bot minutes = 250 tokens; 250 free; nothing above the free allocation, so 0 tokens billed"), "{why}");
    csv.push_str("2026-10-23T10:00:00Z,main,i-x,bot_flow|agentic_virtual_agent,30,2\n");
    let (kind, quantity, amount, why) = only_line("more-interactions.csv", &csv);
    assert_eq!(
        (kind, quantity.as_str(), amount.as_str()),
        ("ai_overage", "2", "2.00")
    );
    assert!(why.contains("4,250 voice-bot minutes = 250 tokens + 1 agentic virtual-agent interactions = 1.2 tokens, 251.2 tokens in all; 250 free; 2 billed at 1.00"), "{why}");
}

/// A named contract: ana raised from CX2 to CX3, bob brief (59 min), one
/// CX2 committed (the fixture why-named-brief-users of the core, cycle 0).
const WHY_NAMED: &str = r#"{"billsim":1,"currency":"USD","contract":{"activation":"2026-10-21","model":"named","term_cycles":1,
 "commitments":[{"product":"cx2","from_cycle":0,"quantity":"1"}],
 "products":{"cx2":{"tier":2,"prepay":"115.00","overage":"138.00"},"cx3":{"tier":3,"prepay":"155.00","overage":"186.00"}}},
 "usage":{"sessions":[
  {"user":"ana","org":"main","product":"cx2","login":"2026-10-22T08:00:00Z","logout":"2026-10-22T12:00:00Z"},
  {"user":"ana","org":"main","product":"cx3","login":"2026-10-23T09:00:00Z","logout":"2026-10-23T10:00:00Z"},
  {"user":"bob","org":"main","product":"cx2","login":"2026-10-22T08:00:00Z","logout":"2026-10-22T08:59:00Z"},
  {"user":"cyd","org":"main","product":"cx2","login":"2026-10-22T09:00:00Z","logout":"2026-10-22T10:00:00Z"}]}}"#;

/// R-W1: the table names who, when, and what the brief users cost:
/// bob's CX2 is the one above the commitment, 138.00.
#[test]
fn r_w1_why_table_names_users_first_logins_and_brief_cost() {
    let p = tmp("why-named.json", WHY_NAMED);
    let out = billsim(&["why", &p]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains("Cycle 0, org main (named), committed 1, brief users cost 138.00"),
        "{s}"
    );
    let ana = s.lines().find(|l| l.contains("ana")).expect("ana's row");
    assert!(
        ana.contains("cx3")
            && ana.contains("2026-10-22T08:00:00Z")
            && ana.contains("2026-10-23T09:00:00Z"),
        "{ana}"
    );
    let bob = s.lines().find(|l| l.contains("bob")).expect("bob's row");
    assert!(bob.trim_end().ends_with("brief"), "{bob}");
    let cyd = s.lines().find(|l| l.contains("cyd")).expect("cyd's row");
    assert!(
        !cyd.contains("brief"),
        "exactly 60 minutes is not brief: {cyd}"
    );
}

/// R-W1: --json is the engine's attribution; --brief-minutes moves the threshold.
#[test]
fn r_w1_why_json_is_the_engines_attribution() {
    let p = tmp("why-named-json.json", WHY_NAMED);
    let out = billsim(&["why", &p, "--json", "--brief-minutes", "61"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let sc = billsim_core::Scenario::from_json(WHY_NAMED).unwrap();
    let prepared = billsim_core::stages::Prepared::new(&sc, None).unwrap();
    let o = billsim_core::attribution::Options {
        brief_minutes: 61,
        ..Default::default()
    };
    let want = serde_json::to_value(billsim_core::attribution::of(&prepared, &o).unwrap()).unwrap();
    assert_eq!(got, want);
    assert_eq!(got["billsim"], 1);
    let e = &got["attribution"][0];
    assert_eq!(e["brief_cost"], "138.00");
    let brief: Vec<&str> = e["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["brief"] == true)
        .map(|u| u["user"].as_str().unwrap())
        .collect();
    assert_eq!(brief, ["bob", "cyd"]);
}

/// R-W2: the CSV columns of the format, one row per billed user, in_window
/// true for the users logged in when the peak's window began.
#[test]
fn r_w2_why_csv_rows_per_user_with_in_window() {
    let p = tmp(
        "why-conc.json",
        r#"{"billsim":1,"currency":"USD","contract":{"activation":"2026-10-21","model":"concurrent","term_cycles":1,
         "products":{"cx2":{"tier":2,"prepay":"115.00","overage":"138.00"}}},
         "usage":{"sessions":[
          {"user":"ana","org":"main","product":"cx2","login":"2026-10-22T08:00:00Z","logout":"2026-10-22T10:00:00Z"},
          {"user":"bob","org":"main","product":"cx2","login":"2026-10-22T08:00:00Z","logout":"2026-10-22T09:00:00Z"},
          {"user":"cyd","org":"main","product":"cx2","login":"2026-10-22T08:30:00Z","logout":"2026-10-22T08:40:00Z"}]}}"#,
    );
    let out = billsim(&["why", &p, "--csv", "--cycle", "0", "--org", "main"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        s,
        "cycle,org,product,user,first_login,minutes,brief,in_window\n\
         0,main,cx2,ana,2026-10-22T08:00:00Z,120,false,true\n\
         0,main,cx2,bob,2026-10-22T08:00:00Z,60,false,true\n"
    );
}

/// R-V1: why refuses what it would ignore, other commands refuse why's
/// options, and an org or cycle the scenario lacks exits 2 naming the option.
#[test]
fn r_v1_why_options_are_checked() {
    let p = tmp("why-opts.json", WHY_NAMED);
    for (args, said) in [
        (
            vec!["why", &p, "--as-of", "2026-11-01"],
            "billsim: why does not take --as-of",
        ),
        (
            vec!["why", &p, "--model", "named"],
            "billsim: why does not take --model",
        ),
        (
            vec!["why", &p, "--csv", "--json"],
            "billsim: why does not take --csv with --json",
        ),
        (
            vec!["simulate", &p, "--cycle", "0"],
            "billsim: simulate does not take --cycle",
        ),
        (
            vec!["compare", &p, "--org", "main"],
            "billsim: compare does not take --org",
        ),
        (
            vec!["why", &p, "--cycle", "x"],
            "billsim: --cycle: \"x\" is not a cycle number",
        ),
        (
            vec!["why", &p, "--org", "nope"],
            "billsim: org: no org \"nope\"",
        ),
        (
            vec!["why", &p, "--cycle", "3"],
            "billsim: cycle: no cycle 3",
        ),
    ] {
        let out = billsim(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with(said), "{args:?}: {err}");
    }
    let help = String::from_utf8(billsim(&["--help"]).stdout).unwrap();
    assert!(help.contains("billsim why"), "{help}");
}

/// R-W4: the hourly table gives each tier's minutes, whole hours billed and
/// the unused minutes of the last hour: 90 + 45 = 135 min, 3 h, 45 unused.
#[test]
fn r_w4_why_table_shows_hours_billed_and_unused_minutes() {
    let p = tmp(
        "why-hourly.json",
        r#"{"billsim":1,"currency":"USD","contract":{"activation":"2026-10-21","model":"hourly","term_cycles":1,
         "products":{"cx2":{"tier":2,"hourly":"1.25"}}},
         "usage":{"sessions":[
          {"user":"ana","org":"main","product":"cx2","login":"2026-10-22T08:00:00Z","logout":"2026-10-22T09:30:00Z"},
          {"user":"bob","org":"main","product":"cx2","login":"2026-10-22T08:00:00Z","logout":"2026-10-22T08:45:00Z"}]}}"#,
    );
    let out = billsim(&["why", &p]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8(out.stdout).unwrap();
    let tier = s
        .lines()
        .find(|l| l.trim_start().starts_with("cx2") && l.contains("135"))
        .unwrap_or_else(|| panic!("no cx2 tier row: {s}"));
    let cells: Vec<&str> = tier.split_whitespace().collect();
    assert_eq!(cells, ["cx2", "135", "3", "45"], "{s}");
}

/// The 10-12-8 worked example of the advice fixtures: named, forecast
/// quantities 10, 12 and 8, prepay 100, overage 120, committed 10, no tax.
const ADVICE_10_12_8: &str = r#"{ "billsim": 1, "currency": "USD",
  "contract": { "activation": "2026-10-21", "model": "named", "term_cycles": 3,
    "commitments": [ { "product": "cx2", "from_cycle": 0, "quantity": "10" } ],
    "products": { "cx2": { "tier": 2, "prepay": "100.00", "overage": "120.00", "list": "120.00", "hourly": "1.25" } } },
  "orgs": [ { "id": "main", "region": "us-east-1" } ],
  "usage": { "quantities": [ { "cycle": 0, "product": "cx2", "quantity": "10" },
                             { "cycle": 1, "product": "cx2", "quantity": "12" },
                             { "cycle": 2, "product": "cx2", "quantity": "8" } ] } }"#;

#[test]
fn r_o1_r_o3_advise_json_has_the_curve_best_and_models() {
    let s = tmp("advise-10-12-8.json", ADVICE_10_12_8);
    let out = billsim(&["advise", &s, "--json"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["billsim"], 1);
    let p = &v["products"][0];
    assert_eq!(p["product"], "cx2");
    assert_eq!(p["current"], "10");
    assert_eq!(p["best"], "8");
    assert_eq!(p["total_at_current"], "3240.00");
    assert_eq!(p["total_at_best"], "3120.00");
    // 0..=24: twice the highest quantity, 12 (R-O1).
    let curve = p["curve"].as_array().unwrap();
    assert_eq!(curve.len(), 25);
    assert_eq!(curve[24]["total"], "7200.00");
    assert!(curve[0]["p50"].is_null(), "no profiles, no percentiles");
    assert!(p.get("steps").is_none(), "one step: no per-step advice");
    // R-O3: forecasts cannot be re-measured under another model.
    let models = v["models"].as_array().unwrap();
    assert_eq!(models[0]["model"], "named");
    assert_eq!(models[0]["total"], "3120.00");
    assert_eq!(models[0]["comparable"], true);
    assert!(models[0]["margin"].is_null());
    assert_eq!(models[1]["comparable"], false);
    assert!(models[1]["total"].is_null());
}

#[test]
fn r_o1_advise_table_shows_current_best_and_saving() {
    let s = tmp("advise-table.json", ADVICE_10_12_8);
    let out = billsim(&["advise", &s]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with("cx2"))
        .unwrap_or_else(|| panic!("no cx2 row: {text}"));
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        cells,
        ["cx2", "10", "8", "3240.00", "3120.00", "120.00"],
        "{text}"
    );
    assert!(
        text.contains("concurrent: not comparable: forecast"),
        "{text}"
    );
}

#[test]
fn r_o2_advise_with_profiles_gives_ordered_percentiles() {
    let out = billsim(&[
        "advise",
        &example("contact-center.json"),
        "--seeds",
        "3",
        "--percentile",
        "90",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let num = |x: &serde_json::Value| x.as_str().unwrap().parse::<f64>().unwrap();
    for p in v["products"].as_array().unwrap() {
        for c in p["curve"].as_array().unwrap() {
            assert!(num(&c["p10"]) <= num(&c["p50"]) && num(&c["p50"]) <= num(&c["p90"]));
        }
    }
}

#[test]
fn r_v1_advise_options_are_checked() {
    let s = example("contact-center.json");
    for (args, said) in [
        (
            vec!["advise", &s, "--as-of", "2027-02-10"],
            "billsim: advise does not take --as-of",
        ),
        (
            vec!["advise", &s, "--model", "named"],
            "billsim: advise does not take --model",
        ),
        (
            vec!["advise", &s, "--reports"],
            "billsim: advise does not take --reports",
        ),
        (
            vec!["advise", &s, "--csv"],
            "billsim: advise does not take --csv",
        ),
        (
            vec!["simulate", &s, "--seeds", "5"],
            "billsim: simulate does not take --seeds",
        ),
        (
            vec!["compare", &s, "--percentile", "90"],
            "billsim: compare does not take --percentile",
        ),
        (
            vec!["advise", &s, "--seeds", "many"],
            "billsim: --seeds: \"many\" is not a whole number",
        ),
        (
            vec!["advise", &s, "--percentile", "75"],
            "billsim: --percentile: \"75\" is not 50 or 90",
        ),
        (
            vec!["advise", &s, "--seeds", "0"],
            "billsim: seeds: 0 seeds: between 1 and 1000",
        ),
    ] {
        let out = billsim(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with(said), "{args:?}: {err}");
    }
    let help = String::from_utf8(billsim(&["--help"]).stdout).unwrap();
    assert!(help.contains("[--percentile 50|90]"), "{help}");
}

#[test]
fn r_o3_compare_and_advise_say_when_a_model_borrows_rates() {
    // cx2 has concurrent rates, cx1 has not: under the concurrent model cx1
    // is priced at its named rates, and both commands say so.
    let s = tmp(
        "borrowed-rates.json",
        r#"{ "billsim": 1, "currency": "USD",
  "contract": { "activation": "2026-10-21", "model": "named", "term_cycles": 1,
    "products": { "cx1": { "tier": 1, "prepay": "75.00", "overage": "90.00", "hourly": "0.85" },
                  "cx2": { "tier": 2, "prepay": "100.00", "overage": "120.00", "hourly": "20.00",
                           "concurrent": { "prepay": "150.00", "overage": "180.00", "list": "180.00" } } } },
  "orgs": [ { "id": "main", "region": "us-east-1" } ],
  "usage": { "sessions": [
    { "user": "a@acme.test", "org": "main", "product": "cx1", "login": "2026-10-22T08:00:00Z", "logout": "2026-10-22T16:00:00Z" },
    { "user": "b@acme.test", "org": "main", "product": "cx2", "login": "2026-10-22T08:00:00Z", "logout": "2026-10-22T16:00:00Z" } ] } }"#,
    );
    let out = billsim(&["compare", &s]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("concurrent: priced at another model's rates"),
        "{text}"
    );
    assert!(!text.contains("named: priced at"), "{text}");
    let out = billsim(&["advise", &s, "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for m in v["models"].as_array().unwrap() {
        assert_eq!(m["own_rates"], m["model"] != "concurrent", "{m}");
    }
}

#[test]
fn r_v1_every_file_of_a_repeated_input_flag_is_read_and_billed() {
    let scen = tmp(
        "twice-named.json",
        r#"{"billsim":1,"currency":"USD","contract":{"activation":"2026-10-21","model":"named","term_cycles":1,"products":{"cx2":{"tier":2,"overage":"138.00"}}}}"#,
    );
    let header = "user,org,product,login,logout\n";
    let a = tmp(
        "twice-a.csv",
        &format!("{header}ana,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\nbob,main,cx2,2026-10-23T08:00:00Z,2026-10-23T09:00:00Z\n"),
    );
    let b = tmp(
        "twice-b.csv",
        &format!("{header}cy,main,cx2,2026-10-24T08:00:00Z,2026-10-24T09:00:00Z\nana,main,cx2,2026-10-25T08:00:00Z,2026-10-25T09:00:00Z\n"),
    );
    let out = billsim(&[
        "simulate",
        &scen,
        "--sessions",
        &a,
        "--sessions",
        &b,
        "--json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: billsim_core::SimResult = serde_json::from_slice(&out.stdout).unwrap();
    // Three named users (ana is in both files), not the two of the last file.
    assert_eq!(r.totals.total.to_string(), "414.00");

    // A bad row is named by its file and line.
    let bad = tmp(
        "twice-bad.csv",
        &format!("{header}dee,main,cx2,2026-10-24T08:00:00Z,2026-10-24T09:00:00Z\neve,main,cx2,2026-10-24T08:00:00Z,later\n"),
    );
    let out = billsim(&["simulate", &scen, "--sessions", &a, "--sessions", &bad]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!("sessions {bad}: 1 problem")) && err.contains("line 3:5 (logout)"),
        "{err}"
    );

    // Calls files given twice are both billed.
    let tel = tmp(
        "twice-telco.json",
        r#"{"billsim":1,"currency":"USD","contract":{"activation":"2026-10-21","model":"named","term_cycles":1,"products":{"cx2":{"tier":2,"overage":"138.00"}},"telco":{"increment_seconds":60,"rates":{"inbound":"1.00"}}}}"#,
    );
    let calls =
        "org,type,start,seconds,international\nmain,inbound,2026-10-22T08:00:00Z,60,false\n";
    let c1 = tmp("twice-c1.csv", calls);
    let c2 = tmp("twice-c2.csv", calls);
    let out = billsim(&["simulate", &tel, "--calls", &c1, "--calls", &c2, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: billsim_core::SimResult = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r.totals.total.to_string(), "2.00");
}

#[test]
fn r_v1_a_single_valued_flag_given_twice_is_refused_naming_it() {
    let scen = example("committed-20-used-10.json");
    for (command, flag, a, b) in [
        ("simulate", "--as-of", "2026-11-10", "2026-12-10"),
        ("simulate", "--model", "named", "hourly"),
        ("advise", "--seeds", "5", "6"),
        ("advise", "--percentile", "50", "90"),
        ("why", "--cycle", "0", "1"),
        ("why", "--org", "main", "main"),
        ("why", "--brief-minutes", "10", "20"),
    ] {
        let out = billsim(&[command, &scen, flag, a, flag, b]);
        assert_eq!(out.status.code(), Some(2), "{flag}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with(&format!("billsim: {flag} is given twice; give it once")),
            "{err}"
        );
    }
}

#[test]
fn r_v1_a_product_name_of_70000_characters_prints_without_a_panic() {
    let name = "N".repeat(70_000);
    let scen = tmp(
        "long-name.json",
        &format!(
            r#"{{"billsim":1,"currency":"USD","contract":{{"activation":"2026-10-21","model":"named","term_cycles":1,"products":{{"cx2":{{"tier":2,"name":"{name}","prepay":"115.00"}}}},"commitments":[{{"product":"cx2","from_cycle":0,"quantity":"2"}}]}}}}"#
        ),
    );
    let out = billsim(&["simulate", &scen]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains(&name), "the name is printed whole");
    assert!(
        s.contains("230.00"),
        "{}",
        &s[s.len().saturating_sub(500)..]
    );
}

#[test]
fn r_v1_an_as_of_year_outside_1900_to_2100_is_refused() {
    let out = billsim(&[
        "simulate",
        &example("committed-20-used-10.json"),
        "--as-of",
        "+10000-01-01",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("billsim: --as-of: \"+10000-01-01\" is outside the years billsim bills: give a date in the years 1900 to 2100"),
        "{err}"
    );
}

/// R-W1 (issue 17): `billsim why` answers each quantity N first, the FAQ's
/// "committed 20, used 10" included (it used to say only that nobody was
/// logged in).
#[test]
fn r_w1_why_leads_with_each_quantity() {
    let p = example("committed-20-used-10.json");
    let out = billsim(&["why", &p]);
    assert!(out.status.success(), "{out:?}");
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.starts_with("Cycle 0, org main, cx2: 20 = your commitment for cycle 0 (R-M3); 10 user(s) forecast: below it, so the commitment is billed"),
        "{s}"
    );
    assert!(
        s.contains("Nobody logged in: the quantities above are commitments or forecasts"),
        "{s}"
    );
    let p = example("contact-center.json");
    let out = billsim(&["why", &p, "--cycle", "4"]);
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("Cycle 4, org main, cx2: 23 = cx2's share of main's sustained peak of 26 (R-K2; R-K3: the 26 users with the most time, 3 at cx1, 23 at cx2); 20 are your commitment (R-M3) and 3 are overage (R-M4)."),
        "{s}"
    );
}

/// R-R5: the built-in example's vendor bill (examples/) matches to the
/// cent, and says so in one line.
#[test]
fn r_r5_reconcile_the_examples_matching_bill_in_one_line() {
    let out = billsim(&[
        "reconcile",
        &example("contact-center.json"),
        "--bill",
        &example("contact-center.vendor-bill.csv"),
        "--fail-on-difference",
    ]);
    let s = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{s}");
    assert!(
        s.starts_with("The vendor's bill matches the simulation to the cent.\n"),
        "{s}"
    );
    assert!(s.contains("difference 0.00, over 3 invoice(s)"), "{s}");
}

/// R-R4, R-R6: the differing example bill: the vendor billed the peak
/// under a 10-minute rule and typed a CX1 prepay rate; exit 3 with
/// --fail-on-difference, each cause in words, the setting that explains it.
#[test]
fn r_r4_reconcile_names_the_peak_rule_and_the_rate_and_exits_3() {
    let bill = example("contact-center.vendor-bill-differs.csv");
    let out = billsim(&[
        "reconcile",
        &example("contact-center.json"),
        "--bill",
        &bill,
        "--fail-on-difference",
    ]);
    let s = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(3), "{s}");
    assert!(
        s.contains("The vendor's bill differs by USD 4,560.16"),
        "{s}"
    );
    assert!(
        s.contains(
            "(rate -72.00): The vendor charged 57 a unit; the contract's prepay rate is 75."
        ),
        "{s}"
    );
    assert!(
        s.contains("Under a sustained rule of 10 minutes this line bills 14, as the vendor billed; the contract's 30-minute sustained rule disregards shorter peaks and bills 3."),
        "{s}"
    );
    // A fair-use line follows the licenses' allowance, not the peaks it
    // disregards (tester: "disregards shorter peaks" read oddly on storage).
    assert!(
        s.contains("Data storage (GB) overage (peak_rule -65.38): The licenses billed set this line's fair-use allowance (R-S1): under a sustained rule of 10 minutes the licenses, and so the allowance, differ, and this line bills 0, as the vendor billed; under the contract's 30-minute sustained rule it bills 261.5."),
        "{s}"
    );
    assert!(
        s.contains(
            "contract.peak_rule = {\"kind\":\"sustained\",\"minutes\":10}: its lines then match"
        ),
        "{s}"
    );
    // Without the flag: exit 0 whatever the differences.
    let out = billsim(&[
        "reconcile",
        &example("contact-center.json"),
        "--bill",
        &bill,
        "--csv",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("invoice,description,product,org,kind,vendor_quantity,simulated_quantity,vendor_rate,simulated_rate,vendor_amount,simulated_amount,difference,causes\n"), "{csv}");
    assert!(csv.contains("Genesys Cloud CX 1 Concurrent User - Prepay,cx1,main,prepay,4,4,57.00,75.00,228.00,300.00,-72.00,rate:-72.00"), "{csv}");
    let out = billsim(&[
        "reconcile",
        &example("contact-center.json"),
        "--bill",
        &bill,
        "--json",
    ]);
    let doc: billsim_core::reconcile::report::Document =
        serde_json::from_slice(&out.stdout).expect("the format's JSON");
    assert!(!doc.reconciliation.matches);
}

/// R-R1, R-V1: a bad vendor file exits 2 naming the file, the line:column
/// and what to write; a missing --bill is a usage error.
#[test]
fn r_r1_a_bad_vendor_file_exits_2_naming_file_line_and_column() {
    let bad = tmp("bad-bill.csv", "service_period,description,quantity,rate,amount\n2027-01-21 - 2027-02-20,Cloud CX 2 User - Prepay,20,\"115,5\",2310.00\n");
    let out = billsim(&["reconcile", &example("contact-center.json"), "--bill", &bad]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("bad-bill.csv") && err.contains("line 2:4 (rate)") && err.contains("115.5"),
        "{err}"
    );
    let out = billsim(&["reconcile", &example("contact-center.json")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("--bill FILE"));
    let out = billsim(&["simulate", &example("contact-center.json"), "--bill", &bad]);
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("simulate does not take --bill"));
}

/// R-R1: a 200 MB file that is not a bill is refused from its head and its
/// size: the file here is sparse (its head written, the rest a hole), so a
/// reader that read it whole would take 200 MB and say something else.
#[test]
fn r_r1_a_200_mb_file_that_is_not_a_bill_is_refused_from_its_head() {
    for (name, head, says) in [
        (
            "big-sessions.csv",
            "user,org,product,login,logout\n",
            "its header is user,org,product,login,logout",
        ),
        (
            "big.json",
            "{\"usage\": {\"sessions\": [",
            "it is 200 MB, and a vendor JSON file is at most 32 MB",
        ),
    ] {
        let p = tmp(name, head);
        std::fs::OpenOptions::new()
            .write(true)
            .open(&p)
            .and_then(|f| f.set_len(200 << 20))
            .unwrap();
        let out = billsim(&["reconcile", &example("contact-center.json"), "--bill", &p]);
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(name) && err.contains(says), "{err}");
        std::fs::remove_file(&p).unwrap();
    }
}

/// `simulate --xlsx` writes a workbook a spreadsheet reader opens, its
/// total the JSON's, and still prints the usual output.
#[test]
fn simulate_xlsx_writes_a_workbook_calamine_reads() {
    use calamine::{Data, Reader};
    let dir = std::env::temp_dir().join(format!("billsim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("quote.xlsx").to_string_lossy().into_owned();
    let out = billsim(&[
        "simulate",
        &example("contact-center.json"),
        "--json",
        "--xlsx",
        &path,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: billsim_core::SimResult = serde_json::from_slice(&out.stdout).expect("result v1");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).expect("an xlsx file");
    assert_eq!(
        book.sheet_names(),
        ["Summary", "Contract", "Invoices", "Comparison"]
    );
    let summary = book.worksheet_range("Summary").unwrap();
    let total = summary
        .rows()
        .find(|row| row.first() == Some(&Data::String("Total of all invoices".into())))
        .and_then(|row| row.get(1).cloned());
    let Some(Data::Float(total)) = total else {
        panic!("no numeric total: {total:?}");
    };
    let total: rust_decimal::Decimal = total.to_string().parse().unwrap();
    assert_eq!(total.round_dp(2), r.totals.total);
}

#[test]
fn xlsx_to_an_unwritable_path_exits_2_naming_the_file() {
    let path = std::env::temp_dir()
        .join(format!("billsim-no-such-dir-{}", std::process::id()))
        .join("quote.xlsx");
    let path = path.to_string_lossy();
    let out = billsim(&["simulate", &example("contact-center.json"), "--xlsx", &path]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(&format!("billsim: {path}: cannot write the workbook")),
        "{err}"
    );
    assert!(
        out.stdout.is_empty(),
        "nothing printed when the workbook fails"
    );
}
