"""Dated parameters: pick the value in force at the simulated date."""

import datetime

from .expressions import EvaluationError

# How far past the rules' last dated value a date is still computed (with a notice): beyond, refused.
HARD_LIMIT_YEARS = 3


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


def unknown_from(parameter):
    """The ISO date from which a parameter's value is not known yet: its next revaluation
    (`revalorisation`, every year on `le`) after its last dated value; None without a rhythm."""
    rhythm = parameter.get("revalorisation")
    if not rhythm:
        return None
    last = parameter["valeurs"][-1]["depuis"]
    candidate = f"{last[:4]}-{rhythm['le']}"
    return candidate if candidate > last else f"{int(last[:4]) + 1:04d}-{rhythm['le']}"


def last_known(rules):
    """The latest start date of a value among all the rules' parameters."""
    return max(p["valeurs"][-1]["depuis"] for p in rules["parametres"].values())


def hard_limit(rules):
    """The last date the engine computes: HARD_LIMIT_YEARS after the rules' last dated value."""
    last = datetime.date.fromisoformat(last_known(rules))
    if (last.month, last.day) == (2, 29):
        last = last.replace(day=28)
    return last.replace(year=last.year + HARD_LIMIT_YEARS).isoformat()


def form_max(rules):
    """The latest date the simulator's form offers: 31 December of the year after the rules'
    verification date, and never past the hard limit."""
    checked = rules.get("verifie_le") or last_known(rules)
    return min(f"{int(checked[:4]) + 1:04d}-12-31", hard_limit(rules))
