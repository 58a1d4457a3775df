"""Dates past the last known values: a notice naming the parameters after their next revaluation,
a hard limit refused in French on the date field, and a maximum on the form's date field."""

import re

import pytest

from engine import SituationError, simulate
from engine.parameters import form_max, hard_limit, unknown_from
from situations import situation

NOTICE = "ne sont pas encore connus"


def notices(rules, date, **answers):
    result = simulate(rules, situation(**answers), date)
    return [a for a in result["alertes"] if NOTICE in a["texte"]], result


def aah_answers():
    return {"percoit_aah": True, "aah_taux_incapacite": "au_moins_80", "percoit_mva": False}


def test_unknown_from_is_the_next_revaluation_after_the_last_value(rules):
    aah = rules["parametres"]["aah.montant"]
    last = aah["valeurs"][-1]["depuis"]
    assert aah["revalorisation"] == {"chaque": "an", "le": "04-01"}
    assert unknown_from(aah) == f"{int(last[:4]) + 1}-04-01"
    assert unknown_from(rules["parametres"]["mva.montant"]) is None  # no rhythm: today's behaviour


def test_no_notice_the_day_before_the_next_revaluation(rules):
    day_of = unknown_from(rules["parametres"]["aah.montant"])
    before = f"{day_of[:4]}-03-31"
    found, _ = notices(rules, before, **aah_answers())
    assert not [a for a in found if "AAH" in a["texte"]]


def test_notice_from_the_day_of_the_next_revaluation_names_the_parameter(rules):
    aah = rules["parametres"]["aah.montant"]
    day_of = unknown_from(aah)
    found, result = notices(rules, day_of, **aah_answers())
    text = next(a["texte"] for a in found if aah["libelle"] in a["texte"])
    assert text.startswith(f"Les montants à partir du 1er avril {day_of[:4]} ne sont pas encore connus : "
                           f"le calcul reprend ceux du 1er avril {int(day_of[:4]) - 1}")
    assert all(a["gravite"] == "attention" and a["droit"] is None for a in found)
    assert result["alertes"][:len(found)] == found  # at the top of the alerts
    # The value used is still the last known one.
    assert result["droits"]["aah"]["avant"] == aah["valeurs"][-1]["valeur"]


def test_smic_and_pass_notice_from_the_first_of_january(rules):
    day_of = unknown_from(rules["parametres"]["smic.horaire_brut"])
    assert day_of.endswith("-01-01")
    found, _ = notices(rules, day_of, **aah_answers())
    assert any(rules["parametres"]["smic.horaire_brut"]["libelle"] in a["texte"] for a in found)
    previous = f"{int(day_of[:4]) - 1}-12-31"
    found, _ = notices(rules, previous, **aah_answers())
    assert not any(rules["parametres"]["smic.horaire_brut"]["libelle"] in a["texte"] for a in found)


@pytest.mark.parametrize("date", ["9999-12-31", "NEXT_DAY"])
def test_date_beyond_the_hard_limit_is_refused_in_french(rules, date):
    limit = hard_limit(rules)
    if date == "NEXT_DAY":
        date = f"{int(limit[:4]) + 1}{limit[4:]}"
    with pytest.raises(SituationError) as error:
        simulate(rules, situation(**aah_answers()), date)
    assert error.value.errors[0]["champ"] == "date"
    assert "date trop lointaine" in error.value.errors[0]["message"]
    simulate(rules, situation(**aah_answers()), limit)  # the limit itself is computed


def test_form_date_field_has_a_max_within_the_hard_limit(rules):
    from build_scripts.simulator_page import render

    html = render(rules)
    field = re.search(r'<input type="date" id="f-date"[^>]*>', html).group(0)
    assert f'max="{form_max(rules)}"' in field
    assert rules["date_min"] < form_max(rules) <= hard_limit(rules)
