"""Benchmark of the simulator in the real browser (Debian's chromium through Playwright).

    python -m build_scripts.bench [--runs 5] [--changes 100] [--phone-runs 2] [--build-runs 1] [--site site]   (make bench)

Writes build/bench/rapport.json and prints it. In one run, with the machine's load noted before
and after:
- page loads, interleaved (product cold, product warm, bare cold, bare warm, order rotated at
  each repetition), --runs of each: navigation -> form usable (DOMContentLoaded: the static form
  is interactive), -> engine's worker created, -> engine ready, -> first result (page opened
  with a share link: computed at once). Cold: a new browser profile (empty HTTP cache, no memory
  snapshot in IndexedDB, no service worker; the bench waits for the worker to store a snapshot);
  warm: the same profile again (cache, service worker and snapshot). "Bare": a tiny page served
  beside the site whose worker calls loadPyodide() on the same
  vendored files with Pyodide's unmodified python_stdlib.zip, navigation -> loadPyodide resolved;
- recompute, from the input event to the result painted, measured in the page: a choice clicked
  as a person clicks (button held 60 ms), the same with no press at all, and a typed amount (from
  the last keystroke), --changes of each, median and 95th percentile (build_scripts/bench_recompute.py);
- the first result on an emulated mid-range phone over "Fast 4G", first visit and return visit
  (build_scripts/bench_phone.py), a figure without target;
- the issue-11 answers in the worker (main result, seuils, comparer), medians per action and in
  total against 150 ms (build_scripts/bench_decisions.py);
- transfer: cold (raw, and as a host serving the .gz / .br copies would send it) and warm
  (bytes on the wire, headers included);
- site build time with the real rules and with 10x synthetic rules (each right, payment form,
  worked case and parameter folder copied nine times), interleaved, in fresh copies of the
  repository (only Pyodide's own compressed copies are reused from build/compression/).
The server sends the precompressed copies the browser accepts, as a well-configured host does.
"verdict" puts each figure beside its target from issue 14. Timings are medians, with min/max
under "spread_ms".
"""

import argparse
import base64
import email.utils
import functools
import http.server
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from build_scripts.bench_decisions import decision_times, situations_for_bench, verdict_line
from build_scripts.bench_offline import build_times, transfer_cold
from build_scripts.bench_phone import phone_first_results
from build_scripts.bench_recompute import recompute
from build_scripts.bench_recompute import report as recompute_report

ROOT = Path(__file__).resolve().parent.parent
SITUATION = {
    "paiement_forme": "salaire", "paiement_montant": 150, "paiement_nombre": 1, "paiement_periodicite": "une_fois",
    "a_autre_activite": False, "percoit_pension_invalidite": False, "percoit_aah": True,
    "aah_taux_incapacite": "au_moins_80", "percoit_mva": True,
}
BARE_PAGE = """<!doctype html><meta charset="utf-8"><title>loadPyodide nu</title>
<p>loadPyodide() nu, fichiers du site, bibliothèque standard d'origine.</p>
<script>
const worker = new Worker("worker.js", { type: "module" });
worker.onmessage = (event) => { performance.mark("nu-pret"); window.__nu = event.data; };
</script>
"""
BARE_WORKER = """const base = new URL("../guide/assets/pyodide/", import.meta.url).href;
const { loadPyodide } = await import(base + "pyodide.mjs");
const pyodide = await loadPyodide({ indexURL: base, stdLibURL: new URL("python_stdlib.zip", import.meta.url).href });
self.postMessage(pyodide.runPython("1 + 1"));
"""
SNAPSHOT_SIZE = """(key) => new Promise((resolve) => {
    const open = indexedDB.open("simulateur-instantane", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("instantanes");
    open.onerror = () => resolve(0);
    open.onsuccess = () => {
        const request = open.result.transaction("instantanes").objectStore("instantanes").get(key);
        request.onsuccess = () => { open.result.close(); resolve(request.result ? (request.result.taille ?? request.result.size ?? request.result.length) : 0); };
        request.onerror = () => resolve(0);
    };
})"""


# ---------------------------------------------------------------- serving

