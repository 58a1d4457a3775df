"""Simulate the effect of a payment on every right of a person.

Each right is computed twice from the same compiled steps: in the scenario
"avant" (no payment: every payment amount is zero) and in the scenario
"apres" (with the payment, counted as its payment form says). The difference,
the status, the notifications, the steps to take and the trace of both
computations come from the rules; this module only walks them.
"""

import datetime
import re

from .errors import RulesError, SituationError
from .expressions import EvaluationError, evaluate
from .parameters import ParameterDateError, value_at
from .situation import check_situation

BUNDLE_FORMAT = 1
SEVERITY_ORDER = {"danger": 0, "attention": 1, "info": 2}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Scenario:
    def __init__(self, name, payment):
        self.name = name
        self.payment = payment  # {"forme", "activite", "mois": {...}, "trimestre": {...}, "annee": {...}}
        self.steps = {}  # right id -> {step name: value}


class _Scope:
    """Resolves ["ref", ...] paths for one formula evaluation."""

    def __init__(self, run, scenario, right_id=None, local=None):
        self.run = run
        self.scenario = scenario
        self.right_id = right_id
        self.local = local or {}

    def lookup(self, path):
        namespace = path[0]
        if namespace == "input":
            return self.run.inputs[path[1]]
        if namespace == "param":
            return self.run.parameter(path[1])
        if namespace == "step":
            return self._step(self.scenario, self.right_id, path[1])
        if namespace == "droit":
            return self._step(self.scenario, path[1], path[2])
        if namespace == "avant":
            return self._step(self.run.scenarios["avant"], self.right_id, path[1])
        if namespace == "paiement":
            if len(path) == 2:
                return self.scenario.payment[path[1]]
            return self.scenario.payment[path[1]][path[2]]
        if namespace == "date":
            return self.run.date
        if namespace == "local":
            return self.local[path[1]]
        raise EvaluationError(f"référence inconnue : {'.'.join(path)}")

    @staticmethod
    def _step(scenario, right_id, step):
        values = scenario.steps.get(right_id)
        if values is None:
            raise EvaluationError(f"le droit {right_id} n'est pas encore calculé")
        if step not in values:
            # A right that does not apply to the person counts as zero for the others.
            if values.get("__non_applicable__"):
                return 0.0
            raise EvaluationError(f"l'étape {right_id}.{step} n'a pas pu être calculée")
        return values[step]


class _Run:
    """State of one simulation: inputs, date, parameter cache and what was used."""

    def __init__(self, rules, inputs, date):
        self.rules = rules
        self.inputs = inputs
        self.date = date
        self.scenarios = {}
        self.used_parameters = {}  # parameter id -> entry used, for the trace
        self.warnings = []  # parameter warnings ("a_verifier") met during the current evaluation

    def parameter(self, parameter_id):
        value, entry, warning = value_at(parameter_id, self.rules["parametres"][parameter_id], self.date)
        self.used_parameters[parameter_id] = {"valeur": value, "depuis": entry["depuis"], "source": entry.get("source")}
        if warning and warning not in self.warnings:
            self.warnings.append(warning)
        return value


def _round(value):
    return None if value is None else round(float(value) + 0.0, 2) + 0.0


def _render(text_parts, scope):
    """Render a compiled text: a list of strings and formula trees."""
    out = []
    for part in text_parts:
        if isinstance(part, str):
            out.append(part)
        else:
            out.append(format_number(evaluate(part, scope)))
    return "".join(out)


