"""Generate the guide's pages from the compiled rules bundle (Jinja2 templates in templates/).

    python -m build_scripts.generate_pages [--docs docs]

Called by the MkDocs hook (mkdocs_hook.py) at every build: `generate_pages(bundle, docs_dir)`
writes into docs/ the pages of rights, payment forms, bodies and worked cases (with their index pages), the
parameters page, the cross table and the glossary, plus build/abbreviations.md (the acronyms,
appended to every page by pymdownx.snippets). A file is written only when its content changes
(no rebuild loop under `mkdocs serve`); generated pages of rights, forms or bodies that no longer
exist are deleted. `expand_navigation(nav, bundle)` lists the generated pages in the navigation.

Everything here is plain Python + Jinja2: no MkDocs import, so the site generator can be swapped.
"""

import argparse
import datetime
import re
from pathlib import Path

import jinja2

from engine.share import encode_share
from engine.tree import references

TEMPLATES = Path(__file__).resolve().parent / "templates"
MARKER = "<!-- Page générée automatiquement"
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
# Parameter domains (first part of a parameter id) -> title on the parameters page.
DOMAINS = {
    "aah": "Allocation aux adultes handicapés (AAH)", "mva": "Majoration pour la vie autonome (MVA)",
    "asi": "Allocation supplémentaire d'invalidité (ASI)", "are": "Allocation chômage (ARE)",
    "css": "Complémentaire santé solidaire (CSS)", "impot_revenu": "Impôt sur le revenu",
    "micro_entrepreneur": "Micro-entrepreneur", "pension_invalidite": "Pension d'invalidité",
    "prime_activite": "Prime d'activité", "pss": "Plafond de la sécurité sociale (PASS)",
    "retraite": "Retraite", "rsa": "Revenu de solidarité active (RSA)", "salaire": "Salaire et cotisations",
    "smic": "Salaire minimum (SMIC)",
}
UNITS = {"EUR": "€", "EUR/mois": "€ par mois", "EUR/an": "€ par an", "EUR/trimestre": "€ par trimestre",
         "EUR/heure": "€ de l'heure", "taux": "pourcentage", "heures": "heures", "mois": "mois",
         "nombre": "nombre", "booleen": "oui ou non"}
COMPTE = {"oui": ("compte", "effet-oui"), "non": ("ne compte pas", "effet-non"),
          "a_verifier": ("à vérifier", "effet-verifier"), None: ("non précisé — à vérifier", "effet-inconnu")}
GRAVITE = {"danger": ("danger", "Danger"), "attention": ("warning", "Attention"), "info": ("info", "À savoir")}
CMP_WORDS = {"==": "égal à", "!=": "différent de", "<": "inférieur à", "<=": "inférieur ou égal à",
             ">": "supérieur à", ">=": "supérieur ou égal à"}
BIN_WORDS = {"+": "+", "-": "−", "*": "×", "/": "÷"}
CALL_WORDS = {"min": "le plus petit de", "max": "le plus grand de", "abs": "la valeur absolue de",
              "arrondi": "l'arrondi de", "plancher": "l'arrondi inférieur de", "plafond": "l'arrondi supérieur de"}
PERIODS = {"mois": "par mois", "trimestre": "sur le trimestre", "annee": "sur l'année"}


# ----- formatting ------------------------------------------------------------------------------------
def number_fr(value, decimals=None):
    """12.3 -> '12,3'; 1234.5 with decimals=2 -> '1 234,50' (no-break spaces)."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if decimals is None:
        text = f"{value:,.4f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def value_fr(value, unit):
    """A parameter value in French with its unit: 12,31 €, 59,85 %, 6 mois."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if not isinstance(value, (int, float)):
        return str(value)
    if unit and unit.startswith("EUR"):
        suffix = {"EUR": "", "EUR/mois": " par mois", "EUR/an": " par an", "EUR/trimestre": " par trimestre",
                  "EUR/heure": " de l'heure"}.get(unit, "")
        return f"{number_fr(value, 2)}\u00a0€{suffix}"
    if unit == "taux":
        return f"{number_fr(round(value * 100, 4))}\u00a0%"
    if unit in ("heures", "mois"):
        return f"{number_fr(value)} {unit}"
    return number_fr(value)


