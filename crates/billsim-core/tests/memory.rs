//! Peak memory of every CSV reader is linear in its input, whatever the
//! input's shape (R-V1: a hostile file cannot make the reader hold many
//! times its size). Heap bytes are counted exactly by a global allocator,
//! so this is a measurement, not a timing: it gives the same answer on any
//! machine. One test only: the count is process-wide.

#[path = "../benches/shapes.rs"]
mod shapes;

use shapes::counting::Counting;

#[global_allocator]
static ALLOC: Counting = Counting;

/// Heap bytes the reader held at its peak, beyond what was held before.
fn peak(read: fn(&[u8]) -> bool, input: &[u8]) -> (usize, bool) {
    let before = Counting::reset();
    let ok = read(input);
    (Counting::peak() - before, ok)
}

#[test]
fn r_v1_every_reader_holds_at_most_a_small_constant_times_its_input() {
    let mut report = String::new();
    for shape in shapes::all() {
        let mut seen = Vec::new();
        for k in [1, 2, 4, 8] {
            let input = (shape.make)(k);
            let (bytes, ok) = peak(shape.read, &input);
            report.push_str(&format!(
                "{:<40} {k}x {:>10} bytes in, peak {:>10} ({:.2}x){}\n",
                shape.name,
                input.len(),
                bytes,
                bytes as f64 / input.len() as f64,
                if ok { "" } else { ", refused" }
            ));
            seen.push((input.len(), bytes));
        }
        // A small constant factor of the input, plus the reader's fixed
        // buffer (1 MiB, doubled once for a line at the limit). The user-hour
        // reader is the largest: five strings per row of about 54 bytes.
        for &(input, bytes) in &seen {
            assert!(
                bytes <= 6 * input + (4 << 20),
                "{}: {bytes} bytes held for {input} bytes of input\n{report}",
                shape.name
            );
        }
        // Linear: eight times the input never costs more than eight times
        // the memory of the first size, with a quarter for vector doubling.
        let (_, one) = seen[0];
        let (_, eight) = seen[3];
        assert!(
            eight <= 10 * one + (2 << 20),
            "{}: {one} bytes at 1x, {eight} at 8x\n{report}",
            shape.name
        );
    }
    println!("{report}");
}
