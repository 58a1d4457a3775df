"""Checks of the values themselves, before any meaning is given to them: dates that exist in
the calendar, finite numbers, freshness stamps not in the future, amounts and rates in range.

A value an editor mistypes (2026-02-30, .nan, 80 instead of 0.8, a negative amount) would
otherwise compile and give wrong figures to every person; the build refuses it instead.
"""

import datetime
import math
import re

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_values(compilation, rfile):
    """Every string that looks like a date is a real date; every number is finite."""
    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, path + (key,))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, path + (index,))
        elif isinstance(node, str) and _ISO_DATE.match(node):
            try:
                datetime.date.fromisoformat(node)
            except ValueError:
                compilation.error(rfile, path, f"date impossible : « {node} » n'existe pas dans le calendrier")
        elif isinstance(node, float) and not math.isfinite(node):
            compilation.error(rfile, path, "nombre non fini (.nan ou .inf) : écrivez un nombre")
    walk(rfile.data, ())


def check_parameter_values(compilation, rfile, today=None):
    """A parameter's freshness stamp is not in the future; its amounts and rates are in range."""
    data = rfile.data
    today = (today or datetime.date.today()).isoformat()
    if isinstance(data.get("verifie_le"), str) and data["verifie_le"] > today:
        compilation.error(rfile, ("verifie_le",), f"verifie_le ({data['verifie_le']}) est dans le futur : "
                                                  "écrivez la date à laquelle la valeur a été vérifiée")
    unit = data.get("unite") or ""
    for index, entry in enumerate(data["valeurs"]):
        value = entry.get("valeur")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            continue
        if unit.startswith("EUR") and value < 0:
            compilation.error(rfile, ("valeurs", index, "valeur"), f"montant négatif ({value}) : un montant en euros est positif ou nul")
        if unit == "taux" and not 0 <= value <= 1:
            hint = f" ; pour {value:g} %, écrivez {value / 100:g}" if 2 <= value <= 100 else ""
            compilation.error(rfile, ("valeurs", index, "valeur"),
                              f"taux hors de [0, 1] ({value}) : un taux s'écrit en fraction (0.8 pour 80 %){hint} ; "
                              "un coefficient supérieur à 1 a l'unité « nombre »")
