// The page's side of the engine: starts the module Web Worker (engine-worker.js) at once and pairs
// each request with its response by id. See engine-worker.js for the messages.
// Once the engine has failed to load, every pending and later request gets an error response, so
// that nothing waits forever.

// The answer to a request the engine will never compute.
function unavailable() {
  return { ok: false, erreurs: [{ champ: "moteur", code: "interne", message: "le moteur de calcul n'a pas pu être chargé" }] };
}

// onProgress(texte): loading progress, until the engine is ready or has failed.
// onFailure(message): once, when the engine cannot be loaded (it may come before this returns).
export function startEngine({ pyodideLock, onProgress, onFailure }) {
  let info = null; // the worker's "pret" message: {organismes, droits, version, verifie_le, ...}
  let failed = false;
  let nextId = 1;
  const pending = new Map(); // id -> resolve
  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  ready.catch(() => {}); // a failure is reported through onFailure
  let worker = null;

  function fail(message) {
    if (failed) return;
    failed = true;
    rejectReady(new Error(message));
    for (const resolve of pending.values()) resolve(unavailable());
    pending.clear();
    onFailure(message);
  }

  function receive(event) {
    const data = event.data || {};
    if (data.type === "progression") {
      if (!info && !failed) onProgress(data.texte);
    } else if (data.type === "pret") {
      info = data;
      performance.mark("simulateur-pret"); // read by the benchmark (build_scripts/bench.py)
      resolveReady(data);
    } else if (data.type === "echec") {
      fail(data.message);
    } else if (pending.has(data.id)) {
      pending.get(data.id)(data.response);
      pending.delete(data.id);
    }
  }

  try {
    // Resolved against this module's URL: the site works under any sub-path.
    worker = new Worker(new URL("./engine-worker.js", import.meta.url), { type: "module" });
    worker.postMessage({ type: "init", pyodideLock });
    worker.onmessage = receive;
    worker.onerror = (event) => { event.preventDefault?.(); fail(event.message || "le programme de calcul n'a pas pu démarrer"); };
  } catch (error) {
    fail(error.message);
  }

  // request: {situation, date} or {action: "pertinence", situation}; resolves to the engine's JSON answer.
  function call(request) {
    if (failed) return Promise.resolve(unavailable());
    return new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      worker.postMessage({ id, request });
    });
  }

  return {
    ready,
    call,
    get info() { return info; },
    get failed() { return failed; },
  };
}
