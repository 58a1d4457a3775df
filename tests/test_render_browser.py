"""How the simulator page draws its result (issue 14), in Chromium against the built site.

- The engine's worker is started once, from the top of the page (engine-client.js in <head>),
  and adopted by simulateur.js: one worker, and the page computes.
- Only what changed is redrawn (parts.js): after a typed amount, the figures are new but the
  checklist is the same element, with the box the person ticked still ticked.
- The calculation details are built only when opened (traces.js), from the result shown, and an
  open one follows the next result.
Fails (never skips) without chromium or the built site (conftest.py).
"""

import json

import engine
from engine.share import encode_share
from guard import guarded_context

DATE = "2025-06-01"
READY = "() => window.__simulateur && window.__simulateur.engine"
SITUATION = {
    "paiement_forme": "salaire", "paiement_montant": 150, "paiement_nombre": 1, "paiement_periodicite": "une_fois",
    "paiement_employeur_public": False, "a_autre_activite": False, "percoit_pension_invalidite": False,
    "percoit_aah": True, "aah_taux_incapacite": "au_moins_80", "aah_activite_recente": True, "percoit_mva": True,
}


def _rules(site_dir):
    manifest = json.loads((site_dir / "assets" / "data" / "manifest.json").read_text(encoding="utf-8"))
    return engine.load_rules((site_dir / "assets" / "data" / manifest["regles"]).read_text(encoding="utf-8"))


def _settled_on(page, amount):
    page.wait_for_function("""(amount) => window.__simulateur.settled()
        && window.__simulateur.readSituation().paiement_montant === amount""", arg=amount, timeout=60_000)


def test_one_engine_worker_started_from_the_head(browser, site_url):
    context = guarded_context(browser, locale="fr-FR", timezone_id="Europe/Paris")
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(site_url + "simulateur/")
        page.wait_for_function(READY, timeout=60_000)
        head = page.evaluate("""() => [...document.head.querySelectorAll('script[src]')]
            .map((s) => [s.getAttribute('src'), s.type, s.async])""")
        assert ["../assets/js/engine-client.js", "module", True] in head
        engines = [worker.url for worker in page.workers if worker.url.endswith("/engine-worker.js")]
        assert len(engines) == 1, engines
        assert page.evaluate("() => window.__simulateur.simulate({action: 'pertinence', situation: {}})")["ok"]
        assert errors == [] and context.external_requests == []
    finally:
        context.close()


def test_every_module_of_the_page_is_asked_for_from_the_head(browser, site_url):
    """The page's module scripts are all listed in <link rel="modulepreload"> in <head>
    (build_scripts/module_graph.py): none is found only by reading another module's imports."""
    context = guarded_context(browser, locale="fr-FR", timezone_id="Europe/Paris")
    try:
        page = context.new_page()
        page.goto(site_url + "simulateur/")
        page.wait_for_function(READY, timeout=60_000)
        preloaded = set(page.evaluate("""() => [...document.head.querySelectorAll('link[rel=modulepreload]')]
            .map((link) => new URL(link.href).pathname)"""))
        loaded = set(page.evaluate("""() => performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname)
            .filter((path) => path.includes('/assets/js/') && path.endsWith('.js') && !path.endsWith('/engine-worker.js'))"""))
        assert len(loaded) >= 15, loaded  # simulateur.js and its imports, offline.js, projection.js
        assert loaded <= preloaded, sorted(loaded - preloaded)
        # The projection mode's early script is written in the page (no request before the body).
        assert not any(path.endswith("projection-early.js") for path in loaded)
        assert page.evaluate("() => [...document.head.querySelectorAll('script:not([src])')].some((s) => s.textContent.includes('pp-projection'))")
    finally:
        context.close()


def test_a_choice_is_one_request_to_the_engine(browser, site_url):
    """A choice fires "input" then "change": one calculation, whose request carries the relevance of
    the questions and leaves the calculation steps and the letters' text out (asked for when opened)."""
    context = guarded_context(browser, locale="fr-FR", timezone_id="Europe/Paris")
    try:
        page = context.new_page()
        page.goto(site_url + "simulateur/" + encode_share(SITUATION, DATE))
        _settled_on(page, 150)
        page.locator("#sim-modifier").click()
        page.evaluate("""() => { window.__demandes = [];
            const post = Worker.prototype.postMessage;
            Worker.prototype.postMessage = function (message, ...rest) { window.__demandes.push(message.request); return post.call(this, message, ...rest); }; }""")
        page.locator("input[name=percoit_mva][value=non]").check()
        page.wait_for_function("() => window.__simulateur.settled() && window.__simulateur.readSituation().percoit_mva === false")
        page.wait_for_timeout(200)  # a second calculation would be asked for by now
        # The engine's messages only (the theme's search worker may be talked to meanwhile).
        asked = [request for request in page.evaluate("() => window.__demandes") if request and "action" not in request]
        assert len(asked) == 1, asked
        assert asked[0]["traces"] is False and asked[0]["lettres"] is False and asked[0]["pertinence"] is True
        assert asked[0]["situation"]["percoit_mva"] is False
    finally:
        context.close()