def format_number(value):
    """French formatting: 1 234,56 (no decimals for whole numbers)."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, str):
        return value
    number = float(value)
    if abs(number - round(number)) < 0.005:
        text = f"{round(number):,}"
    else:
        text = f"{number:,.2f}"
    return text.replace(",", "\u202f").replace(".", ",")


def _payment(run, scenario_name):
    """The payment as each period sees it, or zeros in the scenario without payment."""
    rules = run.rules
    bases = rules["paiement"]["assiettes"]
    if scenario_name == "avant":
        zeros = {name: 0.0 for name in bases}
        return {"forme": "aucune", "activite": False, "mois": dict(zeros), "trimestre": dict(zeros), "annee": dict(zeros)}
    form_id = run.inputs[rules["paiement"]["question_forme"]]
    form = rules["formes"][form_id]
    scope = _Scope(run, None)
    payment = {"forme": form_id, "activite": True}
    for period, tree in rules["paiement"]["periodes"].items():
        values = {"montant": float(evaluate(tree, scope)), "periode": period}
        local_scope = _Scope(run, None, local=values)
        for name, formula in form["assiettes"]:  # in file order: later ones may use earlier ones
            values[name] = float(evaluate(formula, local_scope))
        payment[period] = {name: values.get(name, 0.0) for name in bases}
    return payment


def _evaluate_right(run, scenario, right_id, right):
    """Compute every step of a right in a scenario; return its trace."""
    values = {}
    scenario.steps[right_id] = values
    trace = []
    for step in right["etapes"]:
        run.used_parameters = {}
        value = evaluate(step["formule"], _Scope(run, scenario, right_id))
        if isinstance(value, bool):
            value = bool(value)
        elif isinstance(value, (int, float)):
            value = float(value)
        values[step["nom"]] = value
        trace.append({
            "etape": step["nom"],
            "libelle": step["libelle"],
            "valeur": value,
            "formule": step["formule_texte"],
            "parametres": [
                {"id": pid, "libelle": run.rules["parametres"][pid]["libelle"], **used}
                for pid, used in sorted(run.used_parameters.items())
            ],
        })
    return trace


def _first_text(items, scope):
    for item in items:
        if "si" not in item or evaluate(item["si"], scope):
            return _render(item["texte"], scope)
    return ""


def _default_status(right, before, after):
    if before is None or after is None:
        return "inchangé"
    if abs(after - before) < 0.005:
        return "inchangé"
    if after > before:
        return "augmenté"
    if after < 0.005:
        return right.get("si_nul", "perdu")
    return "réduit"


def _valid_date(date):
    if not isinstance(date, str) or not _ISO_DATE.match(date):
        return False
    try:
        datetime.date.fromisoformat(date)
    except ValueError:
        return False
    return True


def simulate(rules, situation, date):
    """Simulate `situation` (dict of answers) at ISO `date`; see the README for the result's shape.

    Raises SituationError (every invalid field, in French) on bad input, and on a
    date for which a figure the computation needs is not known.
    """
    try:
        return _simulate(rules, situation, date)
    except ParameterDateError as error:
        raise SituationError([{"champ": "date", "message": f"date non couverte par les règles : {error}"}]) from None


def _simulate(rules, situation, date):
    if not isinstance(rules, dict) or rules.get("format") != BUNDLE_FORMAT:
        raise RulesError("le fichier de règles compilées n'a pas le format attendu")
    if not _valid_date(date):
        raise SituationError([{"champ": "date", "message": "date attendue au format AAAA-MM-JJ"}])
    if date < rules["date_min"]:
        raise SituationError([{
            "champ": "date",
            "message": f"les règles couvrent les dates à partir du {rules['date_min']} seulement",
        }])
    inputs, assumptions = check_situation(rules["questions"], situation)
    run = _Run(rules, inputs, date)

    results = {}
    for right_id in rules["ordre_droits"]:
        results[right_id] = {"warnings": [], "errors": []}
    for scenario_name in ("avant", "apres"):
        run.warnings = []
        scenario = _Scenario(scenario_name, _payment(run, scenario_name))
        run.scenarios[scenario_name] = scenario
        for right_id in rules["ordre_droits"]:
            right = rules["droits"][right_id]
            state = results[right_id]
            run.warnings = []
            try:
                if "applicable" in right and not evaluate(right["applicable"], _Scope(run, scenario, right_id)):
                    scenario.steps[right_id] = {"__non_applicable__": True}
                    state["non_applicable"] = True
                    continue
                state["trace_" + scenario_name] = _evaluate_right(run, scenario, right_id, right)
            except ParameterDateError:
                raise
            except (EvaluationError, TypeError, KeyError, ValueError, ZeroDivisionError) as error:
                scenario.steps[right_id] = {"__non_applicable__": False}
                state["errors"].append(str(error))
            for warning in run.warnings:
                if warning not in state["warnings"]:
                    state["warnings"].append(warning)

    form_id = inputs[rules["paiement"]["question_forme"]]
    form = rules["formes"][form_id]
    after = run.scenarios["apres"]
    droits, all_alerts, all_steps = {}, [], []
    total_change_per_year = 0.0
    for right_id in rules["ordre_droits"]:
        state = results[right_id]
        if state.get("non_applicable"):
            continue
        right = rules["droits"][right_id]
        droits[right_id] = entry = _right_result(run, right_id, right, state, form, after)
        for alert in entry["alertes"]:
            all_alerts.append({**alert, "droit": right_id})
        for step in entry["demarches"]:
            all_steps.append({**step, "droit": right_id})
        if entry["difference"] is not None:
            total_change_per_year += entry["difference"] * entry["duree_effet_mois"]

    scope = _Scope(run, after)
    for step in form.get("demarches", []):
        if "si" not in step or evaluate(step["si"], scope):
            all_steps.append({"organisme": step["organisme"], "quoi": _render(step["quoi"], scope),
                              "quand": _render(step["quand"], scope), "droit": None})
    net_per_year = after.payment["annee"]["net_percu"]
    all_alerts.sort(key=lambda a: SEVERITY_ORDER[a["gravite"]])
    gain_per_year = net_per_year + total_change_per_year
    return {
        "date": date,
        "regles": {"version": rules["version"], "verifie_le": rules["verifie_le"]},
        "paiement": {
            "forme": form_id,
            "forme_nom": form["nom"],
            "brut_mensuel": _round(after.payment["annee"]["brut"] / 12),
            "net_mensuel": _round(net_per_year / 12),
            "brut_annuel": _round(after.payment["annee"]["brut"]),
            "net_annuel": _round(net_per_year),
            "assiettes": {period: {k: _round(v) for k, v in after.payment[period].items()} for period in ("mois", "trimestre", "annee")},
        },
        "droits": droits,
        "gain_annuel": _round(gain_per_year),
        "gain_mensuel": _round(gain_per_year / 12),
        "alertes": all_alerts,
        "demarches": all_steps,
        "hypotheses": assumptions,
    }


def _right_result(run, right_id, right, state, form, after):
    effect = form["effets"].get(right_id, {})
    alerts, steps = [], []
    status = None
    before_value = after_value = None
    duration, timing = 12.0, ""
    scope = _Scope(run, after, right_id)
    run.warnings = list(state["warnings"])  # doubts met in the steps, plus those met below
    if state["errors"]:
        status = "à vérifier"
        alerts.append({
            "gravite": "attention",
            "texte": "Ce droit n'a pas pu être calculé pour cette situation ("
                     + "; ".join(dict.fromkeys(state["errors"]))
                     + f"). À vérifier auprès de : {_body_name(run, right['verse_par'])}.",
            "organisme": right["verse_par"],
        })
    else:
        if "montant" in right:
            before_value = _round(run.scenarios["avant"].steps[right_id][right["montant"]])
            after_value = _round(after.steps[right_id][right["montant"]])
        for rule in right.get("statuts", []):
            if evaluate(rule["si"], scope):
                status = rule["statut"]
                break
        for alert in right.get("alertes", []):
            if evaluate(alert["si"], scope):
                alerts.append({"gravite": alert["gravite"], "texte": _render(alert["texte"], scope),
                               "organisme": alert.get("organisme")})
        for step in right.get("demarches", []):
            if "si" not in step or evaluate(step["si"], scope):
                steps.append({"organisme": step["organisme"], "quoi": _render(step["quoi"], scope),
                              "quand": _render(step["quand"], scope)})
        if "duree_effet_mois" in right:
            duration = float(evaluate(right["duree_effet_mois"], scope))
        timing = _first_text(right.get("effet", []), scope)
    if effect.get("compte") == "a_verifier":
        alerts.append({
            "gravite": "attention",
            "texte": f"À vérifier auprès de : {_body_name(run, effect.get('organisme', right['verse_par']))}. {effect['texte']}",
            "organisme": effect.get("organisme", right["verse_par"]),
        })
        status = status or "à vérifier"
    changed = before_value is not None and abs(after_value - before_value) >= 0.005
    for warning in run.warnings:
        # A doubtful figure matters to the person only if the payment changes this right.
        if not changed and not state["errors"]:
            continue
        alerts.append({
            "gravite": "attention",
            "texte": f"À vérifier auprès de : {_body_name(run, warning.get('organisme') or right['verse_par'])}. "
                     f"{warning['texte'].strip()} (valeur utilisée : {format_number(warning['valeur_retenue'])})",
            "organisme": warning.get("organisme") or right["verse_par"],
        })
        status = status or "à vérifier"
    if status is None:
        status = _default_status(right, before_value, after_value)
    difference = None if before_value is None else _round(after_value - before_value)
    return {
        "nom": right["nom"],
        "sigle": right.get("sigle", ""),
        "verse_par": right["verse_par"],
        "decide_par": right["decide_par"],
        "avant": before_value,
        "apres": after_value,
        "difference": difference,
        "statut": status,
        "effet": timing,
        "duree_effet_mois": duration,
        "traitement_paiement": {"compte": effect.get("compte", "non"), "texte": effect.get("texte", "")},
        "alertes": sorted(alerts, key=lambda a: SEVERITY_ORDER[a["gravite"]]),
        "demarches": steps,
        "trace": {"avant": state.get("trace_avant", []), "apres": state.get("trace_apres", [])},
    }


def _body_name(run, body_id):
    body = run.rules["organismes"].get(body_id)
    return body["nom"] if body else body_id
