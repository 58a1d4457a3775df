"""One vocabulary: the statuses, gravities, codes and namespaces are defined once (engine/vocabulary.py)
and every other place follows it; engine bugs fail loudly instead of becoming legal doubts."""

import copy
import json
import re
from pathlib import Path

import pytest

from build_scripts.formulas import parse, resolve
from build_scripts.wording import Wording
from engine import SituationError, simulate, simulate_json
from engine.browser import start
from engine.run import Scope
from engine.share import encode_share
from engine.tree import NODE_KINDS, UnknownNodeError, Walker, references
from engine.vocabulary import BUNDLE_FORMAT, ERROR_CODES, GRAVITIES, NAMESPACES, PREFIXES, STATUSES, VOCABULARY
from situations import situation

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "docs" / "assets" / "js"


def test_bundle_carries_the_vocabulary(rules):
    assert rules["format"] == BUNDLE_FORMAT
    assert rules["vocabulaire"] == json.loads(json.dumps(VOCABULARY))


def _enums(schema, key):
    found = []

    def walk(node):
        if isinstance(node, dict):
            for name, value in node.items():
                if name == key and isinstance(value, dict) and "enum" in value:
                    found.append(value["enum"])
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(schema)
    return found


def test_schema_lists_exactly_the_vocabulary():
    schema = json.loads((ROOT / "rules" / "schema" / "regles.schema.json").read_text(encoding="utf-8"))
    statuses = _enums(schema, "statut")
    gravities = _enums(schema, "gravite")
    assert statuses and gravities
    for enum in statuses:
        assert sorted(enum) == sorted(STATUSES)
    for enum in gravities:
        assert sorted(enum) == sorted(GRAVITIES)


def test_every_namespace_has_a_handler_in_the_engine_and_the_pages():
    assert set(Scope.HANDLERS) == set(NAMESPACES)
    assert set(Wording.REFERENCES) == set(NAMESPACES)
    assert set(PREFIXES.values()) <= set(NAMESPACES)


def test_share_link_is_the_format_of_the_vocabulary():
    link = encode_share({"paiement_montant": 150.0, "percoit_aah": True}, "2026-01-01")
    assert link == "#s=eyJwYWllbWVudF9tb250YW50IjoxNTAsInBlcmNvaXRfYWFoIjp0cnVlfQ&d=2026-01-01"


def test_one_walker_refuses_a_node_kind_it_does_not_know():
    class Nothing(Walker):
        pass

    with pytest.raises(UnknownNodeError):
        Nothing().walk(["const", 1.0])
    with pytest.raises(UnknownNodeError):
        Nothing().walk(["pow", ["const", 2.0], ["const", 3.0]])
    assert set(NODE_KINDS) >= {"const", "ref", "bin", "cmp", "if", "call"}


def test_references_and_resolution_use_the_same_walker():
    tree = resolve(parse("max(a, p.x.y) if b in ('u', 'v') else -c"), lambda name: ["input", name])
    assert references(tree) == [("input", "b"), ("input", "a"), ("input", "p.x.y"), ("input", "c")]


def test_page_scripts_list_no_status_gravity_question_or_right(rules):
    words = set(STATUSES) | {g["libelle"] for g in GRAVITIES.values()} | {s["libelle"] for s in STATUSES.values()}
    words |= {q["id"] for q in rules["questions"]} | set(rules["droits"]) | set(ERROR_CODES.values())
    for script in JS.glob("*.js"):
        text = script.read_text(encoding="utf-8")
        literals = set(re.findall(r'"([^"\\\n]*)"', text)) | set(re.findall(r"'([^'\\\n]*)'", text)) | set(re.findall(r"`([^`\\\n$]*)`", text))
        leaked = sorted(literals & words)
        assert not leaked, f"{script.name} écrit en dur : {leaked}"

# --- defects: each of these tests failed before the fix -------------------------------------------------

def test_doubts_met_while_counting_the_payment_reach_the_person(rules):
    # A contribution rate marked "a_verifier" is used only to count the payment (salary -> net):
    # its doubt used to be dropped before the rights were computed.
    doubtful = copy.deepcopy(rules)
    entries = doubtful["parametres"]["salaire.csg_taux_activite"]["valeurs"]
    entries[-1] = {**entries[-1], "a_verifier": "Taux de CSG à relire.", "organisme": "urssaf"}
    result = simulate(doubtful, situation(paiement_forme="salaire", paiement_montant=300), "2026-06-01")
    assert any(alert["texte"].startswith("À vérifier auprès de : URSSAF") and "Taux de CSG à relire" in alert["texte"]
               for alert in result["alertes"]), result["alertes"]


def _broken(rules, right_id, tree):
    broken = copy.deepcopy(rules)
    broken["droits"][right_id]["etapes"][0]["formule"] = tree
    return broken


def test_an_engine_bug_is_an_internal_error_not_a_legal_doubt(rules):
    broken = _broken(rules, "aah", ["bin", "/", ["const", 1.0], ["const", 0.0]])
    answers = situation(percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=False, paiement_forme="salaire",
                        paiement_montant=100)
    with pytest.raises(ZeroDivisionError):
        simulate(broken, answers, "2025-06-01")
    answer = json.loads(simulate_json(broken, json.dumps({"situation": answers, "date": "2025-06-01"})))
    assert answer["ok"] is False
    assert answer["erreurs"][0]["code"] == "interne"
    assert "erreur interne" in answer["erreurs"][0]["message"]


def test_errors_carry_a_code_the_page_can_decide_on(rules):
    answers = situation()
    del answers["percoit_aah"]
    with pytest.raises(SituationError) as error:
        simulate(rules, answers, "2025-06-01")
    assert [(e["champ"], e["code"]) for e in error.value.errors] == [("percoit_aah", "obligatoire")]


def test_browser_entry_point_runs_in_cpython(rules):
    engine = start(json.dumps(rules))
    summary = json.loads(engine.summary())
    assert summary["vocabulaire"]["statuts"] == STATUSES
    assert set(summary["droits"]) == set(rules["droits"])
    answer = json.loads(engine.answer(json.dumps({"situation": situation(), "date": "2025-06-01"})))
    assert answer["ok"] is True and "droits" in answer["resultat"]
