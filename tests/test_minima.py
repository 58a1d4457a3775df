"""ASI, RSA and prime d'activité on hand-worked cases (figures from rules/parametres, dated).

Net salary: for a private employer the salary form keeps 79.16 % of the gross in 2025 and 2026
(the engine's own assiette; checked against result["paiement"]), e.g. 600 € gross -> 474.96 € net.
"""

from pathlib import Path

import pytest

from engine import simulate
from situations import run

ROOT_RULES = Path(__file__).resolve().parent.parent / "rules"


# Category 2 pension of 500 €/month with a comparison salary of 20 000 €/year, and the ASI.
PENSION_ASI = {"percoit_pension_invalidite": True, "pi_categorie": "categorie_2", "pi_montant": 500,
               "pi_salaire_reference_annuel": 20000, "percoit_asi": True}


def trace(right, scenario="apres"):
    return {step["etape"]: step["valeur"] for step in right["trace"][scenario]}


# --- ASI --------------------------------------------------------------------------------------------

def test_asi_earnings_above_the_deduction_reduce_it_euro_for_euro(rules):
    # 2025-06-01: ceiling 10 978,30 €/year (circ. Cnav 2025-13) -> 2 744,575 € per quarter.
    # SMIC 11,88 €/h x 151,67 h = 1 801,8396 €; deduction 0,9 x 1 801,8396 = 1 621,65564 € per quarter.
    # Before: resources = 3 x 500 = 1 500 €; ASI = (2 744,575 - 1 500) / 3 = 414,86 €/month.
    # Salary 4 x 150 € gross a month = 1 800 € a quarter; pension kept (6 000 + 7 200 < 20 000).
    # After: resources = 1 500 + (1 800 - 1 621,65564) = 1 678,34436 €; ASI = (2 744,575 - 1 678,34436) / 3 = 355,41 €.
    result = run(rules, "2025-06-01", **PENSION_ASI, paiement_forme="salaire", paiement_montant=150,
                 paiement_nombre=4, paiement_periodicite="par_mois")
    asi = result["droits"]["asi"]
    assert asi["avant"] == pytest.approx(414.86, abs=0.01)
    assert asi["apres"] == pytest.approx(355.41, abs=0.01)
    assert asi["statut"] == "réduit"
    assert trace(asi)["abattement_trimestre"] == pytest.approx(1621.66, abs=0.01)
    assert any("chaque euro brut" in a["texte"] for a in asi["alertes"])
    assert any(d["organisme"] == "cpam" for d in asi["demarches"])


def test_asi_small_payment_under_the_deduction_changes_nothing(rules):
    # 200 € gross once: 200 <= 1 621,66 € deduction for the quarter -> ASI unchanged at 414,86 €.
    result = run(rules, "2025-06-01", **PENSION_ASI, paiement_forme="salaire", paiement_montant=200)
    asi = result["droits"]["asi"]
    assert asi["avant"] == asi["apres"] == pytest.approx(414.86, abs=0.01)
    assert asi["statut"] == "inchangé"
    assert asi["duree_effet_mois"] == 3


def test_asi_2026_ceiling_unknown_says_a_verifier(rules):
    # 2026-06-01: the 2026 ceiling is null + a_verifier -> the engine keeps 10 978,30 € and says "à vérifier".
    # SMIC 12,31 €/h (arrêté 22 May 2026) x 151,67 = 1 867,0577 €; deduction x 0,9 = 1 680,35193 €.
    # After: resources = 1 500 + (1 800 - 1 680,35193) = 1 619,64807 €; ASI = (2 744,575 - 1 619,64807) / 3 = 374,98 €.
    result = run(rules, "2026-06-01", **PENSION_ASI, paiement_forme="salaire", paiement_montant=150,
                 paiement_nombre=4, paiement_periodicite="par_mois")
    asi = result["droits"]["asi"]
    assert asi["avant"] == pytest.approx(414.86, abs=0.01)
    assert asi["apres"] == pytest.approx(374.98, abs=0.01)
    assert asi["statut"] == "à vérifier"
    assert any("CPAM" in a["texte"] and "1er avril 2026" in a["texte"] for a in asi["alertes"])


