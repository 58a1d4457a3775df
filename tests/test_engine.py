"""The engine on the first rules: pension d'invalidité, AAH and MVA, with figures worked out by hand."""

import json

import pytest

from engine import SituationError, simulate, simulate_json
from engine.parameters import ParameterDateError, value_at
from situations import situation



# --- pension d'invalidité: service-public example (F15973), with the threshold given explicitly ---------

def pension(rules, date="2025-06-01", **answers):
    answers = {"percoit_pension_invalidite": True, "pi_categorie": "categorie_1",
               "pi_montant": 10000 / 12, "pi_salaire_reference_annuel": 30000, **answers}
    return simulate(rules, situation(**answers), date)["droits"]["pension_invalidite"]


def test_pension_earnings_up_to_threshold_combine_in_full(rules):
    # Threshold 30 000 €, pension 10 000 €: 20 000 € of yearly earnings combine in full.
    result = pension(rules, paiement_forme="salaire", paiement_montant=20000, paiement_periodicite="une_fois")
    assert result["avant"] == result["apres"] == pytest.approx(833.33, abs=0.01)
    assert result["statut"] == "inchangé"


def test_pension_loses_half_of_the_excess(rules):
    # 100 € above the threshold costs 50 € of pension over the year.
    result = pension(rules, paiement_forme="salaire", paiement_montant=20100, paiement_periodicite="une_fois")
    trace = {step["etape"]: step["valeur"] for step in result["trace"]["apres"]}
    assert trace["depassement"] == pytest.approx(100)
    assert trace["reduction_annuelle"] == pytest.approx(50)
    assert result["apres"] == pytest.approx((10000 - 50) / 12, abs=0.01)
    assert result["statut"] == "réduit"


def test_pension_existing_earnings_count_with_the_payment(rules):
    result = pension(rules, a_autre_activite=True, autres_revenus_activite_brut=20000 / 12,
                     autres_revenus_activite_net=1300, paiement_forme="salaire", paiement_montant=100)
    assert result["difference"] == pytest.approx(-50 / 12, abs=0.01)


def test_pension_suspended_when_the_reduction_reaches_it(rules):
    result = pension(rules, paiement_forme="salaire", paiement_montant=60000)
    assert result["apres"] == 0
    assert result["statut"] == "suspendu"


def test_pension_unknown_threshold_is_estimated_from_the_pension(rules):
    result = pension(rules, pi_salaire_reference_annuel=None, paiement_forme="salaire", paiement_montant=100)
    trace = {step["etape"]: step["valeur"] for step in result["trace"]["apres"]}
    assert trace["seuil"] == pytest.approx(10000 / 0.3)
    assert any("estimé" in alert["texte"] for alert in result["alertes"])


def test_pension_reimbursed_expenses_do_not_count(rules):
    result = pension(rules, paiement_forme="benevolat_frais_reels", paiement_montant=50000)
    assert result["statut"] == "inchangé"


# --- AAH: 80 % / 40 % deduction around 30 % of the gross monthly SMIC ---------------------------------

# (date, SMIC hourly, AAH full rate) as set by the decrees in rules/parametres.
AAH_DATES = [("2024-06-01", 11.65, 1016.05), ("2025-06-01", 11.88, 1033.32), ("2026-06-15", 12.31, 1041.59)]


def expected_aah(net, smic, full_rate):
    band = 0.3 * smic * 151.67
    counted = 0.2 * min(net, band) + 0.6 * max(0, net - band)
    return round(max(0, full_rate - counted), 2)


@pytest.mark.parametrize("date,smic,full_rate", AAH_DATES)
@pytest.mark.parametrize("net", [0, 100, 300, 520, 540, 545, 560, 600, 1000, 1500, 2500])
def test_aah_deduction_on_both_sides_of_the_band(rules, date, smic, full_rate, net):
    answers = situation(percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=False,
                        a_autre_activite=net > 0, autres_revenus_activite_brut=net * 1.25, autres_revenus_activite_net=net)
    result = simulate(rules, answers, date)["droits"]["aah"]
    assert result["avant"] == pytest.approx(expected_aah(net, smic, full_rate), abs=0.01)


