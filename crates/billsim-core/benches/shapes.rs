//! Input shapes for every CSV reader, ordinary and hostile, each at a scale
//! `k`: shared by the memory test (`tests/memory.rs`: peak memory is linear
//! in the input) and the scaling benchmark (`benches/scaling.rs`: so is time).

use billsim_core::csv;
use billsim_core::usage::Catalog;

/// One shape: a name, its input at scale `k`, and the reader it feeds.
pub struct Shape {
    pub name: &'static str,
    pub make: fn(usize) -> Vec<u8>,
    /// Reads the input; whether the reader accepted it.
    pub read: fn(&[u8]) -> bool,
}

fn catalog() -> Catalog {
    Catalog {
        orgs: vec!["main".into()],
        products: vec!["cx1".into(), "cx2".into()],
        tiers: vec![1, 2],
    }
}

fn rows(header: &str, n: usize, row: impl Fn(usize) -> String) -> Vec<u8> {
    let mut f = String::from(header);
    f.push('\n');
    for i in 0..n {
        f.push_str(&row(i));
        f.push('\n');
    }
    f.into_bytes()
}

/// Minute `m` of October 2026 as RFC 3339.
fn at(m: usize) -> String {
    let (d, r) = (m / 1440 % 28 + 1, m % 1440);
    format!("2026-10-{d:02}T{:02}:{:02}:00Z", r / 60, r % 60)
}

fn sessions(k: usize) -> Vec<u8> {
    rows("user,org,product,login,logout", 20_000 * k, |i| {
        let start = i * 7 % 30_000;
        format!(
            "agent{:05}@acme.test,main,cx{},{},{}",
            i % 2_000,
            1 + i % 2,
            at(start),
            at(start + 240)
        )
    })
}

fn quoted_sessions(k: usize) -> Vec<u8> {
    rows("user,org,product,login,logout", 20_000 * k, |i| {
        let start = i * 7 % 30_000;
        format!(
            "\"agent{:05}@acme.test\",\"main\",\"cx2\",\"{}\",\"{}\"",
            i % 2_000,
            at(start),
            at(start + 240)
        )
    })
}

fn new_org_per_row(k: usize) -> Vec<u8> {
    rows("user,org,product,login,logout", 10_000 * k, |i| {
        format!("u{i},org{i},cx2,{},{}", at(i % 1000), at(i % 1000 + 60))
    })
}

fn calls(k: usize) -> Vec<u8> {
    rows("org,type,start,seconds,international", 20_000 * k, |i| {
        format!("main,inbound,{},{},false", at(i % 30_000), 30 + i % 600)
    })
}

fn resources(k: usize) -> Vec<u8> {
    rows("org,resource,date,quantity", 20_000 * k, |i| {
        format!("main,ivr_minutes,2026-10-{:02},{}.5", 1 + i % 28, i % 90)
    })
}

fn hours(k: usize) -> Vec<u8> {
    rows("user,org,product,date,duration", 20_000 * k, |i| {
        format!(
            "agent{:05}@acme.test,main,cx2,2026-10-{:02},07:{:02}:00:000",
            i % 2_000,
            1 + i % 28,
            i % 60
        )
    })
}

fn interactions(k: usize) -> Vec<u8> {
    rows(
        "id,org,start,resources,bot_minutes,bot_sessions",
        20_000 * k,
        |i| format!("i-{i},main,{},bot_flow|virtual_agent,3.5,1", at(i % 30_000)),
    )
}

fn interactions_new_org_per_row(k: usize) -> Vec<u8> {
    rows("id,org,start,resources", 10_000 * k, |i| {
        format!("i-{i},org{i},{},bot_flow", at(i % 30_000))
    })
}

/// One line of `k` x 256 KiB: past 1 MiB (at 8x) it is refused, unread.
fn long_line(k: usize) -> Vec<u8> {
    let mut f = b"user,org,product,login,logout\n".to_vec();
    f.resize(f.len() + k * (256 << 10), b'x');
    f
}

/// `k` MiB of commas on one line.
fn commas(k: usize) -> Vec<u8> {
    vec![b','; k << 20]
}

/// `k` x 2,000 lines of 1,000 empty fields.
fn wide_rows(k: usize) -> Vec<u8> {
    rows("user,org,product,login,logout", 2_000 * k, |_| {
        ",".repeat(999)
    })
}

/// Every shape: the ordinary file of each reader, then the hostile ones.
pub fn all() -> Vec<Shape> {
    vec![
        Shape {
            name: "sessions",
            make: sessions,
            read: |b| csv::sessions(b, &catalog()).is_ok(),
        },
        Shape {
            name: "sessions, open ids",
            make: sessions,
            read: |b| csv::sessions_open(b).is_ok(),
        },
        Shape {
            name: "sessions, every field quoted",
            make: quoted_sessions,
            read: |b| csv::sessions(b, &catalog()).is_ok(),
        },
        Shape {
            name: "calls",
            make: calls,
            read: |b| csv::calls(b).is_ok(),
        },
        Shape {
            name: "resources",
            make: resources,
            read: |b| csv::resources(b).is_ok(),
        },
        Shape {
            name: "user hours",
            make: hours,
            read: |b| csv::hours(b).is_ok(),
        },
        Shape {
            name: "interactions",
            make: interactions,
            read: |b| csv::interactions(b).is_ok(),
        },
        Shape {
            name: "interactions, a new org per row",
            make: interactions_new_org_per_row,
            read: |b| csv::interactions(b).is_ok(),
        },
        Shape {
            name: "sessions, a new org per row (open ids)",
            make: new_org_per_row,
            read: |b| csv::sessions_open(b).is_ok(),
        },
        Shape {
            name: "one long line",
            make: long_line,
            read: |b| csv::sessions_open(b).is_ok(),
        },
        Shape {
            name: "a line of commas",
            make: commas,
            read: |b| csv::calls(b).is_ok(),
        },
        Shape {
            name: "rows of 1,000 empty fields",
            make: wide_rows,
            read: |b| csv::sessions(b, &catalog()).is_ok(),
        },
    ]
}

/// Heap bytes now and at the peak since the last [`Counting::reset`]: the
/// global allocator of the memory test and the scaling benchmark.
pub mod counting {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    pub struct Counting;

    static NOW: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    impl Counting {
        /// Starts a measurement from the bytes held now.
        pub fn reset() -> usize {
            let now = NOW.load(Relaxed);
            PEAK.store(now, Relaxed);
            now
        }
        /// The highest number of bytes held since the reset.
        pub fn peak() -> usize {
            PEAK.load(Relaxed)
        }
    }

    fn grew(by: usize) {
        let now = NOW.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(now, Relaxed);
    }

    // SAFETY: every call is passed on to the system allocator unchanged;
    // only the byte counts are kept on the side.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            grew(l.size());
            unsafe { System.alloc(l) }
        }
        unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
            grew(l.size());
            unsafe { System.alloc_zeroed(l) }
        }
        unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
            NOW.fetch_sub(l.size(), Relaxed);
            unsafe { System.dealloc(p, l) }
        }
        unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
            // Counted as the new block taken before the old one is given
            // back: what a moving realloc holds at its peak.
            grew(new);
            let q = unsafe { System.realloc(p, l, new) };
            NOW.fetch_sub(l.size(), Relaxed);
            q
        }
    }
}
