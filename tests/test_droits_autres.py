"""ARE, IJ maladie, retraite (cumul emploi-retraite) and rente AT-MP on hand-worked cases.

Dated parameter values used below (rules/parametres):
- are.part_remuneration_deduite = 0.70 (since 2019-11-01, kept by the convention of 15 Nov 2024);
- are.plafond_cumul_non_salarie_part_reliquat = 0.60 from 2025-04-01 (1 = no specific cap before);
- smic.horaire_brut = 11.88 €/h (2024-11-01 to 2025-12-31), smic.heures_mensuelles = 151.67 h
  -> SMIC mensuel 2025 = 1 801.8396 €, 160 % = 2 882.94336 €/month = 34 595.32 €/year;
- retraite.plafond_cumul_plafonne_multiple_smic = 1.6;
- retraite.plafond_seconde_pension_part_pass = 0.05 from 2023-09-01 (0 before);
  pss.annuel = 47 100 € in 2025 -> 2 355 €/year;
- micro-BNC: abattement 34 % (monthly amounts: the 305 € minimum is only applied on the year).
"""

import pytest

from situations import run



def trace(right, scenario="apres"):
    return {step["etape"]: step["valeur"] for step in right["trace"][scenario]}


def texts(right, gravite=None):
    return " ".join(a["texte"] for a in right["alertes"] if gravite is None or a["gravite"] == gravite)


# --- ARE ----------------------------------------------------------------------------------------------

ARE = {"percoit_are": True, "are_montant_mensuel": 1200, "are_salaire_reference_mensuel": 2000}


def test_are_nadia_four_vacations_a_month(rules):
    # Nadia: ARE 1 200 €/month, reference salary 2 000 €/month; 4 vacations of 150 € gross a month.
    # Pay of the month 600 €; deduction 0.70 x 600 = 420 €; ARE 1 200 - 420 = 780 €.
    # Ceiling: 2 000 - 600 = 1 400 € >= 780 € -> not reached. ARE 780 €, -420 €/month over 12 months.
    # Income of the month: 780 + 600 - 1 200 = +180 € (before contributions).
    result = run(rules, "2025-06-01", **ARE, paiement_forme="salaire", paiement_montant=150,
                 paiement_nombre=4, paiement_periodicite="par_mois")
    are = result["droits"]["are"]
    assert are["avant"] == pytest.approx(1200)
    assert are["apres"] == pytest.approx(780)
    assert are["statut"] == "réduit"
    assert are["duree_effet_mois"] == 12
    assert trace(are)["deduction"] == pytest.approx(420)
    assert "repoussent la fin de vos droits" in texts(are, "info")
    assert "180" in texts(are, "info")
    assert are["traitement_paiement"]["compte"] == "oui"
    assert any(d["organisme"] == "france_travail" and "actualisation" in d["quand"] for d in are["demarches"])


def test_are_reference_salary_ceiling(rules):
    # ARE 1 200 €, reference salary 1 400 €; one payment of 1 000 € gross.
    # After deduction: 1 200 - 700 = 500 €; ceiling 1 400 - 1 000 = 400 € -> ARE 400 € for that month.
    result = run(rules, "2025-06-01", percoit_are=True, are_montant_mensuel=1200,
                 are_salaire_reference_mensuel=1400, paiement_forme="salaire", paiement_montant=1000)
    are = result["droits"]["are"]
    assert are["apres"] == pytest.approx(400)
    assert are["difference"] == pytest.approx(-800)
    assert are["duree_effet_mois"] == 1
    assert "ramenée à 400" in texts(are, "attention")


def test_are_reference_salary_unknown_is_flagged(rules):
    # Same payment, reference salary unknown (default 0): ceiling not applied -> 1 200 - 700 = 500 €,
    # and an "à vérifier auprès de France Travail" notice with ARE + pay = 500 + 1 000 = 1 500 €.
    result = run(rules, "2025-06-01", percoit_are=True, are_montant_mensuel=1200,
                 paiement_forme="salaire", paiement_montant=1000)
    are = result["droits"]["are"]
    assert are["apres"] == pytest.approx(500)
    assert "1\u202f500" in texts(are, "attention")
    assert any(h["champ"] == "are_salaire_reference_mensuel" for h in result["hypotheses"])


