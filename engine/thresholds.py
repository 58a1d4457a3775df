"""How much before it costs me something (`seuils`): for the chosen form and rhythm, the amounts of
payment at which each right starts to change, to fall, is lost, and the cliffs.

What is searched. One answer varies: the amount per session (the payment's `question_montant`), in
whole euros; every other answer stays as given (form, number of sessions, rhythm...). Each point of
the search is a full simulation (engine.simulate.Simulator, without the steps' texts), so every rule
counts and no right has a formula of its own here.

Definitions (a right's state at an amount: its monthly amount « apres », to the cent, and its status):
- a right *changes* at an amount when its amount differs from its amount at 0 € by at least one cent
  (0.005 once rounded), or its status differs from its status at 0 €. At 0 € the form and rhythm are
  those chosen: what the activity changes by itself, whatever the amount (the sick-leave allowances,
  the RSDAE half-time line...), is listed apart (`sans_lien_avec_le_montant`), it is no threshold;
- `baisse_a_partir_de`: the first whole euro at which the right's amount is below its amount at 0 € by
  at least one cent; `perdu_a_partir_de`: the first whole euro at which a right that was paid at 0 €
  falls below one cent, or takes a status of a lost right (perdu, suspendu);
- `sans_effet_jusqu_a`: the largest whole amount at which no right changes (the first change, minus
  one euro), per session, and what it makes per month and per year;
- a *cliff* (`falaises`) at an amount m: going from m − 1 to m euros per session makes the monthly gain
  (gain_mensuel) fall by at least CLIFF_EUROS, or puts a right in the status « risque », or a right
  without amount (such as the complémentaire santé solidaire) in a status of a lost or threatened
  right (perdu, suspendu, risque) — one more euro of payment costs more than it brings. A right that
  falls gradually to zero is no cliff (its `perdu_a_partir_de` says when it is gone);
- `sans_perte_jusqu_a`: the largest whole amount below every fall, loss and cliff (a right that
  rises or becomes « à vérifier » does not count).
  `perte_mensuelle` is the fall of the gain (null when only a right without amount, such as the
  complémentaire santé solidaire, is lost: its cost is not counted in the gain).

The same search (cliffs only) runs over the other answers paiement.yaml names in
`seuils_autres_questions` (the hours worked per month: the AAH's RSDAE is at stake from half-time),
from 0 to the question's maximum, whole unit by whole unit (`autres_seuils`).

How. The bound: from 0 to the largest of twice the person's amount and the amount per session that
makes `borne_mensuelle` of paiement.yaml per month (three gross minimum wages: beyond that, no
means-tested right is left), at most the question's maximum. A coarse grid (0, 1 and GRID_STEPS equal
steps up to the bound, one simulation each: each gives every right) is scanned; each interval whose
ends differ — for a right's predicate, for the statuses, or for the outcome of the comparisons the
rules made (`notes` of engine.simulate.Simulator.run: the same outcomes at both ends mean the same
branches of every rule, so no jump in between) — is bisected to the euro, the simulations being
shared between rights through a cache by amount. A change that appears and disappears within one
step of the grid (1/GRID_STEPS of the bound) and leaves no trace in the comparisons would be missed.
"""

from . import fr
from .expressions import evaluate
from .run import Run, Scope
from .simulate import Simulator
from .situation import check_situation, relevance
from .tree import references
from .vocabulary import GRAVITIES, STATUSES, STATUSES_AT_ZERO

GRID_STEPS = 12  # measured on the worked cases: 8 to 16 steps need about the same number of simulations
CLIFF_EUROS = 1.0
NEAR = 0.10  # "juste au-dessus / au-dessous d'un seuil": within 10 % of a cliff
STATUS_AT_RISK = "risque"
CLIFF_STATUSES = STATUSES_AT_ZERO + (STATUS_AT_RISK,)


class _Point:
    """One simulation of the search: the gain, each right's (amount, status), the branches taken."""

    def __init__(self, value, result, notes):
        self.value = value
        self.result = result
        self.gain = result["gain_mensuel"]
        self.states = {rid: (right["apres"], right["statut"]) for rid, right in result["droits"].items()}
        self.branches = (tuple(sorted((rid, tuple(n)) for rid, n in notes.items())),
                         tuple(sorted((rid, s[1]) for rid, s in self.states.items())))


