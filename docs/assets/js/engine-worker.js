// Web Worker (module) running the simulator's Python engine through the vendored Pyodide.
// Every URL comes from import.meta.url, so the site works under any sub-path and any static host.
//
// It starts booting as soon as it is created (engine-client.js, from the top of the page).
// Messages in:  {id, request}   request = {situation, date} or {action: "pertinence", situation}
// Messages out: {type: "progression", texte}  loading progress, in French
//               {type: "pret", ...}  the engine's summary (engine/browser.py: organismes, droits, version,
//                                    verifie_le, date_min, vocabulaire), duree_ms, the boot time, and
//                                    instantane: {etat: "restaure" | "nouveau" | "echec", cle, message?}
//                                    (memory snapshot, below)
//               {type: "echec", message}        the engine could not be loaded
//               {id, response}                  response = the engine's JSON answer, parsed
// The Python side (engine/browser.py) is tested in CPython; this file only loads it and relays.
const assets = new URL("../", import.meta.url); // .../assets/
const pyodideBase = new URL("pyodide/", assets);
const started = performance.now();

let simulate = null;
let internalError = ""; // the engine's wording of its internal errors (vocabulary: codes_erreur)
const queue = [];

function progress(texte) {
  self.postMessage({ type: "progression", texte });
}

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname || url} : HTTP ${response.status}`);
  return response;
}

// >>> memory snapshot (return visits) -----------------------------------------------------------
// Pyodide 314's experimental makeMemorySnapshot / _loadSnapshot: the Python heap once the engine is
// loaded, kept in IndexedDB under the content hashes of runtime, engine and rules (one at a time).
// A return visit restores it instead of booting Python; any failure falls back to a normal boot,
// silently for the user, and is reported in the "pret" message (instantane.etat "echec") for tests.
const SNAPSHOT_DB = "simulateur-instantane";
const SNAPSHOT_GLOBAL = "_moteur_simulateur"; // the engine, in Python's globals, survives in the heap
let restoring = false; // a failed restore must not be reported as an engine failure
let saveSnapshot = null; // set after a normal boot: takes and stores the snapshot once, in idle time
let snapshotTimer = null;

function snapshotKey(manifest) {
  return [manifest.pyodide, manifest.stdlib, manifest.roue_empreinte, manifest.version].join("|");
}

function snapshotStore(mode, action) {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(SNAPSHOT_DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore("instantanes");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const transaction = db.transaction("instantanes", mode);
      const request = action(transaction.objectStore("instantanes"));
      transaction.oncomplete = () => { db.close(); resolve(request && request.result); };
      transaction.onerror = transaction.onabort = () => { db.close(); reject(transaction.error); };
    };
  });
}

function scheduleSnapshot() {
  if (!saveSnapshot) return;
  clearTimeout(snapshotTimer);
  snapshotTimer = setTimeout(() => { const save = saveSnapshot; saveSnapshot = null; save(); }, 2000);
}
// <<< memory snapshot ------------------------------------------------------------------------------

async function boot() {
  // Start every download at once; Pyodide's boot is the long part (CPU-bound).
  const manifestPromise = fetchOk(new URL("data/manifest.json", assets)).then((r) => r.json());
  const filesPromise = manifestPromise.then(async (manifest) => {
    const [wheel, rules] = await Promise.all([
      fetchOk(new URL(`wheels/${manifest.roue}`, assets)).then((r) => r.arrayBuffer()),
      fetchOk(new URL(`data/${manifest.regles}`, assets)).then((r) => r.text()),
    ]);
    return { manifest, wheel, rules };
  });
  filesPromise.catch(() => {}); // reported below
  // Memory snapshot: is there one for this version? (a quick count; the 31 MB read itself is
  // handed to loadPyodide as a promise, so it overlaps the loading of Pyodide's script)
  const storedPromise = manifestPromise
    .then(async (manifest) => {
      const key = snapshotKey(manifest);
      if (!(await snapshotStore("readonly", (store) => store.count(key)))) return null;
      // Stored as a Blob: read about three times faster than the same bytes as a typed array.
      const bytes = snapshotStore("readonly", (store) => store.get(key))
        .then((value) => (value instanceof Blob ? value.arrayBuffer() : value));
      bytes.catch(() => {}); // a failed read fails the restore, handled below
      return { bytes };
    })
    .catch(() => null);
  // Parse Pyodide's large script (1.2 MB) while the rest loads: loadPyodide imports the same URL
  // later and gets this module from the module map.
  import(new URL("pyodide.asm.mjs", pyodideBase).href).catch(() => {}); // a failure is loadPyodide's to report
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideBase).href);
  const options = { indexURL: pyodideBase.href, stdout: () => {}, stderr: () => {} };
  const lock = (await manifestPromise).pyodide_lock;
  if (lock) {
    // The engine needs no Pyodide package: skip the lock file download (about 120 kB).
    options.lockFileContents = { info: lock, packages: {} };
  }
  // The standard library precompiled and trimmed at build time (build_scripts/stdlib_zip.py),
  // under its content-hashed name from the manifest.
  options.stdLibURL = new URL((await manifestPromise).stdlib, pyodideBase).href;
  progress("Démarrage de Python dans votre navigateur…");
  // >>> memory snapshot: restore it if one matches, else boot normally (able to make one)
  const manifest = await manifestPromise;
  const instantane = { etat: "nouveau", cle: snapshotKey(manifest) };
  let pyodide = null;
  let browserEngine = null;
  const stored = await storedPromise;
  if (stored) {
    restoring = true;
    try {
      pyodide = await loadPyodide({ ...options, _loadSnapshot: stored.bytes });
      browserEngine = pyodide.globals.get(SNAPSHOT_GLOBAL);
      if (!browserEngine || JSON.parse(browserEngine.summary()).version !== manifest.version) {
        throw new Error("moteur absent de l'instantané ou d'une autre version");
      }
      instantane.etat = "restaure";
    } catch (error) {
      instantane.etat = "echec";
      instantane.message = String((error && error.message) || error).slice(0, 300);
      pyodide = null;
      browserEngine = null;
      snapshotStore("readwrite", (store) => store.clear()).catch(() => {});
    }
    restoring = false;
  }
  if (!pyodide) pyodide = await loadPyodide({ ...options, _makeSnapshot: true });
  // <<< memory snapshot
  const { wheel, rules } = await filesPromise;
  progress("Chargement des règles…");
  pyodide.unpackArchive(wheel, "wheel"); // also after a restore: the snapshot holds memory, not files
  if (!browserEngine) {
    // engine/browser.py holds the Python side (tested in CPython like the rest of the engine).
    browserEngine = pyodide.pyimport("engine.browser").start(rules);
    // >>> memory snapshot: keep the engine in Python's globals, snapshot it once idle
    pyodide.globals.set(SNAPSHOT_GLOBAL, browserEngine);
    saveSnapshot = async () => {
      try {
        const bytes = pyodide.makeMemorySnapshot();
        await snapshotStore("readwrite", (store) => { store.clear(); store.put(new Blob([bytes]), instantane.cle); });
      } catch (error) {
        console.info("instantané mémoire non enregistré :", String((error && error.message) || error));
      }
    };
    // <<< memory snapshot
  }
  simulate = (text) => browserEngine.answer(text);
  const summary = JSON.parse(browserEngine.summary());
  internalError = summary.vocabulaire.codes_erreur.interne;
  self.postMessage({ type: "pret", ...summary, instantane, duree_ms: Math.round(performance.now() - started) });
  while (queue.length) answer(queue.shift());
  scheduleSnapshot(); // memory snapshot
}

function answer({ id, request }) {
  let response;
  try {
    response = JSON.parse(simulate(JSON.stringify(request)));
  } catch (error) {
    // The engine answers its own errors in JSON: this is a failure of Pyodide or of the bridge.
    response = { ok: false, erreurs: [{ champ: "moteur", code: "interne", message: `${internalError} : ${error.message || error}` }] };
  }
  self.postMessage({ id, response });
  scheduleSnapshot(); // memory snapshot: only once the page has been quiet for 2 s
}

self.onmessage = (event) => {
  const data = event.data || {};
  if (simulate) answer(data);
  else queue.push(data);
};

// Failures that escape the boot promise (e.g. a download aborted inside Pyodide's loader).
self.addEventListener("unhandledrejection", (event) => {
  if (!simulate && !restoring) self.postMessage({ type: "echec", message: String((event.reason && event.reason.message) || event.reason) });
});
self.addEventListener("error", (event) => {
  if (!simulate) self.postMessage({ type: "echec", message: String(event.message || "erreur") });
});

// Pyodide only logs (and then waits forever) when its WebAssembly module cannot be fetched or
// instantiated: watch for that message, and give up after a long delay in any case.
for (const level of ["warn", "error"]) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    if (!simulate && !restoring && /wasm instantiation failed|Failed to fetch|abort\(/i.test(args.map(String).join(" "))) {
      self.postMessage({ type: "echec", message: args.map(String).join(" ").slice(0, 200) });
    }
    original(...args);
  };
}
setTimeout(() => { if (!simulate) progress("Le chargement est plus long que prévu (connexion lente ?)…"); }, 20_000);
setTimeout(() => {
  if (!simulate) self.postMessage({ type: "echec", message: "le chargement a duré plus de 3 minutes" });
}, 180_000);

boot().catch((error) => {
  self.postMessage({ type: "echec", message: String((error && error.message) || error) });
});
