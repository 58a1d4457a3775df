// Web Worker (module) running the simulator's Python engine through the vendored Pyodide.
// Every URL comes from import.meta.url, so the site works under any sub-path and any static host.
//
// Messages in:  {type: "init", pyodideLock?: {...lock file info}}  (once, sent at once by the page)
//               {id, request}   request = {situation, date} or {action: "pertinence", situation}
// Messages out: {type: "etape", texte}      loading progress, in French
//               {type: "pret", organismes: {id: nom}, droits: {id: nom}, version, verifie_le, date_min, duree_ms}
//               {type: "echec", message}    the engine could not be loaded
//               {id, response}              response = the engine's JSON answer, parsed
const assets = new URL("../", import.meta.url); // .../assets/
const pyodideBase = new URL("pyodide/", assets);
const started = performance.now();

let simulate = null;
const queue = [];
let initResolve;
const initMessage = new Promise((resolve) => { initResolve = resolve; });

function step(texte) {
  self.postMessage({ type: "etape", texte });
}

async function fetchOk(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname || url} : HTTP ${response.status}`);
  return response;
}

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
  const { loadPyodide } = await import(new URL("pyodide.mjs", pyodideBase).href);
  const init = await initMessage;
  const options = { indexURL: pyodideBase.href, stdout: () => {}, stderr: () => {} };
  if (init && init.pyodideLock) {
    // The engine needs no Pyodide package: skip the lock file download (about 120 kB).
    options.lockFileContents = { info: init.pyodideLock, packages: {} };
  }
  // The standard library precompiled and trimmed at build time (build_scripts/stdlib_zip.py),
  // under its content-hashed name from the manifest.
  options.stdLibURL = new URL((await manifestPromise).stdlib, pyodideBase).href;
  step("Démarrage de Python dans votre navigateur…");
  const pyodide = await loadPyodide(options);
  const { wheel, rules } = await filesPromise;
  step("Chargement des règles…");
  pyodide.unpackArchive(wheel, "wheel");
  // engine/browser.py holds the Python side (tested in CPython like the rest of the engine).
  const browserEngine = pyodide.pyimport("engine.browser").start(rules);
  simulate = (text) => browserEngine.answer(text);
  const summary = JSON.parse(browserEngine.summary());
  self.postMessage({ type: "pret", ...summary, duree_ms: Math.round(performance.now() - started) });
  while (queue.length) answer(queue.shift());
}

function answer({ id, request }) {
  let response;
  try {
    response = JSON.parse(simulate(JSON.stringify(request)));
  } catch (error) {
    response = { ok: false, erreurs: [{ champ: "moteur", code: "interne", message: `erreur interne du moteur : ${error.message || error}` }] };
  }
  self.postMessage({ id, response });
}

self.onmessage = (event) => {
  const data = event.data || {};
  if (data.type === "init") {
    initResolve(data);
    return;
  }
  if (simulate) answer(data);
  else queue.push(data);
};

// Failures that escape the boot promise (e.g. a download aborted inside Pyodide's loader).
self.addEventListener("unhandledrejection", (event) => {
  if (!simulate) self.postMessage({ type: "echec", message: String((event.reason && event.reason.message) || event.reason) });
});
self.addEventListener("error", (event) => {
  if (!simulate) self.postMessage({ type: "echec", message: String(event.message || "erreur") });
});

// Pyodide only logs (and then waits forever) when its WebAssembly module cannot be fetched or
// instantiated: watch for that message, and give up after a long delay in any case.
for (const level of ["warn", "error"]) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    if (!simulate && /wasm instantiation failed|Failed to fetch|abort\(/i.test(args.map(String).join(" "))) {
      self.postMessage({ type: "echec", message: args.map(String).join(" ").slice(0, 200) });
    }
    original(...args);
  };
}
setTimeout(() => { if (!simulate) step("Le chargement est plus long que prévu (connexion lente ?)…"); }, 20_000);
setTimeout(() => {
  if (!simulate) self.postMessage({ type: "echec", message: "le chargement a duré plus de 3 minutes" });
}, 180_000);

boot().catch((error) => {
  self.postMessage({ type: "echec", message: String((error && error.message) || error) });
});