class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, sending FICHIER.br or FICHIER.gz when the browser accepts it (as a host
    configured as in the README does), with Last-Modified / If-Modified-Since and no-cache."""

    def log_message(self, *args):
        pass

    def end_headers(self):
        # Every file revalidated at each visit (the most a host can ask): "warm" is then the
        # worst case of a return visit, 304 answers without body.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urlparse(self.path).path.endswith("/") or not os.path.isfile(os.path.join(path, "index.html")):
                return super().send_head()
            path = os.path.join(path, "index.html")
        accepted = self.headers.get("Accept-Encoding", "")
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            if encoding in accepted and os.path.isfile(path + suffix):
                break
        else:
            return super().send_head()
        body = path + suffix
        mtime = int(os.stat(path).st_mtime)
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                if mtime <= email.utils.parsedate_to_datetime(since).timestamp():
                    self.send_response(304)
                    self.end_headers()
                    return None
            except (TypeError, ValueError):
                pass
        handle = open(body, "rb")  # noqa: SIM115 (closed by the server, as in http.server)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(os.fstat(handle.fileno()).st_size))
        self.send_header("Last-Modified", self.date_time_string(mtime))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return handle


def _serve(site_dir):
    """The site under /guide/, the bare page under /nu/ (with Pyodide's own standard library)."""
    root = Path(tempfile.mkdtemp(prefix="bench-"))
    (root / "guide").symlink_to(site_dir.resolve())
    bare = root / "nu"
    bare.mkdir()
    (bare / "index.html").write_text(BARE_PAGE, encoding="utf-8")
    (bare / "worker.js").write_text(BARE_WORKER, encoding="utf-8")
    shutil.copy2(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip", bare / "python_stdlib.zip")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, root, f"http://127.0.0.1:{server.server_address[1]}/"


# ---------------------------------------------------------------- page loads

def _share_fragment():
    return "#s=" + base64.urlsafe_b64encode(json.dumps(SITUATION).encode()).decode().rstrip("=")


def _open(context, url, wait_for):
    """Open url; return (page, timings from its marks, [(path, status, wire bytes, encoding)])."""
    page = context.new_page()
    fetched = []

    def finished(request):
        response = request.response()
        if response is None:
            return
        sizes = request.sizes()
        fetched.append((urlparse(request.url).path, response.status,
                        sizes["responseBodySize"] + sizes["responseHeadersSize"],
                        response.headers.get("content-encoding", "")))

    page.on("requestfinished", finished)
    page.goto(url)
    page.wait_for_function(wait_for, timeout=180_000, polling=20)  # wait_for is "() => ..." (a string predicate would be eval: CSP)
    page.wait_for_timeout(300)  # let late responses be counted
    return page, fetched


def _load_product(context, base, wait_snapshot=False):
    page, fetched = _open(context, base + "guide/simulateur/" + _share_fragment(),
                          "() => performance.getEntriesByName('simulateur-premier-resultat').length > 0")
    timings = page.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const mark = (name) => { const entry = performance.getEntriesByName(name)[0];
          if (!entry) throw new Error(`repère de performance absent : ${name} (repères : ${performance.getEntriesByType('mark').map((m) => m.name).join(', ')})`);
          return entry.startTime; };
        const snapshot = (window.__simulateur.engine || {}).instantane || {};
        return {form: nav.domContentLoadedEventEnd, ready: mark('simulateur-pret'), first: mark('simulateur-premier-resultat'),
                worker: mark('simulateur-moteur-lance'),
                snapshot: snapshot.etat || "?", key: snapshot.cle};
    }""")
    if wait_snapshot:
        _wait_for_snapshot(page)
    return page, timings, fetched


def _wait_for_snapshot(page):
    """The worker stores its memory snapshot once the page is idle: a warm visit finds it."""
    key = page.evaluate("() => (window.__simulateur.engine.instantane || {}).cle")
    for _ in range(480 if key else 0):
        if page.evaluate(SNAPSHOT_SIZE, key) > 1_000_000:
            break
        page.wait_for_timeout(250)


def _load_bare(context, base):
    page, fetched = _open(context, base + "nu/", "() => performance.getEntriesByName('nu-pret').length > 0")
    timings = page.evaluate("() => ({ready: performance.getEntriesByName('nu-pret')[0].startTime})")
    return page, timings, fetched


# ---------------------------------------------------------------- report

def _stats(values, digits=0):
    return {"median": round(statistics.median(values), digits), "min": round(min(values), digits),
            "max": round(max(values), digits), "n": len(values)}


def _chromium_version(chromium):
    try:
        return subprocess.run([chromium, "--version"], capture_output=True, text=True, timeout=30, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="chargements de chaque sorte (défaut : 5)")
    parser.add_argument("--changes", type=int, default=100, help="changements mesurés par sorte de recalcul (défaut : 100)")
    parser.add_argument("--phone-runs", type=int, default=2,
                        help="visites sur un téléphone émulé, première et suivante (défaut : 2, 0 pour ne pas mesurer)")
    parser.add_argument("--build-runs", type=int, default=1, help="constructions du site de chaque taille (défaut : 1, 0 pour ne pas mesurer)")
    parser.add_argument("--site", default=os.environ.get("SITE_DIR", str(ROOT / "site")))
    parser.add_argument("--sortie", default=str(ROOT / "build" / "bench" / "rapport.json"))
    args = parser.parse_args(argv)
    site_dir = Path(args.site)
    if not (site_dir / "simulateur" / "index.html").exists():
        raise SystemExit(f"site non construit dans {site_dir} : lancez « make site »")
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("chromium introuvable : installez le paquet Debian « chromium » (make chromium)")

    from playwright.sync_api import sync_playwright

    started = datetime.now(UTC)
    load_before = os.getloadavg()
    server, served_root, base = _serve(site_dir)
    loads = {(kind, state): [] for kind in ("product", "bare") for state in ("cold", "warm")}
    fetched_cold = {"product": None, "bare": None}
    warm_bytes = {"product": [], "bare": []}
    encodings = set()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"])
            for run in range(args.runs):
                for kind in (("product", "bare") if run % 2 == 0 else ("bare", "product")):
                    load = _load_product if kind == "product" else _load_bare
                    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
                    page, timings, fetched = (_load_product(context, base, wait_snapshot=True) if kind == "product"
                                              else _load_bare(context, base))
                    loads[(kind, "cold")].append(timings)
                    fetched_cold[kind] = fetched_cold[kind] or fetched
                    encodings.update(e for _, _, _, e in fetched if e)
                    page.close()
                    page, timings, fetched = load(context, base)
                    loads[(kind, "warm")].append(timings)
                    warm_bytes[kind].append(sum(wire for _, _, wire, _ in fetched))
                    page.close()
                    context.close()
            context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
            page, _, _ = _load_product(context, base)
            recomputed = recompute(page, args.changes)
            cases = page.evaluate("fetch(new URL('../assets/data/manifest.json', location.href)).then((r) => r.json())"
                                  ".then((m) => fetch(new URL('../assets/data/' + m.regles, location.href))).then((r) => r.json())"
                                  ".then((rules) => rules.cas)")
            decisions = decision_times(page, situations_for_bench(cases, SITUATION), max(args.runs, 5))
            context.close()
            phone = (phone_first_results(browser, base + "guide/simulateur/" + _share_fragment(), args.phone_runs, _wait_for_snapshot)
                     if args.phone_runs else None)
            browser.close()
    finally:
        server.shutdown()
        shutil.rmtree(served_root)

    build = build_times(args.build_runs) if args.build_runs else None
    load_after = os.getloadavg()

    def med(kind, state, key):
        return statistics.median(t[key] for t in loads[(kind, state)])

    def spread(kind, state, key):
        return _stats([t[key] for t in loads[(kind, state)]])

    transfer = transfer_cold(site_dir, fetched_cold["product"])
    report = {
        "date": started.isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "chromium": _chromium_version(chromium),
                    "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in load_after]},
        "runs": args.runs,
        "first_result_ms": {state: round(med("product", state, "first")) for state in ("cold", "warm")},
        "bare_loadpyodide_ms": {state: round(med("bare", state, "ready")) for state in ("cold", "warm")},
        "ratio_first_result_to_bare": {state: round(med("product", state, "first") / med("bare", state, "ready"), 2)
                                       for state in ("cold", "warm")},
        "form_usable_ms": {state: round(med("product", state, "form")) for state in ("cold", "warm")},
        "engine_ready_ms": {state: round(med("product", state, "ready")) for state in ("cold", "warm")},
        "worker_started_ms": {state: round(med("product", state, "worker")) for state in ("cold", "warm")},
        "snapshot_restored_warm": sum(t["snapshot"] == "restaure" for t in loads[("product", "warm")]),
        "recompute_ms": recompute_report(recomputed, args.changes),
        "issue11_worker_ms": decisions,
        "phone_emulated": phone,
        "transfer_bytes": {"cold_raw": transfer["raw"], "cold_gzip": transfer["gzip"], "cold_brotli": transfer["brotli"],
                           "warm": round(statistics.median(warm_bytes["product"])),
                           "cold_files": transfer["files"], "largest": transfer["largest"],
                           "served_encodings": sorted(encodings)},
        "spread_ms": {f"{kind}_{state}_{key}": spread(kind, state, key)
                      for (kind, state) in loads for key in (("form", "worker", "ready", "first") if kind == "product" else ("ready",))},
    }
    if build:
        times, cpu, files = build
        report["build_s"] = {"rules_1x": round(statistics.median(times[1]), 1), "rules_10x": round(statistics.median(times[10]), 1),
                             "spread": {"rules_1x": _stats(times[1], 1), "rules_10x": _stats(times[10], 1)},
                             "rules": {"rules_1x": files[1], "rules_10x": files[10]}}
        report["build_cpu_s"] = {"rules_1x": round(statistics.median(cpu[1]), 1), "rules_10x": round(statistics.median(cpu[10]), 1)}
    report["verdict"] = _verdict(report)
    out = Path(args.sortie)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"\nRapport écrit dans {out}", file=sys.stderr)


def _verdict(report):
    """Each figure beside its target (issue 14, "Targets")."""
    r = report
    lines = {
        "form_usable_ms.cold": (r["form_usable_ms"]["cold"], "< 500", r["form_usable_ms"]["cold"] < 500),
        "ratio_first_result_to_bare.cold": (r["ratio_first_result_to_bare"]["cold"], "<= 0.8", r["ratio_first_result_to_bare"]["cold"] <= 0.8),
        "ratio_first_result_to_bare.warm": (r["ratio_first_result_to_bare"]["warm"], "<= 0.5", r["ratio_first_result_to_bare"]["warm"] <= 0.5),
        "recompute_ms.choice_p95": (r["recompute_ms"]["choice_p95"], "< 30", r["recompute_ms"]["choice_p95"] < 30),
        "recompute_ms.typed_p95": (r["recompute_ms"]["typed_p95"], "< 100", r["recompute_ms"]["typed_p95"] < 100),
        "issue11_worker_ms.total": verdict_line(r["issue11_worker_ms"]),
        "transfer_bytes.cold_brotli": (r["transfer_bytes"]["cold_brotli"], "<= 5000000", r["transfer_bytes"]["cold_brotli"] <= 5_000_000),
        "transfer_bytes.warm": (r["transfer_bytes"]["warm"], "<= 50000", r["transfer_bytes"]["warm"] <= 50_000),
    }
    if "build_s" in r:
        # The synthetic rules grow faster than 10x (each payment form states its effect on each
        # right: 10 x 10), so the time is compared with the size of the compiled rules. The CPU
        # time decides (the wall time of a loaded machine measures the other work as well).
        size = r["build_s"]["rules"]["rules_10x"]["bundle_bytes"] / r["build_s"]["rules"]["rules_1x"]["bundle_bytes"]
        for key in ("build_s", "build_cpu_s"):
            ratio = r[key]["rules_10x"] / r[key]["rules_1x"]
            lines[f"{key}.rules_10x / rules_1x"] = (round(ratio, 2), f"<= {size:.1f} (rapport des tailles des règles compilées : linéaire)",
                                                    ratio <= size * 1.1)
    return {key: {"mesure": value, "cible": target, "atteinte": ok} for key, (value, target, ok) in lines.items()}


if __name__ == "__main__":
    main()
