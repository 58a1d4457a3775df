"""The decision aids on the simulator page (issue 11, parts 2 and 3), in Debian's chromium against the built
site: the sections show the engine's own figures, "Voir le détail" changes the form and the result, the
sentence about a nearby threshold comes first, and the print sheet keeps the thresholds."""

import json

import pytest

import engine
from engine.share import encode_share
from guard import render_every_part, shown_text
from test_simulator_browser import BOOT_TIMEOUT, SHOTS, _context, _open

CASE = "elodie-prime-activite-ouverte-aah"  # her 80 € per session are just above the 29 x SMIC line (75 €)
DONE = "() => ['#sim-comparaison', '#sim-seuils'].every((s) => { const n = document.querySelector(s); return n && !n.hasAttribute('aria-busy'); })"


@pytest.fixture(scope="module")
def opened(browser, site_url, site_rules):
    case = site_rules["cas"][CASE]
    context = _context(browser, viewport={"width": 1280, "height": 900})
    page = _open(context, f"{site_url}simulateur/{encode_share(case['situation'], case['date'])}")
    page.wait_for_function(DONE, timeout=BOOT_TIMEOUT)
    yield page
    assert context.external_requests == [] and page.errors == [], (context.external_requests, page.errors)
    context.close()


def engine_answer(rules, page, action):
    request = {"action": action, "situation": page.evaluate("window.__simulateur.readSituation()"),
               "date": page.locator("#f-date").input_value()}
    answer = json.loads(engine.simulate_json(rules, json.dumps(request)))
    assert answer["ok"], answer
    return answer


def test_the_sections_show_the_engines_figures(opened, site_rules):
    page = opened
    render_every_part(page)
    page.screenshot(path=str(SHOTS / "aides-decision.png"), full_page=True)
    page.locator("#sim-comparaison").screenshot(path=str(SHOTS / "comparaison-formes.png"))
    page.locator("#sim-seuils").screenshot(path=str(SHOTS / "seuils.png"))
    page.locator("#sim-resultat-titre").evaluate("(t) => t.scrollIntoView()")
    page.screenshot(path=str(SHOTS / "resultat-proximite.png"))
    comparison = engine_answer(site_rules, page, "comparer")["comparaison_formes"]
    cards = page.locator("#sim-comparaison li.sim-forme")
    assert cards.evaluate_all("(cards) => cards.map((c) => c.dataset.forme)") == [f["forme"] for f in comparison["formes"]]
    shown = cards.evaluate_all("(cards) => cards.map((c) => c.dataset.gain === undefined ? null : Number(c.dataset.gain))")
    assert shown == [f.get("gain_mensuel") for f in comparison["formes"]]
    assert page.locator("#sim-comparaison [data-voir-forme]").count() == len(comparison["formes"]) - 1  # not the chosen one
    thresholds = engine_answer(site_rules, page, "seuils")["seuils"]
    assert float(page.locator("[data-seuil=sans-effet]").get_attribute("data-valeur")) == thresholds["sans_effet_jusqu_a"]["par_seance"]
    for rid, right in thresholds["droits"].items():
        for column, key in (("change", "change_a_partir_de"), ("baisse", "baisse_a_partir_de"), ("fin", "perdu_a_partir_de")):
            value = page.locator(f"#sim-seuils tr[data-droit={rid}] td[data-col={column}]").get_attribute("data-valeur")
            assert (float(value) if value else None) == (right[key]["par_seance"] if right[key] else None), (rid, key)
    cliffs = page.locator("#sim-seuils li.sim-falaise").evaluate_all("(items) => items.map((i) => Number(i.dataset.montant))")
    assert cliffs == [c["montant"]["par_seance"] for c in thresholds["falaises"]]
    # "Vous êtes juste au-dessus d'un seuil": the first thing under the result's title.
    first = page.locator("#sim-resultat-titre + *")
    assert first.get_attribute("class").startswith("sim-proximite")
    assert first.inner_text() == thresholds["proximite"]["texte"]


def test_see_the_detail_sets_that_form_and_recomputes(opened, site_rules):
    page = opened
    case = site_rules["cas"][CASE]
    target = next(f for f in engine_answer(site_rules, page, "comparer")["comparaison_formes"]["formes"]
                  if not f["choisie"] and f["calcule"])
    page.locator(f"[data-voir-forme={target['forme']}]").click()
    page.wait_for_function(
        "(form) => window.__simulateur.settled() && window.__simulateur.readSituation().paiement_forme === form",
        arg=target["forme"], timeout=BOOT_TIMEOUT)
    page.wait_for_function(DONE, timeout=BOOT_TIMEOUT)
    expected = engine.simulate(site_rules, {**case["situation"], "paiement_forme": target["forme"]}, case["date"])
    assert float(page.locator(".sim-gros").get_attribute("data-gain-mensuel")) == expected["gain_mensuel"]
    assert page.locator("#sim-comparaison li.sim-forme-choisie").get_attribute("data-forme") == target["forme"]


def test_the_print_sheet_keeps_the_thresholds_not_the_comparison(opened, site_rules):
    page = opened
    page.emulate_media(media="print")
    try:
        sheet = page.locator("#sim-seuils .sim-seuils-fiche")
        assert sheet.is_visible() and "Jusqu'à combien sans perdre ?" in sheet.inner_text()
        thresholds = engine_answer(site_rules, page, "seuils")["seuils"]
        figures = sheet.inner_text().replace("\u202f", " ").replace("\u00a0", " ")
        for cliff in (c for c in thresholds["falaises"] if c["sens"] == "baisse"):
            assert f"{cliff['montant']['par_seance']:,.2f}".replace(",", " ").replace(".", ",") in figures
        assert not page.locator("#sim-seuils table").is_visible()
        assert not page.locator("#sim-comparaison").is_visible()
    finally:
        page.emulate_media(media="screen")


def test_unfit_forms_are_greyed_with_why(browser, site_url, site_rules):
    case = site_rules["cas"]["nadia-pension-cat2-aah-4-seances-etp"]
    situation = {**case["situation"], "engagement_type": "etp"}
    context = _context(browser, viewport={"width": 400, "height": 800})
    try:
        page = _open(context, f"{site_url}simulateur/{encode_share(situation, case['date'])}")
        page.wait_for_function(DONE, timeout=BOOT_TIMEOUT)
        greyed = page.locator("#sim-comparaison li.sim-forme-grisee[data-forme=indemnite_formation_ru]")
        assert "Ne convient pas à cet engagement" in shown_text(greyed)
        assert greyed.locator(".sim-forme-pourquoi a").get_attribute("href").startswith("https://")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        render_every_part(page)
        page.screenshot(path=str(SHOTS / "aides-decision-telephone.png"), full_page=True)
        assert context.external_requests == []
    finally:
        context.close()
