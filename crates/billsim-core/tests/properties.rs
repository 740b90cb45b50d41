//! Invariants the rule book implies, checked on generated contracts and usage.

use billsim_core::calendar::{self, Phase};
use billsim_core::concurrency::{daily, peaks, segments};
use billsim_core::result::Timing;
use billsim_core::scenario::{Category, Scenario};
use billsim_core::scenario::{Commitment, Device, Quantity, Session, Tax};
use billsim_core::{advice, simulate, Error, Options};
use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use rust_decimal::Decimal;

const BASE: &str = include_str!("../../../examples/committed-20-used-10.json");

fn base() -> Scenario {
    Scenario::from_json(BASE).unwrap()
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (2000i32..2090, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| {
        (0..4)
            .find_map(|back| NaiveDate::from_ymd_opt(y, m, d - back))
            .unwrap()
    })
}

fn money() -> impl Strategy<Value = Decimal> {
    (0i64..5_000_000, 0u32..=4).prop_map(|(n, scale)| Decimal::new(n, scale))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    // R-C1: cycles tile the contract from activation with no gap or overlap.
    #[test]
    fn r_c1_cycles_tile_the_contract(act in date(), ramp in 0u32..6, term in 1u32..40, after in 0u32..6) {
        let mut s = base();
        s.contract.activation = act;
        s.contract.ramp.cycles = ramp;
        s.contract.term_cycles = term;
        s.contract.after_term_cycles = after;
        let cs = calendar::cycles(&s.contract).unwrap();
        prop_assert_eq!(cs.len() as u32, ramp + term + after);
        prop_assert_eq!(cs[0].start, act);
        for w in cs.windows(2) {
            prop_assert_eq!(w[0].next_start(), w[1].start);
            prop_assert!(w[0].start <= w[0].end);
        }
        for c in &cs {
            // Anchored: the anchor day, or the month's last day when it has fewer days.
            let last = (28..=31).rev().find(|&d| c.start.with_day(d).is_some()).unwrap();
            prop_assert_eq!(c.start.day(), act.day().min(last));
            let want = if c.index < ramp { Phase::Ramp } else if c.index < ramp + term { Phase::Term } else { Phase::AfterTerm };
            prop_assert_eq!(c.phase, want);
        }
    }

    // R-M3/R-M4: in every term cycle billed = max(committed, actual) >= committed,
    // and prepay + overage invoiced for the cycle equal billed.
    #[test]
    fn r_m4_term_cycles_bill_the_greater_of_committed_and_actual(
        steps in prop::collection::vec((0u32..6, 0u32..40), 0..4),
        usage in prop::collection::vec(0u32..60, 6),
    ) {
        let mut s = base();
        s.contract.term_cycles = 6;
        s.contract.commitments = steps.iter().map(|&(from, q)| Commitment { product: "cx2".into(), from_cycle: from, quantity: q.into(), org: None }).collect();
        s.usage.quantities = usage.iter().enumerate().map(|(k, &q)| Quantity { cycle: k as u32, org: None, product: "cx2".into(), quantity: q.into() }).collect();
        let r = simulate(&s, None, &Options::default()).unwrap();
        for c in &r.cycles {
            for u in &c.usage {
                prop_assert!(u.billed >= u.committed);
                prop_assert_eq!(u.billed, u.committed.max(u.actual));
                let billed_lines: Decimal = r.invoices.iter().flat_map(|i| &i.lines)
                    .filter(|l| l.period.start == c.start && l.category == Category::License)
                    .map(|l| l.quantity).sum();
                prop_assert_eq!(billed_lines, u.billed);
            }
        }
    }

    // R-$1, R-X1: every total is the sum of its rounded lines plus taxes.
    #[test]
    fn r_x1_totals_are_sums_of_rounded_lines(
        prices in prop::collection::vec((money(), 0u32..50), 1..5),
        rates in prop::collection::vec(0u32..2500, 0..3),
        jpy in any::<bool>(),
    ) {
        let mut s = base();
        s.currency = if jpy { "JPY".into() } else { "USD".into() };
        s.contract.devices = prices.iter().enumerate().map(|(i, &(p, q))| Device { name: format!("d{i}"), quantity: q, monthly: Some(p), one_time: None, ship_date: None }).collect();
        s.contract.taxes = rates.iter().enumerate().map(|(i, &r)| Tax { name: format!("t{i}"), rate: Decimal::new(r.into(), 4), applies_to: vec![Category::Device, Category::License] }).collect();
        let r = simulate(&s, None, &Options::default()).unwrap();
        let minor = if jpy { 0 } else { 2 };
        let mut sum = Decimal::ZERO;
        for inv in &r.invoices {
            let lines: Decimal = inv.lines.iter().map(|l| l.amount).sum();
            prop_assert_eq!(inv.subtotal, lines);
            for l in &inv.lines {
                prop_assert_eq!(l.amount.scale(), minor);
                prop_assert_eq!(l.amount, (l.quantity * l.unit_price).round_dp_with_strategy(minor, rust_decimal::RoundingStrategy::MidpointAwayFromZero));
            }
            let taxes: Decimal = inv.taxes.iter().map(|t| t.amount).sum();
            prop_assert_eq!(inv.tax, taxes);
            prop_assert_eq!(inv.total, inv.subtotal + inv.tax);
            sum += inv.total;
        }
        prop_assert_eq!(r.totals.total, sum);
    }

    // R-C3: the bill-to-date preview at a cycle's end equals the invoice that closes it.
    #[test]
    fn r_c3_preview_at_cycle_end_equals_final_invoice(
        sessions in prop::collection::vec((0usize..6, 0i64..(95 * 24 * 60), 1i64..(26 * 60)), 1..40),
        model in 0usize..3,
    ) {
        let mut s = base();
        s.contract.model = billsim_core::Model::ALL[model];
        for p in s.contract.products.values_mut() {
            p.hourly = Some(Decimal::new(125, 2));
        }
        s.usage.quantities.clear();
        let start = Utc.with_ymd_and_hms(2026, 10, 21, 0, 0, 0).unwrap();
        s.usage.sessions = sessions.iter().map(|&(u, at, len)| Session {
            user: format!("u{u}"), org: "main".into(), product: "cx2".into(),
            login: start + chrono::Duration::minutes(at), logout: start + chrono::Duration::minutes(at + len),
        }).collect();
        let full = simulate(&s, None, &Options::default()).unwrap();
        let cycles = calendar::cycles(&s.contract).unwrap();
        for c in &cycles {
            let d = c.next_start();
            let p = simulate(&s, None, &Options { as_of: Some(d), ..Options::default() }).unwrap().preview.unwrap();
            let closing: Vec<_> = full.invoices.iter().filter(|i| i.date == d).flat_map(|i| i.lines.iter())
                .filter(|l| l.timing == Timing::InArrears && l.period.start == c.start).cloned().collect();
            prop_assert_eq!(&p.lines, &closing);
            // Invoices issued before d are the final ones.
            let issued = simulate(&s, None, &Options { as_of: Some(d), ..Options::default() }).unwrap().invoices;
            let final_before: Vec<_> = full.invoices.iter().filter(|i| i.date < d).cloned().collect();
            prop_assert_eq!(issued, final_before);
        }
    }

    // A scenario survives a JSON round trip unchanged.
    #[test]
    fn scenario_round_trips_through_json(steps in prop::collection::vec((0u32..12, 0u32..40), 0..4), act in date(), prices in prop::collection::vec(money(), 1..3)) {
        let mut s = Scenario::from_json(include_str!("../../../examples/contact-center.json")).unwrap();
        s.contract.activation = act;
        s.contract.commitments = steps.iter().map(|&(f, q)| Commitment { product: "cx2".into(), from_cycle: f, quantity: q.into(), org: None }).collect();
        s.contract.devices = prices.iter().map(|&p| Device { name: "x".into(), quantity: 1, monthly: Some(p), one_time: None, ship_date: None }).collect();
        let back = Scenario::from_json(&s.to_json()).unwrap();
        prop_assert_eq!(back, s);
    }
}

