//! The page's day chart (`workday::working_day`): computed again when the
//! contract or the profile changes, so its cost is felt on an edit. The
//! built-in example, and a 20,000-agent center (three shifts, 60,000
//! sessions a day) at the scale of the million-session benchmark.

use billsim_core::workday::working_day;
use billsim_core::Scenario;
use criterion::{criterion_group, criterion_main, Criterion};

fn example() -> Scenario {
    let text = include_str!("../../../examples/contact-center.json");
    Scenario::from_json(text).unwrap_or_else(|e| panic!("{e}"))
}

/// The example with `agents` per shift, for one cycle (under the
/// agent-days limit, which billing and the chart both enforce).
fn large(agents: u32) -> Scenario {
    let mut s = example();
    let p = &mut s.usage.profiles[0];
    p.cycles = Some(1);
    for sh in &mut p.shifts {
        sh.agents = agents;
    }
    s
}

fn workday(c: &mut Criterion) {
    let mut g = c.benchmark_group("workday");
    let s = example();
    g.bench_function("example (50 agents)", |b| b.iter(|| working_day(&s, 0)));
    let s = large(20_000 / 3);
    assert!(
        matches!(working_day(&s, 0), Ok(Some(_))),
        "the large day is charted"
    );
    g.bench_function("20,000 agents", |b| b.iter(|| working_day(&s, 0)));
    g.finish();
}

criterion_group!(benches, workday);
criterion_main!(benches);
