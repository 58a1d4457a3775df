"""Realistic editing mistakes in the real rule files, each refused with its French message at
its line (tests/rule_edits.py applies them to a copy of rules/). YAML syntax first — every one
with a hint, never PyYAML's English —, then content mistakes. These are other mistakes than those
of tests/test_rule_mutations.py."""

from pathlib import Path

import pytest

from build_scripts.compile_rules import compile_rules
from rule_edits import mutate

ROOT = Path(__file__).resolve().parent.parent
AAH = "parametres/aah/montant.yaml"
RATE = "parametres/aah/abattement_tranche_basse.yaml"
END_OF_VALUES = "note: >\n  Montants et textes"  # the values of the AAH amount end just before
PARSER_ENGLISH = ("expected", "found", "could not", "while scanning", "while parsing", "mapping values", "block end")

# (file, old text, new text, expected message, line of the error relative to the line where `new` starts)
MISTAKES = [
    # ---- YAML syntax
    (AAH, "    valeur: 1016.05\n    source:", "    valeur: 1016.05\n   source:",
     "indentation incohérente : cette ligne ne s'aligne sur aucun niveau précédent", 1),
    (AAH, "    valeur: 1016.05", "  valeur: 1016.05",
     "un champ est au niveau des tirets d'une liste : un champ d'un élément s'aligne sous le premier champ", 0),
    (AAH, "unite: EUR/mois", "unite EUR/mois", "il manque « : » après le nom du champ dans « unite EUR/mois »", 0),
    (AAH, "verifie_le: 2026-11-23", "verifie_le:2026-11-23",
     "il manque une espace après « : » dans « verifie_le:2026-11-23 » : écrivez « verifie_le: 2026-11-23 »", 0),
    (AAH, '"Décret n° 2024-397 du 29 avril 2024 portant revalorisation de l\'allocation aux adultes handicapés"',
     '"Décret n° 2024-397 du 29 avril 2024 portant revalorisation de l\'allocation aux adultes handicapés',
     "guillemet non fermé", 0),
    (AAH, 'revalorisation: {chaque: an, le: "04-01"}', 'revalorisation: {chaque: an, le: "04-01"',
     "« { » ouvert ligne", 0),
    ("droits/aah.yaml", "libelle: Période de cumul intégral d'une nouvelle activité",
     "libelle: Cumul intégral : nouvelle activité", "« : » suivi d'une espace à l'intérieur d'une valeur", 0),
    (AAH, "revalorisation annuelle de l'AAH)\"", "revalorisation annuelle de l'AAH)\" (à relire)",
     "du texte suit le guillemet fermant", 0),
    ("questions.yaml", "libelle: Touchez-vous l'allocation aux adultes handicapés (AAH) ?",
     "libelle: 'Touchez-vous l'allocation aux adultes handicapés (AAH) ?'",
     "apostrophe dans un texte entre apostrophes : doublez-la", 0),
    (AAH, "    valeur: 1016.05", "    valeur: 1016.05\n    valeur: 1016.06",
     "le champ « valeur » apparaît deux fois (déjà ligne", 1),
    (AAH, "unite: EUR/mois", "unite: EUR/mois\n- 2027", "un élément de liste (« - ») au même niveau que des champs", 1),
    (AAH, "description: >\n  Montant mensuel", "description: >\nMontant mensuel",
     "le texte qui suit « description: > » doit être indenté", 1),
    (AAH, "unite: EUR/mois", "\tunite: EUR/mois", "tabulation interdite : indentez avec des espaces", 0),
    # ---- content
    (AAH, END_OF_VALUES, "  - depuis: 2017-04-01\n    valeur: 1050.12\n    source:\n      titre: Décret à venir\n"
     "      url: https://www.legifrance.gouv.fr/\n" + END_OF_VALUES,
     "dates dans le désordre : 2017-04-01 doit être postérieure à 2026-04-01", 0),
    (AAH, END_OF_VALUES, "  - depuis: 2027-04-01\n    valeur: 1050.12\n" + END_OF_VALUES,
     "champ obligatoire manquant : « source » (dans valeurs.5)", 0),
    (AAH, "unite: EUR/mois", "unite: €/mois", "unite : valeur « €/mois » non permise", 0),
    ("droits/aah.yaml", "formule: not a_autre_activite and not aah_activite_recente",
     "formule: not a_autre_activite and not aah_activite_recent",
     "vouliez-vous dire « aah_activite_recente » ?", 0),
    ("droits/mva.yaml", "({p.mva.montant} € par mois)", "({p.mva.montan} € par mois)", "paramètre inconnu : « p.mva.montan »", None),
    (AAH, "    valeur: 1016.05", "    valeur: 1016.05 €", "nombre attendu", 0),
    (RATE, "    valeur: 0.8\n", "    valeur: 80 %\n", "nombre attendu", 0),
    (AAH, "    url: https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000031781089\n  - titre",
     "    url: www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000031781089\n  - titre",
     "adresse web attendue, commençant par https://", 0),
    (AAH, "  - depuis: 2025-04-01", "  - depuis: 01/04/2025", "date attendue au format AAAA-MM-JJ", 0),
    ("questions.yaml", "        si: percoit_aah\n", "        si: percoit_aha\n",
     "vouliez-vous dire « percoit_aah » ?", 0),
    ("parametres/aah/duree_cumul_integral_mois.yaml", "    organisme: caf", "    organisme: CAF", "identifiant attendu", 0),
    ("cas/julien-aah-80-mva-150-euros-une-fois.yaml", "statut: réduit}", "statut: reduit}", "valeur « reduit » non permise", 0),
    ("nouveautes.yaml", "      - droits/rsa.yaml\n      - droits/prime_activite.yaml",
     "      - droits/rsa.yaml\n      - droits/prime_activitee.yaml", "fichier inconnu : « droits/prime_activitee.yaml »", 1),
    ("nouveautes.yaml", "  - date: 2026-11-30", "  - date: 2999-11-30", "date dans le futur (2999-11-30)", 0),
]


def test_there_are_at_least_twenty_editing_mistakes():
    assert len(MISTAKES) >= 20


@pytest.mark.parametrize("relative,old,new,message,offset", MISTAKES, ids=[f"{m[0]}:{m[3][:40]}" for m in MISTAKES])
def test_each_mistake_is_told_in_french_at_its_line(rules_copy, relative, old, new, message, offset):
    line = mutate(rules_copy, relative, old, new)
    bundle, problems = compile_rules(rules_copy)
    assert bundle is None
    said = [str(p) for p in problems]
    located = [p for p in problems if message in p.message]
    assert located, "\n".join(said)
    assert located[0].path.endswith(relative), said
    if offset is not None:
        assert located[0].line == line + offset, said
    for problem in said:
        assert not any(word in problem for word in PARSER_ENGLISH), f"anglais de l'analyseur YAML : {problem}"