def test_asi_not_asked_without_pension_and_frais_reels_do_not_count(rules):
    assert "asi" not in run(rules, "2025-06-01", percoit_asi=True)["droits"]
    result = run(rules, "2025-06-01", **PENSION_ASI, paiement_montant=5000)
    assert result["droits"]["asi"]["statut"] == "inchangé"


# --- ASI for a couple (D815-19) ------------------------------------------------------------------------
# 2025-06-01: couple ceiling 19 212,03 €/year (circ. Cnav 2025-13) -> 4 803,0075 € a quarter; single
# ceiling 10 978,30 € -> 914,858333 €/month; couple deduction 1,5 x 1 801,8396 = 2 702,7594 € a quarter;
# minimum invalidity pension 335,29 €/month (press, "à vérifier").

COUPLE_ASI = {**PENSION_ASI, "pi_salaire_reference_annuel": 30000, "en_couple": True}


def test_asi_couple_only_one_beneficiary_is_capped_at_single_ceiling_minus_minimum_pension(rules):
    # Partner with no resources: couple ASI = (4 803,0075 - 3 x 500) / 3 = 1 101,00 €/month, but the only
    # beneficiary of the couple gets at most 914,858333 - 335,29 = 579,57 €/month (the "579,56 €" of the press).
    # 4 x 150 € gross a month = 1 800 € a quarter, under the couple deduction: nothing changes.
    result = run(rules, "2025-06-01", **COUPLE_ASI, conjoint_asi_aspa="non", paiement_forme="salaire",
                 paiement_montant=150, paiement_nombre=4, paiement_periodicite="par_mois")
    asi = result["droits"]["asi"]
    assert trace(asi)["asi_foyer"] == pytest.approx(1101.00, abs=0.01)
    assert asi["avant"] == asi["apres"] == pytest.approx(579.57, abs=0.01)
    assert asi["statut"] == "inchangé"
    assert any("seul membre du couple" in a["texte"] and "579,57" in a["texte"] for a in asi["alertes"])


def test_asi_couple_counts_the_partner_and_is_shared_when_both_receive_it(rules):
    # Partner also on the ASI, with a 700 €/month pension. Before: (4 803,0075 - 3 x 1 200) / 3 = 401,0025 €
    # for the couple, 200,50 € each. Salary 4 x 300 € gross a month = 3 600 € a quarter; 3 600 - 2 702,7594
    # = 897,2406 € counted. After: (4 803,0075 - 3 600 - 897,2406) / 3 = 101,9223 €, 50,96 € each.
    result = run(rules, "2025-06-01", **COUPLE_ASI, conjoint_asi_aspa="asi", conjoint_ressources_mensuelles=700,
                 paiement_forme="salaire", paiement_montant=300, paiement_nombre=4, paiement_periodicite="par_mois")
    asi = result["droits"]["asi"]
    assert asi["avant"] == pytest.approx(200.50, abs=0.01)
    assert asi["apres"] == pytest.approx(50.96, abs=0.01)
    assert asi["statut"] == "réduit"
    assert result["droits"]["pension_invalidite"]["statut"] == "inchangé"


def test_asi_couple_counts_the_partner_earnings_beyond_the_couple_deduction(rules):
    # Partner earns 1 200 € net a month (3 600 € a quarter) and gets neither ASI nor ASPA; the person earns
    # 1 800 € a quarter. 5 400 - 2 702,7594 = 2 697,2406 € counted; (4 803,0075 - 1 500 - 2 697,2406) / 3
    # = 201,92 € (under the 579,57 € cap). The minimum pension is only known from the press: "à vérifier".
    result = run(rules, "2025-06-01", **COUPLE_ASI, conjoint_asi_aspa="non", conjoint_revenus_activite_net=1200,
                 paiement_forme="salaire", paiement_montant=150, paiement_nombre=4, paiement_periodicite="par_mois")
    asi = result["droits"]["asi"]
    assert asi["avant"] == pytest.approx(579.57, abs=0.01)
    assert asi["apres"] == pytest.approx(201.92, abs=0.01)
    assert asi["statut"] == "à vérifier"
    assert any("montant minimum de la pension" in a["texte"].lower() for a in asi["alertes"])


