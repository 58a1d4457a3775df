"""Validate every file of rules/ and compile them into one JSON bundle.

    python -m build_scripts.compile_rules [--regles rules] [--sortie build/regles]

Each file is checked against rules/schema/regles.schema.json (jsonschema),
then across files: unknown parameters, questions, steps or bodies, formula
syntax, cycles between steps or between rights, dates out of order. Every
error is listed, in French, with file, line and column; if there is any,
the exit code is 1 and nothing is written. Otherwise the bundle is written as
regles.<hash>.json with a manifest.json naming it.

This module runs the passes of build_scripts/compiler/ (one per kind of rule file) in order.
"""

import argparse
import sys
from pathlib import Path

from engine.vocabulary import BUNDLE_FORMAT, VOCABULARY

from build_scripts.compiler.bundle import serialise, write_bundle
from build_scripts.compiler.cases import compile_case
from build_scripts.compiler.changelog import compile_changelog
from build_scripts.compiler.core import Compilation, Problem, by_order
from build_scripts.compiler.forms import compile_form
from build_scripts.compiler.letters import check_every_body_has_a_letter, compile_letter
from build_scripts.compiler.parameters import compile_parameter, coverage
from build_scripts.compiler.payment import check_payment_questions, compile_payment
from build_scripts.compiler.questions import compile_questions
from build_scripts.compiler.rights import compile_right, order_rights
from build_scripts.compiler.training import compile_needs, compile_training

ROOT = Path(__file__).resolve().parent.parent
# Public API (tests, the MkDocs hook and other scripts import these from here).
__all__ = ["ROOT", "Problem", "compile_rules", "serialise", "write_bundle", "main"]


def compile_rules(rules_dir):
    """Return (bundle, problems); bundle is None when there is any problem."""
    compilation = Compilation(rules_dir)
    bundle = _compile(compilation)
    return bundle, compilation.problems


def _compile(compilation):
    """Run the passes in order: each needs the names the earlier ones made known (the answers
    before the payment, forms and rights that use them; every right's step names before any
    right), and the problems are listed in that order."""
    compilation.load()
    if not compilation.index():
        return None
    bundle = {"format": BUNDLE_FORMAT, "vocabulaire": VOCABULARY}
    bundle["parametres"] = {pid: compile_parameter(compilation, rfile) for pid, rfile in sorted(compilation.params.items())}
    bundle["organismes"] = {bid: dict(rfile.data) for bid, rfile in sorted(compilation.bodies.items())}
    bundle["questions"], bundle["sections"] = compile_questions(compilation)
    bundle["paiement"] = compile_payment(compilation)
    bundle["glossaire"] = compilation.glossary_file.data["termes"] if compilation.glossary_file else []
    bundle["formes"] = {fid: compile_form(compilation, rfile) for fid, rfile in sorted(compilation.forms.items(), key=by_order)}
    compilation.right_steps = {rid: [s["nom"] for s in rfile.data["etapes"] if isinstance(s, dict)]
                               for rid, rfile in compilation.rights.items()}
    bundle["droits"], used_rights = {}, {}
    for rid, rfile in sorted(compilation.rights.items(), key=by_order):
        bundle["droits"][rid], used_rights[rid] = compile_right(compilation, rid, rfile)
    bundle["ordre_droits"] = order_rights(compilation, used_rights)
    check_payment_questions(compilation, bundle["paiement"])
    # Letter templates may use every name (answers, parameters, the payment, the rights' steps).
    bundle["courriers"] = {lid: compile_letter(compilation, rfile) for lid, rfile in sorted(compilation.letters.items(), key=by_order)}
    check_every_body_has_a_letter(compilation, bundle["courriers"])
    cases = sorted(((rfile.path.stem, rfile) for rfile in compilation.cases), key=by_order)
    bundle["cas"] = {name: compile_case(compilation, rfile) for name, rfile in cases}
    bundle["besoins"] = compile_needs(compilation)
    bundle["formation"] = compile_training(compilation, bundle["cas"], bundle["besoins"])
    bundle["nouveautes"] = compile_changelog(compilation)
    if compilation.problems:
        return None
    bundle["date_min"], bundle["verifie_le"] = coverage(bundle["parametres"], compilation.used_parameters)
    return bundle


def main(argv=None):
    parser = argparse.ArgumentParser(description="Valide et compile les règles YAML en un fichier JSON.")
    parser.add_argument("--regles", default=str(ROOT / "rules"))
    parser.add_argument("--sortie", default=str(ROOT / "build" / "regles"))
    args = parser.parse_args(argv)
    bundle, problems = compile_rules(args.regles)
    if problems:
        print(f"{len(problems)} erreur(s) dans les règles ; rien n'a été écrit :", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    path = write_bundle(bundle, args.sortie)
    print(f"Règles compilées : {path} ({len(bundle['droits'])} droits, {len(bundle['parametres'])} paramètres, "
          f"{len(bundle['formes'])} formes de paiement)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
