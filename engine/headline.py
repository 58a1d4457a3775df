"""What the person reads first, computed once for the headline, the table and the chart.

One figure: what the person's monthly resources become, averaged over the year. A right that
changes for part of the year only counts for that part (difference × months of effect / 12);
the payment counts for its net. A right the payment opens (nothing before, something after,
such as the prime d'activité) is paid only if the person asks for it: its gain is shown apart.
Notifications come most serious first, then by the amount at stake; identical notifications and
actions are said once.
"""

from .vocabulary import gravity_rank


def _round(value):
    return round(float(value) + 0.0, 2) + 0.0


def _opened(right):
    return right["avant"] < 0.005 and right["apres"] > 0.005


def resources(rights, net_per_year):
    """{"lignes", "avant", "apres", "gain_mensuel", "gain_sans_demande", "a_demander"} (euros per month)."""
    lines, to_request = [], []
    for right_id, right in rights.items():
        if right["avant"] is None:
            continue  # a right without an amount (housing aid direction, CSS level...)
        change = right["difference"] * right["duree_effet_mois"] / 12
        opened = _opened(right)
        if opened:
            to_request.append(right_id)
        lines.append({"droit": right_id, "libelle": right["sigle"] or right["nom"], "avant": right["avant"],
                      "apres": right["avant"] + change, "difference": change, "a_demander": opened})
    lines.append({"droit": None, "libelle": "Paiement (net)", "avant": 0.0, "apres": net_per_year / 12,
                  "difference": net_per_year / 12, "a_demander": False})
    gain = _round(sum(line["difference"] for line in lines))
    requested = sum(line["difference"] for line in lines if line["a_demander"])
    before = _round(sum(line["avant"] for line in lines))
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
