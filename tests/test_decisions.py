"""The decision aids of issue 11: which payment form is best (comparaison_formes) and how much before it
costs something (seuils). Each reported threshold is checked against full simulations (engine.simulate,
not the search's own code): one euro below it nothing changes, at it the right named changes."""

import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import SituationError, simulate, simulate_json
from engine.compare import compare_forms
from engine.simulate import Simulator
from engine.thresholds import CLIFF_EUROS, thresholds
from test_engine_properties import valid_answer

AMOUNT = "paiement_montant"


def case(rules, name):
    entry = rules["cas"][name]
    return dict(entry["situation"]), entry["date"]


class Amounts:
    """Full simulations of a situation at whole amounts per session, cached."""

    def __init__(self, rules, situation, date):
        self.rules, self.situation, self.date, self.cache = rules, situation, date, {}

    def __call__(self, value):
        if value not in self.cache:
            self.cache[value] = simulate(self.rules, {**self.situation, AMOUNT: value}, self.date)
        return self.cache[value]

    def state(self, value, rid):
        right = self(value)["droits"][rid]
        return right["apres"], right["statut"]

    def step(self, value, rid, name):
        return next(s["valeur"] for s in self(value)["droits"][rid]["trace"]["apres"] if s["etape"] == name)

    def first(self, holds, high):
        """The first whole amount in [0, high] where `holds(amount)` (monotone), by bisection."""
        low = 0
        if holds(0):
            return 0
        while high - low > 1:
            mid = (low + high) // 2
            low, high = (low, mid) if holds(mid) else (mid, high)
        return high


def _differs(a, b):
    return (a is None) != (b is None) or (a is not None and abs(a - b) >= 0.005)


def check_every_threshold(rules, situation, date):
    """At each reported amount the right named changes (falls, is lost); one euro below, it does not."""
    answer = thresholds(rules, situation, date)
    at = Amounts(rules, situation, date)
    base = {rid: at.state(0, rid) for rid in at(0)["droits"]}

    def changed(value, rid):
        amount, status = at.state(value, rid)
        return _differs(amount, base[rid][0]) or status != base[rid][1]

    def fell(value, rid):
        amount = at.state(value, rid)[0]
        return amount is not None and amount < base[rid][0] - 0.005

    def lost(value, rid):
        amount, status = at.state(value, rid)
        return ((base[rid][0] or 0) > 0.005 and amount is not None and amount < 0.005) or (
            status in ("perdu", "suspendu") and base[rid][1] not in ("perdu", "suspendu"))

    checks = {"change_a_partir_de": changed, "baisse_a_partir_de": fell, "perdu_a_partir_de": lost}
    for rid, right in answer["droits"].items():
        for key, holds in checks.items():
            if right[key] is not None:
                value = int(right[key]["par_seance"])
                assert holds(value, rid), (rid, key, value)
                assert value == 0 or not holds(value - 1, rid), (rid, key, value)
    free = int(answer["sans_effet_jusqu_a"]["par_seance"])
    assert not any(changed(free, rid) for rid in base)
    if answer["premier_droit_touche"]:
        assert changed(free + 1, answer["premier_droit_touche"])
    for cliff in answer["falaises"]:
        value = int(cliff["montant"]["par_seance"])
        step = at(value)["gain_mensuel"] - at(value - 1)["gain_mensuel"]
        if cliff["perte_mensuelle"] is not None:
            assert step <= -CLIFF_EUROS and cliff["perte_mensuelle"] == pytest.approx(-step, abs=0.011)
        elif cliff["sens"] == "hausse":
            assert step >= CLIFF_EUROS + at(value + 1)["gain_mensuel"] - at(value)["gain_mensuel"]
        for rid in cliff["droits"]:
            assert at.state(value, rid) != at.state(value - 1, rid), (rid, value)
    return answer, at


@pytest.mark.parametrize("name", ["julien-aah-80-mva-150-euros-une-fois", "elodie-prime-activite-ouverte-aah",
                                  "isabelle-pension-seuil-depasse", "hugo-salarie-prime-activite-baisse",
                                  "sylvie-pension-cat1-et-rsa", "paul-css-famille-pres-du-plafond"])
def test_each_threshold_of_a_worked_case_holds_to_the_euro(rules, name):
    check_every_threshold(rules, *case(rules, name))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_each_threshold_of_a_random_situation_holds_to_the_euro(rules, data):
    situation = {q["id"]: data.draw(valid_answer(q)) for q in rules["questions"]}
    situation[AMOUNT] = data.draw(st.integers(0, 2000))
    date = data.draw(st.dates(datetime.date(2024, 1, 1), datetime.date(2026, 12, 31))).isoformat()
    try:
        simulate(rules, situation, date)
    except SituationError:
        return
    check_every_threshold(rules, situation, date)


