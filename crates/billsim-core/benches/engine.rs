//! Criterion benchmarks for the performance targets: a 60-cycle, 10-product
//! forecast contract (< 1 ms), the concurrency sweep over 1,000,000 sessions
//! (< 60 ms) and the CSV parse of them; 1,000,000 bot interactions from CSV
//! to invoices (R-AI1..R-AI4).

mod synthetic;

use billsim_core::scenario::Scenario;
use billsim_core::stages::Prepared;
use billsim_core::usage::Catalog;
use billsim_core::{calendar, csv, measure, simulate, Model, Options};
use criterion::{criterion_group, criterion_main, Criterion};
use rust_decimal::Decimal;

fn forecast_scenario() -> Scenario {
    let mut products = Vec::new();
    let mut commitments = Vec::new();
    let mut quantities = Vec::new();
    for p in 0..10 {
        products.push(format!(r#""p{p}": {{ "tier": {}, "prepay": "1{p}5.00", "overage": "1{p}8.00", "list": "1{p}9.00" }}"#, p % 4 + 1));
        commitments.push(format!(
            r#"{{ "product": "p{p}", "from_cycle": 3, "quantity": "{}" }}"#,
            20 + p
        ));
        commitments.push(format!(
            r#"{{ "product": "p{p}", "from_cycle": 30, "quantity": "{}" }}"#,
            40 + p
        ));
        for c in 0..60 {
            quantities.push(format!(
                r#"{{ "cycle": {c}, "product": "p{p}", "quantity": "{}" }}"#,
                10 + (c * 7 + p * 3) % 50
            ));
        }
    }
    let text = format!(
        r#"{{ "billsim": 1, "currency": "USD",
          "contract": {{ "activation": "2026-10-21", "model": "named", "ramp": {{ "cycles": 3 }}, "term_cycles": 57,
            "products": {{ {} }}, "commitments": [ {} ],
            "devices": [ {{ "name": "Edge", "quantity": 2, "monthly": "300.00" }} ],
            "taxes": [ {{ "name": "Tax", "rate": "0.0825", "applies_to": ["license", "device"] }} ] }},
          "usage": {{ "quantities": [ {} ] }} }}"#,
        products.join(","),
        commitments.join(","),
        quantities.join(",")
    );
    Scenario::from_json(&text).expect("benchmark scenario")
}

fn engine(c: &mut Criterion) {
    let s = forecast_scenario();
    c.bench_function("simulate 60 cycles x 10 products (forecast)", |b| {
        b.iter(|| simulate(&s, None, &Options::default()).unwrap())
    });

    let mut bytes = Vec::new();
    synthetic::write_sessions(&mut bytes).unwrap();
    let scen = Scenario::from_json(synthetic::SCENARIO).unwrap();
    let cat = Catalog::of(&scen);
    let mut g = c.benchmark_group("1M sessions");
    g.sample_size(10);
    g.bench_function("csv parse", |b| {
        b.iter(|| csv::sessions(&bytes[..], &cat).unwrap())
    });
    let sessions = csv::sessions(&bytes[..], &cat).unwrap();
    let cycles = calendar::cycles(&scen.contract).unwrap();
    g.bench_function("sweep (merge, split, peak, top-N)", |b| {
        b.iter(|| {
            measure::measure(&scen, &cat, &cycles, &sessions, Model::Concurrent, false).unwrap()
        })
    });
    g.bench_function("csv to invoices", |b| {
        b.iter(|| {
            let t = csv::sessions(&bytes[..], &cat).unwrap();
            simulate(&scen, Some(&t), &Options::default()).unwrap()
        })
    });
    // Measure once, price many: the month measured once, then priced at 100
    // commitment levels of cx2 (the cost curve of R-O1).
    let prepared = Prepared::new(&scen, Some(&sessions)).unwrap();
    let measured = prepared.measure(Model::Concurrent, false).unwrap();
    let cx2 = prepared.catalog.product("cx2").unwrap();
    g.bench_function("price 100 commitment levels (measured once)", |b| {
        b.iter(|| {
            for q in 0..100u32 {
                let levels = prepared
                    .commitments
                    .with_level(0, cx2, Decimal::from(q * 100));
                prepared
                    .price(&measured, Model::Concurrent, &levels)
                    .unwrap();
            }
        })
    });
    g.finish();

    let mut bytes = Vec::new();
    synthetic::write_interactions(&mut bytes).unwrap();
    let scen = Scenario::from_json(synthetic::AI_SCENARIO).unwrap();
    let mut g = c.benchmark_group("1M interactions");
    g.sample_size(10);
    g.bench_function("csv parse", |b| {
        b.iter(|| csv::interactions(&bytes[..]).unwrap())
    });
    g.bench_function("csv to invoices", |b| {
        b.iter(|| {
            let mut s = scen.clone();
            s.usage.interactions = csv::interactions(&bytes[..]).unwrap();
            simulate(&s, None, &Options::default()).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
