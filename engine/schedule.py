"""The month-by-month calendar (`calendrier`): from the month of the first payment, what the person
receives each month (the payment, each right, the total, the same without the payment) and what to
declare that month, to whom.

It is derived from the two computed scenarios, not simulated again: each right is paid its amount
"avant" until the month its changed amount is first paid (the rule's `calendrier.debut_mois`), then
its amount "apres" for `duree_effet_mois` months (a one-off payment) or as long as the payments go on.
Each action (démarche) says in which months it falls (`mois`). The headline (engine/headline.py)
reads this calendar's average over the first 12 months: one source for the headline, the table,
the chart and the calendar.
"""

from . import fr
from .expressions import evaluate, render_text
from .run import Scope

YEAR = 12
LONG_HORIZON = 24  # when a right reacts in the second year (the pension's yearly check, a rolling year)


def _round(value):
    return round(float(value) + 0.0, 2) + 0.0


# The calendar adds and averages in whole cents (integers): a float sum() differs between Python versions
# (CPython 3.12 compensates it, Pyodide's and the command line's versions may differ), and an average that
# falls on half a cent must round the same way in the browser and on the command line.
def _cents(value):
    return int(round(float(value) * 100))


def _euros(cents):
    return round(cents / 100, 2) + 0.0


def _average(cents, count):
    """The average of whole cents, to the cent, half a cent away from zero (as one rounds by hand)."""
    whole, rest = divmod(abs(cents), count)
    return (1 if cents >= 0 else -1) * (whole + (1 if 2 * rest >= count else 0))


def month_id(date, offset):
    """'AAAA-MM' of the month `offset` months after the month of ISO `date`."""
    index = int(date[:4]) * 12 + int(date[5:7]) - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_name(month):
    """'mars 2026' for '2026-03'."""
    return f"{fr.MONTHS[int(month[5:7]) - 1]} {month[:4]}"


def _calendar_month(date, offset):
    """0 for January ... 11 for December, of the month `offset` months after `date`."""
    return (int(date[5:7]) - 1 + offset) % 12


def payment_months(periodicity, count, net_per_year, horizon):
    """The net payment received each month: all in the first month (une_fois), every month (par_mois),
    or `count` payments a year at regular intervals (par_an)."""
    months = [0.0] * horizon
    if periodicity == "une_fois":
        months[0] = net_per_year
    elif periodicity == "par_mois":
        months = [net_per_year / YEAR] * horizon
    else:
        number = max(1, int(round(count)))
        for year in range(0, horizon, YEAR):
            for k in range(number):
                month = year + k * YEAR // number
                if month < horizon:
                    months[month] += net_per_year / number
    return months


def timing(run, right_id, right, periodicity):
    """(first month of the changed amount, months it lasts or None for 'as long as the payments go on')."""
    date = run.date
    local = {"mois_du_paiement": float(_calendar_month(date, 0) + 1),
             "mois_avant_trimestre_suivant": float(3 - _calendar_month(date, 0) % 3)}
    scope = Scope(run, run.scenarios["apres"], right_id, local=local)
    start = max(0, int(round(float(evaluate(right["calendrier"]["debut_mois"], scope)))))
    duration = float(evaluate(right["duree_effet_mois"], scope)) if "duree_effet_mois" in right else float(YEAR)
    if duration <= 0:
        return start, 0
    return start, (int(round(duration)) if periodicity == "une_fois" else None)


def _right_lines(run, rights, periodicity):
    """For each right with an amount: its timing, its explanation and what to check."""
    lines = {}
    for right_id, entry in rights.items():
        rule = run.rules["droits"][right_id]
        if entry["avant"] is None or "calendrier" not in rule or max(abs(entry["avant"]), abs(entry["apres"])) < 0.005:
            continue  # no amount, or nothing with or without the payment: not a column of the calendar
        start, duration = run.timings.get(right_id) or timing(run, right_id, rule, periodicity)
        scope = Scope(run, run.scenarios["apres"], right_id)
        rule_timing = rule["calendrier"]
        check = None
        if "a_verifier" in rule_timing:
            body = run.rules["organismes"].get(rule_timing["organisme"], {}).get("nom", rule_timing["organisme"])
            check = f"À vérifier auprès de : {body} — {' '.join(rule_timing['a_verifier'].split())}."
        lines[right_id] = {"droit": right_id, "libelle": entry["sigle"] or entry["nom"], "avant": entry["avant"],
                           "apres": entry["apres"], "debut_mois": start, "duree_mois": duration,
                           "change": abs(entry["apres"] - entry["avant"]) >= 0.005,
                           "explication": render_text(rule_timing["texte"], scope), "a_verifier": check}
    return lines


