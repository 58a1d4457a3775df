"""Benchmark the simulator in the real browser (Debian's chromium through Playwright).

    python -m build_scripts.bench [--runs 3] [--site site]      (make bench)

Serves the built site on loopback under /guide/, then measures, for a cold load
(empty cache) and a warm one (same browser profile, files from the HTTP cache):
- time until the form is usable (DOMContentLoaded: the static form is interactive),
- time until the engine is ready (Pyodide booted, wheel and rules loaded),
- time until the first result (page opened with a share link: computed at once),
- recompute latency (one request through the worker, and one answer changed in the
  form until the new result is shown): median and 95th percentile,
- bytes transferred: raw, and gzipped as a compressing host would send them.
Prints the figures; nothing is written.
"""

import argparse
import base64
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

ROOT = Path(__file__).resolve().parent.parent
SITUATION = {
    "paiement_forme": "salaire", "paiement_montant": 150, "paiement_nombre": 1, "paiement_periodicite": "une_fois",
    "a_autre_activite": False, "percoit_pension_invalidite": False, "percoit_aah": True,
    "aah_taux_incapacite": "au_moins_80", "percoit_mva": True,
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve(site_dir):
    root = Path(tempfile.mkdtemp(prefix="bench-"))
    (root / "guide").symlink_to(site_dir.resolve())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, root, f"http://127.0.0.1:{server.server_address[1]}/guide/"


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _gzip_size(path, cache={}):
    if path not in cache:
        cache[path] = len(gzip.compress(path.read_bytes(), compresslevel=6))
    return cache[path]


def _load(context, url, site_dir, base_path):
    """Open the simulator with a share link; return timings (ms) and the files fetched."""
    fetched = []
    page = context.new_page()

    def on_response(response):
        path = urlparse(response.url).path
        if path.startswith(base_path) and response.status == 200:
            fetched.append((path, response.request.timing))

    page.on("response", on_response)
    fragment = "#s=" + base64.urlsafe_b64encode(json.dumps(SITUATION).encode()).decode().rstrip("=")
    page.goto(url + "simulateur/" + fragment)
    page.wait_for_function("performance.getEntriesByName('simulateur-premier-resultat').length > 0", timeout=120_000)
    timings = page.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const mark = (name) => performance.getEntriesByName(name)[0].startTime;
        return {form: nav.domContentLoadedEventEnd, ready: mark('simulateur-pret'), first: mark('simulateur-premier-resultat')};
    }""")
    files = []
    for path, _ in fetched:
        relative = unquote(path[len(base_path):]) or "index.html"
        target = site_dir / relative
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            files.append(target)
    return page, timings, files


def _recompute(page, n=200):
    engine_ms = page.evaluate("""async (n) => {
        const times = [];
        const s = window.__simulateur;
        const situation = s.readSituation();
        for (let i = 0; i < n; i++) {
            const t = performance.now();
            await s.simulate({situation: {...situation, paiement_montant: 50 + i}, date: '2025-06-01'});
            times.push(performance.now() - t);
        }
        return times;
    }""", n)
    ui_ms = []
    for i in range(20):
        value = "oui" if i % 2 else "non"
        start = time.perf_counter()
        page.locator(f"input[name=percoit_mva][value={value}]").check()
        page.wait_for_function("window.__simulateur.settled()", timeout=10_000, polling=5)
        ui_ms.append((time.perf_counter() - start) * 1000)
    return engine_ms, ui_ms


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="nombre de chargements à froid (défaut : 3)")
    parser.add_argument("--site", default=os.environ.get("SITE_DIR", str(ROOT / "site")))
    args = parser.parse_args(argv)
    site_dir = Path(args.site)
    if not (site_dir / "simulateur" / "index.html").exists():
        raise SystemExit(f"site non construit dans {site_dir} : lancez « make site »")
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("chromium introuvable : installez le paquet Debian « chromium » (make chromium)")

    from playwright.sync_api import sync_playwright

    server, served_root, url = _serve(site_dir)
    base_path = urlparse(url).path
    cold, warm = [], []
    files = []
    engine_ms, ui_ms = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
            for run in range(args.runs):
                context = browser.new_context(locale="fr-FR")
                page, timings, fetched = _load(context, url, site_dir, base_path)
                cold.append(timings)
                if run == 0:
                    files = fetched
                    engine_ms, ui_ms = _recompute(page)
                page.close()
                page, timings, _ = _load(context, url, site_dir, base_path)  # warm: same HTTP cache
                warm.append(timings)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        shutil.rmtree(served_root)

    def line(label, key, runs):
        values = [r[key] for r in runs]
        return f"  {label:<38} médiane {statistics.median(values):7.0f} ms   (min {min(values):.0f}, max {max(values):.0f})"

    unique = sorted(set(files))
    raw = sum(f.stat().st_size for f in unique)
    zipped = sum(_gzip_size(f) for f in unique)
    print(f"Banc d'essai du simulateur ({args.runs} chargements, chromium {chromium}, {os.cpu_count()} cœurs)")
    for title, runs in (("À froid (cache vide)", cold), ("À chaud (cache HTTP)", warm)):
        print(title)
        print(line("formulaire utilisable", "form", runs))
        print(line("moteur prêt", "ready", runs))
        print(line("premier résultat", "first", runs))
    print("Recalcul")
    print(f"  {'appel du moteur (aller-retour worker)':<38} médiane {statistics.median(engine_ms):7.2f} ms   p95 {_percentile(engine_ms, 0.95):.2f} ms   ({len(engine_ms)} appels)")
    print(f"  {'une réponse changée → résultat':<38} médiane {statistics.median(ui_ms):7.1f} ms   p95 {_percentile(ui_ms, 0.95):.1f} ms   ({len(ui_ms)} changements)")
    print(f"Transfert à froid : {len(unique)} fichiers, {raw / 1e6:.2f} Mo bruts, {zipped / 1e6:.2f} Mo compressés gzip")
    for f in sorted(unique, key=lambda f: -f.stat().st_size)[:6]:
        print(f"  {f.relative_to(site_dir)!s:<48} {f.stat().st_size / 1e3:9.0f} ko  gzip {_gzip_size(f) / 1e3:8.0f} ko")


if __name__ == "__main__":
    main()
