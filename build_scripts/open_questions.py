"""The page « Questions ouvertes » (/questions-ouvertes/): every point « à vérifier » of the rules,
grouped by the body to ask, with the question to ask it and the rule it affects; and the points
closed by a written answer (`reponse`), with their reference.

What a point is, and what an answer does to it: build_scripts/compiler/answers.py.
"""

from markupsafe import Markup

from build_scripts.guide import anchor
from build_scripts.markup import escape
from build_scripts.wording import one_line
from engine import fr

# The bodies referents ask first, in this order (issue 12); any other body with a point follows.
BODY_ORDER = ("caf", "cpam", "mdph", "france_travail", "urssaf", "impots", "caisse_retraite", "msa")
NO_BODY = "a_preciser"


class OpenQuestionFacts:
    """The points « à vérifier » (open or answered) of the rules, for the page and its tests."""

    def __init__(self, guide):
        self.guide = guide

    def points(self):
        return self._effects() + self._values() + self._alerts()

    def _effects(self):
        guide, out = self.guide, []
        for fid, form in guide.forms.items():
            for rid, effect in form.get("effets", {}).items():
                if rid not in guide.rights or (effect["compte"] != "a_verifier" and "reponse" not in effect):
                    continue
                question = effect.get("question") or (
                    f"Un paiement sous la forme « {one_line(form['nom'])} » compte-t-il dans le calcul du droit "
                    f"« {guide.right_label(rid)} » ? Si oui, comment faut-il le déclarer, et à partir de quand ?")
                out.append({"id": f"effet-{fid}-{rid}".replace("_", "-"), "organisme": effect.get("organisme"),
                            "sorte": "Effet d'une forme de paiement sur un droit",
                            "question": question, "contexte": effect["texte"],
                            "regle": Markup(f"{guide.form_link(fid, '')} × {guide.right_link(rid, '')}"),
                            "reponse": effect.get("reponse"), "fichier": f"rules/formes/{fid}.yaml, effets, {rid}"})
        return out

    def _values(self):
        guide, out = self.guide, []
        for pid, param in sorted(guide.params.items()):
            for entry in param["valeurs"]:
                if "a_verifier" not in entry and "reponse" not in entry:
                    continue
                label, since = one_line(param["libelle"]), fr.date(entry["depuis"])
                if entry.get("question"):
                    question = entry["question"]
                elif entry["valeur"] is None:
                    question = f"Quelle est la valeur de « {label} » depuis le {since}, et quel texte la fixe ?"
                else:
                    question = (f"La valeur de « {label} » retenue depuis le {since} "
                                f"({fr.with_unit(entry['valeur'], param.get('unite'))}) est-elle celle que vous appliquez ?")
                out.append({"id": f"parametre-{anchor(pid)}-{entry['depuis']}", "organisme": entry.get("organisme"),
                            "sorte": "Montant ou durée", "question": question,
                            "contexte": entry.get("a_verifier", ""), "regle": guide.param_link(pid, ""),
                            "reponse": entry.get("reponse"),
                            "fichier": f"rules/parametres/{pid.replace('.', '/')}.yaml, valeurs, depuis {entry['depuis']}"})
        return out

    def _alerts(self):
        guide, out = self.guide, []
        for rid, right in guide.rights.items():
            for index, alert in enumerate(right.get("alertes", [])):
                if "question" not in alert:
                    continue
                out.append({"id": f"alerte-{rid}-{index + 1}".replace("_", "-"),
                            "organisme": alert.get("organisme") or right["verse_par"],
                            "sorte": "Point d'attention d'un droit", "question": alert["question"],
                            "contexte": guide.text(alert["texte"]), "regle": guide.right_link(rid, ""),
                            "reponse": alert.get("reponse"),
                            "fichier": f"rules/droits/{rid}.yaml, alertes, n° {index + 1}"})
        return out

    def open_points(self):
        return [point for point in self.points() if not point["reponse"]]

    def answered(self):
        return [point for point in self.points() if point["reponse"]]

    def groups(self):
        """(body id, body name, open points) for the bodies of BODY_ORDER (even without a point), then
        the other bodies with a point, then the points that name no body."""
        by_body = {}
        for point in self.open_points():
            by_body.setdefault(point["organisme"] or NO_BODY, []).append(point)
        order = [b for b in BODY_ORDER if b in self.guide.bodies]
        order += sorted(b for b in by_body if b not in order and b != NO_BODY)
        groups = [(bid, self.guide.body_name(bid), by_body.get(bid, [])) for bid in order]
        if NO_BODY in by_body:
            groups.append((NO_BODY, "Organisme à préciser", by_body[NO_BODY]))
        return groups

    def answer_words(self, answer, prefix=""):
        """« Réponse écrite de la CAF du 12 janvier 2027 (référence : …) » as Markdown."""
        body = self.guide.body_link(answer["organisme"], prefix) if answer["organisme"] in self.guide.bodies \
            else escape(answer["organisme"])
        return Markup(f"Réponse écrite de {body} du {escape(fr.date(answer['date']))} "
                      f"(référence : {escape(one_line(answer['reference']))})")


def answer_source(guide, answer, prefix="../"):
    """The source line of a rule closed by a written answer, for the rules' own pages."""
    return OpenQuestionFacts(guide).answer_words(answer, prefix)
