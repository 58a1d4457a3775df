"""The month-by-month calendar (result["calendrier"], engine/schedule.py): the headline is its average,
and each right named in issue 11 changes in the month its rule says, for a one-off and a monthly payment."""

from fractions import Fraction

import pytest

from engine import simulate
from engine.schedule import declaration_months, month_id, payment_months
from situations import run

AAH = {"percoit_aah": True, "aah_taux_incapacite": "au_moins_80", "percoit_mva": False, "aah_activite_recente": True,
       "paiement_forme": "salaire", "paiement_montant": 200, "paiement_nombre": 1, "paiement_employeur_public": False}
MVA = {**AAH, "percoit_mva": True, "percoit_aide_logement": True}
ARE = {"percoit_are": True, "are_montant_mensuel": 1100, "are_salaire_reference_mensuel": 1900,
       "paiement_forme": "salaire", "paiement_montant": 200, "paiement_nombre": 2, "paiement_employeur_public": True}


def _case(rules, case_id, **changes):
    case = rules["cas"][case_id]
    return simulate(rules, {**case["situation"], **changes}, case["date"])


def _line(result, right_id):
    return next(line for line in result["calendrier"]["droits"] if line["droit"] == right_id)


def _first_year_gain(calendar):
    """The exact average of the first 12 months, with the payment minus without (in cents, as a fraction)."""
    return Fraction(sum(round(m["total"] * 100) - round(m["total_sans_paiement"] * 100) for m in calendar["mois"][:12]), 1200)


def test_headline_is_the_calendar_average_on_every_worked_case(rules):
    for case_id, case in rules["cas"].items():
        result = simulate(rules, case["situation"], case["date"])
        calendar = result["calendrier"]
        assert calendar["mois"][0]["mois"] == case["date"][:7], case_id
        for month in calendar["mois"]:
            # Each month's total is the payment plus each right, with and without the payment.
            assert month["total"] == pytest.approx(month["paiement_net"] + sum(month["droits"].values()), abs=0.011), case_id
        gain = _first_year_gain(calendar)
        # The headline is that average, to the cent.
        assert abs(Fraction(result["gain_mensuel"]) - gain) <= Fraction(1, 200) + Fraction(1, 10**9), case_id
        assert result["ressources"]["gain_mensuel"] == result["gain_mensuel"], case_id
        assert result["gain_annuel"] == pytest.approx(result["gain_mensuel"] * 12, abs=0.01), case_id
        # The table's lines (each right's average, then the payment) add up to the same figure.
        assert sum(line["difference"] for line in result["ressources"]["lignes"]) == pytest.approx(float(gain), abs=0.03), case_id


def test_aah_changes_the_quarter_after_a_one_off_payment_for_three_months(rules):
    result = run(rules, "2026-05-01", **AAH, paiement_periodicite="une_fois")
    line = _line(result, "aah")
    assert line["premier_mois"] == "2026-07"  # May -> the next calendar quarter begins in July
    assert line["mois_changes"] == ["2026-07", "2026-08", "2026-09"]
    assert "À vérifier auprès de : Caisse d'allocations familiales" in line["a_verifier"]
    months = result["calendrier"]["mois"]
    assert months[0]["droits"]["aah"] == result["droits"]["aah"]["avant"]
    assert months[2]["droits"]["aah"] == result["droits"]["aah"]["apres"] < result["droits"]["aah"]["avant"]
    assert months[5]["droits"]["aah"] == result["droits"]["aah"]["avant"]
    assert result["calendrier"]["horizon_mois"] == 12


def test_aah_with_a_monthly_payment_changes_from_the_next_quarter_on(rules):
    result = run(rules, "2026-05-01", **AAH, paiement_periodicite="par_mois")
    assert _line(result, "aah")["mois_changes_12_mois"] == 10  # July 2026 to April 2027


def test_aah_full_cumul_of_a_new_activity_delays_the_change_by_six_months(rules):
    new = {**AAH, "aah_activite_recente": False, "a_autre_activite": False}
    monthly = _line(run(rules, "2026-05-01", **new, paiement_periodicite="par_mois"), "aah")
    assert monthly["premier_mois"] == "2027-01"  # 6 months of full cumul, then the quarter after
    assert monthly["mois_changes_12_mois"] == 4
    one_off = run(rules, "2026-05-01", **new, paiement_periodicite="une_fois")
    assert "aah" not in [line["droit"] for line in one_off["calendrier"]["droits"] if line["mois_changes"]]


def test_mva_is_lost_from_the_next_quarterly_review(rules):
    one_off = _line(run(rules, "2026-11-01", **MVA, paiement_periodicite="une_fois"), "mva")
    assert one_off["mois_changes"] == ["2027-01", "2027-02", "2027-03"]
    assert one_off["apres"] == 0
    monthly = _line(run(rules, "2026-11-01", **MVA, paiement_periodicite="par_mois"), "mva")
    assert monthly["premier_mois"] == "2027-01" and monthly["mois_changes_12_mois"] == 10