def test_asi_couple_with_one_beneficiary_before_april_2024_is_refused_not_guessed(rules):
    from engine import SituationError

    with pytest.raises(SituationError) as problem:
        run(rules, "2023-06-01", **COUPLE_ASI, conjoint_asi_aspa="non")
    assert problem.value.errors[0]["champ"] == "date"
    assert "pension d'invalidité" in problem.value.errors[0]["message"]
    # Both partners beneficiaries: no minimum pension needed, 2023 is computed.
    assert run(rules, "2023-06-01", **COUPLE_ASI, conjoint_asi_aspa="asi")["droits"]["asi"]["avant"] > 0


def test_asi_partner_question_is_asked_only_for_a_couple_on_the_asi(rules):
    from engine import SituationError

    with pytest.raises(SituationError) as problem:
        run(rules, "2025-06-01", **COUPLE_ASI)
    assert [e["champ"] for e in problem.value.errors] == ["conjoint_asi_aspa"]
    run(rules, "2025-06-01", **PENSION_ASI)  # single: not asked


# --- RSA --------------------------------------------------------------------------------------------

def test_rsa_single_with_housing_aid_and_monthly_salary(rules):
    # 2025-06-01: MF 646,52 € (décret 2025-293); forfait logement 12 % = 77,5824 €.
    # Before: 646,52 - 77,5824 = 568,94 €/month.
    # Salary 200 € gross a month -> 158,32 € net, counted at 100 %.
    # After: 568,9376 - 158,32 = 410,62 €.
    result = run(rules, "2025-06-01", percoit_rsa=True, aide_logement_ou_loge_gratuitement=True,
                 paiement_forme="salaire", paiement_montant=200, paiement_periodicite="par_mois")
    assert result["paiement"]["net_mensuel"] == pytest.approx(158.32, abs=0.01)
    rsa = result["droits"]["rsa"]
    assert rsa["avant"] == pytest.approx(568.94, abs=0.01)
    assert rsa["apres"] == pytest.approx(410.62, abs=0.01)
    assert rsa["statut"] == "réduit"
    assert any(d["organisme"] == "caf" for d in rsa["demarches"])


def test_rsa_two_children_no_housing_one_payment(rules):
    # 2026-06-01: MF 651,69 € (décret 2026-220) x (1 + 0,5 + 0,3) = 1 173,042 €; no forfait logement.
    # Before: 1 173,04 €. Payment 600 € gross once -> 474,96 € net in the quarter, 158,32 € a month on average.
    # After: 1 173,042 - 158,32 = 1 014,72 €, for 3 months.
    result = run(rules, "2026-06-01", percoit_rsa=True, nb_enfants=2, aide_logement_ou_loge_gratuitement=False,
                 paiement_forme="salaire", paiement_montant=600)
    rsa = result["droits"]["rsa"]
    assert rsa["avant"] == pytest.approx(1173.04, abs=0.01)
    assert rsa["apres"] == pytest.approx(1014.72, abs=0.01)
    assert rsa["duree_effet_mois"] == 3
    assert any("isolé" in a["texte"] for a in rsa["alertes"])


