// The site's service worker (written to sw.js at the site root by build_scripts/service_worker.py,
// which fills in the cache's name and the lists). After a first visit it keeps every page, so that
// the guide also works without a network; the simulator's runtime (Pyodide, the standard library,
// the engine wheel and the rules: RUNTIME) is kept as the simulator downloads it, or beforehand
// when a page asks for it in idle time ("garder-moteur", docs/assets/js/offline.js), which the
// page never does under Save-Data or on a slow or mobile connection.
// Files whose name or cache version carries their content: from the cache first. Everything else
// (pages, scripts, styles, the manifest): from the network first, the cache when it fails.
const CACHE = __CACHE__;
const PREFIX = __PREFIX__;
const PRECACHE = __PRECACHE__;
const RUNTIME = __RUNTIME__;
const IMMUTABLE = new Set(__IMMUTABLE__.map((url) => new URL(url, self.registration.scope).href));
const absolute = (url) => new URL(url, self.registration.scope).href;
let saveDataSeen = false; // a request with the Save-Data header went through this worker

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll(PRECACHE.map(absolute)))
    .then(() => self.skipWaiting()));
});

// Download the runtime files the cache lacks (the page asked, in its idle time).
self.addEventListener("message", (event) => {
  if ((event.data || {}).type !== "garder-moteur") return;
  if (saveDataSeen || self.navigator.connection?.saveData) return;
  event.waitUntil(caches.open(CACHE).then(async (cache) => {
    for (const url of RUNTIME.map(absolute)) { // one download at a time, in the background
      if (!(await cache.match(url))) await cache.add(url).catch(() => {});
    }
  }));
});

// A new version removes the caches of the older ones.
self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name.startsWith(PREFIX) && name !== CACHE)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  if (request.headers.get("save-data") === "on") saveDataSeen = true;
  const url = new URL(request.url);
  url.hash = "";
  url.search = "";
  event.respondWith(IMMUTABLE.has(url.href) ? cacheFirst(request, url.href) : networkFirst(request, url.href));
});

// A file missing from the cache (the runtime, the first time the simulator loads it) is kept.
async function cacheFirst(request, key) {
  const cached = await caches.match(key, { cacheName: CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.status === 200 && response.type === "basic") {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(key, copy)).catch(() => {});
  }
  return response;
}

async function networkFirst(request, key) {
  try {
    const response = await fetch(request);
    if (response.ok && response.status === 200 && response.type === "basic") {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(key, copy)).catch(() => {});
    }
    return response;
  } catch (error) {
    const cached = await caches.match(key, { cacheName: CACHE });
    if (cached) return cached;
    throw error;
  }
}
