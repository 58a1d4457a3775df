"""The formulas of the rules in plain French, for the guide's pages.

`Wording(guide, right, prefix).walk(tree)` words a compiled formula tree (shapes: engine/tree.py):
one `on_<kind>` method per node kind, and one handler per reference namespace in REFERENCES
(the namespaces of engine.vocabulary.NAMESPACES; tests/test_vocabulary.py checks that none is
missing). Parameters (followed by their value in force), steps and other rights become Markdown
links: `guide` is the build_scripts.guide.Guide of the pages, `right` the id of the right whose
steps are referred to by their name alone, `prefix` the way from the page to the top of the site
('../' from a sub-folder).
"""

import re

from markupsafe import Markup

from build_scripts.markup import escape, link
from engine import fr
from engine.tree import Walker

CMP_WORDS = {"==": "égal à", "!=": "différent de", "<": "inférieur à", "<=": "inférieur ou égal à",
             ">": "supérieur à", ">=": "supérieur ou égal à"}
BIN_WORDS = {"+": "+", "-": "−", "*": "×", "/": "÷"}
CALL_WORDS = {"min": "le plus petit de", "max": "le plus grand de", "abs": "la valeur absolue de",
              "arrondi": "l'arrondi de", "plancher": "l'arrondi inférieur de", "plafond": "l'arrondi supérieur de"}
