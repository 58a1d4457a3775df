"""The editors' live preview (make serve = mkdocs serve, build_scripts/preview.py): a broken rule
shows a banner with the French message, file and line on every page instead of stopping the
server; one rebuild per save; `mkdocs build` (make site, CI) still refuses a broken rule."""

import shutil
import zipfile
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from build_scripts import bench_serve, mkdocs_hook, preview
from rule_edits import mutate

ROOT = Path(__file__).resolve().parent.parent


def _config(project):
    return {"docs_dir": str(project / "docs"), "nav": [{"Vos droits": "droits/index.md"}], "extra": {}}


@pytest.fixture()
def project(tmp_path, rules_copy):
    """A project folder around the copy of the rules: its docs/ and its last compiled rules."""
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copytree(ROOT / "build" / "regles", tmp_path / "build" / "regles")
    yield tmp_path
    preview.start("build")


def test_the_site_build_still_refuses_a_broken_rule(project):
    line = mutate(project / "rules", "droits/mva.yaml", "sigle: MVA", "sigle: MVA\n\tordre: 4")
    mkdocs_hook.on_startup("build", dirty=False)
    with pytest.raises(PluginError) as refused:
        mkdocs_hook.on_config(_config(project))
    assert f"mva.yaml:{line + 1}:1: syntaxe YAML incorrecte : tabulation interdite" in str(refused.value)


def test_the_preview_keeps_the_last_correct_rules_and_names_the_error(project, monkeypatch):
    monkeypatch.setattr(preview, "fresh_wheel", lambda project: None)
    monkeypatch.setattr(preview, "cache_rendering", lambda project: None)  # MkDocs stays as it is in this process
    mkdocs_hook.on_startup("serve", dirty=False)
    good = mkdocs_hook.on_config(_config(project))
    assert good["extra"]["apercu_erreurs"] is None
    line = mutate(project / "rules", "parametres/aah/montant.yaml", "    valeur: 1016.05", "    valeur: 1 016,05")
    broken = mkdocs_hook.on_config(_config(project))
    banner = broken["extra"]["apercu_erreurs"]
    assert "1 erreur dans les règles" in banner["titre"]
    (error,) = banner["erreurs"]
    assert error["fichier"].endswith("rules/parametres/aah/montant.yaml") and error["ligne"] == line
    assert "nombre attendu" in error["message"]
    # The navigation still lists the generated pages of the last correct rules.
    assert "droits/aah.md" in str(broken["nav"])


def test_under_mkdocs_serve_every_page_shows_the_banner_until_fixed_with_one_rebuild_per_save():
    report = bench_serve.measure(times=1)
    assert report["enregistrement_vers_page_s"]["mesures"] != [None], "le changement n'est jamais apparu"
    assert report["erreur_vers_bandeau_s"]["mesures"] != [None], "le bandeau d'erreur n'est jamais apparu"
    assert report["correction_vers_page_s"]["mesures"] != [None], "le bandeau n'a pas disparu après correction"
    assert report["reconstructions_par_enregistrement"] == [1]


def test_an_engine_change_rebuilds_the_wheel_the_preview_serves(tmp_path):
    for name in ("engine", "pyproject.toml", "README.md"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    assert preview.fresh_wheel(tmp_path) is None
    (wheel,) = (tmp_path / "build" / "wheel").glob("*.whl")
    built = wheel.stat().st_mtime_ns
    assert preview.fresh_wheel(tmp_path) is None and wheel.stat().st_mtime_ns == built  # unchanged: not rebuilt
    with open(tmp_path / "engine" / "fr.py", "a", encoding="utf-8") as handle:
        handle.write("\nAPERCU_MARQUE = 1\n")
    assert preview.fresh_wheel(tmp_path) is None
    with zipfile.ZipFile(next((tmp_path / "build" / "wheel").glob("*.whl"))) as archive:
        assert "APERCU_MARQUE" in archive.read("engine/fr.py").decode("utf-8")
