//! The app's "Why N?" panel (R-W1..R-W5) as the engine session answers it:
//! one cycle and org, one day of the curve, a page of each list.

use billsim_core::panel::{Answer, Attributed, List, Request, Rows, RowsQuery, PAGE, WHOLE};
use billsim_core::session::{Session, Usage};
use billsim_core::stages::Prepared;
use billsim_core::Scenario;

/// A question about cycle `cycle` of org main, on `product`'s line when given.
fn question(cycle: u32, product: Option<&str>) -> Request {
    Request {
        cycle: Some(cycle),
        org: "main".into(),
        what_if: None,
        reports: false,
        window: 0,
        rows: None,
        product: product.map(str::to_owned),
        line: None,
    }
}

fn answer(s: &Scenario, r: &Request) -> Result<Answer, String> {
    Session::new(s.clone(), Usage::None)
        .map_err(|e| e.error.to_string())?
        .why_panel(r)
}

fn attributed(s: &Scenario) -> Attributed {
    let p = Prepared::new(s, None).expect("prepared");
    let (m, curves) =
        billsim_core::attribution::measure_for(&p, &Default::default()).expect("measured");
    Attributed::from_measured(&p, &m, &curves).expect("attributed")
}

/// "2027-02-03 13:05", seconds only when there are some.
fn at(ms: i64) -> String {
    billsim_core::panel::at(ms)
}

/// a and b 08:00-11:00 and c 09:00-10:00 on 2026-10-22, d 09:20-09:30
/// (under the named model d is brief).
fn scenario(model: &str) -> Scenario {
    scenario_with(
        model,
        &[
            ("a", "08:00", "11:00"),
            ("b", "08:00", "11:00"),
            ("c", "09:00", "10:00"),
            ("d", "09:20", "09:30"),
        ],
    )
}

/// Sessions (user, login, logout) at cx2 in org main on 2026-10-22.
fn scenario_with(model: &str, sessions: &[(&str, &str, &str)]) -> Scenario {
    let rows: Vec<String> = sessions
        .iter()
        .map(|(u, a, b)| {
            format!(
                r#"{{ "user": "{u}", "org": "main", "product": "cx2", "login": "2026-10-22T{a}:00Z", "logout": "2026-10-22T{b}:00Z" }}"#
            )
        })
        .collect();
    Scenario::from_json(&format!(
        r#"{{ "billsim": 1, "currency": "USD",
        "contract": {{ "activation": "2026-10-21", "model": "{model}", "term_cycles": 2,
          "products": {{ "cx2": {{ "tier": 2, "prepay": "115.00", "overage": "138.00" }} }} }},
        "usage": {{ "sessions": [ {} ] }} }}"#,
        rows.join(", ")
    ))
    .expect("scenario")
}

fn ask(model: &str, what_if: Option<u32>) -> Result<Answer, String> {
    let r = Request {
        what_if,
        ..question(0, None)
    };
    answer(&scenario(model), &r)
}

/// Concurrent: the panel gets the window's day and that day's curve
/// only, and the answer survives the trip from the worker as JSON.
#[test]
fn concurrent_answer_has_the_peak_day_curve() {
    let a = ask("concurrent", None).expect("answer");
    // (The ladder's spans stay behind: "what if" is priced where the sessions are.)
    let json = serde_json::to_string(&a).expect("json");
    let back: Answer = serde_json::from_str(&json).expect("reads back");
    assert_eq!(serde_json::to_string(&back).expect("json"), json);
    let Answer::Why(w) = a else {
        panic!("not a why: {a:?}")
    };
    let (day, curve) = w.curve.expect("curve");
    assert_eq!(day.to_string(), "2026-10-22");
    assert_eq!(curve.billed_peak, 3);
    assert_eq!(curve.segments.len(), 5, "2, 3, 4, 3, 2");
    let win = &w.entry.windows.as_ref().expect("windows")[0];
    assert_eq!(
        (at(win.start), at(win.end)),
        ("2026-10-22 09:00".into(), "2026-10-22 10:00".into())
    );
    // The window's users come as the first page of their list, joined
    // with what each is billed at; the lists themselves stay behind.
    let names: Vec<&str> = w.users.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(w.users.rows[0], ["a", "cx2", "2026-10-22 08:00", "180"]);
    assert!(win.users.is_empty() && w.entry.users.is_empty());
    // R-K3: a peak of 3 bills the 3 users with the most time (not d).
    assert_eq!((w.window_sizes.clone(), w.billed_users), (vec![3], 3));
}

