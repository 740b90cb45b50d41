//! The kept import's storage (`billsim_web::idb`) in a real headless Chromium.
#![cfg(target_arch = "wasm32")]

use billsim_web::idb::{self, Record};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn blob(text: &str) -> web_sys::Blob {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(text.as_bytes()));
    web_sys::Blob::new_with_u8_array_sequence(&parts).expect("a blob")
}

async fn text(b: &web_sys::Blob) -> String {
    let buf = JsFuture::from(b.array_buffer()).await.expect("readable");
    String::from_utf8(js_sys::Uint8Array::new(&buf).to_vec()).expect("utf-8")
}

#[wasm_bindgen_test]
async fn keeps_one_file_loads_it_back_and_deletes_it() {
    idb::delete().await.expect("nothing kept is no error");
    assert!(idb::load().await.expect("loads").is_none());
    let first =
        "user,org,product,login,logout\nana,main,cx2,2027-01-22T08:00:00Z,2027-01-22T16:00:00Z\n";
    for (name, body) in [("first.csv", first), ("second.csv", "user,org\n")] {
        idb::put(&Record {
            name: name.into(),
            kind: "sessions".into(),
            size: body.len() as f64,
            bytes: blob(body),
        })
        .await
        .expect("kept");
    }
    // One file per browser: the second replaced the first.
    let back = idb::load().await.expect("loads").expect("a record");
    assert_eq!(
        (back.name.as_str(), back.kind.as_str(), back.size),
        ("second.csv", "sessions", 9.0)
    );
    assert_eq!(text(&back.bytes).await, "user,org\n");
    idb::delete().await.expect("deleted");
    assert!(idb::load().await.expect("loads").is_none());
}
