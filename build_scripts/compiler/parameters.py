"""Dated parameters (parametres/**.yaml): values in date order, each with its source."""

from build_scripts.compiler.values import check_parameter_values

# The keys of a parameter file the bundle keeps.
KEPT = ("libelle", "description", "note", "unite", "verifie_le", "references", "valeurs")


def compile_parameter(compilation, rfile):
    data = rfile.data
    check_parameter_values(compilation, rfile)
    previous = None
    for index, entry in enumerate(data["valeurs"]):
        if previous is not None and entry["depuis"] <= previous:
            compilation.error(rfile, ("valeurs", index, "depuis"),
                              f"dates dans le désordre : {entry['depuis']} doit être postérieure à {previous}")
        previous = entry["depuis"]
        if entry["valeur"] is None and "organisme" in entry and "a_verifier" not in entry:
            compilation.error(rfile, ("valeurs", index), "« organisme » n'a de sens qu'avec « a_verifier »")
        if "organisme" in entry:
            compilation.check_body(rfile, ("valeurs", index, "organisme"), entry["organisme"])
    if data["valeurs"][0]["valeur"] is None and "a_verifier" not in data["valeurs"][0]:
        compilation.error(rfile, ("valeurs", 0, "valeur"), "la première valeur ne peut pas être abrogée (null sans a_verifier)")
    return {key: data[key] for key in KEPT if key in data}


def coverage(parameters, used):
    """(date_min, verifie_le) of the bundle: the first date at which every parameter a formula
    uses has a value, and the oldest date at which a parameter was checked."""
    firsts = [p["valeurs"][0]["depuis"] for pid, p in parameters.items() if pid in used]
    checked = [p["verifie_le"] for p in parameters.values()]
    return (max(firsts) if firsts else "1900-01-01"), (min(checked) if checked else "")
