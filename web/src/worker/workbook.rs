//! The workbook worker: writes the quote's Excel workbook
//! (`billsim_xlsx::quote_workbook`, as `billsim simulate --xlsx` does) from
//! the bill the billing worker holds (`protocol::WorkbookInput` as JSON).
//! Loaded only when a person asks for a workbook (see `crate::workbook`).

use billsim_web::protocol::WorkbookInput;
use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// The workbook's bytes, or why there are none.
fn write(input: &str) -> Result<Vec<u8>, String> {
    let i: WorkbookInput = serde_json::from_str(input)
        .map_err(|e| format!("the bill could not be handed to the workbook writer: {e}"))?;
    billsim_xlsx::quote_workbook(&i.scenario, &i.result, i.comparison.as_ref())
        .map_err(|e| e.to_string())
}

fn main() {
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let input = e.data().as_string().unwrap_or_default();
        let _ = match write(&input) {
            // Transferred, not copied.
            Ok(bytes) => {
                let out = Uint8Array::from(&bytes[..]);
                scope.post_message_with_transfer(&out, &Array::of1(&out.buffer()))
            }
            Err(why) => scope.post_message(&JsValue::from_str(&why)),
        };
    });
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    // The worker lives as long as the page: the handler must too.
    onmessage.forget();
}
