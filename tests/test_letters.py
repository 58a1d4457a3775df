"""The letters (result["courriers"], engine/letters.py, templates in rules/courriers/): one letter per body
the result names; each carries the payment, the figure found, every point to check with that body, the
articles and the answer delay; it restates only the answers that body needs; the URSSAF rescrit only
for a micro-entrepreneur."""

import copy
import json
import re
from pathlib import Path

import pytest

from engine import fr, simulate
from engine.letters import BLOCKS
from build_scripts.compiler.letters import BLOCKS as COMPILED_BLOCKS

# Worked cases that send the person to several bodies (CAF, CPAM with a pension, MDPH, URSSAF, impôts...).
CASES = ["sandrine-rsa-micro-entrepreneur-prime-activite", "nadia-pension-cat2-aah-4-seances-etp",
         "fatou-aah-rsa-bons-cadeaux-focus-group", "lea-are-cdd-deux-jours-enseignement",
         "sophie-benevole-frais-reels-aah-mva", "sylvie-pension-cat1-et-rsa", "camille-aah-rsdae-mi-temps"]


RESCRIT = re.compile(r"\brescrit\b", re.IGNORECASE)
ALL_CASES = sorted(path.stem for path in (Path(__file__).resolve().parent.parent / "rules" / "cas").glob("*.yaml"))


def _result(rules, case_id, **changes):
    case = rules["cas"][case_id]
    return simulate(rules, {**case["situation"], **changes}, case["date"])


def _block(letter, title):
    """The paragraph of a letter that starts with `title` ('' when the letter has none)."""
    return next((p for p in letter["paragraphes"] if p.startswith(title)), "")


def test_the_engine_fills_the_blocks_the_compiler_requires():
    assert set(BLOCKS) == set(COMPILED_BLOCKS)


@pytest.mark.parametrize("case_id", CASES)
def test_every_body_named_gets_one_letter(rules, case_id):
    result = _result(rules, case_id)
    bodies = [letter["organisme"] for letter in result["courriers"]]
    assert sorted(bodies) == sorted(result["organismes"]) and len(bodies) == len(set(bodies))
    assert all(letter["nom"] == result["organismes"][letter["organisme"]]["nom"] for letter in result["courriers"])


@pytest.mark.parametrize("case_id", CASES)
def test_each_letter_carries_payment_figure_questions_articles_and_delay(rules, case_id):
    result = _result(rules, case_id)
    payment = result["paiement"]
    for letter in result["courriers"]:
        text, body = letter["corps"], letter["organisme"]
        assert letter["corps"] == "\n\n".join(letter["paragraphes"])
        assert f"Objet : {letter['objet']}" in text
        assert payment["forme_nom"] in text
        figure = _block(letter, "Ce que j'ai estimé")
        assert figure, text
        if rules["formes"][payment["forme"]].get("nature") != "frais":
            assert f"{fr.amount(payment['net_mensuel'])} €" in figure
        for right_id in letter["droits"]:
            right = result["droits"][right_id]
            assert right["nom"] in figure
            if right["avant"] is not None:
                assert f"{fr.amount(right['avant'])} €" in figure
        to_check = [a["texte"] for a in result["alertes"] if a.get("organisme") == body and "vérifier" in a["texte"].lower()]
        prefix = f"À vérifier auprès de : {letter['nom']}."
        for alert in to_check:
            core = alert[len(prefix):].strip() if alert.startswith(prefix) else alert
            assert core in _block(letter, "Mes questions :"), (body, core)
        assert len(letter["questions"]) >= len(set(to_check)) + 1
        assert letter["articles"]
        for article in letter["articles"]:
            assert article["titre"] in _block(letter, "Les textes sur lesquels")
        assert letter["delai"] and letter["delai"] in text and "par écrit" in letter["delai"]


@pytest.mark.parametrize("case_id", CASES)
def test_a_letter_restates_only_the_answers_its_body_needs(rules, case_id):
    result = _result(rules, case_id)
    labels = {q["id"]: q["libelle"].strip() for q in rules["questions"]}
    for letter in result["courriers"]:
        wanted = rules["courriers"][letter["modele"]]["reponses"]
        lines = _block(letter, "Ma situation :").splitlines()[1:]
        for line in lines:
            assert any(line.startswith(f"- {labels[qid]}") for qid in wanted), (letter["modele"], line)


