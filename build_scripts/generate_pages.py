"""Generate the guide's pages from the compiled rules bundle (Jinja2 templates in templates/).

    python -m build_scripts.generate_pages [--docs docs]

Called by the MkDocs hook (mkdocs_hook.py) at every build: `generate_pages(bundle, docs_dir)`
writes into docs/ the pages listed in PAGE_KINDS (rights, payment forms, bodies and worked cases
with their index pages, the parameters page, the cross table, the glossary and the editors' notes), plus
build/abbreviations.md (the acronyms, appended to every page by pymdownx.snippets). A file is
written only when its content changes (no rebuild loop under `mkdocs serve`); generated pages of
items that no longer exist are deleted. `expand_navigation(nav, bundle)` lists the generated
pages in the navigation. The templates get the bundle through build_scripts/guide.py.

Everything here is plain Python + Jinja2: no MkDocs import, so the site generator can be swapped.
"""

import argparse
import functools
import html
from dataclasses import dataclass
from pathlib import Path

import jinja2

from build_scripts import markup
from build_scripts.freshness import FreshnessFacts
from build_scripts.guide import Guide, anchor, by_order
from build_scripts.open_questions import OpenQuestionFacts, answer_source
from build_scripts.page_facts import BodyFacts, CaseFacts, EditorFacts, ParameterFacts
from build_scripts.training_facts import NeedsFacts, TrainingFacts
from build_scripts.wording import one_line
from engine import fr
from engine.vocabulary import GRAVITIES

TEMPLATES = Path(__file__).resolve().parent / "templates"
MARKER = "<!-- Page générée automatiquement"
# Kinds of value that have no unit to write after a number, hence none in fr.UNIT_WORDS.
@dataclass(frozen=True)
class PageKind:
    """One kind of generated page: a single page at `path`, or a `folder` holding one page per item
    of bundle[folder] (the template gets the item's id and the item under the two `names`), its
    index page (template `index`, navigation title `nav`) and a navigation section listing them.
    The templates of the kind get `p` (the Guide) and, with `facts`, facts(p) as `k`."""

    template: str
    path: str = None
    folder: str = None
    names: tuple = ()
    index: str = None
    nav: str = None
    facts: type = None
    items: str = None  # the bundle's key of a folder's items, when it is not the folder's name


# Every generated page of the guide, in the order they are rendered: a new kind of page is one
# entry here and its template in templates/ (two for a folder: its items' and its index's).
PAGE_KINDS = (
    PageKind("droit.md.j2", folder="droits", names=("rid", "d"), index="droits_index.md.j2", nav="Tous vos droits"),
    PageKind("forme.md.j2", folder="formes", names=("fid", "f"), index="formes_index.md.j2", nav="Toutes les formes"),
    PageKind("organisme.md.j2", folder="organismes", names=("bid", "o"), index="organismes_index.md.j2",
             nav="Tous les organismes", facts=BodyFacts),
    PageKind("parametres.md.j2", path="parametres.md", facts=ParameterFacts),
    PageKind("tableau.md.j2", path="tableau-croise.md"),
    PageKind("glossaire.md.j2", path="glossaire.md"),
    PageKind("cas.md.j2", folder="cas", names=("cid", "c"), index="cas_index.md.j2", nav="Tous les cas pratiques",
             facts=CaseFacts),
    # For trainers and referents (issue 12): a training sequence per worked case under the training
    # path (/formation/), the open questions by body, the needs questionnaires.
    PageKind("sequence.md.j2", folder="formation", items="cas", names=("cid", "c"), index="formation.md.j2",
             nav="Parcours de formation", facts=TrainingFacts),
    PageKind("questions_ouvertes.md.j2", path="questions-ouvertes.md", facts=OpenQuestionFacts),
    PageKind("besoin.md.j2", folder="besoins", names=("qid", "q"), index="besoins_index.md.j2",
             nav="Les questionnaires", facts=NeedsFacts),
    # For editors only (contribuer/): notes, files and raw formulas that patients' pages leave out.
    PageKind("notes.md.j2", path="contribuer/notes-des-redacteurs.md", facts=EditorFacts),
    PageKind("fraicheur.md.j2", path="contribuer/fraicheur.md", facts=FreshnessFacts),
    # The changelog of the rules (rules/nouveautes.yaml).
    PageKind("nouveautes.md.j2", path="nouveautes.md"),
)
FOLDERS = tuple(kind.folder for kind in PAGE_KINDS if kind.folder)


def unit_words(unit):
    """The unit of a parameter or a step in words, for its « Unité : » line."""
    return fr.UNIT_WORDS.get(unit, unit)


