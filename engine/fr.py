"""French formatting of numbers, amounts and dates: the one formatter of the Python side.

The engine (texts of results), the command line report, the compiler's messages and the
guide's pages all use it; the page script has its own twin, docs/assets/js/format.js.
Thousands are separated by a narrow no-break space (U+202F), decimals by a comma.
"""

import datetime

MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
THOUSANDS = "\u202f"
NBSP = "\u00a0"
# Units of the rules (parametres, questions) in words, after the number.
UNIT_WORDS = {"EUR": "€", "EUR/mois": "€ par mois", "EUR/an": "€ par an", "EUR/trimestre": "€ par trimestre",
              "EUR/heure": "€ de l'heure", "taux": "%", "heures": "heures", "mois": "mois",
              "nombre": "nombre", "booleen": "oui ou non"}


def number(value, decimals=None, max_decimals=4):
    """1234.5 -> '1 234,5'; with decimals=2 -> '1 234,50'; booleans -> 'oui' / 'non'."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, str):
        return value
    if decimals is None:
        text = f"{float(value):,.{max_decimals}f}".rstrip("0").rstrip(".")
    else:
        text = f"{float(value):,.{decimals}f}"
    if text.startswith("-"):
        # No "-0,00"; otherwise the typographic minus sign U+2212, as in signed_euros.
        text = "−" + text[1:] if any(digit in text for digit in "123456789") else text[1:]
    return text.replace(",", THOUSANDS).replace(".", ",")


def amount(value):
    """An amount in a sentence: no decimals when whole, else two ('150', '12,50')."""
    if isinstance(value, (bool, str)):
        return number(value)
    whole = abs(float(value) - round(float(value))) < 0.005
    return number(round(float(value)) if whole else value, 0 if whole else 2)


def euros(value):
    """'1 234,50 €' (always two decimals); '—' when there is no amount."""
    if value is None:
        return "—"
    return f"{number(value, 2)}{NBSP}€"


def signed_euros(value):
    """'+12,00 €', '−12,00 €', '0,00 €'."""
    if value is None:
        return "—"
    if abs(value) < 0.005:
        return euros(0)
    return ("+" if value > 0 else "−") + euros(abs(value))


def date(iso):
    """'2026-04-01' -> '1er avril 2026' (anything else is returned as it is)."""
    try:
        day = datetime.date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def with_unit(value, unit):
    """A value of the rules with its unit: '12,31 € de l'heure', '59,85 %', '6 mois'."""
    if value is None:
        return "—"
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return number(value)
    unit = unit or ""
    if unit.startswith("EUR"):
        suffix = UNIT_WORDS.get(unit, "€")[1:]
        return f"{number(value, 2)}{NBSP}€{suffix}"
    if unit == "taux":
        return f"{number(round(value * 100, 4))}{NBSP}%"
    if unit in ("heures", "mois"):
        return f"{number(value)} {UNIT_WORDS[unit]}"
    return number(value)
