//! The app rendered by its wasm in a real headless Chromium.
#![cfg(target_arch = "wasm32")]

use billsim_web::state::EXAMPLES;
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

#[wasm_bindgen_test]
async fn renders_the_example_invoices_with_the_engines_total() {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let root = fresh_root();
    yew::Renderer::<billsim_web::App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains("Invoice #1"),
        "no invoice rendered: {text:.300}"
    );
    let expected = billsim_core::simulate_json(EXAMPLES[0].1, &Default::default()).unwrap();
    assert!(
        text.contains(&format!("Contract total: {} USD", expected.totals.total)),
        "total missing"
    );
}

#[wasm_bindgen_test]
fn autosave_round_trips_through_local_storage() {
    billsim_web::storage::save("{\"billsim\": 1}");
    assert_eq!(
        billsim_web::storage::load().as_deref(),
        Some("{\"billsim\": 1}")
    );
}
