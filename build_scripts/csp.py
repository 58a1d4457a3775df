"""The Content-Security-Policy of the site, in each page and in a headers file for the host.

Every page carries the policy in a <meta http-equiv> tag (overrides/main.html writes the tag with
PLACEHOLDER; `fill_page` puts the policy in, with the hashes of the page's own inline scripts: the
theme has two). A meta policy does not reach the simulator's Web Worker, and `frame-ancestors`
only works as a header: `headers_file` writes the same policy, with the hashes of every page, as a
`_headers` file at the root of the site (Netlify and Cloudflare Pages syntax; see README.md,
« Héberger le site »). Plain Python: the MkDocs hook calls it.

Only under `mkdocs serve` (make serve), whose live-reload script is inline and changes at every
request, script-src allows 'unsafe-inline' instead of the hashes; a built site never does.
"""

import base64
import hashlib
import re

PLACEHOLDER = "__POLITIQUE_CSP__"
# Scripts the browser runs (a <script type="application/json"> is data, not code: no hash needed).
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_DATA_TYPE = re.compile(r"""\btype=["']?(?!module|text/javascript|application/javascript)[^"'\s>]+""", re.I)
# 'wasm-unsafe-eval': Pyodide compiles WebAssembly; no 'unsafe-eval', no 'unsafe-inline'.
DIRECTIVES = (
    ("default-src", "'none'"),
    ("script-src", "'self' 'wasm-unsafe-eval'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("base-uri", "'none'"),
    ("form-action", "'none'"),
)
# Only a header can say these (a browser ignores them in a meta tag).
HEADER_ONLY = (("frame-ancestors", "'none'"),)
REFERRER_POLICY = "no-referrer"


def script_hashes(page_html):
    """The CSP sources ('sha256-…') of the inline scripts of a page, in the order of the page."""
    hashes = []
    for match in _INLINE_SCRIPT.finditer(page_html):
        if _DATA_TYPE.search(match.group(1)):
            continue
        digest = base64.b64encode(hashlib.sha256(match.group(2).encode("utf-8")).digest()).decode("ascii")
        if f"'sha256-{digest}'" not in hashes:
            hashes.append(f"'sha256-{digest}'")
    return hashes


def policy(hashes, header=False, live_reload=False):
    """The policy as one line; `hashes` are added to script-src ('unsafe-inline' instead with
    `live_reload`, for the development server only)."""
    directives = DIRECTIVES + (HEADER_ONLY if header else ())
    parts = []
    for name, sources in directives:
        if name == "script-src" and live_reload:
            sources += " 'unsafe-inline'"
        elif name == "script-src" and hashes:
            sources = " ".join([sources, *hashes])
        parts.append(f"{name} {sources}")
    return "; ".join(parts)


def fill_page(page_html, seen=None, live_reload=False):
    """The page with its policy in the meta tag (unchanged without the tag); the hashes are added to
    the set `seen` (for the headers file)."""
    if PLACEHOLDER not in page_html:
        return page_html
    hashes = script_hashes(page_html)
    if seen is not None:
        seen.update(hashes)
    return page_html.replace(PLACEHOLDER, policy(hashes, live_reload=live_reload))


def headers_file(hashes):
    """The `_headers` file: the policy of every page, for every path of the site."""
    return (
        "# Écrit par build_scripts/csp.py à chaque construction : en-têtes HTTP pour les hébergeurs qui lisent\n"
        "# ce fichier (Netlify, Cloudflare Pages). La politique couvre aussi le Web Worker du simulateur.\n"
        "/*\n"
        f"  Content-Security-Policy: {policy(sorted(hashes), header=True)}\n"
        f"  Referrer-Policy: {REFERRER_POLICY}\n"
        "  X-Content-Type-Options: nosniff\n"
    )
