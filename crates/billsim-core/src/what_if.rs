//! "What if" the minutes that hold a level of the savings ladder (R-W3)
//! were not worked: every session of the org with those stretches cut out,
//! billed again by the same stages as the bill itself, so the answer is a
//! real invoice and not an estimate. Beside it, the ladder's own saving for
//! that step and, when the two differ, one sentence on why (R-K3 ranks the
//! users again once their minutes are cut).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::attribution::{curve, minutes, of, Options};
use crate::error::{Error, Result};
use crate::explain::LadderVsRebill;
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
    /// Beside the savings ladder's step for the same level (R-W3); `None`
    /// in answers from before it was added.
    #[serde(default)]
    pub versus_ladder: Option<VersusLadder>,
}

/// The re-bill's saving beside the savings ladder's for the same level:
/// the ladder drops the billed users with the least time (R-K3), while
/// cutting the windows' minutes ranks the users again, so another product
/// (or more users) may drop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VersusLadder {
    /// The ladder's saving at a peak of level - 1 (R-W3).
    #[serde(with = "rust_decimal::serde::str")]
    pub ladder_saving: Decimal,
    /// What the re-bill saves on the cycle's licenses.
    #[serde(with = "rust_decimal::serde::str")]
    pub saving: Decimal,
    /// Both save the same.
    pub agrees: bool,
    /// Why they differ, naming the products that drop in each, or that
    /// they agree (`crate::explain::ladder_vs_rebill`).
    pub sentence: String,
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

/// A bill of `p`, with the users billed per product of `org` in cycle
/// position `c` (R-K3's split of the peak).
fn bill(p: &Prepared, c: usize, org: u16) -> Result<(SimResult, BTreeMap<u16, Decimal>)> {
    let model = p.scenario.contract.model;
    let m = p.measure(model, false)?;
    let billed = m
        .cycles
        .get(c)
        .into_iter()
        .flat_map(|u| &u.licenses)
        .filter(|((o, _), _)| *o == org)
        .map(|(&(_, product), &q)| (product, q))
        .collect();
    Ok((p.price(&m, model, &p.commitments)?, billed))
}

