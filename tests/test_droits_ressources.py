"""Complémentaire santé solidaire, aides au logement and income tax on hand-worked cases.

Dated values used (rules/parametres):
- salary form, private employer, 2025 and 2026: employee contributions 6,90 % + 0,40 % (old age),
  3,15 % + 0,86 % (Agirc-Arrco T1 + CEG), CSG 9,2 % and CRDS 0,5 % on 98,25 % of the gross
  -> net = 79,15975 % of the gross (150 € -> 118,74 €).
- net taxable = net + (9,2 % - 6,8 % + 0,5 %) x 98,25 % of the gross = net + 2,84925 % of the gross.
- 10 % deduction for professional expenses: minimum 504 € (revenus 2024; 2025 not found, 504 € kept
  with an « à vérifier »), maximum 14 555 € (revenus 2025).
- micro-BNC: 34 % deduction, at least 305 € a year; versement libératoire 2,2 %.
- income-tax marginal rates 11 % / 30 % (CGI art. 197).
- CSS (1 April 2025): free ceiling 10 339 €/year for one person, + 35 % with contribution
  (13 957 € once rounded down), household coefficients 0,5 / 0,3 / 0,4, AAH deduction 68 €/month.
- AAH 1 033,32 € (April 2025); SMIC 11,88 €/h x 151,67 h = 1 801,84 €; first AAH band 30 % of it.
"""

import pytest

from situations import run as run_on

BASE = {
    "paiement_forme": "salaire",
    "paiement_montant": 150,
    "paiement_nombre": 1,
    "paiement_periodicite": "une_fois",
    "a_autre_activite": False,
    "percoit_pension_invalidite": False,
    "percoit_aah": False,
}
# AAH at 80 % or more, already working recently (no 6-month full cumul), 4 sessions of 150 € a month.
AAH_4_SEANCES = {"percoit_aah": True, "aah_taux_incapacite": "au_moins_80", "percoit_mva": False,
                 "aah_activite_recente": True, "paiement_montant": 150, "paiement_nombre": 4,
                 "paiement_periodicite": "par_mois"}


def run(rules, date, **answers):
    return run_on(rules, date, base=BASE, **answers)


def trace(right, scenario="apres"):
    return {step["etape"]: step["valeur"] for step in right["trace"][scenario]}


# --- Impôt sur le revenu ---------------------------------------------------------------------------

def test_tax_on_four_sessions_a_month_at_eleven_percent(rules):
    # 4 x 150 x 12 = 7 200 € gross a year; net 7 200 x 0,7915975 = 5 699,50 €;
    # net taxable 5 699,50 + 7 200 x 0,0284925 = 5 904,65 €; deduction 10 % = 590,46 € (> 504 €);
    # taxable 5 314,18 €; tax 11 % = 584,56 € a year -> -48,71 € a month.
    result = run(rules, "2025-06-01", taux_marginal_imposition="tranche_2", **{
        k: v for k, v in AAH_4_SEANCES.items() if k.startswith("paiement")})
    impot = result["droits"]["impot_revenu"]
    steps = trace(impot)
    assert steps["salaire_net_imposable"] == pytest.approx(5904.65, abs=0.01)
    assert steps["salaire_imposable_ajoute"] == pytest.approx(5314.18, abs=0.01)
    assert impot["avant"] == 0
    assert impot["apres"] == pytest.approx(-48.71, abs=0.01)
    assert impot["statut"] == "réduit"
    # The tax counts in the headline gain (net 474,96 € a month, the prime d'activité it opens, and
    # -48,71 € of tax).
    # Each right counts for the months of the first year its changed amount is paid (the calendar); the
    # tax, spread over 12 months, from the first month.
    months = {line["droit"]: line["mois_changes_12_mois"] for line in result["calendrier"]["droits"]}
    assert months["impot_revenu"] == 12
    others = sum(r["difference"] * months.get(rid, 0) / 12 for rid, r in result["droits"].items()
                 if rid != "impot_revenu" and r["difference"] is not None)
    assert result["paiement"]["net_mensuel"] == pytest.approx(474.96, abs=0.01)
    assert result["gain_mensuel"] == pytest.approx(474.96 + others - 48.71, abs=0.02)


