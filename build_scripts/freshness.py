"""Freshness of the rules' parameters: which ones an editor should check again.

    python -m build_scripts.freshness [--regles rules] [--date AAAA-MM-JJ]     (make fraicheur)

A parameter is listed, with its file and line, when
- its freshness stamp (`verifie_le`) is more than 12 months old, or
- its yearly revaluation date (`revalorisation`: SMIC and PASS on 1 January; AAH, RSA, prime
  d'activité, ASI on 1 April...) has passed without a value dated on or after it.
The list is a reminder, never an error: the exit code is 0 (`make test` prints it as warnings, the
calendar must not fail the tests). The same list is the editors' page contribuer/fraicheur.md
(generated: FreshnessFacts, entry of generate_pages.PAGE_KINDS).
"""

import argparse
import datetime
from pathlib import Path

from engine import fr
from engine.parameters import unknown_from

ROOT = Path(__file__).resolve().parent.parent
MAX_AGE_MONTHS = 12


def _year_before(today):
    day = today.replace(day=28) if (today.month, today.day) == (2, 29) else today
    return day.replace(year=day.year - MAX_AGE_MONTHS // 12)


def _line(path, key):
    """The 1-based line where `key:` starts a line of the file (1 if absent)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((number for number, text in enumerate(lines, 1) if text.startswith(f"{key}:")), 1)


def stale_parameters(bundle, rules_dir=ROOT / "rules", today=None):
    """[{parametre, libelle, fichier, ligne, raison}] of the parameters to check again, by file."""
    today = today or datetime.date.today()
    oldest = _year_before(today).isoformat()
    out = []
    for pid, param in sorted(bundle["parametres"].items()):
        relative = "rules/parametres/" + pid.replace(".", "/") + ".yaml"
        path = Path(rules_dir) / "parametres" / (pid.replace(".", "/") + ".yaml")
        checked = param.get("verifie_le", "")
        if checked and checked < oldest:
            out.append({"parametre": pid, "libelle": param["libelle"], "fichier": relative,
                         "ligne": _line(path, "verifie_le"),
                         "raison": f"vérifié le {fr.date(checked)}, il y a plus de {MAX_AGE_MONTHS} mois : relisez "
                                   "la source, puis mettez verifie_le à la date du jour"})
        due = unknown_from(param)
        if due and due <= today.isoformat():
            last = param["valeurs"][-1]["depuis"]
            out.append({"parametre": pid, "libelle": param["libelle"], "fichier": relative,
                         "ligne": _line(path, "revalorisation"),
                         "raison": f"revalorisation du {fr.date(due)} passée sans nouvelle valeur (dernière : "
                                   f"{fr.date(last)}) : ajoutez la valeur du {fr.date(due)} avec sa source"})
    return out


class FreshnessFacts:
    """The editors' page contribuer/fraicheur.md: the same list as `make fraicheur`."""

    def __init__(self, guide):
        self.guide = guide

    def today(self):
        return fr.date(self.guide.today)

    def stale(self):
        rules_dir = self.guide.docs_dir.resolve().parent / "rules" if self.guide.docs_dir else ROOT / "rules"
        return stale_parameters(self.guide.bundle, rules_dir, datetime.date.fromisoformat(self.guide.today))


def main(argv=None):
    from build_scripts import compile_rules

    parser = argparse.ArgumentParser(description="Liste les paramètres à revérifier (fraîcheur).")
    parser.add_argument("--regles", default=str(ROOT / "rules"))
    parser.add_argument("--date", help="date du jour (AAAA-MM-JJ), pour essayer")
    args = parser.parse_args(argv)
    today = datetime.date.fromisoformat(args.date) if args.date else datetime.date.today()
    bundle, problems = compile_rules.compile_rules(args.regles)
    if problems:
        print("Fraîcheur : les règles ont des erreurs, corrigez-les d'abord (make regles).")
        return 0
    stale = stale_parameters(bundle, Path(args.regles), today)
    if not stale:
        print(f"Fraîcheur au {fr.date(today.isoformat())} : tous les paramètres sont à jour.")
        return 0
    print(f"Fraîcheur au {fr.date(today.isoformat())} : {len(stale)} paramètre(s) à revoir (avertissement) :")
    for item in stale:
        print(f"  {item['fichier']}:{item['ligne']}: {item['raison']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
