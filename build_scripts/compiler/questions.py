"""The simulator's questions (questions.yaml), in sections; each becomes an input of the formulas."""

from engine.tree import references

from build_scripts.compiler.core import by_order
from build_scripts.compiler.names import Names

# Money units as the form shows them.
DISPLAYED_UNITS = {"EUR": "€", "EUR/mois": "€ par mois", "EUR/an": "€ par an", "EUR/trimestre": "€ par trimestre"}


def compile_questions(compilation):
    """Return (questions, sections); compilation.inputs grows question by question."""
    rfile = compilation.questions_file
    questions, sections, seen = [], [], set()
    compilation.inputs = {}
    for s_index, section in enumerate(rfile.data["sections"]):
        sections.append({key: section[key] for key in ("id", "titre", "aide", "porte", "porte_libelle") if key in section})
        _check_gate(compilation, rfile, s_index, section)
        for q_index, question in enumerate(section["questions"]):
            path = ("sections", s_index, "questions", q_index)
            qid = question["id"]
            if qid in seen:
                compilation.error(rfile, path + ("id",), f"question « {qid} » déjà définie plus haut")
                continue
            seen.add(qid)
            compiled = _compile_question(compilation, rfile, path, section, question)
            questions.append(compiled)
            compilation.inputs[qid] = compiled
    return questions, sections


def _check_gate(compilation, rfile, s_index, section):
    """A section's gate (porte) is its first question, a yes/no one, with the label of its checkbox."""
    if "porte" not in section and "porte_libelle" not in section:
        return
    first = section["questions"][0]
    if "porte" not in section or "porte_libelle" not in section:
        compilation.error(rfile, ("sections", s_index), "« porte » et « porte_libelle » vont ensemble")
    elif first.get("id") != section["porte"] or first.get("type") != "booleen" or "si" in first:
        compilation.error(rfile, ("sections", s_index, "porte"), f"la porte « {section['porte']} » doit être la première "
                                                                 "question de la section, de type booleen et sans condition si")


def _compile_question(compilation, rfile, path, section, question):
    compiled = {k: v for k, v in question.items() if k not in ("si", "choix_depuis")}
    compiled["section"] = section["id"]
    if question.get("choix_depuis") == "formes":
        compiled["choix"] = [{"valeur": fid, "libelle": f.data["nom"]} for fid, f in sorted(compilation.forms.items(), key=by_order)]
    if _check_choices(compilation, rfile, path, compiled):
        _check_bounds(compilation, rfile, path, compiled)
    if compiled.get("unite") in DISPLAYED_UNITS:
        compiled["unite_affichee"] = DISPLAYED_UNITS[compiled["unite"]]
    if "si" in question:
        # Relevance conditions may only use questions asked before this one (inputs so far).
        compiled["si"], compiled["si_texte"] = compilation.formula(rfile, path + ("si",), question["si"], Names(compilation))
        # The form decides what to show before any date is chosen: answers only.
        if any(ref[0] != "input" for ref in references(compiled["si"])):
            compilation.error(rfile, path + ("si",), "une condition de question (si) ne peut utiliser que les "
                                                     "réponses aux questions précédentes (ni paramètre p., ni date)")
    return compiled


def _check_choices(compilation, rfile, path, question):
    """Check the list of answers; False when a choice question has none (its other checks would only add noise)."""
    if question["type"] == "choix":
        if "choix" not in question:
            compilation.error(rfile, path, f"question « {question['id']} » de type choix sans liste « choix »")
            return False
        values = [c["valeur"] for c in question["choix"]]
        if len(set(values)) != len(values):
            compilation.error(rfile, path + ("choix",), "deux réponses ont la même valeur")
    elif "choix" in question:
        compilation.error(rfile, path + ("choix",), "« choix » n'a de sens que pour une question de type choix")
    return True


def _check_bounds(compilation, rfile, path, question):
    """min <= max, and a default answer (« je ne sais pas ») explained, of the right type and within bounds."""
    kind = question["type"]
    if "min" in question and "max" in question and question["min"] > question["max"]:
        compilation.error(rfile, path + ("min",), "min est plus grand que max")
    if "defaut" not in question:
        return
    default = question["defaut"]
    if "defaut_explication" not in question:
        compilation.error(rfile, path + ("defaut",), "une valeur par défaut (« je ne sais pas ») doit être expliquée : "
                                                     "ajoutez defaut_explication")
    if kind == "booleen":
        ok = isinstance(default, bool)
    elif kind == "choix":
        ok = isinstance(default, str) and default in [c["valeur"] for c in question.get("choix", [])]
    else:
        ok = isinstance(default, (int, float)) and not isinstance(default, bool)
    if not ok:
        compilation.error(rfile, path + ("defaut",), f"valeur par défaut « {default} » incompatible avec le type {kind}")
    elif kind not in ("booleen", "choix"):
        if ("min" in question and default < question["min"]) or ("max" in question and default > question["max"]):
            compilation.error(rfile, path + ("defaut",), "valeur par défaut hors des bornes min / max")
