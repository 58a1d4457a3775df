"""Which form of payment is best for me (`comparaison_formes`): the same amount and rhythm simulated
in every payment form of the rules, side by side, ranked by the real gain per month.

Each form is a full simulation (engine.simulate.Simulator: the scenario without payment is computed
once for all), with the person's answers and the form changed. An answer that only this form asks
(for example the net of a salary) and that the person did not give takes its « je ne sais pas »
default: it is listed in the form's `hypotheses`. A form that asks an answer without a safe default
is not computed (`erreurs`, in French).

Whether a form fits the engagement comes from the form's own `adequation` (rules/formes/*.yaml):
each condition, on the answers only, says that the form does not fit (`convient: non`, the form is
listed after the others, greyed, with why) or that its fit is to check (`a_verifier`, shown but not
greyed), each with its source.
"""

from .errors import SituationError
from .expressions import evaluate
from .simulate import Simulator
from .situation import AnswersScope, check_situation
from .vocabulary import STATUSES_AT_ZERO, TREND_LOSS

RISK_GRAVITIES = ("danger", "attention")
EXPLANATION = ("Même montant, même rythme, chaque forme de paiement possible : de celle qui vous rapporte le plus, "
               "une fois vos droits recalculés, à celle qui vous rapporte le moins. Pour chacune : ce qu'elle vous "
               "rapporte vraiment par mois, les droits qu'elle fait baisser ou arrête, ses risques et les organismes "
               "à prévenir. Une forme qui ne convient pas à votre engagement est grisée, avec la raison. "
               "« Voir le détail » refait le calcul complet avec cette forme.")


def fit(form, inputs):
    """(fits, [why it does not fit], [what is to check]) for a form and the answers."""
    why, check = [], []
    for rule in form.get("adequation", []):
        if evaluate(rule["si"], AnswersScope(inputs)):
            (why if rule["convient"] == "non" else check).append({"texte": rule["pourquoi"], "source": rule.get("source")})
    return not why, why, check


def _rights(result):
    lowered, stopped = [], []
    for rid, right in result["droits"].items():
        entry = {"droit": rid, "nom": right["nom"], "sigle": right["sigle"], "statut": right["statut"],
                 "difference": right["difference"]}
        if right["statut"] in STATUSES_AT_ZERO:
            stopped.append(entry)
        elif right["tendance"] == TREND_LOSS:
            lowered.append(entry)
    return lowered, stopped


def _entry(simulator, rules, situation, form_id, base_assumptions):
    form = rules["formes"][form_id]
    entry = {"forme": form_id, "nom": form["nom"], "resume": form.get("resume", "")}
    try:
        inputs, _ = check_situation(rules["questions"], situation)
        fits, why, check = fit(form, inputs)
        entry.update(convient=fits, pourquoi=why, a_verifier=check)
        result = simulator.run(situation, trace=False)
    except SituationError as problem:
        entry.update(convient=entry.get("convient", True), pourquoi=entry.get("pourquoi", []),
                     a_verifier=entry.get("a_verifier", []), calcule=False, erreurs=problem.errors)
        return entry
    lowered, stopped = _rights(result)
    given = {item["champ"] for item in base_assumptions}
    entry.update(
        calcule=True,
        gain_mensuel=result["gain_mensuel"], gain_annuel=result["gain_annuel"],
        brut_mensuel=result["paiement"]["brut_mensuel"], net_mensuel=result["paiement"]["net_mensuel"],
        a_demander=[result["droits"][rid]["nom"] for rid in result["ressources"]["a_demander"]],
        droits_baisses=lowered, droits_arretes=stopped,
        risques=[{"gravite": a["gravite"], "texte": a["texte"], "droit": a.get("droit")}
                 for a in result["alertes"] if a["gravite"] in RISK_GRAVITIES],
        organismes=[{"id": bid, "nom": body["nom"]} for bid, body in result["organismes"].items()],
        hypotheses=[item for item in result["hypotheses"] if item["champ"] not in given],
    )
    return entry


def compare_forms(rules, situation, date, simulator=None):
    """The `comparaison_formes` answer; raises SituationError on bad input, like simulate."""
    simulator = simulator or Simulator(rules, date)
    question = rules["paiement"]["question_forme"]
    _, base_assumptions = check_situation(rules["questions"], situation)
    chosen = situation.get(question)
    order = next(q for q in rules["questions"] if q["id"] == question)["choix"]
    entries = [_entry(simulator, rules, {**situation, question: choice["valeur"]}, choice["valeur"], base_assumptions)
               for choice in order]
    for entry in entries:
        entry["choisie"] = entry["forme"] == chosen
    # Forms that fit and could be computed first, best real gain first; the others after, in the rules' order.
    ranked = sorted((e for e in entries if e["convient"] and e["calcule"]), key=lambda e: -e["gain_mensuel"])
    rest = [e for e in entries if not (e["convient"] and e["calcule"])]
    for rank, entry in enumerate(ranked, 1):
        entry["rang"] = rank
    best = ranked[0] if ranked else None
    return {
        "question": question,  # the page sets this answer when the person asks to see a form in detail
        "explication": EXPLANATION,
        "forme_choisie": chosen,
        "meilleure": best["forme"] if best else None,
        "formes": ranked + rest,
    }
