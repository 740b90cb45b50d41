// Starts the workbook worker (see web/src/worker/workbook.rs) on the first
// "Excel workbook": loads the wasm-bindgen glue, then the wasm. A request
// that arrives while the wasm loads is kept and handed over once the
// worker's own handler is installed (its `main` installs it).
importScripts("./billsim-workbook.js");
const early = [];
self.onmessage = (e) => early.push(e);
wasm_bindgen({ module_or_path: "./billsim-workbook_bg.wasm" }).then(() => {
  for (const e of early.splice(0)) self.onmessage(e);
});
