"""Replacement incomes (ARE, IJ, retirement, AT-MP rent) in the means-tested rights, hand-worked.

Dated parameter values used below (rules/parametres), at 2026-07-01:
- aah.montant = 1 041.59 € (since 2026-04-01); aah.tranche_smic = 0.30; abattements 80 % / 40 %;
- smic.horaire_brut = 12.31 €/h (2026), smic.heures_mensuelles = 151.67 h -> SMIC mensuel
  1 867.06 €, first AAH band 560.12 €/month;
- rsa.montant_forfaitaire_personne_seule = 651.69 € (since 2026-04-01);
- prime_activite: montant forfaitaire 638.28 €, part des revenus d'activité 0.5985, bonification from
  59 x 12.31 = 726.29 €/month.
Nobody here has a housing benefit (no forfait logement) and the payment is volunteering (0 €).
"""

import pytest

from engine import simulate
from situations import BASE as SITUATION

BASE = {**SITUATION, "aide_logement_ou_loge_gratuitement": False}
AAH = {"percoit_aah": True, "aah_taux_incapacite": "au_moins_80", "aah_activite_recente": True, "percoit_mva": False}


def run(rules, **answers):
    return simulate(rules, {**BASE, **answers}, "2026-07-01")["droits"]


def test_rsa_counts_are_in_full(rules):
    # RSA 651.69 - ARE 400 = 251.69 €.
    droits = run(rules, percoit_rsa=True, percoit_are=True, are_montant_mensuel=400)
    assert droits["rsa"]["avant"] == pytest.approx(251.69, abs=0.01)


def test_rsa_counts_ij_retirement_and_rente_in_full(rules):
    # 651.69 - (IJ 100 + retraite 150 + rente 50) = 351.69 €.
    droits = run(rules, percoit_rsa=True, en_arret_maladie=True, ij_montant_mensuel=100,
                 percoit_retraite=True, retraite_taux_plein_age_legal=True, retraite_montant_mensuel=150,
                 percoit_rente_atmp=True, rente_atmp_montant_mensuel=50)
    assert droits["rsa"]["avant"] == pytest.approx(351.69, abs=0.01)


def test_aah_deducts_are_after_the_80_percent_abatement(rules):
    # ARE 300 €, under the first band (560.12 €): 20 % counted = 60 €; AAH 1 041.59 - 60 = 981.59 €.
    droits = run(rules, **AAH, percoit_are=True, are_montant_mensuel=300)
    assert droits["aah"]["avant"] == pytest.approx(981.59, abs=0.01)
    assert any("D821-9" in a["texte"] for a in droits["aah"]["alertes"])


def test_aah_deducts_retirement_and_rente_in_full(rules):
    # Retirement 200 € (full cumul, so not reduced) + rente 100 €: AAH 1 041.59 - 300 = 741.59 €.
    droits = run(rules, **AAH, percoit_retraite=True, retraite_taux_plein_age_legal=True,
                 retraite_montant_mensuel=200, percoit_rente_atmp=True, rente_atmp_montant_mensuel=100)
    assert droits["aah"]["avant"] == pytest.approx(741.59, abs=0.01)


def test_prime_activite_ij_first_three_months_are_earned_income(rules):
    # IJ 600 € in the first 3 months of the sick leave: earned income, under the bonus threshold.
    # Prime = 638.28 + 0.5985 x 600 - max(638.28, 600) = 359.10 €.
    droits = run(rules, en_arret_maladie=True, ij_montant_mensuel=600, ij_arret_moins_3_mois=True)
    assert droits["prime_activite"]["avant"] == pytest.approx(359.10, abs=0.01)
    # After 3 months: an ordinary resource, 638.28 + 0 - max(638.28, 600) = 0.
    droits = run(rules, en_arret_maladie=True, ij_montant_mensuel=600, ij_arret_moins_3_mois=False)
    assert droits["prime_activite"]["avant"] == pytest.approx(0, abs=0.01)


def test_are_one_payment_counts_one_month_in_three_for_the_quarter(rules):
    # ARE 1 200 €, one vacation of 300 € gross: ARE of the month 1 200 - 210 = 990 €; quarterly
    # average (990 + 2 x 1 200) / 3 = 1 130 €; yearly average (990 + 11 x 1 200) / 12 = 1 182.50 €.
    result = simulate(rules, {**BASE, "paiement_forme": "salaire", "paiement_montant": 300,
                              "percoit_are": True, "are_montant_mensuel": 1200}, "2026-07-01")
    steps = {s["etape"]: s["valeur"] for s in result["droits"]["are"]["trace"]["apres"]}
    assert steps["are_moyenne_trimestre"] == pytest.approx(1130)
    assert steps["are_moyenne_annee"] == pytest.approx(1182.5)
