"""Editors' reminders: the freshness list (make fraicheur, page contribuer/fraicheur.md) and the
changelog of the rules (rules/nouveautes.yaml, page /nouveautes/)."""

import datetime
from pathlib import Path

from build_scripts.compile_rules import compile_rules
from build_scripts.freshness import main, stale_parameters
from build_scripts.generate_pages import render_all
from rule_edits import mutate

ROOT = Path(__file__).resolve().parent.parent
# A day after the April 2027 revaluations, and more than 12 months after March 2026.
LATER = datetime.date(2027, 5, 15)


def _bundle(rules_dir):
    bundle, problems = compile_rules(rules_dir)
    assert not problems, "\n".join(str(p) for p in problems)
    return bundle


def _by_file(stale):
    return {(item["fichier"], item["ligne"]): item["raison"] for item in stale}


def test_a_stale_stamp_and_a_missed_april_revaluation_are_listed_with_file_and_line(rules_copy):
    stamp_line = mutate(rules_copy, "parametres/aah/tranche_smic.yaml", "verifie_le: 2026-11-23", "verifie_le: 2026-03-01")
    stale = _by_file(stale_parameters(_bundle(rules_copy), rules_copy, LATER))
    assert "vérifié le 1er mars 2026, il y a plus de 12 mois" in stale[("rules/parametres/aah/tranche_smic.yaml", stamp_line)]
    aah_line = next(n for n, row in enumerate((rules_copy / "parametres/aah/montant.yaml").read_text().splitlines(), 1)
                    if row.startswith("revalorisation:"))
    assert "revalorisation du 1er avril 2027 passée sans nouvelle valeur" in stale[("rules/parametres/aah/montant.yaml", aah_line)]
    assert any(file.endswith("smic/horaire_brut.yaml") and "1er janvier 2027" in why for (file, _), why in stale.items())


def test_fresh_parameters_are_not_listed(rules_copy):
    mutate(rules_copy, "parametres/aah/montant.yaml", "note: >\n  Montants et textes",
           "  - depuis: 2027-04-01\n    valeur: 1050.12\n    source:\n      titre: Décret de test\n"
           "      url: https://www.legifrance.gouv.fr/\nnote: >\n  Montants et textes")
    stale = stale_parameters(_bundle(rules_copy), rules_copy, LATER)
    files = {item["fichier"] for item in stale}
    assert "rules/parametres/aah/montant.yaml" not in files  # a value on 1 April 2027, stamp of November 2026
    assert "rules/parametres/aah/tranche_smic.yaml" not in files  # no yearly rhythm, stamp under 12 months
    assert stale_parameters(_bundle(rules_copy), rules_copy, datetime.date(2026, 12, 1)) == []


def test_make_fraicheur_prints_warnings_and_never_fails(rules_copy, capsys):
    assert main(["--regles", str(rules_copy), "--date", LATER.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "paramètre(s) à revoir (avertissement)" in out
    assert "rules/parametres/aah/montant.yaml:9: revalorisation du 1er avril 2027" in out


def test_the_editors_page_lists_the_same_parameters(rules_copy):
    pages = render_all(_bundle(rules_copy), rules_copy.parent / "docs", today=LATER)
    page = pages["contribuer/fraicheur.md"]
    assert "`rules/parametres/aah/montant.yaml:9`" in page
    assert "revalorisation du 1er avril 2027 passée sans nouvelle valeur" in page


def test_the_changelog_page_lists_the_entries_newest_first_with_their_sources(rules):
    entries = rules["nouveautes"]
    assert len(entries) >= 5
    assert [e["date"] for e in entries] == sorted((e["date"] for e in entries), reverse=True)
    page = render_all(rules)["nouveautes.md"]
    positions = [page.index(entry["titre"][:25]) for entry in entries]
    assert positions == sorted(positions), "les nouveautés ne sont pas dans l'ordre des dates"
    for entry in entries:
        assert f"({entry['sources'][0]['url']})" in page
    assert page.index("30 novembre 2026") < page.index("23 novembre 2026")
    assert "Nouveautés: nouveautes.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