def test_one_small_vacation_is_covered_by_the_minimum_deduction(rules):
    # 150 € once: net taxable 118,74 + 4,27 = 123,01 €; the deduction (at least 504 €, at most the
    # salary) absorbs it -> nothing taxable, even at 11 %.
    impot = run(rules, "2025-06-01", taux_marginal_imposition="tranche_2")["droits"]["impot_revenu"]
    assert trace(impot)["salaire_net_imposable"] == pytest.approx(123.01, abs=0.01)
    assert impot["avant"] == impot["apres"] == 0
    assert impot["statut"] == "inchangé"
    assert any("déduction forfaitaire minimale" in a["texte"] for a in impot["alertes"])


def test_small_vacation_on_top_of_another_salary_is_taxed_at_thirty_percent(rules):
    # Other job 1 500 € gross / 1 170 € net a month: taxable 12 x (1 170 + 1 500 x 0,0284925)
    # = 14 552,87 €, deduction 1 455,29 €. With the 123,01 € vacation: 14 675,88 €, deduction
    # 1 467,59 €. Taxable added 123,01 - 12,30 = 110,71 €; 30 % = 33,21 € a year -> -2,77 € a month.
    impot = run(rules, "2025-06-01", taux_marginal_imposition="tranche_3", a_autre_activite=True,
                autres_revenus_activite_brut=1500, autres_revenus_activite_net=1170)["droits"]["impot_revenu"]
    assert trace(impot)["salaire_imposable_ajoute"] == pytest.approx(110.71, abs=0.01)
    assert impot["apres"] == pytest.approx(-2.77, abs=0.01)


def test_unknown_marginal_rate_is_to_check_with_the_tax_office(rules):
    impot = run(rules, "2025-06-01", **{k: v for k, v in AAH_4_SEANCES.items() if k.startswith("paiement")})[
        "droits"]["impot_revenu"]
    assert impot["avant"] == impot["apres"] == 0
    assert impot["statut"] == "à vérifier"
    assert any(a["organisme"] == "impots" and "5\u202f314,18" in a["texte"] for a in impot["alertes"])


def test_micro_bnc_tax_at_the_scale_or_with_the_versement_liberatoire(rules):
    # 300 € invoiced a month in 2026 = 3 600 €; profit 3 600 - max(1 224, 305) = 2 376 €;
    # 11 % = 261,36 € a year -> -21,78 € a month. Versement libératoire: 2,2 % x 3 600 = 79,20 €
    # -> -6,60 € a month, whatever the marginal rate.
    answers = {"paiement_forme": "micro_entrepreneur", "paiement_montant": 300, "paiement_periodicite": "par_mois"}
    impot = run(rules, "2026-01-15", taux_marginal_imposition="tranche_2", **answers)["droits"]["impot_revenu"]
    assert trace(impot)["benefice_micro"] == pytest.approx(2376)
    assert impot["apres"] == pytest.approx(-21.78, abs=0.01)
    impot = run(rules, "2026-01-15", micro_versement_liberatoire=True, **answers)["droits"]["impot_revenu"]
    assert impot["apres"] == pytest.approx(-6.60, abs=0.01)
    assert impot["statut"] == "réduit"


def test_actual_expenses_change_none_of_the_three_rights(rules):
    result = run(rules, "2025-06-01", paiement_forme="benevolat_frais_reels", paiement_montant=80,
                 percoit_css="gratuite", css_ressources_annuelles_foyer=9000, aide_logement_ou_loge_gratuitement=True,
                 percoit_aide_logement=True)
    for rid in ("css", "aides_logement", "impot_revenu"):
        assert result["droits"][rid]["statut"] == "inchangé", rid
    assert result["droits"]["impot_revenu"]["apres"] == 0


# --- Complémentaire santé solidaire ----------------------------------------------------------------