def _in_effect(line, offset):
    if not line["change"] or line["duree_mois"] == 0 or offset < line["debut_mois"]:
        return False
    return line["duree_mois"] is None or offset < line["debut_mois"] + line["duree_mois"]


def _horizon(lines, periodicity):
    for line in lines.values():
        if not line["change"] or line["duree_mois"] == 0:
            continue
        end = line["debut_mois"] + (line["duree_mois"] or 1)
        if line["debut_mois"] >= YEAR or (periodicity == "une_fois" and end > YEAR):
            return LONG_HORIZON
    return YEAR


def declaration_months(kind, date, paid, horizon):
    """The months (offsets, possibly beyond the horizon) an action of kind `kind` falls in; `paid`: the
    offsets of the months with a payment. None for an action without a fixed month (sans_date)."""
    if kind in ("avant_premier_paiement", "premier_paiement"):
        return [0]
    if kind == "chaque_paiement":
        return list(paid)
    if kind in ("chaque_trimestre", "trimestres_pendant_un_an"):
        quarters = {i + 3 - _calendar_month(date, i) % 3 for i in paid}  # first month of the next quarter
        if kind == "trimestres_pendant_un_an":
            quarters = {q + 3 * k for q in quarters for k in range(4)}
        return sorted(quarters)
    if kind == "annee_suivante":
        return sorted({i + YEAR - _calendar_month(date, i) + 4 for i in paid})  # May of the next year
    return None


def _declarations(run, actions, paid, horizon):
    """({offset: [declaration]}, declarations without a fixed month, those after the horizon)."""
    by_month, undated, later = {}, [], []
    for action in actions:
        body = run.rules["organismes"].get(action["organisme"], {})
        item = {"organisme": action["organisme"], "organisme_nom": body.get("nom", action["organisme"]),
                "quoi": action["quoi"], "quand": action["quand"], "droits": action.get("droits", [])}
        months = declaration_months(action.get("mois", "sans_date"), run.date, paid, horizon)
        if months is None:
            undated.append(item)
            continue
        for offset in months:
            if offset < horizon:
                by_month.setdefault(offset, []).append(item)
            elif not any(x["quoi"] == item["quoi"] and x["organisme"] == item["organisme"] for x in later):
                later.append({**item, "mois": month_id(run.date, offset), "mois_nom": month_name(month_id(run.date, offset))})
    return by_month, undated, later


def _changes(lines, offset):
    """What changes this month, in words: a right's new amount, or its return to the amount before."""
    out = []
    for line in lines.values():
        now, before = _in_effect(line, offset), offset > 0 and _in_effect(line, offset - 1)
        if now and not before:
            out.append({"droit": line["droit"], "texte": f"{line['libelle']} : {fr.amount(line['apres'])} € par mois "
                                                          f"au lieu de {fr.amount(line['avant'])} €"})
        elif before and not now:
            out.append({"droit": line["droit"], "texte": f"{line['libelle']} : retour à {fr.amount(line['avant'])} € par mois"})
    return out


