"""Letters (courriers): for each body the result sends the person to, a letter ready to print or copy
that asks it for a written answer.

The words are the rules' (rules/courriers/*.yaml, compiled by build_scripts/compiler/letters.py): a
template per body, chosen by its condition `si`, lists the answers that body needs, and places the
blocks this module fills from the result: the subject, the person's situation (those answers only),
the payment, the figures found, what the person plans to declare, the precise questions (the
notifications that send the person to this body to check something, then the template's own
question), the articles they turn on (the template's, the concerned rights' and the payment form's,
and the sources of the parameters in doubt) and the answer delay asked for. Deterministic, standard library only.
"""

from . import fr
from .expressions import evaluate
from .outcome import render_text
from .parameters import value_at
from .run import Scope
from .situation import relevance
from .vocabulary import STATUSES

DONT_KNOW = "je ne sais pas"
# The blocks a template places (build_scripts/compiler/letters.py requires each one once).
BLOCKS = ("objet", "situation", "paiement", "chiffres", "demarches", "questions", "articles", "delai")
# A source is cited among the articles when its title names an article of a legal text.
LEGAL_WORD = "article"


def _answer(question, value):
    """An answer in words: a choice's label, oui / non, an amount with its unit."""
    kind = question["type"]
    if kind == "choix":
        return next((c["libelle"] for c in question["choix"] if c["valeur"] == value), str(value))
    if kind == "booleen":
        return "oui" if value else "non"
    unit = question.get("unite", "")
    if unit.startswith("EUR"):
        return f"{fr.amount(value)} {fr.UNIT_WORDS.get(unit, '€')}"
    return f"{fr.number(value)} {fr.UNIT_WORDS[unit]}" if unit in ("heures", "mois") else fr.number(value)


def _situation(run, template, asked, unknown):
    """The answers this body needs, among the questions the person was asked, in the questions' order."""
    wanted = set(template["reponses"])
    lines = []
    for question in run.rules["questions"]:
        qid = question["id"]
        if qid not in wanted or not asked[qid]:
            continue
        label = question["libelle"].strip()
        answer = DONT_KNOW if qid in unknown else _answer(question, run.inputs[qid])
        lines.append(f"- {label} {answer}" if label.endswith("?") else f"- {label} : {answer}")
    return lines


def _payment(run, result):
    rules, payment = run.rules, result["paiement"]
    by_id = {q["id"]: q for q in rules["questions"]}
    ids = rules["paiement"]
    rhythm = _answer(by_id[ids["question_periodicite"]], run.inputs[ids["question_periodicite"]])
    total = float(evaluate(rules["paiement"]["periodes"]["annee"], Scope(run, None)))
    lines = [f"- Forme : {payment['forme_nom']}",
             f"- Montant d'une séance ou d'un versement : {fr.amount(run.inputs[ids['question_montant']])} €",
             f"- Nombre de séances ou de versements : {fr.number(run.inputs[ids['question_nombre']])}, {rhythm}",
             f"- Total sur un an : {fr.amount(total)} €"]
    return lines


def _concerned(result, body_id):
    """The rights this body pays or decides, and those its notifications or actions name, in the result's order."""
    named = {item.get("droit") for item in result["alertes"] if item.get("organisme") == body_id}
    for action in result["demarches"]:
        if action["organisme"] == body_id:
            named.update(action["droits"])
    return [right_id for right_id, right in result["droits"].items()
            if body_id in (right["verse_par"], right["decide_par"]) or right_id in named]


def _figures(rules, result, rights):
    payment = result["paiement"]
    if rules["formes"][payment["forme"]].get("nature") == "frais":
        lines = ["- Ce que ce paiement me laisse comme revenu : rien, il ne fait que rembourser mes frais"]
    else:
        lines = [f"- Ce que je recevrais vraiment de ce paiement, après cotisations : {fr.amount(payment['net_mensuel'])} € "
                 f"par mois en moyenne ({fr.amount(payment['net_annuel'])} € sur un an)"]
    for right_id in rights:
        right = result["droits"][right_id]
        status = STATUSES[right["statut"]]["libelle"]
        if right["avant"] is None:
            line = f"- {right['nom']} : {status}"
        else:
            after = f"{fr.amount(right['apres'])} €"
            if abs(right["apres_max"] - right["apres_min"]) >= 0.005:
                after = f"entre {fr.amount(right['apres_min'])} € et {fr.amount(right['apres_max'])} €"
            line = (f"- {right['nom']} : {fr.amount(right['avant'])} € par mois sans ce paiement, {after} par mois "
                    f"avec ({status})")
        lines.append(f"{line}. {right['effet']}" if right["effet"] else line)
    return lines


def _questions(run, result, body_id, body_name, template, scope):
    """The notifications that send the person to this body to check a point, then the template's question."""
    prefix = f"À vérifier auprès de : {body_name}."
    points = []
    for alert in result["alertes"]:
        if alert.get("organisme") != body_id or "vérifier" not in alert["texte"].lower():
            continue
        text = alert["texte"]
        text = text[len(prefix):].strip() if text.startswith(prefix) else text
        if text not in points:
            points.append(text)
    items = [f"Le simulateur m'a signalé ce point : « {point} » Qu'en est-il dans mon cas ?" for point in points] + [render_text(template["question"], scope)]
    return items


def _is_legal(reference):
    return LEGAL_WORD in reference["titre"].lower()


