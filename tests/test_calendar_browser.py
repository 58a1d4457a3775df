"""The "Mois par mois" part of the simulator's result in a real browser: a worked case shows the engine's
calendar (every month's figures equal the engine's), an accessible chart, on a phone and in print.
Fails (never skips) when chromium or the built site is missing (conftest.py)."""

import re
from pathlib import Path

import pytest

import engine
from engine.share import encode_share
from guard import guarded_context, shown_text

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
BOOT_TIMEOUT = 60_000
# A one-off payment on a pension d'invalidité: the calendar runs over 24 months.
CASES = ("nadia-pension-cat2-aah-4-seances-etp", "julien-aah-80-mva-150-euros-une-fois")


def _open_case(browser, site_url, rules, case_id, width, height, situation=None):
    context = guarded_context(browser, locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": width, "height": height})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    case = rules["cas"][case_id]
    situation = situation or case["situation"]
    page.goto(site_url + "simulateur/" + encode_share(situation, case["date"]))
    page.wait_for_selector("#sim-resultat .sim-calendrier", timeout=BOOT_TIMEOUT)
    expected = engine.simulate(rules, situation, case["date"])
    return context, page, expected


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 900)])
def test_a_worked_case_shows_the_engine_calendar(browser, site_url, site_rules, width, height):
    for case_id in CASES:
        context, page, expected = _open_case(browser, site_url, site_rules, case_id, width, height)
        try:
            calendar = expected["calendrier"]
            section = page.locator("#sim-resultat .sim-calendrier")
            # The main result comes first: the headline is above the calendar.
            assert page.locator(".sim-gros").bounding_box()["y"] < section.bounding_box()["y"]
            assert float(section.get_attribute("data-gain")) == expected["gain_mensuel"]
            rows = section.locator("table.sim-calendrier-table tbody tr")
            assert rows.count() == calendar["horizon_mois"]
            for row, month in zip(rows.all(), calendar["mois"]):
                assert row.get_attribute("data-mois") == month["mois"]
                assert float(row.locator("td[data-col=total]").get_attribute("data-valeur")) == month["total"]
                assert float(row.locator("td[data-col=sans]").get_attribute("data-valeur")) == month["total_sans_paiement"]
                notes = shown_text(row.locator("td[data-col=notes]"))
                for item in month["declarations"]:
                    assert item["quoi"] in notes, (month["mois"], item["quoi"])
            # The chart's figures, right by right, are the engine's (built when their details is opened).
            assert section.locator("table.sim-cal-detail").count() == 0
            section.locator("details.sim-cal-chiffres summary").click()
            detail = section.locator("table.sim-cal-detail tbody tr")
            detail.first.wait_for()
            assert detail.count() == calendar["horizon_mois"]
            for row, month in zip(detail.all(), calendar["mois"]):
                for right_id, value in month["droits"].items():
                    cell = row.locator(f"td[data-droit={right_id}]").text_content()
                    assert cell == engine.fr.euros(value), (case_id, month["mois"], right_id)
            svg = section.locator("svg.sim-cal-svg")
            assert svg.get_attribute("role") == "img"
            assert "mois par mois" in svg.locator("#sim-cal-titre").text_content()
            assert calendar["mois"][0]["mois_nom"] in svg.locator("#sim-cal-desc").text_content()
            # Nothing wider than the phone's screen but the chart's figures, which scroll in their own box.
            overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, overflow
            # ...and no figure of the month table cut by its box: each cell inside the table's width.
            cut = page.evaluate("""() => { const table = document.querySelector("table.sim-calendrier-table");
                const edge = table.parentElement.getBoundingClientRect().right;
                return [...table.querySelectorAll("tbody th, tbody td")]
                  .filter((cell) => cell.getBoundingClientRect().right > edge + 1).map((cell) => cell.textContent.trim()); }""")
            assert cut == [], (case_id, width, cut[:3])
            section.scroll_into_view_if_needed()
            section.screenshot(path=str(SHOTS / f"calendrier-{case_id}-{width}.png"))
            assert page.errors == []
        finally:
            context.close()


def test_a_one_off_payment_on_a_pension_shows_24_months_and_what_follows(browser, site_url, site_rules):
    case = site_rules["cas"]["isabelle-pension-seuil-depasse"]
    situation = {**case["situation"], "paiement_periodicite": "une_fois", "paiement_montant": 1500}
    context, page, expected = _open_case(browser, site_url, site_rules, "isabelle-pension-seuil-depasse", 1280, 900, situation)
    try:
        assert expected["calendrier"]["horizon_mois"] == 24
        section = page.locator("#sim-resultat .sim-calendrier")
        assert section.locator("table.sim-calendrier-table tbody tr").count() == 24
        assert shown_text(section.locator(".sim-cal-apres")) == expected["calendrier"]["apres_12_mois"]["texte"]
        assert "À vérifier auprès de : Caisse primaire" in shown_text(section.locator(".sim-cal-droits"))
    finally:
        context.close()


def test_the_printed_sheet_carries_the_calendar(browser, site_url, site_rules):
    context, page, expected = _open_case(browser, site_url, site_rules, CASES[0], 1280, 900)
    try:
        page.emulate_media(media="print")
        assert page.locator("#sim-resultat table.sim-calendrier-table").is_visible()
        assert page.locator("#sim-resultat .sim-cal-graphique").is_hidden()  # the table says it on paper
        pdf = page.pdf(format="A4")
        (SHOTS / "fiche-calendrier.pdf").write_bytes(pdf)
        assert 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 3
    finally:
        context.close()