PERIODS = {"mois": "par mois", "trimestre": "sur le trimestre", "annee": "sur l'année"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def one_line(text):
    """Texts of the rules on one line (for tables and admonitions); Markup (already escaped) stays
    Markup. Escaping, `|` included, is build_scripts/markup.py's job."""
    joined = re.sub(r"\s+", " ", str(text or "")).strip()
    return Markup(joined) if isinstance(text, Markup) else joined


class Wording(Walker):
    """A compiled formula tree in plain French, parameters linked to the parameters page. Every text
    of the rules it quotes is escaped (build_scripts/markup.py): the words are safe Markdown."""

    def __init__(self, guide, right=None, prefix="../"):
        self.guide = guide
        self.right = right
        self.prefix = prefix

    # ----- node kinds --------------------------------------------------------------------------------------
    def on_const(self, tree):
        value = tree[1]
        if isinstance(value, bool):
            return "vrai" if value else "faux"
        if isinstance(value, (int, float)):
            return fr.number(value)
        if ISO_DATE.match(value):
            return f"le {fr.date(value)}"
        return f"« {escape(value)} »"

    def on_ref(self, tree):
        # str: Markup + str would escape the words joined to a link (they are escaped already).
        return str(self.REFERENCES[tree[1]](self, *tree[2:]))

    def on_bin(self, tree):
        op, left, right = tree[1], self.walk(tree[2]), self.walk(tree[3])
        if op == "//":
            return f"l'arrondi inférieur de ({self._paren(tree[2], left)} ÷ {self._paren(tree[3], right, strict=True)})"
        if op in ("*", "/"):
            left = self._paren(tree[2], left)
            right = self._paren(tree[3], right, strict=op == "/")
        elif op == "-":
            right = self._paren(tree[3], right)
        return f"{left} {BIN_WORDS[op]} {right}"

    def on_neg(self, tree):
        return f"moins {self.walk(tree[1])}"

    def on_not(self, tree):
        operand = tree[1]
        if operand[0] == "ref" and operand[1] == "input":
            return f"{self.walk(operand)} est « non »"
        if operand[0] == "ref":
            return f"{self.walk(operand)} vaut « non »"
        return f"pas ({self.walk(operand)})"

    def on_cmp(self, tree):
        operands = tree[2]
        choices = self._choices(operands)
        text = self._choice_words(operands[0], choices)
        for op, operand in zip(tree[1], operands[1:]):
            text += f" {CMP_WORDS.get(op, op)} {self._choice_words(operand, choices)}"
        return text

    def on_and(self, tree):
        return self._joined(tree[1], " et ")

    def on_or(self, tree):
        return self._joined(tree[1], " ou ")

    def on_if(self, tree):
        return f"si {self.walk(tree[1])} : {self.walk(tree[2])} ; sinon : {self.walk(tree[3])}"

    def on_in(self, tree):
        choices = self._choices([tree[1]])
        listed = ", ".join(f"« {escape(one_line(choices.get(value, value)))} »" for value in tree[2])
        return f"{self.walk(tree[1])} parmi {listed}"

    def on_call(self, tree):
        args = [self.walk(item) for item in tree[2]]
        if tree[1] == "positif":
            inner = f"({args[0]})" if tree[2][0][0] in ("bin", "call") else args[0]
            return f"{inner}, ou 0 si le résultat est négatif"
        return f"{CALL_WORDS.get(tree[1], tree[1])} ({' ; '.join(args)})"

    # ----- helpers -----------------------------------------------------------------------------------------
    def _joined(self, items, joiner):
        return joiner.join(f"({self.walk(item)})" if item[0] in ("and", "or") else self.walk(item) for item in items)

    def _choices(self, operands):
        """Labels of the answers of a multiple-choice question compared in a condition."""
        for operand in operands:
            if operand[0] == "ref" and operand[1] == "input":
                question = self.guide.inputs.get(operand[2], {})
                return {c["valeur"]: c["libelle"] for c in question.get("choix", [])}
        return {}

    def _choice_words(self, operand, choices):
        if operand[0] == "const" and isinstance(operand[1], str) and operand[1] in choices:
            return f"« {escape(one_line(choices[operand[1]]))} »"
        return self.walk(operand)

    @staticmethod
    def _paren(tree, text, strict=False):
        if tree[0] == "bin" and (tree[1] in ("+", "-") or (strict and tree[1] in ("*", "/"))):
            return f"({text})"
        if tree[0] in ("if", "and", "or", "cmp"):
            return f"({text})"
        return text

    def _step_label(self, right, name):
        step = self.guide.step(right, name) if right else None
        return step["libelle"] if step else None

    # ----- references: one handler per namespace (engine.vocabulary.NAMESPACES) ---------------------------
    def _input(self, question_id):
        question = self.guide.inputs.get(question_id)
        return f"votre réponse à « {escape(one_line(question['libelle']))} »" if question else f"« {escape(question_id)} »"

    def _param(self, parameter_id):
        # With its value in force, so that a step reads with its numbers.
        return f"{self.guide.param_link(parameter_id, self.prefix)} ({escape(self.guide.current_value(parameter_id))})"

    def _step(self, name):
        label = self._step_label(self.right, name)
        return link(label, f"#etape-{name}") if label else f"« {escape(name)} »"

    def _before(self, name):
        return f"« {escape(self._step_label(self.right, name) or name)} » avant le paiement"

    def _other_right(self, right, name):
        label = self._step_label(right, name) or name
        if right in self.guide.rights:
            address = f"{self.prefix}droits/{right}.md#etape-{name}"
            return f"« {escape(label)} » ({link(self.guide.right_label(right), address)})"
        return f"« {escape(label)} »"

    def _payment(self, what, base=None):
        if what == "forme":
            return "la forme du paiement"
        if what == "activite":
            return "vous prenez un engagement (payé ou bénévole)"
        label = self.guide.assiettes.get(base, {}).get("libelle", base)
        return f"{escape(label.lower())} du paiement {escape(PERIODS.get(what, what))}"

    def _date(self):
        return "la date du calcul"

    # The values the engine gives a formula besides steps and answers (a form's assiettes, a right's calendar).
    LOCAL_WORDS = {"montant": "le montant", "mois_du_paiement": "le mois du premier paiement (1 pour janvier)",
                   "mois_avant_trimestre_suivant": "le nombre de mois jusqu'au début du trimestre civil suivant (1 à 3)"}

    def _local(self, name):
        return self.LOCAL_WORDS.get(name) or f"« {escape(name)} »"

    REFERENCES = {"input": _input, "param": _param, "step": _step, "avant": _before, "droit": _other_right,
                  "paiement": _payment, "date": _date, "local": _local}
