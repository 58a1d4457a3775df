"""Cross-check of AAH, RSA and prime d'activité against OpenFisca-France (an independent implementation).

A grid of situations (single person with 0 to 3 children, own gross monthly salary from 0 to
2 SMIC, AAH at 80 % or no disability, forfait logement or not, dates in 2024, 2025 and 2026) is
computed by our engine (CPython) and by OpenFisca-France 176.1.8, which runs in its own venv
(.venv-openfisca, installed by `make test`; it pins pytest<9) through tests/openfisca_oracle.py,
in one vectorised simulation per month. Monthly amounts must agree within 1 €, or the
disagreement must match an entry of tests/openfisca_divergences.yaml (a reviewed list, each
entry with its legal reason and source); at least 99 % of the comparisons must agree.

Our rules model a single person only (no spouse), so the grid has no couples.

Dates: OpenFisca computes the RSA and the prime d'activité of month M from the three previous
months, each with its own parameters (and the AAH of those months), while our engine applies the
parameters of the simulated month to the quarter's average. The grid therefore uses months M
whose three previous months share M's parameters (no April revaluation, no SMIC change in
M-3..M). The lag around a revaluation is checked separately (test_revaluation_lag_is_documented):
there, every disagreement must be a documented divergence.

Mapping of our inputs: the salary is the payment (form "salaire", private employer, once a
month, montant = gross monthly salary) and a_autre_activite is false; aah_activite_recente is
true (OpenFisca does not model the temporary full cumul of a new activity); percoit_rsa is true
for everyone (OpenFisca computes the RSA for everyone); aide_logement_ou_loge_gratuitement maps
to a person housed free of charge (full forfait logement) in OpenFisca, and "no" to a tenant
without housing aid. The net salary of both sides is compared too.

Run alone (prints every disagreement):  .venv/bin/python tests/test_openfisca_crosscheck.py
"""

import functools
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
ORACLE = ROOT / "tests" / "openfisca_oracle.py"
OPENFISCA_PYTHON = ROOT / ".venv-openfisca" / "bin" / "python"
DIVERGENCES = ROOT / "tests" / "openfisca_divergences.yaml"
TOLERANCE = 1.0  # € per month
MIN_AGREEMENT = 0.99
RIGHTS = {"aah": "aah", "rsa": "rsa", "prime_activite": "ppa"}  # our right id -> oracle field

# Months M such that M-3..M share every parameter (SMIC, AAH, RSA, prime d'activité amounts).
STABLE_DATES = ["2024-07-15", "2024-10-01", "2025-03-01", "2025-09-01", "2026-09-01", "2026-12-01"]
# Months just after an April revaluation or a SMIC change (the three previous months differ).
LAG_DATES = ["2024-05-01", "2025-05-01", "2026-05-01", "2026-07-01"]
SMIC_SHARES = [0, 0.1, 0.25, 0.3, 0.45, 0.6, 0.8, 1.0, 1.25, 1.5, 2.0]
SMIC_HOURLY = {"2024-01": 11.65, "2024-11": 11.88, "2026-01": 12.02, "2026-06": 12.31}  # checked below
HOURS = 151.67


def smic_monthly(date):
    rate = [value for start, value in sorted(SMIC_HOURLY.items()) if start <= date[:7]][-1]
    return rate * HOURS


def grid(dates):
    situations = []
    for date in dates:
        smic = smic_monthly(date)
        for share in SMIC_SHARES:
            for children in range(4):
                for aah in (True, False):
                    for housing in (True, False):
                        situations.append({
                            "id": len(situations),
                            "date": date,
                            "salaire_brut": round(share * smic, 2),
                            "salaire_smic": share,
                            "nb_enfants": children,
                            "aah": aah,
                            "forfait_logement": housing,
                        })
    return situations


def our_situation(s):
    return {
        "paiement_forme": "salaire",
        "paiement_montant": s["salaire_brut"],
        "paiement_nombre": 1,
        "paiement_periodicite": "par_mois",
        "paiement_employeur_public": False,
        "a_autre_activite": False,
        "percoit_pension_invalidite": False,
        "percoit_aah": s["aah"],
        "aah_taux_incapacite": "au_moins_80",
        "aah_activite_recente": True,
        "percoit_mva": False,
        "percoit_rsa": True,
        "nb_enfants": s["nb_enfants"],
        "aide_logement_ou_loge_gratuitement": s["forfait_logement"],
    }


