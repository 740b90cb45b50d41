//! Small CSV files read in the background worker for the scenario the page
//! shows: sessions checked against its orgs and products, bot interactions
//! placed into it and checked there. The page keeps no CSV reader and no
//! reader of sessions; it places the rows the worker accepted.

use billsim_core::usage::Catalog;
use billsim_core::{Error, Scenario};
use serde_json::Value;

use billsim_web::doc::{self, Seg};
use billsim_web::protocol::{Rejected, SessionsRead};

/// Why a sessions file of only a header imports nothing.
pub const NO_SESSIONS: &str = "the file has no sessions (only a header): nothing was imported";

/// A CSV error as the page shows it: the bad rows, by line and column.
pub fn rejected(e: Error) -> Rejected {
    match e {
        Error::Csv { problems, more, .. } => Rejected {
            message: format!(
                "{}: nothing was imported",
                billsim_core::error::problem_count(problems.len() + more)
            ),
            problems,
            more,
            path: None,
        },
        e => Rejected::plain(format!("{e}: nothing was imported")),
    }
}

/// The scenario refusing what a file would add to it: the message without
/// its JSON path, which goes beside it for the page to name the field.
fn in_scenario(e: Error) -> Rejected {
    let path = e.path().into_owned();
    let text = e.to_string();
    let said = text.strip_prefix(&format!("{path}: ")).unwrap_or(&text);
    Rejected {
        path: Some(path),
        ..Rejected::plain(format!("{said}: nothing was imported"))
    }
}

/// A vendor file refused (reconciliation): the bad rows by line and
/// column, or the JSON path, and that nothing of it was read.
pub fn refused(e: Error, file: &str) -> Rejected {
    match e {
        Error::Csv { problems, more, .. } => Rejected {
            message: format!(
                "{file}: {}: the file was not added; the other files are kept",
                billsim_core::error::problem_count(problems.len() + more)
            ),
            problems,
            more,
            path: None,
        },
        e => Rejected::plain(format!(
            "{e}: the file was not added; the other files are kept"
        )),
    }
}

/// Reads a sessions CSV for the scenario `text`. When `text` is a scenario,
/// an org or product it does not have is a bad row at its line and column,
/// like a bad date: the scenario could not bill it.
pub fn sessions(bytes: &[u8], text: &str) -> Result<SessionsRead, Rejected> {
    let scenario = Scenario::from_json(text).ok();
    if let Some(sc) = &scenario {
        billsim_core::csv::sessions(bytes, &Catalog::of(sc)).map_err(rejected)?;
    }
    let (t, ids) = billsim_core::csv::sessions_open(bytes).map_err(rejected)?;
    if t.rows.is_empty() {
        return Err(Rejected::plain(NO_SESSIONS));
    }
    let list = ids.sessions(&t);
    let read = SessionsRead {
        sessions: list.len(),
        users: t.users.len(),
        list: serde_json::to_value(list)
            .map_err(|e| Rejected::plain(format!("{e}: nothing was imported")))?,
    };
    // The scenario as the page will write it must still bill: logins for a
    // cycle that a forecast also counts, say, are refused here, with the
    // engine's words, rather than announced as imported and then refused.
    if scenario.is_some() {
        if let Some(e) = with_sessions(text, &read.list).err() {
            return Err(in_scenario(e));
        }
    }
    Ok(read)
}

/// Bills `text` with its sessions replaced by `list` and its workforce
/// profiles dropped (what the page does with an import).
fn with_sessions(text: &str, list: &Value) -> billsim_core::Result<()> {
    let mut d: Value = serde_json::from_str(text).unwrap_or_default();
    doc::set(
        &mut d,
        &[Seg::Key("usage"), Seg::Key("sessions")],
        Some(list.clone()),
    );
    doc::set(&mut d, &[Seg::Key("usage"), Seg::Key("profiles")], None);
    let sc = Scenario::from_json(&serde_json::to_string(&d).unwrap_or_default())?;
    billsim_core::simulate(&sc, None, &billsim_core::Options::default()).map(|_| ())
}

/// Reads an interactions CSV (`id,org,start,resources,bot_minutes,bot_sessions`)
/// into the JSON of `usage.interactions`, and refuses rows the scenario
/// `text` could not bill once they replace its interactions: an org it does
/// not have, or a row the engine does not take there.
pub fn interactions(bytes: &[u8], text: &str) -> Result<Value, Rejected> {
    let t = billsim_core::csv::interactions_sized(bytes, bytes.len()).map_err(|e| match e {
        e @ Error::Csv { .. } => rejected(e),
        e => Rejected::plain(e.to_string()),
    })?;
    let rows = serde_json::to_value(&t).map_err(|e| Rejected::plain(e.to_string()))?;
    // The scenario with the rows in place, as the page would write it.
    let edited = serde_json::from_str::<Value>(text).ok().map(|mut d| {
        doc::set(
            &mut d,
            &[Seg::Key("usage"), Seg::Key("interactions")],
            Some(rows.clone()),
        );
        Scenario::from_json(&serde_json::to_string_pretty(&d).unwrap_or_default())
    });
    // Its orgs are the scenario's own: without the rows when they do not parse.
    let before;
    let orgs_from = match &edited {
        Some(Ok(sc)) => Some(sc),
        _ => {
            before = Scenario::from_json(text).ok();
            before.as_ref()
        }
    };
    let refusal = unknown_org(orgs_from, &rows).or_else(|| match &edited {
        Some(Err(e)) if within(&e.path(), "usage.interactions") => Some(e.to_string()),
        _ => None,
    });
    match refusal {
        Some(msg) => Err(Rejected::plain(format!("{msg}: nothing was imported"))),
        None => Ok(rows),
    }
}

