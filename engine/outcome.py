"""From the two computed scenarios to the result: each right's amounts, status, notifications,
actions (démarches) with each body, and the headline gain. The shape of the result is described in
docs/contribuer/architecture.md."""

from . import fr
from . import schedule
from .expressions import evaluate, render_text
from .headline import bodies, merge_actions, order_alerts, resources
from .run import Scope
from .vocabulary import (COUNT_TO_CHECK, GRAVITIES, GRAVITY_WARNING, STATUS_LOST, STATUS_RAISED, STATUS_REDUCED,
                         STATUS_TO_CHECK, STATUS_UNCHANGED, STATUSES, TREND_LOSS, TREND_RAISE, TREND_RISK, gravity_rank)


def _round(value):
    return None if value is None else round(float(value) + 0.0, 2) + 0.0


def _first_text(items, scope):
    for item in items:
        if "si" not in item or evaluate(item["si"], scope):
            return render_text(item["texte"], scope)
    return ""


def _default_status(right, before, after):
    if before is None or after is None or abs(after - before) < 0.005:
        return STATUS_UNCHANGED
    if after > before:
        return STATUS_RAISED
    if after < 0.005:
        return right.get("si_nul", STATUS_LOST)
    return STATUS_REDUCED


def trend(status, difference, alerts):
    """How the person should read a right's row (its colour): perte, risque, hausse or stable.

    A fall in the amount is a loss whatever the status says; a warning makes an unchanged
    right "risque"; the status decides otherwise.
    """
    own = STATUSES[status]["tendance"]
    if own == TREND_LOSS or (difference or 0) < -0.005:
        return TREND_LOSS
    if own == TREND_RISK or any(GRAVITIES[a["gravite"]]["rang"] < GRAVITIES["info"]["rang"] for a in alerts):
        return TREND_RISK
    if (difference or 0) > 0.005:
        return TREND_RAISE
    return own


def _body_name(rules, body_id):
    body = rules["organismes"].get(body_id)
    return body["nom"] if body else body_id


def doubt_alert(rules, doubt, default_body):
    """A parameter whose value is not certain, as a notification naming the body to ask."""
    body = doubt.get("organisme") or default_body
    ask = f"À vérifier auprès de : {_body_name(rules, body)}." if body else "À vérifier."
    return {
        "gravite": GRAVITY_WARNING,
        "texte": f"{ask} {doubt['texte'].strip()} "
                 f"(valeur utilisée : {fr.amount(doubt['valeur_retenue'])})",
        "organisme": body,
    }


def _actions(items, scope):
    return [{"organisme": item["organisme"], "quoi": render_text(item["quoi"], scope), "quand": render_text(item["quand"], scope),
             "mois": item["mois"]}
            for item in items if "si" not in item or evaluate(item["si"], scope)]


def _variant_alert(rules, right, values, variant):
    """The figure the right would have with the parameters of an earlier month, when it differs."""
    before, after = values
    alt_before, alt_after = (_round(v) for v in variant)
    if abs(alt_after - after) < 0.005 and abs(alt_before - before) < 0.005:
        return None
    body = right["verse_par"]
    return {"gravite": GRAVITY_WARNING, "organisme": body,
            "texte": f"Ce montant dépend du mois dont l'organisme retient les montants de référence, ce que les "
                     f"textes ne tranchent pas : avec ceux d'il y a {-right['parametres_decales_mois']} mois, il serait "
                     f"de {fr.amount(alt_after)} € par mois au lieu de {fr.amount(after)} € "
                     f"(sans le paiement : {fr.amount(alt_before)} € au lieu de {fr.amount(before)} €). "
                     f"À vérifier auprès de : {_body_name(rules, body)}."}


