"""The simulator in a real browser (Debian's chromium through Playwright), against the built site.

These tests fail (never skip) when chromium or the built site is missing (see conftest.py).
One page is booted once per module and reused for the bulk checks; a few tests need their own
page (loading state, engine failure, share link). Screenshots go to tests/screenshots/ (git-ignored).
"""

import base64
import json
import random
import re
from pathlib import Path

import pytest
import yaml

import engine
from guard import guarded_context, render_every_part, shown_text

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
DATE = "2025-06-01"
# Page functions, not expressions: Playwright evaluates a string predicate with eval, which the
# site's Content-Security-Policy forbids.
READY = "() => window.__simulateur && window.__simulateur.engine"
BOOT_TIMEOUT = 60_000


# ---------------------------------------------------------------- helpers

def _context(browser, **options):
    """A French browser context that records (and blocks) every request to another origin."""
    return guarded_context(browser, locale="fr-FR", timezone_id="Europe/Paris", **options)


def _open(context, url, wait_ready=True):
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(url)
    if wait_ready:
        page.wait_for_function(READY, timeout=BOOT_TIMEOUT)
    return page


@pytest.fixture(scope="module")
def sim_url(site_url):
    return site_url + "simulateur/"


@pytest.fixture(scope="module")
def shared(browser, sim_url):
    """One booted page reused by the bulk tests."""
    context = _context(browser, viewport={"width": 1280, "height": 900})
    page = _open(context, sim_url)
    yield page
    assert context.external_requests == [], f"requêtes vers d'autres origines : {context.external_requests}"
    assert page.errors == [], page.errors
    context.close()


def cpython(rules, request):
    return json.loads(engine.simulate_json(rules, json.dumps(request)))


def browser_simulate(page, requests):
    return page.evaluate("(requests) => Promise.all(requests.map((r) => window.__simulateur.simulate(r)))", requests)


def click_answer(page, qid, label):
    """Click an answer; a gate (a box of "Ce que vous recevez aujourd'hui") is ticked for "Oui", unticked for "Non"."""
    block = page.locator(f"#q-{qid}")
    if block.get_attribute("data-type") == "case":
        block.locator("input[type=checkbox]").set_checked(label == "Oui")
    else:
        block.locator("label.sim-radio", has_text=label).first.click()


def gates(rules):
    return [s["porte"] for s in rules["sections"] if "porte" in s]


def as_read(rules, situation):
    """The situation as the form reads it: a gate not ticked is a "non"."""
    return {**{gate: False for gate in gates(rules)}, **situation}


def type_answer(page, qid, text):
    field = page.locator(f"#f-{qid}")
    field.click()
    field.fill("")
    field.press_sequentially(text, delay=10)


def set_date(page, iso):
    page.locator("#section-date").evaluate("details => { details.open = true; }")
    page.locator("#f-date").fill(iso)


def fill_person(page, steps):
    """steps: list of ("click", qid, label) / ("type", qid, text), in the order a person answers."""
    for action, qid, value in steps:
        (click_answer if action == "click" else type_answer)(page, qid, value)


def reset(page):
    page.locator("#sim-effacer").click()
    page.wait_for_function("() => document.getElementById('sim-resultat').hidden")


def wait_settled(page):
    """Wait until the page shows the result of the answers currently in the form."""
    page.wait_for_function("() => window.__simulateur.settled()", timeout=15_000)


def shown_result(page):
    """The figures the page shows (read from the data-valeur attributes of the result)."""
    page.wait_for_selector("#sim-resultat .sim-gros", timeout=15_000)
    rows = {}
    for row in page.locator("table.sim-droits tbody tr[data-droit]").all():
        cells = {col: row.locator(f"td[data-col={col}]") for col in ("avant", "apres", "difference")}
        rows[row.get_attribute("data-droit")] = {
            col: float(cell.get_attribute("data-valeur")) if cell.get_attribute("data-valeur") else None
            for col, cell in cells.items()
        }
        rows[row.get_attribute("data-droit")].update(
            statut=row.get_attribute("data-statut"), tendance=row.get_attribute("class"),
            libelle_statut=shown_text(row.locator("td[data-col=statut]")).strip())
    total = page.locator("table.sim-droits tr[data-total] td[data-col=difference]")
    svg = page.locator("#sim-resultat svg.sim-svg")
    return {
        "gain_mensuel": float(page.locator(".sim-gros").get_attribute("data-gain-mensuel")),
        "droits": rows,
        "total_tableau": float(total.get_attribute("data-valeur")),
        "total_graphique": float(svg.get_attribute("data-total-apres")) - float(svg.get_attribute("data-total-avant")),
    }