def build(run, rights, actions, net_per_year):
    """The result's `calendrier` (see docs/contribuer/architecture.md)."""
    rules = run.rules
    periodicity = run.inputs[rules["paiement"]["question_periodicite"]]
    count = float(run.inputs[rules["paiement"]["question_nombre"]])
    lines = _right_lines(run, rights, periodicity)
    horizon = _horizon(lines, periodicity)
    payments = payment_months(periodicity, count, net_per_year, horizon)
    paid = [i for i, value in enumerate(payments) if value > 0.005]
    by_month, undated, later = _declarations(run, actions, paid, horizon)
    months = []
    without = sum(_cents(line["avant"]) for line in lines.values())
    for offset in range(horizon):
        amounts = {rid: _cents(line["apres"] if _in_effect(line, offset) else line["avant"]) for rid, line in lines.items()}
        total = _cents(payments[offset]) + sum(amounts.values())
        month = month_id(run.date, offset)
        months.append({"mois": month, "mois_nom": month_name(month), "paiement_net": _euros(_cents(payments[offset])),
                       "droits": {rid: _euros(value) for rid, value in amounts.items()}, "total": _euros(total),
                       "total_sans_paiement": _euros(without), "difference": _euros(total - without),
                       "changements": _changes(lines, offset), "declarations": by_month.get(offset, [])})
    first_year = months[:YEAR]

    def mean(read):
        return _euros(_average(sum(_cents(read(m)) for m in first_year), YEAR))

    gain = mean(lambda m: m["difference"])
    rights_out = []
    for rid, line in lines.items():
        effect_months = [m["mois"] for i, m in enumerate(months) if _in_effect(line, i)]
        rights_out.append({"droit": rid, "libelle": line["libelle"], "avant": line["avant"], "apres": line["apres"],
                           "moyenne_12_mois": mean(lambda m, rid=rid: m["droits"][rid]), "debut_mois": line["debut_mois"],
                           "premier_mois": month_id(run.date, line["debut_mois"]) if line["change"] else None,
                           "premier_mois_nom": month_name(month_id(run.date, line["debut_mois"])) if line["change"] else None,
                           "mois_changes_12_mois": sum(1 for i in range(YEAR) if _in_effect(line, i)),
                           "mois_changes": effect_months,
                           "explication": line["explication"], "a_verifier": line["a_verifier"]})
    return {
        "horizon_mois": horizon,
        "premier_mois": months[0]["mois"],
        "rythme": periodicity,
        "libelle_paiement": "Paiement (net)",
        "mois": months,
        "droits": rights_out,
        "moyenne_12_mois": {"avec_paiement": mean(lambda m: m["total"]), "sans_paiement": mean(lambda m: m["total_sans_paiement"]),
                            "paiement_net": mean(lambda m: m["paiement_net"]), "gain": gain},
        "apres_12_mois": _after_first_year(months, lines, periodicity, horizon),
        "declarations_sans_date": undated,
        "declarations_plus_tard": later,
        "texte": _explanation(months, periodicity, gain, horizon),
    }


def _after_first_year(months, lines, periodicity, horizon):
    """For a one-off payment: what it still changes after the first 12 months (null when nothing)."""
    if periodicity != "une_fois":
        return None
    within = sum(_cents(m["difference"]) for m in months[YEAR:])
    beyond = sum((_cents(line["apres"]) - _cents(line["avant"]))
                 * (line["debut_mois"] + line["duree_mois"] - max(horizon, line["debut_mois"]))
                 for line in lines.values()
                 if line["change"] and line["duree_mois"] and line["debut_mois"] + line["duree_mois"] > horizon)
    if within == 0 and beyond == 0:
        return None
    return {"difference_totale": _euros(within + beyond),
            "texte": f"Après les 12 premiers mois, ce paiement change encore vos ressources de "
                     f"{fr.signed_euros(_euros(within + beyond))} au total : ce n'est pas compris dans la moyenne "
                     f"de l'année, mais c'est bien à prévoir."}


def _explanation(months, periodicity, gain, horizon):
    first = months[0]["mois_nom"]
    parts = [f"Chaque ligne est un mois, à partir du mois du premier paiement ({first}), sur {horizon} mois.",
             "Un droit change le mois où l'organisme verse le montant recalculé, souvent quelques mois après "
             "le paiement : c'est ce que montre le calendrier."]
    if periodicity == "par_an":
        parts.append("Les paiements de l'année sont placés à intervalles réguliers ; les droits sont calculés "
                     "sur leur moyenne.")
    parts.append(f"La moyenne des 12 premiers mois, avec le paiement moins sans le paiement, est le chiffre "
                 f"du haut : {fr.signed_euros(gain)} par mois.")
    return " ".join(parts)
