"""The rules bundle as the templates of the guide's pages see it (they call it `p`).

Rights, payment forms, bodies and worked cases in their order; names and Markdown links; the
parameter values in force; the texts and formulas of the rules in words (build_scripts/wording.py).
Facts that only one kind of page needs live in build_scripts/page_facts.py.
"""

import datetime
from pathlib import Path

from markupsafe import Markup

from build_scripts.markup import escape, link, rich
from build_scripts.wording import Wording, one_line
from engine import fr
from engine.tree import references
from engine.vocabulary import COUNTS

# A payment form that says nothing about a right: not a count of the vocabulary (engine.vocabulary.COUNTS).
COUNT_NOT_STATED = {"libelle": "non précisé — à vérifier", "classe": "effet-inconnu"}


def anchor(pid):
    return pid.replace(".", "-")


def by_order(items):
    return sorted(items.items(), key=lambda item: (item[1].get("ordre", 1000), item[0]))


class Guide:
    """Everything the templates need, computed from one bundle (links: prefix '../' from a sub-folder).
    What it returns as Markdown (links, formulas and texts in words) is Markup, every text of the
    rules in it escaped by build_scripts/markup.py."""

    def __init__(self, bundle, today=None, docs_dir=None):
        self.bundle = bundle
        self.today = (today or datetime.date.today()).isoformat()
        self.docs_dir = Path(docs_dir) if docs_dir else None
        self.rights = self.collection("droits")
        self.forms = self.collection("formes")
        self.bodies = self.collection("organismes")
        self.cases = self.collection("cas")
        self.params = bundle["parametres"]
        self.inputs = {q["id"]: q for q in bundle.get("questions", [])}
        self.assiettes = bundle.get("paiement", {}).get("assiettes", {})
        self.glossary = sorted(bundle.get("glossaire", []), key=lambda t: t["sigle"].lower())
        self.generated = set()  # paths of the generated pages, set by generate_pages.render_all

    def collection(self, key):
        """The items of bundle[key] by their `ordre`, then their id."""
        return dict(by_order(self.bundle.get(key, {})))

    # ----- names and links ---------------------------------------------------------------------------------
    def body_name(self, bid):
        body = self.bodies.get(bid)
        return body["nom"] if body else bid

    def body_link(self, bid, prefix="../"):
        if bid not in self.bodies:
            return escape(bid)
        return link(self.body_name(bid), f"{prefix}organismes/{bid}.md")

    def right_label(self, rid):
        right = self.rights[rid]
        return right["nom"] + (f" ({right['sigle']})" if right.get("sigle") else "")

    def right_link(self, rid, prefix="../"):
        return link(self.right_label(rid), f"{prefix}droits/{rid}.md")

    def form_link(self, fid, prefix="../"):
        return link(self.forms[fid]["nom"], f"{prefix}formes/{fid}.md")

    def param_link(self, pid, prefix="../"):
        return link(self.params[pid]["libelle"], f"{prefix}parametres.md#{anchor(pid)}")

    def glossary_page(self, term):
        """The page a glossary term links to, if the site has it."""
        page = term.get("page")
        if not page:
            return None
        if page in self.generated or (self.docs_dir is not None and (self.docs_dir / page).exists()):
            return page
        return None

    # ----- parameter values ------------------------------------------------------------------------------
    def current(self, pid):
        """The entry of a parameter in force today (or its first one)."""
        values = self.params[pid]["valeurs"]
        chosen = values[0]
        for entry in values:
            if entry["depuis"] <= self.today:
                chosen = entry
        return chosen

    def current_value(self, pid):
        entry = self.current(pid)
        if entry.get("valeur") is None:
            return "à vérifier"
        return fr.with_unit(entry["valeur"], self.params[pid].get("unite"))

    def bare_value(self, pid):
        """The value in force without its unit (texts write it: « {p.mva.montant} € par mois »)."""
        value = self.current(pid).get("valeur")
        if value is None:
            return "(à vérifier)"
        unit = self.params[pid].get("unite") or ""
        if unit == "taux":
            return fr.with_unit(value, unit)
        return fr.number(value, 2 if unit.startswith("EUR") else None)

    def freshness(self, pid):
        return fr.date(self.params[pid]["verifie_le"])

    # ----- steps, formulas and texts ------------------------------------------------------------------------
    def step(self, rid, name):
        for step in self.bundle["droits"].get(rid, {}).get("etapes", []):
            if step["nom"] == name:
                return step
        return None

    def step_params(self, step):
        """Parameters used by a step, in order of first use."""
        seen = []
        for ref in references(step["formule"]):
            if ref[0] == "param" and ref[1] not in seen:
                seen.append(ref[1])
        return seen

    def right_params(self, rid):
        seen = []
        for step in self.bundle["droits"][rid]["etapes"]:
            for pid in self.step_params(step):
                if pid not in seen:
                    seen.append(pid)
        return seen

    def words(self, tree, right=None, prefix="../"):
        """A compiled formula tree in plain French (build_scripts/wording.py)."""
        return Markup(Wording(self, right, prefix).walk(tree))

    def text(self, parts):
        """A compiled text with placeholders, in the Markdown subset (markup.rich): parameters show
        their current value."""
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            elif part[0] == "ref" and part[1] == "param":
                out.append(self.bare_value(part[2]))
            elif part[0] == "ref" and part[1] == "input":
                out.append("(votre réponse)")
            else:
                out.append("(montant calculé)")
        return rich(one_line("".join(out)))

    def form_effect(self, fid, rid):
        """How a payment form counts for a right, with the words and class of its count."""
        effect = self.forms[fid].get("effets", {}).get(rid)
        count = COUNTS[effect["compte"]] if effect else COUNT_NOT_STATED
        return {"effet": effect, "libelle": count["libelle"], "classe": count["classe"],
                "texte": rich(one_line(effect.get("texte", ""))) if effect else "",
                "organisme": effect.get("organisme") if effect else None}
