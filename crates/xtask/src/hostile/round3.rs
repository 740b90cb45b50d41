//! The reproducers of issue 23 (hostile input, round 3) that the `billsim`
//! command can be given, for `cargo xtask bench hostile`. The app's and
//! the JS API's rows (#4-#7, #10) are in the e2e and Node suites.

use std::path::Path;

use super::{scenario, write, Case, QUICK};

/// A session row on the example's first day.
fn session(user: &str, org: &str) -> String {
    format!("{user},{org},cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n")
}

const HEADER: &str = "user,org,product,login,logout\n";

/// Issue 23's rows as commands: each refused (exit 2, a message naming its
/// place) or answered, within [`QUICK`].
pub fn cases(dir: &Path, plain: &str) -> Result<Vec<Case>, String> {
    let mut spread = HEADER.to_owned();
    for i in 0..200_000 {
        spread.push_str(&session(&format!("u{i}"), &format!("o{}", i % 1000)));
    }
    let spread = write(dir, "spread.csv", spread.as_bytes())?;
    let orgs: Vec<String> = (0..1000)
        .map(|o| format!(r#"{{"id": "o{o}", "region": "default"}}"#))
        .collect();
    let thousand = write(
        dir,
        "orgs-1000.json",
        scenario(1, "{}", 30, "USD")
            .replacen('{', &format!(r#"{{"orgs": [{}], "#, orgs.join(", ")), 1)
            .as_bytes(),
    )?;
    let one = write(
        dir,
        "one.csv",
        (HEADER.to_owned() + &session("ana", "main")).as_bytes(),
    )?;
    let two = write(
        dir,
        "two.csv",
        (HEADER.to_owned() + &session("bob", "main")).as_bytes(),
    )?;
    let json = |file: &str, text: String| write(dir, file, text.as_bytes());
    let plain_with = |from: &str, to: &str| scenario(1, "{}", 30, "USD").replacen(from, to, 1);
    let csv = |file: &str, rows: &str| write(dir, file, (HEADER.to_owned() + rows).as_bytes());

    let answered = |name, args: Vec<String>| Case {
        name,
        args,
        stdin: None,
        answered: true,
        within: QUICK,
    };
    let refused = |name, args: Vec<String>| Case {
        name,
        args,
        stdin: None,
        answered: false,
        within: QUICK,
    };
    let sim = |file: String| vec!["simulate".to_owned(), file];
    let sim_sessions = |file: String| {
        vec![
            "simulate".to_owned(),
            plain.to_owned(),
            "--sessions".into(),
            file,
        ]
    };
    let long_name = "n".repeat(70_000);
    Ok(vec![
        answered(
            "#1 why: 200,000 sessions in 1,000 orgs, one org",
            vec![
                "why".into(),
                thousand,
                "--sessions".into(),
                spread,
                "--cycle".into(),
                "0".into(),
                "--org".into(),
                "o7".into(),
                "--json".into(),
            ],
        ),
        answered(
            "#8 --sessions given twice (both billed)",
            vec![
                "simulate".into(),
                plain.into(),
                "--sessions".into(),
                one.clone(),
                "--sessions".into(),
                two,
            ],
        ),
        refused(
            "#8 --as-of given twice",
            vec![
                "simulate".into(),
                plain.into(),
                "--as-of".into(),
                "2026-10-21".into(),
                "--as-of".into(),
                "2026-11-21".into(),
            ],
        ),
        refused(
            "#9 a product key given twice",
            sim(json(
                "dup.json",
                plain_with(
                    r#""products": {"#,
                    r#""products": {"cx2": {"tier": 3, "prepay": "1", "overage": "1"}, "#,
                ),
            )?),
        ),
        refused(
            "#11 commitments written as lists",
            sim(json(
                "lists.json",
                plain_with(
                    r#"[{"product": "cx2", "from_cycle": 0, "quantity": "10"}]"#,
                    r#"[["cx2", 0, "10"]]"#,
                ),
            )?),
        ),
        refused(
            "#12 a prepay near the decimal maximum",
            sim(json(
                "max-rate.json",
                plain_with(r#""115.00""#, r#""79228162514264337593543950335""#),
            )?),
        ),
        refused(
            "#14 a rate of 40 digits",
            sim(json(
                "digits.json",
                plain_with(r#""115.00""#, r#""1.234567890123456789012345678901234567890""#),
            )?),
        ),
        refused(
            "#14 activation in the year 10000",
            sim(json(
                "year.json",
                plain_with(r#""2026-10-21""#, r#""+10000-10-21""#),
            )?),
        ),
        refused(
            "#14 a login finer than a millisecond",
            sim_sessions(csv(
                "micro.csv",
                "ana,main,cx2,2026-10-22T08:00:00.0000001Z,2026-10-22T08:00:00.0004Z\n",
            )?),
        ),
        refused(
            "#14 an unclosed quote",
            sim_sessions(csv(
                "quote.csv",
                "\"ana,main,cx2,2026-10-22T08:00:00Z,2026-10-22T09:00:00Z\n",
            )?),
        ),
        refused(
            "#14 an empty resource between pipes",
            vec![
                "simulate".into(),
                plain.into(),
                "--interactions".into(),
                write(
                    dir,
                    "pipes.csv",
                    b"id,org,start,resources\ni-1,main,2026-10-22T08:00:00Z,bot_flow||virtual_agent\n",
                )?,
            ],
        ),
        answered(
            "#15 a product named with 70,000 characters",
            sim(json(
                "long-name.json",
                plain_with(r#""tier": 2,"#, &format!(r#""tier": 2, "name": "{long_name}","#)),
            )?),
        ),
    ])
}
