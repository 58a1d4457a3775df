// The page's side of the engine: the module Web Worker (engine-worker.js), and each request paired
// with its response by id. See engine-worker.js for the messages.
// The simulator page loads this module twice over the same URL, so it runs once: from the top of
// the page (overrides/main.html, `async`), where it starts the worker before the HTML below and
// the theme's script are even read, then as simulateur.js's import, whose startEngine adopts that
// worker and first replays what the worker said in between.
// Once the engine has failed to load, every pending and later request gets an error response, so
// that nothing waits forever.

// The worker started when this module is first evaluated, with what it said before startEngine.
let early = null;
try {
  // Resolved against this module's URL: the site works under any sub-path.
  const worker = new Worker(new URL("./engine-worker.js", import.meta.url), { type: "module" });
  early = { worker, said: [] };
  performance.mark("simulateur-moteur-lance"); // read by the benchmark (build_scripts/bench.py)
  worker.onmessage = (event) => early.said.push(["message", event]);
  worker.onerror = (event) => { event.preventDefault?.(); early.said.push(["error", event]); };
} catch (error) {
  early = { worker: null, error };
}

// The answer to a request the engine will never compute.
function unavailable() {
  return { ok: false, erreurs: [{ champ: "moteur", code: "interne", message: "le moteur de calcul n'a pas pu être chargé" }] };
}

// onProgress(texte): loading progress, until the engine is ready or has failed.
// onFailure(message): once, when the engine cannot be loaded (it may come before this returns).
export function startEngine({ onProgress, onFailure }) {
  let info = null; // the worker's "pret" message: {organismes, droits, version, verifie_le, ...}
  let failed = false;
  let nextId = 1;
  const pending = new Map(); // id -> resolve
  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  ready.catch(() => {}); // a failure is reported through onFailure
  const started = early || { worker: null, error: new Error("le moteur est déjà utilisé par cette page") };
  early = null; // adopted once
  const worker = started.worker;

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

  function crashed(event) {
    fail(event.message || "le programme de calcul n'a pas pu démarrer");
  }

  if (worker) {
    worker.onmessage = receive;
    worker.onerror = (event) => { event.preventDefault?.(); crashed(event); };
    for (const [kind, event] of started.said) (kind === "message" ? receive : crashed)(event);
  } else {
    fail(started.error.message);
  }

  // request: as engine/json_api.py reads it ({situation, date, ...} or {action, situation, ...}); resolves to its JSON answer.
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
