"""Precompressed copies of the built site's large files: FICHIER.br and FICHIER.gz beside FICHIER.

    python -m build_scripts.precompress [SITE_DIR]

A static host configured to serve them (see the README) sends the brotli or gzip copy to the
browsers that accept it, without compressing at each request, and better than hosts do on the
fly. Run by the MkDocs hook after each build.

Only files of at least MIN_BYTES whose type compresses are done, and a copy is kept only if it
saves at least 10 %. Brotli at its best level (11) is slow, about 15 times slower than level 9
for 7 % less (20 s for Pyodide's 9.6 MB WebAssembly): it is used for the runtime under
assets/pyodide/ (three quarters of the bytes, changed only with Pyodide or the keep list of the
standard library), level 9 for the rest (pages, rules, search index), which changes at every
build. Outputs are cached in build/compression/ under the content's hash and the level: an
unchanged file costs nothing at the next build. gzip (level 9) runs with mtime 0, so both copies
are reproducible.
"""

import gzip
import hashlib
import sys
from pathlib import Path

import brotli

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "compression"
MIN_BYTES = 1024
SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".wasm", ".zip", ".svg", ".xml", ".txt", ".map", ".whl"}
KEEP_IF_BELOW = 0.9  # a copy must be under 90 % of the original


BEST_LEVEL_UNDER = "assets/pyodide/"


def _compress(data, suffix, best):
    if suffix == ".gz":
        return gzip.compress(data, compresslevel=9, mtime=0)
    return brotli.compress(data, quality=11 if best else 9)


def _compressed(data, suffix, cache, best):
    key = cache / (hashlib.sha256(data).hexdigest() + (".11" if best and suffix == ".br" else "") + suffix)
    if key.exists():
        return key.read_bytes()
    packed = _compress(data, suffix, best)
    cache.mkdir(parents=True, exist_ok=True)
    key.write_bytes(packed)
    return packed


def _candidates(site_dir):
    for path in sorted(site_dir.rglob("*")):
        if path.is_file() and path.suffix in SUFFIXES and path.stat().st_size >= MIN_BYTES:
            yield path


def precompress_site(site_dir, cache=CACHE):
    """Write the .br and .gz copies; remove stale ones. Returns {relative path: (raw, gzip, brotli)}."""
    site_dir = Path(site_dir)
    sizes = {}
    for stale in list(site_dir.rglob("*.br")) + list(site_dir.rglob("*.gz")):
        stale.unlink()
    for path in _candidates(site_dir):
        data = path.read_bytes()
        relative = path.relative_to(site_dir).as_posix()
        sizes[relative] = [len(data), None, None]
        for suffix in (".gz", ".br"):
            packed = _compressed(data, suffix, cache, relative.startswith(BEST_LEVEL_UNDER))
            if len(packed) < KEEP_IF_BELOW * len(data):
                Path(str(path) + suffix).write_bytes(packed)
                sizes[relative][1 if suffix == ".gz" else 2] = len(packed)
    return sizes


if __name__ == "__main__":
    result = precompress_site(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")
    print(f"{len(result)} fichiers précompressés")
