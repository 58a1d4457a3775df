"""Dated parameters (parametres/**.yaml): values in date order, each with its source."""

import datetime

from build_scripts.compiler.answers import answered_value
from build_scripts.compiler.values import check_parameter_values

# The keys of a parameter file the bundle keeps.
KEPT = ("libelle", "description", "note", "unite", "verifie_le", "references", "revalorisation", "valeurs")


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
    if "revalorisation" in data:
        _check_rhythm(compilation, rfile, data)
    compiled = {key: data[key] for key in KEPT if key in data}
    compiled["valeurs"] = [answered_value(compilation, rfile, i, entry) for i, entry in enumerate(data["valeurs"])]
    return compiled


def _check_rhythm(compilation, rfile, data):
    """`revalorisation.le` is a real day of a common year, and at least one value starts on it."""
    day = data["revalorisation"]["le"]
    try:
        datetime.date.fromisoformat(f"2001-{day}")
    except ValueError:
        compilation.error(rfile, ("revalorisation", "le"), f"jour de l'année impossible : {day}")
        return
    if not any(entry["depuis"][5:] == day for entry in data["valeurs"]):
        compilation.error(rfile, ("revalorisation", "le"),
                          f"aucune valeur ne commence un {day[3:]}/{day[:2]} : le rythme de revalorisation "
                          "ne correspond pas aux dates des valeurs")


def coverage(parameters, used):
    """(date_min, verifie_le) of the bundle: the first date at which every parameter a formula
    uses has a value, and the oldest date at which a parameter was checked."""
    firsts = [p["valeurs"][0]["depuis"] for pid, p in parameters.items() if pid in used]
    checked = [p["verifie_le"] for p in parameters.values()]
    return (max(firsts) if firsts else "1900-01-01"), (min(checked) if checked else "")
