//! The app rendered by its wasm in a real headless Chromium.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> web_sys::Element {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .expect("a document");
    let root = doc.create_element("div").expect("a div");
    doc.body()
        .expect("a body")
        .append_child(&root)
        .expect("appended");
    root
}

/// Every bill is computed in the background worker (`src/worker.rs`), which
/// this test page cannot load: the app must still render the form and say,
/// in words, why there are no invoices, rather than fail or stay blank. The
/// bills themselves are checked end to end in `e2e/app.test.mjs`.
#[wasm_bindgen_test]
async fn without_its_worker_the_app_keeps_the_form_and_says_why() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let root = fresh_root();
    yew::Renderer::<billsim_web::App>::with_root(root.clone()).render();
    // The worker's script is missing here: the browser reports it a moment later.
    let mut text = String::new();
    for _ in 0..100 {
        yew::scheduler::flush().await;
        text = root.text_content().unwrap_or_default();
        if text.contains("this browser did not start it") {
            break;
        }
        let wait = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
    }
    assert!(text.contains("Activation"), "no form rendered: {text:.300}");
    assert!(
        text.contains("this browser did not start it"),
        "no word on the missing worker: {text:.300}"
    );
    assert!(
        !text.contains("Invoice #1"),
        "invoices without a bill: {text:.300}"
    );
}

#[wasm_bindgen_test]
fn autosave_round_trips_through_local_storage() {
    use billsim_web::storage::{load, load_good, save, save_good};
    let good = "{\"billsim\": 1}";
    assert!(save(good));
    assert_eq!(load().as_deref(), Some(good));
    save_good(good);
    // Text that does not bill is saved as typed; the last text that billed
    // is kept beside it, through several such edits.
    assert!(save("{\"billsim\": "));
    assert!(save("{\"billsim\": 2"));
    assert_eq!(load().as_deref(), Some("{\"billsim\": 2"));
    assert_eq!(load_good().as_deref(), Some(good));
    assert!(save("{\"billsim\": 2}"));
    save_good("{\"billsim\": 2}");
    assert_eq!(load_good().as_deref(), Some("{\"billsim\": 2}"));
}

/// The work is saved before the copy Undo goes back to after a reload:
/// when both do not fit in the browser's storage (about 5 M characters
/// here), the copy makes room.
#[wasm_bindgen_test]
fn the_autosave_comes_before_the_undo_copy() {
    use billsim_web::storage::{load, load_good, save, save_good};
    let billed = format!("{{\"a\": \"{}\"}}", "x".repeat(2_000_000));
    let edited = format!("{{\"b\": \"{}\"}}", "y".repeat(3_500_000));
    assert!(save(&billed));
    save_good(&billed);
    assert!(load_good().is_some_and(|g| g == billed), "both fit");
    assert!(save(&edited), "the edit is saved");
    assert!(load().is_some_and(|t| t == edited));
    assert!(load_good().is_none(), "the copy made room");
}

/// The CSV splitter's wasm SIMD steps against csv-core: the same rows with
/// every field quoted (which csv-core parses) must read the same.
#[wasm_bindgen_test]
fn simd_splitter_reads_what_csv_core_reads() {
    let (mut plain, mut quoted) = (String::new(), String::new());
    for i in 0..300 {
        // Ids of 1 to 40 bytes put the delimiters at every offset of a step.
        let row = [
            format!("{}{i}", "a".repeat(i % 40)),
            "main".into(),
            ["cx1", "cx2"][i % 2].into(),
            format!("2026-10-{:02}T08:00:00Z", 1 + i % 28),
            format!("2026-10-{:02}T17:45:00Z", 1 + i % 28),
        ];
        let end = if i % 4 == 0 { "\r\n" } else { "\n" };
        plain.push_str(&format!("{}{end}", row.join(",")));
        quoted.push_str(&format!("\"{}\"{end}", row.join("\",\"")));
    }
    let header = "user,org,product,login,logout\n";
    let read = |body: &str| {
        let (t, ids) = billsim_core::csv::sessions_open(format!("{header}{body}").as_bytes())
            .expect("a valid file");
        (t.rows, t.users, ids.products)
    };
    let (rows, users, products) = read(&plain);
    assert_eq!((rows.len(), users.len(), products.len()), (300, 300, 2));
    assert_eq!((rows, users, products), read(&quoted));
}
