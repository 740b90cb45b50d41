// Starts the background worker (see web/src/worker.rs): loads the
// wasm-bindgen glue, then the wasm, passing the module path the current way.
importScripts("./billsim-worker.js");
wasm_bindgen({ module_or_path: "./billsim-worker_bg.wasm" });
