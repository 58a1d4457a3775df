"""Payment forms on one standard situation, with figures worked out by hand.

Standard situation (STANDARD): AAH at 80 % or more with the MVA, plus a category 1 pension
d'invalidité of 400 € a month (comparison salary unknown, so estimated from the pension), no
other work, activity in the last 12 months (no full cumul of a new activity), single, no child.

Parameters used (rules/parametres, in force on the dates below):
- AAH full rate 1 033,32 € (from 2025-04-01); first band 30 % of the gross monthly SMIC:
  11,88 € x 151,67 h = 1 801,8396 € -> 540,55 €; deductions 80 % / 40 %.
- MVA 104,77 € a month.
- Salary, private employer: old age 6,9 % + 0,4 %, Agirc-Arrco 3,15 % + CEG 0,86 %, CSG 9,2 % and
  CRDS 0,5 % on 98,25 % of gross: net = gross x (1 - 0,1131 - 0,9825 x 0,097) = gross x 0,7915975.
- Micro-entrepreneur, liberal BNC affiliated to the SSI: 24,6 % (2025), 25,6 % (from 2026-01-01),
  plus CFP 0,2 %; micro-BNC deduction 34 %, at least 305 € a year.
"""

import pytest

from engine import simulate

BASE = {
    "paiement_montant": 150,
    "paiement_nombre": 1,
    "paiement_periodicite": "une_fois",
    "a_autre_activite": False,
    "percoit_pension_invalidite": True,
    "pi_categorie": "categorie_1",
    "pi_montant": 400,
    "percoit_aah": True,
    "aah_taux_incapacite": "au_moins_80",
    "aah_activite_recente": True,
    "percoit_mva": True,
    "percoit_aide_logement": True,  # a condition of the MVA (otherwise it is "à vérifier")
}
DATE = "2025-06-01"
# AAH before: 1 033,32 - 400 (pension) = 633,32 €; pension + AAH reach the full rate, so the MVA is paid.
AAH_BEFORE = 633.32
NET_RATE = 1 - 0.069 - 0.004 - 0.0315 - 0.0086 - 0.9825 * (0.092 + 0.005)  # 0,7915975

SALARY_LIKE = ("salaire", "defraiement_forfaitaire", "cheque_emploi_associatif", "portage_salarial")
UNKNOWN_TREATMENT = ("bons_cadeaux", "droits_auteur", "indemnite_formation_ru")


def run(rules, date=DATE, **answers):
    return simulate(rules, {**BASE, **answers}, date)


def test_every_form_says_how_it_counts_for_every_right(rules):
    for form_id, form in rules["formes"].items():
        missing = set(rules["droits"]) - set(form["effets"])
        assert not missing, f"formes/{form_id}.yaml : effets manquants pour {sorted(missing)}"
        for right_id, effect in form["effets"].items():
            if effect["compte"] == "a_verifier":
                assert effect.get("organisme"), (form_id, right_id)


def test_every_form_gives_a_consistent_result_on_the_standard_situation(rules):
    for form_id in rules["formes"]:
        result = run(rules, paiement_forme=form_id)
        droits = result["droits"]
        assert {"pension_invalidite", "aah", "mva"} <= set(droits), form_id
        # 150 € once stays far below the estimated threshold (400 x 12 / 0,3 = 16 000 € a year).
        assert droits["pension_invalidite"]["apres"] == pytest.approx(400), form_id
        assert droits["aah"]["avant"] == pytest.approx(AAH_BEFORE), form_id
        # A payment never raises the AAH or the MVA, and never pays more than its gross.
        assert droits["aah"]["apres"] <= AAH_BEFORE + 0.005, form_id
        assert droits["mva"]["apres"] in (0, pytest.approx(104.77)), form_id
        assert 0 <= result["paiement"]["net_annuel"] <= result["paiement"]["brut_annuel"] + 0.005, form_id