def date_fr(iso):
    """'2026-04-01' -> '1er avril 2026'."""
    try:
        day = datetime.date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def one_line(text):
    """Texts of the rules on one line (for tables and admonitions); '|' would break a table."""
    return re.sub(r"\s+", " ", str(text or "")).strip().replace("|", "\\|")


def anchor(pid):
    return pid.replace(".", "-")


def by_order(items):
    return sorted(items.items(), key=lambda item: (item[1].get("ordre", 1000), item[0]))


class Pages:
    """Everything the templates need, computed from one bundle."""

    def __init__(self, bundle, today=None):
        self.bundle = bundle
        self.today = (today or datetime.date.today()).isoformat()
        self.rights = dict(by_order(bundle["droits"]))
        self.forms = dict(by_order(bundle["formes"]))
        self.bodies = dict(by_order(bundle["organismes"]))
        self.params = bundle["parametres"]
        self.inputs = {q["id"]: q for q in bundle.get("questions", [])}
        self.assiettes = bundle.get("paiement", {}).get("assiettes", {})
        self.glossary = sorted(bundle.get("glossaire", []), key=lambda t: t["sigle"].lower())
        self.cases = dict(by_order(bundle.get("cas", {})))

    # ----- names and links (prefix: '../' from pages in a sub-folder, '' from the top) ------------------
    def body_name(self, bid):
        body = self.bodies.get(bid)
        return body["nom"] if body else bid

    def body_link(self, bid, prefix="../"):
        if bid not in self.bodies:
            return bid
        return f"[{self.body_name(bid)}]({prefix}organismes/{bid}.md)"

    def right_label(self, rid):
        right = self.rights[rid]
        return right["nom"] + (f" ({right['sigle']})" if right.get("sigle") else "")

    def right_link(self, rid, prefix="../"):
        return f"[{self.right_label(rid)}]({prefix}droits/{rid}.md)"

    def form_link(self, fid, prefix="../"):
        return f"[{self.forms[fid]['nom']}]({prefix}formes/{fid}.md)"

    def param_link(self, pid, prefix="../"):
        return f"[{self.params[pid]['libelle']}]({prefix}parametres.md#{anchor(pid)})"

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
        return value_fr(entry["valeur"], self.params[pid].get("unite"))

    def bare_value(self, pid):
        """The value in force without its unit (texts write it: « {p.mva.montant} € par mois »)."""
        value = self.current(pid).get("valeur")
        if value is None:
            return "(à vérifier)"
        unit = self.params[pid].get("unite") or ""
        if unit == "taux":
            return value_fr(value, unit)
        return number_fr(value, 2 if unit.startswith("EUR") else None)

    def freshness(self, pid):
        return date_fr(self.params[pid]["verifie_le"])

    # ----- formulas in words -------------------------------------------------------------------------------
    def words(self, tree, right=None, prefix="../"):
        """A compiled formula tree in plain French, parameters linked to the parameters page."""
        kind = tree[0]
        words = lambda sub: self.words(sub, right, prefix)  # noqa: E731
        if kind == "const":
            value = tree[1]
            if isinstance(value, bool):
                return "vrai" if value else "faux"
            if isinstance(value, (int, float)):
                return number_fr(value)
            if re.match(r"^\d{4}-\d{2}-\d{2}$", value):
                return f"le {date_fr(value)}"
            return f"« {value} »"
        if kind == "ref":
            return self.ref_words(tree[1:], right, prefix)
        if kind == "bin":
            left, rightside = words(tree[2]), words(tree[3])
            if tree[1] in "*/":
                left = self._paren(tree[2], left)
                rightside = self._paren(tree[3], rightside, strict=tree[1] == "/")
            elif tree[1] == "-":
                rightside = self._paren(tree[3], rightside)
            return f"{left} {BIN_WORDS[tree[1]]} {rightside}"
        if kind == "neg":
            return f"moins {words(tree[1])}"
        if kind == "not":
            return f"pas ({words(tree[1])})"
        if kind == "cmp":
            choices = self._choices(tree[2])
            text = self._choice_words(tree[2][0], choices, words)
            for op, operand in zip(tree[1], tree[2][1:]):
                text += f" {CMP_WORDS.get(op, op)} {self._choice_words(operand, choices, words)}"
            return text
        if kind in ("and", "or"):
            joiner = " et " if kind == "and" else " ou "
            return joiner.join(f"({words(item)})" if item[0] in ("and", "or") else words(item) for item in tree[1])
        if kind == "if":
            return f"si {words(tree[1])} : {words(tree[2])} ; sinon : {words(tree[3])}"
        if kind == "in":
            choices = self._choices([tree[1]])
            return f"{words(tree[1])} parmi " + ", ".join(f"« {one_line(choices.get(v, v))} »" for v in tree[2])
        if kind == "call":
            args = [words(item) for item in tree[2]]
            if tree[1] == "positif":
                inner = f"({args[0]})" if tree[2][0][0] in ("bin", "call") else args[0]
                return f"{inner}, ou 0 si le résultat est négatif"
            return f"{CALL_WORDS.get(tree[1], tree[1])} ({' ; '.join(args)})"
        return "?"

    def _choices(self, operands):
        """Labels of the answers of a multiple-choice question compared in a condition."""
        for operand in operands:
            if operand[0] == "ref" and operand[1] == "input":
                question = self.inputs.get(operand[2], {})
                return {c["valeur"]: c["libelle"] for c in question.get("choix", [])}
        return {}

    @staticmethod
    def _choice_words(operand, choices, words):
        if operand[0] == "const" and isinstance(operand[1], str) and operand[1] in choices:
            return f"« {one_line(choices[operand[1]])} »"
        return words(operand)

    @staticmethod
    def _paren(tree, text, strict=False):
        if tree[0] == "bin" and (tree[1] in "+-" or (strict and tree[1] in "*/")):
            return f"({text})"
        if tree[0] in ("if", "and", "or", "cmp"):
            return f"({text})"
        return text

    def ref_words(self, ref, right=None, prefix="../"):
        kind = ref[0]
        if kind == "param":
            return self.param_link(ref[1], prefix)
        if kind == "step":
            step = self.step(right, ref[1]) if right else None
            return f"[{step['libelle']}](#etape-{ref[1]})" if step else f"« {ref[1]} »"
        if kind == "avant":
            step = self.step(right, ref[1]) if right else None
            return f"« {step['libelle'] if step else ref[1]} » avant le paiement"
        if kind == "input":
            question = self.inputs.get(ref[1])
            return f"votre réponse à « {one_line(question['libelle'])} »" if question else f"« {ref[1]} »"
        if kind == "local":
            return "le montant" if ref[1] == "montant" else f"« {ref[1]} »"
        if kind == "paiement":
            if ref[1] == "forme":
                return "la forme du paiement"
            if ref[1] == "activite":
                return "vous prenez un engagement (payé ou bénévole)"
            assiette = self.assiettes.get(ref[2], {}).get("libelle", ref[2])
            return f"{assiette.lower()} du paiement {PERIODS.get(ref[1], ref[1])}"
        if kind == "droit":
            other = self.bundle["droits"].get(ref[1])
            step = self.step(ref[1], ref[2]) if other else None
            label = step["libelle"] if step else ref[2]
            if ref[1] in self.rights:
                return f"« {label} » ([{self.right_label(ref[1])}]({prefix}droits/{ref[1]}.md#etape-{ref[2]}))"
            return f"« {label} »"
        if kind == "date":
            return "la date du calcul"
        return "?"

    def step(self, rid, name):
        for step in self.bundle["droits"][rid]["etapes"]:
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

    def text(self, parts, right=None, prefix="../"):
        """A compiled text with placeholders: parameters show their current value."""
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
        return one_line("".join(out))

    # ----- per-page data -----------------------------------------------------------------------------------
    def form_effect(self, fid, rid):
        effect = self.forms[fid].get("effets", {}).get(rid)
        label, css = COMPTE[effect["compte"] if effect else None]
        return {"effet": effect, "libelle": label, "classe": css,
                "texte": one_line(effect.get("texte", "")) if effect else "",
                "organisme": effect.get("organisme") if effect else None}

    def body_rights(self, bid):
        out = []
        for rid, right in self.rights.items():
            roles = []
            if right.get("verse_par") == bid:
                roles.append("le verse")
            if right.get("decide_par") == bid:
                roles.append("décide du droit")
            if roles:
                out.append((rid, " et ".join(roles)))
        return out

    def body_steps(self, bid):
        """Declarations to this body found in rights and payment forms."""
        out = []
        for kind, items in (("droits", self.rights), ("formes", self.forms)):
            for item_id, item in items.items():
                for step in item.get("demarches", []):
                    if step["organisme"] == bid:
                        label = self.right_label(item_id) if kind == "droits" else item["nom"]
                        out.append({"page": f"../{kind}/{item_id}.md", "nom": label,
                                    "quoi": self.text(step["quoi"]), "quand": self.text(step["quand"])})
        return out

    def body_checks(self, bid):
        """Payment forms whose effect on a right must be checked with this body."""
        out = []
        for fid, form in self.forms.items():
            for rid, effect in form.get("effets", {}).items():
                if effect.get("organisme") == bid and rid in self.rights:
                    out.append((fid, rid, COMPTE[effect["compte"]][0]))
        return out

    # ----- worked cases (cas pratiques) --------------------------------------------------------------------
    @staticmethod
    def euros(value):
        if value is None:
            return "—"
        return ("−" if value < 0 else "") + f"{number_fr(abs(value), 2)}\u00a0€"

    def difference(self, expected):
        if expected["avant"] is None or expected["apres"] is None:
            return "—"
        diff = round(expected["apres"] - expected["avant"], 2)
        if abs(diff) < 0.005:
            return "0\u00a0€"
        return ("+" if diff > 0 else "−") + self.euros(abs(diff))

    def case_rights(self, case):
        """Expected figures per right, in the order of the rights."""
        expected = {rid: a for rid, a in case["attendu"].items() if rid != "gain_mensuel"}
        return [(rid, expected[rid]) for rid in self.rights if rid in expected]

    @staticmethod
    def simulator_link(case, prefix="../../"):
        """The simulator opened on this case (the share fragment of engine/share.py)."""
        return f"{prefix}simulateur/{encode_share(case['situation'], case['date'])}"

    def answer_words(self, qid, value):
        question = self.inputs.get(qid, {})
        if value is None:
            return "je ne sais pas"
        if isinstance(value, bool):
            return "oui" if value else "non"
        for choice in question.get("choix", []):
            if choice["valeur"] == value:
                return one_line(choice["libelle"])
        if isinstance(value, (int, float)):
            unit = question.get("unite_affichee") or ("€" if question.get("type") == "montant" else "")
            decimals = 2 if question.get("type") == "montant" and not float(value).is_integer() else None
            return f"{number_fr(value, decimals)}{chr(160) + unit if unit else ''}"
        return one_line(value)

    def case_answers(self, case):
        """(question, answer) in the order of the questions."""
        situation = case["situation"]
        return [(one_line(q["libelle"]), self.answer_words(q["id"], situation[q["id"]]))
                for q in self.inputs.values() if q["id"] in situation]

    def case_offer(self, case):
        situation = case["situation"]
        payment = self.bundle["paiement"]
        form_id = situation.get(payment["question_forme"])
        amount, count = situation.get(payment["question_montant"]), situation.get(payment["question_nombre"])
        period = self.answer_words(payment["question_periodicite"], situation.get(payment["question_periodicite"])).lower()
        if amount is None or count is None:
            text = "—"
        elif count == 1:
            text = f"{self.euros(amount)} {period}"
        else:
            text = f"{number_fr(count)} × {self.euros(amount)} {period} ({self.euros(amount * count)})"
        return {"forme_id": form_id if form_id in self.forms else None, "forme": form_id or "—", "montant": text}

    def param_domains(self):
        domains = {}
        for pid in sorted(self.params):
            domains.setdefault(pid.split(".")[0], []).append(pid)
        return [(DOMAINS.get(d, d.replace("_", " ").capitalize()), d, pids) for d, pids in sorted(
            domains.items(), key=lambda item: DOMAINS.get(item[0], item[0]).lower())]

    def glossary_page(self, term):
        page = term.get("page")
        return page if page and self._page_exists(page) else None

    def _page_exists(self, page):
        parts = page.split("/")
        if len(parts) == 2 and parts[0] in ("droits", "formes", "organismes", "cas"):
            items = {"droits": self.rights, "formes": self.forms, "organismes": self.bodies, "cas": self.cases}[parts[0]]
            return parts[1] == "index.md" or parts[1][:-3] in items
        return self.docs_dir is not None and (self.docs_dir / page).exists()

    docs_dir = None


