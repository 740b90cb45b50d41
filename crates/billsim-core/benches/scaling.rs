//! Time and peak memory of every CSV reader at 1x, 2x, 4x and 8x its
//! input, ordinary and hostile shapes (`benches/shapes.rs`): both must grow
//! linearly. `cargo bench --bench scaling` (run by `cargo xtask bench`)
//! prints a table; the memory bound itself is asserted by `tests/memory.rs`.

mod shapes;

use std::time::Instant;

use shapes::counting::Counting;

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    println!(
        "{:<40} {:>5} {:>12} {:>10} {:>12} {:>10} {:>10}",
        "shape", "scale", "input bytes", "ms", "ms per MB", "peak MB", "peak/input"
    );
    for shape in shapes::all() {
        let mut first = None;
        for k in [1, 2, 4, 8] {
            let input = (shape.make)(k);
            // Best of five: the least disturbed by the other core's work.
            let mut best = f64::MAX;
            let mut peak = 0;
            for _ in 0..5 {
                let before = Counting::reset();
                let t = Instant::now();
                std::hint::black_box((shape.read)(std::hint::black_box(&input)));
                best = best.min(t.elapsed().as_secs_f64() * 1e3);
                peak = Counting::peak() - before;
            }
            let mb = input.len() as f64 / 1e6;
            let per_mb = best / mb;
            let base = *first.get_or_insert(per_mb);
            println!(
                "{:<40} {:>4}x {:>12} {:>10.2} {:>12.3} {:>10.2} {:>10.2}   time/MB vs 1x: {:.2}",
                shape.name,
                k,
                input.len(),
                best,
                per_mb,
                peak as f64 / 1e6,
                peak as f64 / input.len() as f64,
                per_mb / base
            );
        }
    }
}
