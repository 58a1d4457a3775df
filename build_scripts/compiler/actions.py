"""Actions (démarches, `demarches` in YAML): what to declare to which body, in a form or a right."""


def compile_action(compilation, rfile, path, item, names):
    compilation.check_body(rfile, path + ("organisme",), item["organisme"])
    compiled = {"organisme": item["organisme"],
                "quoi": compilation.text(rfile, path + ("quoi",), item["quoi"], names),
                "quand": compilation.text(rfile, path + ("quand",), item["quand"], names),
                # The months it falls in, for the calendar (the schema lists the kinds).
                "mois": item["mois"]}
    if "si" in item:
        compiled["si"] = compilation.formula(rfile, path + ("si",), item["si"], names)[0]
    return compiled


def compile_actions(compilation, rfile, names):
    """The `demarches` list of a file."""
    return [compile_action(compilation, rfile, ("demarches", i), item, names)
            for i, item in enumerate(rfile.data.get("demarches", []))]