class Probe:
    """Simulations of a situation with one answer set to whole values, cached by value."""

    def __init__(self, simulator, situation, question_id):
        self.simulator, self.situation, self.question_id = simulator, situation, question_id
        self.cache = {}
        # The answers are checked once when no question's relevance depends on the varied one (and the
        # values tried stay within its bounds): then only that answer changes from one point to the next.
        questions = simulator.rules["questions"]
        free = not any(ref == ("input", question_id) for q in questions if "si" in q for ref in references(q["si"]))
        self.checked = check_situation(questions, situation) if free else None

    def at(self, value):
        value = int(value)
        if value not in self.cache:
            notes = {}
            checked = None if self.checked is None else ({**self.checked[0], self.question_id: float(value)}, self.checked[1])
            result = self.simulator.run({**self.situation, self.question_id: value}, trace=False, notes=notes, texts=False,
                                        checked=checked)
            self.cache[value] = _Point(value, result, notes)
        return self.cache[value]

    def with_texts(self, value):
        """The full result (alerts...) at `value`: only for the few points reported."""
        return self.simulator.run({**self.situation, self.question_id: int(value)}, trace=False)

    def first(self, grid, holds):
        """The first whole value at which `holds(point)` is true, or None: the first grid point where it
        holds, then bisection of the step before it (false at lo, true at hi)."""
        for index, value in enumerate(grid):
            if holds(self.at(value)):
                if index == 0:
                    return value
                lo, hi = grid[index - 1], value
                while hi - lo > 1:
                    mid = (lo + hi) // 2
                    lo, hi = (lo, mid) if holds(self.at(mid)) else (mid, hi)
                return hi
        return None

    def flips(self, grid):
        """Every whole value v of the range where the branches differ from those at v − 1."""
        found = []
        for lo, hi in zip(grid, grid[1:]):
            while self.at(lo).branches != self.at(hi).branches:
                left, right = lo, hi
                while right - left > 1:
                    mid = (left + right) // 2
                    left, right = (mid, right) if self.at(mid).branches == self.at(left).branches else (left, mid)
                found.append(right)
                lo = right
        return found


def _differs(a, b):
    return (a is None) != (b is None) or (a is not None and abs(a - b) >= 0.005)


def _changes(base, rid):
    return lambda point: _differs(point.states[rid][0], base.states[rid][0]) or point.states[rid][1] != base.states[rid][1]


def _falls(base, rid):
    before = base.states[rid][0]
    return lambda point: point.states[rid][0] is not None and point.states[rid][0] < before - 0.005


def _lost(base, rid):
    before, status = base.states[rid]
    return lambda point: ((before or 0) > 0.005 and point.states[rid][0] is not None and point.states[rid][0] < 0.005) or (
        point.states[rid][1] in STATUSES_AT_ZERO and status not in STATUSES_AT_ZERO)


def _periods(rules, inputs, date, question_id):
    """(euros per month, euros per year) that one euro per session makes, by the rules' own periods."""
    run = Run(rules, {**inputs, question_id: 1.0}, date)
    periods = rules["paiement"]["periodes"]
    return tuple(float(evaluate(periods[name], Scope(run, None))) for name in ("mois", "annee"))


def _bound(rules, inputs, date, question_id, per_month):
    question = next(q for q in rules["questions"] if q["id"] == question_id)
    monthly = rules["paiement"].get("seuils_borne_mensuelle")
    bound = float(evaluate(monthly, Scope(Run(rules, inputs, date), None))) / per_month if monthly and per_month else 0.0
    bound = max(bound, 2 * inputs[question_id], 10.0)
    return int(min(bound, question.get("max", bound)) + 0.999)


def _grid(bound):
    points = {0, 1, bound} | {round(bound * i / GRID_STEPS) for i in range(1, GRID_STEPS)}
    return sorted(point for point in points if 0 <= point <= bound)


def _amounts(per_session, per_month, per_year):
    return {"par_seance": float(per_session), "par_mois": round(per_session * per_month, 2),
            "par_an": round(per_session * per_year, 2)}


def _gain_step(probe, value):
    """How much the monthly gain changes from value − 1 to value euros per session."""
    return probe.at(value).gain - probe.at(value - 1).gain


def _jump(probe, value, grid):
    """The part of the gain's change at `value` that is a jump, not the usual slope: negative when one
    euro more makes the gain fall by at least CLIFF_EUROS, positive when it rises by at least CLIFF_EUROS
    more than at the euros around it; None otherwise (a kink, where two slopes meet, is no jump)."""
    step = _gain_step(probe, value)
    if step <= -CLIFF_EUROS:
        return step
    lo, hi = max(g for g in grid if g < value), min(g for g in grid if g >= value)
    if step < (probe.at(hi).gain - probe.at(lo).gain) / (hi - lo) + CLIFF_EUROS:
        return None  # not above the interval's mean slope: no jump up (and no need to look closer)
    around = [_gain_step(probe, v) for v in (value - 1, value + 1) if v >= 1]
    return step - max(around) if step >= max(around) + CLIFF_EUROS else None