def _doubtful_sources(run, rights):
    """The sources of the parameters the concerned rights use whose value is in doubt (a_verifier): the
    text of the doubtful change, then the parameter's references that cite an article."""
    seen, sources = set(), []
    for right_id in rights:
        for parameter_id in run.parameters_read.get(right_id, ()):
            if parameter_id in seen:
                continue
            seen.add(parameter_id)
            parameter = run.rules["parametres"][parameter_id]
            warning = value_at(parameter_id, parameter, run.parameter_date)[2]
            if warning:
                doubtful = next(e for e in parameter["valeurs"] if e["depuis"] == warning["depuis"])
                sources += [doubtful["source"]] if doubtful.get("source") else []
                sources += [ref for ref in parameter.get("references", []) if _is_legal(ref)]
    return sources


def _articles(run, result, template, body_id, rights):
    rules = run.rules
    form = rules["formes"][result["paiement"]["forme"]]
    counted = any(form["effets"].get(right_id, {}).get("compte") != "non" for right_id in rights)
    declared = any(action["organisme"] == body_id and None in action["droits"] for action in result["demarches"])
    sources = list(template.get("references", []))
    for right_id in rights:
        sources += [ref for ref in rules["droits"][right_id].get("references", []) if _is_legal(ref)]
    if counted or declared:
        sources += [ref for ref in form.get("references", []) if _is_legal(ref)]
    sources += _doubtful_sources(run, rights)
    if not sources:  # no legal text: the body's own pages
        sources = list(rules["organismes"][body_id].get("references", []))
    unique, seen = [], set()
    for ref in sources:
        key = ref.get("url") or ref["titre"]
        if key not in seen:
            seen.add(key)
            unique.append({"titre": ref["titre"], "url": ref.get("url", "")})
    return unique


def _template(run, body_id, scope):
    templates = sorted(run.rules.get("courriers", {}).items(), key=lambda item: (item[1].get("ordre", 1000), item[0]))
    for template_id, template in templates:
        if template["organisme"] == body_id and ("si" not in template or evaluate(template["si"], scope)):
            return template_id, template
    return None, None


def _naming(run, body_id, template_id, template):
    """What names a letter: all the page gets of it until the person opens it."""
    return {"organisme": body_id, "nom": run.rules["organismes"][body_id]["nom"], "modele": template_id, "titre": template["nom"]}


def _block(title, lines):
    return "\n".join([title] + lines) if lines else ""


def letter(run, result, body_id, scope, asked):
    """The letter to one body, or None when the rules hold no template for it; `asked`: {question id: whether
    the person was asked it}."""
    template_id, template = _template(run, body_id, scope)
    if template is None:
        return None
    naming = _naming(run, body_id, template_id, template)
    body_name = naming["nom"]
    rights = _concerned(result, body_id)
    subject = render_text(template["objet"], scope)
    questions = _questions(run, result, body_id, body_name, template, scope)
    articles = _articles(run, result, template, body_id, rights)
    delay = render_text(template["delai"], scope)
    unknown = {item["champ"] for item in result["hypotheses"]}
    actions = [f"- {a['quoi']} ({a['quand']})" for a in result["demarches"] if a["organisme"] == body_id]
    blocks = {
        "objet": f"Objet : {subject}",
        "situation": _block("Ma situation :", _situation(run, template, asked, unknown)),
        "paiement": _block("Le paiement que l'on me propose pour mon activité de patient partenaire :", _payment(run, result)),
        "chiffres": _block(f"Ce que j'ai estimé avec un simulateur, à la date du {fr.date(result['date'])} (merci de me dire "
                           "si c'est juste) :", _figures(run.rules, result, rights)),
        "demarches": _block("Ce que le simulateur me conseille de faire (merci de me dire si c'est juste) :", actions),
        "questions": _block("Mes questions :", [f"{n}. {q}" for n, q in enumerate(questions, 1)]),
        "articles": _block("Les textes sur lesquels portent mes questions :",
                           [f"- {a['titre']}" + (f" ({a['url']})" if a["url"] else "") for a in articles]),
        "delai": delay,
    }
    assert set(blocks) == set(BLOCKS)
    paragraphs = []
    for item in template["paragraphes"]:
        text = blocks[item["bloc"]] if "bloc" in item else "\n".join(render_text(line, scope) for line in item["lignes"])
        if text:
            paragraphs.append(text)
    return {
        **naming,
        "objet": subject,
        "aide": template["aide"].strip(),
        "paragraphes": paragraphs,
        "corps": "\n\n".join(paragraphs),
        "droits": rights,
        "questions": questions,
        "articles": articles,
        "delai": delay,
    }


def letters(run, result, complete=True):
    """One letter per body of result["organismes"], in the bodies' order. complete=False: only which
    letters there are ("organisme", "nom", "modele", "titre"), without their text (the page asks for
    the text when a letter is opened)."""
    scope = Scope(run, run.scenarios["apres"])
    asked = relevance(run.rules["questions"], run.inputs) if complete else None
    order = sorted(result["organismes"], key=lambda b: (run.rules["organismes"][b].get("ordre", 1000), b))
    out = []
    for body_id in order:
        if complete:
            entry = letter(run, result, body_id, scope, asked)
        else:
            template_id, template = _template(run, body_id, scope)
            entry = template and _naming(run, body_id, template_id, template)
        if entry:
            out.append(entry)
    return out


def render_letters(answer, rules):
    """The letters as plain text (command line): each one under a title, ready to copy."""
    parts = []
    for entry in answer["courriers"]:
        rule = "=" * 72
        parts.append(f"{rule}\n{entry['titre']} — {entry['nom']}\n{entry['aide']}\n{rule}\n\n{entry['corps']}")
    return "\n\n\n".join(parts) if parts else "Aucune lettre : ce résultat n'envoie vers aucun organisme."