def test_rsa_counts_the_pension_and_is_not_paid_below_6_euros(rules):
    # 2025-06-01, pension 560 €/month (threshold 20 000 €, unchanged), no housing aid:
    # RSA = 646,52 - 560 = 86,52 €. With 600 € gross a month (474,96 € net) the RSA would be negative -> 0.
    base = dict(percoit_rsa=True, aide_logement_ou_loge_gratuitement=False, percoit_pension_invalidite=True,
                pi_categorie="categorie_1", pi_montant=560, pi_salaire_reference_annuel=20000)
    result = run(rules, "2025-06-01", **base, paiement_forme="salaire", paiement_montant=600, paiement_periodicite="par_mois")
    rsa = result["droits"]["rsa"]
    assert rsa["avant"] == pytest.approx(86.52, abs=0.01)
    assert rsa["apres"] == 0
    assert any(a["gravite"] == "danger" for a in rsa["alertes"])
    # 105 € gross a month -> 105 x 0,7916 = 83,118 € net; 86,52 - 83,118 = 3,40 € < 6 € -> 0.
    result = run(rules, "2025-06-01", **base, paiement_forme="salaire", paiement_montant=105, paiement_periodicite="par_mois")
    rsa = result["droits"]["rsa"]
    assert trace(rsa)["rsa_calcule"] == pytest.approx(86.52 - result["paiement"]["net_mensuel"], abs=0.01)
    assert 0 < trace(rsa)["rsa_calcule"] < 6
    assert rsa["apres"] == 0


# --- Prime d'activité -------------------------------------------------------------------------------

def test_prime_activite_opened_by_a_small_salary(rules):
    # 2025-06-01: MF 633,21 € (décret 2025-294), pente 0,5985, forfait logement 12 % = 75,9852 €.
    # Salary 200 € gross a month -> 158,32 € net; below 59 x 11,88 = 700,92 €: no bonus.
    # Resources 158,32 + 75,9852 = 234,31 < MF, so PA = 633,21 + 0,5985 x 158,32 - 633,21 = 94,75 €.
    result = run(rules, "2025-06-01", aide_logement_ou_loge_gratuitement=True,
                 paiement_forme="salaire", paiement_montant=200, paiement_periodicite="par_mois")
    pa = result["droits"]["prime_activite"]
    assert pa["avant"] == 0
    assert pa["apres"] == pytest.approx(94.75, abs=0.01)
    assert pa["statut"] == "augmenté"
    assert any(d["quoi"].startswith("Demander la prime") for d in pa["demarches"])


def test_prime_activite_with_bonus_for_an_existing_job(rules):
    # 2025-06-01, other job 800 € net a month, no housing aid, payment 200 € gross a month (158,32 € net).
    # Bonus max = round(0,29101 x 633,21, 2) = 184,27 €; from 59 x 11,88 = 700,92 € to 120 x 11,88 = 1 425,60 €.
    # Before: bonus = 184,27 x (800 - 700,92) / 724,68 = 25,194 €;
    #         PA = 633,21 + 0,5985 x 800 + 25,194 - max(633,21, 800) = 337,20 €.
    # After: earnings 958,32 €; bonus = 184,27 x 257,40 / 724,68 = 65,451 €;
    #         PA = 633,21 + 573,5545 + 65,451 - 958,32 = 313,90 €.
    result = run(rules, "2025-06-01", a_autre_activite=True, autres_revenus_activite_brut=1010,
                 autres_revenus_activite_net=800, aide_logement_ou_loge_gratuitement=False,
                 paiement_forme="salaire", paiement_montant=200, paiement_periodicite="par_mois")
    pa = result["droits"]["prime_activite"]
    assert trace(pa, "avant")["bonification_maximale"] == pytest.approx(184.27)
    assert pa["avant"] == pytest.approx(337.20, abs=0.01)
    assert pa["apres"] == pytest.approx(313.90, abs=0.01)


