// Starts the background worker (see web/src/worker/main.rs): loads the
// wasm-bindgen glue, then the wasm, passing the module path the current way.
// Messages that arrive while the wasm loads are kept and handed over once
// the worker's own handler is installed (its `main` installs it).
importScripts("./billsim-worker.js");
const early = [];
self.onmessage = (e) => early.push(e);
wasm_bindgen({ module_or_path: "./billsim-worker_bg.wasm" }).then(() => {
  // Held while this worker lives: the page's keeper (start-worker.js)
  // learns of its death when the lock is free.
  if (self.name && self.navigator.locks) {
    self.navigator.locks.request(self.name, () => {
      self.postMessage({ billsimAlive: true });
      return new Promise(() => {});
    });
  }
  for (const e of early.splice(0)) self.onmessage(e);
});
