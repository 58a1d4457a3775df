"""Thin MkDocs hook: the real work lives in plain scripts of build_scripts/.

Before the build (on_config, so that generated pages and their navigation exist
when MkDocs collects files): validate and compile the rules (the build is refused
on any error, listed in French with file:line:column), write the bundle, then
generate the pages that come from the rules. The project is the folder that holds
docs_dir: its rules/ are compiled and its build/ receives the bundle (a test builds
a copy of the rules this way). Each page gets its Content-Security-Policy
(build_scripts/csp.py). After the build: copy Pyodide (with the precompiled standard
library), the rules bundle and the engine wheel into the site, write the `_headers`
file of the policy, the service worker (build_scripts/service_worker.py), then the .br and .gz
copies of the large files.
"""

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# MkDocs loads hooks by file path: make the repository's packages importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_scripts import compile_rules, csp, precompress, service_worker, site_assets  # noqa: E402
from build_scripts.generate_pages import expand_navigation, generate_pages  # noqa: E402
from build_scripts.simulator_page import generate_simulator_page  # noqa: E402

# The hashes of the inline scripts of every page of the current build (for the `_headers` file),
# and whether the development server (live reload: an inline script) is running.
_SCRIPT_HASHES = set()
_SERVE = {"live_reload": False}


def on_startup(command, dirty):
    _SERVE["live_reload"] = command == "serve"


def _project(config):
    return Path(config["docs_dir"]).resolve().parent


def on_config(config):
    project = _project(config)
    bundle, problems = compile_rules.compile_rules(project / "rules")
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise PluginError(f"{len(problems)} erreur(s) dans les règles ; le site n'est pas construit :\n{lines}")
    compile_rules.write_bundle(bundle, project / "build" / "regles")
    generate_pages(bundle, config["docs_dir"])
    generate_simulator_page(bundle, config["docs_dir"])
    config["nav"] = expand_navigation(config["nav"], bundle)
    return config


def on_pre_build(config):
    _SCRIPT_HASHES.clear()


def on_post_page(output, page, config):
    return csp.fill_page(output, _SCRIPT_HASHES, _SERVE["live_reload"])


def on_post_template(output_content, template_name, config):
    return csp.fill_page(output_content, _SCRIPT_HASHES, _SERVE["live_reload"])


def on_post_build(config):
    try:
        site_assets.copy_assets(config["site_dir"], root=_project(config))
    except site_assets.AssetError as error:
        raise PluginError(str(error)) from None
    (Path(config["site_dir"]) / "_headers").write_text(csp.headers_file(_SCRIPT_HASHES), encoding="utf-8")
    service_worker.write_service_worker(config["site_dir"])
    precompress.precompress_site(config["site_dir"])
