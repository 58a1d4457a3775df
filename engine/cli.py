"""Command line: python -m engine COMMAND SITUATION.yaml|.json [--date AAAA-MM-JJ] [--json] (COMMANDS below)

Exit codes: 0 done, 2 bad input (situation file, date or rules file), always with a French
message and never a Python traceback.
"""

import argparse
import datetime
import json
import os
import sys

from . import load_rules
from .errors import RulesError, SituationError
from .compare import compare_forms
from .letters import render_letters
from .report import render_calendar, render_report
from .report_decisions import render_comparison, render_thresholds
from .simulate import simulate
from .thresholds import thresholds
from .vocabulary import error
from .yaml_errors import explain

DEFAULT_MANIFEST = os.path.join("build", "regles", "manifest.json")


class InputFileError(Exception):
    """The situation file cannot be read as a situation (French message)."""


def _no_duplicates(pairs):
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise InputFileError(f"le champ « {key} » apparaît deux fois")
    return dict(pairs)


def _yaml(text):
    try:
        import yaml  # only the command line reads YAML; the engine itself never does
    except ImportError:
        raise InputFileError("lire un fichier YAML demande PyYAML (make venv) ; sinon donnez un fichier .json") from None

    class Loader(yaml.SafeLoader):
        """Safe YAML (no Python objects) that refuses a key given twice."""

        def construct_mapping(self, node, deep=False):
            pairs = []
            for key_node, value_node in node.value:
                key = self.construct_object(key_node, deep=deep)
                try:
                    hash(key)
                except TypeError:
                    raise InputFileError(f"ligne {key_node.start_mark.line + 1} : un nom de champ ne peut pas être une liste") from None
                if key in [k for k, _ in pairs]:
                    raise InputFileError(f"ligne {key_node.start_mark.line + 1} : le champ « {key} » apparaît deux fois")
                pairs.append((key, self.construct_object(value_node, deep=deep)))
            return dict(pairs)

    Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, Loader.construct_mapping)
    try:
        return yaml.load(text, Loader=Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        line, column, message = explain(error, text)
        raise InputFileError(f"ligne {line}, colonne {column} : ce n'est pas du YAML valide : {message}") from None


def _read_situation(path):
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except UnicodeDecodeError:
        raise InputFileError("le fichier doit être enregistré en UTF-8") from None
    except OSError as error:
        raise InputFileError(f"fichier illisible ({error.strerror or error})") from None
    if "\x00" in text:
        raise InputFileError("le fichier contient un caractère nul : ce n'est pas un fichier texte")
    try:
        if path.endswith(".json"):
            try:
                return json.loads(text, object_pairs_hook=_no_duplicates)
            except ValueError as error:
                raise InputFileError(f"ce n'est pas du JSON valide ({error})") from None
        return _yaml(text)
    except RecursionError:
        raise InputFileError("le fichier est imbriqué trop profondément") from None


def _rules_path(option):
    if option:
        return option
    with open(DEFAULT_MANIFEST, encoding="utf-8") as handle:
        manifest = json.load(handle)
    return os.path.join(os.path.dirname(DEFAULT_MANIFEST), manifest["regles"])


def _simulate(rules, situation, date):
    return simulate(rules, situation, date)


def _letters(rules, situation, date, organisme=None):
    """The letters of the result ({"date", "courriers"}); with `organisme`, only the letter to that body."""
    letters = simulate(rules, situation, date)["courriers"]
    if organisme:
        chosen = [letter for letter in letters if letter["organisme"] == organisme]
        if not chosen:
            names = ", ".join(letter["organisme"] for letter in letters) or "aucune"
            raise SituationError([error("organisme", "invalide", f"aucune lettre à « {organisme} » pour cette situation "
                                                                 f"(lettres : {names})")])
        letters = chosen
    return {"date": date, "courriers": letters}


def _calendar(rules, situation, date):
    result = simulate(rules, situation, date)
    return {"date": result["date"], "gain_mensuel": result["gain_mensuel"], "calendrier": result["calendrier"]}


# Each command: (help, compute(rules, situation, date) -> JSON-able answer, render(answer, rules) -> French text).
# compute raises SituationError/RulesError on bad input, like simulate.
COMMANDS = {
    "simuler": ("simuler une situation décrite dans un fichier YAML ou JSON", _simulate, render_report),
    "comparer": ("comparer les formes de paiement pour le même montant et le même rythme", compare_forms, render_comparison),
    "seuils": ("jusqu'à quel montant le paiement ne change rien, et où sont les seuils", thresholds, render_thresholds),
    "calendrier": ("afficher mois par mois ce que vous recevez et ce qu'il faut déclarer, à qui", _calendar, render_calendar),
    "courrier": ("écrire les lettres à envoyer à chaque organisme (demande de réponse écrite)", _letters, render_letters),
}
# Options of one command only, passed to its compute as keyword arguments: (option, help).
OPTIONS = {
    "courrier": [("--organisme", "n'écrire que la lettre à cet organisme (par exemple caf, cpam, urssaf)")],
}


def _parser():
    parser = argparse.ArgumentParser(prog="python -m engine", description="Simulateur patients partenaires")
    sub = parser.add_subparsers(dest="commande", required=True)
    for name, (help_text, _, _) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text)
        command.add_argument("situation", help="fichier de situation (.yaml ou .json)")
        command.add_argument("--date", default=datetime.date.today().isoformat(), help="date simulée, AAAA-MM-JJ (par défaut : aujourd'hui)")
        command.add_argument("--json", action="store_true", help="afficher le résultat complet en JSON")
        command.add_argument("--regles", help="fichier de règles compilées (par défaut : build/regles/, produit par « make regles »)")
        for option, option_help in OPTIONS.get(name, []):
            command.add_argument(option, help=option_help)
    return parser


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        rules_file = _rules_path(args.regles)
        with open(rules_file, encoding="utf-8") as handle:
            rules = load_rules(handle.read())
    except (OSError, KeyError, ValueError, RulesError) as error:
        print(f"Erreur : règles compilées introuvables ou illisibles ({error}). Lancez « make regles ».", file=sys.stderr)
        return 2
    try:
        situation = _read_situation(args.situation)
    except InputFileError as error:
        print(f"Erreur : impossible de lire la situation {args.situation} : {error}", file=sys.stderr)
        return 2
    _, compute, render = COMMANDS[args.commande]
    try:
        options = {option.lstrip("-"): getattr(args, option.lstrip("-")) for option, _ in OPTIONS.get(args.commande, [])}
        result = compute(rules, situation, args.date, **options)
    except (SituationError, RulesError) as error:
        print(f"La situation {args.situation} contient des erreurs :", file=sys.stderr)
        for item in getattr(error, "errors", [{"champ": "regles", "message": str(error)}]):
            print(f"  - {item['champ']} : {item['message']}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(render(result, rules))
    return 0
