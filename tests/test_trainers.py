"""The trainers' and referents' pages (issue 12), without a browser: the training path
(rules/formation.yaml, its references checked), the case sequences (figures from the engine),
the open questions (every point « à vérifier » listed by body; a written answer closes it and
becomes the rule's source) and the needs questionnaires (questions kept as data).

Browser behaviour (reveal, print on one page, composing the needs summary): test_trainers_browser.py.
"""

import json

import pytest
from rule_edits import mutate

from build_scripts.compile_rules import compile_rules, serialise
from build_scripts.generate_pages import render_all
from build_scripts.guide import Guide
from build_scripts.open_questions import BODY_ORDER, OpenQuestionFacts
from engine import fr, simulate

EFFECT = "formes/bons_cadeaux.yaml"
EFFECT_OLD = """  aah:
    compte: a_verifier
    organisme: caf
"""
ANSWER = """  aah:
    compte: a_verifier
    organisme: caf
    reponse:
      date: 2027-01-12
      organisme: caf
      reference: courrier CAF n° 2027-0042
      texte: La CAF ne compte pas des bons d'achat offerts une fois après un groupe de discussion.
      compte: non
"""


def _compile(rules_dir):
    bundle, problems = compile_rules(rules_dir)
    return bundle, [str(p) for p in problems]


def _pages(bundle):
    return render_all(bundle)


# ----- the training path -----------------------------------------------------------------------------

def test_training_path_is_a_half_day_with_existing_pages_and_cases(rules):
    path = rules["formation"]
    total = sum(s["duree"] for s in path["sequences"])
    assert 150 <= total <= 270, f"une demi-journée : {total} min"
    pages = _pages(rules)
    text = pages["formation/index.md"]
    hours, minutes = divmod(total, 60)
    assert f"Durée totale : {hours} h {minutes:02d}" in text
    for sequence in path["sequences"]:
        assert sequence["titre"] in text
        for cid in sequence.get("cas", []):
            assert f"({cid}.md)" in text, cid
        for page in sequence.get("pages", []):
            assert f"(../{page})" in text, page


@pytest.mark.parametrize("old, new, message", [
    ("    cas: [julien-aah-80-mva-150-euros-une-fois]", "    cas: [julien-aah-80-mva-150-euro-une-fois]",
     "cas pratique inconnu : « julien-aah-80-mva-150-euro-une-fois » (aucun fichier cas/julien-aah-80-mva-150-euro-une-fois.yaml) ; "
     "vouliez-vous dire « julien-aah-80-mva-150-euros-une-fois » ?"),
    ("    pages: [tableau-croise.md, ", "    pages: [tableau-croisee.md, ", "page inconnue : « tableau-croisee.md »"),
    ("    pages: [tableau-croise.md, ", "    pages: [tableau-croisé.md, ", "chemin de page attendu"),
    ("    pages: [droits/index.md, formes/index.md]", "    pages: [droits/index.md, droits/apl.md]", "page inconnue : « droits/apl.md »"),
    ("    duree: 25\n", "    duree: vingt\n", "durée en minutes attendue"),
])
def test_unknown_page_or_case_in_the_training_path_is_a_french_error_with_its_line(rules_copy, old, new, message):
    line = mutate(rules_copy, "formation.yaml", old, new)
    bundle, problems = _compile(rules_copy)
    assert bundle is None
    assert any(f"formation.yaml:{line}:" in p and message in p for p in problems), problems


def test_every_worked_case_has_its_training_sequence_and_group_questions(rules):
    pages = _pages(rules)
    for cid, case in rules["cas"].items():
        text = pages[f"formation/{cid}.md"]
        assert case.get("formation", {}).get("questions"), f"{cid} : pas de questions pour le groupe"
        for question in case["formation"]["questions"]:
            assert question.replace("'", "&#39;") in text or question in text, (cid, question)
        assert text.count('??? question "Révéler : ') >= 1 and '??? example "Révéler : les chiffres"' in text
        assert '??? tip "Révéler : qui prévenir, et quand"' in text
        assert "simulateur/#s=" in text, f"{cid} : pas de lien vers le simulateur pré-rempli"


