"""Readable French text report of a simulation result (command line)."""

from .fr import amount, euros, signed_euros
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
