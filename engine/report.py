"""Readable French text report of a simulation result (command line)."""

from .fr import amount, date, euros, signed_euros
from .vocabulary import GRAVITIES, STATUSES


def render_report(result, rules):
    bodies = rules["organismes"]
    payment = result["paiement"]
    lines = [
        f"Simulation au {result['date']} (règles {result['regles']['version']}, vérifiées le {result['regles']['verifie_le']})",
        "",
        f"Paiement : {payment['forme_nom']}",
        f"  montant brut : {euros(payment['brut_mensuel'])} par mois en moyenne ({euros(payment['brut_annuel'])} sur un an)",
        f"  montant net perçu : {euros(payment['net_mensuel'])} par mois en moyenne",
        "",
        f"Ce que ce paiement vous rapporte vraiment : {signed_euros(result['gain_mensuel'])} par mois en moyenne "
        f"({signed_euros(result['gain_annuel'])} sur un an), une fois comptés les effets sur vos droits.",
        "",
        "Vos droits :",
    ]
    for right in result["droits"].values():
        lines.append(f"  - {right['nom']} : {STATUSES[right['statut']]['libelle']}")
        if right["avant"] is not None:
            after = euros(right["apres"])
            if abs(right["apres_max"] - right["apres_min"]) >= 0.005:
                after = f"entre {euros(right['apres_min'])} et {euros(right['apres_max'])}"
            lines.append(f"      avant {euros(right['avant'])} / mois, après {after} / mois "
                         f"(différence {signed_euros(right['difference'])})")
        if right["effet"]:
            lines.append(f"      quand : {right['effet']}")
    if result["alertes"]:
        lines += ["", "À savoir :"]
        for alert in result["alertes"]:
            lines.append(f"  [{GRAVITIES[alert['gravite']]['libelle']}] {alert['texte']}")
    if result["demarches"]:
        lines += ["", "À déclarer / à demander :"]
        for action in result["demarches"]:
            body = bodies.get(action["organisme"], {}).get("nom", action["organisme"])
            lines.append(f"  - {body} : {action['quoi']} ({action['quand']})")
    if result["hypotheses"]:
        lines += ["", "Hypothèses retenues (réponses « je ne sais pas ») :"]
        for item in result["hypotheses"]:
            lines.append(f"  - {item['libelle']} : {amount(item['valeur'])}. {item['explication']}".rstrip())
    lines += ["", "Ce résultat est une estimation ; il ne remplace pas la décision de l'organisme qui verse chaque droit."]
    return "\n".join(lines)


def _cell(text, width):
    text = str(text)
    return (text if len(text) <= width else text[:width - 1] + "…").rjust(width)


def render_calendar(answer, rules):
    """The month-by-month calendar as a French text table, then what to declare each month."""
    calendar = answer["calendrier"]
    rights = calendar["droits"]
    widths = [15, 11] + [max(11, min(16, len(r["libelle"]))) for r in rights] + [11, 14]
    header = ["Mois", "Paiement"] + [r["libelle"] for r in rights] + ["Total", "Sans paiement"]
    lines = [f"Mois par mois, à partir du {date(answer['date'])} (premier paiement), sur {calendar['horizon_mois']} mois", "",
             calendar["texte"], "", "  ".join(_cell(h, w) for h, w in zip(header, widths))]
    for month in calendar["mois"]:
        cells = [month["mois_nom"], euros(month["paiement_net"])]
        cells += [euros(month["droits"][r["droit"]]) for r in rights]
        cells += [euros(month["total"]), euros(month["total_sans_paiement"])]
        lines.append("  ".join(_cell(c, w) for c, w in zip(cells, widths)))
    lines += ["", f"Moyenne des 12 premiers mois : {euros(calendar['moyenne_12_mois']['avec_paiement'])} avec le paiement, "
                  f"{euros(calendar['moyenne_12_mois']['sans_paiement'])} sans : "
                  f"{signed_euros(answer['gain_mensuel'])} par mois (le chiffre du haut)."]
    if calendar["apres_12_mois"]:
        lines.append(calendar["apres_12_mois"]["texte"])
    lines += ["", "Quand chaque droit change :"]
    for right in rights:
        when = f"change à partir de {right['premier_mois_nom']}" if right["premier_mois"] else "ne change pas"
        lines.append(f"  - {right['libelle']} : {when}. {right['explication']}")
        if right["a_verifier"]:
            lines.append(f"      {right['a_verifier']}")
    lines += ["", "À déclarer, mois par mois :"]
    for month in calendar["mois"]:
        for item in month["declarations"]:
            lines.append(f"  - {month['mois_nom']} : {item['organisme_nom']} — {item['quoi']}")
    for item in calendar["declarations_plus_tard"]:
        lines.append(f"  - {item['mois_nom']} : {item['organisme_nom']} — {item['quoi']}")
    for item in calendar["declarations_sans_date"]:
        lines.append(f"  - sans date fixe : {item['organisme_nom']} — {item['quoi']} ({item['quand']})")
    return "\n".join(lines)


