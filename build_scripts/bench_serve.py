"""How fast the editors' live preview shows a change: from saving a rule file to the served page
containing the new text.

    python -m build_scripts.bench_serve [--fois 5] [--sortie build/bench/apercu.json]

On a copy of the project (the working tree is never touched), starts `mkdocs serve` as `make serve`
does, then, several times: changes the label of the AAH amount (rules/parametres/aah/montant.yaml)
and polls /parametres/ until it shows the new label; breaks the file (a tab) and waits for the
error banner; fixes it and waits for the banner to go. Also counts the rebuilds per save (one is
expected) and the CPU time of a rebuild as MkDocs reports it. Prints the figures with the machine's
load (the machine is shared: the load says how much to trust them) and writes them as JSON.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ["rules", "docs", "engine", "build_scripts", "overrides", "examples", "mkdocs.yml", "pyproject.toml", "README.md"]
KEPT_BUILD = ["wheel", "stdlib", "regles"]  # already built: the preview starts as after `make serve`
RULE = Path("rules") / "parametres" / "aah" / "montant.yaml"
LABEL = "libelle: Montant maximal mensuel de l'AAH"


def _copy_project(target):
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    for name in KEPT_BUILD:
        if (ROOT / "build" / name).exists():
            shutil.copytree(ROOT / "build" / name, target / "build" / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait(url, predicate, limit=120):
    """Seconds until the page at `url` satisfies `predicate` (None after `limit`)."""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        if predicate(_get(url)):
            return time.monotonic() - start
        time.sleep(0.05)
    return None


def _banner(body):
    return "apercu-erreurs" in body and f"{RULE.name}:" in body and "tabulation interdite" in body


def _cpu_seconds(pid):
    """CPU time used so far by the server and its finished children (Linux /proc; None elsewhere):
    the cost of a rebuild, much less sensitive than wall time to the other work of a shared machine."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _builds(log):
    return len(re.findall(r"Building documentation", log.read_text(encoding="utf-8", errors="replace")))


def measure(times=5, project=None):
    work = Path(tempfile.mkdtemp(prefix="apercu-"))
    server = None
    try:
        if project is None:
            _copy_project(work)
            project = work
        port = _free_port()
        log = work / "serve.log"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        with open(log, "w", encoding="utf-8") as out:
            server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                      cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env)
        page, home = f"http://127.0.0.1:{port}/parametres/", f"http://127.0.0.1:{port}/"
        if _wait(page, lambda body: LABEL.split(": ")[1] in body, limit=600) is None:
            raise RuntimeError("le serveur d'aperçu n'a pas démarré :\n" + log.read_text(encoding="utf-8"))
        rule = project / RULE
        original = rule.read_text(encoding="utf-8")
        visible, banner, cleared, rebuilds, cpu = [], [], [], [], []
        for index in range(times):
            time.sleep(2)  # let the polling settle
            before, cpu_before = _builds(log), _cpu_seconds(server.pid)
            tag = f"essai-{index}-{int(time.time())}"
            rule.write_text(original.replace(LABEL, f"{LABEL} {tag}"), encoding="utf-8")
            visible.append(_wait(page, lambda body, tag=tag: tag in body))
            time.sleep(2)
            rebuilds.append(_builds(log) - before)
            cpu_after = _cpu_seconds(server.pid)
            cpu.append(None if cpu_before is None or cpu_after is None else cpu_after - cpu_before)
            rule.write_text(original.replace("\nunite:", "\n\tunite:"), encoding="utf-8")
            banner.append(_wait(page, _banner))
            if banner[-1] is not None and not _banner(_get(home)):  # a hand-written page shows it too
                banner[-1] = None
            rule.write_text(original, encoding="utf-8")
            cleared.append(_wait(page, lambda body: "apercu-erreurs" not in body and LABEL.split(": ")[1] in body))
        built = [float(s) for s in re.findall(r"Documentation built in ([0-9.]+) seconds", log.read_text(encoding="utf-8"))]
        return {
            "charge_machine": [round(x, 2) for x in os.getloadavg()],
            "coeurs": os.cpu_count(),
            "enregistrement_vers_page_s": _summary(visible),
            "erreur_vers_bandeau_s": _summary(banner),
            "correction_vers_page_s": _summary(cleared),
            "reconstructions_par_enregistrement": rebuilds,
            "duree_reconstruction_s": _summary(built[1:]),
            "cpu_par_enregistrement_s": _summary(cpu),
        }
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def _summary(values):
    known = [v for v in values if v is not None]
    return {"mediane": round(statistics.median(known), 2) if known else None,
            "min": round(min(known), 2) if known else None, "max": round(max(known), 2) if known else None,
            "mesures": [None if v is None else round(v, 2) for v in values]}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Mesure le délai entre l'enregistrement d'une règle et l'aperçu.")
    parser.add_argument("--fois", type=int, default=5)
    parser.add_argument("--sortie", default=str(ROOT / "build" / "bench" / "apercu.json"))
    args = parser.parse_args(argv)
    report = measure(args.fois)
    out = Path(args.sortie)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