def test_css_payment_crosses_the_free_ceiling_at_the_next_renewal(rules):
    # Declared household resources 10 200 € (free CSS, ceiling 10 339 €). 300 € gross once:
    # net 300 x 0,7915975 = 237,48 €; 10 437,48 € > 10 339 € but <= 13 957 € -> with contribution
    # at the next renewal: status « risque »; the current right is untouched (no amount shown).
    result = run(rules, "2025-06-01", paiement_montant=300, percoit_pension_invalidite=True,
                 pi_categorie="categorie_2", pi_montant=850, percoit_css="gratuite",
                 css_ressources_annuelles_foyer=10200)
    css = result["droits"]["css"]
    steps = trace(css)
    assert steps["ressources"] == pytest.approx(10437.48, abs=0.01)
    assert steps["plafond_gratuite"] == 10339 and steps["plafond_participation"] == 13957
    assert trace(css, "avant")["niveau"] == 0 and steps["niveau"] == 1
    assert css["avant"] is None and css["apres"] is None and css["difference"] is None
    assert css["statut"] == "risque"
    assert "prochain renouvellement" in css["effet"]
    assert any(a["gravite"] == "attention" and "10\u202f339" in a["texte"] for a in css["alertes"])


def test_css_estimate_from_aah_and_four_sessions_goes_above_both_ceilings(rules):
    # AAH before: 1 033,32 €; counted (1 033,32 - 68) x 12 = 11 583,84 € (CSS with contribution).
    # After: net 474,96 € a month; AAH deduction 20 % of 474,96 (under 540,55 €) = 94,99 € ->
    # AAH 938,33 €; counted 12 x (938,33 - 68) = 10 443,94 € + 5 699,50 € = 16 143,44 € > 13 957 €.
    # Estimated resources (no figure given) -> « à vérifier », with a danger notice.
    css = run(rules, "2025-06-01", percoit_css="avec_participation", **AAH_4_SEANCES)["droits"]["css"]
    assert trace(css, "avant")["ressources"] == pytest.approx(11583.84, abs=0.01)
    assert trace(css)["ressources"] == pytest.approx(16143.44, abs=0.02)
    assert trace(css)["niveau"] == 2
    assert css["statut"] == "à vérifier"
    assert any(a["gravite"] == "danger" for a in css["alertes"])


def test_css_household_ceiling_for_a_couple_with_two_children(rules):
    # 4 persons: 1 + 0,5 + 0,3 + 0,3 = 2,1; 10 339 x 2,1 = 21 711,9 -> 21 711 € (published: 21 711 €).
    css = run(rules, "2025-06-01", percoit_css="gratuite", en_couple=True, conjoint_revenus_activite_net=0,
              conjoint_ressources_mensuelles=0, conjoint_aah_mensuelle=0, nb_enfants=2,
              css_ressources_annuelles_foyer=20000)["droits"]["css"]
    assert trace(css)["plafond_gratuite"] == 21711
    assert css["statut"] == "inchangé"


def test_css_rsa_recipients_keep_the_free_css_without_a_means_test(rules):
    css = run(rules, "2025-06-01", percoit_rsa=True, percoit_css="gratuite",
              css_ressources_annuelles_foyer=10300)["droits"]["css"]
    assert trace(css)["presomption_rsa"] is True and trace(css)["niveau"] == 0
    assert css["statut"] == "inchangé"


def test_css_ceilings_after_april_2026_are_flagged(rules):
    css = run(rules, "2026-06-01", percoit_css="gratuite", css_ressources_annuelles_foyer=5000)["droits"]["css"]
    assert any("1er avril 2026" in a["texte"] and a["organisme"] == "cpam" for a in css["alertes"])