@pytest.mark.parametrize("form_id", SALARY_LIKE)
def test_salary_like_forms_compute_the_net_like_a_salary(rules, form_id):
    # 150 € gross once, private employer: net = 150 x 0,7915975 = 118,74 €.
    result = run(rules, paiement_forme=form_id)
    assert result["paiement"]["net_annuel"] == pytest.approx(150 * NET_RATE, abs=0.01)
    assert result["paiement"]["net_annuel"] == pytest.approx(118.74, abs=0.01)
    # AAH: 118,74 / 3 = 39,58 € a month, in the first band -> 20 % retained = 7,92 €;
    # AAH after = 633,32 - 7,92 = 625,40 €. The MVA is lost: a salary is professional income.
    aah = result["droits"]["aah"]
    assert aah["apres"] == pytest.approx(625.40, abs=0.01)
    assert aah["statut"] == "réduit"
    mva = result["droits"]["mva"]
    assert mva["avant"] == pytest.approx(104.77)
    assert mva["apres"] == 0
    assert mva["statut"] == "perdu"


@pytest.mark.parametrize("form_id", ("salaire", "cheque_emploi_associatif", "portage_salarial"))
def test_salaried_forms_use_the_net_from_the_payslip_when_given(rules, form_id):
    # 150 € gross, 125 € net on the payslip: the net counts for the AAH, the gain and every net assiette.
    # AAH: 125 € in the quarter -> 41,67 €/month, 20 % of it = 8,33 €: 633,32 - 8,33 = 624,99 €.
    result = run(rules, paiement_forme=form_id, paiement_montant_net=125)
    assert result["paiement"]["net_annuel"] == pytest.approx(125)
    assert result["paiement"]["assiettes"]["annee"]["salaire_net"] == pytest.approx(125)
    assert result["paiement"]["assiettes"]["annee"]["salaire_brut"] == pytest.approx(150)
    assert result["droits"]["aah"]["apres"] == pytest.approx(AAH_BEFORE - 0.2 * 125 / 3, abs=0.01)
    assert not any(h["champ"] == "paiement_montant_net" for h in result["hypotheses"])


def test_payslip_net_unknown_keeps_the_estimate_and_lists_the_assumption(rules):
    result = run(rules, paiement_forme="salaire")
    assert result["paiement"]["net_annuel"] == pytest.approx(150 * NET_RATE, abs=0.01)
    assumption = [h for h in result["hypotheses"] if h["champ"] == "paiement_montant_net"]
    assert assumption and "estime" in assumption[0]["explication"]


def test_payslip_net_above_the_gross_is_brought_back_to_the_gross(rules):
    result = run(rules, paiement_forme="salaire", paiement_montant_net=400, paiement_nombre=2,
                 paiement_periodicite="par_mois")
    assert result["paiement"]["net_mensuel"] == pytest.approx(300)


def test_payslip_net_question_is_not_asked_for_other_forms(rules):
    from engine import relevance

    for form_id in ("micro_entrepreneur", "benevolat_frais_reels", "defraiement_forfaitaire", "bons_cadeaux"):
        assert not relevance(rules["questions"], {"paiement_forme": form_id})["paiement_montant_net"], form_id
    assert relevance(rules["questions"], {"paiement_forme": "salaire"})["paiement_montant_net"]
    result = run(rules, paiement_forme="micro_entrepreneur", paiement_montant_net=10)
    assert result["paiement"]["net_annuel"] > 10


def test_flat_rate_allowance_loses_the_mva_but_actual_expenses_do_not(rules):
    flat = run(rules, paiement_forme="defraiement_forfaitaire")["droits"]
    expenses = run(rules, paiement_forme="benevolat_frais_reels")["droits"]
    assert flat["mva"]["apres"] == 0
    assert flat["mva"]["traitement_paiement"]["compte"] == "oui"
    assert expenses["mva"]["apres"] == pytest.approx(104.77)
    assert expenses["mva"]["statut"] == "inchangé"
    assert expenses["aah"]["apres"] == pytest.approx(AAH_BEFORE)