def test_are_volunteering_with_real_expenses(rules):
    # Bénévolat with 80 € of real expenses reimbursed: no pay -> ARE unchanged; L5425-8 information.
    result = run(rules, "2025-06-01", **ARE, paiement_montant=80)
    are = result["droits"]["are"]
    assert are["avant"] == are["apres"] == pytest.approx(1200)
    assert are["statut"] == "inchangé"
    assert "L5425-8" in texts(are, "info")
    assert are["demarches"] == []


def test_are_micro_entrepreneur_since_april_2025(rules):
    # Two invoices of 300 € a month in micro-BNC: 600 € turnover - 34 % = 396 € retained;
    # deduction 0.70 x 396 = 277.20 €; ARE 1 000 - 277.20 = 722.80 €. Since 2025-04-01: 60 % cap notice.
    answers = {"percoit_are": True, "are_montant_mensuel": 1000, "are_salaire_reference_mensuel": 1800,
               "paiement_forme": "micro_entrepreneur", "paiement_montant": 300, "paiement_nombre": 2,
               "paiement_periodicite": "par_mois"}
    are = run(rules, "2025-06-01", **answers)["droits"]["are"]
    assert are["apres"] == pytest.approx(722.80, abs=0.01)
    assert "60 %" in texts(are, "attention")
    # Before 1 April 2025 the cap did not exist: same amount, no notice.
    are_2024 = run(rules, "2024-06-01", **answers)["droits"]["are"]
    assert are_2024["apres"] == pytest.approx(722.80, abs=0.01)
    assert "60 %" not in texts(are_2024)


def test_are_gift_vouchers_to_check_with_france_travail(rules):
    result = run(rules, "2025-06-01", **ARE, paiement_forme="bons_cadeaux", paiement_montant=50)
    are = result["droits"]["are"]
    assert are["apres"] == pytest.approx(1200)
    assert are["statut"] == "à vérifier"
    assert any(a["organisme"] == "france_travail" for a in are["alertes"])


def test_are_not_shown_without_are(rules):
    assert "are" not in run(rules, "2025-06-01", paiement_forme="salaire", paiement_montant=100)["droits"]


# --- IJ maladie -----------------------------------------------------------------------------------------

def test_ij_sophie_testifies_unpaid_during_sick_leave(rules):
    # Sophie, on sick leave (IJ 900 €/month), asked to testify at a training, travel reimbursed (40 €).
    # No reduction is invented: 900 € before and after, but status "risque" with a danger notice.
    result = run(rules, "2025-06-01", en_arret_maladie=True, ij_montant_mensuel=900, paiement_montant=40)
    ij = result["droits"]["ij_maladie"]
    assert ij["avant"] == ij["apres"] == pytest.approx(900)
    assert ij["statut"] == "risque"
    dangers = [a for a in ij["alertes"] if a["gravite"] == "danger"]
    assert len(dangers) == 1 and "même bénévole" in dangers[0]["texte"] and "900" in dangers[0]["texte"]
    assert "L323-3" in texts(ij, "info")
    assert any("autorisation écrite" in d["quoi"] and d["quand"].startswith("avant") for d in ij["demarches"])
    assert ij["traitement_paiement"]["compte"] == "non"


def test_ij_paid_session_is_generally_incompatible(rules):
    result = run(rules, "2025-06-01", en_arret_maladie=True, ij_montant_mensuel=900,
                 paiement_forme="salaire", paiement_montant=200)
    ij = result["droits"]["ij_maladie"]
    assert ij["statut"] == "risque"
    assert ij["apres"] == pytest.approx(900)
    assert len([a for a in ij["alertes"] if a["gravite"] == "danger"]) == 2
    assert "pénalité" in texts(ij, "danger")


def test_ij_amount_unknown_keeps_the_risk(rules):
    result = run(rules, "2025-06-01", en_arret_maladie=True, paiement_montant=0)
    ij = result["droits"]["ij_maladie"]
    assert ij["statut"] == "risque"
    assert any(h["champ"] == "ij_montant_mensuel" for h in result["hypotheses"])


def test_ij_not_asked_when_not_on_sick_leave(rules):
    assert "ij_maladie" not in run(rules, "2025-06-01", paiement_montant=40)["droits"]


# --- Retraite -------------------------------------------------------------------------------------------

RETRAITE_PLAFONNEE = {"percoit_retraite": True, "retraite_taux_plein_age_legal": False}