def assert_same_as_cpython(page, rules, situation, date):
    expected = cpython(rules, {"situation": situation, "date": date})
    assert expected["ok"], expected
    expected = expected["resultat"]
    wait_settled(page)
    shown = shown_result(page)
    assert shown["gain_mensuel"] == expected["gain_mensuel"]
    # One figure: the headline, the table's total and the chart's total say the same gain.
    assert shown["total_tableau"] == expected["gain_mensuel"]
    assert abs(shown["total_graphique"] - expected["gain_mensuel"]) < 0.005
    assert set(shown["droits"]) == set(expected["droits"])
    for right_id, right in expected["droits"].items():
        got = shown["droits"][right_id]
        assert (got["avant"], got["apres"], got["difference"], got["statut"]) == (
            right["avant"], right["apres"], right["difference"], right["statut"]), right_id
        # The row shows the status's French label and the engine's reading of it (its colour).
        assert got["libelle_statut"] == rules["vocabulaire"]["statuts"][right["statut"]]["libelle"], right_id
        assert got["tendance"] == f"sim-{right['tendance']}", right_id
    return expected


AAH_CASE = [
    ("click", "paiement_forme", "Vacation, CDD"),
    ("type", "paiement_montant", "150"),
    ("type", "paiement_nombre", "1"),
    ("click", "paiement_periodicite", "une seule fois"),
    ("click", "paiement_employeur_public", "Non"),
    ("click", "a_autre_activite", "Non"),
    ("click", "percoit_pension_invalidite", "Non"),
    ("click", "percoit_aah", "Oui"),
    ("click", "aah_taux_incapacite", "80 % ou plus"),
    ("click", "aah_activite_recente", "Oui"),
    ("click", "percoit_mva", "Oui"),
]
AAH_SITUATION = {
    "paiement_forme": "salaire", "paiement_montant": 150, "paiement_nombre": 1, "paiement_periodicite": "une_fois",
    "paiement_employeur_public": False, "a_autre_activite": False, "percoit_pension_invalidite": False,
    "percoit_aah": True, "aah_taux_incapacite": "au_moins_80", "aah_activite_recente": True, "percoit_mva": True,
}
PENSION_CASE = [
    ("click", "paiement_forme", "Vacation, CDD"),
    ("type", "paiement_montant", "200,50"),
    ("type", "paiement_nombre", "2"),
    ("click", "paiement_periodicite", "chaque mois"),
    ("click", "paiement_employeur_public", "Oui"),
    ("click", "a_autre_activite", "Non"),
    ("click", "percoit_pension_invalidite", "Oui"),
    ("click", "pi_categorie", "Catégorie 1"),
    ("type", "pi_montant", "950"),
    ("click", "percoit_aah", "Non"),
    ("type", "nb_enfants", "1"),
]
PENSION_SITUATION = {
    "paiement_forme": "salaire", "paiement_montant": 200.5, "paiement_nombre": 2, "paiement_periodicite": "par_mois",
    "paiement_employeur_public": True, "a_autre_activite": False, "percoit_pension_invalidite": True,
    "pi_categorie": "categorie_1", "pi_montant": 950, "percoit_aah": False, "nb_enfants": 1,
}


# ---------------------------------------------------------------- end to end