def test_only_what_changed_is_redrawn_and_details_are_built_when_opened(browser, site_url, site_dir):
    rules = _rules(site_dir)
    context = guarded_context(browser, locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(site_url + "simulateur/" + encode_share(SITUATION, DATE))
        _settled_on(page, 150)
        page.locator("#sim-modifier").click()  # the link opens on the result: show the form
        details = page.locator("details.sim-trace")
        assert details.count() == len(cpython(rules, SITUATION)["droits"])
        # Nothing built before a details is opened.
        assert page.locator(".sim-trace-colonnes li").count() == 0
        aah = page.locator('details.sim-trace[data-droit="aah"]')
        aah.locator("summary").click()
        page.wait_for_function("() => document.querySelector('details.sim-trace[data-droit=\"aah\"] .sim-trace-colonnes li')")
        assert _steps(aah) == _expected_steps(rules, SITUATION, "aah")
        assert page.locator('details.sim-trace:not([data-droit="aah"]) .sim-trace-colonnes *').count() == 0
        # The parts of the result off screen (below the form) are not rendered until they come near it.
        skipped = "(part) => !document.querySelector(`[data-partie=${part}]`).firstElementChild.checkVisibility({ contentVisibilityAuto: true })"
        page.evaluate("""() => new Promise((resolve) => { document.getElementById('f-paiement_montant').scrollIntoView();
            requestAnimationFrame(() => requestAnimationFrame(resolve)); })""")
        assert page.evaluate(skipped, "calendrier") is True
        page.evaluate("""() => new Promise((resolve) => { document.querySelector('[data-partie=calendrier]').scrollIntoView();
            requestAnimationFrame(() => requestAnimationFrame(resolve)); })""")
        assert page.evaluate(skipped, "calendrier") is False
        # Mark the elements of the table and of the details, tick a box of the checklist, then type
        # another amount.
        for part in ("droits", "details", "demarches"):
            page.evaluate("(part) => { document.querySelector(`[data-partie=${part}]`).firstElementChild.__marque = true; }", part)
        box = page.locator("[data-partie=demarches] input[type=checkbox]").first
        box.check()
        headline = page.locator(".sim-gros").text_content()
        changed = {**SITUATION, "paiement_montant": 160}
        assert cpython(rules, changed)["demarches"] == cpython(rules, SITUATION)["demarches"]
        page.locator("#f-paiement_montant").fill("160")  # one input event
        _settled_on(page, 160)
        assert page.locator(".sim-gros").text_content() != headline
        # The table is new (its figures changed), the details are the same elements (the names of the
        # rights did not change), and the checklist, whose steps did not change, is left alone with its tick.
        marked = "(part) => document.querySelector(`[data-partie=${part}]`).firstElementChild.__marque"
        assert page.evaluate(marked, "droits") is None
        assert page.evaluate(marked, "details") is True
        assert page.evaluate(marked, "demarches") is True
        assert box.is_checked()
        # The open details shows the steps of the new result; the closed ones are still not built.
        assert aah.evaluate("(d) => d.open") is True
        assert _steps(aah) == _expected_steps(rules, changed, "aah")
        assert _steps(aah) != _expected_steps(rules, SITUATION, "aah")
        assert page.locator('details.sim-trace:not([data-droit="aah"]) .sim-trace-colonnes *').count() == 0
        # A larger amount adds steps to the checklist: it is redrawn, and the ticked step keeps its tick.
        key = box.get_attribute("data-cle")
        larger = {**SITUATION, "paiement_montant": 2000}
        assert cpython(rules, larger)["demarches"] != cpython(rules, SITUATION)["demarches"]
        page.locator("#f-paiement_montant").fill("2000")
        _settled_on(page, 2000)
        assert page.evaluate(marked, "demarches") is None
        assert page.locator(f'[data-partie=demarches] input[data-cle="{key}"]').is_checked()
    finally:
        context.close()


def cpython(rules, situation):
    return json.loads(engine.simulate_json(rules, json.dumps({"situation": situation, "date": DATE})))["resultat"]


def _steps(details):
    return [" ".join(text.split()) for text in details.locator(".sim-etape").all_text_contents()]


def _expected_steps(rules, situation, right):
    trace = cpython(rules, situation)["droits"][right]["trace"]
    return [" ".join(step["texte"].split()) for step in trace["avant"] + trace["apres"]]


def test_parts_touch_only_the_parts_whose_html_changed(browser, site_url):
    """parts.js itself, as result.js and the sections added later use it (update, put, reset)."""
    context = guarded_context(browser, locale="fr-FR")
    try:
        page = context.new_page()
        page.goto(site_url)
        outcome = page.evaluate("""async (url) => {
            const { createParts } = await import(url);
            const region = document.createElement("div");
            const parts = createParts(region);
            const keys = (nodes) => nodes.map((node) => node.dataset.partie);
            const first = keys(parts.update([["a", "<p>A</p>"], ["b", ""], ["c", "<p>C</p>"]]));
            const a = region.querySelector("[data-partie=a] p");
            const second = keys(parts.update([["a", "<p>A</p>"], ["b", ""], ["c", "<p>C2</p>"]]));
            const kept = region.querySelector("[data-partie=a] p") === a;
            const later = [parts.put("b", "<p>B</p>"), parts.put("b", "<p>B</p>"), parts.put("z", "<p>Z</p>")];
            const order = keys([...region.children]);
            const text = region.textContent;
            parts.reset();
            region.innerHTML = "<p>attente</p>";
            const rebuilt = keys(parts.update([["a", "<p>A</p>"], ["c", "<p>C2</p>"]]));
            return { first, second, kept, later, order, text, rebuilt, after: region.textContent };
        }""", site_url + "assets/js/parts.js")
        assert outcome == {
            "first": ["a", "b", "c"], "second": ["c"], "kept": True, "later": [True, False, False],
            "order": ["a", "b", "c"], "text": "ABC2", "rebuilt": ["a", "c"], "after": "AC2",
        }
    finally:
        context.close()


SEARCH_STARTED = "() => performance.getEntriesByName('recherche-lancee').length > 0"


def test_the_search_worker_waits_for_the_engine_and_the_search_works(browser, site_url):
    """On the simulator page the theme's search worker (the index of the whole guide: about a second of
    processor) starts once the engine is ready (overrides/search-worker-later.js); the search works."""
    context = guarded_context(browser, locale="fr-FR", timezone_id="Europe/Paris")
    try:
        page = context.new_page()
        page.goto(site_url + "simulateur/")
        page.wait_for_function(SEARCH_STARTED, timeout=60_000)
        marks = page.evaluate("""() => ({ ready: performance.getEntriesByName('simulateur-pret')[0]?.startTime ?? null,
            search: performance.getEntriesByName('recherche-lancee')[0].startTime })""")
        assert marks["ready"] is not None and marks["search"] >= marks["ready"], marks
        for _ in range(100):  # Playwright hears of a new worker a moment after it is created
            searching = [worker for worker in page.workers if "/workers/search." in worker.url]
            if searching:
                break
            page.wait_for_timeout(100)
        assert len(searching) == 1
        page.locator("input.md-search__input").click()
        page.keyboard.type("allocation", delay=20)
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
        assert context.external_requests == []
    finally:
        context.close()


def test_the_search_starts_at_once_when_the_person_goes_to_it(browser, site_url):
    """Before the engine is ready (here it never is: its worker cannot be loaded), going to the search
    box starts the search at once, without waiting for the 10 s fallback."""
    context = guarded_context(browser, locale="fr-FR", timezone_id="Europe/Paris")
    try:
        page = context.new_page()
        page.route("**/engine-worker.js", lambda route: route.abort())
        page.goto(site_url + "simulateur/")
        page.wait_for_load_state("load")
        assert page.evaluate(SEARCH_STARTED) is False
        page.locator("input.md-search__input").click()
        page.keyboard.type("allocation", delay=20)
        page.wait_for_selector(".md-search-result__item", timeout=15_000)
        started = page.evaluate("() => performance.getEntriesByName('recherche-lancee')[0].startTime")
        assert started < 10_000 and page.evaluate("() => performance.getEntriesByName('simulateur-pret').length") == 0
    finally:
        context.close()
