"""The browser runtime: the precompiled, trimmed standard library (build_scripts/stdlib_zip.py).

The engine runs in Pyodide under Node (the pinned npm package, offline), as the browser worker
runs it. These tests fail (never skip) when node, Pyodide or the built site is missing.
"""

import json
import zipfile
from pathlib import Path

import pytest

import engine
from build_scripts import stdlib_zip

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped_zip(site_dir):
    """The standard library the built site ships (named by its manifest)."""
    manifest = json.loads((site_dir / "assets" / "data" / "manifest.json").read_text(encoding="utf-8"))
    return site_dir / "assets" / "pyodide" / manifest["stdlib"]


@pytest.fixture(scope="module")
def requests():
    return stdlib_zip.engine_requests(ROOT)


@pytest.fixture(scope="module")
def full_run(requests):
    """The engine booted on Pyodide's own, unmodified python_stdlib.zip."""
    return stdlib_zip.trace_run(ROOT, requests=requests)


def test_requests_cover_every_example_and_worked_case(requests):
    examples = [p for p in (ROOT / "examples").iterdir() if p.suffix in (".yaml", ".json")]
    cases = list((ROOT / "rules" / "cas").glob("*.yaml"))
    simulations = [r for r in requests if "date" in r]
    assert len(simulations) == len(examples) * len(stdlib_zip.EXAMPLE_DATES) + len(cases)
    assert len(requests) == 2 * len(simulations)  # and the form's "pertinence" request for each


def test_shipped_zip_is_precompiled_and_stored(shipped_zip):
    with zipfile.ZipFile(shipped_zip) as archive:
        infos = archive.infolist()
    files = [i.filename for i in infos if not i.filename.endswith("/")]
    assert not [name for name in files if name.endswith(".py")], "des sources .py restent dans le zip"
    assert "datetime.pyc" in files and "json/__init__.pyc" in files
    assert {i.compress_type for i in infos} == {zipfile.ZIP_STORED}
    with zipfile.ZipFile(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip") as archive:
        assert len(files) < len(archive.namelist()) / 2  # trimmed


def test_trimmed_runtime_gives_identical_results(full_run, shipped_zip, requests, rules):
    trimmed = stdlib_zip.trace_run(ROOT, stdlib=shipped_zip, requests=requests)
    assert trimmed["summary"] == full_run["summary"]
    assert len(trimmed["answers"]) == len(requests) + 1  # + the malformed request
    for request, mine, reference in zip(requests, trimmed["answers"], full_run["answers"]):
        assert mine == reference, request  # byte for byte
    assert trimmed["answers"][-1] == full_run["answers"][-1]
    assert trimmed["extra_failed"] == []
    # Booted from .pyc, the modules come from the compiled zip, under their run-time names.
    assert "datetime.py" in trimmed["loaded"]
    # And the browser's engine answers what CPython's does.
    for request, answer in zip(requests, full_run["answers"]):
        assert answer == engine.simulate_json(rules, json.dumps(request)), request


def test_trim_check_passes_on_the_real_run(full_run):
    with zipfile.ZipFile(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip") as archive:
        names = set(archive.namelist())
    kept = stdlib_zip.check_coverage(full_run, stdlib_zip.read_keep(), names)
    assert "datetime.py" in kept and "encodings/cp437.py" in kept


def test_the_builds_run_of_the_examples_needs_what_the_full_run_needs(full_run):
    """The build runs the examples only (linear in the rules); the worked cases would need no other
    module of the standard library (if one day they do, this fails: see stdlib_zip's docstring)."""
    build = stdlib_zip.build_requests(ROOT)
    cases = {json.dumps(r["situation"], sort_keys=True) for r in stdlib_zip.engine_requests(ROOT)[len(build):]}
    assert cases and not cases & {json.dumps(r["situation"], sort_keys=True) for r in build}
    assert build == stdlib_zip.engine_requests(ROOT)[:len(build)]
    with zipfile.ZipFile(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip") as archive:
        names = set(archive.namelist())
    build_run = stdlib_zip.trace_run(ROOT, requests=build)
    assert stdlib_zip.needed_entries(build_run, names) == stdlib_zip.needed_entries(full_run, names)


def test_build_fails_when_the_engine_imports_a_trimmed_module(tmp_path):
    """The build refuses a keep list without a module the engine imports (here datetime)."""
    text = stdlib_zip.KEEP_FILE.read_text(encoding="utf-8")
    assert "\ndatetime\n" in text
    keep = tmp_path / "stdlib_keep.txt"
    keep.write_text(text.replace("\ndatetime\n", "\n"), encoding="utf-8")
    with pytest.raises(stdlib_zip.StdlibError) as failure:
        stdlib_zip.build_stdlib(out_dir=tmp_path / "sortie", root=ROOT, keep_path=keep)
    message = str(failure.value)
    assert "le moteur importe des modules retirés" in message and "datetime" in message
    assert not list((tmp_path / "sortie").glob("python_stdlib.*.zip"))


def test_keep_list_rejects_unknown_modules(tmp_path):
    keep = tmp_path / "stdlib_keep.txt"
    keep.write_text("[marge]\nmodule_qui_nexiste_pas\n[releve]\njson\n", encoding="utf-8")
    with zipfile.ZipFile(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip") as archive:
        names = set(archive.namelist())
    with pytest.raises(stdlib_zip.StdlibError, match="module_qui_nexiste_pas"):
        stdlib_zip.kept_entries(stdlib_zip.read_keep(keep), names)


# ---------------------------------------------------------------- precompressed copies

def test_precompressed_copies_decompress_to_the_original(tmp_path):
    import gzip

    import brotli

    from build_scripts.precompress import precompress_site

    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    big = ("Allocation aux adultes handicapés, " * 400).encode()
    (site / "assets" / "gros.js").write_bytes(big)
    (site / "petit.json").write_text("{}", encoding="utf-8")
    (site / "image.png").write_bytes(big)  # not a compressible type here
    (site / "assets" / "ancien.js.br").write_bytes(b"stale")
    sizes = precompress_site(site, cache=tmp_path / "cache")
    assert set(sizes) == {"assets/gros.js"}
    assert brotli.decompress((site / "assets" / "gros.js.br").read_bytes()) == big
    assert gzip.decompress((site / "assets" / "gros.js.gz").read_bytes()) == big
    assert not (site / "petit.json.br").exists() and not (site / "image.png.br").exists()
    assert not (site / "assets" / "ancien.js.br").exists()
    # The cache makes the next build reuse the same bytes.
    first = (site / "assets" / "gros.js.br").read_bytes()
    precompress_site(site, cache=tmp_path / "cache")
    assert (site / "assets" / "gros.js.br").read_bytes() == first


def test_built_site_has_precompressed_runtime(site_dir, shipped_zip):
    for path in (site_dir / "assets" / "pyodide" / "pyodide.asm.wasm", shipped_zip, site_dir / "simulateur" / "index.html"):
        for suffix in (".br", ".gz"):
            copy = Path(str(path) + suffix)
            assert copy.exists(), f"{copy} manquant"
            assert copy.stat().st_size < path.stat().st_size
