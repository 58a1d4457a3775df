"""The worked cases (rules/cas/*.yaml): each one's figures, worked out by hand in the case file, must
be what the engine computes.

Each case gives a situation, a date and, for some rights, the expected monthly amount before and
after the payment and the status (and optionally the real monthly gain). The hand computation, with
the dated parameter values, is in the case's « raisonnement »: when a test here fails, either the
case or a rule is wrong — read the reasoning before changing a figure.

RULES_DIR (environment) compiles another rules folder (a working copy) instead of rules/.
"""

import json
import os
from pathlib import Path

import pytest

from build_scripts.compile_rules import compile_rules, serialise
from engine import simulate

ROOT = Path(__file__).resolve().parent.parent
RULES_DIR = Path(os.environ.get("RULES_DIR", ROOT / "rules"))
TOLERANCE = 0.01 + 1e-9  # euros: the hand computation rounds to the cent


def _bundle():
    bundle, problems = compile_rules(RULES_DIR)
    assert not problems, "\n".join(str(p) for p in problems)
    return json.loads(serialise(bundle)[0])


BUNDLE = _bundle()
CASES = BUNDLE["cas"]


def test_there_are_at_least_fifteen_cases():
    assert len(CASES) >= 15, f"{len(CASES)} cas pratiques seulement"


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_case_gives_the_hand_worked_figures(case_id):
    case = CASES[case_id]
    result = simulate(BUNDLE, case["situation"], case["date"])
    problems = []
    for rid, expected in case["attendu"].items():
        if rid == "gain_mensuel":
            if abs(result["gain_mensuel"] - expected) > TOLERANCE:
                problems.append(f"gain mensuel : attendu {expected}, calculé {result['gain_mensuel']}")
            continue
        got = result["droits"].get(rid)
        if got is None:
            problems.append(f"{rid} : droit absent du résultat (non applicable à cette situation ?)")
            continue
        for key in ("avant", "apres"):
            want, have = expected[key], got[key]
            if want is None or have is None:
                if want != have:
                    problems.append(f"{rid}.{key} : attendu {want}, calculé {have}")
            elif abs(have - want) > TOLERANCE:
                problems.append(f"{rid}.{key} : attendu {want}, calculé {have}")
        if got["statut"] != expected["statut"]:
            problems.append(f"{rid}.statut : attendu « {expected['statut']} », calculé « {got['statut']} »")
    assert not problems, f"cas {case_id} ({case['titre']}) :\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("case_id", sorted(CASES))
def test_case_lists_every_right_the_payment_changes(case_id):
    """A right whose amount or status the payment changes must be in « attendu » (nothing hidden)."""
    case = CASES[case_id]
    result = simulate(BUNDLE, case["situation"], case["date"])
    missing = [rid for rid, got in result["droits"].items()
               if rid not in case["attendu"] and (got["statut"] != "inchangé" or (got["difference"] or 0) != 0)]
    assert not missing, f"cas {case_id} : le paiement change {', '.join(missing)}, absent(s) de « attendu »"


def test_compiler_names_an_unknown_question_or_right_in_a_case(tmp_path):
    import shutil

    rules_dir = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules_dir)
    path = sorted((rules_dir / "cas").glob("*.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    text = text.replace("  paiement_montant:", "  paiement_montnat:", 1).replace("attendu:\n", "attendu:\n  rsaa: {avant: 0, apres: 0, statut: inchangé}\n", 1)
    path.write_text(text, encoding="utf-8")
    bundle, problems = compile_rules(rules_dir)
    messages = [str(p) for p in problems]
    assert bundle is None
    assert any("question inconnue : « paiement_montnat »" in m and "paiement_montant" in m for m in messages), messages
    assert any("droit inconnu : « rsaa »" in m and "« rsa »" in m for m in messages), messages
