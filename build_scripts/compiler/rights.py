"""Rights (droits/*.yaml): the calculation steps, then what is said after the payment
(statuses, alerts, actions, effect and its duration), and the order in which rights are computed."""

from engine.tree import references

from build_scripts.compiler.actions import compile_actions
from build_scripts.compiler.answers import alert_fields
from build_scripts.compiler.graph import topological
from build_scripts.compiler.names import Names

# Keys compiled here; the others are copied as they are.
COMPILED_KEYS = ("etapes", "applicable", "statuts", "alertes", "demarches", "effet", "duree_effet_mois", "calendrier")
# The values the engine gives a calendar formula (debut_mois) besides the right's steps and the answers.
CALENDAR_LOCALS = ("mois_du_paiement", "mois_avant_trimestre_suivant")


def compile_right(compilation, rid, rfile):
    """Return (compiled right, ids of the other rights whose steps it uses)."""
    data = rfile.data
    compilation.check_body(rfile, ("verse_par",), data["verse_par"])
    compilation.check_body(rfile, ("decide_par",), data["decide_par"])
    step_names = [step["nom"] for step in data["etapes"]]
    compiled = {k: v for k, v in data.items() if k not in COMPILED_KEYS}
    compiled["etapes"], used_rights = _steps(compilation, rid, rfile, step_names)
    for key in ("montant", "montant_max"):
        if key in data and data[key] not in step_names:
            compilation.error(rfile, (key,), f"« {key} » doit nommer une étape ; « {data[key]} » n'en est pas une")
    for key in ("montant_max", "parametres_decales_mois"):
        if key in data and "montant" not in data:
            compilation.error(rfile, (key,), f"« {key} » demande aussi « montant » (l'étape du montant du droit)")
    if "montant" in data and "calendrier" not in data:
        compilation.error(rfile, ("montant",), "un droit qui a un montant doit dire dans « calendrier » quand le montant "
                                               "changé est versé (debut_mois, texte, verifie_le, references)")
    if "calendrier" in data:
        compiled["calendrier"] = _calendar(compilation, rfile, rid, step_names)
    if "applicable" in data:
        compiled["applicable"] = compilation.formula(rfile, ("applicable",), data["applicable"], Names(compilation))[0]
    # What is said after the payment may compare with the steps without it (avant.<étape>).
    _after_payment(compilation, rfile, Names(compilation, steps=step_names, allow_avant=True, right_id=rid), compiled)
    return compiled, used_rights


def _steps(compilation, rid, rfile, step_names):
    """The steps in an order where each comes after the steps it uses; the rights they use."""
    names = Names(compilation, steps=step_names, right_id=rid)
    steps, graph, used_rights = {}, {}, set()
    for index, step in enumerate(rfile.data["etapes"]):
        if step["nom"] in steps:
            compilation.error(rfile, ("etapes", index, "nom"), f"étape « {step['nom']} » définie deux fois")
            continue
        tree, text = compilation.formula(rfile, ("etapes", index, "formule"), step["formule"], names)
        steps[step["nom"]] = {**step, "formule": tree, "formule_texte": text}
        graph[step["nom"]] = [ref[1] for ref in references(tree) if ref[0] == "step"]
        used_rights.update(ref[1] for ref in references(tree) if ref[0] == "droit")
    order, cycles = topological(graph)
    for name, cycle in cycles:
        compilation.error(rfile, ("etapes", step_names.index(name), "formule"), f"cycle entre étapes : {' → '.join(cycle)}")
    return [steps[name] for name in order], used_rights


def _after_payment(compilation, rfile, names, compiled):
    data = rfile.data
    compiled["statuts"] = [{"si": compilation.formula(rfile, ("statuts", i, "si"), item["si"], names)[0], "statut": item["statut"]}
                           for i, item in enumerate(data.get("statuts", []))]
    compiled["alertes"] = []
    for i, item in enumerate(data.get("alertes", [])):
        alert = {"si": compilation.formula(rfile, ("alertes", i, "si"), item["si"], names)[0], "gravite": item["gravite"],
                 "texte": compilation.text(rfile, ("alertes", i, "texte"), item["texte"], names),
                 "texte_source": item["texte"]}
        if "organisme" in item:
            compilation.check_body(rfile, ("alertes", i, "organisme"), item["organisme"])
            alert["organisme"] = item["organisme"]
        alert.update(alert_fields(compilation, rfile, i, item))
        compiled["alertes"].append(alert)
    compiled["demarches"] = compile_actions(compilation, rfile, names)
    compiled["effet"] = []
    for i, item in enumerate(data.get("effet", [])):
        entry = {"texte": compilation.text(rfile, ("effet", i, "texte"), item["texte"], names)}
        if "si" in item:
            entry["si"] = compilation.formula(rfile, ("effet", i, "si"), item["si"], names)[0]
        compiled["effet"].append(entry)
    if "duree_effet_mois" in data:
        compiled["duree_effet_mois"] = compilation.formula(rfile, ("duree_effet_mois",), data["duree_effet_mois"], names)[0]


def _calendar(compilation, rfile, rid, step_names):
    """When the changed amount is first paid (months after the first payment), and how sure that is."""
    data = rfile.data["calendrier"]
    names = Names(compilation, steps=step_names, allow_avant=True, local=CALENDAR_LOCALS, right_id=rid)
    compiled = {key: value for key, value in data.items() if key not in ("debut_mois", "texte")}
    compiled["debut_mois"] = compilation.formula(rfile, ("calendrier", "debut_mois"), data["debut_mois"], names)[0]
    compiled["texte"] = compilation.text(rfile, ("calendrier", "texte"), data["texte"], names)
    if "organisme" in data:
        compilation.check_body(rfile, ("calendrier", "organisme"), data["organisme"])
    if ("organisme" in data) != ("a_verifier" in data):
        compilation.error(rfile, ("calendrier",), "« a_verifier » et « organisme » vont ensemble : dire quoi vérifier et auprès de qui")
    return compiled


def order_rights(compilation, used_rights):
    """Rights in an order where each comes after the rights whose steps it uses."""
    order, cycles = topological(used_rights)
    for rid, cycle in cycles:
        compilation.error(compilation.rights[rid], (), f"cycle entre droits : {' → '.join(cycle)}")
    return order
