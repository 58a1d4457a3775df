"""Dated parameters: pick the value in force at the simulated date."""

from .expressions import EvaluationError


class ParameterDateError(EvaluationError):
    """No value of a parameter is known at the requested date."""


def value_at(parameter_id, parameter, date):
    """Return (value, entry, warning) for `parameter` at ISO `date`.

    Values are sorted by their start date (`depuis`), checked by the compiler.
    An entry with `a_verifier` is a change the editors know happened but could
    not source: the last known value is used and a warning is returned.
    """
    entries = parameter["valeurs"]
    chosen = None
    for entry in entries:
        if entry["depuis"] <= date:
            chosen = entry
        else:
            break
    if chosen is None:
        raise ParameterDateError(
            f"le paramètre « {parameter['libelle']} » ({parameter_id}) n'a pas de valeur "
            f"avant le {entries[0]['depuis']} (date simulée : {date})"
        )
    if chosen["valeur"] is not None and "a_verifier" not in chosen:
        return chosen["valeur"], chosen, None
    if chosen["valeur"] is not None:
        # A value given with a doubt: used, and the doubt goes to the person.
        return chosen["valeur"], chosen, _warning(parameter_id, chosen, chosen["valeur"])
    if "a_verifier" not in chosen:
        raise ParameterDateError(
            f"le paramètre « {parameter['libelle']} » ({parameter_id}) n'existe plus depuis le {chosen['depuis']}"
        )
    known = [e for e in entries if e["depuis"] < chosen["depuis"] and e["valeur"] is not None]
    if not known:
        raise ParameterDateError(f"le paramètre « {parameter['libelle']} » n'a pas de valeur connue au {date}")
    return known[-1]["valeur"], known[-1], _warning(parameter_id, chosen, known[-1]["valeur"])


def _warning(parameter_id, entry, value):
    return {
        "parametre": parameter_id,
        "depuis": entry["depuis"],
        "texte": entry["a_verifier"],
        "organisme": entry.get("organisme"),
        "valeur_retenue": value,
    }