def test_prime_activite_april_2026_bonus(rules):
    # 2026-06-01: MF 638,28 €, bonus rate 0,377 -> max 240,63 €; SMIC 12,31 €/h (June 2026):
    # 59 h = 726,29 €, 138 h = 1 698,78 €. Other job 1 200 € net, no housing aid, no payment effect (frais réels).
    # bonus = 240,63 x (1 200 - 726,29) / 972,49 = 117,213 €; PA = 638,28 + 0,5985 x 1 200 + 117,213 - 1 200 = 273,69 €.
    result = run(rules, "2026-06-01", a_autre_activite=True, autres_revenus_activite_brut=1515,
                 autres_revenus_activite_net=1200, aide_logement_ou_loge_gratuitement=False,
                 paiement_montant=100)
    pa = result["droits"]["prime_activite"]
    assert trace(pa, "avant")["bonification_maximale"] == pytest.approx(240.63)
    assert pa["avant"] == pa["apres"] == pytest.approx(273.69, abs=0.01)
    assert pa["statut"] == "inchangé"


def test_prime_activite_counts_aah_as_earned_income_above_29_smic_hours(rules):
    # 2025-06-01, AAH at 80 %, already working recently (no cumul intégral), no housing aid.
    # Payment 500 € gross a month -> 395,80 € net >= 29 x 11,88 = 344,52 €: the AAH becomes earned income.
    # The AAH after the payment comes from the AAH rule (tested in test_engine.py); the PA formula is
    # checked on it: earnings E = 395,80 + AAH;
    # PA = 633,21 + 0,5985 x E + bonus(E) - max(633,21, E).
    result = run(rules, "2025-06-01", percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=False,
                 aah_activite_recente=True, aide_logement_ou_loge_gratuitement=False,
                 paiement_forme="salaire", paiement_montant=500, paiement_periodicite="par_mois")
    pa = result["droits"]["prime_activite"]
    aah = result["droits"]["aah"]["apres"]
    net = result["paiement"]["net_mensuel"]
    assert net == pytest.approx(395.80, abs=0.01)
    steps = trace(pa)
    assert steps["aah_comptee_comme_activite"] is True
    earnings = net + aah
    bonus = 184.27 * min(1, max(0, earnings - 700.92) / 724.68)
    assert pa["apres"] == pytest.approx(633.21 + 0.5985 * earnings + bonus - max(633.21, earnings), abs=0.02)
    # Before: no earned income, AAH 1 033,32 € is an ordinary resource -> 633,21 - 1 033,32 < 0 -> no PA.
    assert pa["avant"] == 0


def test_prime_activite_not_paid_below_15_euros(rules):
    # 2025-06-01, payment 30 € gross a month -> 23,748 € net; PA = 0,5985 x 23,748 = 14,21 € < 15 € -> 0.
    result = run(rules, "2025-06-01", aide_logement_ou_loge_gratuitement=True,
                 paiement_forme="salaire", paiement_montant=30, paiement_periodicite="par_mois")
    pa = result["droits"]["prime_activite"]
    assert trace(pa)["prime_calculee"] == pytest.approx(14.21, abs=0.01)
    assert pa["apres"] == 0


# --- Households: couples, single parents, family benefits -----------------------------------------

COUPLE = {"en_couple": True, "conjoint_revenus_activite_net": 0, "conjoint_ressources_mensuelles": 0,
          "conjoint_aah_mensuelle": 0}


@pytest.mark.parametrize("couple, children, coefficient", [
    (True, 0, 1.5), (True, 1, 1.8), (True, 2, 2.1), (True, 3, 2.5), (True, 4, 2.9),
    (False, 1, 1.5), (False, 2, 1.8), (False, 3, 2.2),
])
def test_household_coefficients_of_r262_1(rules, couple, children, coefficient):
    answers = dict(COUPLE, en_couple=couple) if couple else {}
    result = run(rules, "2025-06-01", percoit_rsa=True, nb_enfants=children, aide_logement_ou_loge_gratuitement=False,
                 prestations_familiales_mensuelles=0, **answers)
    for right in ("rsa", "prime_activite"):
        assert trace(result["droits"][right])["coefficient_foyer"] == pytest.approx(coefficient)
    # 2025-06: MF 646,52 € (décret 2025-293); RSA with no resources = MF of the household
    assert result["droits"]["rsa"]["avant"] == pytest.approx(round(646.52 * coefficient, 2), abs=0.01)