def _ranges(rules, right, values, high_ends, variant):
    """([before, after] low ends, [before, after] high ends, the variant's notice or None): the range
    of each amount from `montant_max` (high_ends) and from the earlier month's parameters (variant)."""
    lows = list(values)
    highs = [value if high is None else high for value, high in zip(values, high_ends)]
    notice = _variant_alert(rules, right, values, variant) if variant and None not in variant else None
    if notice:
        alt = [_round(v) for v in variant]
        lows, highs = [min(a, b) for a, b in zip(lows, alt)], [max(a, b) for a, b in zip(highs, alt)]
    return lows, highs, notice


def right_outcome(run, right_id, right, state, form, variant=None):
    """The result of one right that applies to the person; `variant`: its (before, after) amounts with
    the parameters of an earlier month (parametres_decales_mois), or None."""
    rules = run.rules
    after = run.scenarios["apres"]
    scope = Scope(run, after, right_id)
    before_value = after_value = before_high = after_high = None
    if "montant" in right:
        before_value = _round(run.scenarios["avant"].values[right_id][right["montant"]])
        after_value = _round(after.values[right_id][right["montant"]])
    # A range: `montant` is its cautious low end, `montant_max` the high end when an unknown figure
    # (e.g. a comparison salary the person does not know) takes its most favourable value. The
    # status and the alert that states the range are the rule's own (statuts, alertes).
    if "montant_max" in right:
        before_high = _round(run.scenarios["avant"].values[right_id][right["montant_max"]])
        after_high = _round(after.values[right_id][right["montant_max"]])
    status = next((rule["statut"] for rule in right.get("statuts", []) if evaluate(rule["si"], scope)), None)
    alerts = []
    lows, highs, variant_alert = _ranges(rules, right, (before_value, after_value), (before_high, after_high), variant)
    if variant_alert:
        alerts.append(variant_alert)
        # The range changes the answer when the two readings give different statuses.
        if _default_status(right, *(_round(v) for v in variant)) != _default_status(right, before_value, after_value):
            status = status or STATUS_TO_CHECK
    duration = float(evaluate(right["duree_effet_mois"], scope)) if "duree_effet_mois" in right else 12.0
    if "calendrier" in right:
        run.timings[right_id] = schedule.timing(run, right_id, right, run.inputs[rules["paiement"]["question_periodicite"]])
    # The doubtful figures of the amounts and of their months make the right "à vérifier"; those met
    # only in the texts below are said, not counted (the status is the same with or without texts).
    doubts = state["doutes"] + [d for d in run.collect_doubts() if d not in state["doutes"]]
    alerts = [{"gravite": a["gravite"], "texte": render_text(a["texte"], scope), "organisme": a.get("organisme")}
              for a in right.get("alertes", []) if run.texts and evaluate(a["si"], scope)] + alerts
    actions = _actions(right.get("demarches", []), scope) if run.texts else []
    timing = _first_text(right.get("effet", []), scope) if run.texts else ""
    text_doubts = [d for d in run.collect_doubts() if d not in doubts]
    effect = form["effets"].get(right_id, {})
    if effect.get("compte") == COUNT_TO_CHECK:
        body = effect.get("organisme", right["verse_par"])
        alerts.append({"gravite": GRAVITY_WARNING, "organisme": body,
                       "texte": f"À vérifier auprès de : {_body_name(rules, body)}. {effect['texte']}"})
        status = status or STATUS_TO_CHECK
    # A doubtful figure matters to the person only if the payment changes this right.
    if before_value is not None and abs(after_value - before_value) >= 0.005:
        for doubt in doubts:
            alerts.append(doubt_alert(rules, doubt, right["verse_par"]))
            status = status or STATUS_TO_CHECK
        alerts += [doubt_alert(rules, doubt, right["verse_par"]) for doubt in text_doubts]
    status = status or _default_status(right, before_value, after_value)
    difference = None if before_value is None else _round(after_value - before_value)
    return {
        "nom": right["nom"],
        "sigle": right.get("sigle", ""),
        "verse_par": right["verse_par"],
        "decide_par": right["decide_par"],
        "avant": before_value,
        "apres": after_value,
        "difference": difference,
        # The range of each amount (equal ends when nothing unknown moves it).
        "avant_min": lows[0], "avant_max": highs[0],
        "apres_min": lows[1], "apres_max": highs[1],
        "statut": status,
        "tendance": trend(status, difference, alerts),
        "effet": timing,
        "duree_effet_mois": duration,
        "traitement_paiement": {"compte": effect.get("compte", "non"), "texte": effect.get("texte", "")},
        "alertes": sorted(alerts, key=gravity_rank),
        "demarches": actions,
        # Without trace, none at all (the scenario "avant" shared with an earlier full run has one).
        "trace": {"avant": state.get("trace_avant", []) if run.trace else [], "apres": state.get("trace_apres", [])},
    }


