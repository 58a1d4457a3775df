"""Check a situation (flat mapping of question ids to answers) against the questions.

Every problem is collected, each naming its field, so a form can show all the
messages at once next to the fields. `None` (or an absent key) means
"je ne sais pas": the question's safe default is used and recorded as an
assumption; a question without default must then be answered.
"""

import math

from . import fr
from .errors import SituationError
from .expressions import evaluate
from .vocabulary import error

_TRUE = {"oui", "true", "vrai", "1"}
_FALSE = {"non", "false", "faux", "0"}


class AnswersScope:
    """Relevance conditions refer only to earlier answers: the compiler refuses any other namespace."""

    def __init__(self, values):
        self.values = values

    def lookup(self, path):
        return self.values[path[1]]


def _is_relevant(question, values):
    return bool(evaluate(question["si"], AnswersScope(values))) if "si" in question else True


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
    try:
        value = float(raw)
    except OverflowError:  # an integer of hundreds of digits
        return None, "ce nombre est beaucoup trop grand"
    if math.isnan(value) or math.isinf(value):
        return None, "un nombre est attendu" if math.isnan(value) else "ce nombre est beaucoup trop grand"
    if kind == "entier" and not value.is_integer():
        return None, "un nombre entier est attendu"
    unit = f" {question['unite_affichee']}" if question.get("unite_affichee") else ""
    if "min" in question and value < question["min"]:
        return None, f"la valeur doit être au moins {fr.number(question['min'])}{unit}"
    if "max" in question and value > question["max"]:
        return None, f"la valeur doit être au plus {fr.number(question['max'])}{unit}"
    return value, None


def check_situation(questions, situation):
    """Return (values, assumptions) or raise SituationError listing every problem."""
    if not isinstance(situation, dict):
        raise SituationError([error("situation", "invalide", "la situation doit être un ensemble de réponses (champ : valeur)")])
    known = {q["id"] for q in questions}
    errors = [error(str(key), "inconnu", "champ inconnu : ce n'est pas une des questions du simulateur")
              for key in situation if key not in known]
    values, assumptions = {}, []
    for question in questions:
        qid = question["id"]
        raw = situation.get(qid)
        if not _is_relevant(question, values):
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
                errors.append(error(qid, "obligatoire"))
            continue
        value, message = _convert(question, raw)
        if message:
            values[qid] = neutral_value(question)
            errors.append(error(qid, "invalide", message))
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
    situation = situation if isinstance(situation, dict) else {}
    for question in questions:
        relevant = _is_relevant(question, values)
        shown[question["id"]] = relevant
        value, message = (None, "absent")
        raw = situation.get(question["id"])
        if relevant and raw is not None and not (isinstance(raw, str) and raw.strip() == ""):
            value, message = _convert(question, raw)
        values[question["id"]] = value if not message else neutral_value(question)
    return shown
