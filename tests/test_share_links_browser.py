"""The simulator survives any share link (truncated, edited, hostile, from an older rules version).

Each link is opened in Chromium: no page error, the engine becomes ready (the status is not stuck
on loading), no script of the link runs, a link that cannot be read at all is explained in the
status area, and the valid answers of a partly wrong link are in the form.
Fails (never skips) without chromium or the built site (conftest.py).
"""

import base64
import json

import pytest
from guard import guarded_context

READY = "() => window.__simulateur && window.__simulateur.engine"
NOT_LOADING = "() => document.getElementById('sim-etat').classList.contains('sim-etat-pret')"
BROKEN = "Ce lien de calcul est incomplet ou abîmé"
PWN = "window.__pwned=1"


def b64(data):
    text = data if isinstance(data, str) else json.dumps(data)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def nested(depth):
    return "[" * depth + "]" * depth


VALID = b64({"paiement_montant": 250, "pi_categorie": "categorie_1"})
# (fragment, expected notice or None, {field selector: expected value} kept from the link)
LINKS = [
    ("s=" + VALID[: len(VALID) // 2 + 1], BROKEN, {}),                               # truncated base64
    ("s=%%%***!!!", BROKEN, {}),                                                     # invalid base64
    ("s=" + b64("pas du JSON {"), BROKEN, {}),                                       # base64 of non-JSON
    ("s=" + b64([1, 2, 3]), BROKEN, {}),                                             # a JSON array
    ("s=" + b64("null"), BROKEN, {}),                                                # JSON null
    ("s=" + b64(nested(100_000)), BROKEN, {}),                                       # huge nesting
    ("s=" + b64('{"paiement_montant": ' + nested(5000) + "}"), None, {}),            # deep value of a question
    ("s=" + b64('{"__proto__": {"polluted": 1}, "constructor": {"prototype": 1}, "paiement_montant": 80}'),
     None, {"#f-paiement_montant": "80"}),                                           # prototype keys
    ("s=" + b64({"paiement_montant": "9" * 100_000}), None, {}),                     # 100 000 characters
    ("s=" + b64({"question_disparue": True, "paiement_montant": 120}), "ignorées",
     {"#f-paiement_montant": "120"}),                                                # unknown question ids
    ("s=" + b64({"paiement_montant": [1], "pi_categorie": 42, "nb_enfants": {"a": 1}, "pi_montant": 950,
         "paiement_nombre": {"toString": 1}}),
     None, {"#f-pi_montant": "950"}),                                                # wrong types
    ("s=" + VALID + "&d=9999-99-99", BROKEN, {"#f-paiement_montant": "250"}),        # impossible date
    ("s=" + b64({"paiement_montant": f"<script>{PWN}</script>", "pi_montant": f"javascript:{PWN}",
                 "pi_categorie": f'"><img src=x onerror="{PWN}">'}), None, {}),      # markup and javascript:
    ("s=" + VALID + "&d=<script>" + PWN + "</script>", BROKEN, {"#f-paiement_montant": "250"}),
    ("s=", BROKEN, {}),                                                              # empty
]


@pytest.fixture(scope="module")
def context(browser):
    context = guarded_context(browser, locale="fr-FR", timezone_id="Europe/Paris")
    yield context
    assert context.external_requests == []
    context.close()


@pytest.mark.parametrize("fragment,notice,kept", LINKS, ids=[str(i) for i in range(len(LINKS))])
def test_page_survives_share_link(context, site_url, fragment, notice, kept):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{site_url}simulateur/#{fragment}")
        page.wait_for_function(READY, timeout=60_000)
        page.wait_for_function(NOT_LOADING, timeout=30_000)
        page.wait_for_function("() => window.__simulateur.settled()", timeout=30_000)
        status = page.locator("#sim-etat").inner_text()
        if notice:
            assert notice in status, status
        else:
            assert BROKEN not in status, status
        for selector, value in kept.items():
            assert page.locator(selector).input_value() == value
        assert page.evaluate("() => window.__pwned === undefined && ({}).polluted === undefined")
        assert errors == []
    finally:
        page.close()
