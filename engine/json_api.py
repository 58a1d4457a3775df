"""JSON in, JSON out: the entry point the browser worker (engine/browser.py) and tests use."""

import json

from .compare import compare_forms
from .errors import RulesError, SituationError
from .simulate import Simulator
from .situation import relevance
from .thresholds import thresholds
from .vocabulary import error

# The decision aids computed from the same situation (issue 11), each under its key in the answer.
ACTIONS = {"comparer": ("comparaison_formes", compare_forms), "seuils": ("seuils", thresholds)}
_SIMULATORS = {}  # (id(rules), date) -> (rules, Simulator): the main result, the comparison and the
# thresholds of one situation share the scenario without payment (engine.simulate.Simulator)
_KEEP = 4


def _simulator(rules, date):
    if not isinstance(date, str):
        return Simulator(rules, date)  # refuses the date, in French
    known = _SIMULATORS.get((id(rules), date))
    if known is None or known[0] is not rules or len(known[1].before) > 256:
        if len(_SIMULATORS) >= _KEEP:
            _SIMULATORS.clear()
        known = _SIMULATORS[(id(rules), date)] = (rules, Simulator(rules, date))
    return known[1]


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


def _result(rules, request):
    """The main result; with "pertinence": true, the relevance of the questions comes with it (also
    when the answers are refused: the form needs it to show the right questions)."""
    options = {key: request.get(key, default) for key, default in (("traces", True), ("lettres", True), ("pertinence", False))}
    for key, value in options.items():
        if not isinstance(value, bool):
            return _failure(error(key, "requete", f"« {key} » doit valoir true ou false"))
    situation = request.get("situation")
    extra = {"pertinence": relevance(rules["questions"], situation)} if options["pertinence"] else {}
    try:
        result = _simulator(rules, request.get("date")).run(situation, trace=options["traces"], letters_text=options["lettres"])
        return _answer({"ok": True, "resultat": result, **extra})
    except SituationError as problem:
        return _answer({"ok": False, "erreurs": problem.errors, **extra})


def simulate_json(rules, request_text):
    """Answer one request; never raises.

    The request is {"situation": {...}, "date": "AAAA-MM-JJ"}; the answer is
    {"ok": true, "resultat": {...}} or {"ok": false, "erreurs": [{"champ", "code", "message"}]}.
    With "action": "pertinence", the answer is {"ok": true, "pertinence": {question id: bool}}:
    which questions the form should show for the answers given so far. With "traces": false, the
    result leaves out the calculation steps (each right's "trace" lists are empty; everything else is
    the same): the page asks for them only when the person opens them; with "lettres": false, each
    letter of "courriers" is only its "organisme", "nom", "modele" and "titre". With "pertinence": true, the
    answer also holds "pertinence" (as below), whether the answers are accepted or not.
    With "action": "comparer" or "seuils" (same request otherwise), the answer is
    {"ok": true, "comparaison_formes": {...}} (engine/compare.py) or {"ok": true, "seuils": {...}}
    (engine/thresholds.py).
    An unexpected exception is a bug: it comes back with the code "interne", never as a doubt.
    """
    try:
        request = json.loads(request_text)
        if not isinstance(request, dict):
            raise ValueError
    except ValueError:
        return _failure(error("requete", "requete"))
    try:
        action = request.get("action")
        if action == "pertinence":
            return _answer({"ok": True, "pertinence": relevance(rules["questions"], request.get("situation"))})
        if action is not None and action not in ACTIONS:
            return _failure(error("action", "requete", f"action inconnue : « {action} » (pertinence, comparer ou seuils)"))
        if action is None:
            return _result(rules, request)
        simulator = _simulator(rules, request.get("date"))
        situation = request.get("situation")
        if not isinstance(situation, dict):
            simulator.run(situation)  # raises the same French error as the main result
        key, compute = ACTIONS[action]
        return _answer({"ok": True, key: compute(rules, situation, request.get("date"), simulator)})
    except SituationError as problem:
        return _failure(*problem.errors)
    except Exception as problem:  # the page must never see an exception
        return _failure(error("moteur", "interne", f"erreur interne du moteur : {type(problem).__name__}: {problem}"))
