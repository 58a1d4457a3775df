"""The page scripts a module imports, directly or not, so that a page can ask for them all at once.

The simulator page's script (docs/assets/js/simulateur.js) imports a dozen small modules, which
import others: read one level at a time, the browser would find them in three round trips before
the page is ready (DOMContentLoaded waits for module scripts). overrides/main.html lists the whole
graph in <link rel="modulepreload">, from `closure()`, so they are all fetched from the <head>.
Only static imports of relative paths count (`import ... from "./x.js"`, `export ... from "./x.js"`).
"""

import re
from pathlib import PurePosixPath

_STATIC_IMPORT = re.compile(r"""^\s*(?:import|export)\s+(?:[^"';]*?\s+from\s+)?["'](\.{1,2}/[^"']+)["']""", re.M)


def closure(docs_dir, entry):
    """entry and every module it imports, as paths relative to docs_dir ("assets/js/form.js"), in
    the order found (entry first)."""
    found, queue = [], [PurePosixPath(entry)]
    while queue:
        path = queue.pop(0)
        if str(path) in found:
            continue
        found.append(str(path))
        text = (docs_dir / path).read_text(encoding="utf-8")
        for target in _STATIC_IMPORT.findall(text):
            queue.append(_normalise(path.parent / target))
    return found


def _normalise(path):
    parts = []
    for part in path.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return PurePosixPath(*parts)
