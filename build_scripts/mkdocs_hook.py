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

Under `mkdocs serve` (the editors' preview, build_scripts/preview.py): a broken rule shows a banner
on every page instead of stopping the server, generated pages do not start a second rebuild, the
engine is watched and its wheel rebuilt, and the copies only a published site needs are skipped.
"""

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

# MkDocs loads hooks by file path: make the repository's packages importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from build_scripts import compile_rules, csp, module_graph, precompress, preview, service_worker, site_assets  # noqa: E402
from build_scripts.generate_pages import expand_navigation, generate_pages, page_paths  # noqa: E402
from build_scripts.simulator_page import generate_simulator_page  # noqa: E402

# The hashes of the inline scripts of every page of the current build (for the `_headers` file),
# and whether the development server (live reload: an inline script) is running.
_SCRIPT_HASHES = set()
_SERVE = {"live_reload": False}


def on_startup(command, dirty):
    _SERVE["live_reload"] = command == "serve"
    preview.start(command)


def _project(config):
    return Path(config["docs_dir"]).resolve().parent


def on_config(config):
    project = _project(config)
    problems = []
    if preview.serving():
        preview.cache_rendering(project)
        wheel_error = preview.fresh_wheel(project)
        if wheel_error:
            problems.append(compile_rules.Problem("engine/", 1, 1, wheel_error))
    bundle, rule_problems = compile_rules.compile_rules(project / "rules")
    problems += rule_problems
    lines = "\n".join(f"  {p}" for p in problems)
    if problems and not preview.serving():
        raise PluginError(f"{len(problems)} erreur(s) dans les règles ; le site n'est pas construit :\n{lines}")
    if problems:  # the preview goes on (a banner on every page) and the terminal says it too
        print(f"{len(problems)} erreur(s) dans les règles ; l'aperçu garde la dernière version correcte :\n{lines}",
              file=sys.stderr)
    if bundle is not None:
        compile_rules.write_bundle(bundle, project / "build" / "regles")
        preview.remember(bundle, page_paths(bundle) + ["simulateur.md"])  # before writing: no rebuild for them
        generate_pages(bundle, config["docs_dir"])
        generate_simulator_page(bundle, config["docs_dir"])
    else:
        bundle = preview.last_bundle(project)
        if bundle is None:  # nothing correct to show yet
            raise PluginError("\n".join(str(p) for p in problems))
    config["extra"]["apercu_erreurs"] = preview.banner(problems)
    # The module scripts each page (and the simulator page) loads, asked for from the <head>.
    docs = Path(config["docs_dir"])
    config["extra"]["modules_communs"] = [module for script in config.get("extra_javascript") or []
                                          if getattr(script, "type", "") == "module"
                                          for module in module_graph.closure(docs, str(script))]
    config["extra"]["modules_simulateur"] = module_graph.closure(docs, "assets/js/simulateur.js")
    config["nav"] = expand_navigation(config["nav"], bundle)
    return config


def on_serve(server, config, builder):
    preview.watch_sources(server, config["docs_dir"], _project(config))
    return server


def on_env(env, config, files):
    return preview.cache_templates(env) if preview.serving() else env


def on_pre_build(config):
    _SCRIPT_HASHES.clear()


def on_post_page(output, page, config):
    return csp.fill_page(output, _SCRIPT_HASHES, _SERVE["live_reload"])


def on_post_template(output_content, template_name, config):
    return csp.fill_page(output_content, _SCRIPT_HASHES, _SERVE["live_reload"])


def on_post_build(config):
    try:
        site_assets.copy_assets(config["site_dir"], root=_project(config), preview=preview.serving())
    except site_assets.AssetError as error:
        raise PluginError(str(error)) from None
    (Path(config["site_dir"]) / "_headers").write_text(csp.headers_file(_SCRIPT_HASHES), encoding="utf-8")
    if preview.serving():
        return  # the preview is served as is: no offline copy, no precompressed copies
    service_worker.write_service_worker(config["site_dir"])
    precompress.precompress_site(config["site_dir"])
