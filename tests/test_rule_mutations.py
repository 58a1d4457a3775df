"""Mutations of the real rule files: every editing mistake is refused with a French message that
names the file and the line, and nothing is published (exit 1, no bundle written)."""

import shutil
from pathlib import Path

import pytest

from build_scripts.compile_rules import main
from rule_edits import mutate

ROOT = Path(__file__).resolve().parent.parent
AAH_AMOUNT = "parametres/aah/montant.yaml"
MVA_AMOUNT = "parametres/mva/montant.yaml"
CAF_LETTER = "courriers/caf.yaml"

# (file, old text, new text, expected French message, line of the error relative to the change or None)
MUTATIONS = [
    # impossible or out-of-order dates
    (AAH_AMOUNT, "  - depuis: 2024-04-01", '  - depuis: "2026-02-30"', "date impossible : « 2026-02-30 »", 0),
    (AAH_AMOUNT, "  - depuis: 2024-04-01", "  - depuis: 2024-02-30", "valeur illisible", 0),
    (AAH_AMOUNT, "  - depuis: 2024-04-01", "  - depuis: 2023-01-01", "dates dans le désordre", 0),
    (AAH_AMOUNT, "  - depuis: 2025-04-01", "  - depuis: 2024-04-01", "dates dans le désordre", None),
    (AAH_AMOUNT, "verifie_le: 2026-11-23", "verifie_le: 2999-01-01", "verifie_le (2999-01-01) est dans le futur", 0),
    (AAH_AMOUNT, "verifie_le: 2026-11-23", 'verifie_le: "hier"', "verifie_le", 0),
    ("cas/julien-aah-80-mva-150-euros-une-fois.yaml", "ordre: 2", "ordre: 2\ndate: 2025-13-01", "valeur illisible", 1),
    # numbers
    (AAH_AMOUNT, "    valeur: 1016.05", "    valeur: .nan", "nombre non fini", 0),
    (AAH_AMOUNT, "    valeur: 1016.05", "    valeur: .inf", "nombre non fini", 0),
    (AAH_AMOUNT, "    valeur: 1016.05", "    valeur: -1016.05", "montant négatif", 0),
    (AAH_AMOUNT, "    valeur: 1016.05", "    valeur: 1 016,05", "nombre attendu", 0),
    (AAH_AMOUNT, "    valeur: 1016.05", '    valeur: "1016.05"', "nombre attendu", 0),
    ("parametres/aah/abattement_tranche_basse.yaml", None, None, "taux hors de [0, 1] (80", None),
    # deleted or misspelled keys
    (AAH_AMOUNT, "unite: EUR/mois\n", "", "champ obligatoire manquant : « unite »", None),
    (AAH_AMOUNT, "libelle: Montant", "libelé: Montant", "champ inconnu : « libelé » ; vouliez-vous dire « libelle » ?", 0),
    (MVA_AMOUNT, "    source:\n", "    sources:\n", "champ inconnu : « sources »", 0),
    ("droits/mva.yaml", "verse_par: caf\n", "", "champ obligatoire manquant : « verse_par »", None),
    ("droits/mva.yaml", "montant: mva_mensuelle", "montant: mva_mensuel", "« montant » doit nommer une étape", 0),
    ("droits/mva.yaml", "    gravite: danger", "    gravite: grave", "valeur « grave » non permise", 0),
    ("droits/mva.yaml", "    gravite: danger", "    gravité: danger", "champ inconnu : « gravité »", 0),
    ("organismes/caf.yaml", "nom: Caisse", "nom:\n  - Caisse", "nom : texte non vide attendu", 1),
    ("questions.yaml", "        max: 400\n", "        max: beaucoup\n", "type incorrect, attendu : nombre", 0),
    ("questions.yaml", "      - id: paiement_nombre", "      - id: paiement_montant", "question « paiement_montant » déjà définie", None),
    ("paiement.yaml", "question_montant: paiement_montant", "question_montant: paiement_sommes",
     "« paiement_sommes » n'est pas une question", 0),
    ("cas/julien-aah-80-mva-150-euros-une-fois.yaml", "  percoit_mva: true", "  percoit_mvaa: true",
     "question inconnue : « percoit_mvaa »", 0),
    # broken formulas
    ("droits/mva.yaml", "      p.mva.montant if revenu_professionnel == 0", "      p.mva.montant if revenu_professionnel = 0",
     "syntaxe incorrecte", None),
    ("droits/mva.yaml", "      p.mva.montant if revenu_professionnel == 0", "      p.mva.montan if revenu_professionnel == 0",
     "paramètre inconnu : « p.mva.montan » (aucun fichier parametres/mva/montan.yaml) ; vouliez-vous dire « p.mva.montant » ?", None),
    ("droits/mva.yaml", "      p.mva.montant if revenu_professionnel == 0", "      arrondi(p.mva.montant, 400) if revenu_professionnel == 0",
     "arrondi(x, n) : n est un nombre entier de décimales", None),
    ("droits/mva.yaml", "      p.mva.montant if revenu_professionnel == 0", "      p.mva.montant / 0 if revenu_professionnel == 0",
     "division par zéro", None),
    ("droits/mva.yaml", "      p.mva.montant if revenu_professionnel == 0", "      p.mva.montant.__class__ if revenu_professionnel == 0",
     "nom non autorisé", None),
    ("droits/mva.yaml", "      p.mva.montant if revenu_professionnel == 0", "      puissance(p.mva.montant, 2) if revenu_professionnel == 0",
     "fonction inconnue : puissance", None),
    ("droits/mva.yaml", "      p.mva.montant if revenu_professionnel == 0", "      max(p.mva.montant) if revenu_professionnel == 0",
     "nombre d'arguments incorrect pour max", None),
    ("droits/mva.yaml", "  - si: revenu_professionnel > 0\n    gravite: danger", "  - si: revenu_professionnel >\n    gravite: danger",
     "syntaxe incorrecte", 0),
    ("droits/mva.yaml", "    texte: Dès que la CAF", "    texte: Dès que {revenu_pro} la CAF", "nom inconnu : « revenu_pro »", 0),
    ("droits/mva.yaml", "    formule: autres_revenus_activite_brut * 12", "    formule: avant.mva_mensuelle + autres_revenus_activite_brut * 12",
     "« avant. » n'est permis que dans", 0),
    # revaluation rhythm
    (AAH_AMOUNT, 'revalorisation: {chaque: an, le: "04-01"}', 'revalorisation: {chaque: an, le: "04-31"}',
     "jour de l'année impossible : 04-31", 0),
    (AAH_AMOUNT, 'revalorisation: {chaque: an, le: "04-01"}', 'revalorisation: {chaque: an, le: "10-01"}',
     "aucune valeur ne commence un 01/10", 0),
    (AAH_AMOUNT, 'revalorisation: {chaque: an, le: "04-01"}', 'revalorisation: {chaque: an, le: "1er avril"}',
     "jour de l'année attendu au format MM-JJ", 0),
    (AAH_AMOUNT, 'revalorisation: {chaque: an, le: "04-01"}', 'revalorisation: {chaque: mois, le: "04-01"}',
     "valeur « mois » non permise", 0),
    # cycles
    ("droits/mva.yaml", "    formule: autres_revenus_activite_brut * 12", "    formule: mva_mensuelle + autres_revenus_activite_brut * 12",
     "cycle entre étapes", None),
    ("droits/aah.yaml", "formule: droit.are.are_moyenne_trimestre + droit.ij_maladie.ij_mensuelles", "formule: droit.mva.mva_mensuelle",
     "cycle entre droits", None),
    # unknown references across files
    ("droits/mva.yaml", "verse_par: caf", "verse_par: caff", "organisme inconnu : « caff »", 0),
    ("formes/salaire.yaml", "  aah:\n    compte: oui", "  aahh:\n    compte: oui", "droit inconnu « aahh »", 0),
    ("formes/salaire.yaml", "    compte: oui\n    texte: Un salaire est un revenu professionnel", "    compte: peut-être\n    texte: Un salaire est un revenu professionnel",
     "valeur « peut-être » non permise", 0),
    # the fit of a form to the engagement (adequation): answers only, known answers, known verdicts, a source
    ("formes/droits_auteur.yaml", '  - si: engagement_type in ("etp"', '  - si: engagement_typ in ("etp"', "engagement_typ", 0),
    ("formes/droits_auteur.yaml", '  - si: engagement_type in ("etp", "recherche", "instance", "formation_ru")', "  - si: paiement.annee.brut > 0",
     "une condition d'adéquation (si) ne peut utiliser que les réponses", 0),
    ("formes/cheque_emploi_associatif.yaml", "    convient: non", "    convient: jamais", "valeur « jamais » non permise", 0),
    ("formes/indemnite_formation_ru.yaml", "    source:\n      titre: Décret n° 2016-1768", "    sources:\n      titre: Décret n° 2016-1768",
     "champ inconnu : « sources »", 0),
    ("paiement.yaml", "seuils_borne_mensuelle: 3 * p.smic.horaire_brut", "seuils_borne_mensuelle: 3 * p.smic.horaire_brutt",
     "paramètre inconnu : « p.smic.horaire_brutt »", 0),
    ("paiement.yaml", "seuils_borne_mensuelle: 3 * p.smic.horaire_brut", 'seuils_borne_mensuelle: (3 if date > "2025" else 2) * p.smic.horaire_brut',
     "la borne des seuils ne peut utiliser que des réponses et des paramètres", 0),
    ("paiement.yaml", "seuils_autres_questions: [temps_travail_mensuel]", "seuils_autres_questions: [percoit_aah]",
     "« percoit_aah » doit être une question de type nombre ou entier", 0),
    # sources
    (MVA_AMOUNT, "      url: https://www.legifrance.gouv.fr/affichTexteArticle", "      adresse: https://www.legifrance.gouv.fr/affichTexteArticle",
     "champ obligatoire manquant : « url »", None),
    # the calendar: each right's first month, each action's months
    ("droits/mva.yaml", "  debut_mois: mois_avant_trimestre_suivant", "  debut_mois: mois_avant_trimestre",
     "nom inconnu : « mois_avant_trimestre »", 0),
    ("droits/mva.yaml", "  debut_mois: mois_avant_trimestre_suivant", "  debut_mois: mois_avant_trimestre_suivant +",
     "syntaxe incorrecte", 0),
    ("droits/mva.yaml", "  organisme: caf\n  verifie_le", "  organisme: caff\n  verifie_le", "organisme inconnu : « caff »", 0),
    ("droits/mva.yaml", "  organisme: caf\n  verifie_le", "  verifie_le", "« a_verifier » et « organisme » vont ensemble", None),
    ("droits/rente_atmp.yaml", "calendrier:\n  debut_mois: 0\n  texte: >\n    La rente se cumule entièrement avec le paiement : "
     "elle ne change à aucun moment.\n  verifie_le: 2026-11-30\n  references:\n    - titre: ameli.fr — Incapacité permanente à la "
     "suite d'un accident du travail\n      url: https://www.ameli.fr/assure/remboursements/pensions-allocations-rentes/"
     "incapacite-permanente-suite-accident-travail", "", "un droit qui a un montant doit dire dans « calendrier »", None),
    ("droits/mva.yaml", "    La MVA est versée avec l'AAH", "    La MVA {revenu_pro} est versée avec l'AAH", "nom inconnu : « revenu_pro »", -1),
    ("droits/mva.yaml", "calendrier:\n  debut_mois: mois_avant_trimestre_suivant\n", "calendrier:\n",
     "champ obligatoire manquant : « debut_mois »", None),
    ("droits/are.yaml", "    mois: chaque_paiement", "    mois: chaque_semaine", "valeur « chaque_semaine » non permise", 0),
    ("droits/are.yaml", "    mois: chaque_paiement\n", "", "champ obligatoire manquant : « mois »", None),
    # file-level mistakes: YAML syntax, tab, duplicate key, BOM, empty, stray file
    ("droits/mva.yaml", "nom: Majoration pour la vie autonome", "nom: Majoration: vie autonome", "syntaxe YAML incorrecte", 0),
    ("droits/mva.yaml", "sigle: MVA", "sigle: MVA\n\tordre: 4", "tabulation interdite", 1),
    ("droits/mva.yaml", "montant: mva_mensuelle", "montant: mva_mensuelle\nmontant: mva_mensuelle", "le champ « montant » apparaît deux fois", 1),
    ("droits/mva.yaml", "# yaml-language-server", "\ufeff# yaml-language-server", "BOM", 0),
    ("droits/mva.yaml", "ALL", "", "le fichier est vide", None),
    ("droits/Mva_bis.yaml", "COPY", "droits/mva.yaml", "nom de fichier incorrect « Mva_bis.yaml »", None),
    ("brouillon.yaml", "NEW", "nom: brouillon\n", "fichier inattendu", None),
    # letter templates (courriers/)
    (CAF_LETTER, "  - percoit_rsa\n", "  - percoit_rsaa\n", "question inconnue : « percoit_rsaa » (absente de questions.yaml) ; "
     "vouliez-vous dire « percoit_rsa » ?", 0),
    (CAF_LETTER, "organisme: caf", "organisme: caff", "organisme inconnu : « caff »", 0),
    (CAF_LETTER, "  - bloc: articles\n", "", "il manque le(s) bloc(s) « articles »", None),
    (CAF_LETTER, "  - bloc: delai\n", "  - bloc: delais\n", "un paragraphe est un texte, ou un bloc", 0),
    (CAF_LETTER, "  - bloc: delai\n", "  - bloc: delai\n  - bloc: delai\n", "le bloc « delai » apparaît deux fois", 1),
    (CAF_LETTER, "question: >", "questions: >", "champ inconnu : « questions »", 0),
    (CAF_LETTER, "  Je vous remercie de me répondre par écrit dans un délai d'un mois,",
     "  Je vous remercie de me répondre par écrit dans un délai de {delai_mois} mois,", "nom inconnu : « delai_mois »", None),
    ("courriers/urssaf_rescrit.yaml", 'si: paiement_forme == "micro_entrepreneur"', "si: paiement_forme == micro_entrepreneur",
     "nom inconnu : « micro_entrepreneur »", 0),
    ("courriers/mdph.yaml", "DELETE", None, "aucun modèle de courrier sans condition « si » pour cet organisme", None),
]


