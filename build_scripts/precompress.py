"""Precompressed copies of the built site's large files: FICHIER.br and FICHIER.gz beside FICHIER.

    python -m build_scripts.precompress [SITE_DIR]

A static host configured to serve them (see the README) sends the brotli or gzip copy to the
browsers that accept it, without compressing at each request (and at the best level: brotli 11,
gzip 9, which no host does on the fly). Run by the MkDocs hook after each build.

Only files of at least MIN_BYTES whose type compresses are done, and a copy is kept only if it
saves at least 10 %. Brotli at level 11 is slow (about 20 s for Pyodide's 9.6 MB WebAssembly),
so both outputs are cached in build/compression/ under the content's hash: an unchanged file
costs nothing at the next build. gzip runs with mtime 0, so both copies are reproducible.
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


COMPRESSORS = {
    ".br": lambda data: brotli.compress(data, quality=11),
    ".gz": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
}


def _compressed(data, suffix, cache):
    key = cache / (hashlib.sha256(data).hexdigest() + suffix)
    if key.exists():
        return key.read_bytes()
    packed = COMPRESSORS[suffix](data)
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
        sizes[str(path.relative_to(site_dir))] = [len(data), None, None]
        for suffix in (".gz", ".br"):
            packed = _compressed(data, suffix, cache)
            if len(packed) < KEEP_IF_BELOW * len(data):
                Path(str(path) + suffix).write_bytes(packed)
                sizes[str(path.relative_to(site_dir))][1 if suffix == ".gz" else 2] = len(packed)
    return sizes


if __name__ == "__main__":
    result = precompress_site(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")
    print(f"{len(result)} fichiers précompressés")