def run_engine(rules, situations):
    from engine import simulate

    out = []
    for s in situations:
        result = simulate(rules, our_situation(s), s["date"])
        rights = result["droits"]
        out.append({
            "aah": rights["aah"]["apres"] if "aah" in rights else 0.0,
            "rsa": rights["rsa"]["apres"] if "rsa" in rights else 0.0,
            "prime_activite": rights["prime_activite"]["apres"] if "prime_activite" in rights else 0.0,
            "salaire_net": result["paiement"]["net_mensuel"],
        })
    return out


def run_oracle(situations):
    if not OPENFISCA_PYTHON.exists():
        pytest.fail(f"OpenFisca absent ({OPENFISCA_PYTHON}) : lancez « make .venv-openfisca/.installed » "
                    "(make test l'installe)")
    fields = ("id", "date", "salaire_brut", "nb_enfants", "aah", "forfait_logement", "aide_logement")
    payload = [{k: s[k] for k in fields if k in s} for s in situations]
    completed = subprocess.run([str(OPENFISCA_PYTHON), str(ORACLE), "-"], input=json.dumps(payload),
                               capture_output=True, text=True, timeout=900)
    if completed.returncode != 0:
        pytest.fail("l'oracle OpenFisca a échoué :\n" + completed.stderr[-4000:])
    results = json.loads(completed.stdout)
    assert [r["id"] for r in results] == [s["id"] for s in situations]
    return results


# --- documented divergences -------------------------------------------------------------------------

def load_divergences():
    entries = yaml.safe_load(DIVERGENCES.read_text(encoding="utf-8"))["divergences"]
    for entry in entries:
        missing = {"id", "droit", "si", "raison", "source", "revu_le"} - set(entry)
        assert not missing, f"divergence {entry.get('id')} : champs manquants {sorted(missing)}"
        assert entry["droit"] in RIGHTS, f"divergence {entry['id']} : droit inconnu {entry['droit']}"
    return entries


def _matches_value(expected, actual):
    if isinstance(expected, dict):
        low, high = expected.get("min"), expected.get("max")
        return (low is None or actual >= low) and (high is None or actual <= high)
    if isinstance(expected, list):
        return actual in expected
    return actual == expected


def explains(entry, right, situation, ours, theirs):
    """True if the documented divergence `entry` covers this disagreement."""
    if entry["droit"] != right:
        return False
    facts = dict({"aide_logement": 0.0}, **situation)
    facts.update(mois=situation["date"][:7], ecart=round(ours - theirs, 2),
                 notre_montant=ours, openfisca=theirs)
    return all(_matches_value(expected, facts[field]) for field, expected in entry["si"].items())


# --- comparison --------------------------------------------------------------------------------------

def compare(rules, situations):
    ours = run_engine(rules, situations)
    theirs = run_oracle(situations)
    divergences = load_divergences()
    counts = {right: [0, 0] for right in RIGHTS}  # agree, compared
    unexplained, explained, net_gaps = [], {}, []
    for s, mine, oracle in zip(situations, ours, theirs):
        net_gaps.append(abs(mine["salaire_net"] - oracle["salaire_net"]))
        for right, field in RIGHTS.items():
            if right == "aah" and not s["aah"]:
                continue  # AAH compared for the disabled persons only
            a, b = mine[right], oracle[field]
            counts[right][1] += 1
            if abs(a - b) <= TOLERANCE:
                counts[right][0] += 1
                continue
            match = next((d["id"] for d in divergences if explains(d, right, s, a, b)), None)
            record = {"droit": right, "situation": s, "moteur": a, "openfisca": b, "oracle": oracle}
            if match:
                explained.setdefault(match, []).append(record)
            else:
                unexplained.append(record)
    return counts, unexplained, explained, net_gaps


