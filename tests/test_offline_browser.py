"""Offline use: the service worker (build_scripts/service_worker.py) keeps the site and the runtime.

Load the simulator once, wait until the worker controls the page and its cache holds every file,
cut the network, reload the simulator and compute: the result is CPython's. The same from another
page of the guide, which has the runtime downloaded in its idle time (docs/assets/js/offline.js);
under Save-Data, that page fetches nothing in the background (no worker, no runtime).
Fails (never skips) without chromium or the built site (conftest.py).
"""

import functools
import http.server
import json
import shutil
import tempfile
import threading
from pathlib import Path

import engine
from build_scripts.service_worker import CACHE_PREFIX, precache_plan, runtime_urls

DATE = "2025-06-01"
LOCAL = ("http://127.0.0.1", "data:", "blob:")
SITUATION = {
    "paiement_forme": "salaire", "paiement_montant": 150, "paiement_nombre": 1, "paiement_periodicite": "une_fois",
    "paiement_employeur_public": False, "a_autre_activite": False, "percoit_pension_invalidite": False,
    "percoit_aah": True, "aah_taux_incapacite": "au_moins_80", "aah_activite_recente": True, "percoit_mva": True,
}
CACHE_COMPLETE = """async ([name, count]) => {
  if (!navigator.serviceWorker.controller) return false;
  if (!(await caches.keys()).includes(name)) return false;
  return (await (await caches.open(name)).keys()).length >= count;
}"""


def _wait_cache_complete(page, name, count, seconds):
    """Until a service worker controls the page and its cache `name` holds `count` files (polled
    with evaluate, which awaits the async check: wait_for_function would take its promise as true)."""
    for _ in range(seconds * 2):
        if page.evaluate(CACHE_COMPLETE, [name, count]):
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"le cache {name} n'a pas reçu ses {count} fichiers en {seconds} s")


def _expected(site_dir, request):
    manifest = json.loads((site_dir / "assets" / "data" / "manifest.json").read_text(encoding="utf-8"))
    rules = engine.load_rules((site_dir / "assets" / "data" / manifest["regles"]).read_text(encoding="utf-8"))
    return json.loads(engine.simulate_json(rules, json.dumps(request)))


def test_simulator_reloads_and_computes_offline(browser, site_url, site_dir):
    version, urls, _ = precache_plan(site_dir)
    # Not guard.guarded_context: in Chromium, a routed context sends a navigation to the network
    # even when a service worker controls the page (the offline reload would then fail). Requests
    # to another origin are recorded here instead of blocked, and must be none.
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    external = []
    context.on("request", lambda request: None if request.url.startswith(LOCAL) else external.append(request.url))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(site_url + "simulateur/")
        page.wait_for_function("() => window.__simulateur && window.__simulateur.engine", timeout=60_000)
        _wait_cache_complete(page, CACHE_PREFIX + version, len(urls), 120)
        context.set_offline(True)
        page.reload()
        page.wait_for_function("() => window.__simulateur && window.__simulateur.engine", timeout=60_000)
        request = {"situation": SITUATION, "date": DATE}
        response = page.evaluate("(request) => window.__simulateur.simulate(request)", request)
        expected = _expected(site_dir, request)
        assert response["ok"], response
        assert json.loads(json.dumps(response["resultat"])) == expected["resultat"]
        # Another page of the guide, never visited, comes from the cache too.
        page.goto(site_url)
        assert page.locator("h1").count() > 0
        assert errors == []
        assert external == []
    finally:
        context.set_offline(False)
        context.close()


def test_a_guide_page_keeps_the_runtime_for_an_offline_simulator(browser, site_url, site_dir):
    version, urls, _ = precache_plan(site_dir)
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")  # not routed: see above
    external = []
    context.on("request", lambda request: None if request.url.startswith(LOCAL) else external.append(request.url))
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(site_url + "droits/")  # a page of the guide, not the simulator
        _wait_cache_complete(page, CACHE_PREFIX + version, len(urls), 180)
        context.set_offline(True)
        page.goto(site_url + "simulateur/")
        page.wait_for_function("() => window.__simulateur && window.__simulateur.engine", timeout=90_000)
        request = {"situation": SITUATION, "date": DATE}
        response = page.evaluate("(request) => window.__simulateur.simulate(request)", request)
        assert response["ok"], response
        assert json.loads(json.dumps(response["resultat"])) == _expected(site_dir, request)["resultat"]
        assert errors == []
        assert external == []
    finally:
        context.set_offline(False)
        context.close()


class _Recording(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.paths.append(self.path.split("?")[0])
        super().do_GET()


def _recording_server(site_dir):
    """The site under /guide/ on its own origin, recording every path asked."""
    root = Path(tempfile.mkdtemp(prefix="enregistre-"))
    (root / "guide").symlink_to(site_dir.resolve())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Recording, directory=str(root)))
    server.paths = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, root, f"http://127.0.0.1:{server.server_address[1]}/guide/"


def test_under_save_data_a_guide_page_fetches_nothing_in_the_background(browser, site_dir):
    _, urls, _ = precache_plan(site_dir)
    background = {"/guide/sw.js"} | {"/guide/" + url for url in runtime_urls(site_dir, urls)}
    servers = {name: _recording_server(site_dir) for name in ("economie", "normal")}
    contexts = []
    try:
        pages = {}
        for name, (_, _, url) in servers.items():
            context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
            contexts.append(context)
            pages[name] = context.new_page()
            if name == "economie":  # the browser's data saver: navigator.connection.saveData, header Save-Data
                context.new_cdp_session(pages[name]).send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
            pages[name].goto(url + "droits/")
        assert pages["economie"].evaluate("() => navigator.connection.saveData") is True
        # The same page without Save-Data downloads the worker and the whole runtime meanwhile...
        for _ in range(360):
            if background <= set(servers["normal"][0].paths):
                break
            pages["normal"].wait_for_timeout(500)
        assert background <= set(servers["normal"][0].paths), background - set(servers["normal"][0].paths)
        pages["economie"].wait_for_timeout(3000)
        # ... and under Save-Data, neither.
        assert background.isdisjoint(servers["economie"][0].paths), background & set(servers["economie"][0].paths)
        assert pages["economie"].evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
        assert "/guide/droits/" in servers["economie"][0].paths  # the page itself was served by this server
    finally:
        for context in contexts:
            context.close()
        for server, root, _ in servers.values():
            server.shutdown()
            shutil.rmtree(root)
