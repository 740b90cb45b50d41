// Starts the background worker (web/src/worker/main.rs) as the page begins to
// load, beside the page's own wasm rather than after it: the first bill
// then waits for the two downloads side by side, not one after the other.
// The app takes this worker over (web/src/bridge.rs); a failure to start
// before it does is remembered here for it to report.
//
// What the app holds is a keeper, used as a worker (postMessage, onmessage,
// onerror, terminate): when the worker dies after it started (killed, out
// of memory, a trap that leaves its wasm unusable), the keeper starts a new
// one and tells the app with a "Restarted" reply, so the app bills its
// scenario again and reads its kept import back. A death is seen through a
// Web Lock the worker holds while it lives: the lock is free the moment the
// worker is gone, whatever killed it, even in the middle of a question.
class WorkerKeeper {
  constructor() {
    this.onmessage = null;
    this.onerror = null;
    this.start();
  }

  start() {
    const name = `billsim-worker-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const worker = new Worker("./worker-loader.js", { name });
    this.worker = worker;
    this.alive = false;
    worker.onmessage = (e) => {
      if (e.data && e.data.billsimAlive) {
        this.alive = true;
        navigator.locks.request(name, () => this.died(worker));
        return;
      }
      if (worker === this.worker && this.onmessage) this.onmessage(e);
    };
    worker.onerror = (e) => {
      if (worker !== this.worker) return;
      if (!this.alive) {
        // Did not start: the app says so (no bills can come).
        self.billsimWorkerFailed = true;
        if (this.onerror) this.onerror(e);
        return;
      }
      // Started, then failed inside a question: its wasm may be left in
      // any state, so it is replaced (its lock frees, `died` follows).
      e.preventDefault();
      worker.terminate();
    };
  }

  died(worker) {
    if (worker !== this.worker) return;
    this.start();
    this.say();
    if (this.onmessage) this.onmessage(new MessageEvent("message", { data: { msg: '"restarted"' } }));
  }

  // The page's Stop: the question in hand is dropped with its worker, and a
  // new worker takes over (the app bills nothing until the next change).
  stop() {
    const old = this.worker;
    this.start();
    old.terminate();
    if (this.onmessage) this.onmessage(new MessageEvent("message", { data: { msg: '"stopped"' } }));
  }

  // Said above the app (outside its markup, which the app redraws), once.
  say() {
    if (document.getElementById("worker-restarted")) return;
    const p = document.createElement("p");
    p.id = "worker-restarted";
    p.className = "notice error";
    p.setAttribute("role", "alert");
    p.textContent = "The background worker stopped (out of memory?) and a new one has started: your scenario is billed again, and an import kept in this browser is read back. Nothing you typed is lost; a bill check needs its files chosen again.";
    document.body.prepend(p);
  }

  postMessage(message, transfer) {
    this.worker.postMessage(message, transfer || []);
  }

  terminate() {
    const w = this.worker;
    this.worker = null;
    w.terminate();
  }
}

try {
  self.billsimWorker = new WorkerKeeper();
} catch (e) {
  // The app starts its own, and says why when that fails too.
}
