"""Facts of the trainers' pages (generate_pages.PAGE_KINDS): the training path (/formation/, from
rules/formation.yaml), one training sequence per worked case (/formation/<cas>/) and the needs
questionnaires (/besoins/, from rules/besoins.yaml).

A sequence reveals the engine's own answer for the case, computed once per build with
engine.simulate on the bundle the site ships (never figures copied by hand): each right, then the
figures, then whom to tell.
"""

import json
from functools import cached_property

from build_scripts.compiler.bundle import serialise
from build_scripts.page_facts import CaseFacts
from engine import fr, simulate
from engine.vocabulary import COUNTS

# The questions every sequence asks when its case has none of its own (cas/*.yaml, formation.questions).
DEFAULT_QUESTIONS = (
    "Parmi les droits de cette personne, lesquels ce paiement peut-il changer ? Dans quel sens ?",
    "Ce paiement rapporte-t-il vraiment de l'argent, une fois les baisses de droits comptées ?",
    "À qui faut-il le signaler, et quand ?",
)


def duration(minutes):
    """Minutes in words: « 3 h 30 », « 45 min »."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" + (f" {rest:02d}" if rest else "")


class TrainingFacts(CaseFacts):
    """The training path and the case sequences."""

    @cached_property
    def _shipped(self):
        """The bundle as the site ships it (with its version), which the engine reads."""
        return json.loads(serialise(self.guide.bundle)[0])

    @cached_property
    def _results(self):
        return {}

    def result(self, cid):
        """The engine's result for the worked case `cid` (computed once per build)."""
        if cid not in self._results:
            case = self._shipped["cas"][cid]
            self._results[cid] = simulate(self._shipped, case["situation"], case["date"])
        return self._results[cid]

    # ----- the training path (formation.yaml) ---------------------------------------------------------
    @property
    def path(self):
        return self.guide.bundle.get("formation")

    def sequences(self):
        """(start, end, sequence) of each sequence, in minutes from the start of the session."""
        out, start = [], 0
        for sequence in (self.path or {}).get("sequences", []):
            out.append((duration(start) if start else "0 min", duration(start + sequence["duree"]), sequence))
            start += sequence["duree"]
        return out

    def total(self):
        return duration(sum(s["duree"] for s in (self.path or {}).get("sequences", [])))

    def page_title(self, page):
        """The title of a page of the site a sequence names (generated pages: from the rules)."""
        guide = self.guide
        folder, _, name = page.rpartition("/")
        stem = name.removesuffix(".md")
        known = {"droits": guide.rights, "formes": guide.forms, "organismes": guide.bodies, "cas": guide.cases}
        if folder in known and stem in known[folder]:
            item = known[folder][stem]
            return item.get("nom") or item["titre"]
        return TITLES.get(page) or page.removesuffix(".md").replace("/index", "").replace("-", " ").capitalize()

    # ----- a case's sequence ----------------------------------------------------------------------------
    def questions(self, case):
        return case.get("formation", {}).get("questions") or list(DEFAULT_QUESTIONS)

    def reveal_rights(self, cid):
        """What to reveal for each right the case concerns, in the order of the rights: the rights
        the payment changes first (status other than unchanged), then the others."""
        rights = self.result(cid)["droits"]
        out = []
        for rid in self.guide.rights:
            if rid not in rights:
                continue
            got = rights[rid]
            treatment = got.get("traitement_paiement") or {}
            count = COUNTS.get(treatment.get("compte"), {}).get("libelle")
            out.append({"rid": rid, "nom": got["nom"] + (f" ({got['sigle']})" if got.get("sigle") else ""),
                        "statut": got["statut"], "compte": count, "comment": treatment.get("texte", ""),
                        "quand": got.get("effet") or "", "alertes": [a["texte"] for a in got.get("alertes", [])],
                        "change": got["statut"] != "inchangé" or (got.get("difference") or 0) != 0})
        return sorted(out, key=lambda right: not right["change"])

    def figures(self, cid):
        """(right name, before, after, difference) of the rights with an amount, and the real gain."""
        result = self.result(cid)
        rows = [(right["nom"] + (f" ({right['sigle']})" if right.get("sigle") else ""), self.euros(right["avant"]),
                 self.euros(right["apres"]), fr.signed_euros(right["difference"]))
                for rid, right in result["droits"].items() if right.get("avant") is not None]
        return {"lignes": rows, "net_mensuel": self.euros(result["paiement"]["net_mensuel"]),
                "gain_mensuel": self.euros(result["gain_mensuel"]), "gain_annuel": self.euros(result["gain_annuel"])}

    def whom_to_tell(self, cid):
        """(body name, what, when) of every action of the result, then the bodies' contacts."""
        result = self.result(cid)
        bodies = result["organismes"]
        actions = [(bodies.get(a["organisme"], {}).get("nom") or self.guide.body_name(a["organisme"]), a["quoi"], a["quand"])
                   for a in result["demarches"]]
        contacts = [(body["nom"], body.get("contact", "")) for body in bodies.values()]
        return actions, contacts

    def sequences_of(self, cid):
        """Titles of the path's sequences that work on this case."""
        return [s["titre"] for _, _, s in self.sequences() if cid in s.get("cas", [])]


# Titles of the pages that are not generated from a rule (the training path names them).
TITLES = {
    "index.md": "Accueil", "simulateur.md": "Simulateur", "tableau-croise.md": "Tableau forme × droit",
    "parametres.md": "Paramètres et sources", "glossaire.md": "Glossaire", "engagement.md": "Les formes d'engagement",
    "reconnaissance.md": "La reconnaissance sociale de l'engagement", "aide.md": "Obtenir de l'aide",
    "questions-ouvertes.md": "Questions ouvertes", "besoins/index.md": "Questionnaires de besoins",
    "droits/index.md": "Vos droits", "formes/index.md": "Formes de paiement", "cas/index.md": "Cas pratiques",
    "organismes/index.md": "Organismes", "formation/index.md": "Parcours de formation",
}


class NeedsFacts:
    """The needs questionnaires (besoins.yaml): nothing is collected by the site."""

    def __init__(self, guide):
        self.guide = guide

    @staticmethod
    def field_id(qid, question):
        return f"besoin-{qid}-{question['id']}".replace("_", "-")