fn intervals() -> impl Strategy<Value = Vec<(i64, i64)>> {
    prop::collection::vec((0i64..10_000, 1i64..3_000), 1..60).prop_map(|v| {
        v.into_iter()
            .map(|(s, l)| (s * 1000, (s + l) * 1000))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    // R-K2: sustained <= cumulative <= raw, and exact <= cumulative, for any threshold.
    #[test]
    fn r_k2_peak_rules_are_ordered(iv in intervals(), min in 0i64..4_000) {
        let p = peaks(&segments(&iv), min * 1000);
        prop_assert!(p.sustained <= p.cumulative);
        prop_assert!(p.cumulative <= p.raw);
        prop_assert!(p.cumulative_exact <= p.cumulative);
    }

    // R-K2: the peak does not depend on the order sessions arrive in.
    #[test]
    fn r_k2_peak_ignores_order(iv in intervals(), seed in any::<u64>(), min in 0i64..4_000) {
        let mut shuffled = iv.clone();
        let n = shuffled.len();
        let mut x = seed;
        for i in (1..n).rev() {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (x >> 33) as usize % (i + 1));
        }
        prop_assert_eq!(peaks(&segments(&iv), min * 1000), peaks(&segments(&shuffled), min * 1000));
    }

    // R-K2: splitting a session into two adjacent ones changes nothing.
    #[test]
    fn r_k2_peak_ignores_adjacent_splits(iv in intervals(), which in any::<prop::sample::Index>(), at in 0.0f64..1.0, min in 0i64..4_000) {
        let i = which.index(iv.len());
        let (s, e) = iv[i];
        let cut = s + ((e - s) as f64 * at) as i64;
        prop_assume!(cut > s && cut < e);
        let mut split = iv.clone();
        split[i] = (s, cut);
        split.push((cut, e));
        prop_assert_eq!(peaks(&segments(&iv), min * 1000), peaks(&segments(&split), min * 1000));
    }

    // R-K4 and R-H1: the daily report's time adds up to the curve's time.
    #[test]
    fn r_k4_daily_report_never_exceeds_the_curve(iv in intervals()) {
        let segs = segments(&iv);
        let d = daily(&segs);
        let raw = segs.iter().map(|s| s.count).max().unwrap_or(0);
        prop_assert_eq!(d.iter().map(|r| r.peak).max().unwrap_or(0), raw);
        let busy: i64 = segs.iter().map(|s| s.end - s.start).sum();
        prop_assert!(d.iter().map(|r| r.ms_at_peak).sum::<i64>() <= busy);
    }
}

fn sessions_scenario(model: billsim_core::Model, sessions: &[(usize, i64, i64)]) -> Scenario {
    let mut s = base();
    s.contract.model = model;
    s.contract.products.get_mut("cx2").unwrap().hourly = Some(Decimal::ONE);
    s.usage.quantities.clear();
    let start = Utc.with_ymd_and_hms(2026, 10, 21, 0, 0, 0).unwrap();
    s.usage.sessions = sessions
        .iter()
        .map(|&(u, at, len)| Session {
            user: format!("u{u}"),
            org: "main".into(),
            product: "cx2".into(),
            login: start + chrono::Duration::minutes(at),
            logout: start + chrono::Duration::minutes(at + len),
        })
        .collect();
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    // R-L3: a user's session duplicated on a second device changes no bill.
    #[test]
    fn r_l3_second_device_changes_nothing(sessions in prop::collection::vec((0usize..8, 0i64..(60 * 24 * 60), 1i64..(12 * 60)), 1..30), dup in any::<prop::sample::Index>(), model in 0usize..3) {
        let m = billsim_core::Model::ALL[model];
        let a = simulate(&sessions_scenario(m, &sessions), None, &Options::default()).unwrap();
        let mut more = sessions.clone();
        more.push(sessions[dup.index(sessions.len())]);
        let b = simulate(&sessions_scenario(m, &more), None, &Options::default()).unwrap();
        prop_assert_eq!(a.invoices, b.invoices);
    }

    // R-L3, R-L2: a file whose rows come user by user is measured from its
    // rows as they are (no sort by user); the same rows in any order give
    // the same presence, to the event.
    #[test]
    fn r_l3_rows_grouped_by_user_measure_as_rows_in_any_order(sessions in prop::collection::vec((0usize..8, 0i64..(80 * 24 * 60), 1i64..(40 * 60)), 1..40), tiers in prop::collection::vec(any::<bool>(), 40)) {
        let mut s = sessions_scenario(billsim_core::Model::Concurrent, &sessions);
        let mut cx1 = s.contract.products["cx2"].clone();
        cx1.tier = 1;
        s.contract.products.insert("cx1".into(), cx1);
        for (x, cx1) in s.usage.sessions.iter_mut().zip(tiers) {
            if cx1 {
                x.product = "cx1".into();
            }
        }
        let cat = billsim_core::usage::Catalog::of(&s);
        let cycles = calendar::cycles(&s.contract).unwrap();
        let any_order = billsim_core::usage::Sessions::from_scenario(&s, &cat).unwrap();
        let mut grouped = any_order.clone();
        grouped.rows.sort_by_key(|r| r.user);
        let (a, b) = (
            billsim_core::measure::presence(&any_order, &cat, &cycles, true),
            billsim_core::measure::presence(&grouped, &cat, &cycles, true),
        );
        prop_assert_eq!(a.users, b.users);
        prop_assert_eq!(a.events, b.events);
        prop_assert_eq!(a.merged, b.merged);
        prop_assert_eq!(a.outside, b.outside);
    }

    // R-H1: billed hours equal the user-hour report rounded up once per cycle.
    #[test]
    fn r_h1_hours_match_the_user_hour_report(sessions in prop::collection::vec((0usize..8, 0i64..(25 * 24 * 60), 1i64..(30 * 60)), 1..30)) {
        let s = sessions_scenario(billsim_core::Model::Hourly, &sessions);
        let r = simulate(&s, None, &Options::default()).unwrap();
        let report = billsim_core::reports::build(&s, None).unwrap().hours_table();
        let ms: i64 = report.rows.iter().map(|row| billsim_core::usage::parse_duration(&row[3]).unwrap()).sum();
        let hours = (Decimal::from(ms) / Decimal::from(3_600_000)).ceil();
        let billed: Decimal = r.cycles.iter().flat_map(|c| &c.usage).map(|u| u.actual).sum();
        prop_assert_eq!(billed, hours);
    }
}

/// Random edits of a valid scenario: never a panic; every rejection says where.
fn mutate(v: &mut serde_json::Value, path: &[usize], kind: u8) {
    use serde_json::Value;
    let replacement = match kind % 8 {
        0 => Value::Null,
        1 => Value::from(-1),
        2 => Value::from("-5"),
        3 => Value::from("79228162514264337593543950335"),
        4 => Value::from(true),
        5 => Value::from("not a value"),
        6 => Value::from(4_294_967_296u64),
        _ => Value::from("2026-02-30"),
    };
    edit(v, path, kind, replacement);
}

fn edit(cur: &mut serde_json::Value, path: &[usize], kind: u8, replacement: serde_json::Value) {
    use serde_json::Value;
    let Some((&i, rest)) = path.split_first() else {
        *cur = replacement;
        return;
    };
    let last = rest.is_empty();
    match cur {
        Value::Object(m) if !m.is_empty() => {
            let key = m.keys().nth(i % m.len()).unwrap().clone();
            if last && kind >= 200 {
                m.remove(&key);
            } else if last && kind >= 180 {
                m.insert(format!("{key}_typo"), Value::Null);
            } else if let Some(child) = m.get_mut(&key) {
                edit(child, rest, kind, replacement);
            }
        }
        Value::Array(a) if !a.is_empty() => {
            let n = a.len();
            edit(&mut a[i % n], rest, kind, replacement);
        }
        other => *other = replacement,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn r_v1_mutated_scenarios_never_panic_and_errors_name_a_path(path in prop::collection::vec(0usize..16, 1..6), kind in any::<u8>(), which in 0usize..3) {
        let text = [BASE, include_str!("../../../examples/contact-center.json"), include_str!("../../../examples/prepay-and-overage.json")][which];
        let mut v: serde_json::Value = serde_json::from_str(text).unwrap();
        mutate(&mut v, &path, kind);
        let r = std::panic::catch_unwind(|| billsim_core::simulate_json(&v.to_string(), &Options::default()));
        prop_assert!(r.is_ok(), "panicked on {}", v);
        if let Err(e) = r.unwrap() {
            match &e {
                Error::Json { path, .. } | Error::Invalid { path, .. } | Error::Overflow { path } => prop_assert!(!path.is_empty(), "no path: {e}"),
                Error::Rule(v) => prop_assert!(!v.path().is_empty(), "no path: {e}"),
                Error::Csv { .. } => prop_assert!(false, "CSV error from JSON: {e}"),
            }
        }
    }

    #[test]
    fn r_v1_arbitrary_text_never_panics(text in ".{0,200}") {
        let r = std::panic::catch_unwind(|| billsim_core::simulate_json(&text, &Options::default()));
        prop_assert!(r.is_ok());
        prop_assert!(r.unwrap().is_err());
    }
}

/// AI usage rows: (cycle, org, feature, quantity in hundredths).
fn ai_rows() -> impl Strategy<Value = Vec<(u32, usize, usize, i64)>> {
    prop::collection::vec((0u32..3, 0usize..2, 0usize..9, 0i64..2_000_000), 0..12)
}

fn ai_scenario(
    model: billsim_core::Model,
    rows: &[(u32, usize, usize, i64)],
    commitment: u32,
    interactions: &[(usize, u8, i64)],
) -> Scenario {
    use billsim_core::ai::{AiContract, AiUse, BotResource, Feature, Interaction};
    let mut s = base();
    s.contract.model = model;
    for p in s.contract.products.values_mut() {
        p.hourly = Some(Decimal::new(125, 2));
    }
    s.contract.ramp.cycles = 1;
    s.contract.term_cycles = 2;
    s.contract.commitments.clear();
    s.usage.quantities.clear();
    s.orgs = ["a", "b"]
        .iter()
        .map(|o| billsim_core::scenario::Org {
            id: (*o).into(),
            region: "r".into(),
            vendor_names: Vec::new(),
        })
        .collect();
    s.contract.ai = Some(AiContract {
        allocation: (model == billsim_core::Model::Hourly).then(|| Decimal::from(100)),
        commitments: vec![billsim_core::scenario::AddonStep {
            from_cycle: 1,
            quantity: commitment.into(),
        }],
        ..AiContract::default()
    });
    s.usage.ai = rows
        .iter()
        .map(|&(cycle, org, f, q)| AiUse {
            cycle,
            org: ["a", "b"][org].into(),
            feature: Feature::ALL[f],
            quantity: Decimal::new(q, 2),
        })
        .collect();
    let start = Utc.with_ymd_and_hms(2026, 10, 21, 0, 0, 0).unwrap();
    s.usage.interactions = interactions
        .iter()
        .enumerate()
        .map(|(i, &(org, set, minutes))| Interaction {
            id: format!("i-{i}"),
            org: ["a", "b"][org].into(),
            start: start + chrono::Duration::hours(i as i64 * 13),
            resources: BotResource::ALL
                .into_iter()
                .enumerate()
                .filter(|(b, _)| set & (1 << b) != 0)
                .map(|(_, r)| r)
                .collect(),
            bot_minutes: Decimal::new(minutes, 1),
            bot_sessions: Decimal::new(minutes % 97, 0),
        })
        .collect();
    s
}

/// Tokens billed (committed and above) and their amount, per cycle start.
fn tokens_billed(s: &Scenario) -> (Vec<Decimal>, Decimal) {
    use billsim_core::result::LineKind;
    let r = simulate(s, None, &Options::default()).unwrap();
    let mut per_cycle = vec![Decimal::ZERO; r.cycles.len()];
    let mut amount = Decimal::ZERO;
    for l in r.invoices.iter().flat_map(|i| &i.lines) {
        if matches!(l.kind, LineKind::AiPrepay | LineKind::AiOverage) {
            assert_eq!(l.category, Category::Ai, "token lines are category ai");
            let k = r
                .cycles
                .iter()
                .position(|c| c.start == l.period.start)
                .unwrap();
            per_cycle[k] += l.quantity;
            amount += l.amount;
        }
    }
    (per_cycle, amount)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    // R-AI4 (with R-AI1..R-AI3): more usage never bills fewer tokens, in any
    // cycle, under any model, with or without a commitment; adding usage
    // rows or interactions only adds tokens.
    #[test]
    fn r_ai4_tokens_billed_never_fall_when_usage_grows(
        rows in ai_rows(),
        more in ai_rows(),
        commitment in 0u32..3000,
        model in 0usize..3,
        inter in prop::collection::vec((0usize..2, 1u8..8, 0i64..600), 0..20),
        more_inter in prop::collection::vec((0usize..2, 1u8..8, 0i64..600), 0..10),
    ) {
        let model = billsim_core::Model::ALL[model];
        let before = ai_scenario(model, &rows, commitment, &inter);
        let mut grown_rows = rows.clone();
        grown_rows.extend(&more);
        let mut grown_inter = inter.clone();
        grown_inter.extend(&more_inter);
        let after = ai_scenario(model, &grown_rows, commitment, &grown_inter);
        let (b, b_amount) = tokens_billed(&before);
        let (a, a_amount) = tokens_billed(&after);
        for (k, (x, y)) in b.iter().zip(&a).enumerate() {
            prop_assert!(y >= x, "cycle {k}: {x} tokens billed before, {y} after more usage");
        }
        prop_assert!(a_amount >= b_amount);
        // The commitment is always billed in full in term cycles (R-M3 via R-AI4).
        for t in &b[1..] {
            prop_assert!(*t >= Decimal::from(commitment));
        }
    }
}

/// The example scenario with `product`'s commitments replaced by one step of
/// `quantity` from cycle 0, billed under `model` (products' own model cleared).
fn edited(model: billsim_core::Model, product: &str, quantity: u32) -> Scenario {
    let mut s = Scenario::from_json(include_str!("../../../examples/contact-center.json")).unwrap();
    s.contract.model = model;
    for p in s.contract.products.values_mut() {
        p.model = None;
    }
    s.contract.commitments.retain(|c| c.product != product);
    s.contract.commitments.push(Commitment {
        product: product.into(),
        from_cycle: 0,
        quantity: Decimal::from(quantity),
        org: None,
    });
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Measure once, price many: one prepared and measured scenario, priced
    /// under any model and any commitment level of a product, is exactly
    /// the full simulation of the scenario edited the same way.
    #[test]
    fn pricing_one_measured_stage_equals_simulating_the_edited_scenario(
        which in 0usize..3,
        product in prop_oneof![Just("cx1"), Just("cx2")],
        levels in proptest::collection::vec(0u32..80, 1..4),
    ) {
        let model = billsim_core::Model::ALL[which];
        let original =
            Scenario::from_json(include_str!("../../../examples/contact-center.json")).unwrap();
        let prepared = billsim_core::stages::Prepared::new(&original, None).unwrap();
        let measured = prepared.measure(model, false).unwrap();
        let (org, p) = (0, prepared.catalog.product(product).unwrap());
        for q in levels {
            let commitments = prepared.commitments.with_level(org, p, Decimal::from(q));
            let priced = prepared.price(&measured, model, &commitments);
            let full = simulate(&edited(model, product, q), None, &Options::default());
            prop_assert!(full.is_ok(), "{:?}", full);
            prop_assert_eq!(priced.ok(), full.ok(), "{} at {}", product, q);
        }
    }
}

/// A scenario for attribution: the sessions of [`sessions_scenario`], nothing
/// committed (so the ladder reaches down to 1), under one peak rule.
fn why_scenario(
    model: billsim_core::Model,
    sessions: &[(usize, i64, i64)],
    rule: (usize, u32),
) -> Scenario {
    let mut s = sessions_scenario(model, sessions);
    s.contract.commitments.clear();
    s.contract.peak_rule = billsim_core::scenario::PeakRule {
        kind: [
            billsim_core::scenario::PeakKind::Sustained,
            billsim_core::scenario::PeakKind::Cumulative,
            billsim_core::scenario::PeakKind::CumulativeExact,
        ][rule.0],
        minutes: rule.1,
    };
    s
}

fn why(s: &Scenario) -> billsim_core::attribution::Attribution {
    let p = billsim_core::stages::Prepared::new(s, None).unwrap();
    billsim_core::attribution::of(&p, &Default::default()).unwrap()
}

/// Sessions as (user, start minute, length) on the first days of a cycle;
/// few users, so peaks and handovers collide often.
fn why_sessions() -> impl Strategy<Value = Vec<(usize, i64, i64)>> {
    prop::collection::vec((0usize..8, 0i64..(3 * 24 * 60), 1i64..(6 * 60)), 1..30)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    // R-W5: the users listed for a named product are as many as its measured quantity.
    #[test]
    fn r_w5_named_users_listed_are_the_measured_quantity(sessions in why_sessions()) {
        let s = why_scenario(billsim_core::Model::Named, &sessions, (0, 30));
        let r = simulate(&s, None, &Options::default()).unwrap();
        let a = why(&s);
        for c in &r.cycles {
            for u in &c.usage {
                let listed = a.attribution.iter()
                    .filter(|e| e.cycle == c.index && e.org == u.org)
                    .flat_map(|e| &e.users)
                    .filter(|x| x.product == u.product)
                    .count();
                prop_assert_eq!(Decimal::from(listed), u.actual);
            }
        }
    }

    // R-W5: at the start of every window of the billed peak P at least P
    // users are logged in, and P users are billed (R-K3) when P were there.
    #[test]
    fn r_w5_windows_start_with_at_least_the_billed_peak(sessions in why_sessions(), kind in 0usize..3, minutes in 0u32..90) {
        let s = why_scenario(billsim_core::Model::Concurrent, &sessions, (kind, minutes));
        let r = simulate(&s, None, &Options::default()).unwrap();
        for e in &why(&s).attribution {
            let p = e.billed_peak.unwrap();
            let billed = r.cycles.iter().find(|c| c.index == e.cycle).unwrap()
                .peaks.iter().find(|x| x.org == e.org).unwrap().billed;
            prop_assert_eq!(p, billed);
            prop_assert_eq!(e.users.len(), p as usize);
            for w in e.windows.as_ref().unwrap() {
                prop_assert!(w.users.len() >= p as usize, "{:?}", w);
                prop_assert!(w.end > w.start);
            }
        }
    }

    // R-W5: the hours of R-W4 add up to the user-hour report (R-H3).
    #[test]
    fn r_w5_hourly_minutes_add_up_to_the_user_hour_report(sessions in why_sessions()) {
        let s = why_scenario(billsim_core::Model::Hourly, &sessions, (0, 30));
        let report = billsim_core::reports::build(&s, None).unwrap().hours_table();
        let ms: i64 = report.rows.iter().map(|row| billsim_core::usage::parse_duration(&row[3]).unwrap()).sum();
        let a = why(&s);
        let users: Decimal = a.attribution.iter().flat_map(|e| &e.users).map(|u| u.minutes).sum();
        let tiers: Decimal = a.attribution.iter().flat_map(|e| &e.tiers).map(|t| t.minutes.unwrap()).sum();
        let want = Decimal::from(ms) / Decimal::from(60_000);
        prop_assert_eq!(users, want);
        prop_assert_eq!(tiers, want);
        for t in a.attribution.iter().flat_map(|e| &e.tiers) {
            let billed = t.hours_billed.unwrap() * Decimal::from(60);
            prop_assert_eq!(billed - t.minutes.unwrap(), t.unused_minutes.unwrap());
            prop_assert!(t.unused_minutes.unwrap() >= Decimal::ZERO && t.unused_minutes.unwrap() < Decimal::from(60));
        }
    }

    // R-W3: removing from everyone's sessions the minutes the ladder names
    // for level L, and simulating again, bills at most L - 1.
    #[test]
    fn r_w3_breaking_a_rungs_windows_bills_at_most_one_less(sessions in why_sessions(), kind in 0usize..3, minutes in 0u32..90) {
        let s = why_scenario(billsim_core::Model::Concurrent, &sessions, (kind, minutes));
        let start = Utc.with_ymd_and_hms(2026, 10, 21, 0, 0, 0).unwrap().timestamp_millis();
        for e in &why(&s).attribution {
            for rung in e.ladder.as_ref().unwrap() {
                // Each session minus the rung's spans (in ms from the cycle's start).
                let mut ms_sessions: Vec<(usize, i64, i64)> = sessions.iter()
                    .map(|&(u, at, len)| (u, start + at * 60_000, start + (at + len) * 60_000)).collect();
                for &(a, b) in &rung.spans {
                    ms_sessions = ms_sessions.into_iter().flat_map(|(u, s0, e0)| {
                        let mut v = Vec::new();
                        if s0 < a.min(e0) { v.push((u, s0, a.min(e0))); }
                        if b.max(s0) < e0 { v.push((u, b.max(s0), e0)); }
                        v
                    }).collect();
                }
                let mut s2 = s.clone();
                s2.usage.sessions = ms_sessions.iter().map(|&(u, a, b)| billsim_core::scenario::Session {
                    user: format!("u{u}"), org: "main".into(), product: "cx2".into(),
                    login: chrono::DateTime::from_timestamp_millis(a).unwrap(),
                    logout: chrono::DateTime::from_timestamp_millis(b).unwrap(),
                }).collect();
                let r = simulate(&s2, None, &Options::default()).unwrap();
                let billed = r.cycles.iter().find(|c| c.index == e.cycle)
                    .and_then(|c| c.peaks.iter().find(|x| x.org == e.org))
                    .map_or(0, |x| x.billed);
                prop_assert!(billed < rung.level, "level {} still billed {} after removing {:?}", rung.level, billed, rung.spans);
                prop_assert!(rung.saving > Decimal::ZERO);
            }
        }
    }

    // Attribution depends on the usage, not on the order sessions are listed in.
    #[test]
    fn r_w5_attribution_ignores_session_order(sessions in why_sessions(), seed in any::<u64>(), kind in 0usize..3, model in 0usize..3) {
        let m = billsim_core::Model::ALL[model];
        let a = why(&why_scenario(m, &sessions, (kind, 30)));
        let mut shuffled = sessions.clone();
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            shuffled.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let b = why(&why_scenario(m, &shuffled, (kind, 30)));
        prop_assert_eq!(a, b);
    }
}

/// `s` with its cx2 commitment replaced by `c` held from cycle 0: what
/// advice prices as the point `c` of its curve, as a full scenario.
fn committed_at(s: &Scenario, c: u32) -> Scenario {
    let mut s = s.clone();
    s.contract.commitments = vec![Commitment {
        product: "cx2".into(),
        from_cycle: 0,
        quantity: Decimal::from(c),
        org: None,
    }];
    s
}

/// A small contact center described by a profile: agents absent at random
/// (by seed), so seeds give different totals (R-O2).
fn profiled(agents: u32, absence: u32, seed: u64) -> Scenario {
    Scenario::from_json(&format!(
        r#"{{ "billsim": 1, "currency": "USD",
  "contract": {{ "activation": "2026-10-21", "model": "concurrent", "term_cycles": 2,
    "products": {{ "cx2": {{ "tier": 2, "prepay": "115.00", "overage": "138.00", "list": "138.00" }} }},
    "commitments": [ {{ "product": "cx2", "from_cycle": 0, "quantity": "3" }} ],
    "taxes": [ {{ "name": "Tax", "rate": "0.0825", "applies_to": ["license"] }} ] }},
  "orgs": [ {{ "id": "main", "region": "us-east-1" }} ],
  "usage": {{ "profiles": [ {{ "id": "a", "org": "main", "mix": {{ "cx2": "1" }},
    "shifts": [ {{ "start": "08:00", "minutes": 480, "agents": {agents} }} ],
    "absence": "0.{absence:02}", "seed": {seed} }} ] }} }}"#
    ))
    .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    // R-O1: every point of the curve is the total a full simulate gives at
    // that commitment, so the advised one is not above any other; and the
    // curve at the scenario's own (level) commitment is its own total.
    #[test]
    fn r_o1_the_advised_commitment_is_not_above_any_other(
        q in proptest::collection::vec(0u32..25, 1..5),
        current in 0u32..30,
        prepay in 50i64..150,
        // Overage at 1, 1.5, 2 or 3 x prepay makes plateaus (ties) likely:
        // with T cycles, m of them above c, the slope prepay x T - overage x m is 0.
        over_pct in prop_oneof![Just(100i64), Just(150), Just(200), Just(300), 100i64..300],
        tax in 0i64..20,
    ) {
        let mut s = base();
        let p = s.contract.products.get_mut("cx2").unwrap();
        p.prepay = Some(Decimal::from(prepay));
        p.overage = Some(Decimal::from(prepay * over_pct) / Decimal::from(100));
        s.contract.term_cycles = q.len() as u32;
        s.contract.taxes = vec![Tax { name: "Tax".into(), rate: Decimal::new(tax, 2), applies_to: vec![Category::License] }];
        s.usage.quantities = q.iter().enumerate().map(|(k, &n)| Quantity {
            cycle: k as u32, product: "cx2".into(), quantity: Decimal::from(n), org: None,
        }).collect();
        let s = committed_at(&s, current);
        let a = advice::advise(&s, None, &advice::Options::default()).unwrap();
        let cx2 = &a.products[0];
        // Twice the highest quantity, at least 1 (R-O1).
        let hi = (2 * q.iter().copied().max().unwrap()).max(1);
        prop_assert_eq!(cx2.curve.len() as u32, hi + 1);
        let own = simulate(&s, None, &Options::default()).unwrap().totals.total;
        prop_assert_eq!(cx2.total_at_current, own);
        if current <= hi {
            prop_assert_eq!(cx2.curve[current as usize].total, own);
        }
        for c in 0..=hi + 3 {
            let full = simulate(&committed_at(&s, c), None, &Options::default()).unwrap().totals.total;
            prop_assert!(cx2.total_at_best <= full, "best {} costs {} > {} at {}", cx2.best, cx2.total_at_best, full, c);
            if let Some(point) = cx2.curve.get(c as usize) {
                prop_assert_eq!(point.total, full, "curve at {}", c);
            }
            // R-O1 tie rule: nothing below the advised commitment costs as little.
            if Decimal::from(c) < cx2.best {
                prop_assert!(full > cx2.total_at_best);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    // R-O2: over the seeds, p10 <= p50 <= p90 at every commitment, the
    // best minimizes the asked percentile, and the curve's total is the
    // scenario's own seed.
    #[test]
    fn r_o2_percentiles_are_ordered(agents in 2u32..8, absence in 5u32..60, seed in 0u64..1000, seeds in 2u32..6, p90 in any::<bool>()) {
        let s = profiled(agents, absence, seed);
        let opts = advice::Options {
            seeds,
            percentile: if p90 { advice::Percentile::P90 } else { advice::Percentile::P50 },
        };
        let a = advice::advise(&s, None, &opts).unwrap();
        let cx2 = &a.products[0];
        for pt in &cx2.curve {
            let (p10, p50, p90v) = (pt.p10.unwrap(), pt.p50.unwrap(), pt.p90.unwrap());
            prop_assert!(p10 <= p50 && p50 <= p90v, "{:?}", pt);
        }
        let key = |pt: &advice::CurvePoint| if p90 { pt.p90.unwrap() } else { pt.p50.unwrap() };
        let best = cx2.curve.iter().find(|pt| pt.committed == cx2.best).unwrap();
        prop_assert!(cx2.curve.iter().all(|pt| key(pt) >= key(best)));
        let own = simulate(&committed_at(&s, 3), None, &Options::default()).unwrap().totals.total;
        prop_assert_eq!(cx2.curve[3].total, own);
    }
}

// R-O1: advice prices its curves without explanations; every family of
// line (licenses, add-ons, telco, devices, resources, AI, allocations) must
// total the same as the explained pricing.
#[test]
fn r_o1_quiet_pricing_totals_as_the_explained_one() {
    use billsim_core::stages::Prepared;
    let files = [
        include_str!("../../../examples/contact-center.json"),
        include_str!("../../../examples/prepay-and-overage.json"),
        BASE,
    ];
    let mut golden: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
    golden.sort();
    let mut checked = 0;
    for text in files
        .iter()
        .map(|s| s.to_string())
        .chain(golden.into_iter().filter_map(|f| {
            let v: serde_json::Value = serde_json::from_str(&f).ok()?;
            v.get("scenario").map(|s| s.to_string())
        }))
    {
        let Ok(s) = Scenario::from_json(&text) else {
            continue;
        };
        let Ok(p) = Prepared::new(&s, None) else {
            continue;
        };
        let Ok(m) = p.measure(s.contract.model, false) else {
            continue;
        };
        for keys in [p.commitments.clone(), p.commitments.without_products()] {
            let full = p.price(&m, s.contract.model, &keys).map(|r| r.totals.total);
            let quiet = p.price_total(&m, s.contract.model, &keys);
            assert_eq!(full, quiet);
        }
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} scenarios checked");
}

// R-O1: advice prices the charges no commitment changes once per measured
// usage and, per curve point, only the licenses, add-ons and fair-use
// resources of the term cycles whose commitments it has not seen. Across
// every golden scenario (every family of line, taxes, annual prepay,
// one-time charges) and commitments moved up and down, that split must
// total, or fail, exactly as the full pricing.
#[test]
fn r_o1_split_pricing_totals_as_the_full_one() {
    use billsim_core::stages::Prepared;
    let mut golden: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
    golden.sort();
    let files = [
        include_str!("../../../examples/contact-center.json"),
        include_str!("../../../examples/prepay-and-overage.json"),
        BASE,
    ];
    let (mut checked, mut split) = (0, 0);
    for text in files
        .iter()
        .map(|s| s.to_string())
        .chain(golden.into_iter().filter_map(|f| {
            let v: serde_json::Value = serde_json::from_str(&f).ok()?;
            v.get("scenario").map(|s| s.to_string())
        }))
    {
        let Ok(s) = Scenario::from_json(&text) else {
            continue;
        };
        let Ok(p) = Prepared::new(&s, None) else {
            continue;
        };
        // Under every model, as advice ranks the models (tester: hourly
        // ranked 1 cent below its compared total).
        for model in [
            billsim_core::scenario::Model::Named,
            billsim_core::scenario::Model::Concurrent,
            billsim_core::scenario::Model::Hourly,
        ] {
            let Ok(m) = p.measure(model, false) else {
                continue;
            };
            let mut fixed = p.fixed(&m, model);
            split += usize::from(fixed.is_some() && model == s.contract.model);
            let mut schedules = vec![p.commitments.clone(), p.commitments.without_products()];
            for (org, product) in p.commitments.keys() {
                for q in [0, 1, 7, 40] {
                    let q = Decimal::from(q);
                    schedules.push(p.commitments.with_level(org, product, q));
                    schedules.push(p.commitments.with_step(org, product, 0, q));
                }
            }
            // Twice over: the second time every term cycle has been seen.
            for keys in schedules.iter().chain(schedules.iter().rev()) {
                let full = p.price(&m, model, keys).map(|r| r.totals.total);
                let fast = p.price_total_with(fixed.as_mut(), &m, model, keys);
                assert_eq!(
                    full.as_ref().map_err(|e| e.to_string()),
                    fast.as_ref().map_err(|e| e.to_string()),
                    "{} under {model:?}",
                    s.name
                );
            }
            checked += usize::from(model == s.contract.model);
        }
    }
    assert!(checked >= 40, "only {checked} scenarios checked");
    // The split must actually be taken, not fall back everywhere.
    assert!(split >= 40, "split pricing on only {split} scenarios");
}

// R-O1 (issue 23 #2): a point of one (org, product)'s curve prices only
// that pair's lines against every charge priced once at the scenario's
// commitments. Across every golden scenario (every family of line, taxes,
// annual prepay, add-ons, pooled allowances, one-time charges) and each
// pair's commitment moved up and down, as a level and per step, that must
// total, or fail, exactly as the full pricing.
#[test]
fn r_o1_one_org_pricing_totals_as_the_full_one() {
    use billsim_core::stages::Prepared;
    let mut golden: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden"))
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
    golden.sort();
    let files = [
        include_str!("../../../examples/contact-center.json"),
        include_str!("../../../examples/prepay-and-overage.json"),
        BASE,
    ];
    let (mut checked, mut split, mut points) = (0, 0, 0);
    for text in files
        .iter()
        .map(|s| s.to_string())
        .chain(golden.into_iter().filter_map(|f| {
            let v: serde_json::Value = serde_json::from_str(&f).ok()?;
            v.get("scenario").map(|s| s.to_string())
        }))
    {
        let Ok(s) = Scenario::from_json(&text) else {
            continue;
        };
        let Ok(p) = Prepared::new(&s, None) else {
            continue;
        };
        let model = s.contract.model;
        let Ok(m) = p.measure(model, false) else {
            continue;
        };
        let whole = p
            .fixed(&m, model)
            .and_then(|f| p.whole(&f, &m, model, &p.commitments));
        let Some(whole) = whole else {
            checked += 1;
            continue;
        };
        split += 1;
        let mut pairs: Vec<(u16, u16)> = p.commitments.keys().collect();
        // A pair with no commitment yet (the first org's first product).
        pairs.push((0, 0));
        for (org, product) in pairs {
            let own = p.commitments.steps_of(org, product).to_vec();
            let mut schedules = Vec::new();
            for q in [0, 1, 3, 7, 40] {
                let q = Decimal::from(q);
                schedules.push(vec![(0, q)]);
                for i in 0..own.len() {
                    let mut steps = own.clone();
                    steps[i].1 = q;
                    schedules.push(steps);
                }
            }
            for steps in schedules {
                let keys = p.commitments.with_schedule(org, product, steps.clone());
                let full = p.price(&m, model, &keys).map(|r| r.totals.total);
                let one = p.price_one(&whole, &m, org, product, &steps);
                if let Ok(t) = p.price_one_split(&whole, &m, org, product, &steps) {
                    assert_eq!(full.as_ref().ok(), Some(&t), "{}", s.name);
                    points += 1;
                }
                assert_eq!(
                    full.as_ref().map_err(|e| e.to_string()),
                    one.as_ref().map_err(|e| e.to_string()),
                    "{} ({org}, {product}) at {steps:?}",
                    s.name
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} scenarios checked");
    assert!(split >= 40, "one-org pricing on only {split} scenarios");
    // The one-org pricing must answer, not fall back everywhere.
    assert!(
        points >= 400,
        "one-org pricing answered only {points} points"
    );
}

/// A scenario's bill as the vendor's API writes invoice lines (R-R1): the
/// shape `billsim reconcile` reads, numbers as JSON numbers.
fn api_lines(r: &billsim_core::SimResult) -> String {
    let lines: Vec<serde_json::Value> = r
        .invoices
        .iter()
        .flat_map(|inv| inv.lines.iter())
        .map(|l| {
            serde_json::json!({
                "product": { "name": l.description },
                "description": l.description,
                "dateStart": format!("{}T00:00:00Z", l.period.start),
                "dateEnd": format!("{}T00:00:00Z", l.period.end.succ_opt().unwrap()),
                "organization": l.org,
                "quantity": l.quantity.to_string().parse::<serde_json::Number>().unwrap(),
                "amount": l.amount.to_string().parse::<serde_json::Number>().unwrap(),
            })
        })
        .collect();
    serde_json::to_string(&serde_json::json!({ "entities": lines })).unwrap()
}

fn reconciled(
    s: &Scenario,
    name: &str,
    text: &str,
) -> billsim_core::reconcile::report::Reconciliation {
    use billsim_core::reconcile;
    let mut bill = reconcile::vendor::VendorBill::default();
    reconcile::read::read(name, text.as_bytes(), &s.currency, &mut bill).unwrap();
    let mut session =
        billsim_core::Session::new(s.clone(), billsim_core::session::Usage::None).unwrap();
    reconcile::reconcile(&mut session, &bill, &Default::default()).unwrap()
}

fn reconcile_scenario(
    model: usize,
    sessions: &[(usize, i64, i64)],
    commit: u32,
    device: bool,
) -> Scenario {
    let mut s = sessions_scenario(billsim_core::Model::ALL[model], sessions);
    s.contract.commitments = vec![Commitment {
        product: "cx2".into(),
        from_cycle: 1,
        quantity: commit.into(),
        org: None,
    }];
    if device {
        s.contract.devices = vec![Device {
            name: "Desk phone".into(),
            quantity: 3,
            monthly: Some(Decimal::new(1250, 2)),
            one_time: None,
            ship_date: None,
        }];
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    // R-R5: the vendor bill written from a simulation (the app's "Invoices
    // CSV", and the result as the vendor API's invoice lines) reconciles
    // to zero difference, line by line.
    #[test]
    fn r_r5_a_bill_written_from_the_simulation_matches(
        sessions in prop::collection::vec((0usize..8, 0i64..(80 * 24 * 60), 1i64..(12 * 60)), 1..30),
        model in 0usize..3, commit in 0u32..6, device in any::<bool>(),
    ) {
        let s = reconcile_scenario(model, &sessions, commit, device);
        let r = simulate(&s, None, &Options::default()).unwrap();
        for (name, text) in [("invoices.csv", billsim_core::invoice_csv::csv(&r)), ("lines.json", api_lines(&r))] {
            let rc = reconciled(&s, name, &text);
            prop_assert!(rc.matches, "{name}: {}", rc.to_json());
            prop_assert_eq!(rc.difference, Decimal::ZERO);
            prop_assert!(rc.invoices.iter().flat_map(|i| &i.lines).all(|l| l.causes.is_empty() && l.vendor.is_some() && l.simulated.is_some()));
        }
    }

    // R-R4: whatever the vendor changed, each pair's causes sum to its
    // difference, less what no cause explains; and the totals are the sums.
    #[test]
    fn r_r4_causes_sum_to_each_difference(
        sessions in prop::collection::vec((0usize..8, 0i64..(80 * 24 * 60), 1i64..(12 * 60)), 1..30),
        model in 0usize..3, commit in 0u32..6, device in any::<bool>(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0usize..3, -3i64..4), 1..4),
    ) {
        let s = reconcile_scenario(model, &sessions, commit, device);
        let r = simulate(&s, None, &Options::default()).unwrap();
        let mut rows: Vec<Vec<String>> = billsim_core::invoice_csv::table(&r).rows;
        prop_assume!(!rows.is_empty());
        // Columns: quantity 10, unit_price 11, amount 12.
        for (at, what, by) in edits {
            let n = rows.len();
            let row = &mut rows[at.index(n)];
            let q: Decimal = row[10].parse().unwrap();
            let p: Decimal = row[11].parse().unwrap();
            match what {
                0 => row[10] = (q + Decimal::from(by)).max(Decimal::ZERO).to_string(),
                1 => row[11] = (p + Decimal::new(by, 2)).max(Decimal::ZERO).to_string(),
                _ => row[12] = (row[12].parse::<Decimal>().unwrap() + Decimal::new(by, 2)).to_string(),
            }
            if what < 2 {
                let q: Decimal = row[10].parse().unwrap();
                let p: Decimal = row[11].parse().unwrap();
                row[12] = (q * p).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero).to_string();
            }
        }
        let mut table = billsim_core::invoice_csv::table(&r);
        table.rows = rows;
        let rc = reconciled(&s, "edited.csv", &table.to_csv());
        let mut total = Decimal::ZERO;
        for inv in &rc.invoices {
            let mut inv_sum = Decimal::ZERO;
            for l in &inv.lines {
                let causes: Decimal = l.causes.iter().map(|c| c.amount).sum();
                prop_assert_eq!(causes + l.unexplained, l.amount_difference, "{}", serde_json::to_string(l).unwrap());
                inv_sum += l.amount_difference;
            }
            prop_assert_eq!(inv_sum, inv.difference);
            total += inv.difference;
        }
        prop_assert_eq!(total, rc.difference);
    }
}

/// A sessions file made of `rows` (user, org, product, login, logout and
/// line-end choices): ids that quote a comma or a line break, unknown ids,
/// bad instants, logouts before logins, CRLF, blank lines, a byte-order
/// mark and a last line without its `\n`.
fn sessions_file(
    rows: &[(usize, usize, usize, usize, usize)],
    bom: bool,
    last_newline: bool,
) -> Vec<u8> {
    const USERS: [&str; 6] = ["ana", "bob", "\"cy, jr\"", "dee", "\"e\nf\"", "ana "];
    const ORGS: [&str; 3] = ["main", "eu", "mars"];
    const PRODUCTS: [&str; 3] = ["cx1", "cx2", "cx9"];
    const LOGINS: [&str; 4] = [
        "2026-10-21T08:00:00Z",
        "2026-10-22T08:00:00.250Z",
        "nope",
        "2026-10-23T07:00:00+01:00",
    ];
    const ENDS: [&str; 4] = ["\n", "\r\n", "\n\n", "\r\n\r\n"];
    let mut f = String::from(if bom { "\u{FEFF}" } else { "" });
    f.push_str("user,org,product,login,logout\n");
    for (i, &(u, o, p, l, e)) in rows.iter().enumerate() {
        // Mostly good rows: the bad choices are the last of each list.
        let logout = if l % 4 == 3 {
            "2026-10-21T07:00:00Z"
        } else {
            "2026-10-24T09:00:00Z"
        };
        f.push_str(
            &[
                USERS[u % 6],
                ORGS[o % 3],
                PRODUCTS[p % 3],
                LOGINS[l % 4],
                logout,
            ]
            .join(","),
        );
        if i + 1 < rows.len() || last_newline {
            f.push_str(ENDS[e % 4]);
        }
    }
    f.into_bytes()
}

/// Hands out at most `n` bytes per read, so rounds and records straddle reads.
struct Trickle(std::io::Cursor<Vec<u8>>, usize);

impl std::io::Read for Trickle {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = buf.len().min(self.1);
        self.0.read(&mut buf[..n])
    }
}

impl std::io::Seek for Trickle {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        self.0.seek(to)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// R-V1: a sessions file read in pieces (any number of pieces, rounds of
    /// any size, reads of any size) gives what one reader gives: the same
    /// rows and user ids, or the same problems at the same line:column.
    #[test]
    fn r_v1_sessions_read_in_pieces_equal_one_reader(
        rows in prop::collection::vec((0usize..6, 0usize..3, 0usize..3, 0usize..4, 0usize..4), 0..60),
        bad in 0u32..4,
        bom in any::<bool>(),
        last_newline in any::<bool>(),
        pieces in 1usize..9,
        round in 1usize..600,
        read in 1usize..200,
    ) {
        // A quarter of the files have a quoted line break (a record over two
        // lines: a piece may end inside it); half have no bad cell.
        let rows: Vec<_> = rows
            .into_iter()
            .map(|(u, o, p, l, e)| {
                let u = if bad == 3 { u } else { u % 4 };
                if bad < 2 { (u, o % 2, p % 2, l % 2, e) } else { (u, o, p, l, e) }
            })
            .collect();
        let file = sessions_file(&rows, bom, last_newline);
        let cat = billsim_core::usage::Catalog {
            orgs: vec!["main".into(), "eu".into()],
            products: vec!["cx1".into(), "cx2".into()],
            tiers: vec![1, 2],
        };
        let one = billsim_core::csv::sessions(&file[..], &cat);
        let split = billsim_core::csv::Split { pieces, round };
        let input = Trickle(std::io::Cursor::new(file.clone()), read);
        let cut = billsim_core::csv::sessions_in_pieces(input, file.len(), &cat, split);
        match (one, cut) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.users, b.users);
                prop_assert_eq!(a.rows, b.rows);
            }
            (a, b) => prop_assert_eq!(a.err(), b.err()),
        }
    }
}

/// Cells with the characters a CSV writer must take care of.
fn cell() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec!["a", "", ",", "\"", "\n", "\r", " ", "é", "1.50"]),
        0..4,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// billsim's one CSV writer (every export and the app's downloads)
    /// writes what the csv crate's writer writes, and its reader reads
    /// the cells back.
    #[test]
    fn csv_writer_matches_the_csv_crate(
        width in 1usize..4,
        cells in prop::collection::vec(cell(), 0..16),
    ) {
        let headers: Vec<String> = (0..width).map(|c| format!("h{c}")).collect();
        let rows: Vec<Vec<String>> = cells.chunks(width).filter(|r| r.len() == width).map(<[String]>::to_vec).collect();
        let ours = billsim_core::table::csv(&headers, &rows);
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&headers).unwrap();
        for r in &rows {
            w.write_record(r).unwrap();
        }
        let theirs = String::from_utf8(w.into_inner().unwrap()).unwrap();
        prop_assert_eq!(&ours, &theirs);
        let mut back = csv::ReaderBuilder::new().has_headers(true).from_reader(ours.as_bytes());
        let read: Vec<Vec<String>> = back.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
        prop_assert_eq!(read, rows);
    }
}