def test_sequence_figures_are_the_engine_s_own(rules):
    """The revealed figures are computed by the engine for the case (not copied from the case file)."""
    pages = _pages(rules)
    for cid, case in rules["cas"].items():
        result = simulate(rules, case["situation"], case["date"])
        text = pages[f"formation/{cid}.md"]
        assert f"il rapporte vraiment {fr.euros(result['gain_mensuel'])} par mois" in text, cid
        for right in result["droits"].values():
            if right["avant"] is not None:
                assert f"| {fr.euros(right['avant'])} | {fr.euros(right['apres'])} |" in text, (cid, right["nom"])
        for action in result["demarches"]:
            assert action["quoi"].replace("'", "&#39;") in text or action["quoi"] in text, (cid, action["quoi"])


# ----- open questions --------------------------------------------------------------------------------

def _facts(bundle):
    return OpenQuestionFacts(Guide(bundle))


def test_every_point_to_check_is_an_open_question_under_its_body(rules):
    facts = _facts(rules)
    listed = {p["id"]: p for _, _, points in facts.groups() for p in points}
    expected = set()
    for fid, form in rules["formes"].items():
        for rid, effect in form["effets"].items():
            if effect["compte"] == "a_verifier":
                expected.add(f"effet-{fid}-{rid}".replace("_", "-"))
                assert listed[f"effet-{fid}-{rid}".replace("_", "-")]["organisme"] == effect["organisme"]
    for pid, param in rules["parametres"].items():
        for entry in param["valeurs"]:
            if "a_verifier" in entry:
                expected.add(f"parametre-{pid.replace('.', '-')}-{entry['depuis']}")
    for rid, right in rules["droits"].items():
        for index, alert in enumerate(right["alertes"]):
            if "question" in alert:
                expected.add(f"alerte-{rid}-{index + 1}".replace("_", "-"))
    assert expected and set(listed) == expected
    assert len([p for p in listed if p.startswith("alerte-")]) >= 5
    bodies = [bid for bid, _, _ in facts.groups()]
    assert bodies[:len(BODY_ORDER)] == list(BODY_ORDER), "les organismes de l'issue, dans l'ordre, même sans question"
    page = _pages(rules)["questions-ouvertes.md"]
    for point_id, point in listed.items():
        assert f"{{: #{point_id} .question-ouverte }}" in page
    assert f"**{len(listed)} questions ouvertes**" in page


def test_a_written_answer_closes_the_point_and_sources_the_rule(rules_copy):
    mutate(rules_copy, EFFECT, EFFECT_OLD, ANSWER)
    bundle, problems = _compile(rules_copy)
    assert not problems, problems
    facts = _facts(bundle)
    open_ids = {p["id"] for p in facts.open_points()}
    assert "effet-bons-cadeaux-aah" not in open_ids
    assert [p["id"] for p in facts.answered()] == ["effet-bons-cadeaux-aah"]
    # The rule is now sourced: counted as the answer says, with the answer's text.
    effect = bundle["formes"]["bons_cadeaux"]["effets"]["aah"]
    assert effect["compte"] == "non" and effect["texte"].startswith("La CAF ne compte pas")
    pages = _pages(bundle)
    form_page = pages["formes/bons_cadeaux.md"]
    row = next(line for line in form_page.splitlines() if "(../droits/aah.md)" in line)
    assert "ne compte pas" in row and "Réponse écrite de [Caisse d" in row and "12 janvier 2027" in row
    assert "courrier CAF n° 2027-0042" in row and "À vérifier auprès de" not in row
    questions = pages["questions-ouvertes.md"]
    assert "{: #effet-bons-cadeaux-aah .question-ouverte }" not in questions
    answered = questions[questions.index("## Questions qui ont reçu une réponse"):]
    assert "12 janvier 2027" in answered and "#effet-bons-cadeaux-aah" in answered
    # The simulator no longer says « à vérifier » for this right because of the form.
    shipped = json.loads(serialise(bundle)[0])
    case = shipped["cas"]["fatou-aah-rsa-bons-cadeaux-focus-group"]
    aah = simulate(shipped, case["situation"], case["date"])["droits"]["aah"]
    assert aah["traitement_paiement"]["compte"] == "non"
    assert not any(a["texte"].startswith("À vérifier auprès de") for a in aah["alertes"])


def test_an_answer_gives_an_unknown_value_and_removes_its_doubt(rules_copy):
    relative = "rules/parametres/aah/duree_cumul_integral_mois.yaml".removeprefix("rules/")
    text = (rules_copy / relative).read_text(encoding="utf-8")
    assert "    organisme: caf\n" in text
    mutate(rules_copy, relative, "    organisme: caf\n", "    organisme: caf\n    reponse:\n      date: 2027-02-01\n"
           "      organisme: caf\n      reference: message 12345 de l'espace caf.fr\n"
           "      texte: Le cumul intégral de six mois s'applique toujours.\n")
    bundle, problems = _compile(rules_copy)
    assert not problems, problems
    entries = bundle["parametres"]["aah.duree_cumul_integral_mois"]["valeurs"]
    assert all("a_verifier" not in e for e in entries)
    assert not any(p["id"].startswith("parametre-aah-duree_cumul_integral_mois") for p in _facts(bundle).open_points())
    assert "message 12345 de l'espace caf.fr" in _pages(bundle)["parametres.md"]