def _cliff(probe, value, grid, amounts, words=None):
    """The cliff at `value` (one unit more than value − 1), or None. words: (where, one unit more) in French,
    for another answer than the amount."""
    below, at = probe.at(value - 1), probe.at(value)

    def threatened(rid):
        amount, status = at.states[rid]
        return status != below.states[rid][1] and (status == STATUS_AT_RISK or (amount is None and status in CLIFF_STATUSES))

    by_status = [rid for rid in at.states if threatened(rid)]
    jump = _jump(probe, value, grid)
    if jump is None and not by_status:
        return None
    after = probe.at(value + 1)

    def jumped(rid):  # the right's own change at `value`, beyond its change one euro later
        amounts_ = [point.states[rid][0] for point in (below, at, after)]
        if None in amounts_ or jump is None:
            return False
        own = (amounts_[1] - amounts_[0]) - (amounts_[2] - amounts_[1])
        return abs(own) >= 0.5 and (own > 0) == (jump > 0)

    named = [rid for rid in at.states if rid in by_status or jumped(rid)]
    full_below, full_at = probe.with_texts(value - 1), probe.with_texts(value)
    names = [full_at["droits"][rid]["nom"] for rid in named]
    old = {(a["droit"], a["texte"]) for a in full_below["alertes"]}
    # The rules' own notices that appear at this amount for the rights named: why it happens (at most 3).
    # (explanations, the « bon à savoir » ones, first; warnings after).
    new = [a for a in full_at["alertes"] if a.get("droit") in named and (a["droit"], a["texte"]) not in old]
    reasons = [a["texte"] for a in sorted(new, key=lambda a: -GRAVITIES[a["gravite"]]["rang"])][:3]
    where, one_more = words or (f"À partir de {fr.euros(value)} par séance ({fr.euros(amounts['par_mois'])} par mois)",
                                "un euro de plus par séance")
    text = f"{where}, {_join(names) or 'vos droits'} : "
    if jump is not None and jump < 0:
        text += f"{one_more} vous fait perdre {fr.euros(-jump)} par mois."
    elif jump is not None:
        text += f"{one_more} vous fait gagner {fr.euros(jump)} de plus par mois."
    else:
        labels = sorted({STATUSES[at.states[rid][1]]["libelle"] for rid in by_status})
        text += f"le droit devient « {' / '.join(labels)} »."
    return {"montant": amounts, "sens": "hausse" if jump is not None and jump > 0 else "baisse", "droits": named,
            "perte_mensuelle": round(-jump, 2) if jump is not None and jump < 0 else None,
            "saut_mensuel": None if jump is None else round(jump, 2), "texte": text, "raisons": reasons}


def _join(names):
    return " et ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


def _proximity(candidates):
    """The sentence said first when the person's own answer is within NEAR of a cliff, or None.
    candidates: [(the person's value, the cliff's value, the cliff)]."""
    near = [(own, at, cliff) for own, at, cliff in candidates if own > 0 and abs(own - at) <= NEAR * at]
    if not near:
        return None
    own, at, cliff = min(near, key=lambda item: abs(item[0] - item[1]))
    where = "au-dessus" if own >= at else "au-dessous"
    advice = {
        ("au-dessus", "baisse"): "Un peu moins vous laisserait sous ce seuil.",
        ("au-dessous", "baisse"): "Un peu plus pourrait vous coûter plus que cela ne rapporte.",
        ("au-dessus", "hausse"): "Ce seuil joue en votre faveur : un peu moins vous ferait perdre cet avantage.",
        ("au-dessous", "hausse"): "Un peu plus vous ferait franchir ce seuil, en votre faveur.",
    }[(where, cliff["sens"])]
    return {"position": where, "falaise": at, "sens": cliff["sens"],
            "texte": f"Vous êtes juste {where} d'un seuil : {cliff['texte'][0].lower()}{cliff['texte'][1:]} {advice}"}


def _other_answers(rules, simulator, situation, inputs):
    """The cliffs over the other answers paiement.yaml names (seuils_autres_questions, such as the hours
    worked per month): the same search, over whole units from 0 to the question's maximum."""
    out = []
    shown = relevance(rules["questions"], situation)
    for question_id in rules["paiement"].get("seuils_autres_questions", []):
        question = next(q for q in rules["questions"] if q["id"] == question_id)
        if not shown[question_id] or situation.get(question_id) is None:
            continue
        unit = question.get("unite_affichee") or question.get("unite", "")
        probe, grid = Probe(simulator, situation, question_id), _grid(int(question.get("max", 400)))
        cliffs = []
        for value in probe.flips(grid):
            words = (f"À partir de {fr.number(value)} {unit}".rstrip(), f"passer de {fr.number(value - 1)} à {fr.number(value)} {unit}")
            cliff = _cliff(probe, value, grid, None, words)
            if cliff:
                cliffs.append({**cliff, "valeur": value})
        out.append({"question": question_id, "libelle": question["libelle"], "unite": unit,
                    "valeur_actuelle": inputs[question_id], "falaises": cliffs})
    return out