def test_aah_quarterly_payment_reduces_by_a_fifth_of_its_net_below_the_band(rules):
    answers = situation(percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=False,
                        aah_activite_recente=True, paiement_forme="salaire", paiement_montant=150,
                        paiement_periodicite="une_fois", paiement_employeur_public=True)
    result = simulate(rules, answers, "2025-06-01")
    aah = result["droits"]["aah"]
    net = result["paiement"]["assiettes"]["trimestre"]["salaire_net"]
    assert aah["difference"] == pytest.approx(-0.2 * net / 3, abs=0.01)
    assert aah["duree_effet_mois"] == 3
    assert any(step["organisme"] == "caf" for step in aah["demarches"])


def test_aah_new_activity_full_cumul_for_a_one_off_payment(rules):
    answers = situation(percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=False,
                        aah_activite_recente=False, paiement_forme="salaire", paiement_montant=150)
    aah = simulate(rules, answers, "2025-06-01")["droits"]["aah"]
    assert aah["difference"] == 0


def test_aah_rsdae_at_risk_from_half_time(rules):
    answers = situation(percoit_aah=True, aah_taux_incapacite="de_50_a_79", temps_travail_mensuel=80, percoit_mva=False,
                        paiement_forme="salaire", paiement_montant=100, paiement_periodicite="par_mois")
    aah = simulate(rules, answers, "2025-06-01")["droits"]["aah"]
    assert aah["statut"] == "risque"
    assert aah["alertes"][0]["gravite"] == "danger"


# --- MVA: lost with any own professional income -------------------------------------------------------

def test_mva_lost_with_one_euro_of_salary(rules):
    answers = situation(percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=True, percoit_aide_logement=True,
                        paiement_forme="salaire", paiement_montant=1)
    result = simulate(rules, answers, "2025-06-01")
    mva = result["droits"]["mva"]
    assert (mva["avant"], mva["apres"], mva["statut"]) == (104.77, 0, "perdu")
    assert any(a["gravite"] == "danger" and a["droit"] == "mva" for a in result["alertes"])


def test_mva_kept_with_reimbursed_expenses(rules):
    answers = situation(percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=True, percoit_aide_logement=True,
                        paiement_forme="benevolat_frais_reels", paiement_montant=300)
    mva = simulate(rules, answers, "2025-06-01")["droits"]["mva"]
    assert mva["statut"] == "inchangé" and mva["apres"] == 104.77


# --- dated parameters ---------------------------------------------------------------------------------

@pytest.mark.parametrize("parameter,day_before,day_of,before,after", [
    ("smic.horaire_brut", "2024-10-31", "2024-11-01", 11.65, 11.88),
    ("aah.montant", "2025-03-31", "2025-04-01", 1016.05, 1033.32),
    ("pension_invalidite.plafond_salaire_reference_part_pss", "2023-07-29", "2023-07-30", 1, 1.5),
])
def test_parameter_value_the_day_before_and_the_day_of_a_change(rules, parameter, day_before, day_of, before, after):
    assert value_at(parameter, rules["parametres"][parameter], day_before)[0] == before
    assert value_at(parameter, rules["parametres"][parameter], day_of)[0] == after


def test_aah_full_rate_changes_on_the_day_of_the_revaluation(rules):
    answers = situation(percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=False)
    assert simulate(rules, answers, "2025-03-31")["droits"]["aah"]["avant"] == 1016.05
    assert simulate(rules, answers, "2025-04-01")["droits"]["aah"]["avant"] == 1033.32