def test_an_answer_another_body_needs_does_not_appear(rules):
    letters = {letter["organisme"]: letter for letter in _result(rules, "sandrine-rsa-micro-entrepreneur-prime-activite")["courriers"]}
    tax_rate = next(q["libelle"].strip() for q in rules["questions"] if q["id"] == "taux_marginal_imposition")
    rsa = next(q["libelle"].strip() for q in rules["questions"] if q["id"] == "percoit_rsa")
    assert tax_rate in letters["impots"]["corps"] and tax_rate not in letters["caf"]["corps"]
    assert rsa in letters["caf"]["corps"] and rsa not in letters["impots"]["corps"] and rsa not in letters["urssaf"]["corps"]


@pytest.mark.parametrize("case_id", ALL_CASES)
def test_the_urssaf_rescrit_appears_only_for_a_micro_entrepreneur(rules, case_id):
    result = _result(rules, case_id)
    micro = result["paiement"]["forme"] == "micro_entrepreneur"
    for letter in result["courriers"]:
        rescrit = bool(RESCRIT.search(letter["corps"]))
        assert rescrit == (micro and letter["organisme"] == "urssaf"), (case_id, letter["organisme"])
        if rescrit:
            assert "L243-6-3" in letter["corps"] and "trois mois" in letter["delai"]


def test_without_micro_enterprise_the_urssaf_gets_the_general_letter(rules):
    result = _result(rules, "sandrine-rsa-micro-entrepreneur-prime-activite", paiement_forme="defraiement_forfaitaire")
    urssaf = next(letter for letter in result["courriers"] if letter["organisme"] == "urssaf")
    assert urssaf["modele"] == "urssaf" and not RESCRIT.search(urssaf["corps"])


def test_the_pension_letter_goes_to_the_cpam_only_with_a_pension(rules):
    with_pension = _result(rules, "nadia-pension-cat2-aah-4-seances-etp")["courriers"]
    assert [letter["modele"] for letter in with_pension if letter["organisme"] == "cpam"] == ["cpam_pension_invalidite"]
    without = _result(rules, "fatou-aah-rsa-bons-cadeaux-focus-group")["courriers"]
    assert [letter["modele"] for letter in without if letter["organisme"] == "cpam"] == ["cpam"]


def test_letters_are_deterministic(rules):
    first = _result(rules, "nadia-pension-cat2-aah-4-seances-etp")["courriers"]
    second = _result(rules, "nadia-pension-cat2-aah-4-seances-etp")["courriers"]
    assert json.dumps(first, ensure_ascii=False) == json.dumps(second, ensure_ascii=False)


def test_bodies_name_their_contact_and_no_generic_text(rules):
    result = _result(rules, "nadia-pension-cat2-aah-4-seances-etp")
    for body in result["organismes"].values():
        assert set(body) == {"nom", "sigle", "contact"}


def test_a_doubtful_parameter_brings_its_question_and_its_source(rules):
    """A parameter whose latest value is marked « a_verifier »: the letter to the body named asks about it and
    cites the text of that value."""
    doubtful = copy.deepcopy(rules)
    entry = doubtful["parametres"]["rsa.montant_forfaitaire_personne_seule"]["valeurs"][-1]
    entry.update({"a_verifier": "Montant de la dernière revalorisation à relire.", "organisme": "caf",
                  "source": {"titre": "Décret de revalorisation à relire", "url": "https://www.legifrance.gouv.fr/"}})
    case = rules["cas"]["sandrine-rsa-micro-entrepreneur-prime-activite"]
    letters = {letter["organisme"]: letter for letter in simulate(doubtful, case["situation"], case["date"])["courriers"]}
    assert "Montant de la dernière revalorisation à relire." in _block(letters["caf"], "Mes questions :")
    assert "Décret de revalorisation à relire" in _block(letters["caf"], "Les textes sur lesquels")
    plain = {letter["organisme"]: letter for letter in _result(rules, "sandrine-rsa-micro-entrepreneur-prime-activite")["courriers"]}
    assert "Décret de revalorisation à relire" not in plain["caf"]["corps"]