def test_flat_rate_allowance_asks_public_employer_question_like_a_salary(rules):
    # Public employer: Ircantec 2,8 % instead of Agirc-Arrco + CEG 4,01 %, as for a salary.
    salary = run(rules, paiement_forme="salaire", paiement_employeur_public=True)
    flat = run(rules, paiement_forme="defraiement_forfaitaire", paiement_employeur_public=True)
    assert flat["paiement"]["net_annuel"] == pytest.approx(salary["paiement"]["net_annuel"])
    # The question is not asked for the other salary-like forms: private employer.
    cea = run(rules, paiement_forme="cheque_emploi_associatif", paiement_employeur_public=True)
    assert cea["paiement"]["net_annuel"] == pytest.approx(118.74, abs=0.01)


@pytest.mark.parametrize("form_id", UNKNOWN_TREATMENT)
def test_unknown_treatment_makes_each_right_a_verifier_with_a_body(rules, form_id):
    result = run(rules, paiement_forme=form_id)
    for right_id in ("pension_invalidite", "aah", "mva"):
        entry = result["droits"][right_id]
        assert entry["statut"] == "à vérifier", (form_id, right_id)
        assert any(a["texte"].startswith("À vérifier auprès de") and a["organisme"] for a in entry["alertes"])


def test_gift_vouchers_aah_and_mva_kept_but_a_verifier(rules):
    # Vouchers are an "other resource": not deducted from the AAH, not professional income.
    droits = run(rules, paiement_forme="bons_cadeaux")["droits"]
    assert droits["aah"]["apres"] == pytest.approx(AAH_BEFORE)
    assert droits["aah"]["statut"] == "à vérifier"
    assert droits["mva"]["apres"] == pytest.approx(104.77)
    assert droits["mva"]["statut"] == "à vérifier"


def test_gift_vouchers_rsa_counts_them_and_says_a_verifier(rules):
    # RSA alone, single, housing aid: 2025-06-01 montant forfaitaire 646,52 €, forfait logement 12 %
    # = 77,5824 €; before: 646,52 - 77,58 = 568,94 €. Vouchers 150 € once = 50 € a month of the
    # quarter as another resource: 568,94 - 50 = 518,94 €.
    situation = {"paiement_forme": "bons_cadeaux", "paiement_montant": 150, "paiement_nombre": 1,
                 "paiement_periodicite": "une_fois", "a_autre_activite": False,
                 "percoit_pension_invalidite": False, "percoit_aah": False, "percoit_rsa": True,
                 "aide_logement_ou_loge_gratuitement": True}
    rsa = simulate(rules, situation, DATE)["droits"]["rsa"]
    assert rsa["avant"] == pytest.approx(568.94, abs=0.01)
    assert rsa["apres"] == pytest.approx(518.94, abs=0.01)
    assert rsa["statut"] == "à vérifier"
    assert rsa["traitement_paiement"]["compte"] == "a_verifier"


def test_ru_training_indemnity_keeps_the_mva_but_says_a_verifier(rules):
    droits = run(rules, paiement_forme="indemnite_formation_ru")["droits"]
    assert droits["mva"]["apres"] == pytest.approx(104.77)
    assert droits["aah"]["apres"] == pytest.approx(AAH_BEFORE)
    assert droits["mva"]["statut"] == droits["aah"]["statut"] == "à vérifier"


def test_author_rights_count_as_professional_income_a_verifier(rules):
    # Modelled as non-salaried professional income of 150 € (no deduction, contributions not known):
    # AAH: 150 / 3 = 50 € a month -> 20 % = 10 €; AAH after = 623,32 €; MVA lost; both à vérifier.
    result = run(rules, paiement_forme="droits_auteur")
    assert result["paiement"]["net_annuel"] == pytest.approx(150)
    droits = result["droits"]
    assert droits["aah"]["apres"] == pytest.approx(623.32, abs=0.01)
    assert droits["mva"]["apres"] == 0
    assert droits["aah"]["statut"] == droits["mva"]["statut"] == "à vérifier"


