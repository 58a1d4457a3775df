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
from .parameters import ParameterDateError, hard_limit, last_known, value_at
from .run import NOT_APPLICABLE, Run, Scenario, Scope
from .tree import references
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
    """Compute every step of a right in a scenario; return its trace (empty when run.trace is off)."""
    values = {}
    scenario.values[right_id] = values
    trace = []
    notes = run.notes.setdefault(right_id, []) if run.notes is not None and scenario.name == "apres" else None
    scope = Scope(run, scenario, right_id)
    scope.notes = notes  # each comparison's outcome, when asked (engine/thresholds.py)
    read = run.parameters_read.setdefault(right_id, {}) if run.texts and scenario.name == "apres" else None
    for step in right["etapes"]:
        run.used_parameters = {}
        value = evaluate(step["formule"], scope)
        value = bool(value) if isinstance(value, bool) else float(value) if isinstance(value, (int, float)) else value
        values[step["nom"]] = value
        if read is not None:
            read.update(dict.fromkeys(sorted(run.used_parameters)))
        if not run.trace:
            continue
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


def check_date(rules, date):
    """Raise RulesError or SituationError (field « date ») unless `date` can be simulated with `rules`."""
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


def simulate(rules, situation, date):
    """Simulate `situation` (dict of answers) at ISO `date`.

    Raises SituationError (every invalid field, in French) on bad input, and on a date for
    which a figure the computation needs is not known. Any other exception is a bug.
    """
    return Simulator(rules, date).run(situation)


def _value_or_none(rules, parameter_id, date):
    """A parameter's value at a date, or None where it has none (a formula reaching it would then fail)."""
    try:
        return value_at(parameter_id, rules["parametres"][parameter_id], date)[0]
    except ParameterDateError:
        return None


_READ_BY_RIGHTS = {}  # id(rules) -> (rules, the input ids the rights' conditions and steps read)


def _inputs_read_by_rights(rules):
    known = _READ_BY_RIGHTS.get(id(rules))
    if known is None or known[0] is not rules:
        read = set()
        for right in rules["droits"].values():
            trees = [step["formule"] for step in right["etapes"]] + ([right["applicable"]] if "applicable" in right else [])
            read.update(ref[1] for tree in trees for ref in references(tree) if ref[0] == "input")
        known = _READ_BY_RIGHTS[id(rules)] = (rules, tuple(sorted(read)))
    return known[1]


class Simulator:
    """Simulations of several situations at one date, which share the scenario without payment.

    The scenario "avant" depends only on the date and on the answers that the rights' steps read:
    situations that differ only in the payment (another amount, another form: engine/thresholds.py,
    engine/compare.py) compute it once. `trace=False` leaves out the texts of the calculation steps
    (the result's "trace" is then empty); `texts=False` also leaves out the alerts, actions and
    timing texts (amounts and statuses only); `notes` (a dict) receives, per right, the outcome of every
    comparison made in the scenario "apres" (engine/thresholds.py).
    """

    def __init__(self, rules, date):
        check_date(rules, date)
        self.rules, self.date = rules, date
        self.reads = _inputs_read_by_rights(rules)
        self.before = {}  # (parameter date, answers read) -> the computed scenario "avant"
        self.parameters = {}  # the dated parameters met, shared by the runs (engine.run.Run.parameter)
        self.variants_needed = {}  # (right id, date, earlier date) -> same parameters at both dates

    def same_parameters(self, right_id, date, earlier):
        """True when every parameter the right (and what it reads, and the payment) uses has the same
        value at both dates: its variant with earlier parameters would be the result itself."""
        key = (right_id, date, earlier)
        if key not in self.variants_needed:
            rules = self.rules
            trees = [step["formule"] for rid in _needed(rules, right_id) for step in rules["droits"][rid]["etapes"]]
            trees += [rules["droits"][rid]["applicable"] for rid in _needed(rules, right_id) if "applicable" in rules["droits"][rid]]
            trees += list(rules["paiement"]["periodes"].values())
            trees += [tree for form in rules["formes"].values() for _, tree in form["assiettes"]]
            used = {ref[1] for tree in trees for ref in references(tree) if ref[0] == "param"}
            self.variants_needed[key] = all(_value_or_none(rules, pid, date) == _value_or_none(rules, pid, earlier)
                                            for pid in used)
        return self.variants_needed[key]

    def run(self, situation, trace=True, notes=None, texts=True, checked=None, letters_text=True):
        """The result of `situation`; `checked`: its (inputs, assumptions) already checked, if known;
        `letters_text=False`: which letters there are, without their text (engine/letters.py)."""
        inputs, assumptions = checked or check_situation(self.rules["questions"], situation)
        run = Run(self.rules, inputs, self.date, parameter_cache=self.parameters)
        run.trace, run.notes, run.texts = trace and texts, notes, texts
        try:
            computed, payment_doubts = _run_scenarios(run, self)
            variants = _parameter_variants(run, computed, self)
        except ParameterDateError as problem:
            raise SituationError([error("date", "date", f"date non couverte par les règles : {problem}")]) from None
        result = assemble(run, computed, payment_doubts, assumptions, variants)
        if texts:
            result["courriers"] = letters(run, result, complete=letters_text)
        return result