def test_static_form_generated_from_rules(shared, site_rules):
    """Every question is a labelled field; help, bounds and "je ne sais pas" where the rules give a default;
    each gate is one box of "Ce que vous recevez aujourd'hui", labelled with the right's plain name."""
    labels = {s["porte"]: s["porte_libelle"] for s in site_rules["sections"] if "porte" in s}
    for question in site_rules["questions"]:
        block = shared.locator(f"#q-{question['id']}")
        assert block.count() == 1, question["id"]
        if question["id"] in labels:
            assert block.locator("input[type=checkbox]").count() == 1
            assert block.inner_text().strip() == labels[question["id"]]
            assert block.locator("xpath=ancestor::fieldset[@id='section-recevez']").count() == 1
            continue
        assert question["libelle"] in block.inner_text()
        if question.get("aide"):
            assert block.locator(".sim-aide").count() == 1
        offers = any(c["libelle"].lower().startswith("je ne sais pas") for c in question.get("choix", []))
        if "defaut" in question:
            assert block.locator("[data-nsp]").count() == (0 if offers else 1), question["id"]
            if question.get("defaut_explication"):
                assert block.locator(".sim-defaut").count() == 1
        if question["type"] in ("nombre", "entier", "montant"):
            field = shared.locator(f"#f-{question['id']}")
            assert shared.locator(f"label[for=f-{question['id']}]").count() == 1
            if "min" in question and "max" in question:
                assert block.locator(".sim-bornes").count() == 1
            assert field.get_attribute("inputmode") in ("decimal", "numeric")
        else:
            expected = 2 if question["type"] == "booleen" else len(question["choix"])
            assert block.locator("input[type=radio]:not([data-nsp])").count() == expected
    assert shared.locator("#sim-etat[aria-live=polite]").count() == 1


def test_end_to_end_aah_mva(shared, site_rules):
    page = shared
    reset(page)
    set_date(page, DATE)
    # Only the relevant questions are shown once the engine is ready.
    page.locator("#q-percoit_aah").wait_for()
    click_answer(page, "percoit_aah", "Non")
    assert not page.locator("#q-percoit_mva").is_visible()  # its section opens only with the AAH box
    fill_person(page, AAH_CASE)
    expected = assert_same_as_cpython(page, site_rules, AAH_SITUATION, DATE)
    assert not page.locator("#q-temps_travail_mensuel").is_visible()  # only for 50-79 %
    # Headline in words and euros, alerts, checklist per body, explained computation.
    text = page.locator("#sim-resultat").text_content()
    assert "par mois" in text and "€" in text
    for alert in expected["alertes"]:
        assert alert["texte"] in text
    bodies = {step["organisme"] for step in expected["demarches"]}
    headings = [shown_text(heading) for heading in page.locator(".sim-organisme h4").all()]
    assert sorted(headings) == sorted(site_rules["organismes"][b]["nom"] for b in bodies)
    assert page.locator("details.sim-trace").count() == len(expected["droits"])
    assert page.locator('details.sim-trace a[href="../droits/aah/"]').count() == 1
    assert page.locator("svg.sim-svg rect.sim-barre-apres").count() >= len(expected["droits"])
    SHOTS.mkdir(exist_ok=True)
    render_every_part(page)
    page.screenshot(path=str(SHOTS / "resultat-aah-mva.png"), full_page=True)


def test_end_to_end_pension_invalidite(shared, site_rules):
    page = shared
    reset(page)
    set_date(page, DATE)
    fill_person(page, PENSION_CASE)
    assert_same_as_cpython(page, site_rules, PENSION_SITUATION, DATE)
    page.locator("#sim-resultat").screenshot(path=str(SHOTS / "resultat-pension.png"))


def test_invalid_input_message_next_to_field(shared):
    page = shared
    reset(page)
    fill_person(page, AAH_CASE)
    type_answer(page, "paiement_montant", "beaucoup")
    error = page.locator("#err-paiement_montant")
    # The result follows the typing (a short pause between keys may show an earlier message first).
    page.wait_for_function("() => document.getElementById('err-paiement_montant').textContent.includes('nombre')",
                           timeout=10_000)
    assert error.is_visible()
    assert page.locator("#f-paiement_montant").input_value() == "beaucoup"  # nothing lost
    assert page.locator("#f-paiement_montant").get_attribute("aria-invalid") == "true"
    type_answer(page, "paiement_montant", "999999")
    page.wait_for_function("() => document.getElementById('err-paiement_montant').textContent.includes('au plus')")
    type_answer(page, "paiement_montant", "150")
    page.wait_for_selector("#sim-resultat .sim-gros")
    assert page.locator("#err-paiement_montant").is_hidden()
    # Submitting with a missing answer names it.
    reset(page)
    click_answer(page, "percoit_aah", "Oui")
    page.locator("#sim-calculer").click()
    page.wait_for_selector("#err-paiement_forme:visible")
    assert "Répondez" in page.locator("#err-paiement_forme").inner_text()
    assert page.locator("input[name=percoit_aah][value=oui]").is_checked()


