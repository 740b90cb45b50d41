//! "What if" the minutes that hold a level of the savings ladder (R-W3)
//! were not worked: every session of the org with those stretches cut out,
//! billed again by the same stages as the bill itself, so the answer is a
//! real invoice and not an estimate.

use std::borrow::Cow;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::attribution::{curve, minutes, of, Options};
use crate::error::{Error, Result};
use crate::result::SimResult;
use crate::scenario::Category;
use crate::stages::Prepared;
use crate::usage::{SessionRow, Sessions};

/// The bill before and after removing the minutes that hold `level`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatIf {
    /// Cycle number.
    pub cycle: u32,
    /// Org id.
    pub org: String,
    /// The ladder level whose windows were removed.
    pub level: u32,
    /// Minutes removed (the windows' length together).
    #[serde(with = "rust_decimal::serde::str")]
    pub removed_minutes: Decimal,
    /// As billed.
    pub before: Outcome,
    /// With the windows removed.
    pub after: Outcome,
}

/// What one bill says about the cycle and the contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// The org's peak billed in the cycle under the contract's rule.
    pub billed_peak: u32,
    /// The cycle's license lines together (every org, in advance and arrears).
    #[serde(with = "rust_decimal::serde::str")]
    pub license: Decimal,
    /// The contract's total.
    #[serde(with = "rust_decimal::serde::str")]
    pub total: Decimal,
}

/// `s` with every session of `org` cut out of the `spans` (start, end ms;
/// sorted and disjoint, as the ladder gives them): a session overlapping a
/// span loses that part and may become two.
pub fn without_spans(s: &Sessions, org: u16, spans: &[(i64, i64)]) -> Sessions {
    let mut out = s.clone();
    out.rows.clear();
    for r in &s.rows {
        if r.org != org {
            out.rows.push(*r);
            continue;
        }
        let mut from = r.login;
        // Only the spans overlapping the session matter; they are sorted.
        let first = spans.partition_point(|&(_, end)| end <= r.login);
        for &(a, b) in &spans[first..] {
            if a >= r.logout {
                break;
            }
            if a > from {
                out.rows.push(SessionRow {
                    login: from,
                    logout: a,
                    ..*r
                });
            }
            from = from.max(b);
        }
        if from < r.logout {
            out.rows.push(SessionRow { login: from, ..*r });
        }
    }
    out
}

/// The cycle's license lines together: lines whose period starts in it.
fn license_of(r: &SimResult, cycle: u32) -> Result<Decimal> {
    let c = r
        .cycles
        .iter()
        .find(|c| c.index == cycle)
        .ok_or_else(|| Error::invalid("cycle", format!("no cycle {cycle}")))?;
    let mut sum = Decimal::ZERO;
    for l in r.invoices.iter().flat_map(|i| &i.lines) {
        if l.category == Category::License && c.start <= l.period.start && l.period.start <= c.end {
            sum = crate::money::add(sum, l.amount, "what_if.license")?;
        }
    }
    Ok(sum)
}

fn bill(p: &Prepared) -> Result<SimResult> {
    let model = p.scenario.contract.model;
    p.price(&p.measure(model, false)?, model, &p.commitments)
}

