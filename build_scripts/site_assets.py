"""Copy what the simulator needs into the built site, under assets/.

    python -m build_scripts.site_assets SITE_DIR

- assets/pyodide/: four runtime files of the pinned npm package `pyodide` (no wheels: the
  engine needs none), and instead of its python_stdlib.zip the standard library precompiled and
  trimmed to what the engine uses, python_stdlib.<hash>.zip (build_scripts/stdlib_zip.py);
- assets/data/: the compiled rules bundle (content-hashed name);
- assets/wheels/: the engine wheel;
- assets/data/manifest.json: the names of the three, read by the worker, the hash of the
  engine's files (the worker's memory snapshot is keyed by it, the rules and the runtime), and
  the `info` of Pyodide's lock file (so the worker need not download the lock file).
Run by the MkDocs hook after each build, and usable alone with another site generator.
"""

import hashlib
import json
import shutil
import sys
import zipfile
from pathlib import Path

from build_scripts import stdlib_zip

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_FILES = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "pyodide-lock.json"]


class AssetError(Exception):
    pass


def copy_assets(site_dir, root=ROOT, preview=False):
    site_dir = Path(site_dir)
    runtime = root / "node_modules" / "pyodide"
    missing = [name for name in PYODIDE_FILES if not (runtime / name).exists()]
    if missing:
        raise AssetError(f"Pyodide introuvable dans node_modules/pyodide ({', '.join(missing)}) : lancez « make npm ».")
    manifest_path = root / "build" / "regles" / "manifest.json"
    if not manifest_path.exists():
        raise AssetError("règles compilées introuvables (build/regles/manifest.json) : lancez « make regles ».")
    wheels = sorted((root / "build" / "wheel").glob("*.whl"))
    if not wheels:
        raise AssetError("roue du moteur introuvable (build/wheel/*.whl) : lancez « make wheel ».")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    try:
        stdlib = stdlib_zip.build_stdlib(root=root, preview=preview)
    except stdlib_zip.StdlibError as error:
        raise AssetError(f"bibliothèque standard précompilée : {error}") from None

    target = site_dir / "assets" / "pyodide"
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("python_stdlib*.zip"):
        old.unlink()
    for name in PYODIDE_FILES:
        shutil.copy2(runtime / name, target / name)
    shutil.copy2(stdlib, target / stdlib.name)
    data = site_dir / "assets" / "data"
    data.mkdir(parents=True, exist_ok=True)
    for old in data.glob("regles.*.json"):
        old.unlink()
    shutil.copy2(manifest_path.parent / manifest["regles"], data / manifest["regles"])
    wheel_dir = site_dir / "assets" / "wheels"
    if wheel_dir.exists():
        shutil.rmtree(wheel_dir)
    wheel_dir.mkdir(parents=True)
    shutil.copy2(wheels[-1], wheel_dir / wheels[-1].name)
    pyodide_version = json.loads((runtime / "package.json").read_text(encoding="utf-8"))["version"]
    (data / "manifest.json").write_text(json.dumps({
        "regles": manifest["regles"],
        "version": manifest["version"],
        "roue": wheels[-1].name,
        "roue_empreinte": _wheel_digest(wheels[-1]),
        "stdlib": stdlib.name,
        "pyodide": pyodide_version,
        "pyodide_lock": json.loads((runtime / "pyodide-lock.json").read_text(encoding="utf-8")).get("info"),
    }, indent=2) + "\n", encoding="utf-8")


def _wheel_digest(wheel):
    """A hash of the wheel's files (its own bytes carry timestamps): the browser's memory
    snapshot of the engine is kept only while it matches."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(wheel) as archive:
        for name in sorted(archive.namelist()):
            digest.update(name.encode() + b"\0" + archive.read(name))
    return digest.hexdigest()[:12]


if __name__ == "__main__":
    try:
        copy_assets(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")
    except AssetError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        raise SystemExit(1)