def test_parity_examples_and_generated(shared, site_rules):
    """The engine under Pyodide and under CPython give identical JSON."""
    requests = []
    for path in sorted((ROOT / "examples").glob("*")):
        if path.suffix not in (".yaml", ".yml", ".json"):
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("situation"), dict):
            requests.append({"situation": data["situation"], "date": str(data.get("date", DATE))})
        else:
            requests.append({"situation": data, "date": DATE})
    rng = random.Random(20250601)
    questions = site_rules["questions"]
    for n in range(300):
        situation = {}
        for q in questions:
            if "defaut" in q and rng.random() < 0.15:
                situation[q["id"]] = None
                continue
            if q["type"] == "booleen":
                value = rng.random() < 0.5
            elif q["type"] == "choix":
                value = rng.choice(q["choix"])["valeur"]
            else:
                low = q.get("min", 0)
                high = min(q.get("max", 3000), 3000 if q["type"] == "montant" else 60)
                value = rng.randint(int(low), int(high)) if q["type"] == "entier" else round(rng.uniform(low, high), 2)
            situation[q["id"]] = value
        if n % 25 == 0:  # some invalid answers: the error lists must match too
            victim = rng.choice(questions)["id"]
            situation[victim] = rng.choice(["n'importe quoi", -5, 10 ** 9, "1,5"])
        date = rng.choice(["2024-01-15", "2024-07-01", DATE, "2026-01-01"])
        requests.append({"situation": situation, "date": date})
    requests.append({"action": "pertinence", "situation": {"percoit_aah": True, "aah_taux_incapacite": "de_50_a_79"}})
    requests.append({"situation": "pas une situation", "date": DATE})
    assert len(requests) > 300
    got = browser_simulate(shared, requests)
    mismatches = [i for i, (request, answer) in enumerate(zip(requests, got)) if answer != cpython(site_rules, request)]
    assert not mismatches, f"{len(mismatches)} écarts, par exemple {requests[mismatches[0]]}"
    assert sum(1 for answer in got if answer["ok"]) > 250


def test_print_stylesheet(shared):
    page = shared
    reset(page)
    fill_person(page, AAH_CASE)
    page.wait_for_selector("#sim-resultat .sim-gros")
    page.emulate_media(media="print")
    try:
        assert page.locator("#sim-form").is_hidden()
        assert page.locator(".md-header").is_hidden()
        assert page.locator("#sim-resultat .sim-gros").is_visible()
        assert "règles vérifiées le" in shown_text(page.locator(".sim-pied"))
        page.pdf(path=str(SHOTS / "fiche-imprimee.pdf"), format="A4")
    finally:
        page.emulate_media(media="screen")


def test_works_offline_after_load(shared, site_rules):
    page = shared
    reset(page)
    set_date(page, DATE)
    page.context.set_offline(True)
    try:
        fill_person(page, AAH_CASE)
        assert_same_as_cpython(page, site_rules, AAH_SITUATION, DATE)
        type_answer(page, "paiement_montant", "300")
        assert_same_as_cpython(page, site_rules, {**AAH_SITUATION, "paiement_montant": 300}, DATE)
    finally:
        page.context.set_offline(False)


# ---------------------------------------------------------------- own pages