def test_retraite_capped_cumul_under_the_ceiling(rules):
    # Capped cumul, pensions 1 500 €/month, last salary unknown -> ceiling 160 % SMIC = 2 882.94 €/month.
    # Year: pensions 18 000 + salary 4 x 150 x 12 = 7 200 -> 25 200 <= 34 595.32: no reduction.
    # Margin 34 595.32 - 25 200 = 9 395.32 €.
    result = run(rules, "2025-06-01", **RETRAITE_PLAFONNEE, retraite_montant_mensuel=1500,
                 paiement_forme="salaire", paiement_montant=150, paiement_nombre=4, paiement_periodicite="par_mois")
    retraite = result["droits"]["retraite"]
    assert retraite["avant"] == retraite["apres"] == pytest.approx(1500)
    assert retraite["statut"] == "inchangé"
    assert trace(retraite)["plafond_mensuel"] == pytest.approx(2882.94, abs=0.01)
    assert "9\u202f395,32" in texts(retraite, "info")
    assert any(d["organisme"] == "caisse_retraite" for d in retraite["demarches"])


def test_retraite_capped_cumul_above_the_ceiling_reduces_the_pension(rules):
    # Pensions 2 400 €/month and another job at 300 € gross/month; sessions 4 x 200 € a month.
    # Year: pensions 28 800 + other job 3 600 + sessions 9 600 = 42 000; ceiling 12 x 2 882.94336 = 34 595.32.
    # Before: 28 800 + 3 600 = 32 400 -> under the ceiling. After: excess 7 404.68 €/year;
    # pension (28 800 - 7 404.68) / 12 = 1 782.94 €/month (-617.06 €/month).
    answers = {**RETRAITE_PLAFONNEE, "retraite_montant_mensuel": 2400, "a_autre_activite": True,
               "autres_revenus_activite_brut": 300, "autres_revenus_activite_net": 237,
               "paiement_forme": "salaire", "paiement_montant": 200, "paiement_nombre": 4,
               "paiement_periodicite": "par_mois"}
    retraite = run(rules, "2025-06-01", **answers)["droits"]["retraite"]
    assert retraite["avant"] == pytest.approx(2400)
    assert retraite["apres"] == pytest.approx(1782.94, abs=0.01)
    assert retraite["statut"] == "réduit"
    assert "7\u202f404,68" in texts(retraite, "danger")
    # With the last salary given (3 500 €/month), the ceiling is 42 000 €/year: exactly reached, no cut.
    retraite = run(rules, "2025-06-01", **answers, retraite_dernier_salaire_mensuel=3500)["droits"]["retraite"]
    assert retraite["apres"] == pytest.approx(2400)
    assert retraite["statut"] == "inchangé"


def test_retraite_full_cumul_and_second_pension(rules):
    # Full cumul: no limit; new rights capped at 5 % x 47 100 = 2 355 €/year (2025).
    result = run(rules, "2025-06-01", percoit_retraite=True, retraite_taux_plein_age_legal=True,
                 retraite_montant_mensuel=1800, paiement_forme="salaire", paiement_montant=3000,
                 paiement_nombre=2, paiement_periodicite="par_mois")
    retraite = result["droits"]["retraite"]
    assert retraite["avant"] == retraite["apres"] == pytest.approx(1800)
    assert retraite["statut"] == "inchangé"
    assert "2\u202f355" in texts(retraite, "info")
    # Before 1 September 2023 the contributions opened no new right.
    retraite = run(rules, "2023-06-01", percoit_retraite=True, retraite_taux_plein_age_legal=True,
                   retraite_montant_mensuel=1800, paiement_forme="salaire", paiement_montant=100)["droits"]["retraite"]
    assert "aucun nouveau droit" in texts(retraite, "info")


def test_retraite_capped_pension_unknown_is_a_verifier(rules):
    result = run(rules, "2025-06-01", **RETRAITE_PLAFONNEE, paiement_forme="salaire", paiement_montant=100)
    retraite = result["droits"]["retraite"]
    assert retraite["statut"] == "à vérifier"
    assert any(a["organisme"] == "caisse_retraite" for a in retraite["alertes"])


def test_retraite_volunteering_changes_nothing(rules):
    retraite = run(rules, "2025-06-01", **RETRAITE_PLAFONNEE, retraite_montant_mensuel=1500,
                   paiement_montant=60)["droits"]["retraite"]
    assert retraite["statut"] == "inchangé"
    assert retraite["demarches"] == []


# --- Rente AT-MP ------------------------------------------------------------------------------------------

