// Included on every page (mkdocs.yml, extra_javascript): registers the site's service worker
// (sw.js at the site root, build_scripts/service_worker.py), which keeps the guide and the
// simulator usable without a network after a first visit. The worker's address is found from this
// file's own (assets/js/ under the site root), so it works at any page depth and under a sub-path.
// Once the worker is active, in the page's idle time, it is asked to download the simulator's
// runtime into its cache ("garder-moteur"), so that a visitor arriving at the simulator from
// another page finds it there. On the simulator itself all this waits until its engine is ready,
// so that nothing competes with its first result.
// Nothing at all under Save-Data or on a slow or mobile connection (when the browser tells):
// the person pays for every byte there, and the simulator still downloads what it needs.
// Only on http(s) in a browser that has service workers; a failure only leaves the site online-only.
const siteRoot = new URL("../../", import.meta.url);
const connection = navigator.connection;
const frugal = Boolean(connection && (connection.saveData || /(^|-)(2g|3g)$/.test(connection.effectiveType || "")
  || connection.type === "cellular"));

// Resolves when the simulator's engine is ready (engine-client.js marks it), or after a while.
function simulatorReady() {
  return new Promise((resolve) => {
    setTimeout(resolve, 30_000);
    if (!window.PerformanceObserver) return;
    const observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName("simulateur-pret").length) { observer.disconnect(); resolve(); }
    });
    observer.observe({ type: "mark", buffered: true });
  });
}

function idle() {
  return new Promise((resolve) => (window.requestIdleCallback ? requestIdleCallback(resolve, { timeout: 5000 }) : setTimeout(resolve, 1000)));
}

async function start() {
  if (document.getElementById("simulateur")) await simulatorReady();
  await idle();
  await navigator.serviceWorker.register(new URL("sw.js", siteRoot).href, { scope: siteRoot.href });
  const registration = await navigator.serviceWorker.ready;
  await idle();
  registration.active?.postMessage({ type: "garder-moteur" });
}

if ("serviceWorker" in navigator && /^https?:$/.test(location.protocol) && !frugal) {
  start().catch(() => {}); // the site stays usable online
}
