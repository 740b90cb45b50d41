//! Attribution (`billsim why`, R-W1..R-W5) on the synthetic month of
//! 1,000,000 sessions against simulating it: the target is why <= 1.5 x
//! simulate, both from the same imported sessions.

// The interactions half of the synthetic data is the engine bench's.
#[allow(dead_code)]
mod synthetic;

use billsim_core::attribution;
use billsim_core::scenario::Scenario;
use billsim_core::stages::Prepared;
use billsim_core::usage::Catalog;
use billsim_core::{csv, simulate, Options};
use criterion::{criterion_group, criterion_main, Criterion};

fn why_vs_simulate(c: &mut Criterion) {
    let mut bytes = Vec::new();
    synthetic::write_sessions(&mut bytes).unwrap();
    let scen = Scenario::from_json(synthetic::SCENARIO).unwrap();
    let sessions = csv::sessions(&bytes[..], &Catalog::of(&scen)).unwrap();
    let mut g = c.benchmark_group("1M sessions attribution");
    g.sample_size(10);
    g.bench_function("simulate", |b| {
        b.iter(|| simulate(&scen, Some(&sessions), &Options::default()).unwrap())
    });
    g.bench_function("why", |b| {
        b.iter(|| {
            let p = Prepared::new(&scen, Some(&sessions)).unwrap();
            attribution::of(&p, &attribution::Options::default()).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, why_vs_simulate);
criterion_main!(benches);
