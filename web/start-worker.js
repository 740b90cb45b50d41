// Starts the background worker (web/src/worker.rs) as the page begins to
// load, beside the page's own wasm rather than after it: the first bill
// then waits for the two downloads side by side, not one after the other.
// The app takes this worker over (web/src/bridge.rs); a failure to start
// before it does is remembered here for it to report.
try {
  const worker = new Worker("./worker-loader.js");
  worker.addEventListener("error", () => { self.billsimWorkerFailed = true; });
  self.billsimWorker = worker;
} catch (e) {
  // The app starts its own, and says why when that fails too.
}