def _explanations(form_name, bound):
    """What each part of the answer means, in plain French (the page shows these texts)."""
    return {
        "intro": (f"Pour la même forme de paiement ({form_name}) et le même rythme, le simulateur a refait le calcul "
                  f"de tous vos droits pour chaque montant par séance, de 0 € à {fr.euros(bound)}, à l'euro près."),
        "sans_effet": "Le plus grand montant qui ne change aucun de vos droits, ni son montant ni son statut.",
        "sans_perte": ("Le plus grand montant avant qu'un droit baisse, soit perdu ou menacé. Un droit qui augmente, "
                       "ou qui devient « à vérifier », ne compte pas ici."),
        "falaises": ("Un seuil est un montant où un euro de plus par séance change beaucoup plus qu'un euro : un droit "
                     "perdu ou menacé d'un coup, ou au contraire ouvert d'un coup."),
        "droits": "Pour chaque droit, le montant par séance à partir duquel il change, commence à baisser, ou est perdu.",
        "sans_lien": "Ces droits sont touchés par l'activité elle-même, quel que soit le montant.",
    }


def thresholds(rules, situation, date, simulator=None):
    """The `seuils` answer for `situation` at `date` (see the module's docstring). Raises
    SituationError on bad input, like simulate."""
    simulator = simulator or Simulator(rules, date)
    inputs, _ = check_situation(rules["questions"], situation)
    situation = dict(situation)
    question_id = rules["paiement"]["question_montant"]
    per_month, per_year = _periods(rules, inputs, date, question_id)
    own = inputs[question_id]
    bound = _bound(rules, inputs, date, question_id, per_month)
    grid = _grid(bound)
    probe = Probe(simulator, situation, question_id)
    base = probe.at(0)
    rights, first_changes = {}, []
    for rid, right in base.result["droits"].items():
        change = probe.first(grid, _changes(base, rid))
        falls = probe.first(grid, _falls(base, rid)) if base.states[rid][0] is not None else None
        lost = probe.first(grid, _lost(base, rid))
        if change is not None:
            first_changes.append((change, rid))
        rights[rid] = {"nom": right["nom"], "sigle": right["sigle"],
                       "change_a_partir_de": None if change is None else _amounts(change, per_month, per_year),
                       "baisse_a_partir_de": None if falls is None else _amounts(falls, per_month, per_year),
                       "perdu_a_partir_de": None if lost is None else _amounts(lost, per_month, per_year)}
    cliffs = [c for c in (_cliff(probe, v, grid, _amounts(v, per_month, per_year)) for v in probe.flips(grid)) if c]
    first = min(first_changes) if first_changes else None
    losses = [c["montant"]["par_seance"] for c in cliffs if c["sens"] == "baisse"] + [
        r[key]["par_seance"] for r in rights.values() for key in ("baisse_a_partir_de", "perdu_a_partir_de") if r[key]]
    at_zero = probe.with_texts(0)
    activity = [{"droit": rid, "nom": right["nom"], "statut": right["statut"],
                 "texte": next((a["texte"] for a in right["alertes"] if a["gravite"] != "info"), right["effet"])}
                for rid, right in at_zero["droits"].items() if right["statut"] != "inchangé"]
    others = _other_answers(rules, simulator, situation, inputs)
    near = [(own, c["montant"]["par_seance"], c) for c in cliffs]
    near += [(other["valeur_actuelle"], c["valeur"], c) for other in others for c in other["falaises"]]
    return {
        "proximite": _proximity(near),
        "explications": _explanations(base.result["paiement"]["forme_nom"], bound),
        "forme": base.result["paiement"]["forme"], "forme_nom": base.result["paiement"]["forme_nom"],
        "montant_actuel": _amounts(own, per_month, per_year),
        "borne": _amounts(bound, per_month, per_year),
        "sans_effet_jusqu_a": _amounts(bound if first is None else first[0] - 1, per_month, per_year),
        "premier_droit_touche": None if first is None else first[1],
        "sans_perte_jusqu_a": _amounts(min(losses) - 1 if losses else bound, per_month, per_year),
        "droits": rights,
        "falaises": cliffs,
        "autres_seuils": others,
        "sans_lien_avec_le_montant": activity,
        "simulations": len(probe.cache),
    }
