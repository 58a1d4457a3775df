"""The command line: readable French report, JSON with --json, exit code 2 on bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.y*ml")) + sorted((ROOT / "examples").glob("*.json"))


@pytest.fixture(scope="module")
def bundle_path(tmp_path_factory):
    from build_scripts.compile_rules import compile_rules, write_bundle

    bundle, problems = compile_rules(ROOT / "rules")
    assert not problems
    return write_bundle(bundle, tmp_path_factory.mktemp("regles"))


def run_command(command, *args):
    return subprocess.run([sys.executable, "-m", "engine", command, *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def run(*args):
    return run_command("simuler", *args)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_every_example_gives_a_french_report(bundle_path, example):
    result = run(str(example), "--date", "2025-06-01", "--regles", str(bundle_path))
    assert result.returncode == 0, result.stderr
    assert "Ce que ce paiement vous rapporte vraiment" in result.stdout
    assert "Vos droits" in result.stdout


def test_json_output_has_the_documented_shape(bundle_path):
    result = run(str(ROOT / "examples" / "pension_cat1_seuil_connu.yaml"), "--date", "2025-06-01", "--json",
                 "--regles", str(bundle_path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["date"] == "2025-06-01"
    pension = data["droits"]["pension_invalidite"]
    assert pension["avant"] == pytest.approx(833.33)
    assert pension["apres"] == pytest.approx(833.33 - 50 / 12, abs=0.01)
    assert isinstance(data["gain_mensuel"], float)
    assert isinstance(data["alertes"], list) and isinstance(data["demarches"], list)


def test_bad_input_exits_with_code_2_and_names_the_field(bundle_path, tmp_path):
    bad = tmp_path / "mauvais.yaml"
    bad.write_text("paiement_forme: salaire\npaiement_montant: -5\nchamp_bizarre: 1\n", encoding="utf-8")
    result = run(str(bad), "--regles", str(bundle_path))
    assert result.returncode == 2
    assert "paiement_montant" in result.stderr and "champ_bizarre" in result.stderr


def test_missing_file_and_bad_date_exit_with_code_2(bundle_path):
    assert run("absent.yaml", "--regles", str(bundle_path)).returncode == 2
    result = run(str(EXAMPLES[0]), "--date", "23/11/2026", "--regles", str(bundle_path))
    assert result.returncode == 2 and "date" in result.stderr


def test_date_beyond_the_rules_horizon_exits_with_code_2(bundle_path):
    result = run(str(EXAMPLES[0]), "--date", "9999-12-31", "--regles", str(bundle_path))
    assert result.returncode == 2 and "date trop lointaine" in result.stderr and "Traceback" not in result.stderr


# Malformed situation files: exit 2 and a French message, never a traceback.
BAD_FILES = {
    "yaml_casse.yaml": ("paiement_forme: salaire\n  paiement_montant: [150\n", "ce n'est pas du YAML valide"),
    "tabulation.yaml": ("paiement_forme: salaire\n\tpaiement_montant: 150\n", "ce n'est pas du YAML valide"),
    "nul.yaml": ("paiement_forme: salaire\x00\n", "caractère nul"),
    "objet_python.yaml": ("paiement_forme: !!python/object/apply:os.system ['true']\n", "étiquette « !! » non permise"),
    "cle_liste.yaml": ("? [a, b]\n: 1\n", "un nom de champ ne peut pas être une liste"),
    "doublon.yaml": ("paiement_forme: salaire\npaiement_forme: salaire\n", "le champ « paiement_forme » apparaît deux fois"),
    "doublon.json": ('{"paiement_forme": "salaire", "paiement_forme": "salaire"}', "apparaît deux fois"),
    "enorme.yaml": ("paiement_forme: salaire\npaiement_montant: " + "9" * 400 + "\n", "beaucoup trop grand"),
    "profond.json": ("[" * 100000 + "]" * 100000, "imbriqué trop profondément"),
    "latin1.yaml": (None, "UTF-8"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_malformed_situation_file_exits_2_in_french(bundle_path, tmp_path, name):
    text, message = BAD_FILES[name]
    path = tmp_path / name
    if text is None:
        path.write_bytes("paiement_forme: défraiement\n".encode("latin-1"))
    else:
        path.write_text(text, encoding="utf-8")
    result = run(str(path), "--date", "2025-06-01", "--regles", str(bundle_path))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert message in result.stderr, result.stderr


def test_comparer_ranks_the_forms_in_french_and_in_json(bundle_path):
    example = str(ROOT / "examples" / "pension_cat2_aah_4_seances_par_mois.yaml")
    text = run_command("comparer", example, "--date", "2025-06-01", "--regles", str(bundle_path))
    assert text.returncode == 0, text.stderr
    assert "Quelle forme de paiement vous convient le mieux ?" in text.stdout and "1. " in text.stdout
    data = json.loads(run_command("comparer", example, "--date", "2025-06-01", "--json", "--regles", str(bundle_path)).stdout)
    assert [f["rang"] for f in data["formes"] if f.get("rang")][:2] == [1, 2]


def test_seuils_gives_the_thresholds_in_french_and_in_json(bundle_path):
    example = str(ROOT / "examples" / "aah_mva_150_euros_une_fois.yaml")
    text = run_command("seuils", example, "--date", "2025-06-01", "--regles", str(bundle_path))
    assert text.returncode == 0, text.stderr
    assert "Jusqu'à combien sans perdre ?" in text.stdout and "Majoration pour la vie autonome" in text.stdout
    data = json.loads(run_command("seuils", example, "--date", "2025-06-01", "--json", "--regles", str(bundle_path)).stdout)
    assert data["droits"]["mva"]["perdu_a_partir_de"]["par_seance"] == 1


@pytest.mark.parametrize("command", ["comparer", "seuils"])
def test_decision_commands_exit_with_code_2_on_bad_input(bundle_path, tmp_path, command):
    bad = tmp_path / "mauvais.yaml"
    bad.write_text("paiement_forme: salaire\npaiement_montant: -5\n", encoding="utf-8")
    result = run_command(command, str(bad), "--regles", str(bundle_path))
    assert result.returncode == 2 and "paiement_montant" in result.stderr and "Traceback" not in result.stderr
    assert run_command(command, str(bad), "--date", "hier", "--regles", str(bundle_path)).returncode == 2


@pytest.fixture(scope="module")
def micro_situation(tmp_path_factory):
    """Sandrine's worked case: a micro-entrepreneur, with letters to the CAF, the URSSAF, the tax office..."""
    import yaml

    case = yaml.safe_load((ROOT / "rules" / "cas" / "sandrine-rsa-micro-entrepreneur-prime-activite.yaml").read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("situation") / "sandrine.yaml"
    path.write_text(yaml.safe_dump(case["situation"], allow_unicode=True), encoding="utf-8")
    return path, case["date"]


def test_courrier_prints_every_letter_as_text(bundle_path, micro_situation):
    path, date = micro_situation
    result = run_command("courrier", str(path), "--date", date, "--regles", str(bundle_path))
    assert result.returncode == 0, result.stderr
    for title in ("Lettre à la CAF", "Demande de rescrit social à l'URSSAF", "Lettre à l'administration fiscale"):
        assert title in result.stdout
    letters = json.loads(run_command("courrier", str(path), "--date", date, "--json", "--regles", str(bundle_path)).stdout)["courriers"]
    assert len(letters) == 4  # CAF, URSSAF, impôts, Département: no pension, so no letter to the CPAM
    assert result.stdout.count("Objet : ") == len(letters) and "Mes questions :" in result.stdout


def test_courrier_json_and_one_body(bundle_path, micro_situation):
    path, date = micro_situation
    result = run_command("courrier", str(path), "--date", date, "--json", "--organisme", "urssaf", "--regles", str(bundle_path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [letter["organisme"] for letter in data["courriers"]] == ["urssaf"]
    assert data["courriers"][0]["modele"] == "urssaf_rescrit" and "L243-6-3" in data["courriers"][0]["corps"]
    text = run_command("courrier", str(path), "--date", date, "--organisme", "caf", "--regles", str(bundle_path))
    assert text.returncode == 0 and text.stdout.count("Objet : ") == 1 and "Caisse d'allocations familiales" in text.stdout


def test_courrier_bad_input_exits_with_code_2(bundle_path, micro_situation, tmp_path):
    path, date = micro_situation
    unknown = run_command("courrier", str(path), "--date", date, "--organisme", "mdph", "--regles", str(bundle_path))
    assert unknown.returncode == 2 and "organisme" in unknown.stderr and "caf" in unknown.stderr
    bad = tmp_path / "mauvais.yaml"
    bad.write_text("paiement_forme: salaire\npaiement_montant: -5\n", encoding="utf-8")
    result = run_command("courrier", str(bad), "--regles", str(bundle_path))
    assert result.returncode == 2 and "paiement_montant" in result.stderr and "Traceback" not in result.stderr
    assert run_command("courrier", str(path), "--date", "31/12/2026", "--regles", str(bundle_path)).returncode == 2


def test_calendar_command_prints_the_months_and_what_to_declare(bundle_path):
    result = run_command("calendrier", str(ROOT / "examples" / "aah_mva_150_euros_une_fois.yaml"), "--date", "2026-05-01",
                          "--regles", str(bundle_path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Mois par mois, à partir du 1er mai 2026" in out
    # Twelve months, from the month of the first payment; the AAH and the MVA change the quarter after.
    for month in ("mai 2026", "juillet 2026", "avril 2027"):
        assert month in out
    assert "mai 2027" not in out.split("Moyenne")[0]
    assert "AAH : change à partir de juillet 2026" in out
    assert "juillet 2026 : Caisse d'allocations familiales (CAF) — Déclarer vos revenus d'activité" in out
    from engine.fr import signed_euros
    assert f"{signed_euros(-18.16)} par mois (le chiffre du haut)" in out


def test_calendar_json_is_the_result_calendar(bundle_path):
    example = str(ROOT / "examples" / "aah_mva_150_euros_une_fois.yaml")
    data = json.loads(run_command("calendrier", example, "--date", "2026-05-01", "--json", "--regles", str(bundle_path)).stdout)
    full = json.loads(run(example, "--date", "2026-05-01", "--json", "--regles", str(bundle_path)).stdout)
    assert data["calendrier"] == full["calendrier"] and data["gain_mensuel"] == full["gain_mensuel"]
    assert [m["mois"] for m in data["calendrier"]["mois"]][:3] == ["2026-05", "2026-06", "2026-07"]


def test_calendar_command_has_the_same_exit_codes(bundle_path, tmp_path):
    assert run_command("calendrier", "absent.yaml", "--regles", str(bundle_path)).returncode == 2
    result = run_command("calendrier", str(EXAMPLES[0]), "--date", "23/11/2026", "--regles", str(bundle_path))
    assert result.returncode == 2 and "date" in result.stderr and "Traceback" not in result.stderr
    bad = tmp_path / "mauvais.yaml"
    bad.write_text("paiement_forme: salaire\npaiement_montant: -5\n", encoding="utf-8")
    result = run_command("calendrier", str(bad), "--regles", str(bundle_path))
    assert result.returncode == 2 and "paiement_montant" in result.stderr
