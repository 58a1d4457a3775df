"""The letters in the simulator page (docs/assets/js/letters-view.js), in Debian's Chromium: a worked case
shows one letter per body with the engine's exact text; "Copier le texte" puts that text in the clipboard;
"Imprimer cette lettre" prints that letter alone (1 or 2 A4 pages); the e-mail link names no address; the
checklist of each body opens its letter without touching the page's address.

Fails (never skips) when Chromium or the built site is missing (see conftest.py). axe-core is run on the
simulator with a result and every <details> open, letters included, in tests/test_trust_browser.py.
"""

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

import engine
from engine.share import encode_share
from guard import guarded_context

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
BOOT_TIMEOUT = 90_000
CASE = "sandrine-rsa-micro-entrepreneur-prime-activite"  # five bodies, the URSSAF rescrit among them


@pytest.fixture(scope="module")
def opened(browser, site_url, site_rules):
    """The simulator opened on the worked case, with its result, and the letters CPython writes for the
    same answers."""
    context = guarded_context(browser, locale="fr-FR", viewport={"width": 1280, "height": 900},
                              permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    case = site_rules["cas"][CASE]
    page.goto(site_url + "simulateur/" + encode_share(case["situation"], case["date"]))
    page.wait_for_selector("#sim-resultat .sim-lettre", timeout=BOOT_TIMEOUT)
    page.wait_for_function("() => window.__simulateur.settled()", timeout=BOOT_TIMEOUT)
    # The answers as the form read them (a section not ticked is answered « non »), computed by CPython.
    situation = page.evaluate("() => window.__simulateur.readSituation()")
    expected = engine.simulate(site_rules, situation, case["date"])["courriers"]
    yield page, expected
    assert errors == [], errors
    assert context.external_requests == [], context.external_requests
    context.close()


def _open_every_letter(page):
    page.evaluate("() => document.querySelectorAll('.sim-lettre').forEach((d) => { d.open = true; })")
    page.wait_for_function("() => [...document.querySelectorAll('.sim-lettre')].every((d) => d.querySelector('.sim-lettre-texte'))")


def test_a_letter_per_body_with_the_engines_text(opened):
    page, expected = opened
    assert len(expected) >= 4
    shown = page.locator(".sim-lettre")
    assert shown.count() == len(expected)
    # A letter's text is built when it is opened (on-open.js): none while they are all closed.
    assert page.locator(".sim-lettre-texte, .sim-lettre-outils").count() == 0
    _open_every_letter(page)
    for index, letter in enumerate(expected):
        block = shown.nth(index)
        assert block.get_attribute("data-organisme") == letter["organisme"]
        assert block.locator("summary").text_content() == letter["titre"]
        assert block.locator(".sim-lettre-texte").text_content() == letter["corps"]
        assert letter["aide"] in block.locator(".sim-lettre-aide").text_content()


def test_the_checklist_opens_the_letter_and_keeps_the_address(opened):
    page, expected = opened
    body = expected[1]["organisme"]
    address = page.url
    letter = page.locator(f".sim-lettre[data-organisme={body}]")
    page.evaluate("() => document.querySelectorAll('.sim-lettre').forEach((d) => { d.open = false; })")
    page.locator(f".sim-organisme a[data-ouvrir-lettre={body}]").click()
    assert letter.get_attribute("open") is not None
    assert page.url == address
    assert page.evaluate("() => document.activeElement.closest('.sim-lettre').dataset.organisme") == body
    page.screenshot(path=str(SHOTS / "lettres.png"))


def test_copy_puts_the_exact_text_in_the_clipboard(opened):
    page, expected = opened
    letter = expected[0]
    block = page.locator(f".sim-lettre[data-organisme={letter['organisme']}]")
    page.evaluate("(id) => { document.getElementById(id).open = true; }", f"sim-lettre-{letter['organisme']}")
    block.locator("[data-lettre=copier]").click()
    page.wait_for_function("(id) => document.querySelector(`#${id} .sim-lettre-etat`).textContent !== ''",
                           arg=f"sim-lettre-{letter['organisme']}")
    assert page.evaluate("() => navigator.clipboard.readText()") == letter["corps"]
    assert block.locator(".sim-lettre-etat").text_content().startswith("Texte copié")


def test_the_email_link_has_no_address_and_the_letter_in_it(opened):
    page, expected = opened
    _open_every_letter(page)
    for letter in expected:
        href = page.locator(f".sim-lettre[data-organisme={letter['organisme']}] a[href^='mailto:']").get_attribute("href")
        parts = urlsplit(href)
        assert parts.scheme == "mailto" and parts.path == ""
        query = parse_qs(parts.query)
        assert query["subject"] == [letter["objet"]] and query["body"] == [letter["corps"]]


def test_printing_a_letter_prints_only_that_letter(opened):
    page, expected = opened
    letter = next(item for item in expected if item["organisme"] == "urssaf")
    others = [item for item in expected if item is not letter]
    # The print dialog is the browser's: record the call instead of opening it.
    page.evaluate("() => { window.__impressions = 0; window.print = () => { window.__impressions += 1; }; }")
    block = page.locator(".sim-lettre[data-organisme=urssaf]")
    page.evaluate("() => { document.getElementById('sim-lettre-urssaf').open = true; }")
    block.locator("[data-lettre=imprimer]").click()
    assert page.evaluate("() => window.__impressions") == 1
    page.emulate_media(media="print")
    try:
        assert block.locator(".sim-lettre-texte").is_visible()
        for hidden in ("table.sim-droits", ".sim-gros", ".sim-demarches", "h1", f".sim-lettre[data-organisme={others[0]['organisme']}]",
                       ".sim-lettre-imprimee summary", ".sim-lettre-imprimee .sim-lettre-outils"):
            assert page.locator(hidden).first.is_hidden(), hidden
        pdf = page.pdf(format="A4")
        (SHOTS / "lettre-urssaf.pdf").write_bytes(pdf)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= 2, pages
        # After printing, the page is as before: the whole result sheet prints again, without the letters.
        page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
        assert page.locator("table.sim-droits").is_visible() and page.locator(".sim-lettres").is_hidden()
    finally:
        page.emulate_media(media="screen")
