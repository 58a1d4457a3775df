"""Letter templates (courriers/*.yaml): the letter the person can send to one body, asking it for a
written answer. The template says which answers that body needs (question ids), its subject, its
paragraphs (texts with {formula} placeholders, and blocks the engine fills: the payment, the figures
found, the questions, the articles...) and the answer delay it asks for. engine/letters.py writes the
letters of a result from them."""

from build_scripts.compiler.names import Names
from build_scripts.compiler.schema_messages import did_you_mean

# The blocks the engine fills (engine/letters.py, BLOCKS): each template places every one exactly once,
# so that every letter carries the payment, the figures found, the questions, the articles and the delay.
BLOCKS = ("objet", "situation", "paiement", "chiffres", "demarches", "questions", "articles", "delai")
TEXT_KEYS = ("objet", "question", "delai")


def compile_letter(compilation, rfile):
    data = rfile.data
    names = Names(compilation)
    compilation.check_body(rfile, ("organisme",), data["organisme"])
    compiled = {k: v for k, v in data.items() if k not in ("si", "paragraphes", "note") + TEXT_KEYS}
    for key in TEXT_KEYS:
        compiled[key] = compilation.text(rfile, (key,), data[key], names)
    if "si" in data:
        compiled["si"] = compilation.formula(rfile, ("si",), data["si"], names)[0]
    for index, qid in enumerate(data["reponses"]):
        if qid not in compilation.inputs:
            compilation.error(rfile, ("reponses", index), f"question inconnue : « {qid} » (absente de questions.yaml)"
                              + did_you_mean(qid, compilation.inputs))
    compiled["paragraphes"] = []
    seen = {}
    for index, item in enumerate(data["paragraphes"]):
        if isinstance(item, dict):
            if item["bloc"] in seen:
                compilation.error(rfile, ("paragraphes", index), f"le bloc « {item['bloc']} » apparaît deux fois "
                                                                 f"(déjà au paragraphe {seen[item['bloc']] + 1})")
            seen[item["bloc"]] = index
            compiled["paragraphes"].append({"bloc": item["bloc"]})
        else:
            # A literal block (|) keeps its lines (an address); a folded one (>) is one line.
            lines = [line for line in item.splitlines() if line.strip()]
            compiled["paragraphes"].append({"lignes": [compilation.text(rfile, ("paragraphes", index), line, names)
                                                       for line in lines]})
    missing = [block for block in BLOCKS if block not in seen]
    if missing:
        compilation.error(rfile, ("paragraphes",), "paragraphes : il manque le(s) bloc(s) "
                                                   + ", ".join(f"« {block} »" for block in missing)
                                                   + " (chaque lettre reprend l'objet, la situation, le paiement, les chiffres "
                                                     "trouvés, les démarches, les questions, les articles et le délai)")
    return compiled


def check_every_body_has_a_letter(compilation, letters):
    """Each body may be named by a result: it needs a template that applies always (without `si`)."""
    always = {letter["organisme"] for letter in letters.values() if "si" not in letter}
    for body_id, rfile in sorted(compilation.bodies.items()):
        if body_id not in always:
            compilation.error(rfile, (), f"aucun modèle de courrier sans condition « si » pour cet organisme : ajoutez "
                                         f"courriers/{body_id}.yaml (organisme: {body_id})")
