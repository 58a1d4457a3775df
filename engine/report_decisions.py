"""Readable French text of the decision aids (command line): the comparison of payment forms
(engine/compare.py) and the thresholds (engine/thresholds.py)."""

from .fr import euros, signed_euros
from .vocabulary import STATUSES

FOOT = "Ce résultat est une estimation ; il ne remplace pas la décision de l'organisme qui verse chaque droit."


def _rights(items):
    return ", ".join(f"{item['nom']} ({STATUSES[item['statut']]['libelle']})" for item in items)


def render_comparison(answer, rules):
    lines = ["Quelle forme de paiement vous convient le mieux ?",
             "Même montant, même rythme : chaque forme de paiement, de celle qui vous rapporte le plus à celle qui "
             "vous rapporte le moins, une fois vos droits recalculés.", ""]
    for form in answer["formes"]:
        mark = " (votre choix)" if form["choisie"] else ""
        if not form["calcule"]:
            lines.append(f"  - {form['nom']}{mark} : non calculée ({'; '.join(e['message'] for e in form['erreurs'])})")
            continue
        head = f"{form['rang']}. " if form.get("rang") else "Ne convient pas : "
        lines.append(f"  {head}{form['nom']}{mark} : {signed_euros(form['gain_mensuel'])} par mois "
                     f"(net reçu {euros(form['net_mensuel'])} par mois)")
        for why in form["pourquoi"]:
            lines.append(f"      pourquoi : {why['texte']} ({why['source']['titre']})")
        for check in form["a_verifier"]:
            lines.append(f"      à vérifier : {check['texte']}")
        if form["droits_arretes"]:
            lines.append(f"      droits arrêtés : {_rights(form['droits_arretes'])}")
        if form["droits_baisses"]:
            lines.append(f"      droits en baisse : {_rights(form['droits_baisses'])}")
        if form["a_demander"]:
            lines.append(f"      à condition de demander : {', '.join(form['a_demander'])}")
        if form["risques"]:
            lines.append(f"      risques et points à vérifier : {len(form['risques'])}, dont : {form['risques'][0]['texte']}")
        if form["organismes"]:
            lines.append(f"      à prévenir : {', '.join(body['nom'] for body in form['organismes'])}")
        for item in form["hypotheses"]:
            lines.append(f"      supposé : {item['libelle']} — {item['explication']}".rstrip(" —"))
    return "\n".join(lines + ["", FOOT])


def _amounts(amounts):
    return f"{euros(amounts['par_seance'])} par séance ({euros(amounts['par_mois'])} par mois, {euros(amounts['par_an'])} par an)"


def render_thresholds(answer, rules):
    lines = []
    if answer["proximite"]:
        lines += [answer["proximite"]["texte"], ""]
    lines += [f"Jusqu'à combien sans perdre ? ({answer['forme_nom']}, votre montant : {_amounts(answer['montant_actuel'])})", ""]
    lines.append(f"Sans aucun changement de vos droits : jusqu'à {_amounts(answer['sans_effet_jusqu_a'])}.")
    lines.append(f"Sans rien perdre : jusqu'à {_amounts(answer['sans_perte_jusqu_a'])}.")
    if answer["falaises"]:
        lines += ["", "Les seuils où un euro de plus change beaucoup :"]
        for cliff in answer["falaises"]:
            lines.append(f"  - {cliff['texte']}")
            lines += [f"      {reason}" for reason in cliff["raisons"]]
    for other in answer["autres_seuils"]:
        if other["falaises"]:
            lines += ["", f"Selon la réponse « {other['libelle']} » (vous : {other['valeur_actuelle']:g} {other['unite']}) :"]
            for cliff in other["falaises"]:
                lines.append(f"  - {cliff['texte']}")
                lines += [f"      {reason}" for reason in cliff["raisons"]]
    lines += ["", "Droit par droit :"]
    for right in answer["droits"].values():
        parts = [f"{label} {euros(right[key]['par_seance'])} par séance" for key, label in
                 (("change_a_partir_de", "change à partir de"), ("baisse_a_partir_de", "baisse à partir de"),
                  ("perdu_a_partir_de", "perdu à partir de")) if right[key]]
        lines.append(f"  - {right['nom']} : {', '.join(parts) if parts else 'aucun changement jusqu’à ' + euros(answer['borne']['par_seance']) + ' par séance'}")
    if answer["sans_lien_avec_le_montant"]:
        lines += ["", "Touchés par l'activité elle-même, quel que soit le montant :"]
        lines += [f"  - {item['nom']} : {item['texte']}" for item in answer["sans_lien_avec_le_montant"]]
    lines += ["", f"Recherche de 0 à {euros(answer['borne']['par_seance'])} par séance, à l'euro près.", FOOT]
    return "\n".join(lines)
