"""Shared fixtures: the compiled rules, the built site served on loopback, Debian's Chromium.

Browser tests fail (never skip) when Chromium or the built site is missing:
`make test` installs Chromium and builds the site first.
"""

import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path

import pytest

import engine
from guard import guarded_context

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = Path(os.environ.get("SITE_DIR", ROOT / "site"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def rules():
    """The rules compiled in memory from rules/ (the same bundle the site ships)."""
    from build_scripts.compile_rules import compile_rules, serialise

    bundle, problems = compile_rules(ROOT / "rules")
    assert not problems, "\n".join(str(p) for p in problems)
    text, _ = serialise(bundle)
    return json.loads(text)


@pytest.fixture()
def rules_copy(tmp_path):
    """A copy of rules/ that a test may break (tests/rule_edits.py)."""
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


@pytest.fixture(scope="session")
def site_dir():
    if not (SITE_DIR / "index.html").exists():
        pytest.fail(f"site non construit dans {SITE_DIR} : lancez « make site » (make test le fait)")
    return SITE_DIR


@pytest.fixture(scope="session")
def site_rules(site_dir):
    """The rules bundle the site ships (what the browser engine reads)."""
    manifest = json.loads((site_dir / "assets" / "data" / "manifest.json").read_text(encoding="utf-8"))
    return engine.load_rules((site_dir / "assets" / "data" / manifest["regles"]).read_text(encoding="utf-8"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site_dir):
    """The built site served on 127.0.0.1 under the sub-path /guide/ (as a static host might)."""
    root = site_dir.parent / ".served"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir()
    (root / "guide").symlink_to(site_dir.resolve())
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/guide/"
    server.shutdown()
    shutil.rmtree(root)


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("chromium introuvable : installez le paquet Debian « chromium » (make test le fait)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def page_guarded(browser):
    """A fresh page that records every request to another origin (the test then asserts none)."""
    context = guarded_context(browser)
    page = context.new_page()
    page.external_requests = context.external_requests
    yield page
    context.close()
