"""Moteur du simulateur « patients partenaires » : standard library only.

It reads the rules compiled to JSON by build_scripts/compile_rules.py (never
YAML) and runs identically in CPython and in the browser through Pyodide.
"""

import json

from .errors import RulesError, SituationError
from .simulate import simulate
from .situation import relevance

__all__ = ["simulate", "simulate_json", "relevance", "load_rules", "SituationError", "RulesError"]
__version__ = "0.1.0"


def load_rules(text):
    """Parse the compiled rules bundle (a JSON string)."""
    try:
        return json.loads(text)
    except ValueError as error:
        raise RulesError(f"fichier de règles illisible : {error}") from None


def simulate_json(rules, request_text):
    """JSON in, JSON out, never raises: the entry point of the browser worker.

    The request is {"situation": {...}, "date": "AAAA-MM-JJ"}; the answer is
    {"ok": true, "resultat": {...}} or {"ok": false, "erreurs": [{"champ", "message"}]}.
    With "action": "pertinence", the answer is {"ok": true, "pertinence": {question id: bool}}:
    which questions the form should show for the answers given so far.
    """
    try:
        request = json.loads(request_text)
        if not isinstance(request, dict):
            raise ValueError
    except ValueError:
        return json.dumps({"ok": False, "erreurs": [{"champ": "requete", "message": "requête illisible"}]})
    if request.get("action") == "pertinence":
        try:
            return json.dumps({"ok": True, "pertinence": relevance(rules["questions"], request.get("situation"))})
        except Exception as error:  # the page must never see an exception
            return json.dumps({"ok": False, "erreurs": [{"champ": "moteur", "message": f"erreur interne du moteur : {error}"}]},
                              ensure_ascii=False)
    try:
        result = simulate(rules, request.get("situation"), request.get("date"))
    except SituationError as error:
        return json.dumps({"ok": False, "erreurs": error.errors}, ensure_ascii=False)
    except Exception as error:  # the page must never see an exception
        return json.dumps({"ok": False, "erreurs": [{"champ": "moteur", "message": f"erreur interne du moteur : {error}"}]},
                          ensure_ascii=False)
    return json.dumps({"ok": True, "resultat": result}, ensure_ascii=False)
