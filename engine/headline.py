"""What the person reads first, computed once for the headline, the table and the chart.

One figure: what the person's monthly resources become, averaged over the first 12 months of the
month-by-month calendar (engine/schedule.py): a right counts for the months its changed amount is
paid; the payment counts for its net. A right the payment opens (nothing before, something after,
such as the prime d'activité) is paid only if the person asks for it: its gain is shown apart.
Notifications come most serious first, then by the amount at stake; identical notifications and
actions are said once.
"""

from .vocabulary import gravity_rank


def _round(value):
    return round(float(value) + 0.0, 2) + 0.0


def _opened(right):
    return right["avant"] < 0.005 and right["apres"] > 0.005


def resources(rights, calendar):
    """{"lignes", "avant", "apres", "gain_mensuel", "gain_sans_demande", "a_demander"} (euros per month), read
    from the month-by-month calendar (engine/schedule.py): each right's average over its first 12 months."""
    lines, to_request = [], []
    means = {line["droit"]: line["moyenne_12_mois"] for line in calendar["droits"]}
    for right_id, right in rights.items():
        if right["avant"] is None:
            continue  # a right without an amount (housing aid direction, CSS level...)
        mean = means.get(right_id, right["avant"])  # not in the calendar: nothing with or without the payment
        opened = _opened(right)
        if opened:
            to_request.append(right_id)
        lines.append({"droit": right_id, "libelle": right["sigle"] or right["nom"], "avant": right["avant"],
                      "apres": mean, "difference": mean - right["avant"], "a_demander": opened})
    net = calendar["moyenne_12_mois"]["paiement_net"]
    lines.append({"droit": None, "libelle": calendar["libelle_paiement"], "avant": 0.0, "apres": net, "difference": net,
                  "a_demander": False})
    gain = calendar["moyenne_12_mois"]["gain"]
    requested = sum(line["difference"] for line in lines if line["a_demander"])
    before = calendar["moyenne_12_mois"]["sans_paiement"]
    return {
        "lignes": [{**line, **{key: _round(line[key]) for key in ("avant", "apres", "difference")}} for line in lines],
        "avant": before,
        "apres": _round(before + gain),
        "gain_mensuel": gain,
        "gain_sans_demande": _round(gain - requested),
        "a_demander": to_request,
    }


def order_alerts(alerts, rights):
    """Most serious first, then the largest amount at stake over the year; each text once."""
    def at_stake(alert):
        right = rights.get(alert.get("droit"))
        if not right or right["difference"] is None:
            return 0.0
        return abs(right["difference"] * right["duree_effet_mois"])

    seen, unique = set(), []
    for alert in alerts:
        key = (alert["gravite"], alert["texte"])
        if key not in seen:
            seen.add(key)
            unique.append(alert)
    return sorted(unique, key=lambda alert: (gravity_rank(alert), -at_stake(alert)))


def merge_actions(actions):
    """One entry per (body, what, when), naming every right it serves (`droits`)."""
    merged = {}
    for action in actions:
        key = (action["organisme"], action["quoi"], action["quand"])
        if key in merged:
            if action["droit"] not in merged[key]["droits"]:
                merged[key]["droits"].append(action["droit"])
        else:
            merged[key] = {**action, "droits": [action["droit"]]}
    return list(merged.values())


def bodies(rules, actions, alerts, rights):
    """Each body the result sends the person to: its name and how to reach it (the letter to write to
    it is in result["courriers"], engine/letters.py)."""
    concerned = []
    for item in actions + alerts:
        body_id = item.get("organisme")
        if body_id and body_id not in concerned:
            concerned.append(body_id)
    out = {}
    for body_id in concerned:
        body = rules["organismes"].get(body_id)
        if body:
            out[body_id] = {"nom": body["nom"], "sigle": body.get("sigle", ""),
                            "contact": " ".join(body.get("contact", "").split())}
    return out