def _environment():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, autoescape=False)
    env.filters.update(one_line=one_line, date_fr=date_fr, value_fr=value_fr, anchor=anchor, number_fr=number_fr)
    env.globals.update(UNITS=UNITS, GRAVITE=GRAVITE, COMPTE=COMPTE)
    return env


def render_all(bundle, docs_dir=None, today=None):
    """Return {relative path: Markdown text} for every generated page."""
    pages = Pages(bundle, today)
    pages.docs_dir = Path(docs_dir) if docs_dir else None
    env = _environment()
    out = {}

    def render(template, path, **context):
        out[path] = env.get_template(template).render(p=pages, **context).rstrip() + "\n"

    render("droits_index.md.j2", "droits/index.md")
    for rid, right in pages.rights.items():
        render("droit.md.j2", f"droits/{rid}.md", rid=rid, d=right)
    render("formes_index.md.j2", "formes/index.md")
    for fid, form in pages.forms.items():
        render("forme.md.j2", f"formes/{fid}.md", fid=fid, f=form)
    render("organismes_index.md.j2", "organismes/index.md")
    for bid, body in pages.bodies.items():
        render("organisme.md.j2", f"organismes/{bid}.md", bid=bid, o=body)
    render("parametres.md.j2", "parametres.md")
    render("tableau.md.j2", "tableau-croise.md")
    render("glossaire.md.j2", "glossaire.md")
    render("cas_index.md.j2", "cas/index.md")
    for cid, case in pages.cases.items():
        render("cas.md.j2", f"cas/{cid}.md", cid=cid, c=case)
    return out