def test_prime_activite_follows_the_quarterly_review_of_the_months_m4_to_m2(rules):
    # Hugo: the prime falls. Cautious reading of a fall: the earliest review, 2 months after the payment.
    one_off = _line(_case(rules, "hugo-salarie-prime-activite-baisse", paiement_periodicite="une_fois"), "prime_activite")
    assert one_off["mois_changes"] == ["2026-09", "2026-10", "2026-11"]
    monthly = _line(_case(rules, "hugo-salarie-prime-activite-baisse"), "prime_activite")
    assert monthly["premier_mois"] == "2026-09" and monthly["mois_changes_12_mois"] == 10
    # Amina: the payment opens the prime, asked the month of the first payment: first paid at the first review.
    opened = _line(_case(rules, "amina-rsa-parent-prime-activite"), "prime_activite")
    assert opened["premier_mois"] == "2026-10"
    assert _line(_case(rules, "amina-rsa-parent-prime-activite"), "rsa")["premier_mois"] == "2026-09"


def test_pension_counts_a_one_off_payment_for_a_rolling_year_over_24_months(rules):
    result = _case(rules, "isabelle-pension-seuil-depasse", paiement_periodicite="une_fois", paiement_montant=1500)
    calendar = result["calendrier"]
    line = _line(result, "pension_invalidite")
    assert calendar["horizon_mois"] == 24 and len(calendar["mois"]) == 24
    assert line["premier_mois"] == "2026-09"  # the first quarterly check that sees it, 2 months after at the earliest
    assert len(line["mois_changes"]) == 12 and line["mois_changes_12_mois"] == 10
    difference = result["droits"]["pension_invalidite"]["difference"]
    assert calendar["apres_12_mois"]["difference_totale"] == pytest.approx(2 * difference, abs=0.02)
    assert "Après les 12 premiers mois" in calendar["apres_12_mois"]["texte"]
    monthly = _case(rules, "isabelle-pension-seuil-depasse")
    assert monthly["calendrier"]["horizon_mois"] == 12
    assert _line(monthly, "pension_invalidite")["mois_changes_12_mois"] == 10
    assert monthly["calendrier"]["apres_12_mois"] is None


def test_are_changes_in_the_month_of_the_pay(rules):
    one_off = run(rules, "2026-07-01", **ARE, paiement_periodicite="une_fois")
    assert _line(one_off, "are")["mois_changes"] == ["2026-07"]
    first = one_off["calendrier"]["mois"][0]
    assert first["droits"]["are"] == one_off["droits"]["are"]["apres"] < one_off["droits"]["are"]["avant"]
    assert [d["organisme"] for d in first["declarations"]].count("france_travail") >= 1
    monthly = run(rules, "2026-07-01", **ARE, paiement_periodicite="par_mois")
    assert _line(monthly, "are")["mois_changes_12_mois"] == 12
    # The monthly actualisation falls in every month with a payment.
    assert all(any(d["organisme"] == "france_travail" for d in m["declarations"]) for m in monthly["calendrier"]["mois"])


def test_declarations_fall_in_their_months(rules):
    result = run(rules, "2026-05-01", **AAH, paiement_periodicite="une_fois")
    calendar = result["calendrier"]
    by_month = {m["mois"]: [d["organisme"] for d in m["declarations"]] for m in calendar["mois"]}
    assert "caf" in by_month["2026-07"]  # the quarterly declaration of the quarter of the payment
    assert "caf" not in by_month["2026-05"] and "caf" not in by_month["2026-10"]
    # The income tax return of the next spring falls after the 12 months: said with its month.
    assert any(d["organisme"] == "impots" and d["mois"] == "2027-05" for d in calendar["declarations_plus_tard"])


def test_declaration_months_by_kind():
    assert declaration_months("chaque_paiement", "2026-02-01", [0, 1], 12) == [0, 1]
    assert declaration_months("chaque_trimestre", "2026-02-01", [0, 1, 2], 12) == [2, 5]  # April, July
    assert declaration_months("trimestres_pendant_un_an", "2026-03-01", [0], 24) == [1, 4, 7, 10]
    assert declaration_months("annee_suivante", "2026-12-01", [0], 12) == [5]  # May 2027
    assert declaration_months("premier_paiement", "2026-12-01", [0], 12) == [0]
    assert declaration_months("sans_date", "2026-12-01", [0], 12) is None


def test_payments_fall_in_their_months():
    assert payment_months("une_fois", 3, 300, 12) == [300] + [0] * 11
    assert payment_months("par_mois", 2, 1200, 12) == [100] * 12
    assert [i for i, v in enumerate(payment_months("par_an", 4, 400, 12)) if v] == [0, 3, 6, 9]
    assert sum(payment_months("par_an", 4, 400, 24)) == pytest.approx(800)
    assert month_id("2026-11-15", 2) == "2027-01"
