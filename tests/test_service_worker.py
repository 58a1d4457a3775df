"""The generated service worker: its cache is named by the content, and a new one removes the old."""

import json
import shutil

from build_scripts import service_worker


def _small_site(tmp_path, rules_name):
    site = tmp_path / "site"
    (site / "assets" / "data").mkdir(parents=True)
    (site / "assets" / "pyodide").mkdir()
    (site / "simulateur").mkdir()
    (site / "index.html").write_text("<h1>Guide</h1>", encoding="utf-8")
    (site / "simulateur" / "index.html").write_text("<h1>Simulateur</h1>", encoding="utf-8")
    (site / "assets" / "pyodide" / "pyodide.asm.wasm").write_bytes(b"\0asm")
    (site / "assets" / "data" / rules_name).write_text("{}", encoding="utf-8")
    (site / "assets" / "data" / "manifest.json").write_text(json.dumps({
        "regles": rules_name, "version": "1", "roue": "engine.whl", "roue_empreinte": "abc",
        "stdlib": "python_stdlib.0123456789ab.zip", "pyodide": "0.27.0"}), encoding="utf-8")
    (site / "index.html.gz").write_bytes(b"x")
    return site


def test_worker_lists_the_site_and_serves_hashed_files_first(tmp_path):
    site = _small_site(tmp_path, "regles.aaaaaaaaaaaa.json")
    name = service_worker.write_service_worker(site)
    text = (site / "sw.js").read_text(encoding="utf-8")
    _, urls, immutable = service_worker.precache_plan(site)
    assert name.startswith(service_worker.CACHE_PREFIX) and json.dumps(name) in text
    assert set(urls) == {"./", "simulateur/", "assets/pyodide/pyodide.asm.wasm",
                         "assets/data/regles.aaaaaaaaaaaa.json", "assets/data/manifest.json"}
    assert set(immutable) == {"assets/pyodide/pyodide.asm.wasm", "assets/data/regles.aaaaaaaaaaaa.json"}
    assert "__" not in text.replace("__proto__", "")  # every placeholder filled


def test_changed_rules_give_a_new_cache_and_the_old_one_is_deleted(tmp_path):
    old_site = _small_site(tmp_path / "old", "regles.aaaaaaaaaaaa.json")
    new_site = _small_site(tmp_path / "new", "regles.bbbbbbbbbbbb.json")
    old_name = service_worker.write_service_worker(old_site)
    new_name = service_worker.write_service_worker(new_site)
    assert old_name != new_name
    # Same content, same cache (a rebuild with nothing changed keeps the visitor's cache).
    copy = tmp_path / "copy"
    shutil.copytree(old_site, copy)
    assert service_worker.write_service_worker(copy) == old_name
    # On activation the new worker deletes every cache of the site but its own.
    text = (new_site / "sw.js").read_text(encoding="utf-8")
    activate = text[text.index('addEventListener("activate"'):text.index('addEventListener("fetch"')]
    assert "name.startsWith(PREFIX) && name !== CACHE" in activate and "caches.delete(name)" in activate