def report(title, counts, unexplained, explained, net_gaps):
    lines = ["", f"Comparaison avec OpenFisca-France ({title}) :"]
    total_agree = total = 0
    for right, (agree, compared) in counts.items():
        total_agree += agree
        total += compared
        lines.append(f"  {right:15s} {agree}/{compared} d'accord à 1 € près ({100 * agree / max(compared, 1):.1f} %)")
    lines.append(f"  {'ensemble':15s} {total_agree}/{total} ({100 * total_agree / max(total, 1):.2f} %)")
    lines.append(f"  salaire net : écart maximal {max(net_gaps):.2f} €")
    for entry_id, records in explained.items():
        lines.append(f"  divergence documentée « {entry_id} » : {len(records)} cas")
    for record in unexplained[:40]:
        s = record["situation"]
        lines.append(f"  NON EXPLIQUÉ {record['droit']} {s['date']} brut {s['salaire_brut']} ({s['salaire_smic']} SMIC)"
                     f" enfants {s['nb_enfants']} aah {s['aah']} logement {s['forfait_logement']} :"
                     f" moteur {record['moteur']} / OpenFisca {record['openfisca']}")
    print("\n".join(lines))
    return total_agree / max(total, 1)


@functools.lru_cache(maxsize=None)
def _compiled_rules():
    from build_scripts.compile_rules import compile_rules, serialise

    bundle, problems = compile_rules(ROOT / "rules")
    assert not problems, "\n".join(str(p) for p in problems)
    text, _ = serialise(bundle)
    return json.loads(text)


def test_smic_table_of_this_test_matches_our_rules(rules):
    from engine.parameters import value_at

    for start, rate in SMIC_HOURLY.items():
        value, _, _ = value_at("smic.horaire_brut", rules["parametres"]["smic.horaire_brut"], start + "-15")
        assert value == rate


def test_openfisca_agrees_on_the_grid(rules, capsys):
    situations = grid(STABLE_DATES)
    assert len(situations) >= 200
    counts, unexplained, explained, net_gaps = compare(rules, situations)
    with capsys.disabled():  # the agreement figures are printed even when the test passes
        agreement = report("grille, mois sans revalorisation", counts, unexplained, explained, net_gaps)
    assert max(net_gaps) <= 2.0, "le salaire net du moteur s'écarte de celui d'OpenFisca de plus de 2 €"
    assert not unexplained, f"{len(unexplained)} désaccords sans divergence documentée (voir la sortie)"
    assert agreement >= MIN_AGREEMENT


def test_revaluation_lag_is_documented(rules, capsys):
    situations = grid(LAG_DATES)
    counts, unexplained, explained, net_gaps = compare(rules, situations)
    with capsys.disabled():
        report("mois qui suivent une revalorisation", counts, unexplained, explained, net_gaps)
    assert not unexplained, f"{len(unexplained)} désaccords sans divergence documentée (voir la sortie)"


def test_small_housing_aid_is_a_documented_divergence(rules, capsys):
    # A tenant whose housing aid (40 €) is smaller than the forfait logement (about 76-78 € alone):
    # the texts retain the smaller of the two, our engine the whole forfait (it does not ask the aid).
    situations = [dict(s, forfait_logement=True, aide_logement=40.0, id=i)
                  for i, s in enumerate(s for s in grid(["2025-09-01"]) if not s["aah"] and s["forfait_logement"])]
    counts, unexplained, explained, net_gaps = compare(rules, situations)
    with capsys.disabled():
        report("aide au logement de 40 €", counts, unexplained, explained, net_gaps)
    assert not unexplained, f"{len(unexplained)} désaccords sans divergence documentée (voir la sortie)"
    assert explained, "l'écart attendu sur le forfait logement n'apparaît plus : revoir openfisca_divergences.yaml"


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    which = sys.argv[1] if len(sys.argv) > 1 else "grille"
    dates = STABLE_DATES if which == "grille" else LAG_DATES
    result = compare(_compiled_rules(), grid(dates))
    report(which, *result)
    if "-v" in sys.argv:
        for record in result[1]:
            print(json.dumps({k: record[k] for k in ("droit", "moteur", "openfisca")}, ensure_ascii=False),
                  json.dumps(record["situation"]), json.dumps(record["oracle"]))
