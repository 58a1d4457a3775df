"""Property tests: whatever the answers, the engine answers in JSON and never crashes."""

import datetime
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from engine import SituationError, relevance, simulate, simulate_json
from engine.vocabulary import ERROR_CODES

ANY_VALUE = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                      st.text(max_size=8), st.sampled_from(["oui", "non", "12,5", "salaire", "par_mois"]))


def valid_answer(question):
    kind = question["type"]
    if kind == "booleen":
        return st.booleans()
    if kind == "choix":
        return st.sampled_from([c["valeur"] for c in question["choix"]])
    low, high = question.get("min", 0), min(question.get("max", 10**5), 10**5)
    if kind == "entier":
        return st.integers(int(low), int(high))
    return st.floats(low, high, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_answers_give_json_never_an_exception(rules, data):
    situation = {q["id"]: data.draw(ANY_VALUE) for q in rules["questions"] if data.draw(st.booleans())}
    date = data.draw(st.sampled_from(["2024-02-29", "2025-06-01", "2026-12-31", "1990-01-01", "n'importe"]))
    answer = json.loads(simulate_json(rules, json.dumps({"situation": situation, "date": date})))
    if answer["ok"]:
        assert set(answer["resultat"]["droits"]) <= set(rules["droits"])
        return
    # Every error names a question (or the date, or the situation) with a known code, and none is
    # an internal error: a bug of the engine must fail this test, not hide as a message.
    fields = {q["id"] for q in rules["questions"]} | {"date", "situation"}
    for error in answer["erreurs"]:
        assert error["code"] != "interne", error["message"]
        assert error["code"] in ERROR_CODES and error["message"], error
        assert error["champ"] in fields or (error["code"] == "inconnu" and error["champ"] not in fields), error


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_valid_answers_give_consistent_results(rules, data):
    situation = {q["id"]: data.draw(valid_answer(q)) for q in rules["questions"]}
    date = data.draw(st.dates(datetime.date(2023, 1, 1), datetime.date(2026, 12, 31))).isoformat()
    try:
        result = simulate(rules, situation, date)
    except SituationError as error:  # missing answers made relevant, or a figure unknown at that date
        assert all(e["code"] == "obligatoire" or e["champ"] == "date" for e in error.errors)
        return
    for right in result["droits"].values():
        if right["avant"] is not None:
            # A tax (paid to impots) is a charge: its « apres » is minus the tax, so it may be negative.
            if right["verse_par"] != "impots":
                assert right["avant"] >= 0 and right["apres"] >= 0
            assert abs(right["difference"] - (right["apres"] - right["avant"])) < 0.011
    assert json.loads(json.dumps(result)) == result


# Any JSON-like value, without caps: integers of any size, NaN, infinities, nested structures, unicode.
ANYTHING = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_hostile_answers_never_raise_and_are_never_internal_errors(rules, data):
    situation = {q["id"]: data.draw(ANYTHING) for q in rules["questions"] if data.draw(st.booleans())}
    if data.draw(st.booleans()):
        situation = data.draw(ANYTHING)
    shown = relevance(rules["questions"], situation)
    assert set(shown) == {q["id"] for q in rules["questions"]}
    date = data.draw(st.one_of(st.text(max_size=12), st.sampled_from(["2025-06-01", "2024-02-30"]), ANYTHING))
    for action in (None, "pertinence"):
        request = {"situation": situation, "date": date, **({"action": action} if action else {})}
        answer = json.loads(simulate_json(rules, json.dumps(request)))
        if not answer["ok"]:
            assert all(e["code"] != "interne" for e in answer["erreurs"]), answer["erreurs"]