/// Whether `path` is `prefix` or inside it.
fn within(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// The engine's message for the first interaction row (JSON of
/// `usage.interactions`) whose org the scenario does not have (the engine
/// would refuse the bill with it).
fn unknown_org(sc: Option<&Scenario>, rows: &Value) -> Option<String> {
    let cat = Catalog::of(sc?);
    rows.as_array()?.iter().enumerate().find_map(|(i, r)| {
        let org = r.get("org").and_then(Value::as_str)?;
        cat.org(org).is_none().then(|| {
            cat.unknown_org(&format!("usage.interactions[{i}].org"), org)
                .to_string()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCENARIO: &str = include_str!("../../../examples/contact-center.json");
    const SESSIONS: &str = "user,org,product,login,logout\n";
    const INTERACTIONS: &str = "id,org,start,resources,bot_minutes,bot_sessions\n";

    #[test]
    fn sessions_for_an_unknown_product_are_a_bad_row_only_with_a_scenario() {
        let csv = format!("{SESSIONS}ana,main,cx2,2027-01-22T08:00:00Z,2027-01-22T16:00:00Z\nbob,main,cx9,2027-01-22T08:00:00Z,2027-01-22T16:00:00Z\n");
        let r = sessions(csv.as_bytes(), SCENARIO).unwrap_err();
        assert_eq!(r.message, "1 problem: nothing was imported");
        assert_eq!((r.problems[0].line, r.problems[0].column), (3, 3));
        assert_eq!(r.problems[0].field, "product");
        // A text that is not a scenario checks nothing, as with no scenario at all.
        let read = sessions(csv.as_bytes(), "{").unwrap();
        assert_eq!((read.sessions, read.users), (2, 2));
        assert_eq!(read.list.as_array().map(Vec::len), Some(2));
        assert_eq!(read.list[0]["user"], "ana");
    }

    #[test]
    fn sessions_a_forecast_also_counts_are_refused_with_the_engines_words() {
        let faq = include_str!("../../../examples/committed-20-used-10.json");
        let csv = format!("{SESSIONS}ana,main,cx2,2026-10-22T08:00:00Z,2026-10-22T16:00:00Z\n");
        let r = sessions(csv.as_bytes(), faq).unwrap_err();
        // The words without the JSON path, which comes beside them for the
        // page to name the field ("Forecast quantities").
        assert!(
            r.message
                .starts_with("cycle 0 of cx2 in org main is measured from sessions"),
            "{}",
            r.message
        );
        assert_eq!(r.path.as_deref(), Some("usage.quantities[0]"));
        assert!(
            r.message.ends_with(": nothing was imported"),
            "{}",
            r.message
        );
        // The same file for a scenario without forecasts is imported.
        assert_eq!(sessions(csv.as_bytes(), SCENARIO).unwrap().sessions, 1);
    }

    #[test]
    fn sessions_with_only_a_header_are_refused() {
        let r = sessions(SESSIONS.as_bytes(), SCENARIO).unwrap_err();
        assert_eq!(r.message, NO_SESSIONS);
        assert!(r.problems.is_empty());
    }

    #[test]
    fn interactions_are_refused_for_a_bad_row_or_an_org_the_scenario_lacks() {
        let bad = format!("{INTERACTIONS}i-1,main,yesterday,bot_flow,,1\n");
        let r = interactions(bad.as_bytes(), SCENARIO).unwrap_err();
        assert_eq!(r.message, "1 problem: nothing was imported");
        assert_eq!(r.problems[0].line, 2);

        let stranger = format!("{INTERACTIONS}i-1,nowhere,2026-10-22T14:03:00Z,virtual_agent,,\n");
        let r = interactions(stranger.as_bytes(), SCENARIO).unwrap_err();
        assert!(
            r.message.contains("usage.interactions[0].org"),
            "{}",
            r.message
        );
        assert!(
            r.message.ends_with(": nothing was imported"),
            "{}",
            r.message
        );

        let good =
            format!("{INTERACTIONS}i-1,main,2026-10-22T14:03:00Z,bot_flow|virtual_agent,2.5,\n");
        let rows = interactions(good.as_bytes(), SCENARIO).unwrap();
        assert_eq!(rows[0]["org"], "main");
        assert_eq!(rows[0]["bot_minutes"], "2.5");
    }
}