def stale_alerts(run):
    """One notice per revaluation date passed, naming the parameters whose last known value is used."""
    groups = {}
    for parameter_id, (unknown, used) in sorted(run.stale.items()):
        groups.setdefault(unknown, {}).setdefault(used, []).append(run.rules["parametres"][parameter_id]["libelle"])
    alerts = []
    for unknown, by_start in sorted(groups.items()):
        starts = " et ".join(f"du {fr.date(used)} ({', '.join(names)})" for used, names in sorted(by_start.items()))
        alerts.append({"gravite": GRAVITY_WARNING, "organisme": None, "droit": None,
                       "texte": f"Les montants à partir du {fr.date(unknown)} ne sont pas encore connus : "
                                f"le calcul reprend ceux {starts}."})
    return alerts


def assemble(run, computed, payment_doubts, assumptions, variants=None):
    """The whole result of a simulation."""
    rules = run.rules
    form_id = run.inputs[rules["paiement"]["question_forme"]]
    form = rules["formes"][form_id]
    after = run.scenarios["apres"]
    rights, alerts, actions = {}, [], []
    for right_id in rules["ordre_droits"]:
        if computed[right_id].get("non_applicable"):
            continue
        rights[right_id] = entry = right_outcome(run, right_id, rules["droits"][right_id], computed[right_id], form,
                                                 (variants or {}).get(right_id))
        alerts += [{**alert, "droit": right_id} for alert in entry["alertes"]]
        actions += [{**action, "droit": right_id} for action in entry["demarches"]]
    # Doubts met while counting the payment itself (e.g. a contribution rate): about the form.
    alerts += [{**doubt_alert(rules, doubt, None), "droit": None} for doubt in payment_doubts]
    actions += [{**action, "droit": None} for action in _actions(form.get("demarches", []), Scope(run, after))]
    net_per_year = after.payment["annee"]["net_percu"]
    actions = merge_actions(actions)
    # The month-by-month calendar is the one source of the headline, the table and the chart.
    calendar = schedule.build(run, rights, actions, net_per_year)
    for line in calendar["droits"]:
        rights[line["droit"]]["debut_mois"] = line["debut_mois"]
    headline = resources(rights, calendar)
    alerts = stale_alerts(run) + order_alerts(alerts, rights)
    payment = {
        "forme": form_id,
        "forme_nom": form["nom"],
        "brut_mensuel": _round(after.payment["annee"]["brut"] / 12),
        "net_mensuel": _round(net_per_year / 12),
        "brut_annuel": _round(after.payment["annee"]["brut"]),
        "net_annuel": _round(net_per_year),
        "assiettes": {period: {k: _round(v) for k, v in after.payment[period].items()}
                      for period in ("mois", "trimestre", "annee")},
    }
    return {
        "date": run.date,
        "regles": {"version": rules["version"], "verifie_le": rules["verifie_le"]},
        "paiement": payment,
        "droits": rights,
        "gain_annuel": _round(headline["gain_mensuel"] * 12),
        "gain_mensuel": headline["gain_mensuel"],
        "ressources": headline,
        "calendrier": calendar,
        "alertes": alerts,
        "demarches": actions,
        "organismes": bodies(rules, actions, alerts, rights),
        "hypotheses": assumptions,
    }