/// Bills `p` as it is and with the windows that hold `level` in `cycle` and
/// `org` removed (the ladder's spans for that level, R-W3).
pub fn what_if(p: &Prepared, cycle: u32, org: &str, level: u32) -> Result<WhatIf> {
    let a = of(
        p,
        &Options {
            cycle: Some(cycle),
            org: Some(org.to_owned()),
            ..Options::default()
        },
    )?;
    let rung = a
        .attribution
        .iter()
        .flat_map(|e| e.ladder.iter().flatten())
        .find(|r| r.level == level)
        .ok_or_else(|| {
            Error::invalid(
                "level",
                format!("no window holds {level} users in cycle {cycle} of {org}"),
            )
        })?;
    let org_ix = p
        .catalog
        .org(org)
        .ok_or_else(|| Error::invalid("org", format!("no org \"{org}\"")))?;
    let cut = Prepared {
        scenario: Cow::Borrowed(&*p.scenario),
        catalog: p.catalog.clone(),
        cycles: p.cycles.clone(),
        commitments: p.commitments.clone(),
        currency: p.currency,
        sessions: Cow::Owned(without_spans(&p.sessions, org_ix, &rung.spans)),
        as_of: p.as_of,
    };
    let outcome = |q: &Prepared| -> Result<Outcome> {
        let r = bill(q)?;
        Ok(Outcome {
            billed_peak: curve(q, org, cycle, None)?.billed_peak,
            license: license_of(&r, cycle)?,
            total: r.totals.total,
        })
    };
    Ok(WhatIf {
        cycle,
        org: org.to_owned(),
        level,
        removed_minutes: minutes(rung.spans.iter().map(|(a, b)| b - a).sum()),
        before: outcome(p)?,
        after: outcome(&cut)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    /// a and b 08:00-11:00, c 09:00-10:00, d 09:20-09:30: the curve is
    /// 2, 3, 4, 3, 2 and 30 sustained minutes bill 3 (09:00-10:00).
    fn scenario() -> Scenario {
        let s = |u: &str, a: &str, b: &str| {
            format!(
                r#"{{ "user": "{u}", "org": "main", "product": "cx2", "login": "2026-10-22T{a}:00Z", "logout": "2026-10-22T{b}:00Z" }}"#
            )
        };
        Scenario::from_json(&format!(
            r#"{{ "billsim": 1, "currency": "USD",
            "contract": {{ "activation": "2026-10-21", "model": "concurrent", "term_cycles": 1,
              "products": {{ "cx2": {{ "tier": 2, "prepay": "115.00", "overage": "138.00" }} }} }},
            "usage": {{ "sessions": [ {}, {}, {}, {} ] }} }}"#,
            s("a", "08:00", "11:00"),
            s("b", "08:00", "11:00"),
            s("c", "09:00", "10:00"),
            s("d", "09:20", "09:30"),
        ))
        .expect("scenario")
    }

    /// A session across a span becomes its two ends; one inside it goes;
    /// other orgs are untouched.
    #[test]
    fn spans_are_cut_out_of_sessions() {
        let mut s = Sessions::default();
        s.push("x", "a", 0, 0, 0, 100).expect("row");
        s.push("x", "b", 0, 0, 20, 30).expect("row");
        s.push("x", "c", 1, 0, 0, 100).expect("row");
        let cut = without_spans(&s, 0, &[(10, 40), (50, 60)]);
        let rows: Vec<(u32, u16, i64, i64)> = cut
            .rows
            .iter()
            .map(|r| (r.user, r.org, r.login, r.logout))
            .collect();
        assert_eq!(
            rows,
            [
                (0, 0, 0, 10),
                (0, 0, 40, 50),
                (0, 0, 60, 100),
                (2, 1, 0, 100)
            ]
        );
    }

    /// R-W3: removing the hour that holds 3 bills 2, and the license amount
    /// falls by exactly the ladder's saving for level 3 (one 138.00 overage).
    #[test]
    fn r_w3_removing_the_top_windows_bills_one_less() {
        let s = scenario();
        let p = Prepared::new(&s, None).expect("prepared");
        let w = what_if(&p, 0, "main", 3).expect("what if");
        assert_eq!((w.before.billed_peak, w.after.billed_peak), (3, 2));
        assert_eq!(w.removed_minutes, Decimal::from(60));
        let a = of(&p, &Options::default()).expect("attribution");
        let rung = &a.attribution[0].ladder.as_ref().expect("ladder")[0];
        assert_eq!(rung.level, 3);
        assert_eq!(w.before.license - w.after.license, rung.saving);
        assert_eq!(rung.saving, Decimal::new(13800, 2));
        assert_eq!(w.before.total - w.after.total, Decimal::new(13800, 2));
        // A level no window holds is refused in words.
        let e = what_if(&p, 0, "main", 9).expect_err("no such level");
        assert_eq!(e.path(), "level");
    }
}