/// Users fewer per product from `before` to `after` (negative: more), by
/// product id, none zero.
fn drops(
    p: &Prepared,
    before: &BTreeMap<u16, Decimal>,
    after: &BTreeMap<u16, Decimal>,
) -> Vec<(String, Decimal)> {
    let products: BTreeSet<u16> = before.keys().chain(after.keys()).copied().collect();
    products
        .into_iter()
        .filter_map(|k| {
            let q = |m: &BTreeMap<u16, Decimal>| m.get(&k).copied().unwrap_or_default();
            let fewer = q(before) - q(after);
            let id = p.catalog.products.get(usize::from(k))?;
            (!fewer.is_zero()).then(|| (id.clone(), fewer))
        })
        .collect()
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
    let c = p
        .cycles
        .iter()
        .position(|x| x.index == cycle)
        .ok_or_else(|| Error::invalid("cycle", format!("no cycle {cycle}")))?;
    let outcome = |q: &Prepared| -> Result<(Outcome, BTreeMap<u16, Decimal>)> {
        let (r, billed) = bill(q, c, org_ix)?;
        let outcome = Outcome {
            billed_peak: curve(q, org, cycle, None)?.billed_peak,
            license: license_of(&r, cycle)?,
            total: r.totals.total,
        };
        Ok((outcome, billed))
    };
    let (before, billed_before) = outcome(p)?;
    let (after, billed_after) = outcome(&cut)?;
    let removed_minutes = minutes(rung.spans.iter().map(|(a, b)| b - a).sum());
    let mut saving = before
        .license
        .checked_sub(after.license)
        .ok_or_else(|| Error::overflow("what_if.saving"))?;
    saving.rescale(p.currency.minor_units);
    let drops = drops(p, &billed_before, &billed_after);
    let sentence = crate::explain::ladder_vs_rebill(&LadderVsRebill {
        level,
        peak_after: after.billed_peak,
        removed_minutes,
        ladder_saving: rung.saving,
        ladder_drops: &rung.dropped,
        saving,
        drops: &drops,
        currency: &p.scenario.currency,
    });
    Ok(WhatIf {
        cycle,
        org: org.to_owned(),
        level,
        removed_minutes,
        versus_ladder: Some(VersusLadder {
            ladder_saving: rung.saving,
            saving,
            agrees: saving == rung.saving,
            sentence,
        }),
        before,
        after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scenario;

    /// Sessions ("user product login logout; ..." on 2026-10-22) of org
    /// main under a concurrent contract of one cycle, 30 sustained minutes,
    /// no commitment: every billed user is overage (cx1 90.00, cx2 138.00).
    fn scenario_of(sessions: &str) -> Scenario {
        let rows: Vec<String> = sessions
            .split(';')
            .map(|row| match row.split_whitespace().collect::<Vec<_>>()[..] {
                [u, p, a, b] => (u, p, a, b),
                _ => panic!("not a session: {row}"),
            })
            .map(|(u, p, a, b)| {
                format!(
                    r#"{{ "user": "{u}", "org": "main", "product": "{p}", "login": "2026-10-22T{a}:00Z", "logout": "2026-10-22T{b}:00Z" }}"#
                )
            })
            .collect();
        Scenario::from_json(&format!(
            r#"{{ "billsim": 1, "currency": "USD",
            "contract": {{ "activation": "2026-10-21", "model": "concurrent", "term_cycles": 1,
              "products": {{ "cx1": {{ "tier": 1, "prepay": "75.00", "overage": "90.00" }},
                            "cx2": {{ "tier": 2, "prepay": "115.00", "overage": "138.00" }} }} }},
            "usage": {{ "sessions": [ {} ] }} }}"#,
            rows.join(", ")
        ))
        .expect("scenario")
    }

    /// a and b 08:00-11:00, c 09:00-10:00, d 09:20-09:30: the curve is
    /// 2, 3, 4, 3, 2 and 30 sustained minutes bill 3 (09:00-10:00).
    fn scenario() -> Scenario {
        scenario_of("a cx2 08:00 11:00; b cx2 08:00 11:00; c cx2 09:00 10:00; d cx2 09:20 09:30")
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

    /// An amount in cents.
    fn usd(cents: i64) -> Decimal {
        Decimal::new(cents, 2)
    }

    /// What the re-bill of `level` says beside the ladder, and the peaks
    /// billed before and after it.
    fn versus(s: &Scenario, level: u32) -> ((u32, u32), VersusLadder) {
        let p = Prepared::new(s, None).expect("prepared");
        let w = what_if(&p, 0, "main", level).expect("what if");
        let v = w.versus_ladder.clone().expect("versus the ladder");
        assert_eq!(v.saving, w.before.license - w.after.license);
        ((w.before.billed_peak, w.after.billed_peak), v)
    }

    /// R-W3, R-K3: the ladder and the re-bill agree when the user with the
    /// least time is also the one the cut drops, and say so.
    #[test]
    fn r_w3_r_k3_rebill_that_agrees_with_the_ladder_says_so() {
        let (peaks, v) = versus(&scenario(), 3);
        let saved = (v.ladder_saving, v.saving);
        assert_eq!(
            (peaks, v.agrees, saved),
            ((3, 2), true, (usd(13800), usd(13800)))
        );
        assert_eq!(
            v.sentence,
            "The re-bill saves the same 138.00 USD as the savings ladder (R-W3)."
        );
    }

    /// R-W3, R-K3: when the re-bill saves another amount than the ladder's
    /// step, one sentence says why, naming the products that drop in each.
    ///
    /// Ranked again: two 40-minute windows at 2, a in both and b in one. By
    /// time in the cycle a (140 min, cx2) and b (110, cx1) are billed and
    /// the ladder drops b, at cx1; cutting the windows leaves a 60 min and
    /// b 70, so a drops, at cx2.
    ///
    /// The peak falls further: a, b and c only ever together, tied at 60
    /// min, so the ladder drops c (last by id) and the cut drops all three.
    #[test]
    fn r_w3_r_k3_rebill_that_differs_from_the_ladder_says_why() {
        let cases = [
            (
                "a cx2 09:00 09:40; a cx2 11:00 11:40; a cx2 13:00 14:00; \
                 b cx1 09:00 09:40; b cx1 15:00 16:10; c cx1 11:00 11:40",
                2,
                (2, 1),
                (usd(9000), usd(13800)),
                "The savings ladder drops the billed user with the least time, at cx1 (90.00 USD); \
                 without those 80 min the users are ranked again by their time (R-K3) and the one \
                 who drops is at cx2 (138.00 USD).",
            ),
            (
                "a cx2 09:00 10:00; b cx2 09:00 10:00; c cx1 09:00 10:00",
                3,
                (3, 0),
                (usd(9000), usd(36600)),
                "The savings ladder drops the billed user with the least time, at cx1 (90.00 USD); \
                 without those 60 min the peak falls to 0, not 2, and the 3 who drop are 1 at cx1 \
                 and 2 at cx2 (366.00 USD).",
            ),
        ];
        for (sessions, level, want_peaks, want_saved, sentence) in cases {
            let (peaks, v) = versus(&scenario_of(sessions), level);
            let saved = (v.ladder_saving, v.saving);
            assert_eq!((peaks, v.agrees, saved), (want_peaks, false, want_saved));
            assert_eq!(v.sentence, sentence);
        }
    }

    /// An answer from before the comparison was added still reads.
    #[test]
    fn what_if_without_the_comparison_still_reads() {
        let s = scenario();
        let p = Prepared::new(&s, None).expect("prepared");
        let mut json =
            serde_json::to_value(what_if(&p, 0, "main", 3).expect("what if")).expect("json");
        let fields = json.as_object_mut().expect("object");
        assert!(fields.remove("versus_ladder").is_some());
        let back: WhatIf = serde_json::from_value(json).expect("older answer");
        assert!(back.versus_ladder.is_none());
    }
}
