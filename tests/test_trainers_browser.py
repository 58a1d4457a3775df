"""The trainers' pages in Debian's Chromium (issue 12): a case's training sequence reveals its
answers step by step (keyboard too) and prints on one page; the needs questionnaire composes a
summary of the answers without any request and without storing anything, ready to print, copy or
send by the person's own e-mail. Screenshots go to tests/screenshots/.
"""

import re
from pathlib import Path

import pytest
from guard import guarded_context

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
CASE = "julien-aah-80-mva-150-euros-une-fois"
NEEDS = "besoins/patients-partenaires/"


@pytest.fixture()
def context(browser):
    context = guarded_context(browser, locale="fr-FR", viewport={"width": 1280, "height": 800})
    yield context
    assert context.external_requests == [], context.external_requests
    context.close()


def test_sequence_reveals_step_by_step_with_the_keyboard(context, site_url):
    page = context.new_page()
    page.goto(site_url + f"formation/{CASE}/")
    reveals = page.locator("details")
    summaries = [s.strip() for s in page.locator("details > summary").all_inner_texts()]
    assert summaries[0].startswith("Révéler : ") and summaries[-2:] == ["Révéler : les chiffres",
                                                                        "Révéler : qui prévenir, et quand"]
    assert page.evaluate("() => [...document.querySelectorAll('details')].every((d) => !d.open)"), "rien n'est révélé d'avance"
    figures = page.locator("details", has_text="Révéler : les chiffres")
    assert not figures.locator("table").is_visible()
    # The first answer, opened with the keyboard.
    page.locator("details > summary").first.focus()
    page.keyboard.press("Enter")
    assert reveals.first.evaluate("(d) => d.open")
    assert reveals.nth(1).evaluate("(d) => !d.open"), "une réponse à la fois"
    figures.locator("summary").click()
    assert figures.locator("table").is_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "sequence-formation-1280.png"), full_page=True)
    link = page.get_by_role("link", name="Ouvrir ce cas dans le simulateur, déjà rempli")
    assert re.search(r"simulateur/#s=[A-Za-z0-9_-]+&d=2026-07-01$", link.get_attribute("href"))


def test_every_sequence_prints_on_one_page(context, site_url, rules):
    page = context.new_page()
    counts = {}
    for cid in sorted(rules["cas"]):
        page.goto(site_url + f"formation/{cid}/")
        pdf = page.pdf(format="A4")
        counts[cid] = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        if cid == CASE:
            SHOTS.mkdir(exist_ok=True)
            (SHOTS / f"fiche-formation-{cid}.pdf").write_bytes(pdf)
    assert all(n == 1 for n in counts.values()), {cid: n for cid, n in counts.items() if n != 1}
    # The handout holds the answers, which the screen keeps for the reveal.
    page.goto(site_url + f"formation/{CASE}/")
    page.emulate_media(media="print")
    assert page.locator(".fiche-imprimee").is_visible() and not page.locator(".sequence-ecran").is_visible()
    assert "perdu" in page.locator(".fiche-imprimee").inner_text()


def test_training_path_shows_the_total_time_and_links_every_sequence(context, site_url, rules):
    page = context.new_page()
    page.goto(site_url + "formation/")
    text = page.locator("article").inner_text()
    assert re.search(r"Durée totale : \d h \d\d", text)
    for cid in rules["cas"]:
        assert page.locator(f'article a[href="{cid}/"]').count() >= 1, cid


def test_needs_summary_is_composed_without_any_request_or_storage(context, site_url):
    page = context.new_page()
    page.goto(site_url + NEEDS)
    page.wait_for_load_state("networkidle")
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.get_by_role("checkbox", name="Recherche", exact=True).check()
    page.get_by_role("radio", name="Plus de quatre fois par mois").check()
    story = "On m'a offert des bons d'achat & je n'ai pas su quoi déclarer.\nJ'ai refusé la fois suivante."
    page.get_by_label("Racontez, si vous le souhaitez").fill(story)
    page.get_by_role("button", name="Composer le résumé").click()
    summary = page.locator("#besoins-texte").input_value()
    assert "Quelles activités vous a-t-on déjà proposées ?\n  Recherche" in summary
    assert "Plus de quatre fois par mois" in summary
    assert "On m'a offert des bons d'achat & je n'ai pas su quoi déclarer.\n  J'ai refusé la fois suivante." in summary
    assert "Qu'est-ce qui vous aiderait ?" not in summary, "une question sans réponse n'encombre pas le résumé"
    assert page.locator("#besoins-resume h2").evaluate("(h) => h === document.activeElement")
    # E-mail: to the address the person types, with the summary as its body; nothing of ours.
    mail = page.locator("#besoins-courriel")
    assert mail.get_attribute("href").startswith("mailto:?subject=")
    page.locator("#besoins-destinataire").fill("referent@example.org")
    href = mail.get_attribute("href")
    assert href.startswith("mailto:referent@example.org?subject=")
    assert "bons%20d'achat%20%26%20je" in href and "%0A" in href
    # Copy (the clipboard may be refused headless: then the text is selected for Ctrl+C).
    page.get_by_role("button", name="Copier").click()
    # The copy is asynchronous: its outcome is said in the status area once it is done.
    page.wait_for_function("() => document.getElementById('besoins-etat').textContent.trim() !== ''")
    assert page.locator("#besoins-etat").inner_text().strip()
    page.emulate_media(media="print")
    assert page.locator(".besoins-impression").is_visible() and not page.locator("#besoins-formulaire").is_visible()
    assert "J'ai refusé la fois suivante." in page.locator(".besoins-impression").inner_text()
    page.emulate_media(media="screen")
    page.wait_for_timeout(200)
    assert requests == [], f"aucune requête pendant la composition : {requests}"
    stored = page.evaluate("() => [localStorage.length, sessionStorage.length, document.cookie]")
    assert stored == [0, 0, ""], stored
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "besoins-resume-1280.png"), full_page=True)
