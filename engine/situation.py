"""Check a situation (flat mapping of question ids to answers) against the questions.

Every problem is collected, each naming its field, so a form can show all the
messages at once next to the fields. `None` (or an absent key) means
"je ne sais pas": the question's safe default is used and recorded as an
assumption; a question without default must then be answered.
"""

import math

from .errors import SituationError
from .expressions import EvaluationError, evaluate

_TRUE = {"oui", "true", "vrai", "1"}
_FALSE = {"non", "false", "faux", "0"}


class _InputScope:
    def __init__(self, values):
        self.values = values

    def lookup(self, path):
        # Relevance conditions only refer to earlier questions (checked at build time).
        return self.values[path[1]]


def neutral_value(question):
    """Value of a question that does not apply to this person."""
    if "defaut" in question:
        return question["defaut"]
    return {"booleen": False, "choix": ""}.get(question["type"], 0.0)


def _convert(question, raw):
    """Return (value, error message or None)."""
    kind = question["type"]
    if kind == "booleen":
        if isinstance(raw, bool):
            return raw, None
        if isinstance(raw, str) and raw.strip().lower() in _TRUE | _FALSE:
            return raw.strip().lower() in _TRUE, None
        return None, "répondez par oui ou par non"
    if kind == "choix":
        allowed = [c["valeur"] for c in question["choix"]]
        if isinstance(raw, str) and raw in allowed:
            return raw, None
        labels = ", ".join(f"« {c['valeur']} »" for c in question["choix"])
        return None, f"choisissez une des réponses proposées ({labels})"
    # Numbers: accept the French decimal comma and spaces typed in a form.
    if isinstance(raw, bool):
        return None, "un nombre est attendu"
    if isinstance(raw, str):
        text = raw.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            raw = float(text)
        except ValueError:
            return None, "un nombre est attendu (par exemple 150 ou 150,50)"
    if not isinstance(raw, (int, float)) or isinstance(raw, bool):
        return None, "un nombre est attendu"
    value = float(raw)
    if math.isnan(value) or math.isinf(value):
        return None, "un nombre est attendu"
    if kind == "entier" and not value.is_integer():
        return None, "un nombre entier est attendu"
    unit = f" {question['unite_affichee']}" if question.get("unite_affichee") else ""
    if "min" in question and value < question["min"]:
        return None, f"la valeur doit être au moins {_fmt(question['min'])}{unit}"
    if "max" in question and value > question["max"]:
        return None, f"la valeur doit être au plus {_fmt(question['max'])}{unit}"
    return value, None


def _fmt(number):
    return str(int(number)) if float(number).is_integer() else str(number).replace(".", ",")


def check_situation(questions, situation):
    """Return (values, assumptions) or raise SituationError listing every problem."""
    if not isinstance(situation, dict):
        raise SituationError([{"champ": "situation", "message": "la situation doit être un ensemble de réponses (champ : valeur)"}])
    known = {q["id"] for q in questions}
    errors = [
        {"champ": str(key), "message": "champ inconnu : ce n'est pas une des questions du simulateur"}
        for key in situation
        if key not in known
    ]
    values, assumptions = {}, []
    scope = _InputScope(values)
    for question in questions:
        qid = question["id"]
        try:
            relevant = bool(evaluate(question["si"], scope)) if "si" in question else True
        except (EvaluationError, KeyError, TypeError):
            relevant = False
        raw = situation.get(qid)
        if not relevant:
            values[qid] = neutral_value(question)
            continue
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            if "defaut" in question:
                values[qid] = question["defaut"]
                assumptions.append({
                    "champ": qid,
                    "libelle": question["libelle"],
                    "valeur": question["defaut"],
                    "explication": question.get("defaut_explication", ""),
                })
            else:
                values[qid] = neutral_value(question)
                errors.append({"champ": qid, "message": "réponse obligatoire"})
            continue
        value, message = _convert(question, raw)
        if message:
            values[qid] = neutral_value(question)
            errors.append({"champ": qid, "message": message})
        else:
            values[qid] = value
    if errors:
        raise SituationError(errors)
    return values, assumptions


def relevance(questions, situation):
    """Which questions apply to this (possibly incomplete or invalid) situation: {id: bool}.

    Used by the form to show only the relevant questions; never raises.
    """
    values, shown = {}, {}
    scope = _InputScope(values)
    situation = situation if isinstance(situation, dict) else {}
    for question in questions:
        try:
            relevant = bool(evaluate(question["si"], scope)) if "si" in question else True
        except (EvaluationError, KeyError, TypeError):
            relevant = False
        shown[question["id"]] = relevant
        value, message = (None, "absent")
        raw = situation.get(question["id"])
        if relevant and raw is not None and not (isinstance(raw, str) and raw.strip() == ""):
            value, message = _convert(question, raw)
        values[question["id"]] = value if not message else neutral_value(question)
    return shown