def test_date_before_the_first_value_is_an_explicit_error(rules):
    with pytest.raises(ParameterDateError, match="pas de valeur avant"):
        value_at("aah.montant", rules["parametres"]["aah.montant"], "1999-12-31")
    with pytest.raises(SituationError) as error:
        simulate(rules, situation(), "2001-01-01")
    assert error.value.errors[0]["champ"] == "date"


# --- input checking -----------------------------------------------------------------------------------

def test_every_invalid_field_is_named(rules):
    bad = situation(paiement_montant="beaucoup", paiement_nombre=0, paiement_periodicite="souvent",
                    champ_inexistant=1, percoit_aah="peut-être")
    with pytest.raises(SituationError) as error:
        simulate(rules, bad, "2025-06-01")
    fields = {e["champ"]: e["message"] for e in error.value.errors}
    assert set(fields) == {"paiement_montant", "paiement_nombre", "paiement_periodicite", "champ_inexistant", "percoit_aah"}
    assert "nombre" in fields["paiement_montant"]
    assert "au moins 1" in fields["paiement_nombre"]
    assert "champ inconnu" in fields["champ_inexistant"]


def test_missing_answer_without_default_is_required(rules):
    answers = situation()
    del answers["percoit_aah"]
    with pytest.raises(SituationError) as error:
        simulate(rules, answers, "2025-06-01")
    assert error.value.errors == [{"champ": "percoit_aah", "code": "obligatoire", "message": "réponse obligatoire"}]


def test_unknown_answers_use_the_documented_default(rules):
    answers = situation(percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=False, nb_enfants=None)
    result = simulate(rules, answers, "2025-06-01")
    assert any(h["champ"] == "nb_enfants" and h["explication"] for h in result["hypotheses"])


def test_french_decimal_comma_is_accepted(rules):
    result = simulate(rules, situation(paiement_forme="salaire", paiement_montant="150,50"), "2025-06-01")
    assert result["paiement"]["brut_annuel"] == 150.5


def test_json_entry_point_never_raises(rules):
    assert json.loads(simulate_json(rules, "pas du json"))["ok"] is False
    assert json.loads(simulate_json(rules, json.dumps({"situation": [], "date": "2025-01-01"})))["ok"] is False
    answer = json.loads(simulate_json(rules, json.dumps({"situation": situation(), "date": "2025-13-45"})))
    assert answer["ok"] is False
    answer = json.loads(simulate_json(rules, json.dumps({"situation": situation(), "date": "2025-06-01"})))
    assert answer["ok"] is True


def test_without_traces_and_letters_the_result_is_the_same_but_those(rules):
    """"traces": false and "lettres": false (the page's request; it asks for the steps and a letter's
    text when they are opened) leave out the calculation steps and the letters' text only: every other
    figure and text is the full result's, and the same letters are named, on every worked case."""
    named = ("organisme", "nom", "modele", "titre")
    for case_id, case in rules["cas"].items():
        request = {"situation": case["situation"], "date": case["date"]}
        full = json.loads(simulate_json(rules, json.dumps(request)))["resultat"]
        lean = json.loads(simulate_json(rules, json.dumps({**request, "traces": False, "lettres": False})))["resultat"]
        assert any(right["trace"]["apres"] for right in full["droits"].values()), case_id
        assert lean["courriers"] == [{key: letter[key] for key in named} for letter in full["courriers"]], case_id
        for result in (full, lean):
            steps = [result["droits"][right_id].pop("trace") for right_id in result["droits"]]
            result.pop("courriers")
        assert all(trace == {"avant": [], "apres": []} for trace in steps), case_id
        assert lean == full, case_id
    for key in ("traces", "lettres", "pertinence"):
        wrong = json.loads(simulate_json(rules, json.dumps({"situation": situation(), "date": "2025-06-01", key: "non"})))
        assert wrong["ok"] is False and wrong["erreurs"][0]["champ"] == key


