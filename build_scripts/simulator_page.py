"""Write docs/simulateur.md: the simulator's static HTML form, generated from the rules' questions.

    python -m build_scripts.simulator_page   (normally run by the MkDocs hook)

The form is usable before the engine has loaded (plain HTML, no JavaScript needed to
fill it). docs/assets/js/simulateur.js then starts the engine in a Web Worker, asks it
which questions apply (the compiled "si" trees are never evaluated in JavaScript) and
renders the result. The file is rewritten only when its content changes, so
`mkdocs serve` does not loop.
"""

import html
import json
from pathlib import Path

from engine.vocabulary import DONT_KNOW_FORM_VALUE

ROOT = Path(__file__).resolve().parent.parent
NSP = DONT_KNOW_FORM_VALUE  # value of the "je ne sais pas" button


def _e(text):
    return html.escape(str(text), quote=True)


def _number(value):
    value = float(value)
    text = f"{int(value):,}" if value.is_integer() else f"{value:,.2f}"
    return text.replace(",", "\u202f").replace(".", ",")


def _pyodide_lock_info(root):
    """The lock file's `info`, so the worker can skip downloading the lock file (ABI check)."""
    try:
        return json.loads((root / "node_modules" / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    except (OSError, ValueError, KeyError):
        return None


def _bounds(question):
    unit = question.get("unite_affichee") or question.get("unite") or ""
    unit = f"\u00a0{unit}" if unit else ""
    low, high = question.get("min"), question.get("max")
    if low is not None and high is not None:
        return f"Entre {_number(low)} et {_number(high)}{unit}."
    if low is not None:
        return f"Au moins {_number(low)}{unit}."
    if high is not None:
        return f"Au plus {_number(high)}{unit}."
    return ""


def _default_text(question):
    explanation = question.get("defaut_explication", "").strip()
    return f'<p class="sim-defaut" id="nsp-{_e(question["id"])}"><strong>Si vous ne savez pas :</strong> {_e(explanation)}</p>' if explanation else ""


def _radio(qid, value, label, extra=""):
    return (f'<label class="sim-radio"><input type="radio" name="{_e(qid)}" value="{_e(value)}"{extra}>'
            f'<span>{_e(label)}</span></label>')


def _question(question):
    qid = question["id"]
    kind = question["type"]
    has_default = "defaut" in question
    described = [f"aide-{qid}"] if question.get("aide") else []
    parts = [f'<div class="sim-q" id="q-{_e(qid)}" data-question="{_e(qid)}" data-type="{_e(kind)}"'
             + (f' data-si="{_e(question["si_texte"])}"' if question.get("si_texte") else "") + ">"]
    help_html = f'<p class="sim-aide" id="aide-{_e(qid)}">{_e(question["aide"].strip())}</p>' if question.get("aide") else ""
    error = f'<p class="sim-erreur" id="err-{_e(qid)}" hidden></p>'
    if kind in ("choix", "booleen"):
        if kind == "booleen":
            options = [("oui", "Oui"), ("non", "Non")]
        else:
            options = [(c["valeur"], c["libelle"]) for c in question.get("choix", [])]
        radios = [_radio(qid, value, label) for value, label in options]
        if has_default:
            radios.append(_radio(qid, NSP, "Je ne sais pas", ' data-nsp="1"'))
            described.append(f"nsp-{qid}")
        describedby = f' aria-describedby="{" ".join(_e(d) for d in described)} err-{_e(qid)}"'
        parts.append(f'<fieldset class="sim-groupe"{describedby}><legend class="sim-libelle">{_e(question["libelle"])}</legend>')
        parts.append(help_html)
        layout = "sim-choix sim-choix-ligne" if kind == "booleen" else "sim-choix"
        parts.append(f'<div class="{layout}">' + "".join(radios) + "</div>")
        if has_default:
            parts.append(_default_text(question))
        parts.append(error + "</fieldset>")
    else:
        unit = question.get("unite_affichee") or question.get("unite") or ""
        bounds = _bounds(question)
        if bounds:
            described.append(f"bornes-{qid}")
        if has_default:
            described.append(f"nsp-{qid}")
        described.append(f"err-{qid}")
        mode = "numeric" if kind == "entier" else "decimal"
        attrs = "".join(f' data-{name}="{_e(question[name])}"' for name in ("min", "max") if name in question)
        parts.append(f'<label class="sim-libelle" for="f-{_e(qid)}">{_e(question["libelle"])}</label>')
        parts.append(help_html)
        parts.append('<div class="sim-saisie">'
                     f'<input type="text" id="f-{_e(qid)}" name="{_e(qid)}" inputmode="{mode}" autocomplete="off"'
                     f' aria-describedby="{" ".join(_e(d) for d in described)}"{attrs}>'
                     + (f'<span class="sim-unite" aria-hidden="true">{_e(unit)}</span>' if unit else "")
                     + "</div>")
        if bounds:
            parts.append(f'<p class="sim-bornes" id="bornes-{_e(qid)}">{_e(bounds)}</p>')
        if has_default:
            parts.append(f'<label class="sim-nsp"><input type="checkbox" name="{_e(qid)}" value="{NSP}" data-nsp="1">'
                         "<span>Je ne sais pas</span></label>")
            parts.append(_default_text(question))
        parts.append(error)
    parts.append("</div>")
    return "".join(parts)


def render(bundle, root=ROOT):
    sections = {s["id"]: s for s in bundle.get("sections", [])}
    by_section = {}
    for question in bundle["questions"]:
        by_section.setdefault(question.get("section"), []).append(question)
    order = [s["id"] for s in bundle.get("sections", [])] + [k for k in by_section if k not in sections]
    lock_info = _pyodide_lock_info(root)
    blocks = []
    for section_id in order:
        questions = by_section.get(section_id)
        if not questions:
            continue
        section = sections.get(section_id, {"titre": "Autres questions"})
        head = f'<fieldset class="sim-section" id="section-{_e(section_id)}"><legend>{_e(section["titre"])}</legend>'
        if section.get("aide"):
            head += f'<p class="sim-aide">{_e(section["aide"])}</p>'
        blocks.append(head + "".join(_question(q) for q in questions) + "</fieldset>")
    data = f' data-version="{_e(bundle.get("version", ""))}" data-verifie-le="{_e(bundle.get("verifie_le", ""))}"'
    data += f' data-date-min="{_e(bundle.get("date_min", ""))}"'
    # The shared words (statuses, gravities, codes, share format) for the page script, from the bundle.
    data += f" data-vocabulaire='{_e(json.dumps(bundle['vocabulaire'], ensure_ascii=False, sort_keys=True))}'"
    if lock_info:
        data += f" data-pyodide-lock='{_e(json.dumps(lock_info, sort_keys=True))}'"
    form = (
        f'<div id="simulateur" class="sim"{data}>'
        '<div id="sim-etat" class="sim-etat sim-etat-chargement" role="status" aria-live="polite">'
        '<span class="sim-sablier" aria-hidden="true"></span>'
        "<span>Chargement du moteur de calcul… Vous pouvez déjà remplir le formulaire : "
        "vos réponses seront calculées dès qu'il sera prêt.</span></div>"
        '<form id="sim-form" class="sim-form" novalidate autocomplete="off">'
        + "".join(blocks)
        + '<fieldset class="sim-section" id="section-date"><legend>Date de la simulation</legend>'
        '<div class="sim-q" data-question="__date">'
        '<label class="sim-libelle" for="f-date">À quelle date faire le calcul ?</label>'
        '<p class="sim-aide" id="aide-date">Par défaut, aujourd\'hui : les montants et les règles en vigueur à cette date sont utilisés.</p>'
        '<div class="sim-saisie"><input type="date" id="f-date" name="__date" aria-describedby="aide-date err-date"'
        + (f' min="{_e(bundle["date_min"])}"' if bundle.get("date_min") else "")
        + '></div><p class="sim-erreur" id="err-date" hidden></p></div></fieldset>'
        '<div class="sim-actions">'
        '<button type="submit" class="md-button md-button--primary sim-bouton" id="sim-calculer">Calculer</button>'
        '<button type="reset" class="md-button sim-bouton" id="sim-effacer">Tout effacer</button>'
        "</div>"
        '<p class="sim-erreur sim-erreur-generale" id="err-generale" hidden></p>'
        "</form>"
        '<section id="sim-resultat" class="sim-resultat" aria-labelledby="sim-resultat-titre" tabindex="-1" hidden></section>'
        "</div>"
    )
    return (
        "---\n"
        "title: Simulateur\n"
        "hide:\n  - toc\n"
        "---\n\n"
        "<!-- Page générée par build_scripts/simulator_page.py à partir de rules/questions.yaml : ne pas modifier à la main. -->\n\n"
        "# Simulateur : ce paiement met-il en danger vos droits ?\n\n"
        '<p class="sim-intro">Répondez aux questions : le simulateur calcule, droit par droit, ce que le paiement '
        "change, combien il vous rapporte vraiment chaque mois et qui prévenir. <strong>Tout est calculé dans "
        "votre navigateur : aucune réponse n'est envoyée nulle part.</strong></p>\n\n"
        f"{form}\n\n"
        '<noscript><p class="sim-noscript">Le calcul a besoin de JavaScript. Sans lui, consultez les pages '
        '<a href="../droits/">Vos droits</a> et <a href="../formes/">Formes de paiement</a>.</p></noscript>\n\n'
        '<script type="module" src="../assets/js/simulateur.js"></script>\n'
    )


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