def test_share_link_round_trip(browser, shared, sim_url, site_rules):
    page = shared
    reset(page)
    set_date(page, DATE)
    fill_person(page, PENSION_CASE)
    expected = assert_same_as_cpython(page, site_rules, PENSION_SITUATION, DATE)
    # The answers stay out of the address (and so of the history) until the person asks for a link.
    assert "#" not in page.url
    page.locator("[data-action=partager]").click()
    link = page.locator(".sim-partage-etat").get_attribute("data-lien")
    assert "#" not in page.url
    assert "#s=" in link and f"d={DATE}" in link
    encoded = link.split("#s=")[1].split("&")[0]
    decoded = json.loads(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    assert decoded == as_read(site_rules, PENSION_SITUATION)  # only in the fragment, never sent to a server
    context = _context(browser)
    try:
        other = _open(context, link)
        assert other.locator("input[name=pi_categorie][value=categorie_1]").is_checked()
        assert other.locator("#f-paiement_montant").input_value() == "200,5"
        assert other.evaluate("window.__simulateur.readSituation()") == as_read(site_rules, PENSION_SITUATION)
        assert_same_as_cpython(other, site_rules, PENSION_SITUATION, DATE)
        assert shown_result(other)["gain_mensuel"] == expected["gain_mensuel"]
        assert context.external_requests == []
    finally:
        context.close()


def test_answers_typed_while_loading_are_computed(browser, sim_url, site_rules):
    context = _context(browser, viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True, has_touch=True)
    try:
        page = _open(context, sim_url, wait_ready=False)
        page.wait_for_selector("#sim-etat.sim-etat-chargement, #sim-etat")
        # The static form is usable at once; everything is shown until the engine answers.
        assert page.evaluate("window.__simulateur.engine") is None, "le moteur était déjà prêt : test sans objet"
        assert "sim-etat-chargement" in page.locator("#sim-etat").get_attribute("class")
        assert "remplir le formulaire" in page.locator("#sim-etat").inner_text()
        page.screenshot(path=str(SHOTS / "mobile-chargement.png"))
        set_date(page, DATE)
        fill_person(page, AAH_CASE)
        page.wait_for_function(READY, timeout=BOOT_TIMEOUT)
        assert_same_as_cpython(page, site_rules, AAH_SITUATION, DATE)
        assert "prêt" in page.locator("#sim-etat").inner_text()
        render_every_part(page)
        page.screenshot(path=str(SHOTS / "mobile-resultat.png"), full_page=True)
        page.locator("#sim-resultat").screenshot(path=str(SHOTS / "mobile-resultat-seul.png"))
        page.locator("#section-paiement").screenshot(path=str(SHOTS / "mobile-formulaire-paiement.png"))
        reset(page)
        page.screenshot(path=str(SHOTS / "mobile-formulaire.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"la page déborde en largeur sur mobile ({width} px)"
        assert context.external_requests == []
        assert page.errors == []
    finally:
        context.close()


def test_engine_failure_is_explained(browser, sim_url):
    context = _context(browser)
    context.route("**/pyodide.asm.wasm", lambda route: route.abort())
    try:
        page = _open(context, sim_url, wait_ready=False)
        page.wait_for_selector("#sim-etat.sim-etat-echec", timeout=BOOT_TIMEOUT)
        text = page.locator("#sim-etat").inner_text()
        assert "n'a pas pu être chargé" in text
        assert page.locator('#sim-etat a[href="../droits/"]').count() == 1
        type_answer(page, "paiement_montant", "150")  # the form still keeps what is typed
        assert page.locator("#f-paiement_montant").input_value() == "150"
    finally:
        context.close()


def test_empty_form_after_reset_desktop(shared):
    reset(shared)
    shared.screenshot(path=str(SHOTS / "formulaire.png"), full_page=True)
    # Reset gives back an empty, usable form: the payment first, no answer kept, no error shown,
    # the date set to today, nothing wider than the window.
    assert shared.locator("fieldset.sim-section:visible legend").first.inner_text().startswith("Le paiement")
    # Nothing answered: only the boxes of "Ce que vous recevez", none ticked.
    assert set(shared.evaluate("Object.values(window.__simulateur.readSituation())")) <= {False}
    assert shared.locator(".sim-erreur:visible").count() == 0
    assert shared.locator("#f-date").input_value() == shared.evaluate(
        "(() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-"
        "${String(d.getDate()).padStart(2, '0')}`; })()")
    assert shared.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_range_is_shown_in_the_after_column(browser, sim_url):
    """A right with a range (unknown comparison salary) shows both ends, "875 € à 1 000 €"."""
    case = yaml.safe_load((ROOT / "rules" / "cas" / "patrick-pension-salaire-comparaison-inconnu-fourchette.yaml")
                          .read_text(encoding="utf-8"))
    situation = {k: v for k, v in case["situation"].items() if v is not None}
    encoded = base64.urlsafe_b64encode(json.dumps(situation, separators=(",", ":")).encode()).decode().rstrip("=")
    context = _context(browser)
    try:
        page = _open(context, f"{sim_url}#s={encoded}&d={case['date']}")
        cell = page.locator("tr[data-droit=pension_invalidite] td[data-col=apres]")
        cell.wait_for(timeout=BOOT_TIMEOUT)
        assert cell.inner_text().replace("\u202f", " ").replace("\u00a0", " ").startswith("875,00 € à 1 000,00 €")
        assert context.external_requests == []
    finally:
        context.close()


def test_every_worked_case_headline_table_and_chart_agree(shared, site_rules):
    """Each worked case, opened from its share link as a trainer would: the headline, the table's total and the
    chart's total all give the engine's gain, and every right shows the engine's figures."""
    from engine.share import encode_share

    cases = site_rules["cas"]
    assert len(cases) >= 19
    for case_id, case in cases.items():
        fragment = encode_share(case["situation"], case["date"])
        shared.evaluate("hash => { location.hash = hash; }", fragment)
        # Settled on this case's answers: the form holds its amount and date, and shows their result.
        shared.wait_for_function(
            """([amount, date]) => window.__simulateur.settled()
                 && window.__simulateur.readSituation().paiement_montant === amount
                 && document.getElementById('f-date').value === date""",
            arg=[case["situation"]["paiement_montant"], case["date"]], timeout=BOOT_TIMEOUT)
        try:
            assert_same_as_cpython(shared, site_rules, case["situation"], case["date"])
        except AssertionError as error:
            raise AssertionError(f"cas {case_id} : {error}") from None
    reset(shared)


def test_answers_never_reach_the_history_unless_asked(browser, sim_url, site_rules):
    """Computing writes nothing in the address nor the history; "garder mes réponses dans l'adresse" does."""
    context = _context(browser)
    try:
        page = _open(context, sim_url)
        length = page.evaluate("() => history.length")
        set_date(page, DATE)
        fill_person(page, AAH_CASE)
        assert_same_as_cpython(page, site_rules, AAH_SITUATION, DATE)
        type_answer(page, "paiement_montant", "160")
        page.wait_for_function("() => window.__simulateur.settled()")
        assert page.evaluate("() => history.length") == length
        assert page.url == sim_url
        page.locator("[data-action=garder]").check()
        assert "#s=" in page.url and page.evaluate("() => history.length") == length
        # Kept: the address follows each new result (just after it is painted), still without history.
        type_answer(page, "paiement_montant", "170")
        page.wait_for_function("() => window.__simulateur.settled()")
        page.wait_for_function("(fragment) => location.hash === fragment",
                               arg=page.evaluate("(date) => window.__simulateur.encodeShare(window.__simulateur.readSituation(), date)", DATE))
        assert page.evaluate("() => window.__simulateur.readSituation().paiement_montant") == 170
        assert page.evaluate("() => history.length") == length
        page.locator("[data-action=garder]").uncheck()
        assert page.url == sim_url
    finally:
        context.close()


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_the_field_in_focus_does_not_move_when_the_engine_starts(browser, sim_url, width, height):
    """Answers given while the engine loads, then the person in a field further down: when the engine
    becomes ready and shows the questions those answers bring, the field stays where it was."""
    context = _context(browser, viewport={"width": width, "height": height})
    try:
        page = _open(context, sim_url, wait_ready=False)
        click_answer(page, "paiement_forme", "Vacation, CDD")
        field = page.locator("#f-nb_enfants")
        field.click()
        assert page.evaluate("window.__simulateur.engine") is None, "le moteur était déjà prêt : test sans objet"
        before = page.evaluate("() => document.getElementById('f-nb_enfants').getBoundingClientRect().top")
        page.wait_for_function(READY, timeout=BOOT_TIMEOUT)
        page.wait_for_function("() => !document.getElementById('q-paiement_employeur_public').hidden", timeout=15_000)
        after = page.evaluate("() => document.getElementById('f-nb_enfants').getBoundingClientRect().top")
        assert abs(after - before) <= 1, (before, after)
        assert page.evaluate("document.activeElement.id") == "f-nb_enfants"
    finally:
        context.close()


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_a_worked_case_opens_on_its_result(browser, site_url, site_rules, width, height):
    """From a worked case's page, "open in the simulator" shows "calcul en cours" at once, then the headline
    in the first screen; the answers are behind "Modifier mes réponses"."""
    case_id = next(iter(site_rules["cas"]))
    context = _context(browser, viewport={"width": width, "height": height})
    try:
        page = _open(context, f"{site_url}cas/{case_id}/", wait_ready=False)
        page.locator("a[href*='simulateur/#s=']").first.click()
        page.wait_for_selector("#sim-resultat .sim-en-cours, #sim-resultat .sim-gros")
        assert page.locator("#sim-form").is_hidden()
        page.wait_for_selector("#sim-resultat .sim-gros", timeout=BOOT_TIMEOUT)
        box = page.locator("#sim-resultat .sim-gros").bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= height, box
        page.screenshot(path=str(SHOTS / f"cas-resultat-{width}.png"))
        page.locator("#sim-modifier").click()
        assert page.locator("#sim-form").is_visible()
        assert page.evaluate("document.activeElement.closest('#sim-form') !== null")
    finally:
        context.close()


def test_the_printed_sheet_of_a_worked_case_is_at_most_three_pages(browser, sim_url, site_rules):
    """The print of a case: the answers given, the headline, the table, the steps per body, the month-by-month
    calendar and the rules' date, on at most three A4 pages (two before the calendar was added)."""
    from engine.share import encode_share

    context = _context(browser, viewport={"width": 1280, "height": 800})
    try:
        counts = {}
        for case_id in ("nadia-pension-cat2-aah-4-seances-etp", "claire-couple-conjoint-salarie-prime-activite"):
            case = site_rules["cas"][case_id]
            page = _open(context, sim_url + encode_share(case["situation"], case["date"]))
            page.wait_for_selector("#sim-resultat .sim-gros", timeout=BOOT_TIMEOUT)
            page.wait_for_selector("#sim-seuils:not([aria-busy]) .sim-seuils-resume", timeout=BOOT_TIMEOUT)  # the thresholds, printed too
            page.emulate_media(media="print")
            for needed in (".sim-reponses", ".sim-gros", "table.sim-droits", ".sim-demarches", "table.sim-calendrier-table", ".sim-pied", "#sim-seuils"):
                assert page.locator(f"#sim-resultat {needed}").is_visible(), needed
            pdf = page.pdf(format="A4")
            (SHOTS / f"fiche-{case_id}.pdf").write_bytes(pdf)
            counts[case_id] = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            page.close()
        assert all(1 <= n <= 3 for n in counts.values()), counts
    finally:
        context.close()


def test_home_page_calls_to_the_simulator_above_the_fold_on_a_phone(browser, site_url):
    context = _context(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(site_url)
        link = page.locator("article a[href$='simulateur/']").first
        box = link.bounding_box()
        assert box and box["y"] + box["height"] <= 844, box
        link.click()
        page.wait_for_selector("#sim-form")
    finally:
        context.close()


def test_each_body_of_the_checklist_links_to_its_page_with_how_to_reach_it_and_what_to_write(shared, site_rules):
    reset(shared)
    set_date(shared, DATE)
    fill_person(shared, AAH_CASE)
    expected = assert_same_as_cpython(shared, site_rules, AAH_SITUATION, DATE)
    for body_id, body in expected["organismes"].items():
        block = shared.locator(f".sim-organisme[data-organisme={body_id}]")
        if not block.count():
            continue  # a body named only by a notification
        assert block.locator(f"h4 a[href='../organismes/{body_id}/']").count() == 1
        assert body["contact"] in block.text_content()
        letter = next(letter for letter in expected["courriers"] if letter["organisme"] == body_id)
        assert block.locator(f"a[data-ouvrir-lettre={body_id}]").text_content() == letter["titre"]