def test_the_mva_is_lost_from_the_first_euro_of_earned_income(rules):
    answer, _ = check_every_threshold(rules, *case(rules, "julien-aah-80-mva-150-euros-une-fois"))
    assert answer["droits"]["mva"]["perdu_a_partir_de"]["par_seance"] == 1
    cliff = answer["falaises"][0]
    assert cliff["montant"]["par_seance"] == 1 and "mva" in cliff["droits"] and cliff["perte_mensuelle"] > 0
    assert answer["sans_effet_jusqu_a"]["par_seance"] == 0


def test_the_aah_counts_as_earned_income_for_the_prime_from_29_smic_hours(rules):
    situation, date = case(rules, "elodie-prime-activite-ouverte-aah")
    answer, at = check_every_threshold(rules, situation, date)
    line = at.first(lambda v: at.step(v, "prime_activite", "aah_comptee_comme_activite"), 300)  # the AAH ends near 438 €
    assert not at.step(line - 1, "prime_activite", "aah_comptee_comme_activite")
    cliff = next(c for c in answer["falaises"] if c["montant"]["par_seance"] == line)
    assert "prime_activite" in cliff["droits"]
    # Her own 80 € are within 10 % of this line: said first, before anything else.
    assert list(answer)[0] == "proximite"
    assert answer["proximite"]["position"] == "au-dessus" and answer["proximite"]["falaise"] == line
    assert answer["proximite"]["texte"].startswith("Vous êtes juste au-dessus d'un seuil")


def test_the_pension_starts_to_drop_where_pension_and_earnings_pass_the_threshold(rules):
    situation, date = case(rules, "isabelle-pension-seuil-depasse")
    answer, at = check_every_threshold(rules, situation, date)
    line = at.first(lambda v: at.step(v, "pension_invalidite", "depassement") > 0, 5000)
    assert answer["droits"]["pension_invalidite"]["baisse_a_partir_de"]["par_seance"] == line


def test_the_css_ceiling_is_a_cliff(rules):
    situation, _ = case(rules, "paul-css-famille-pres-du-plafond")
    situation["css_ressources_annuelles_foyer"] = 20000
    date = "2025-06-01"
    answer, at = check_every_threshold(rules, situation, date)
    line = at.first(lambda v: at.step(v, "css", "niveau") > at.step(0, "css", "niveau"), 5000)
    assert at(line)["droits"]["css"]["statut"] == "risque"
    cliff = next(c for c in answer["falaises"] if c["montant"]["par_seance"] == line)
    assert "css" in cliff["droits"] and cliff["perte_mensuelle"] is None
    assert answer["droits"]["css"]["change_a_partir_de"]["par_seance"] == line


def test_just_below_a_cliff_is_said_first(rules):
    situation, date = case(rules, "hugo-salarie-prime-activite-baisse")
    cliff = next(c for c in thresholds(rules, situation, date)["falaises"] if c["sens"] == "baisse")
    at = cliff["montant"]["par_seance"]
    below = thresholds(rules, {**situation, AMOUNT: round(at * 0.95)}, date)
    assert list(below)[0] == "proximite" and below["proximite"]["position"] == "au-dessous"
    assert below["proximite"]["texte"].startswith("Vous êtes juste au-dessous d'un seuil")
    far = thresholds(rules, {**situation, AMOUNT: round(at * 0.5)}, date)
    assert far["proximite"] is None


def test_the_rsdae_half_time_line_is_found_over_the_hours_worked(rules):
    situation, date = case(rules, "camille-aah-rsdae-mi-temps")
    situation["temps_travail_mensuel"] = 70
    answer = thresholds(rules, situation, date)
    hours = next(o for o in answer["autres_seuils"] if o["question"] == "temps_travail_mensuel")
    cliff = next(c for c in hours["falaises"] if "aah" in c["droits"])
    line = cliff["valeur"]
    status = {h: simulate(rules, {**situation, "temps_travail_mensuel": h}, date)["droits"]["aah"]["statut"] for h in (line - 1, line)}
    assert status[line] == "risque" != status[line - 1]
    assert line - 1 < rules["parametres"]["smic.heures_mensuelles"]["valeurs"][-1]["valeur"] / 2 <= line
    assert list(answer)[0] == "proximite" and answer["proximite"]["position"] == "au-dessous"


def test_the_activity_itself_is_told_apart_from_the_amount(rules):
    situation, date = case(rules, "camille-aah-rsdae-mi-temps")
    answer = thresholds(rules, situation, date)
    assert "aah" in [item["droit"] for item in answer["sans_lien_avec_le_montant"]]


# ----- comparaison_formes ---------------------------------------------------------------------------