def test_couple_rsa_counts_the_partners_resources_and_the_family_benefits(rules):
    # 2025-09, couple + 2 children, partner earns 900 € net and gets 100 € of pension; AF 151,80 €;
    # housing aid of 100 €, smaller than the forfait of three persons (646,52 x 1,8 x 16,5 % = 192,02 €).
    # RSA = 646,52 x 2,1 - 900 - 100 - 151,80 - 100 = 105,89 €.
    result = run(rules, "2025-09-01", percoit_rsa=True, nb_enfants=2, prestations_familiales_mensuelles=151.80,
                 aide_logement_ou_loge_gratuitement=True, percoit_aide_logement=True, aide_logement_montant_mensuel=100,
                 **dict(COUPLE, conjoint_revenus_activite_net=900, conjoint_ressources_mensuelles=100))
    rsa = result["droits"]["rsa"]
    assert trace(rsa)["forfait_logement_plein"] == pytest.approx(192.02, abs=0.01)
    assert trace(rsa)["forfait_logement"] == 100
    assert rsa["avant"] == pytest.approx(105.89, abs=0.01)


def test_isolement_increase_single_parent_child_under_3_with_asf(rules):
    # 2026-11: MF 651,69 x (1,28412 + 0,42804) = 1 115,80 €; ASF forfait 22,5 % x 478,16 = 107,59 €;
    # forfait logement of two persons (not increased): 651,69 x 1,5 x 16 % = 156,41 €.
    result = run(rules, "2026-11-01", percoit_rsa=True, nb_enfants=1, enfant_moins_3_ans=True, asf_nb_enfants=1,
                 aide_logement_ou_loge_gratuitement=True)
    rsa = result["droits"]["rsa"]
    assert trace(rsa)["majoration_isolement"] is True
    assert trace(rsa)["forfait_asf"] == pytest.approx(107.586, abs=0.001)
    assert rsa["avant"] == pytest.approx(1115.80 - 107.59 - 156.41, abs=0.02)
    assert any("parent isolé" in a["texte"] and a["organisme"] == "caf" for a in rsa["alertes"])
    # the same parent without a child under 3 and separated long ago: no increase, and an alert says why
    plain = run(rules, "2026-11-01", percoit_rsa=True, nb_enfants=1, aide_logement_ou_loge_gratuitement=False)
    assert trace(plain["droits"]["rsa"])["majoration_isolement"] is False
    assert any("moins de 18 mois" in a["texte"] for a in plain["droits"]["rsa"]["alertes"])


def test_pregnant_woman_alone_gets_128_412_percent(rules):
    result = run(rules, "2025-09-01", percoit_rsa=True, grossesse=True, aide_logement_ou_loge_gratuitement=False)
    assert result["droits"]["rsa"]["avant"] == pytest.approx(646.52 * 1.28412, abs=0.01)
    # a couple never gets the increase
    couple = run(rules, "2025-09-01", percoit_rsa=True, grossesse=True, aide_logement_ou_loge_gratuitement=False, **COUPLE)
    assert trace(couple["droits"]["rsa"])["majoration_isolement"] is False


def test_prime_activite_bonus_per_earner_and_partner_aah_test_per_person(rules):
    # 2026-10: bonus max 240,63 €, from 59 x 12,31 = 726,29 € to 138 x 12,31 = 1 698,78 €.
    # Partner: 1 500 € net -> 240,63 x 773,71 / 972,49 = 191,44 €; own payment 1 000 € gross -> 791,60 € net
    # -> 240,63 x 65,31 / 972,49 = 16,16 €.
    result = run(rules, "2026-10-01", nb_enfants=1, aide_logement_ou_loge_gratuitement=False,
                 paiement_forme="salaire", paiement_montant=1000, paiement_periodicite="par_mois",
                 **dict(COUPLE, conjoint_revenus_activite_net=1500))
    pa = trace(result["droits"]["prime_activite"])
    assert pa["bonification_conjoint"] == pytest.approx(191.44, abs=0.01)
    assert pa["bonification"] == pytest.approx(16.16, abs=0.01)
    # The partner's AAH is earned income only if the partner's own earnings reach 29 x SMIC h (356,99 €).
    low = run(rules, "2026-10-01", **dict(COUPLE, conjoint_revenus_activite_net=300, conjoint_aah_mensuelle=600))
    high = run(rules, "2026-10-01", **dict(COUPLE, conjoint_revenus_activite_net=400, conjoint_aah_mensuelle=600))
    assert trace(low["droits"]["prime_activite"])["aah_conjoint_comptee_comme_activite"] is False
    assert trace(high["droits"]["prime_activite"])["aah_conjoint_comptee_comme_activite"] is True
    assert trace(high["droits"]["prime_activite"])["revenus_activite_conjoint"] == 1000