@pytest.mark.parametrize("answer, message", [
    ("    reponse:\n      date: 2027-01-12\n      organisme: caf\n      texte: Oui.\n      compte: non\n",
     "champ obligatoire manquant : « reference »"),
    ("    reponse:\n      date: \"2027-02-30\"\n      organisme: caf\n      reference: x\n      texte: Oui.\n      compte: non\n",
     "2027-02-30"),
    ("    reponse:\n      date: 2027-01-12\n      organisme: caff\n      reference: x\n      texte: Oui.\n      compte: non\n",
     "organisme inconnu : « caff »"),
    ("    reponse:\n      date: 2027-01-12\n      organisme: caf\n      reference: x\n      texte: Oui.\n",
     "la réponse à un effet « a_verifier » doit trancher"),
    ("    reponse:\n      date: 2027-01-12\n      organisme: caf\n      reference: x\n      texte: Oui.\n      compte: non\n      valeur: 3\n",
     "« valeur » n'a de sens que dans la réponse sur une valeur"),
])
def test_a_malformed_answer_is_a_french_error_with_its_line(rules_copy, answer, message):
    line = mutate(rules_copy, EFFECT, EFFECT_OLD, EFFECT_OLD + answer)
    bundle, problems = _compile(rules_copy)
    assert bundle is None
    assert any(p.startswith("rules/formes/bons_cadeaux.yaml:") or "bons_cadeaux.yaml:" in p for p in problems), problems
    where = [p for p in problems if message in p]
    assert where, problems
    reported = int(where[0].split("bons_cadeaux.yaml:")[1].split(":")[0])
    first, last = line + 3, line + 3 + answer.count("\n") - 1  # the lines of the answer
    assert first <= reported <= last, (first, last, where)


# ----- needs questionnaires --------------------------------------------------------------------------

def test_needs_questionnaires_are_data_rendered_as_forms(rules):
    questionnaires = rules["besoins"]
    assert {"patients-partenaires", "professionnels"} <= set(questionnaires)
    pages = _pages(rules)
    assert "Rien n'est envoyé ni enregistré par ce site" in pages["besoins/index.md"]
    for qid, questionnaire in questionnaires.items():
        page = pages[f"besoins/{qid}.md"]
        for section in questionnaire["sections"]:
            for question in section["questions"]:
                field = f"besoin-{qid}-{question['id']}".replace("_", "-")
                assert f'name="{field}"' in page, field
                for choice in question.get("choix", []):
                    assert f'value="{choice}"'.replace("'", "&#39;") in page or f'value="{choice}"' in page
        assert 'src="../../assets/js/besoins.js"' in page and "action=" not in page


def test_a_choice_question_without_choices_is_a_french_error(rules_copy):
    line = mutate(rules_copy, "besoins.yaml", "          - id: frequence\n            type: choix\n",
                  "          - id: frequence\n            type: choix_multiple\n")
    mutate(rules_copy, "besoins.yaml", """            libelle: À quelle fréquence intervenez-vous ?
            choix:
              - Moins d'une fois par mois
              - Une à quatre fois par mois
              - Plus de quatre fois par mois
""", "            libelle: À quelle fréquence intervenez-vous ?\n")
    bundle, problems = _compile(rules_copy)
    assert bundle is None
    assert any(f"besoins.yaml:{line}:" in p and "demande la liste de ses réponses possibles" in p for p in problems), problems


def test_a_removed_case_loses_its_sequence_page(rules, tmp_path):
    from build_scripts.generate_pages import generate_pages

    docs = tmp_path / "docs"
    generate_pages(rules, docs)
    stale = docs / "formation" / "ancien-cas.md"
    stale.write_text((docs / "formation" / f"{next(iter(rules['cas']))}.md").read_text(encoding="utf-8"), encoding="utf-8")
    handwritten = docs / "formation" / "notes.md"
    handwritten.write_text("# Mes notes\n", encoding="utf-8")
    generate_pages(rules, docs)
    assert not stale.exists() and handwritten.exists()
