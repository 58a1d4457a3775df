"""A choice computed ahead (simulateur.js): while a person presses a choice, the page asks the engine
for the answers as they will be once it is clicked, so that the click draws its result at once.

- Pressing (mouse button, finger, space bar) asks for the pressed answers and shows nothing new; the click
  then asks for nothing more and its result is on the page before the click's event has finished.
- A request made ahead is only used for exactly its answers: a press let go elsewhere, then another
  answer changed, gives the result of the answers in the form.
Fails (never skips) without chromium or the built site (conftest.py).
"""

import json

import engine
import pytest
from engine.share import encode_share
from guard import guarded_context

DATE = "2025-06-01"
SITUATION = {
    "paiement_forme": "salaire", "paiement_montant": 150, "paiement_nombre": 1, "paiement_periodicite": "une_fois",
    "paiement_employeur_public": False, "a_autre_activite": False, "percoit_pension_invalidite": False,
    "percoit_aah": True, "aah_taux_incapacite": "au_moins_80", "aah_activite_recente": True, "percoit_mva": True,
}
# Every request the page sends to a worker; and, at each input event, whether the page already showed
# the result of the new answers when the event's listeners (and their microtasks) had all run.
SPY = """() => {
    window.__demandes = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message, ...rest) { window.__demandes.push(message.request); return post.call(this, message, ...rest); };
    window.__auClic = [];
    window.addEventListener("input", () => window.__auClic.push(window.__simulateur.settled()));
}"""
RESULT_REQUESTS = "() => window.__demandes.filter((request) => request && !('action' in request))"
# Once the worker has answered this, it has answered every request sent before (one at a time, in order).
WORKER_CAUGHT_UP = "() => window.__simulateur.simulate({action: 'pertinence', situation: {}})"


def _rules(site_dir):
    manifest = json.loads((site_dir / "assets" / "data" / "manifest.json").read_text(encoding="utf-8"))
    return engine.load_rules((site_dir / "assets" / "data" / manifest["regles"]).read_text(encoding="utf-8"))


def _gain(rules, situation):
    answer = json.loads(engine.simulate_json(rules, json.dumps({"situation": situation, "date": DATE})))
    return answer["resultat"]["gain_mensuel"]


def _open(browser, site_url, **options):
    context = guarded_context(browser, locale="fr-FR", timezone_id="Europe/Paris", **options)
    page = context.new_page()
    page.goto(site_url + "simulateur/" + encode_share(SITUATION, DATE))
    page.wait_for_function("() => window.__simulateur && window.__simulateur.settled()", timeout=60_000)
    page.locator("#sim-modifier").click()  # the link opens on its result: show the form
    page.evaluate(SPY)
    return context, page


def _shown_gain(page):
    return float(page.locator("#sim-resultat .sim-gros").get_attribute("data-gain-mensuel"))


@pytest.mark.parametrize("way", ["souris", "clavier", "doigt"])
def test_a_pressed_choice_is_computed_ahead_and_its_click_shows_it_at_once(browser, site_url, site_dir, way):
    rules = _rules(site_dir)
    phone = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True} if way == "doigt" else {}
    context, page = _open(browser, site_url, **phone)
    try:
        before = page.evaluate("() => window.__simulateur.readSituation()")  # the link's answers, the boxes unticked too
        without_mva = {**before, "percoit_mva": False}
        assert _gain(rules, without_mva) != _gain(rules, before)  # the click changes the result shown
        choice = page.locator("input[name=percoit_mva][value=non]")
        choice.scroll_into_view_if_needed()
        box = choice.locator("xpath=..").bounding_box()  # its label
        point = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
        if way == "souris":
            page.mouse.move(point["x"], point["y"])
            page.mouse.down()
        elif way == "doigt":  # the finger down, then up (Playwright's tap does both at once)
            touch = context.new_cdp_session(page)
            touch.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [point]})
        else:
            choice.focus()
            page.keyboard.down(" ")
        page.evaluate(WORKER_CAUGHT_UP)
        # Pressed: the answers as they will be are asked for; the form and the result are unchanged.
        asked = page.evaluate(RESULT_REQUESTS)
        assert [request["situation"] for request in asked] == [without_mva]
        assert page.evaluate("() => window.__simulateur.readSituation().percoit_mva") is True
        assert _shown_gain(page) == pytest.approx(_gain(rules, before))
        assert page.evaluate("() => window.__auClic") == []
        if way == "souris":
            page.mouse.up()
        elif way == "doigt":
            touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        else:
            page.keyboard.up(" ")
        # The click: its result was on the page when its input event ended, and nothing more was asked.
        page.wait_for_function("() => window.__auClic.length > 0")  # a tap's click follows the finger's lift
        assert page.evaluate("() => window.__auClic") == [True]
        assert _shown_gain(page) == pytest.approx(_gain(rules, without_mva))
        page.evaluate(WORKER_CAUGHT_UP)
        assert len(page.evaluate(RESULT_REQUESTS)) == 1
    finally:
        context.close()


def test_a_request_made_ahead_serves_only_its_own_answers(browser, site_url, site_dir):
    rules = _rules(site_dir)
    context, page = _open(browser, site_url)
    try:
        before = page.evaluate("() => window.__simulateur.readSituation()")
        choice = page.locator("input[name=percoit_mva][value=non]")
        choice.scroll_into_view_if_needed()
        box = choice.locator("xpath=..").bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        # A right click changes no answer: nothing is asked for.
        page.mouse.down(button="right")
        page.mouse.up(button="right")
        page.keyboard.press("Escape")  # the browser's menu, if any
        page.evaluate(WORKER_CAUGHT_UP)
        assert page.evaluate(RESULT_REQUESTS) == []
        # Pressed, then let go elsewhere: no click, the result shown stays that of the form.
        page.mouse.down()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] - 200)
        page.mouse.up()
        page.evaluate(WORKER_CAUGHT_UP)
        assert page.evaluate("() => window.__auClic") == []
        assert _shown_gain(page) == pytest.approx(_gain(rules, before))
        # Another answer changes, then the same choice is clicked: its answers are not the ones
        # computed ahead (the amount differs), so they are computed again.
        amount = page.locator("#f-paiement_montant")
        amount.fill("900")
        page.wait_for_function("() => window.__simulateur.settled() && window.__simulateur.readSituation().paiement_montant === 900")
        assert _shown_gain(page) == pytest.approx(_gain(rules, {**before, "paiement_montant": 900}))
        page.locator("input[name=percoit_mva][value=non]").check()
        page.wait_for_function("() => window.__simulateur.settled() && window.__simulateur.readSituation().percoit_mva === false")
        expected = {**before, "paiement_montant": 900, "percoit_mva": False}
        assert _gain(rules, expected) != _gain(rules, {**before, "percoit_mva": False})
        assert _shown_gain(page) == pytest.approx(_gain(rules, expected))
        assert page.evaluate(RESULT_REQUESTS)[-1]["situation"] == expected
    finally:
        context.close()
