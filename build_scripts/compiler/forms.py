"""Payment forms (formes/*.yaml): what a payment of this form puts in each assiette, and how it
counts for every right."""

from engine.tree import references

from build_scripts.compiler.actions import compile_actions
from build_scripts.compiler.answers import answered_effect
from build_scripts.compiler.names import Names

# The assiettes every form must fill.
REQUIRED_ASSIETTES = ("brut", "net_percu")


def compile_form(compilation, rfile):
    data = rfile.data
    compiled = {k: v for k, v in data.items() if k not in ("assiettes", "demarches", "adequation")}
    compiled["assiettes"] = _assiettes(compilation, rfile)
    compiled["adequation"] = _fit(compilation, rfile)
    _check_effects(compilation, rfile)
    compiled["effets"] = {rid: answered_effect(compilation, rfile, rid, effect) for rid, effect in data["effets"].items()}
    compiled["demarches"] = compile_actions(compilation, rfile, Names(compilation))
    return compiled


def _assiettes(compilation, rfile):
    """[[name, tree], ...]: a list, not a mapping, as the bundle's JSON sorts keys and the order matters."""
    assiettes = rfile.data["assiettes"]
    compiled = []
    # An assiette may use `montant`, `periode` ("mois", "trimestre" or "annee": some rules,
    # like a yearly minimum deduction, apply to one period only) and the assiettes above it.
    local = ["montant", "periode"]
    for name, source in assiettes.items():
        names = Names(compilation, local=tuple(local))
        local.append(name)
        if name not in compilation.assiettes:
            compilation.error(rfile, ("assiettes", name), f"assiette inconnue « {name} » ; assiettes déclarées dans "
                                                          f"paiement.yaml : {', '.join(compilation.assiettes)}", key=True)
            continue
        compiled.append([name, compilation.formula(rfile, ("assiettes", name), source, names)[0]])
    for name in REQUIRED_ASSIETTES:
        if name not in assiettes:
            compilation.error(rfile, ("assiettes",), f"l'assiette « {name} » est obligatoire pour chaque forme de paiement")
    return compiled


def _fit(compilation, rfile):
    """When the form does not fit the engagement (or is to check): conditions on the answers only, as the
    comparison of forms (engine/compare.py) evaluates them without any simulation."""
    compiled = []
    for index, rule in enumerate(rfile.data.get("adequation", [])):
        path = ("adequation", index, "si")
        tree = compilation.formula(rfile, path, rule["si"], Names(compilation))[0]
        if any(ref[0] != "input" for ref in references(tree)):
            compilation.error(rfile, path, "une condition d'adéquation (si) ne peut utiliser que les réponses aux questions "
                                           "(ni paramètre p., ni paiement., ni étape d'un droit, ni date)")
        compiled.append({"si": tree, "convient": rule["convient"], "pourquoi": " ".join(rule["pourquoi"].split()),
                         "source": rule["source"]})
    return compiled


def _check_effects(compilation, rfile):
    effects = rfile.data["effets"]
    for rid, effect in effects.items():
        if rid not in compilation.rights:
            compilation.error(rfile, ("effets", rid), f"droit inconnu « {rid} » (aucun fichier droits/{rid}.yaml)", key=True)
        if "organisme" in effect:
            compilation.check_body(rfile, ("effets", rid, "organisme"), effect["organisme"])
        if effect["compte"] == "a_verifier" and "organisme" not in effect:
            compilation.error(rfile, ("effets", rid), "un effet « a_verifier » doit nommer l'organisme à interroger (organisme)")
    # Every form says how it counts for every right: a new right is not published until
    # each form has been looked at (with « a_verifier » where nobody knows).
    for rid in sorted(set(compilation.rights) - set(effects)):
        compilation.error(rfile, ("effets",), f"effets : il manque l'effet de cette forme sur le droit « {rid} » "
                                              f"(compte: oui, non ou a_verifier, avec un texte)", key=True)
