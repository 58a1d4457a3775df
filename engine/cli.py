"""Command line: python -m engine simuler SITUATION.yaml|.json [--date AAAA-MM-JJ] [--json]

Exit codes: 0 done, 2 bad input (situation, date or rules file).
"""

import argparse
import datetime
import json
import os
import sys

from . import load_rules
from .errors import RulesError, SituationError
from .report import render_report
from .simulate import simulate

DEFAULT_MANIFEST = os.path.join("build", "regles", "manifest.json")


def _read_situation(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    if path.endswith(".json"):
        return json.loads(text)
    try:
        import yaml  # only the command line reads YAML; the engine itself never does
    except ImportError:
        raise ValueError("lire un fichier YAML demande PyYAML (make venv) ; sinon donnez un fichier .json") from None
    return yaml.safe_load(text)


def _rules_path(option):
    if option:
        return option
    with open(DEFAULT_MANIFEST, encoding="utf-8") as handle:
        manifest = json.load(handle)
    return os.path.join(os.path.dirname(DEFAULT_MANIFEST), manifest["regles"])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m engine", description="Simulateur patients partenaires")
    sub = parser.add_subparsers(dest="commande", required=True)
    run = sub.add_parser("simuler", help="simuler une situation décrite dans un fichier YAML ou JSON")
    run.add_argument("situation", help="fichier de situation (.yaml ou .json)")
    run.add_argument("--date", default=datetime.date.today().isoformat(), help="date simulée, AAAA-MM-JJ (par défaut : aujourd'hui)")
    run.add_argument("--json", action="store_true", help="afficher le résultat complet en JSON")
    run.add_argument("--regles", help="fichier de règles compilées (par défaut : build/regles/, produit par « make regles »)")
    args = parser.parse_args(argv)

    try:
        rules_file = _rules_path(args.regles)
        with open(rules_file, encoding="utf-8") as handle:
            rules = load_rules(handle.read())
    except (OSError, KeyError, ValueError, RulesError) as error:
        print(f"Erreur : règles compilées introuvables ou illisibles ({error}). Lancez « make regles ».", file=sys.stderr)
        return 2
    try:
        situation = _read_situation(args.situation)
    except (OSError, ValueError) as error:
        print(f"Erreur : impossible de lire la situation {args.situation} : {error}", file=sys.stderr)
        return 2
    try:
        result = simulate(rules, situation, args.date)
    except (SituationError, RulesError) as error:
        print(f"La situation {args.situation} contient des erreurs :", file=sys.stderr)
        for item in getattr(error, "errors", [{"champ": "regles", "message": str(error)}]):
            print(f"  - {item['champ']} : {item['message']}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(render_report(result, rules))
    return 0
