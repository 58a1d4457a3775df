"""JSON in, JSON out: the entry point the browser worker (engine/browser.py) and tests use."""

import json

from .errors import RulesError, SituationError
from .simulate import simulate
from .situation import relevance
from .vocabulary import error


def load_rules(text):
    """Parse the compiled rules bundle (a JSON string)."""
    try:
        return json.loads(text)
    except ValueError as problem:
        raise RulesError(f"fichier de règles illisible : {problem}") from None


def _answer(payload):
    return json.dumps(payload, ensure_ascii=False)


def _failure(*errors):
    return _answer({"ok": False, "erreurs": list(errors)})


def simulate_json(rules, request_text):
    """Answer one request; never raises.

    The request is {"situation": {...}, "date": "AAAA-MM-JJ"}; the answer is
    {"ok": true, "resultat": {...}} or {"ok": false, "erreurs": [{"champ", "code", "message"}]}.
    With "action": "pertinence", the answer is {"ok": true, "pertinence": {question id: bool}}:
    which questions the form should show for the answers given so far.
    An unexpected exception is a bug: it comes back with the code "interne", never as a doubt.
    """
    try:
        request = json.loads(request_text)
        if not isinstance(request, dict):
            raise ValueError
    except ValueError:
        return _failure(error("requete", "requete"))
    try:
        if request.get("action") == "pertinence":
            return _answer({"ok": True, "pertinence": relevance(rules["questions"], request.get("situation"))})
        return _answer({"ok": True, "resultat": simulate(rules, request.get("situation"), request.get("date"))})
    except SituationError as problem:
        return _failure(*problem.errors)
    except Exception as problem:  # the page must never see an exception
        return _failure(error("moteur", "interne", f"erreur interne du moteur : {type(problem).__name__}: {problem}"))
