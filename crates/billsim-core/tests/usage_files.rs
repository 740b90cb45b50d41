//! Usage files name their lines (R-V1): a calls, resources or user-hour
//! file read for a scenario reports every row that scenario cannot bill
//! (unknown org or product, no rate, SMS on a CX1-only contract, more than
//! 24 hours in a day) at that file's line and column.

use billsim_core::csv;
use billsim_core::error::{CsvProblem, Error};
use billsim_core::Scenario;

fn scenario() -> Scenario {
    Scenario::from_json(
        r#"{ "billsim": 1, "currency": "USD",
        "orgs": [ { "id": "main", "region": "us-east-1" }, { "id": "eu", "region": "eu-west-1" } ],
        "contract": { "activation": "2026-10-21", "model": "named", "term_cycles": 1,
          "products": { "cx1": { "tier": 1, "prepay": "75.00" } },
          "resources": { "ivr_minutes": { "rate": "0.01" }, "sms": { "rate": "0.01" } },
          "telco": { "rates": { "inbound": "0.01" } } } }"#,
    )
    .expect("scenario")
}

/// (line, column, field) of every problem, and the first message.
fn problems(e: Error) -> (Vec<(u64, usize, String)>, Vec<String>) {
    let Error::Csv { problems, more, .. } = e else {
        panic!("expected CSV problems, got {e}")
    };
    assert_eq!(more, 0);
    let at = problems
        .iter()
        .map(|p: &CsvProblem| (p.line, p.column, p.field.clone()))
        .collect();
    (at, problems.into_iter().map(|p| p.message).collect())
}

#[test]
fn r_v1_calls_name_the_line_of_each_row_the_scenario_cannot_bill() {
    let f = "start,org,type,seconds,international
2026-10-22T08:00:00Z,main,inbound,60,false
2026-10-22T08:00:00Z,apac,inbound,60,false
2026-10-22T08:00:00Z,eu,outbound,60,false
2026-10-22T08:00:00Z,main,inbound,60,true
";
    let (at, said) = problems(csv::calls_for(f.as_bytes(), &scenario()).unwrap_err());
    assert_eq!(
        at,
        [
            (3, 2, "org".into()),
            (4, 3, "type".into()),
            (5, 5, "international".into())
        ]
    );
    assert_eq!(
        said[0],
        r#"unknown org "apac" (the scenario's orgs: main, eu)"#
    );
    assert_eq!(
        said[1],
        "no rate for outbound calls in contract.telco.rates"
    );
    // The same file read on its own is fine: only the scenario makes it wrong.
    assert_eq!(csv::calls(f.as_bytes()).unwrap().len(), 4);
}

#[test]
fn r_v1_resources_name_unknown_orgs_missing_rates_and_sms_on_cx1() {
    let f = "org,resource,date,quantity
main,ivr_minutes,2026-10-22,100
nowhere,ivr_minutes,2026-10-22,100
main,api_requests,2026-10-22,5
main,sms,2026-10-22,3
main,storage_gb,2026-10-22,3
";
    let (at, said) = problems(csv::resources_for(f.as_bytes(), &scenario()).unwrap_err());
    assert_eq!(
        at,
        [
            (3, 1, "org".into()),
            (4, 2, "resource".into()),
            (5, 2, "resource".into())
        ]
    );
    assert_eq!(said[1], "no rate for api_requests in contract.resources");
    assert!(said[2].contains("(R-S3)"), "{}", said[2]);
}

#[test]
fn r_v1_user_hours_name_unknown_ids_and_days_over_24_hours() {
    let f = "user,org,product,date,duration
ana,main,cx1,2026-10-22,08:00:00:000
ana,main,cx2,2026-10-23,01:00:00:000
bob,emea,cx1,2026-10-22,01:00:00:000
ana,main,cx1,2026-10-22,16:00:00:000
ana,main,cx1,2026-10-22,00:00:00:001
";
    let (at, said) = problems(csv::hours_for(f.as_bytes(), &scenario()).unwrap_err());
    assert_eq!(
        at,
        [
            (3, 3, "product".into()),
            (4, 2, "org".into()),
            (6, 5, "duration".into())
        ]
    );
    assert_eq!(
        said[2],
        "ana has 24:00:00:001 on 2026-10-22 with the rows before it: at most 24 hours in one day"
    );
}

#[test]
fn r_v1_every_bad_row_is_listed_up_to_100_then_counted() {
    let mut f = String::from("org,type,start,seconds,international\n");
    for _ in 0..250 {
        f.push_str("apac,inbound,2026-10-22T08:00:00Z,60,false\n");
    }
    let Error::Csv { problems, more, .. } = csv::calls_for(f.as_bytes(), &scenario()).unwrap_err()
    else {
        panic!()
    };
    assert_eq!((problems.len(), more), (100, 150));
    assert_eq!(problems[99].line, 101);
}