def test_css_estimate_counts_the_partner_and_the_partner_aah_after_its_deduction(rules):
    # Couple, 2 children, 2025-06-01: category 1 pension 600 €/month (threshold 30 000 €); partner earns
    # 1 100 € net a month and gets 500 € of AAH. Estimate: 12 x 600 = 7 200 € + partner 12 x (1 100
    # + (500 - 68)) = 18 384 € -> 25 584 €, above the free ceiling of 4 persons (21 711 €), under the
    # ceiling with contribution (floor(21 711 x 1,35) = 29 309 €).
    css = run(rules, "2025-06-01", percoit_css="avec_participation", en_couple=True, nb_enfants=2,
              conjoint_revenus_activite_net=1100, conjoint_aah_mensuelle=500, percoit_pension_invalidite=True,
              pi_categorie="categorie_1", pi_montant=600, pi_salaire_reference_annuel=30000)["droits"]["css"]
    assert trace(css, "avant")["ressources_conjoint"] == pytest.approx(18384, abs=0.01)
    assert trace(css, "avant")["ressources"] == pytest.approx(25584, abs=0.01)
    assert trace(css, "avant")["plafond_participation"] == 29309
    assert trace(css, "avant")["niveau"] == 1


def test_css_partner_resources_do_not_count_for_a_single_person(rules):
    css = run(rules, "2025-06-01", percoit_css="gratuite", en_couple=False, conjoint_revenus_activite_net=3000,
              percoit_pension_invalidite=True, pi_categorie="categorie_1", pi_montant=600,
              pi_salaire_reference_annuel=30000)["droits"]["css"]
    assert trace(css)["ressources_conjoint"] == 0
    assert trace(css)["nb_personnes"] == 1


def test_css_asi_deduction_is_43_euros_each_when_both_partners_receive_the_asi(rules):
    css = run(rules, "2025-06-01", percoit_css="gratuite", en_couple=True, percoit_pension_invalidite=True,
              pi_categorie="categorie_2", pi_montant=500, pi_salaire_reference_annuel=30000, percoit_asi=True,
              conjoint_asi_aspa="asi", conjoint_ressources_mensuelles=700)["droits"]["css"]
    # ASI 401,0025 / 2 = 200,50125 € each (see test_minima); counted (200,50125 - 43) x 12 = 1 890,015 €
    # for each partner.
    assert trace(css)["abattement_asi"] == 43
    assert trace(css)["ressources_conjoint"] == pytest.approx(12 * 700 + 1890.015, abs=0.01)


def test_css_change_of_category_after_april_2026_is_a_verifier_even_with_known_resources(rules):
    # Known resources 10 200 € + 150 € gross a month (118,74 € net, 1 424,88 € a year) = 11 624,88 € cross
    # the single free ceiling kept from 2025 (10 339 €), whose 2026 value is unknown.
    css = run(rules, "2026-06-01", percoit_css="gratuite", css_ressources_annuelles_foyer=10200,
              paiement_forme="salaire", paiement_montant=150, paiement_periodicite="par_mois")["droits"]["css"]
    assert trace(css)["niveau"] == 1
    assert css["statut"] == "à vérifier"
    assert any("1er avril 2026" in a["texte"] for a in css["alertes"])


# --- Aides au logement -----------------------------------------------------------------------------

def test_housing_aid_salary_enters_the_rolling_twelve_months(rules):
    # Net taxable 5 904,65 € a year, minus 10 % = 5 314,18 € added to the rolling 12 months.
    logement = run(rules, "2025-06-01", aide_logement_ou_loge_gratuitement=True, percoit_aide_logement=True,
                   **{k: v for k, v in AAH_4_SEANCES.items() if k.startswith("paiement")})["droits"]["aides_logement"]
    assert trace(logement)["variation_ressources"] == pytest.approx(5314.18, abs=0.01)
    assert logement["avant"] is None and logement["statut"] == "à vérifier"
    assert "recalcul trimestriel" in logement["effet"]


def test_housing_aid_micro_income_counts_two_years_later(rules):
    logement = run(rules, "2026-01-15", aide_logement_ou_loge_gratuitement=True, percoit_aide_logement=True,
                   paiement_forme="micro_entrepreneur", paiement_montant=300,
                   paiement_periodicite="par_mois")["droits"]["aides_logement"]
    assert logement["statut"] == "à vérifier"
    assert "deux ans" in logement["effet"]


def test_housing_aid_question_only_when_the_household_has_housing_aid_or_free_housing(rules):
    result = run(rules, "2025-06-01", aide_logement_ou_loge_gratuitement=False, percoit_aide_logement=True)
    assert "aides_logement" not in result["droits"]
