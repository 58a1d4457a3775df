"""Offline use: the service worker (build_scripts/service_worker.py) keeps the site and the runtime.

Load the simulator once, wait until the worker controls the page and its cache holds every file,
cut the network, reload the simulator and compute: the result is CPython's.
Fails (never skips) without chromium or the built site (conftest.py).
"""

import json

import engine
from build_scripts.service_worker import CACHE_PREFIX, precache_plan

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


def test_simulator_reloads_and_computes_offline(browser, site_url, site_dir):
    version, urls, _ = precache_plan(site_dir)
    manifest = json.loads((site_dir / "assets" / "data" / "manifest.json").read_text(encoding="utf-8"))
    rules = engine.load_rules((site_dir / "assets" / "data" / manifest["regles"]).read_text(encoding="utf-8"))
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
        page.wait_for_function(CACHE_COMPLETE, arg=[CACHE_PREFIX + version, len(urls)], timeout=120_000)
        context.set_offline(True)
        page.reload()
        page.wait_for_function("() => window.__simulateur && window.__simulateur.engine", timeout=60_000)
        request = {"situation": SITUATION, "date": DATE}
        response = page.evaluate("(request) => window.__simulateur.simulate(request)", request)
        expected = json.loads(engine.simulate_json(rules, json.dumps(request)))
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
