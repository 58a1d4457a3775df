"""The browser's Python standard library, precompiled and trimmed to what the engine uses.

    python -m build_scripts.stdlib_zip [--regenerer] [--sortie DOSSIER]

Pyodide's python_stdlib.zip holds the standard library as .py sources, which Python compiles
at every page load (most of the boot time). This script, run by the site build
(build_scripts/site_assets.py), uses the very same Pyodide (the pinned npm package, run offline
by the machine's `node` through build_scripts/stdlib_zip.mjs) to:

1. run the engine as the browser worker does (bootstrap, engine wheel, rules, then every example
   of examples/ at two dates, with the form's "pertinence" request, an invalid request and a
   Python error), recording every module imported, and import every module the engine names in
   an import statement (stdlib_zip.mjs), reached or not;
2. check that the modules kept by build_scripts/stdlib_keep.txt cover all of them (otherwise the
   build fails, in French, naming the modules to add);
3. compile the kept modules to sourceless .pyc under the name they have at run time
   (/lib/python314.zip/<chemin>), stored uncompressed (the host's brotli/gzip compresses the
   whole file), in python_stdlib.<hash>.zip.
That the engine booted from this zip answers byte for byte as on the full library, on every
example and every worked case, is proven by tests/test_runtime.py, not re-run at every build.
The build runs the examples only (`build_requests`), not the worked cases: a run simulates every
right, so running every case would cost cases x rights and grow as the square of the rules;
the examples (a fixed set) keep it linear. The cases would add nothing the guard needs: the
engine's own imports are all imported anyway (above), and the lazy imports inside the standard
library come from the calls the examples make too (dates, JSON, text).

The result is cached in build/stdlib/ under a key of every input. `--regenerer` rewrites the
"[releve]" section of the keep list from a real run (the "[marge]" section is written by hand).
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELPER = Path(__file__).resolve().parent / "stdlib_zip.mjs"
KEEP_FILE = Path(__file__).resolve().parent / "stdlib_keep.txt"
ZIP_PREFIX = "python_stdlib."
EXAMPLE_DATES = ["2025-06-01", "2026-07-01"]


class StdlibError(Exception):
    pass


# ---------------------------------------------------------------- inputs

def _example_situations(root):
    import yaml

    situations = []
    for path in sorted((root / "examples").iterdir()):
        if path.suffix in (".yaml", ".yml"):
            situation = yaml.safe_load(path.read_text(encoding="utf-8"))
        elif path.suffix == ".json":
            situation = json.loads(path.read_text(encoding="utf-8"))
        else:
            continue
        situations += [(situation, date) for date in EXAMPLE_DATES]
    return situations


def _as_requests(situations):
    requests = []
    for situation, date in situations:
        requests.append({"situation": situation, "date": date})
        requests.append({"action": "pertinence", "situation": situation})
    return requests


def engine_requests(root=ROOT):
    """Every request of the tests' run: each example (at two dates) and each worked case (its date),
    as a simulation and as the form's "pertinence" request."""
    import yaml

    cases = []
    for path in sorted((root / "rules" / "cas").glob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        cases.append((case["situation"], str(case["date"])))
    return _as_requests(_example_situations(root) + cases)


def build_requests(root=ROOT):
    """The requests of the build's run: the examples only (see the module's docstring)."""
    return _as_requests(_example_situations(root))


def read_keep(path=KEEP_FILE):
    """The keep list: {"marge": [module...], "releve": [module...]}. A line is a dotted module
    name, optionally followed by a comment; "paquet.*" keeps a package and all its modules."""
    sections = {"marge": [], "releve": []}
    current = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            if current not in sections:
                raise StdlibError(f"{path.name}:{number} : section inconnue « {line} » (attendu [marge] ou [releve])")
            continue
        if current is None:
            raise StdlibError(f"{path.name}:{number} : module hors section ([marge] ou [releve])")
        sections[current].append(line)
    return sections


def module_entries(name, names):
    """The zip entries of one module ("json.decoder" -> json/decoder.py), or of a whole package
    ("pyodide.*"); [] for a built-in module or one outside the standard library."""
    if name.endswith(".*"):
        folder = name[:-2].replace(".", "/") + "/"
        return sorted(n for n in names if n.startswith(folder) and not n.endswith("/"))
    base = name.replace(".", "/")
    for candidate in (base + ".py", base + "/__init__.py"):
        if candidate in names:
            return [candidate]
    return []


def kept_entries(keep, names):
    entries = set()
    for section in ("marge", "releve"):
        for name in keep[section]:
            found = module_entries(name, names)
            if not found:
                raise StdlibError(f"{KEEP_FILE.name} : « {name} » n'est pas un module de python_stdlib.zip")
            entries.update(found)
    return entries


def needed_entries(trace, names):
    """Every zip entry the real run used: the bootstrap's modules, the modules loaded at the end,
    and each module an import asked for (found or not) that exists in the full standard library."""
    needed = set(trace["boot_modules"]) | set(trace["loaded"])
    for name in trace["imported"]:
        needed.update(module_entries(name, names))
    return needed


def entry_module(entry):
    name = entry.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    return name


# ---------------------------------------------------------------- the Node helper

def _node():
    node = shutil.which("node")
    if not node:
        raise StdlibError("node introuvable : la bibliothèque standard précompilée est produite avec Node (paquet Debian « nodejs »).")
    return node


def run_helper(job, root=ROOT):
    """Run build_scripts/stdlib_zip.mjs on one job; return its JSON result."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(job, handle)
    try:
        done = subprocess.run([_node(), str(HELPER), handle.name], cwd=root, capture_output=True, text=True, check=False)
    finally:
        os.unlink(handle.name)
    if done.returncode != 0:
        tail = "\n".join(line[:300] for line in done.stderr.strip().splitlines()[-25:])
        raise StdlibError(f"l'exécution du moteur dans Pyodide (Node) a échoué :\n{tail}")
    return json.loads(done.stdout)


def _inputs(root):
    runtime = root / "node_modules" / "pyodide"
    full = runtime / "python_stdlib.zip"
    if not full.exists():
        raise StdlibError("Pyodide introuvable dans node_modules/pyodide : lancez « make npm ».")
    wheels = sorted((root / "build" / "wheel").glob("*.whl"))
    if not wheels:
        raise StdlibError("roue du moteur introuvable (build/wheel/*.whl) : lancez « make wheel ».")
    manifest_path = root / "build" / "regles" / "manifest.json"
    if not manifest_path.exists():
        raise StdlibError("règles compilées introuvables (build/regles/manifest.json) : lancez « make regles ».")
    rules = manifest_path.parent / json.loads(manifest_path.read_text(encoding="utf-8"))["regles"]
    return runtime, full, wheels[-1], rules


def margin_modules(keep, full):
    """The margin's modules, a package "x.*" expanded to each of its modules."""
    with zipfile.ZipFile(full) as archive:
        names = set(archive.namelist())
    modules = []
    for name in keep["marge"]:
        if name.endswith(".*"):
            modules += [entry_module(entry) for entry in module_entries(name, names) if entry.endswith(".py")]
        else:
            modules.append(name)
    return modules


def trace_run(root=ROOT, stdlib=None, keep=None, compile_to=None, requests=None):
    """One real run of the engine in Pyodide (optionally booted from `stdlib`, optionally
    compiling `keep` to `compile_to`)."""
    runtime, full, wheel, rules = _inputs(root)
    keep = read_keep() if keep is None else keep
    job = {
        "indexURL": str(runtime) + "/",
        "wheel": str(wheel),
        "rules": str(rules),
        "requests": engine_requests(root) if requests is None else requests,
        "extra_imports": margin_modules(keep, full),
    }
    if stdlib:
        job["stdlib"] = str(stdlib)
    if compile_to:
        with zipfile.ZipFile(full) as archive:
            names = set(archive.namelist())
        job["compile"] = {"keep": sorted(kept_entries(keep, names)), "output": str(compile_to)}
    return run_helper(job, root)


# ---------------------------------------------------------------- the build

def check_coverage(trace, keep, names):
    """The build's guard: fail if the real run imports a module the keep list trims away."""
    kept = kept_entries(keep, names)
    missing = sorted(needed_entries(trace, names) - kept)
    if missing:
        modules = ", ".join(entry_module(entry) for entry in missing)
        raise StdlibError(
            f"le moteur importe des modules retirés de la bibliothèque standard allégée : {modules}. "
            f"Ajoutez-les à la section [releve] de build_scripts/{KEEP_FILE.name} "
            "(ou régénérez-la : python -m build_scripts.stdlib_zip --regenerer).")
    if trace["extra_failed"]:
        raise StdlibError(f"modules de la marge impossibles à importer : {', '.join(trace['extra_failed'])}")
    return kept


def _cache_key(root, full, wheel, rules, requests, keep_text):
    digest = hashlib.sha256()
    with zipfile.ZipFile(wheel) as archive:  # the wheel's own bytes carry timestamps
        for name in sorted(archive.namelist()):
            digest.update(name.encode() + b"\0" + archive.read(name))
    for path in (full, rules, HELPER, Path(__file__)):
        if path is not None:  # rules None: the key of the engine alone (the preview's)
            digest.update(path.read_bytes())
    digest.update(json.dumps(requests, sort_keys=True).encode())
    digest.update(keep_text.encode())
    return digest.hexdigest()[:16]


def build_stdlib(out_dir=None, root=ROOT, keep_path=KEEP_FILE, preview=False):
    """Build (or reuse) build/stdlib/python_stdlib.<hash>.zip; return its path. For the live
    preview (`preview`), the last zip is reused while the engine and the keep list are the same,
    whatever the rules (the full check runs at the next `make site`)."""
    root = Path(root)
    out_dir = Path(out_dir or root / "build" / "stdlib")
    _, full, wheel, rules = _inputs(root)
    keep_text = keep_path.read_text(encoding="utf-8")
    engine_key = _cache_key(root, full, wheel, None, [], keep_text)
    stamp = out_dir / "cle.json"
    cached = json.loads(stamp.read_text(encoding="utf-8")) if stamp.exists() else {}
    if preview and cached.get("moteur") == engine_key and (out_dir / cached["zip"]).exists():
        return out_dir / cached["zip"]
    requests = build_requests(root)
    key = _cache_key(root, full, wheel, rules, requests, keep_text)
    if cached.get("cle") == key and (out_dir / cached["zip"]).exists():
        return out_dir / cached["zip"]

    keep = read_keep(keep_path)
    with zipfile.ZipFile(full) as archive:
        names = set(archive.namelist())
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / "en-cours.zip"
    try:
        name = _build_checked(root, keep, names, requests, work)
    finally:
        work.unlink(missing_ok=True)
    stamp.write_text(json.dumps({"cle": key, "moteur": engine_key, "zip": name}) + "\n", encoding="utf-8")
    return out_dir / name


def _build_checked(root, keep, names, requests, work):
    reference = trace_run(root, keep=keep, compile_to=work, requests=requests)
    check_coverage(reference, keep, names)

    data = work.read_bytes()
    name = f"{ZIP_PREFIX}{hashlib.sha256(data).hexdigest()[:12]}.zip"
    for old in work.parent.glob(f"{ZIP_PREFIX}*.zip"):
        old.unlink()
    work.rename(work.parent / name)
    return name


def regenerate(root=ROOT, keep_path=KEEP_FILE):
    """Rewrite the [releve] section of the keep list from a real run with the full library."""
    keep = read_keep(keep_path)
    _, full, _, _ = _inputs(root)
    with zipfile.ZipFile(full) as archive:
        names = set(archive.namelist())
    trace = trace_run(root, keep=keep)
    margin = set()
    for name in keep["marge"]:
        margin.update(module_entries(name, names))
    modules = sorted({entry_module(e) for e in needed_entries(trace, names) - margin})
    text = keep_path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    marker = next((i for i, line in enumerate(lines) if line.strip() == "[releve]"), len(lines))
    keep_path.write_text("".join(lines[:marker]) + "[releve]\n" + "\n".join(modules) + "\n", encoding="utf-8")
    return modules


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regenerer", action="store_true", help="réécrire la section [releve] de stdlib_keep.txt")
    parser.add_argument("--sortie", help="dossier de sortie (défaut : build/stdlib)")
    args = parser.parse_args(argv)
    try:
        if args.regenerer:
            modules = regenerate()
            print(f"{KEEP_FILE.name} : {len(modules)} modules relevés")
        else:
            print(build_stdlib(args.sortie))
    except StdlibError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