def test_the_relevance_comes_with_the_result_when_asked(rules):
    """"pertinence": true (the page's request: one message per change) adds the relevance of the questions,
    the same as the action "pertinence", to an accepted result and to refused answers alike."""
    for answers in (situation(), {"percoit_aah": True}, {"paiement_montant": "beaucoup"}):
        alone = json.loads(simulate_json(rules, json.dumps({"action": "pertinence", "situation": answers})))["pertinence"]
        both = json.loads(simulate_json(rules, json.dumps({"situation": answers, "date": "2025-06-01", "pertinence": True})))
        assert both["pertinence"] == alone
        assert both["ok"] is (answers == situation()), both.get("erreurs")
    bad_date = json.loads(simulate_json(rules, json.dumps({"situation": situation(), "date": "1990-01-01", "pertinence": True})))
    assert bad_date["ok"] is False and bad_date["erreurs"][0]["champ"] == "date" and "pertinence" in bad_date
    assert "pertinence" not in json.loads(simulate_json(rules, json.dumps({"situation": situation(), "date": "2025-06-01"})))


def test_result_shape(rules):
    answers = situation(percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=True, percoit_aide_logement=True,
                        paiement_forme="salaire", paiement_montant=100, paiement_periodicite="par_mois")
    result = simulate(rules, answers, "2026-01-15")
    assert result["date"] == "2026-01-15"
    assert set(result) >= {"date", "droits", "gain_mensuel", "alertes", "demarches"}
    for right_id, right in result["droits"].items():
        assert set(right) >= {"avant", "apres", "difference", "avant_min", "avant_max", "apres_min", "apres_max",
                              "statut", "effet", "alertes", "demarches", "trace"}
        # Every amount has its range; the ends differ only when something unknown moves it.
        if right["apres"] is None:
            assert right["apres_min"] is right["apres_max"] is None, right_id
        else:
            assert right["apres_min"] <= right["apres"] <= right["apres_max"], right_id
            assert right["avant_min"] <= right["avant"] <= right["avant_max"], right_id
        assert right["statut"] in {"inchangé", "augmenté", "réduit", "suspendu", "perdu", "risque", "à vérifier"}
    json.dumps(result)


def test_gain_counts_net_pay_and_benefit_changes(rules):
    answers = situation(percoit_aah=True, aah_taux_incapacite="au_moins_80", percoit_mva=True,
                        aah_activite_recente=True, paiement_forme="salaire", paiement_montant=100,
                        paiement_periodicite="par_mois")
    result = simulate(rules, answers, "2025-06-01")
    # Each right counts for the months of the first year its changed amount is paid (the calendar).
    months = {line["droit"]: line["mois_changes_12_mois"] for line in result["calendrier"]["droits"]}
    assert months["aah"] < 12 and months["mva"] < 12  # both change a quarter after the first payment
    expected = result["paiement"]["net_mensuel"] + sum(r["difference"] * months.get(rid, 0) / 12
                                                       for rid, r in result["droits"].items() if r["difference"] is not None)
    assert result["gain_mensuel"] == pytest.approx(expected, abs=0.02)


def test_relevance_hides_questions_that_do_not_apply(rules):
    from engine import relevance

    shown = relevance(rules["questions"], {"percoit_aah": False, "paiement_forme": "salaire"})
    assert shown["percoit_aah"] and not shown["aah_taux_incapacite"] and shown["paiement_employeur_public"]
    shown = relevance(rules["questions"], {"percoit_aah": "oui", "aah_taux_incapacite": "de_50_a_79"})
    assert shown["aah_taux_incapacite"] and shown["temps_travail_mensuel"]


def test_report_states_a_range_with_both_ends(rules):
    from engine.report import render_report

    answers = situation(percoit_pension_invalidite=True, pi_categorie="categorie_2", pi_montant=1000,
                        paiement_forme="salaire", paiement_montant=1250, paiement_periodicite="par_mois")
    text = render_report(simulate(rules, answers, "2026-06-01"), rules).replace("\u202f", " ").replace("\xa0", " ")
    assert "après entre 875,00 € et 1 000,00 € / mois" in text
