"""The payment (paiement.yaml): how the amount is brought to a month, a quarter and a year, the
assiettes the forms fill, and the questions that describe the payment."""

from engine.tree import references

from build_scripts.compiler.names import Names

QUESTION_KEYS = ("question_montant", "question_nombre", "question_periodicite")


def compile_payment(compilation):
    rfile = compilation.payment_file
    data = rfile.data
    periods = {}
    for name, source in data["periodes"].items():
        periods[name] = compilation.formula(rfile, ("periodes", name), source, Names(compilation))[0]
        for ref in references(periods[name]):
            if ref[0] not in ("input", "param"):
                compilation.error(rfile, ("periodes", name), "une période ne peut utiliser que des réponses et des paramètres")
    compiled = {key: data[key] for key in data if key.startswith("question_") or key == "seuils_autres_questions"}
    if "seuils_borne_mensuelle" in data:
        path = ("seuils_borne_mensuelle",)
        compiled["seuils_borne_mensuelle"] = tree = compilation.formula(rfile, path, data[path[0]], Names(compilation))[0]
        if any(ref[0] not in ("input", "param") for ref in references(tree)):
            compilation.error(rfile, path, "la borne des seuils ne peut utiliser que des réponses et des paramètres")
    return {**compiled, "periodes": periods, "assiettes": data["assiettes"]}


def check_payment_questions(compilation, payment):
    """The payment's questions exist, and each answer of the form question has its formes/ file."""
    rfile = compilation.payment_file
    qid = payment["question_forme"]
    question = compilation.inputs.get(qid)
    if question is None or question["type"] != "choix":
        compilation.error(rfile, ("question_forme",), f"« {qid} » doit être une question de type choix de questions.yaml")
        return
    for key in QUESTION_KEYS:
        if payment[key] not in compilation.inputs:
            compilation.error(rfile, (key,), f"« {payment[key]} » n'est pas une question de questions.yaml")
    for index, other in enumerate(payment.get("seuils_autres_questions", [])):
        if compilation.inputs.get(other, {}).get("type") not in ("nombre", "entier"):
            compilation.error(rfile, ("seuils_autres_questions", index), f"« {other} » doit être une question de type "
                                                                         "nombre ou entier de questions.yaml")
    for fid in {c["valeur"] for c in question["choix"]} - set(compilation.forms):
        compilation.error(rfile, ("question_forme",), f"la réponse « {fid} » de la question {qid} n'a pas de fichier formes/{fid}.yaml")