def test_forms_are_ranked_by_real_gain_and_unfit_ones_come_after_with_why(rules):
    situation, date = case(rules, "nadia-pension-cat2-aah-4-seances-etp")
    situation.update(engagement_type="etp", paiement_payeur="public")
    answer = compare_forms(rules, situation, date)
    forms = answer["formes"]
    assert {f["forme"] for f in forms} == set(rules["formes"])
    fitting = [f for f in forms if f["convient"]]
    assert forms[:len(fitting)] == fitting  # the forms that fit come first
    gains = [f["gain_mensuel"] for f in fitting]
    assert gains == sorted(gains, reverse=True) and [f["rang"] for f in fitting] == list(range(1, len(fitting) + 1))
    unfit = {f["forme"]: f for f in forms if not f["convient"]}
    assert {"indemnite_formation_ru", "cheque_emploi_associatif", "droits_auteur"} <= set(unfit)
    assert "représentants des usagers" in unfit["indemnite_formation_ru"]["pourquoi"][0]["texte"]
    assert unfit["indemnite_formation_ru"]["pourquoi"][0]["source"]["url"].startswith("https://")
    assert [f["forme"] for f in forms if f["choisie"]] == ["salaire"]
    assert answer["meilleure"] == fitting[0]["forme"]
    # Each figure is the simulation of that form.
    for form in forms:
        result = simulate(rules, {**situation, "paiement_forme": form["forme"]}, date)
        assert form["gain_mensuel"] == result["gain_mensuel"]
        stopped = {rid for rid, r in result["droits"].items() if r["statut"] in ("perdu", "suspendu")}
        assert {r["droit"] for r in form["droits_arretes"]} == stopped
        assert {o["id"] for o in form["organismes"]} == set(result["organismes"])


def test_without_the_kind_of_engagement_no_form_is_greyed(rules):
    situation, date = case(rules, "nadia-pension-cat2-aah-4-seances-etp")
    answer = compare_forms(rules, situation, date)
    assert all(f["convient"] for f in answer["formes"])
    teaching = compare_forms(rules, {**situation, "engagement_type": "enseignement"}, date)
    authors = next(f for f in teaching["formes"] if f["forme"] == "droits_auteur")
    assert authors["convient"] and authors["a_verifier"]


def test_answers_only_one_form_asks_take_their_default_and_are_listed(rules):
    situation, date = case(rules, "nadia-pension-cat2-aah-4-seances-etp")
    micro = next(f for f in compare_forms(rules, situation, date)["formes"] if f["forme"] == "micro_entrepreneur")
    assert "micro_versement_liberatoire" in [h["champ"] for h in micro["hypotheses"]]


# ----- the shared scenario, the JSON API ----------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_lean_runs_give_the_amounts_and_statuses_of_the_full_simulation(rules, data):
    situation = {q["id"]: data.draw(valid_answer(q)) for q in rules["questions"]}
    date = data.draw(st.dates(datetime.date(2024, 1, 1), datetime.date(2026, 12, 31))).isoformat()
    try:
        full = simulate(rules, situation, date)
    except SituationError:
        return
    simulator = Simulator(rules, date)
    simulator.run({**situation, AMOUNT: 3})  # another amount first: the scenario without payment is reused
    lean = simulator.run(situation, trace=False, texts=False)
    assert lean["gain_mensuel"] == full["gain_mensuel"]
    assert {rid: (r["apres"], r["statut"]) for rid, r in lean["droits"].items()} == {
        rid: (r["apres"], r["statut"]) for rid, r in full["droits"].items()}


def test_json_actions_answer_under_their_key_and_never_raise(rules):
    situation, date = case(rules, "julien-aah-80-mva-150-euros-une-fois")
    for action, key in (("comparer", "comparaison_formes"), ("seuils", "seuils")):
        answer = json.loads(simulate_json(rules, json.dumps({"action": action, "situation": situation, "date": date})))
        assert answer["ok"] and key in answer
        for bad in ({"situation": [1], "date": date}, {"situation": situation, "date": "hier"},
                    {"situation": {**situation, AMOUNT: -4}, "date": date}):
            failed = json.loads(simulate_json(rules, json.dumps({"action": action, **bad})))
            assert not failed["ok"] and all(e["code"] != "interne" for e in failed["erreurs"])
    unknown = json.loads(simulate_json(rules, json.dumps({"action": "deviner", "situation": situation, "date": date})))
    assert not unknown["ok"] and unknown["erreurs"][0]["champ"] == "action"


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_hostile_requests_to_the_decision_aids_are_never_internal_errors(rules, data):
    from test_engine_properties import ANYTHING

    situation = {q["id"]: data.draw(ANYTHING) for q in rules["questions"] if data.draw(st.booleans())}
    date = data.draw(st.one_of(st.sampled_from(["2025-06-01", "2024-02-30", "hier"]), ANYTHING))
    for action in ("comparer", "seuils"):
        answer = json.loads(simulate_json(rules, json.dumps({"action": action, "situation": situation, "date": date})))
        assert answer["ok"] or all(e["code"] != "interne" for e in answer["erreurs"]), answer