@functools.cache
def _environment():
    """One environment per process (its templates are compiled once; Jinja reloads an edited one).
    Every value a template prints is escaped for Markdown and HTML (markup.escape), unless it is
    Markup: the links and texts in words of the Guide, and the filters `rich` (the Markdown subset
    of the rules' texts), `url`, `code` and `slug`."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, autoescape=True, finalize=markup.escape)
    env.filters.update(one_line=one_line, date=fr.date, with_unit=fr.with_unit, anchor=anchor, unit_words=unit_words,
                       rich=markup.rich, url=markup.url, code=markup.code, slug=markup.slug)
    env.globals.update(GRAVITIES=GRAVITIES, link=markup.link, answer_source=answer_source)
    return env


def _jobs(guide):
    """(path, template, context) of every generated page, in the order of PAGE_KINDS."""
    for kind in PAGE_KINDS:
        context = {"k": kind.facts(guide)} if kind.facts else {}
        if kind.folder is None:
            yield kind.path, kind.template, context
            continue
        yield f"{kind.folder}/index.md", kind.index, context
        id_name, item_name = kind.names
        for item_id, item in guide.collection(kind.items or kind.folder).items():
            yield f"{kind.folder}/{item_id}.md", kind.template, {**context, id_name: item_id, item_name: item}


def render_all(bundle, docs_dir=None, today=None):
    """Return {relative path: Markdown text} for every generated page."""
    guide = Guide(bundle, today, docs_dir)
    jobs = list(_jobs(guide))
    guide.generated = {path for path, _, _ in jobs}
    env = _environment()
    return {path: env.get_template(template).render(p=guide, **context).rstrip() + "\n"
            for path, template, context in jobs}


def page_paths(bundle):
    """The relative path of every page generate_pages writes, without rendering them (the live
    preview does not rebuild when only these change)."""
    return [path for path, _, _ in _jobs(Guide(bundle))]


def abbreviations(bundle):
    """The Markdown abbreviations (*[AAH]: ...) of the glossary, appended to every page."""
    lines = []
    for term in bundle.get("glossaire", []):
        lines.append(f"*[{markup.escape(one_line(term['sigle']))}]: "
                     f"{markup.escape(one_line(term['terme']))} — {markup.escape(one_line(term['definition']))}")
    return "\n".join(lines) + "\n" if lines else ""


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def generate_pages(bundle, docs_dir):
    """Write the generated pages into docs_dir (only what changed); return the list of written paths."""
    docs_dir = Path(docs_dir)
    written = []
    pages = render_all(bundle, docs_dir)
    for relative, text in pages.items():
        if _write(docs_dir / relative, text):
            written.append(relative)
    # Stale pages of items that no longer exist (only files we generated).
    for folder in FOLDERS:
        for path in sorted((docs_dir / folder).glob("*.md")):
            relative = f"{folder}/{path.name}"
            # The marker opens the page, or follows its title (pages out of the navigation: the theme
            # takes their title from a first-line heading).
            if relative not in pages and MARKER in path.read_text(encoding="utf-8")[:1000]:
                path.unlink()
    # The acronyms, appended to every page by pymdownx.snippets (auto_append in mkdocs.yml);
    # outside docs/ so that it is not a page of its own.
    if _write(docs_dir.resolve().parent / "build" / "abbreviations.md", abbreviations(bundle)):
        written.append("../build/abbreviations.md")
    return written


def expand_navigation(nav, bundle):
    """Replace the entries of the index pages of PAGE_KINDS by sections listing each generated page."""
    sections = {f"{kind.folder}/index.md": kind for kind in PAGE_KINDS if kind.folder}
    expanded = []
    for entry in nav or []:
        if isinstance(entry, dict) and len(entry) == 1:
            (title, target), = entry.items()
            if isinstance(target, str) and target in sections:
                kind = sections[target]
                children = [{kind.nav: target}]
                for item_id, item in by_order(bundle.get(kind.items or kind.folder) or {}):
                    # The theme prints a navigation title as HTML (and the page's <title> from it).
                    label = html.escape(one_line(item.get("nom") or item["titre"]), quote=False)
                    children.append({label: f"{kind.folder}/{item_id}.md"})
                expanded.append({title: children})
                continue
        expanded.append(entry)
    return expanded


def main(argv=None):
    from build_scripts import compile_rules

    parser = argparse.ArgumentParser(description="Génère les pages du guide à partir des règles.")
    parser.add_argument("--regles", default=str(compile_rules.ROOT / "rules"))
    parser.add_argument("--docs", default=str(compile_rules.ROOT / "docs"))
    args = parser.parse_args(argv)
    bundle, problems = compile_rules.compile_rules(args.regles)
    if problems:
        for problem in problems:
            print(f"  {problem}")
        return 1
    written = generate_pages(bundle, args.docs)
    print(f"{len(written)} page(s) écrite(s) dans {args.docs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