def test_rente_atmp_full_cumul(rules):
    # Rente 450 €/month, AAH at 80 %: the salary leaves the rente unchanged; resource notice for the AAH.
    result = run(rules, "2025-06-01", percoit_rente_atmp=True, rente_atmp_montant_mensuel=450,
                 percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=False,
                 paiement_forme="salaire", paiement_montant=150)
    rente = result["droits"]["rente_atmp"]
    assert rente["avant"] == rente["apres"] == pytest.approx(450)
    assert rente["statut"] == "inchangé"
    assert "entièrement" in texts(rente, "info")
    assert "ressource" in texts(rente, "info")
    assert rente["traitement_paiement"]["compte"] == "non"


def test_rente_atmp_only_for_those_who_receive_it(rules):
    assert "rente_atmp" not in run(rules, "2025-06-01", paiement_montant=40)["droits"]


# --- Pension d'invalidité: range when the comparison salary is unknown; MSA schemes -------------------
# Category 2 pension of 1 000 €/month (12 000 €/year); estimated threshold 12 000 / 0,5 = 24 000 €/year;
# highest possible threshold 1,5 x PASS 2026 (48 060 €) = 72 090 €/year.

PENSION_CAT2 = {"percoit_pension_invalidite": True, "pi_categorie": "categorie_2", "pi_montant": 1000}


def test_pension_unknown_comparison_salary_gives_a_range_and_a_verifier(rules):
    # 15 000 € gross a year: low end 12 000 + 15 000 - 24 000 = 3 000 € excess -> 1 500 € less -> 875 €/month;
    # high end 27 000 < 72 090 -> 1 000 €. The payment may or may not lower the pension: "à vérifier".
    pension = run(rules, "2026-06-01", **PENSION_CAT2, paiement_forme="salaire", paiement_montant=1250,
                  paiement_nombre=12, paiement_periodicite="par_an")["droits"]["pension_invalidite"]
    assert (pension["avant"], pension["apres"], pension["apres_max"]) == (1000, 875, 1000)
    assert pension["statut"] == "à vérifier"
    assert "entre 875 € et 1 000 €" in texts(pension, "attention").replace("\u202f", " ")
    assert "72 090" in texts(pension).replace("\u202f", " ")
    assert not texts(pension, "danger")


def test_pension_known_comparison_salary_has_no_range(rules):
    pension = run(rules, "2026-06-01", **PENSION_CAT2, pi_salaire_reference_annuel=24000, paiement_forme="salaire",
                  paiement_montant=1250, paiement_nombre=12, paiement_periodicite="par_an")["droits"]["pension_invalidite"]
    assert (pension["apres"], pension["apres_max"], pension["statut"]) == (875, 875, "réduit")
    assert "moitié de ce dépassement" in texts(pension, "danger")


def test_pension_range_that_does_not_change_the_answer_keeps_the_status(rules):
    # 80 000 € a year: low end 92 000 - 24 000 = 68 000 € excess -> suspended; high end 92 000 - 72 090 =
    # 19 910 € -> 9 955 € less -> (12 000 - 9 955) / 12 = 170,42 €. Lowered at both ends: not "à vérifier".
    pension = run(rules, "2026-06-01", **PENSION_CAT2, paiement_forme="salaire", paiement_montant=80000,
                  paiement_periodicite="par_an")["droits"]["pension_invalidite"]
    assert pension["apres"] == 0 and pension["apres_max"] == pytest.approx(170.42, abs=0.01)
    assert pension["statut"] == "suspendu"
    assert "entre 0 € et 170,42 €" in texts(pension, "attention")


def test_pension_msa_farmer_is_sent_to_the_msa_with_the_question_to_ask(rules):
    pension = run(rules, "2026-06-01", **PENSION_CAT2, pi_regime="msa_exploitant", paiement_forme="salaire",
                  paiement_montant=1250, paiement_nombre=12, paiement_periodicite="par_an")["droits"]["pension_invalidite"]
    assert pension["avant"] == pension["apres"] == 1000
    assert pension["statut"] == "à vérifier"
    farmer = [a for a in pension["alertes"] if "R732-5" in a["texte"]]
    assert farmer and farmer[0]["organisme"] == "msa" and "réduite, suspendue ou supprimée" in farmer[0]["texte"]
    assert "15 000 €" in farmer[0]["texte"].replace("\u202f", " ")
    assert [d["organisme"] for d in pension["demarches"]] == ["msa"]
    assert "cpam" not in {a["organisme"] for a in pension["alertes"]}


