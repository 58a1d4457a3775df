"""Written answers of the bodies (`reponse`) to the points « à vérifier » of the rules.

A point « à vérifier » is one of:
- the effect of a payment form on a right with `compte: a_verifier` (formes/*.yaml, effets);
- a dated value of a parameter with `a_verifier` (parametres/**.yaml, valeurs);
- an alert of a right with a `question` (droits/*.yaml, alertes).
Each is listed on the page « Questions ouvertes » (build_scripts/open_questions.py) under the body
to ask, until an editor records the body's written answer on it: `reponse: {date, organisme,
reference, texte}`. The answer closes the point — it leaves the open list — and makes it a sourced
rule:
- an effect takes the answer's `compte` (oui or non, required when the effect was a_verifier) and
  its `texte`: the simulator no longer says « à vérifier », the form's page cites the answer;
- a value loses its `a_verifier` and takes the answer's `valeur` (required when the value was
  unknown): the simulator uses it without a doubt, the parameters page cites the answer;
- an alert keeps its text (the editors reword it) and its right's page cites the answer.
"""


def _answer(compilation, rfile, path, item, kind):
    """The `reponse` of a point (None without one), checked: its body exists; `compte` and `valeur`
    only where they mean something. (Its date is a real date: compiler/values.py checks every date.)"""
    answer = item.get("reponse")
    if answer is None:
        return None
    where = path + ("reponse",)
    compilation.check_body(rfile, where + ("organisme",), answer["organisme"])
    if "compte" in answer and kind != "effet":
        compilation.error(rfile, where + ("compte",), "« compte » n'a de sens que dans la réponse sur l'effet "
                                                      "d'une forme de paiement (formes/, effets)", key=True)
    if "valeur" in answer and kind != "valeur":
        compilation.error(rfile, where + ("valeur",), "« valeur » n'a de sens que dans la réponse sur une valeur "
                                                      "datée d'un paramètre (parametres/, valeurs)", key=True)
    return answer


def answered_effect(compilation, rfile, rid, effect):
    """The effect of a form on right `rid` once its answer, if any, is applied."""
    path = ("effets", rid)
    answer = _answer(compilation, rfile, path, effect, "effet")
    if answer is None:
        return effect
    if effect["compte"] == "a_verifier":
        if "compte" not in answer:
            compilation.error(rfile, path + ("reponse",), "la réponse à un effet « a_verifier » doit trancher : "
                                                          "ajoutez compte: oui ou compte: non")
            return effect
        return {**effect, "compte": answer["compte"], "texte": answer["texte"]}
    if answer.get("compte", effect["compte"]) != effect["compte"]:
        compilation.error(rfile, path + ("reponse", "compte"), f"la réponse dit « compte: {answer['compte']} » mais "
                                                               f"l'effet dit « compte: {effect['compte']} »")
    return effect


def answered_value(compilation, rfile, index, entry):
    """A dated value of a parameter once its answer, if any, is applied."""
    path = ("valeurs", index)
    answer = _answer(compilation, rfile, path, entry, "valeur")
    if answer is None:
        return entry
    closed = {key: value for key, value in entry.items() if key != "a_verifier"}
    if "valeur" in answer:
        if entry["valeur"] is not None and entry["valeur"] != answer["valeur"]:
            compilation.error(rfile, path + ("reponse", "valeur"), f"la réponse donne {answer['valeur']}, la valeur "
                                                                   f"du fichier est {entry['valeur']} : gardez-en une seule")
        closed["valeur"] = answer["valeur"]
    elif entry["valeur"] is None:
        compilation.error(rfile, path + ("reponse",), "la valeur est inconnue (null) : la réponse doit la donner "
                                                      "(valeur: …)")
    return closed


def alert_fields(compilation, rfile, index, item):
    """The `question` and `reponse` an alert of a right carries into the bundle."""
    fields = {key: item[key] for key in ("question", "reponse") if key in item}
    if _answer(compilation, rfile, ("alertes", index), item, "alerte") is not None:
        if "question" not in item:
            compilation.error(rfile, ("alertes", index, "reponse"), "une réponse ferme une question : ajoutez aussi "
                                                                     "la question posée (question)")
    return fields