@pytest.mark.parametrize("date, flagged", [("2025-05-01", True), ("2026-06-15", True), ("2025-09-01", False),
                                           ("2026-07-01", False)])
def test_april_to_june_results_carry_the_convention_notice(rules, date, flagged):
    result = run(rules, date, percoit_rsa=True, aide_logement_ou_loge_gratuitement=False,
                 paiement_forme="salaire", paiement_montant=300, paiement_periodicite="par_mois")
    for right in ("rsa", "prime_activite"):
        texts = [a["texte"] for a in result["droits"][right]["alertes"]]
        assert any("D'avril à juin" in t and "quelques euros" in t for t in texts) is flagged, (right, texts)


def test_reference_months_since_march_2025_in_the_timing_text(rules):
    after = run(rules, "2025-09-01", percoit_rsa=True, aide_logement_ou_loge_gratuitement=False,
                paiement_forme="salaire", paiement_montant=300, paiement_periodicite="par_mois")
    before = run(rules, "2024-10-01", percoit_rsa=True, aide_logement_ou_loge_gratuitement=False,
                 paiement_forme="salaire", paiement_montant=300, paiement_periodicite="par_mois")
    for right in ("rsa", "prime_activite"):
        assert "quatrième, troisième et deuxième" in after["droits"][right]["effet"]
        assert "quatrième" not in before["droits"][right]["effet"]


def test_two_children_without_family_benefits_are_flagged(rules):
    result = run(rules, "2025-09-01", percoit_rsa=True, nb_enfants=2, aide_logement_ou_loge_gratuitement=False)
    assert any("allocations familiales" in a["texte"] and a["gravite"] == "attention"
               for a in result["droits"]["rsa"]["alertes"])
    assert any(h["champ"] == "prestations_familiales_mensuelles" for h in result["hypotheses"])


# --- the month of the prime d'activité's parameters: a range, not a silent choice ----------------------

def _karim(rules, date):
    import yaml
    case = yaml.safe_load((ROOT_RULES / "cas" / "karim-rsa-vacation-unique.yaml").read_text(encoding="utf-8"))
    return simulate(rules, case["situation"], date)["droits"]["prime_activite"]


def test_prime_activite_shows_the_range_of_the_parameters_month_after_a_revaluation(rules):
    # May 2025: the pente went from 61 % to 59,85 % on 1 April 2025. With the parameters of the month
    # of entitlement (our convention) the prime is 32,07 €; with those of February (3 months earlier),
    # 61 % of the same earnings: the range and a notice naming the CAF.
    prime = _karim(rules, "2025-05-01")
    assert prime["apres"] == prime["apres_min"] == pytest.approx(32.07, abs=0.01)
    assert prime["apres_max"] > prime["apres_min"] + 0.5
    assert any("dépend du mois" in a["texte"] and "CAF" in a["texte"] for a in prime["alertes"])


def test_prime_activite_has_no_range_when_the_parameters_did_not_change(rules):
    prime = _karim(rules, "2025-08-01")  # May-August 2025: the same amounts and rate
    assert prime["apres_min"] == prime["apres_max"] == prime["apres"]
    assert not any("dépend du mois" in a["texte"] for a in prime["alertes"])
