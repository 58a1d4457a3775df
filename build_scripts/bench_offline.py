"""The benchmark's measures that need no browser: the site's build time with the real rules and
with 10x synthetic rules (in fresh copies of the repository), and the bytes of a cold load, raw
and as sent from the precompressed .gz / .br copies. Used by build_scripts/bench.py."""

import hashlib
import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parent.parent


def copy_repository(target, scale):
    """A copy of the working tree (tracked and new files) with node_modules linked and the
    rules multiplied by `scale`; Pyodide's compressed copies seeded in its cache."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    for name in listed:
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to((ROOT / "node_modules").resolve())
    shutil.copytree(ROOT / "build" / "wheel", target / "build" / "wheel")
    if scale > 1:
        multiply_rules(target / "rules", scale)
    # As in any build but the very first: the runtime's compressed copies are in the cache (they
    # change only with Pyodide or the standard library's keep list, not with the rules).
    cache = target / "build" / "compression"
    cache.mkdir(parents=True)
    runtime_files = list((ROOT / "node_modules" / "pyodide").iterdir()) + list((ROOT / "build" / "stdlib").glob("python_stdlib.*.zip"))
    for runtime in runtime_files:
        digest = hashlib.sha256(runtime.read_bytes()).hexdigest()
        for suffix in (".11.br", ".gz"):
            cached = ROOT / "build" / "compression" / (digest + suffix)
            if cached.exists():
                shutil.copy2(cached, cache / cached.name)


def multiply_rules(rules, scale):
    import yaml

    originals = {kind: sorted((rules / kind).glob("*.yaml")) for kind in ("droits", "formes", "cas")}
    folders = sorted(d for d in (rules / "parametres").iterdir() if d.is_dir())
    for k in range(1, scale):
        for kind, files in originals.items():
            for path in files:
                shutil.copy2(path, path.with_name(f"{path.stem}{'-' if kind == 'cas' else '_'}x{k}.yaml"))
        for folder in folders:
            shutil.copytree(folder, folder.with_name(f"{folder.name}_x{k}"))
    # Every payment form states its effect on every right: the copies of a right get the original's.
    for path in sorted((rules / "formes").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        effects = data.get("effets", {})
        for right in [r for r in effects if "_x" not in r]:
            for k in range(1, scale):
                effects[f"{right}_x{k}"] = effects[right]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _children_cpu():
    """CPU seconds used so far by the finished child processes (and theirs): unlike the wall
    time, barely moved by the other work of a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build_times(runs):
    """({1: [wall s...], 10: [...]}, {1: [cpu s...], 10: [...]}, sizes) of `mkdocs build`."""
    mkdocs = ROOT / ".venv" / "bin" / "mkdocs"
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    copies = {}
    try:
        for scale in (1, 10):
            copies[scale] = work / f"x{scale}"
            copy_repository(copies[scale], scale)
        times, cpu = {1: [], 10: []}, {1: [], 10: []}
        sizes = {}
        for run in range(runs):
            for scale in ((1, 10) if run % 2 == 0 else (10, 1)):
                copy = copies[scale]
                for stale in ("site", "build/stdlib", "build/regles"):
                    shutil.rmtree(copy / stale, ignore_errors=True)
                start, start_cpu = time.perf_counter(), _children_cpu()
                done = subprocess.run([str(mkdocs), "build", "--strict", "-q"], cwd=copy, capture_output=True, text=True, check=False,
                                      env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
                if done.returncode != 0:
                    raise SystemExit(f"construction {scale}x impossible :\n{done.stderr[-3000:]}")
                times[scale].append(time.perf_counter() - start)
                cpu[scale].append(_children_cpu() - start_cpu)
                sizes[scale] = {"files": len(list((copy / "rules").rglob("*.yaml"))),
                                "yaml_bytes": sum(f.stat().st_size for f in (copy / "rules").rglob("*.yaml")),
                                "bundle_bytes": sum(f.stat().st_size for f in (copy / "build" / "regles").glob("regles.*.json")),
                                "pages_bytes": sum(f.stat().st_size for f in (copy / "site").rglob("*.html"))}
        return times, cpu, sizes
    finally:
        shutil.rmtree(work, ignore_errors=True)



def site_file(site_dir, path):
    relative = unquote(path[len("/guide/"):]) if path.startswith("/guide/") else None
    if relative is None:
        return None
    target = site_dir / (relative or "index.html")
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def transfer_cold(site_dir, fetched):
    """Bytes of the files of one cold load: raw, and as sent from the .gz / .br copies."""
    raw = gz = br = 0
    files = []
    for path, status, _, _ in fetched:
        target = site_file(site_dir, path)
        if target is None or status != 200:
            continue
        files.append(target)
    files = sorted(set(files))
    detail = []
    for target in files:
        size = target.stat().st_size
        sizes = [size]
        for suffix in (".gz", ".br"):
            copy = Path(str(target) + suffix)
            sizes.append(copy.stat().st_size if copy.exists() else size)
        raw, gz, br = raw + sizes[0], gz + sizes[1], br + sizes[2]
        detail.append((str(target.relative_to(site_dir)), *sizes))
    detail.sort(key=lambda row: -row[1])
    return {"raw": raw, "gzip": gz, "brotli": br, "files": len(files),
            "largest": [{"file": f, "raw": r, "gzip": g, "brotli": b} for f, r, g, b in detail[:6]]}
