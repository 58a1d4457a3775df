// The site's service worker (written to sw.js at the site root by build_scripts/service_worker.py,
// which fills in the cache's name and the lists). After a first visit it keeps every page and the
// simulator's runtime, so that the guide and the simulator also work without a network.
// Files whose name or cache version carries their content: from the cache first. Everything else
// (pages, scripts, styles, the manifest): from the network first, the cache when it fails.
const CACHE = __CACHE__;
const PREFIX = __PREFIX__;
const PRECACHE = __PRECACHE__;
const IMMUTABLE = new Set(__IMMUTABLE__.map((url) => new URL(url, self.registration.scope).href));

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE)
    .then((cache) => cache.addAll(PRECACHE.map((url) => new URL(url, self.registration.scope).href)))
    .then(() => self.skipWaiting()));
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
  const url = new URL(request.url);
  url.hash = "";
  url.search = "";
  event.respondWith(IMMUTABLE.has(url.href) ? cacheFirst(request, url.href) : networkFirst(request, url.href));
});

async function cacheFirst(request, key) {
  const cached = await caches.match(key, { cacheName: CACHE });
  return cached || fetch(request);
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