def _mutate(rules_dir, relative, old, new):
    """Apply one mutation; return the 1-based line where the new text starts (or None)."""
    path = rules_dir / relative
    if old == "DELETE":  # a file removed (the error is then reported on another file of the same name)
        path.unlink()
        return None
    if old in ("NEW", "ALL"):  # a new file, or a file emptied
        path.write_text(new, encoding="utf-8")
        return 1
    if old == "COPY":
        shutil.copy(rules_dir / new, path)
        return None
    if old is None:  # a rate of 80 instead of 0.8: the first rate of the file times 100
        text = path.read_text(encoding="utf-8")
        first = next(line for line in text.splitlines() if line.strip().startswith("valeur: 0."))
        rate = first.split("valeur: ")[1]
        path.write_text(text.replace(first, first.replace(rate, f"{float(rate) * 100:g}"), 1), encoding="utf-8")
        return None
    return mutate(rules_dir, relative, old, new)


def test_there_are_at_least_forty_mutations():
    assert len(MUTATIONS) >= 40


@pytest.mark.parametrize("relative,old,new,message,offset", MUTATIONS, ids=[f"{m[0]}:{m[3][:30]}" for m in MUTATIONS])
def test_mutation_is_refused_in_french_and_nothing_is_published(rules_copy, tmp_path, capsys, relative, old, new, message, offset):
    line = _mutate(rules_copy, relative, old, new)
    out = tmp_path / "sortie"
    assert main(["--regles", str(rules_copy), "--sortie", str(out)]) == 1
    assert not out.exists(), "un paquet de règles a été écrit malgré l'erreur"
    err = capsys.readouterr().err
    located = [row.strip() for row in err.splitlines() if message in row]
    assert located, err
    assert relative.split("/")[-1] in located[0], located[0]
    if offset is not None and line is not None:
        assert f"{relative.split('/')[-1]}:{line + offset}:" in located[0], located[0]
