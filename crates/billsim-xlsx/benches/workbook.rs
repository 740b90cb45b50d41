//! The time to write the quote workbook once the bill is made: the
//! built-in example (16 invoices, the comparison), and the million-session
//! month of `cargo xtask bench` when its files are there (`target/bench`,
//! or the directory `BILLSIM_BENCH_DIR` names). The worker's budget for
//! the month is 300 ms in the browser.

use std::path::PathBuf;

use billsim_core::session::Usage;
use billsim_core::Scenario;
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "../tests/common/mod.rs"]
mod common;

/// Billed and compared; the workbook's size printed once.
fn ready(name: &str, s: Scenario, usage: Usage) -> impl Fn() -> Vec<u8> {
    let (s, r, c) = common::billed(s, usage);
    let write =
        move || billsim_xlsx::quote_workbook(&s, &r, Some(&c)).unwrap_or_else(|e| panic!("{e}"));
    println!("{name}: workbook of {} bytes", write().len());
    write
}

fn workbook(c: &mut Criterion) {
    let mut g = c.benchmark_group("workbook");
    let example = Scenario::from_json(include_str!("../../../examples/contact-center.json"))
        .unwrap_or_else(|e| panic!("{e}"));
    let write = ready("example", example, Usage::None);
    g.bench_function("example", |b| b.iter(&write));

    let dir = std::env::var_os("BILLSIM_BENCH_DIR").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/bench"),
        PathBuf::from,
    );
    let (scenario, csv) = (dir.join("bench-scenario.json"), dir.join("sessions-1m.csv"));
    if let (Ok(text), Ok(file)) = (
        std::fs::read_to_string(&scenario),
        std::fs::File::open(&csv),
    ) {
        let s = Scenario::from_json(&text).unwrap_or_else(|e| panic!("{e}"));
        let cat = billsim_core::usage::Catalog::of(&s);
        let sessions = billsim_core::csv::sessions(file, &cat).unwrap_or_else(|e| panic!("{e}"));
        let write = ready("1M-session month", s, Usage::Read(sessions));
        g.bench_function("1M-session month", |b| b.iter(&write));
    } else {
        println!(
            "no {} (cargo xtask bench makes it): the month is skipped",
            csv.display()
        );
    }
    g.finish();
}

criterion_group!(benches, workbook);
criterion_main!(benches);
