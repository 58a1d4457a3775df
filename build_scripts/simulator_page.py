"""Write docs/simulateur.md: the simulator's static HTML form, generated from the rules' questions.

    python -m build_scripts.simulator_page   (normally run by the MkDocs hook)

The form is usable before the engine has loaded (plain HTML, no JavaScript needed to
fill it). docs/assets/js/simulateur.js then starts the engine in a Web Worker, asks it
which questions apply (the compiled "si" trees are never evaluated in JavaScript) and
renders the result. The file is rewritten only when its content changes, so
`mkdocs serve` does not loop.

The page comes from templates/simulateur.md.j2, its form from _simulateur_form.html.j2 and each
question from _question.html.j2, rendered with HTML autoescaping: every value of the rules is
escaped, with html.escape.
"""

import functools
import html
import json
import re
from pathlib import Path

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token
from markupsafe import Markup

from engine import fr
from engine.parameters import form_max
from engine.situation import relevance
from engine.vocabulary import DONT_KNOW_FORM_VALUE

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _escape(value):
    """Every value the templates print, escaped by html.escape (quotes included); Markup (what a
    macro returns, already escaped) is kept as it is."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value), quote=True))


class JoinLines(Extension):
    """The HTML templates (*.html.j2) are written one element a line; the page gets their text on
    one line, as it always had it (a line break between two inline elements would show as a space).
    Only the templates' own text is joined: a value keeps its line breaks."""

    def filter_stream(self, stream):
        join = (stream.name or "").endswith(".html.j2")
        for token in stream:
            if join and token.type == "data":
                token = Token(token.lineno, token.type, re.sub(r"\n\s*", "", token.value))
            yield token


@functools.cache
def _environment():
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, finalize=_escape,
                             extensions=[JoinLines], keep_trailing_newline=True)
    env.globals["DONT_KNOW"] = DONT_KNOW_FORM_VALUE  # value of the "je ne sais pas" button
    return env


def _bounds(question):
    unit = question.get("unite_affichee") or question.get("unite") or ""
    unit = f"{fr.NBSP}{unit}" if unit else ""
    low, high = question.get("min"), question.get("max")
    if low is not None and high is not None:
        return f"Entre {fr.amount(low)} et {fr.amount(high)}{unit}."
    if low is not None:
        return f"Au moins {fr.amount(low)}{unit}."
    if high is not None:
        return f"Au plus {fr.amount(high)}{unit}."
    return ""


def question_view(question):
    """One question and what its template (_question.html.j2) derives from it."""
    qid, kind = question["id"], question["type"]
    choice = kind in ("choix", "booleen")
    bounds = "" if choice else _bounds(question)
    if kind == "booleen":
        options = [("oui", "Oui"), ("non", "Non")]
    else:
        options = [(c["valeur"], c["libelle"]) for c in question.get("choix", [])]
    # A choice that already offers "je ne sais pas" among its answers gets no second such button.
    dont_know = "defaut" in question and not any(label.lower().startswith("je ne sais pas") for _, label in options)
    described = [f"aide-{qid}"] if question.get("aide") else []
    if bounds:
        described.append(f"bornes-{qid}")
    if "defaut" in question and question.get("defaut_explication"):
        described.append(f"nsp-{qid}")
    return {
        "q": question, "choice": choice, "options": options, "dont_know": dont_know,
        "describedby": " ".join(described + [f"err-{qid}"]),
        "layout": "sim-choix sim-choix-ligne" if kind == "booleen" else "sim-choix",
        "mode": "numeric" if kind == "entier" else "decimal",
        "bounds_data": [(name, question[name]) for name in ("min", "max") if name in question],
        "bornes": bounds, "unite": question.get("unite_affichee") or question.get("unite") or "",
        "aide": question.get("aide", "").strip(), "explication": question.get("defaut_explication", "").strip(),
    }


def _sections(bundle):
    """The steps of the guided form: the payment, then "Ce que vous recevez aujourd'hui" (one box per
    gated section: its `porte` question), then the sections of what was ticked, then the household and
    the other questions; a gated section is hidden until its box is ticked, and its gate is not asked twice.

    Each question's first visibility comes from the engine itself (engine.relevance) on the empty
    answers with every box ticked: what the page shows before the engine is ready is what the engine
    will show, so nothing vanishes when it starts (questions may only appear as answers are given).
    """
    sections = [dict(s) for s in bundle.get("sections", [])]
    gates = {s["porte"]: s for s in sections if "porte" in s}
    shown = relevance(bundle["questions"], {gate: True for gate in gates})
    by_section = {}
    for question in bundle["questions"]:
        if question["id"] not in gates:
            by_section.setdefault(question.get("section"), []).append(
                {**question_view(question), "hidden": not shown[question["id"]]})
    first, rest = sections[:1], sections[1:]
    steps = [{**section, "etape": 1, "questions": by_section.get(section["id"], []), "cachee": False} for section in first]
    if gates:
        steps.append({"id": "recevez", "etape": 2, "titre": "Ce que vous recevez aujourd'hui",
                      "cases": [{"qid": gate, "section": s["id"], "libelle": s["porte_libelle"]} for gate, s in gates.items()],
                      "aide": "Cochez tout ce que vous touchez aujourd'hui : le simulateur ne pose ensuite que les "
                              "questions utiles."})
    # The sections of what was ticked come first, then the household and the other questions.
    for section in sorted(rest, key=lambda s: "porte" not in s):
        if by_section.get(section["id"]):
            steps.append({**section, "etape": 3, "questions": by_section[section["id"]], "cachee": "porte" in section})
    return steps


def render(bundle):
    page = {
        "version": bundle.get("version", ""), "verifie_le": bundle.get("verifie_le", ""),
        "date_min": bundle.get("date_min", ""), "date_max": form_max(bundle), "steps": _sections(bundle),
        # A shared link or a worked case opens on its result (see the template's first script).
        "share_key": bundle["vocabulaire"]["partage"]["situation"],
        # The shared words (statuses, gravities, codes, share format) for the page script, from the bundle.
        "vocabulaire": json.dumps(bundle["vocabulaire"], ensure_ascii=False, sort_keys=True),
    }
    return _environment().get_template("simulateur.md.j2").render(page=page)


def generate_simulator_page(bundle, docs_dir):
    target = Path(docs_dir) / "simulateur.md"
    text = render(bundle)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
    return target


if __name__ == "__main__":
    from build_scripts import compile_rules

    bundle, problems = compile_rules.compile_rules(ROOT / "rules")
    if problems:
        raise SystemExit("\n".join(str(p) for p in problems))
    print(generate_simulator_page(bundle, ROOT / "docs"))