# --- micro-entrepreneur ------------------------------------------------------------------------

@pytest.mark.parametrize("date, rate", [("2025-06-01", 0.246), ("2026-06-15", 0.256)])
def test_micro_entrepreneur_contributions_use_the_dated_rate(rules, date, rate):
    # 4 invoices of 100 € a month = 400 € a month.
    # 2025: 400 x (1 - 0,246 - 0,002) = 300,80 €; 2026: 400 x (1 - 0,256 - 0,002) = 296,80 €.
    result = run(rules, date, paiement_forme="micro_entrepreneur", paiement_montant=100,
                 paiement_nombre=4, paiement_periodicite="par_mois")
    month = result["paiement"]["assiettes"]["mois"]
    assert month["chiffre_affaires"] == pytest.approx(400)
    assert month["net_percu"] == pytest.approx(400 * (1 - rate - 0.002), abs=0.01)
    assert month["net_percu"] == pytest.approx({"2025-06-01": 300.80, "2026-06-15": 296.80}[date], abs=0.01)
    assert result["paiement"]["net_annuel"] == pytest.approx(12 * 400 * (1 - rate - 0.002), abs=0.01)


def test_micro_entrepreneur_income_after_the_34_percent_deduction(rules):
    # 400 € a month: month 400 x 0,66 = 264 €; quarter 1 200 x 0,66 = 792 €;
    # year 4 800 - max(34 % = 1 632 €, 305 €) = 3 168 €.
    result = run(rules, paiement_forme="micro_entrepreneur", paiement_montant=100,
                 paiement_nombre=4, paiement_periodicite="par_mois")
    bases = result["paiement"]["assiettes"]
    assert bases["mois"]["revenu_independant"] == pytest.approx(264)
    assert bases["trimestre"]["revenu_independant"] == pytest.approx(792)
    assert bases["annee"]["revenu_independant"] == pytest.approx(3168)
    assert bases["annee"]["salaire_brut"] == 0
    # AAH: 792 / 3 = 264 € a month, first band -> 20 % = 52,80 €; AAH after = 633,32 - 52,80 = 580,52 €.
    # MVA lost (professional income); pension: 4 800 + 3 168 < 16 000 € -> unchanged.
    droits = result["droits"]
    assert droits["aah"]["apres"] == pytest.approx(580.52, abs=0.01)
    assert droits["mva"]["apres"] == 0
    assert droits["pension_invalidite"]["statut"] == "inchangé"


def test_micro_entrepreneur_annual_minimum_deduction_only_on_the_year(rules):
    # 2 invoices of 150 € a year = 300 €: on the year the 305 € minimum absorbs everything
    # (300 - min(300, max(102, 305)) = 0); on a quarter (75 €) only the rate: 75 x 0,66 = 49,50 €.
    bases = run(rules, paiement_forme="micro_entrepreneur", paiement_montant=150, paiement_nombre=2,
                paiement_periodicite="par_an")["paiement"]["assiettes"]
    assert bases["annee"]["revenu_independant"] == 0
    assert bases["trimestre"]["revenu_independant"] == pytest.approx(49.5)
    # 1 000 € a year: 34 % = 340 € > 305 € -> 660 € on the year.
    bases = run(rules, paiement_forme="micro_entrepreneur", paiement_montant=1000,
                paiement_periodicite="par_an")["paiement"]["assiettes"]
    assert bases["annee"]["revenu_independant"] == pytest.approx(660)
    # A single payment of 150 €: on the year the minimum absorbs it (150 - min(150, 305) = 0);
    # on the quarter of the payment only the rate applies: 150 x 0,66 = 99 €.
    bases = run(rules, paiement_forme="micro_entrepreneur")["paiement"]["assiettes"]
    assert bases["annee"]["revenu_independant"] == 0
    assert bases["trimestre"]["revenu_independant"] == pytest.approx(99)
