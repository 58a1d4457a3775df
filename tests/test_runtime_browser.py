"""Return visits in the real browser: the worker's memory snapshot (docs/assets/js/engine-worker.js).

The first visit boots Python normally and stores a snapshot in IndexedDB once idle; the next
visit restores it. A snapshot that cannot be restored must not be seen by the user: the worker
boots normally and says so in its "pret" message (instantane.etat), which these tests read.
They fail (never skip) when chromium or the built site is missing (see conftest.py).
"""

import json
from pathlib import Path

import pytest
from guard import guarded_context

import engine
from build_scripts.stdlib_zip import engine_requests

ROOT = Path(__file__).resolve().parent.parent
# A page function, not a string: the site's Content-Security-Policy forbids eval.
READY = "() => window.__simulateur && window.__simulateur.engine"
STORED = """(key) => new Promise((resolve, reject) => {
    const open = indexedDB.open("simulateur-instantane", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("instantanes");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
        const request = open.result.transaction("instantanes").objectStore("instantanes").get(key);
        request.onsuccess = () => { open.result.close(); resolve(request.result ? (request.result.taille ?? request.result.size ?? request.result.length) : 0); };
    };
})"""
WRITE = """([key, bytes]) => new Promise((resolve, reject) => {
    const open = indexedDB.open("simulateur-instantane", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("instantanes");
    open.onsuccess = () => {
        const transaction = open.result.transaction("instantanes", "readwrite");
        transaction.objectStore("instantanes").clear();
        transaction.objectStore("instantanes").put(new Uint8Array(bytes), key);
        transaction.oncomplete = () => { open.result.close(); resolve(); };
        transaction.onerror = () => reject(transaction.error);
    };
})"""


# The stored record (engine-snapshot.js), edited: "autre" moves it under the key of another
# version of the site (a whole, valid snapshot, which the worker may start restoring before the
# site's manifest arrives); "tronque" keeps only the first half of its bytes.
EDIT_RECORD = """([key, edit]) => new Promise((resolve, reject) => {
    const open = indexedDB.open("simulateur-instantane", 1);
    open.onsuccess = () => {
        const transaction = open.result.transaction("instantanes", "readwrite");
        const store = transaction.objectStore("instantanes");
        const request = store.get(key);
        request.onsuccess = () => {
            const record = request.result;
            store.clear();
            if (edit === "autre") {
                record.manifeste = { ...record.manifeste, version: "autre" };
                store.put(record, key.replace(/[^|]*$/, "autre"));
            } else {
                record.octets = record.octets.slice(0, Math.floor(record.octets.size / 2));
                store.put(record, key);
            }
        };
        transaction.oncomplete = () => { open.result.close(); resolve(); };
        transaction.onerror = () => reject(transaction.error);
    };
})"""


@pytest.fixture()
def context(browser):
    context = guarded_context(browser, locale="fr-FR", timezone_id="Europe/Paris")
    yield context
    assert context.external_requests == [], context.external_requests
    context.close()


def _visit(context, url):
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    page.wait_for_function(READY, timeout=120_000)
    return page, page.evaluate("window.__simulateur.engine.instantane")


def _wait_stored(page, key):
    """Wait until a whole heap (not a test's garbage) is stored under key; return its size."""
    for _ in range(240):
        size = page.evaluate(STORED, key)
        if size > 1_000_000:
            return size
        page.wait_for_timeout(250)
    return size


def _answers(page, requests):
    return page.evaluate("(requests) => Promise.all(requests.map((r) => window.__simulateur.simulate(r)))", requests)


def _every_action(requests):
    """Each request, and for each simulation its comparison of forms and thresholds too (the
    letters are part of the simulation's answer)."""
    extra = [{**r, "action": action} for r in requests if "date" in r for action in ("comparer", "seuils")]
    return requests + extra


def test_return_visit_restores_the_snapshot_with_identical_results(context, site_url, rules):
    url = site_url + "simulateur/"
    # After a restore the engine's files are unpacked only once the page is quiet: these answers,
    # asked at once, come from the restored memory alone.
    requests = _every_action(engine_requests(ROOT))
    expected = [json.loads(engine.simulate_json(rules, json.dumps(r))) for r in requests]

    page, first = _visit(context, url)
    assert first["etat"] == "nouveau", first
    assert _answers(page, requests) == expected
    assert _wait_stored(page, first["cle"]) > 10_000_000  # the whole heap
    page.close()

    page, second = _visit(context, url)
    assert second == {"etat": "restaure", "cle": first["cle"]}, second
    assert _answers(page, requests) == expected  # every example and worked case, as CPython
    assert page.errors == []
    page.close()


