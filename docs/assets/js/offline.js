// Included on every page (mkdocs.yml, extra_javascript): registers the site's service worker
// (sw.js at the site root, build_scripts/service_worker.py), which keeps the guide and the
// simulator usable without a network after a first visit. The worker's address is found from this
// file's own (assets/js/ under the site root), so it works at any page depth and under a sub-path.
// Only on http(s) in a browser that has service workers; a failure only leaves the site online-only.
const siteRoot = new URL("../../", import.meta.url);

if ("serviceWorker" in navigator && /^https?:$/.test(location.protocol)) {
  try {
    navigator.serviceWorker
      .register(new URL("sw.js", siteRoot).href, { scope: siteRoot.href })
      .catch(() => {});
  } catch {
    // The site stays usable online.
  }
}
