"""The editors' live preview (`make serve`, i.e. `mkdocs serve`): what the MkDocs hook does
differently there.

- A broken rule does not stop the server: the site keeps the pages of the last correct rules, and
  every page shows a banner with the French messages (file, line, column) until the rules are
  fixed (`problems`, read by overrides/main.html through config.extra). `mkdocs build` (make site,
  CI) still fails on the first broken rule.
- One rebuild per save: the pages generated from the rules are written into docs/, which the
  server watches; `watch_sources` replaces that watch by one that ignores the generated files.
- The engine is watched too, and its wheel rebuilt when one of its files changed (`fresh_wheel`).
- What only a published site needs is skipped (the .br/.gz copies, the service worker), and the
  precompiled standard library is reused while the engine does not change (stdlib_zip).
"""

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

# The state of one `mkdocs serve` session (the hook's functions are called at each rebuild).
STATE = {"serving": False, "bundle": None, "generated": set()}
BANNER_LIMIT = 12  # problems listed in the banner; the rest are counted


def start(command):
    STATE.update(serving=command == "serve", bundle=None, generated=set())


def serving():
    return STATE["serving"]


def last_bundle(project):
    """The last correct bundle: the one of this session, else the one on disk (build/regles)."""
    if STATE["bundle"] is None:
        manifest = Path(project) / "build" / "regles" / "manifest.json"
        if manifest.exists():
            name = json.loads(manifest.read_text(encoding="utf-8"))["regles"]
            bundle_path = manifest.parent / name
            if bundle_path.exists():
                STATE["bundle"] = json.loads(bundle_path.read_text(encoding="utf-8"))
    return STATE["bundle"]


def remember(bundle, generated_paths):
    STATE["bundle"] = bundle
    STATE["generated"].update(generated_paths)


def banner(problems):
    """What overrides/main.html shows on every page: {titre, erreurs, autres} or None."""
    if not problems:
        return None
    count = len(problems)
    return {
        "titre": (f"{count} erreur{'s' if count > 1 else ''} dans les règles : cet aperçu montre encore la dernière "
                  "version correcte. Corrigez le fichier et enregistrez-le : la page se mettra à jour."),
        "erreurs": [{"fichier": p.path, "ligne": p.line, "colonne": p.column, "message": p.message}
                    for p in problems[:BANNER_LIMIT]],
        "autres": max(0, count - BANNER_LIMIT),
    }


# ---------------------------------------------------------------- watching

def watch_sources(server, docs_dir, project):
    """Watch docs/ without the generated pages (writing them must not start a second rebuild),
    and the engine without its bytecode caches."""
    docs_dir = str(Path(docs_dir).resolve())
    server.unwatch(docs_dir)

    def generated(relative):
        return relative in STATE["generated"]

    _watch(server, docs_dir, generated)
    _watch(server, str((Path(project) / "engine").resolve()), lambda relative: "__pycache__" in relative)
    print("Aperçu : surveille aussi docs/ (sauf les pages générées) et engine/ ; une règle en erreur s'affiche "
          "en bandeau sur chaque page.", file=sys.stderr)


def _watch(server, folder, ignored):
    """Rebuild when a file of `folder` changes, unless every changed path is `ignored` (relative
    to the folder). Sets the same flag as MkDocs 1.6's own watch (mkdocs is pinned in requirements.txt)."""
    import watchdog.events

    def callback(event):
        if event.is_directory:
            return
        paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p and p.startswith(folder)]
        if paths and all(ignored(str(Path(p).relative_to(folder))) for p in paths):
            return
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = callback
    server.observer.schedule(handler, folder, recursive=True)


# ---------------------------------------------------------------- the engine's wheel

def engine_digest(project):
    digest = hashlib.sha256()
    for path in sorted((Path(project) / "engine").rglob("*.py")):
        digest.update(path.relative_to(project).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def fresh_wheel(project):
    """Rebuild build/wheel/*.whl when the engine's files changed since it was built (as `make
    wheel` does); return an error message in French, or None."""
    project = Path(project)
    stamp = project / "build" / "wheel" / "moteur.empreinte"
    digest = engine_digest(project)
    wheels = list((project / "build" / "wheel").glob("*.whl"))
    if wheels and stamp.exists() and stamp.read_text(encoding="utf-8").strip() == digest:
        return None
    log = project / "build" / "wheel.log"
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", "build/wheel", "."],
                          cwd=project, capture_output=True, text=True)
    log.write_text(done.stdout + done.stderr, encoding="utf-8")
    for leftover in [project / "build" / "lib", *project.glob("build/bdist.*"), *project.glob("*.egg-info")]:
        shutil.rmtree(leftover, ignore_errors=True)
    if done.returncode != 0:
        return f"la roue du moteur n'a pas pu être reconstruite (voir {log.relative_to(project)})"
    stamp.write_text(digest + "\n", encoding="utf-8")
    return None


# ---------------------------------------------------------------- Markdown rendering

def cache_rendering(project):
    """Memoise MkDocs' Markdown rendering for the session: a rule change rewrites a few generated
    pages, the seventy others render as before. The key is everything the HTML depends on: the
    page, its Markdown, the pages of the site (links), the Markdown settings and the glossary's
    abbreviations appended to every page (build/abbreviations.md). A page served from the cache
    skips the check of its links to anchors (`make site` checks them all)."""
    from mkdocs.structure.pages import Page

    if getattr(Page.render, "apercu", False):
        return
    original = Page.render
    cache = {}
    abbreviations = Path(project) / "build" / "abbreviations.md"

    def render(self, config, files):
        appended = abbreviations.read_text(encoding="utf-8") if abbreviations.exists() else ""
        key = (self.file.src_uri, self.markdown, appended, repr(config["markdown_extensions"]),
               repr(config["mdx_configs"]), tuple(sorted(f.src_uri for f in files)))
        if key in cache:
            self.content, self.toc, self._title_from_render, self.present_anchor_ids = cache[key]
            self.links_to_anchors = None
            return
        original(self, config, files)
        if len(cache) > 2000:  # a long session: start again rather than grow
            cache.clear()
        cache[key] = (self.content, self.toc, self._title_from_render, self.present_anchor_ids)

    render.apercu = True
    Page.render = render


class _TemplateCache:
    """The theme's compiled templates, kept in memory between rebuilds (MkDocs makes a new Jinja
    environment at each build; Jinja checks each template's source before reusing its code)."""

    def __init__(self):
        import jinja2

        class Cache(jinja2.BytecodeCache):
            store = {}

            def load_bytecode(self, bucket):
                if bucket.key in self.store:
                    bucket.bytecode_from_string(self.store[bucket.key])

            def dump_bytecode(self, bucket):
                self.store[bucket.key] = bucket.bytecode_to_string()

        self.cache = Cache()


def cache_templates(env):
    if "templates" not in STATE:
        STATE["templates"] = _TemplateCache().cache
    env.bytecode_cache = STATE["templates"]
    return env