def abbreviations(bundle):
    """The Markdown abbreviations (*[AAH]: ...) of the glossary, appended to every page."""
    lines = []
    for term in bundle.get("glossaire", []):
        lines.append(f"*[{term['sigle']}]: {one_line(term['terme'])} — {one_line(term['definition'])}")
    return "\n".join(lines) + "\n" if lines else ""


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def generate_pages(bundle, docs_dir):
    """Write the generated pages into docs_dir (only what changed); return the list of written paths."""
    docs_dir = Path(docs_dir)
    written = []
    pages = render_all(bundle, docs_dir)
    for relative, text in pages.items():
        if _write(docs_dir / relative, text):
            written.append(relative)
    # Stale pages of rights, forms and bodies that no longer exist (only files we generated).
    for folder in ("droits", "formes", "organismes", "cas"):
        for path in sorted((docs_dir / folder).glob("*.md")):
            relative = f"{folder}/{path.name}"
            if relative not in pages and path.read_text(encoding="utf-8").startswith(MARKER):
                path.unlink()
    # The acronyms, appended to every page by pymdownx.snippets (auto_append in mkdocs.yml);
    # outside docs/ so that it is not a page of its own.
    if _write(docs_dir.resolve().parent / "build" / "abbreviations.md", abbreviations(bundle)):
        written.append("../build/abbreviations.md")
    return written


