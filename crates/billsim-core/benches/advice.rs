//! Criterion benchmarks for advice (R-O1..R-O3): the built-in example (its
//! workforce profiles, 50 seeds; target < 1 s in the browser worker) and
//! the 1,000,000-session synthetic month without seeds, against simulate
//! of the same month (target: advice <= 1.5 x simulate).

// Shared with engine.rs; this bench uses the sessions, not the interactions.
#[allow(dead_code)]
mod synthetic;

use billsim_core::scenario::Scenario;
use billsim_core::usage::Catalog;
use billsim_core::{advice, csv, simulate, Options};
use criterion::{criterion_group, criterion_main, Criterion};

fn bench(c: &mut Criterion) {
    let example =
        Scenario::from_json(include_str!("../../../examples/contact-center.json")).unwrap();
    let mut g = c.benchmark_group("advice");
    g.sample_size(10);
    g.bench_function("built-in example, 50 seeds", |b| {
        b.iter(|| advice::advise(&example, None, &advice::Options::default()).unwrap())
    });

    let mut bytes = Vec::new();
    synthetic::write_sessions(&mut bytes).unwrap();
    let scen = Scenario::from_json(synthetic::SCENARIO).unwrap();
    let sessions = csv::sessions(&bytes[..], &Catalog::of(&scen)).unwrap();
    drop(bytes);
    g.bench_function("1M sessions: simulate", |b| {
        b.iter(|| simulate(&scen, Some(&sessions), &Options::default()).unwrap())
    });
    g.bench_function("1M sessions: advise (no profiles, no seeds)", |b| {
        b.iter(|| advice::advise(&scen, Some(&sessions), &advice::Options::default()).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