/// R-W2, R-K3: a, b and c open the window at 3, but e's three hours
/// alone rank first, so c (last of the 60-minute ties by id) is in the
/// window yet not among the 3 billed: the "Billed at" cell says why in
/// words, and no billed user reads "not billed".
#[test]
fn r_w2_r_k3_window_user_outside_the_billed_says_why() {
    let s = scenario_with(
        "concurrent",
        &[
            ("a", "09:00", "10:00"),
            ("b", "09:00", "10:00"),
            ("c", "09:00", "10:00"),
            ("e", "12:00", "15:00"),
        ],
    );
    let Ok(Answer::Why(w)) = answer(&s, &question(0, None)) else {
        panic!("no answer")
    };
    let billed_at: Vec<(&str, &str)> = w
        .users
        .rows
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str()))
        .collect();
    assert_eq!(
        billed_at,
        [
            ("a", "cx2"),
            ("b", "cx2"),
            (
                "c",
                "in the window, not among the 3 billed (R-K3: the 3 with the most time in the cycle)"
            ),
        ]
    );
    assert_eq!(billsim_core::panel::not_among_billed(3), billed_at[2].1);
    assert!(w.users.rows.iter().all(|r| !r[1].contains("not billed")));
}

/// "What if" goes through the same function; a cycle with nobody is
/// an error in words, not a panic.
#[test]
fn what_if_and_empty_cycles_answer_in_words() {
    let Ok(Answer::WhatIf(w)) = ask("concurrent", Some(3)) else {
        panic!("no what-if")
    };
    assert_eq!((w.before.billed_peak, w.after.billed_peak), (3, 2));
    // R-W3: the re-bill saves the ladder's 138.00 here, and says so.
    let v = w.versus_ladder.expect("beside the ladder");
    assert!(v.agrees, "{}", v.sentence);
    let r = question(1, None);
    let e = answer(&scenario("concurrent"), &r).expect_err("nobody in cycle 1");
    assert!(e.contains("nobody was logged in to main in cycle 1"), "{e}");
}

/// Named: the brief user is flagged (R-W1); no curve is sent.
#[test]
fn named_answer_flags_the_brief_user() {
    let Ok(Answer::Why(w)) = ask("named", None) else {
        panic!("no answer")
    };
    assert!(w.curve.is_none());
    assert_eq!((w.billed_users, w.brief_users), (4, 1));
    // Brief first, then longest first (R-W1).
    let order: Vec<&str> = w.users.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(order, ["d", "a", "b", "c"]);
    assert_eq!(w.users.rows[0][4], "brief");
}

/// The Usage tab's reports: the first cycle with usage, its rows only.
#[test]
fn reports_of_the_first_cycle_with_usage() {
    let r = Request {
        cycle: None,
        org: String::new(),
        what_if: None,
        reports: true,
        window: 0,
        rows: None,
        product: None,
        line: None,
    };
    let Ok(Answer::Reports(x)) = answer(&scenario("concurrent"), &r) else {
        panic!("no reports")
    };
    assert_eq!((x.reports.cycle, x.reports.cycles.clone()), (0, vec![0]));
    assert_eq!(
        x.reports.daily_peaks.rows,
        [["2026-10-22", "main", "4", "10"]]
    );
    // Short tables travel whole, so the page pages and searches them itself.
    assert_eq!(
        (x.users.total, x.users.rows.len(), x.users.whole),
        (4, 4, true)
    );
    assert_eq!(
        (x.hours.total, x.hours.rows.len(), x.hours.whole),
        (4, 4, true)
    );
    assert!(x.reports.user_hours.rows.is_empty() && x.reports.billable_users.rows.is_empty());
}

/// A long report table travels a page of 25 at a time: the first with the
/// reports, the others (and searches, and the CSV's every row) asked of the
/// same session, equal to the rows the reports hold.
#[test]
fn long_report_tables_are_paged_from_the_session() {
    let s = crowd(1_200);
    let p = Prepared::new(&s, None).expect("prepared");
    let whole = billsim_core::reports::of_cycle(&p, None).expect("reports");
    let mut session = Session::new(s, Usage::None).expect("session");
    let mut ask = |rows: Option<RowsQuery>| {
        session
            .why_panel(&Request {
                cycle: rows.as_ref().map(|_| 0),
                org: String::new(),
                what_if: None,
                reports: true,
                window: 0,
                rows,
                product: None,
                line: None,
            })
            .expect("answer")
    };
    let Answer::Reports(first) = ask(None) else {
        panic!("no reports")
    };
    assert_eq!(first.users.total, 1_200);
    assert!(!first.users.whole);
    assert_eq!(first.users.rows, whole.billable_users.rows[..25]);
    assert_eq!(first.hours.rows, whole.user_hours.rows[..25]);
    let q = |list, page, query: &str, all| {
        Some(RowsQuery {
            list,
            page,
            query: query.into(),
            all,
        })
    };
    let Answer::Rows(third) = ask(q(List::BillableUsers, 2, "", false)) else {
        panic!("no page")
    };
    assert_eq!((third.from, third.total), (50, 1_200));
    assert_eq!(third.rows, whole.billable_users.rows[50..75]);
    // Past the end: the last page.
    let Answer::Rows(last) = ask(q(List::UserHours, 99, "", false)) else {
        panic!("no page")
    };
    assert_eq!(last.from, 1_175);
    assert_eq!(last.rows, whole.user_hours.rows[1_175..]);
    let Answer::Rows(found) = ask(q(List::UserHours, 0, "U0123", false)) else {
        panic!("no search")
    };
    assert_eq!(found.total, 1);
    assert_eq!(found.rows[0][0], "u0123");
    let Answer::Rows(every) = ask(q(List::BillableUsers, 0, "", true)) else {
        panic!("no rows")
    };
    assert_eq!(every.rows, whole.billable_users.rows);
}

