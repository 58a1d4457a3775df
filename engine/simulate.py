"""Simulate the effect of a payment on every right of a person.

Each right is computed twice from the same compiled steps: in the scenario "avant" (no
payment: every payment amount is zero) and in the scenario "apres" (with the payment, counted
as its payment form says). engine/outcome.py then turns both computations into the result of
each right. The shape of the result is described in docs/contribuer/architecture.md.
"""

import datetime
import re

from . import fr
from .errors import RulesError, SituationError
from .expressions import evaluate
from .letters import letters
from .outcome import assemble
from .parameters import ParameterDateError, hard_limit, last_known
from .run import NOT_APPLICABLE, Run, Scenario, Scope
from .situation import check_situation
from .vocabulary import BUNDLE_FORMAT, error

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _payment(run, scenario_name):
    """The payment as each period sees it, or zeros in the scenario without payment."""
    rules = run.rules
    bases = rules["paiement"]["assiettes"]
    if scenario_name == "avant":
        zeros = {name: 0.0 for name in bases}
        return {"forme": "aucune", "activite": False, "mois": dict(zeros), "trimestre": dict(zeros), "annee": dict(zeros)}
    form_id = run.inputs[rules["paiement"]["question_forme"]]
    form = rules["formes"][form_id]
    payment = {"forme": form_id, "activite": True}
    for period, tree in rules["paiement"]["periodes"].items():
        values = {"montant": float(evaluate(tree, Scope(run, None))), "periode": period}
        local_scope = Scope(run, None, local=values)
        for name, formula in form["assiettes"]:  # in file order: later ones may use earlier ones
            values[name] = float(evaluate(formula, local_scope))
        payment[period] = {name: values.get(name, 0.0) for name in bases}
    return payment


def _compute_right(run, scenario, right_id, right):
    """Compute every step of a right in a scenario; return its trace."""
    values = {}
    scenario.values[right_id] = values
    trace = []
    for step in right["etapes"]:
        run.used_parameters = {}
        value = evaluate(step["formule"], Scope(run, scenario, right_id))
        value = bool(value) if isinstance(value, bool) else float(value) if isinstance(value, (int, float)) else value
        values[step["nom"]] = value
        trace.append({
            "etape": step["nom"],
            "libelle": step["libelle"],
            "valeur": value,
            # The step as a plain French sentence; its formula is for editors (the right's page).
            "texte": f"{step['libelle']} : {fr.with_unit(value, step.get('unite'))}",
            "parametres": [
                {"id": pid, "libelle": run.rules["parametres"][pid]["libelle"], **used}
                for pid, used in sorted(run.used_parameters.items())
            ],
        })
    return trace


def valid_date(date):
    if not isinstance(date, str) or not _ISO_DATE.match(date):
        return False
    try:
        datetime.date.fromisoformat(date)
    except ValueError:
        return False
    return True


def simulate(rules, situation, date):
    """Simulate `situation` (dict of answers) at ISO `date`.

    Raises SituationError (every invalid field, in French) on bad input, and on a date for
    which a figure the computation needs is not known. Any other exception is a bug.
    """
    if not isinstance(rules, dict) or rules.get("format") != BUNDLE_FORMAT:
        raise RulesError("le fichier de règles compilées n'a pas le format attendu")
    if not valid_date(date):
        raise SituationError([error("date", "date", "date attendue au format AAAA-MM-JJ")])
    if date < rules["date_min"]:
        raise SituationError([error("date", "date", f"les règles couvrent les dates à partir du {rules['date_min']} seulement")])
    if date > hard_limit(rules):
        raise SituationError([error("date", "date", f"date trop lointaine : les derniers montants connus datent du "
                                                    f"{fr.date(last_known(rules))} ; le simulateur calcule jusqu'au "
                                                    f"{fr.date(hard_limit(rules))} au plus tard")])
    inputs, assumptions = check_situation(rules["questions"], situation)
    run = Run(rules, inputs, date)
    try:
        computed, payment_doubts = _run_scenarios(run)
        variants = _parameter_variants(run, computed)
    except ParameterDateError as problem:
        raise SituationError([error("date", "date", f"date non couverte par les règles : {problem}")]) from None
    result = assemble(run, computed, payment_doubts, assumptions, variants)
    result["courriers"] = letters(run, result)
    return result


def _shift_months(iso, months):
    year, month = int(iso[:4]), int(iso[5:7]) + months
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year:04d}-{month:02d}-01"


def _parameter_variants(run, computed):
    """{right id: (amount before, amount after)} computed with the parameters of an earlier month, for the
    rights that declare parametres_decales_mois; None when no parameter is known at that date."""
    rules, variants = run.rules, {}
    for right_id in rules["ordre_droits"]:
        right = rules["droits"][right_id]
        if "parametres_decales_mois" not in right or computed[right_id].get("non_applicable"):
            continue
        shifted = Run(rules, run.inputs, run.date, _shift_months(run.date, right["parametres_decales_mois"]))
        try:
            _run_scenarios(shifted)
        except ParameterDateError:
            continue  # the earlier month is before the rules' first values: no variant to show
        variants[right_id] = tuple(shifted.scenarios[name].values[right_id].get(right["montant"])
                                   for name in ("avant", "apres"))
    return variants


def _run_scenarios(run):
    """Both scenarios; returns ({right id: {"non_applicable", "doutes", "trace_avant", "trace_apres"}}, payment doubts)."""
    rules = run.rules
    computed = {right_id: {"doutes": []} for right_id in rules["ordre_droits"]}
    payment_doubts = []
    for scenario_name in ("avant", "apres"):
        scenario = Scenario(scenario_name, _payment(run, scenario_name))
        payment_doubts += [d for d in run.collect_doubts() if d not in payment_doubts]
        run.scenarios[scenario_name] = scenario
        for right_id in rules["ordre_droits"]:
            right = rules["droits"][right_id]
            state = computed[right_id]
            if "applicable" in right and not evaluate(right["applicable"], Scope(run, scenario, right_id)):
                scenario.values[right_id] = {NOT_APPLICABLE: True}
                state["non_applicable"] = True
            else:
                state["trace_" + scenario_name] = _compute_right(run, scenario, right_id, right)
            state["doutes"] += [d for d in run.collect_doubts() if d not in state["doutes"]]
    return computed, payment_doubts


