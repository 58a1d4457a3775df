"""Thin MkDocs hook: the real work lives in plain scripts of build_scripts/.

Before the build (on_config, so that generated pages and their navigation exist
when MkDocs collects files): validate and compile rules/ (the build is refused
on any error, listed in French with file:line:column), write the bundle, then
generate the pages that come from the rules. After the build: copy Pyodide,
the rules bundle and the engine wheel into the site, then write the .br and .gz
copies of the large files.
"""

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# MkDocs loads hooks by file path: make the repository's packages importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_scripts import compile_rules, precompress, site_assets  # noqa: E402
from build_scripts.generate_pages import expand_navigation, generate_pages  # noqa: E402
from build_scripts.simulator_page import generate_simulator_page  # noqa: E402


def on_config(config):
    bundle, problems = compile_rules.compile_rules(compile_rules.ROOT / "rules")
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise PluginError(f"{len(problems)} erreur(s) dans les règles ; le site n'est pas construit :\n{lines}")
    compile_rules.write_bundle(bundle, compile_rules.ROOT / "build" / "regles")
    generate_pages(bundle, config["docs_dir"])
    generate_simulator_page(bundle, config["docs_dir"])
    config["nav"] = expand_navigation(config["nav"], bundle)
    return config


def on_post_build(config):
    try:
        site_assets.copy_assets(config["site_dir"])
    except site_assets.AssetError as error:
        raise PluginError(str(error)) from None
    precompress.precompress_site(config["site_dir"])