def expand_navigation(nav, bundle):
    """Replace the entries of the three index pages by sections listing each generated page."""
    sections = {
        "droits/index.md": ("Tous vos droits", by_order(bundle["droits"]), "droits"),
        "formes/index.md": ("Toutes les formes", by_order(bundle["formes"]), "formes"),
        "organismes/index.md": ("Tous les organismes", by_order(bundle["organismes"]), "organismes"),
        "cas/index.md": ("Tous les cas pratiques", by_order(bundle.get("cas", {})), "cas"),
    }
    expanded = []
    for entry in nav or []:
        if isinstance(entry, dict) and len(entry) == 1:
            (title, target), = entry.items()
            if isinstance(target, str) and target in sections:
                label, items, folder = sections[target]
                children = [{label: target}]
                for item_id, item in items:
                    children.append({item.get("nom") or item["titre"]: f"{folder}/{item_id}.md"})
                expanded.append({title: children})
                continue
        expanded.append(entry)
    return expanded


def main(argv=None):
    from build_scripts import compile_rules

    parser = argparse.ArgumentParser(description="Génère les pages du guide à partir des règles.")
    parser.add_argument("--regles", default=str(compile_rules.ROOT / "rules"))
    parser.add_argument("--docs", default=str(compile_rules.ROOT / "docs"))
    args = parser.parse_args(argv)
    bundle, problems = compile_rules.compile_rules(args.regles)
    if problems:
        for problem in problems:
            print(f"  {problem}")
        return 1
    written = generate_pages(bundle, args.docs)
    print(f"{len(written)} page(s) écrite(s) dans {args.docs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