def test_pension_msa_employee_follows_the_general_rule_but_reports_to_the_msa(rules):
    pension = run(rules, "2026-06-01", **PENSION_CAT2, pi_regime="msa_salarie", pi_salaire_reference_annuel=24000,
                  paiement_forme="salaire", paiement_montant=1250, paiement_nombre=12,
                  paiement_periodicite="par_an")["droits"]["pension_invalidite"]
    assert (pension["apres"], pension["statut"]) == (875, "réduit")
    assert [d["organisme"] for d in pension["demarches"]] == ["msa"]


# --- AAH for a person in a couple; the 10 % expenses range ---------------------------------------------

def test_aah_couple_since_october_2023_ignores_the_partner_and_says_so(rules):
    def aah(partner_pay):
        return run(rules, "2025-06-01", percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=False,
                   en_couple=True, conjoint_revenus_activite_net=partner_pay)["droits"]["aah"]
    alone, rich_partner = aah(0), aah(4000)
    assert alone["avant"] == rich_partner["avant"] == pytest.approx(1033.32)
    assert "1er octobre 2023" in texts(rich_partner, "info")
    assert "revenus de votre conjoint ne comptent" in texts(rich_partner, "info")


def test_aah_couple_before_october_2023_is_a_verifier_with_a_clear_message(rules):
    aah = run(rules, "2023-06-01", percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=False,
              en_couple=True, paiement_forme="salaire", paiement_montant=100)["droits"]["aah"]
    assert aah["statut"] == "à vérifier"
    assert "ne vaut pas pour vous" in texts(aah, "danger")
    single = run(rules, "2023-06-01", percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=False,
                 paiement_forme="salaire", paiement_montant=100)["droits"]["aah"]
    assert single["statut"] == "réduit" and "ne vaut pas" not in texts(single)


def test_aah_ten_percent_expenses_deduction_is_shown_as_the_high_end(rules):
    # 4 x 80 € gross a month, public employer, 2026-07-01: net 320 x 0,8037 = 257,184 €/month.
    # Low end (no 10 % deduction): 1 041,59 - 0,2 x 257,184 = 990,15 €.
    # High end: 0,9 x 257,184 = 231,4656 €; 1 041,59 - 0,2 x 231,4656 = 995,30 €. Both lower the AAH: "réduit".
    aah = run(rules, "2026-07-01", percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=False,
              aah_activite_recente=True,
              paiement_forme="salaire", paiement_montant=80, paiement_nombre=4, paiement_periodicite="par_mois",
              paiement_employeur_public=True)["droits"]["aah"]
    assert aah["apres"] == pytest.approx(990.15, abs=0.01)
    assert aah["apres_max"] == pytest.approx(995.30, abs=0.01)
    assert aah["statut"] == "réduit"
    assert "10 %" in texts(aah, "info") and "995,30" in texts(aah, "info")


# --- MVA: its conditions are checked against the answers ----------------------------------------------

MVA_OK = {"percoit_aah": True, "aah_taux_incapacite": "au_moins_80", "percoit_mva": True,
          "aide_logement_ou_loge_gratuitement": True, "percoit_aide_logement": True}


def test_mva_with_consistent_answers_is_computed_as_usual(rules):
    mva = run(rules, "2025-06-01", **MVA_OK)["droits"]["mva"]
    assert (mva["avant"], mva["statut"]) == (104.77, "inchangé")
    assert not texts(mva, "attention")


@pytest.mark.parametrize("contradiction, words", [
    ({"aah_taux_incapacite": "de_50_a_79", "temps_travail_mensuel": 0}, "au moins 80 %"),
    ({"percoit_aide_logement": False}, "aide au logement"),
    ({"aide_logement_ou_loge_gratuitement": False}, "aide au logement"),
    ({"mva_logement_independant": False}, "logement indépendant"),
    ({"a_autre_activite": True, "autres_revenus_activite_brut": 300, "autres_revenus_activite_net": 240},
     "autre travail payé"),
])
def test_mva_answers_that_contradict_its_conditions_make_it_a_verifier(rules, contradiction, words):
    mva = run(rules, "2025-06-01", **{**MVA_OK, **contradiction})["droits"]["mva"]
    assert mva["statut"] == "à vérifier"
    named = [a for a in mva["alertes"] if words in a["texte"] and "contredisent" in a["texte"]]
    assert named and named[0]["organisme"] == "caf"
