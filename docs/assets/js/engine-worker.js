// Web Worker (module) running the simulator's Python engine through the vendored Pyodide.
// Every URL comes from import.meta.url, so the site works under any sub-path and any static host.
//
// It starts booting as soon as it is created (engine-client.js, from the top of the page).
// Messages in:  {id, request}   request: as engine/json_api.py reads it ({situation, date, traces?, lettres?,
//                                pertinence?} or {action: "pertinence" | "seuils" | "comparer", ...})
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

const progress = (texte) => self.postMessage({ type: "progression", texte });

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname || url} : HTTP ${response.status}`);
  return response;
}

// >>> memory snapshot (return visits) -----------------------------------------------------------
// Pyodide 314's experimental makeMemorySnapshot / _loadSnapshot: the Python heap once the engine is
// loaded, kept in IndexedDB under the content hashes of runtime, engine and rules (one at a time;
// stored by engine-snapshot.js, which describes the record). A return visit restores it instead of
// booting Python, without waiting for the site's manifest (the record holds the one it was made
// with), which must give the same key before "pret" (else: a normal boot, "nouveau"). Any failure
// falls back to a normal boot, silently for the user, and is reported in "pret" (etat "echec").
const SNAPSHOT_DB = "simulateur-instantane";
const SNAPSHOT_GLOBAL = "_moteur_simulateur"; // the engine, in Python's globals, survives in the heap
const LOOKUP_MS = 1000; // IndexedDB's answer to the lookup, at most
let restoring = null; // during a restore: gives it up (a failure to report as "echec", not as the engine's)
const whenQuiet = []; // once the page has been quiet for 2 s: store the snapshot, or unpack the wheel
let quietTimer = null;

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

// The stored snapshot: {key, manifest (null for bare bytes), size, ranges, bytes, compiled, format},
// read at once and synchronously (an asynchronous read of a Blob only progresses between the worker's
// tasks, which Pyodide makes long); Pyodide's WebAssembly module compiled from the cache without
// waiting for Pyodide's script to run (V8 reuses the code it compiled last time); the module that
// knows the record (engine-snapshot.js) loaded meanwhile. looked(): once IndexedDB has answered.
// IndexedDB that does not answer within LOOKUP_MS (a bug some browsers have had): a normal boot.
async function readSnapshot(looked) {
  let key, value;
  const answered = snapshotStore("readonly", (store) => Object.assign(store.openCursor(), {
    onsuccess: (event) => { if (event.target.result) ({ key, value } = event.target.result); },
  }));
  const gaveUp = await Promise.race([answered.then(() => false), new Promise((resolve) => setTimeout(resolve, LOOKUP_MS, true))]);
  looked();
  if (gaveUp || key === undefined) return null;
  const compiled = WebAssembly.compileStreaming(fetch(new URL("pyodide.asm.wasm", pyodideBase)));
  const format = import("./engine-snapshot.js");
  compiled.catch(() => {}); // a failure fails the restore
  format.catch(() => {});
  const packed = Boolean(value && value.octets instanceof Blob && Array.isArray(value.plages));
  const data = packed ? value.octets : value instanceof Blob ? value : new Blob([value]);
  let bytes; // or the read's error, for restore() to report
  try { bytes = new Uint8Array(new FileReaderSync().readAsArrayBuffer(data)); } catch (error) { bytes = error; }
  const ranges = packed ? value.plages : [0, data.size]; // [start, end, start, end...] in the snapshot
  return { key, manifest: packed ? value.manifeste : null, size: packed ? value.taille : data.size, ranges, bytes, compiled, format };
}

async function restore(loadPyodide, stored, options, createModule) {
  const { bytes, compiled } = stored;
  if (!(bytes instanceof Uint8Array)) throw bytes;
  const snapshotOptions = (await stored.format).restoreOptions(stored, createModule);
  // Pyodide's call gets the module compiled by readSnapshot (Pyodide's own request goes unread).
  const instantiateStreaming = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = async (response, imports) => ({ module: await compiled,
    instance: await WebAssembly.instantiate(await compiled, imports) });
  // Pyodide only logs when its module cannot be instantiated (e.g. memory refused): see the end.
  const givenUp = new Promise((resolve, reject) => { restoring = reject; });
  try {
    return await Promise.race([loadPyodide({ ...options, ...snapshotOptions }), givenUp]);
  } finally {
    restoring = null;
    WebAssembly.instantiateStreaming = instantiateStreaming;
  }
}

function scheduleQuiet() {
  clearTimeout(quietTimer);
  if (whenQuiet.length) quietTimer = setTimeout(() => { for (const work of whenQuiet.splice(0)) work(); }, 2000);
}
// <<< memory snapshot ------------------------------------------------------------------------------

// Pyodide (Emscripten's dynamic linking) wraps each of some 260 JavaScript functions that C may call
// through a pointer in a tiny WebAssembly module, compiled anew each time, though they come in about
// 30 shapes (the same bytes): compile each shape once (a module is immutable, made to be reused).
const shapes = new Map();
WebAssembly.Module = new Proxy(WebAssembly.Module, {
  construct(target, args) {
    const bytes = args[0];
    if (!(bytes instanceof Uint8Array) || bytes.length > 256) return Reflect.construct(target, args);
    const shape = bytes.join();
    if (!shapes.has(shape)) shapes.set(shape, Reflect.construct(target, args));
    return shapes.get(shape);
  },
});

// The standard library precompiled and trimmed at build time (build_scripts/stdlib_zip.py), under
// its content-hashed name; the engine needs no Pyodide package: no lock file download (120 kB).
const pyodideOptions = (manifest) => ({ indexURL: pyodideBase.href, stdout: () => {}, stderr: () => {},
  stdLibURL: new URL(manifest.stdlib, pyodideBase).href,
  ...(manifest.pyodide_lock && { lockFileContents: { info: manifest.pyodide_lock, packages: {} } }) });

async function boot() {
  // Start everything at once; Pyodide's boot is the long part (CPU-bound).
  const manifestPromise = fetchOk(new URL("data/manifest.json", assets)).then((r) => r.json());
  let siteManifest = null; // once it has arrived
  manifestPromise.then((manifest) => { siteManifest = manifest; }, () => {}); // a failure is reported below
  let looked;
  const snapshotLooked = new Promise((resolve) => { looked = resolve; });
  const storedPromise = readSnapshot(looked).catch(() => null);
  storedPromise.then(looked);
  const fetchWheel = (names) => fetchOk(new URL(`wheels/${names.roue}`, assets)).then((r) => r.arrayBuffer());
  const fetchFiles = (names) => Promise.all([fetchWheel(names),
    fetchOk(new URL(`data/${names.regles}`, assets)).then((r) => r.text())]);
  // Pyodide's large script is parsed on this thread, where IndexedDB's answer would wait for it: the
  // snapshot is looked up first (a few ms; 200 at most), so that on a return visit the compilation
  // of Pyodide's WebAssembly (on other threads) starts at once, about 130 ms earlier.
  await Promise.race([snapshotLooked, new Promise((resolve) => setTimeout(resolve, 200))]);
  // Parse Pyodide's large script (1.2 MB) while the rest loads (restore() and loadPyodide use it).
  const asmModule = import(new URL("pyodide.asm.mjs", pyodideBase).href);
  asmModule.catch(() => {}); // a failure is loadPyodide's to report
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideBase).href);
  progress("Démarrage de Python dans votre navigateur…");
  // >>> memory snapshot: restore it if one matches, else boot normally (able to make one)
  const stored = await storedPromise;
  const filesPromise = stored ? null : manifestPromise.then(fetchFiles); // not needed after a restore
  filesPromise?.catch(() => {}); // reported below
  const assumed = stored && (stored.manifest || await manifestPromise);
  const instantane = { etat: "nouveau" };
  let pyodide = null, browserEngine = null, summary = null;
  if (stored && stored.key === snapshotKey(assumed) && !(siteManifest && snapshotKey(siteManifest) !== stored.key)) {
    try {
      pyodide = await restore(loadPyodide, stored, pyodideOptions(assumed), (await asmModule).default);
      browserEngine = pyodide.globals.get(SNAPSHOT_GLOBAL);
      summary = browserEngine && JSON.parse(browserEngine.summary());
      const manifest = await manifestPromise;
      if (snapshotKey(manifest) !== stored.key) {
        pyodide = browserEngine = null; // the site changed since: boot its new version
      } else if (!summary || summary.version !== manifest.version) {
        throw new Error("moteur absent de l'instantané ou d'une autre version");
      } else {
        instantane.etat = "restaure";
      }
    } catch (error) {
      instantane.etat = "echec";
      instantane.message = String((error && error.message) || error).slice(0, 300);
      pyodide = browserEngine = null;
      snapshotStore("readwrite", (store) => store.clear()).catch(() => {});
    }
  }
  const manifest = await manifestPromise;
  instantane.cle = snapshotKey(manifest);
  if (pyodide) {
    // The snapshot holds memory, not files: the engine's are unpacked once the page is quiet, for
    // a module the engine might import late (it imports them all at start).
    whenQuiet.push(() => fetchWheel(manifest)
      .then((wheel) => pyodide.unpackArchive(wheel, "wheel"))
      .catch((error) => console.info("roue du moteur non décompressée :", String((error && error.message) || error))));
  } else {
    pyodide = await loadPyodide({ ...pyodideOptions(manifest), _makeSnapshot: true }); // <<< memory snapshot
    const [wheel, rules] = await (filesPromise || fetchFiles(manifest));
    progress("Chargement des règles…");
    pyodide.unpackArchive(wheel, "wheel");
    // engine/browser.py holds the Python side (tested in CPython like the rest of the engine).
    browserEngine = pyodide.pyimport("engine.browser").start(rules);
    summary = JSON.parse(browserEngine.summary());
    pyodide.globals.set(SNAPSHOT_GLOBAL, browserEngine); // memory snapshot: the engine kept, stored once quiet
    whenQuiet.push(() => import("./engine-snapshot.js")
      .then(({ storeSnapshot }) => storeSnapshot(pyodide, manifest, instantane.cle, snapshotStore))
      .catch((error) => console.info("instantané mémoire non enregistré :", String((error && error.message) || error))));
  }
  simulate = (text) => browserEngine.answer(text);
  internalError = summary.vocabulaire.codes_erreur.interne;
  self.postMessage({ type: "pret", ...summary, instantane, duree_ms: Math.round(performance.now() - started) });
  while (queue.length) answer(queue.shift());
  scheduleQuiet(); // memory snapshot
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
  scheduleQuiet(); // memory snapshot: only once the page has been quiet for 2 s
}

self.onmessage = (event) => (simulate ? answer(event.data || {}) : queue.push(event.data || {}));

const failed = (error) => self.postMessage({ type: "echec", message: String((error && error.message) || error) });
// Failures that escape the boot promise (e.g. a download aborted inside Pyodide's loader).
self.addEventListener("unhandledrejection", (event) => { if (!simulate && !restoring) failed(event.reason); });
self.addEventListener("error", (event) => { if (!simulate) failed(event.message || "erreur"); });

// Pyodide only logs (and then waits forever) when its WebAssembly module cannot be fetched or
// instantiated: watch for that message, and give up after a long delay in any case.
for (const level of ["warn", "error"]) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    const text = args.map(String).join(" ");
    if (!simulate && /wasm instantiation failed|Failed to fetch|abort\(/i.test(text)) {
      if (restoring) restoring(new Error(text.slice(0, 200))); // a normal boot follows
      else failed(text.slice(0, 200));
    }
    original(...args);
  };
}
setTimeout(() => { if (!simulate) progress("Le chargement est plus long que prévu (connexion lente ?)…"); }, 20_000);
setTimeout(() => { if (!simulate) failed("le chargement a duré plus de 3 minutes"); }, 180_000);

boot().catch(failed);