def _shift_months(iso, months):
    year, month = int(iso[:4]), int(iso[5:7]) + months
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year:04d}-{month:02d}-01"


def _parameter_variants(run, computed, simulator):
    """{right id: (amount before, amount after)} computed with the parameters of an earlier month, for the
    rights that declare parametres_decales_mois; None when no parameter is known at that date."""
    rules, variants = run.rules, {}
    for right_id in rules["ordre_droits"]:
        right = rules["droits"][right_id]
        if "parametres_decales_mois" not in right or computed[right_id].get("non_applicable"):
            continue
        earlier = _shift_months(run.date, right["parametres_decales_mois"])
        if simulator.same_parameters(right_id, run.date, earlier):
            continue  # every figure it uses is the same at both dates: the variant is the result itself
        shifted = Run(rules, run.inputs, run.date, earlier, parameter_cache=simulator.parameters)
        shifted.trace = False
        try:
            _run_scenarios(shifted, simulator, _needed(rules, right_id))
        except ParameterDateError:
            continue  # the earlier month is before the rules' first values: no variant to show
        variants[right_id] = tuple(shifted.scenarios[name].values[right_id].get(right["montant"])
                                   for name in ("avant", "apres"))
    return variants


def _run_before(run, simulator):
    """The scenario without payment, computed once per (parameter date, answers the rights read)."""
    key = (run.parameter_date, tuple(repr(run.inputs[qid]) for qid in simulator.reads))
    known = simulator.before.get(key)
    if known is None or (run.trace and not known[2]):
        rules = run.rules
        scenario = Scenario("avant", _payment(run, "avant"))
        run.scenarios["avant"] = scenario
        computed = {}
        for right_id in rules["ordre_droits"]:
            right = rules["droits"][right_id]
            state = computed[right_id] = {"doutes": []}
            if "applicable" in right and not evaluate(right["applicable"], Scope(run, scenario, right_id)):
                scenario.values[right_id] = {NOT_APPLICABLE: True}
                state["non_applicable"] = True
            else:
                state["trace_avant"] = _compute_right(run, scenario, right_id, right)
            state["doutes"] = run.collect_doubts()
        known = simulator.before[key] = (scenario, computed, run.trace, dict(run.stale))
    scenario, computed, _, stale = known
    run.scenarios["avant"] = scenario
    run.stale.update(stale)
    return {right_id: {**state, "doutes": list(state["doutes"])} for right_id, state in computed.items()}


_NEEDED = {}  # (id(rules), right id) -> (rules, the rights it needs)


def _needed(rules, right_id):
    """The rights whose steps `right_id` reads, directly or not, and itself (once per rules)."""
    known = _NEEDED.get((id(rules), right_id))
    if known is None or known[0] is not rules:
        known = _NEEDED[(id(rules), right_id)] = (rules, _needed_rights(rules, right_id))
    return known[1]


def _needed_rights(rules, right_id):
    needed, todo = set(), [right_id]
    while todo:
        current = todo.pop()
        if current not in needed:
            needed.add(current)
            right = rules["droits"][current]
            trees = [step["formule"] for step in right["etapes"]] + ([right["applicable"]] if "applicable" in right else [])
            todo += [ref[1] for tree in trees for ref in references(tree) if ref[0] == "droit"]
    return needed


def _run_scenarios(run, simulator, only=None):
    """Both scenarios (the second for the rights `only`, or all); returns ({right id: {"non_applicable",
    "doutes", "trace_avant", "trace_apres"}}, payment doubts)."""
    rules = run.rules
    computed = _run_before(run, simulator)
    scenario = Scenario("apres", _payment(run, "apres"))
    payment_doubts = run.collect_doubts()
    run.scenarios["apres"] = scenario
    for right_id in rules["ordre_droits"]:
        if only is not None and right_id not in only:
            continue
        right = rules["droits"][right_id]
        state = computed[right_id]
        if "applicable" in right and not evaluate(right["applicable"], Scope(run, scenario, right_id)):
            scenario.values[right_id] = {NOT_APPLICABLE: True}
            state["non_applicable"] = True
        else:
            state["trace_apres"] = _compute_right(run, scenario, right_id, right)
        state["doutes"] += [d for d in run.collect_doubts() if d not in state["doutes"]]
    return computed, payment_doubts