/// `n` users all logged in 09:00-10:00 on 2026-10-22 (one window of `n`).
fn crowd(n: usize) -> Scenario {
    let sessions: Vec<String> = (0..n)
        .map(|i| format!(
            r#"{{ "user": "u{i:04}", "org": "main", "product": "cx2", "login": "2026-10-22T09:00:00Z", "logout": "2026-10-22T10:00:00Z" }}"#
        ))
        .collect();
    Scenario::from_json(&format!(
        r#"{{ "billsim": 1, "currency": "USD",
        "contract": {{ "activation": "2026-10-21", "model": "concurrent", "term_cycles": 1,
          "products": {{ "cx2": {{ "tier": 2, "prepay": "115.00", "overage": "138.00" }} }} }},
        "usage": {{ "sessions": [ {} ] }} }}"#,
        sessions.join(",")
    ))
    .expect("scenario")
}

fn rows_of(a: &Attributed, list: List, page: usize, query: &str, all: bool) -> Rows {
    let r = Request {
        cycle: Some(0),
        org: "main".into(),
        what_if: None,
        reports: false,
        window: 0,
        rows: Some(RowsQuery {
            list,
            page,
            query: query.into(),
            all,
        }),
        product: None,
        line: None,
    };
    match a.answer(&r) {
        Ok(Answer::Rows(x)) => x,
        other => panic!("not rows: {other:?}"),
    }
}

/// Only the first page of a long list travels with the panel; further
/// pages, searches and the whole list (for the CSV) are asked for. A
/// short list is sent whole.
#[test]
fn long_lists_are_sent_a_page_at_a_time() {
    let s = crowd(WHOLE + 250);
    let a = attributed(&s);
    let Ok(Answer::Why(w)) = a.answer(&question(0, None)) else {
        panic!("no answer")
    };
    let n = WHOLE + 250;
    assert_eq!(
        (w.users.total, w.users.from, w.users.rows.len()),
        (n, 0, PAGE)
    );
    assert!(!w.users.whole);
    assert_eq!((w.tier_users.total, w.tier_users.rows.len()), (n, PAGE));
    assert_eq!(w.window_sizes, [n]);
    let last = n / PAGE;
    let tail = rows_of(&a, List::Window(0), last, "", false);
    assert_eq!(
        (tail.total, tail.from, tail.rows.len()),
        (n, last * PAGE, n % PAGE)
    );
    assert_eq!(tail.rows[0][0], format!("u{:04}", last * PAGE));
    // Past the end: the last page.
    assert_eq!(
        rows_of(&a, List::Window(0), last + 5, "", false).from,
        last * PAGE
    );
    let found = rows_of(&a, List::Window(0), 0, "U124", false);
    let names: Vec<&str> = found.rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        names,
        [
            "u1240", "u1241", "u1242", "u1243", "u1244", "u1245", "u1246", "u1247", "u1248",
            "u1249"
        ]
    );
    assert_eq!(rows_of(&a, List::Tiers, 0, "", true).rows.len(), n);
}

/// The session attributes once: a second question, another window or a
/// page of a list measures nothing again.
#[test]
fn the_session_attributes_once() {
    let mut session = Session::new(scenario("concurrent"), Usage::None).expect("session");
    let r = question(0, None);
    let first = session.why_panel(&r).expect("answer");
    let work = session.work();
    assert_eq!(session.why_panel(&r).expect("again"), first);
    assert_eq!(session.work(), work);
    // The bill after it reads the same measurement.
    session.bill(&Default::default()).expect("bill");
    assert_eq!(session.work().measurements, work.measurements);
}