def test_unusable_snapshot_falls_back_to_a_normal_boot(context, site_url, rules):
    url = site_url + "simulateur/"
    page, first = _visit(context, url)
    key = first["cle"]
    _wait_stored(page, key)  # the worker saves once: the garbage below stays
    page.evaluate(WRITE, [key, list(b"pas un instantane" * 64)])
    page.close()

    page, second = _visit(context, url)
    assert second["etat"] == "echec" and second["message"], second
    assert page.evaluate("window.__simulateur.failed") is False  # nothing shown to the user
    request = {"situation": engine_requests(ROOT)[0]["situation"], "date": "2026-07-01"}
    assert _answers(page, [request]) == [json.loads(engine.simulate_json(rules, json.dumps(request)))]
    assert _wait_stored(page, key) > 10_000_000  # a good snapshot replaces the bad one
    assert page.errors == []
    page.close()

    page, third = _visit(context, url)
    assert third["etat"] == "restaure", third
    page.close()


def test_snapshot_of_another_version_is_ignored(context, site_url):
    url = site_url + "simulateur/"
    page, first = _visit(context, url)
    _wait_stored(page, first["cle"])
    page.evaluate(WRITE, ["314.0.7|autre|autre|autre", list(b"x" * 1024)])
    page.close()
    page, second = _visit(context, url)
    assert second["etat"] == "nouveau", second  # an unknown key is never tried
    page.close()


def test_snapshot_of_another_site_version_gives_way_to_a_normal_boot(browser, site_url, rules):
    # Without a service worker, so that the test sees the worker's requests: the site's manifest is
    # held back until Pyodide has started loading, i.e. the worker has started restoring the other
    # version's snapshot (on the snapshot's own manifest) before it learns the site's version.
    context = guarded_context(browser, locale="fr-FR", timezone_id="Europe/Paris", service_workers="block")
    url = site_url + "simulateur/"
    page, first = _visit(context, url)
    _wait_stored(page, first["cle"])
    page.evaluate(EDIT_RECORD, [first["cle"], "autre"])
    page.close()
    manifests, stdlib = [], []
    context.route("**/data/manifest.json", lambda route: manifests.append(route))
    context.route("**/python_stdlib.*.zip", lambda route: (stdlib.append(route.request.url), route.fallback()))
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    for _ in range(1200):
        if stdlib:
            break
        page.wait_for_timeout(50)
    assert stdlib and manifests, (stdlib, manifests)  # Pyodide loads, the manifest is still held
    for route in manifests:
        route.fallback()
    page.wait_for_function(READY, timeout=120_000)
    second = page.evaluate("window.__simulateur.engine.instantane")
    assert second == {"etat": "nouveau", "cle": first["cle"]}, second  # not a failure: the site changed
    request = {"situation": engine_requests(ROOT)[0]["situation"], "date": "2026-07-01"}
    assert _answers(page, [request]) == [json.loads(engine.simulate_json(rules, json.dumps(request)))]
    assert _wait_stored(page, first["cle"]) > 10_000_000  # the site's version replaces the other one
    assert page.errors == []
    page.close()
    assert context.external_requests == [], context.external_requests
    context.close()


def test_truncated_snapshot_falls_back_to_a_normal_boot(context, site_url, rules):
    url = site_url + "simulateur/"
    page, first = _visit(context, url)
    _wait_stored(page, first["cle"])
    page.evaluate(EDIT_RECORD, [first["cle"], "tronque"])
    page.close()
    page, second = _visit(context, url)
    assert second["etat"] == "echec" and "incomplet" in second["message"], second
    assert page.evaluate("window.__simulateur.failed") is False  # nothing shown to the user
    request = {"situation": engine_requests(ROOT)[0]["situation"], "date": "2026-07-01"}
    assert _answers(page, [request]) == [json.loads(engine.simulate_json(rules, json.dumps(request)))]
    assert page.errors == []
    page.close()


def test_an_indexeddb_that_never_answers_gives_a_normal_boot(browser, site_url, rules):
    # Some browsers have had an IndexedDB whose open() never calls back: the worker stops waiting
    # for the snapshot's lookup and boots normally. The worker's script is served with IndexedDB
    # made silent (no service worker, so that the request reaches the route).
    context = guarded_context(browser, locale="fr-FR", timezone_id="Europe/Paris", service_workers="block")
    silenced = []

    def silent_indexeddb(route):
        response = route.fetch()
        silenced.append(route.request.url)
        route.fulfill(response=response, body="self.indexedDB.open = () => ({}); // never answers\n" + response.text())

    context.route("**/assets/js/engine-worker.js", silent_indexeddb)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(site_url + "simulateur/")
    page.wait_for_function(READY, timeout=60_000)
    assert silenced
    assert page.evaluate("window.__simulateur.engine.instantane.etat") == "nouveau"
    request = {"situation": engine_requests(ROOT)[0]["situation"], "date": "2026-07-01"}
    assert _answers(page, [request]) == [json.loads(engine.simulate_json(rules, json.dumps(request)))]
    assert page.errors == []
    page.close()
    assert context.external_requests == [], context.external_requests
    context.close()
