"""Write the site's service worker, sw.js at the site root, from build_scripts/sw_template.js.

    python -m build_scripts.service_worker SITE_DIR

After a first visit, the worker keeps the site's pages in one cache named
by a version: a hash of the content-hashed names of the rules bundle and of the standard library
(assets/data/manifest.json), Pyodide's version, the engine wheel's digest and the bytes of every
cached file. A rebuild that changes any of them gives a new cache name; the new worker deletes the
older caches of the site when it activates. The simulator's runtime (`runtime_urls`: Pyodide, the
standard library, the engine wheel, the rules) goes into the same cache, not at install but as the
simulator downloads it or when a page asks for it in idle time (docs/assets/js/offline.js).
Run by the MkDocs hook after site_assets.copy_assets.
"""

import hashlib
import json
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "sw_template.js"
CACHE_PREFIX = "guide-hors-ligne-"
# Not cached: the precompressed copies (the host negotiates them), the source maps (only a
# developer's tools read them), the worker itself, host files.
SKIPPED_SUFFIXES = (".br", ".gz", ".map")
SKIPPED_NAMES = {"sw.js", "_headers"}
# A file whose name carries its content hash (the theme's bundles, the rules, the standard library).
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}\.(min\.)?[a-z]+$")


def precache_plan(site_dir):
    """(version, urls, immutable): the cache's version, every URL to cache (relative to the site
    root; a page as its folder, "./" for the home page) and those served from the cache first."""
    site_dir = Path(site_dir)
    manifest = json.loads((site_dir / "assets" / "data" / "manifest.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256()
    for key in ("regles", "stdlib", "pyodide", "roue_empreinte", "version"):
        digest.update(f"{key}={manifest.get(key)}\n".encode())
    urls, immutable = [], []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(site_dir).as_posix()
        if relative in SKIPPED_NAMES or relative.endswith(SKIPPED_SUFFIXES):
            continue
        digest.update(relative.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        url = _url(relative)
        urls.append(url)
        if _immutable(relative, manifest):
            immutable.append(url)
    return digest.hexdigest()[:16], urls, immutable


def runtime_urls(site_dir, urls):
    """Those of `urls` that make up the simulator's runtime (the large files)."""
    manifest = json.loads((Path(site_dir) / "assets" / "data" / "manifest.json").read_text(encoding="utf-8"))
    return [url for url in urls if url.startswith(("assets/pyodide/", "assets/wheels/"))
            or url == f"assets/data/{manifest['regles']}"]


def _url(relative):
    if relative == "index.html":
        return "./"
    if relative.endswith("/index.html"):
        return relative[: -len("index.html")]
    return relative


def _immutable(relative, manifest):
    # Pyodide's files change only with its version, which is in the cache's name.
    return (relative.startswith("assets/pyodide/") or relative.startswith("assets/wheels/")
            or relative == f"assets/data/{manifest['regles']}" or bool(HASHED_NAME.search(relative)))


def write_service_worker(site_dir):
    version, urls, immutable = precache_plan(site_dir)
    runtime = runtime_urls(site_dir, urls)
    text = (TEMPLATE.read_text(encoding="utf-8")
            .replace("__CACHE__", json.dumps(CACHE_PREFIX + version))
            .replace("__PREFIX__", json.dumps(CACHE_PREFIX))
            .replace("__PRECACHE__", json.dumps([url for url in urls if url not in runtime]))
            .replace("__RUNTIME__", json.dumps(runtime))
            .replace("__IMMUTABLE__", json.dumps(immutable)))
    (Path(site_dir) / "sw.js").write_text(text, encoding="utf-8")
    return CACHE_PREFIX + version


if __name__ == "__main__":
    print(write_service_worker(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "site"))