/// R-W1 (issue 17): the panel leads with N, for a concurrent peak, a named
/// count and a commitment nobody logged in for.
#[test]
fn r_w1_the_answer_leads_with_the_quantity() {
    let ask = |model: &str| {
        let r = Request {
            what_if: None,
            ..question(0, Some("cx2"))
        };
        match answer(&scenario(model), &r) {
            Ok(Answer::Why(w)) => w.headline.expect("a headline"),
            other => panic!("no answer: {other:?}"),
        }
    };
    let c = ask("concurrent");
    assert_eq!(
        c.made,
        "3 = cx2's share of main's sustained peak of 3 (R-K2; R-K3: the 3 users with the most time)."
    );
    assert!(
        c.lower
            .starts_with("One user fewer at the peak would save 138.00 USD"),
        "{}",
        c.lower
    );
    let n = ask("named");
    assert_eq!(
        n.made,
        "4 = the users logged in to cx2 in main in cycle 0, each counted once at the highest tier they used (R-N1, R-L2)."
    );
    assert!(
        n.lower
            .starts_with("1 of them were logged in for less than an hour"),
        "{}",
        n.lower
    );
    // Nobody logged in (cycle 1) under a commitment of 2: the commitment is N.
    let mut s = scenario("named");
    s.contract.commitments = vec![billsim_core::scenario::Commitment {
        product: "cx2".into(),
        org: None,
        from_cycle: 0,
        quantity: rust_decimal::Decimal::from(5),
    }];
    let r = Request {
        what_if: None,
        ..question(1, Some("cx2"))
    };
    match answer(&s, &r) {
        Ok(Answer::Said(h)) => assert!(
            h.made.starts_with(
                "5 = your commitment for cycle 1 (R-M3); 0 user(s) measured: below it"
            ),
            "{}",
            h.made
        ),
        other => panic!("not the commitment: {other:?}"),
    }
}

/// R-W1 with R-M3 and R-M4 (issue 22): "Why N?" on the prepay line leads
/// with the commitment it bills, on the overage line with the excess, and
/// each says how the other part of the billed 3 is billed.
#[test]
fn r_w1_each_license_line_leads_with_its_own_quantity() {
    use billsim_core::result::LineKind;
    let mut s = scenario("concurrent");
    s.contract.commitments = vec![billsim_core::scenario::Commitment {
        product: "cx2".into(),
        org: None,
        from_cycle: 0,
        quantity: rust_decimal::Decimal::from(2),
    }];
    let ask = |line: Option<LineKind>| match answer(
        &s,
        &Request {
            line,
            ..question(0, Some("cx2"))
        },
    ) {
        Ok(Answer::Why(w)) => w.headline.expect("a headline"),
        other => panic!("no answer: {other:?}"),
    };
    let peak = "3 = cx2's share of main's sustained peak of 3 (R-K2; R-K3: the 3 users with the most time)";
    let prepay = ask(Some(LineKind::Prepay));
    assert_eq!(
        prepay.made,
        format!("2 = your commitment for cycle 0 (R-M3), billed in advance, used or not. {peak}; the 1 above the commitment are on the overage line (R-M4).")
    );
    assert!(
        prepay.lower.starts_with("Only a lower commitment"),
        "{}",
        prepay.lower
    );
    let overage = ask(Some(LineKind::Overage));
    assert_eq!(
        overage.made,
        format!("1 = the user(s) above your commitment of 2 (R-M4): 3 billed, 2 prepaid (R-M3). {peak}.")
    );
    assert!(
        overage
            .lower
            .starts_with("One user fewer at the peak would save 138.00 USD")
            && overage
                .lower
                .ends_with("at 2 user(s) or fewer there is no overage."),
        "{}",
        overage.lower
    );
    // A vendor's overage line of 0 (Check a bill): the commitment covers the 3 used.
    let mut covered = s.clone();
    covered.contract.commitments[0].quantity = rust_decimal::Decimal::from(4);
    let r = Request {
        line: Some(LineKind::Overage),
        ..question(0, Some("cx2"))
    };
    match answer(&covered, &r) {
        Ok(Answer::Why(w)) => assert_eq!(
            w.headline.expect("a headline").made,
            "0 = the user(s) above your commitment of 4 (R-M4): 3 user(s) measured, within it, so there is no overage; the commitment is billed on the prepay line (R-M3)."
        ),
        other => panic!("no answer: {other:?}"),
    }
    // Not a line: the cycle's billed 3, split in words.
    let total = ask(None);
    assert_eq!(
        total.made,
        format!("{peak}; 2 are your commitment (R-M3) and 1 are overage (R-M4).")
    );
}
