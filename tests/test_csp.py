"""The Content-Security-Policy written by build_scripts/csp.py (the browser checks are in
tests/test_trust_browser.py)."""

import base64
import hashlib

from build_scripts import csp

PAGE = ('<head><meta http-equiv="Content-Security-Policy" content="__POLITIQUE_CSP__"><script>var a=1</script>'
        '<script id="__config" type="application/json">{"a": 1}</script><script type="module">b()</script>'
        '<script src="x.js"></script></head>')


def sha(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_only_the_inline_scripts_that_run_are_hashed():
    assert csp.script_hashes(PAGE) == [sha("var a=1"), sha("b()")]


def test_the_page_gets_its_hashes_and_the_headers_file_every_page_s():
    seen = set()
    page = csp.fill_page(PAGE, seen)
    assert csp.PLACEHOLDER not in page and sha("var a=1") in page
    assert csp.fill_page("<p>sans balise</p>", seen) == "<p>sans balise</p>"
    csp.fill_page(PAGE.replace("var a=1", "var a=2"), seen)
    headers = csp.headers_file(seen)
    assert all(sha(s) in headers for s in ("var a=1", "var a=2", "b()"))
    assert "frame-ancestors 'none'" in headers and "frame-ancestors" not in page
    assert "Referrer-Policy: no-referrer" in headers


def test_no_unsafe_source_outside_the_development_server():
    for policy in (csp.policy([sha("x")]), csp.policy([sha("x")], header=True)):
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        assert policy.startswith("default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-")
    assert "'unsafe-inline'" in csp.policy([sha("x")], live_reload=True) and "sha256" not in csp.policy([sha("x")], live_reload=True)


def test_the_theme_overrides_follow_the_installed_theme():
    """overrides/ copies parts of Material for MkDocs (partials/search.html, the <title> block): an
    upgrade of the theme must re-check them."""
    from importlib.metadata import version
    from pathlib import Path

    overrides = Path(__file__).resolve().parent.parent / "overrides"
    for copied in ("partials/search.html", "main.html"):
        assert f"Material for MkDocs {version('mkdocs-material')}'s" in (overrides / copied).read_text(), copied
