"""A copy of the rules with HTML and javascript: in every text field, built into a site of its own.

`build_hostile_site(folder)` copies rules/ and docs/ into `folder`, appends PAYLOAD to every text
of the rules (names, summaries, descriptions, glossary, questions, alert texts, cases...), then
runs mkdocs with the project's configuration, theme overrides and hook on that copy. The hook
compiles `folder`/rules into `folder`/build and writes `folder`/site; the real build is not touched.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MARK = "__xss"
# Every way a text could become code in a Markdown page rendered by MkDocs: raw HTML (script, event
# handler, SVG), Markdown links and images to javascript:, an autolink, an attribute list, an entity.
PAYLOAD = (
    f' <script>window.{MARK}=1</script> <img src=x onerror="window.{MARK}=2"> <svg onload="window.{MARK}=3"></svg>'
    f' [clic](javascript:window.{MARK}=4) ![i](javascript:window.{MARK}=5) <javascript:window.{MARK}=6>'
    f' <a href="javascript:window.{MARK}=7">lien</a> &lt;b&gt; `code` | *fin*'
)
ATTRIBUTE_LIST = f' {{: onclick="window.{MARK}=8" }} {{ onmouseover="window.{MARK}=9" }}'
# Texts that are keys of the rules are left as they are; so are ids (a lowercase identifier).
TEXT_KEYS = {"nom", "sigle", "resume", "description", "public", "libelle", "explication", "texte", "quoi", "quand",
             "note", "titre", "personne", "raisonnement", "a_retenir", "terme", "definition", "role", "contact",
             "declarer", "cotisations", "impot", "a_verifier", "aide", "defaut_explication",
             "objet", "delai", "paragraphes",
             # The trainers' files (formation.yaml, besoins.yaml, a case's questions, open questions).
             "question", "questions", "introduction", "deroule", "objectif", "objectifs", "materiel", "choix", "pourquoi"}
# Texts with {formula} placeholders: no braces in what is added.
PLACEHOLDER_KEYS = {"texte", "quoi", "quand", "objet", "question", "delai", "paragraphes"}
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def poison(data, key=None):
    """The data of a rule file with PAYLOAD after every text."""
    if isinstance(data, dict):
        return {k: poison(v, k) for k, v in data.items()}
    if isinstance(data, list):
        return [poison(item, key) for item in data]
    if isinstance(data, str) and key in TEXT_KEYS and not _IDENTIFIER.match(data):
        return data + PAYLOAD + ("" if key in PLACEHOLDER_KEYS else ATTRIBUTE_LIST)
    return data


def _configuration(folder):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(folder / "docs"), site_dir=str(folder / "site"),
                  hooks=[str(ROOT / "build_scripts" / "mkdocs_hook.py")])
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config.pop("watch", None)
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_hostile_site(folder):
    """Build the poisoned copy into folder/site; return that path (the build must succeed)."""
    folder = Path(folder)
    wheel = ROOT / "build" / "wheel"
    assert any(wheel.glob("*.whl")), "roue du moteur absente (build/wheel) : lancez « make site »"
    shutil.copytree(ROOT / "rules", folder / "rules")
    for path in (folder / "rules").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(poison(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copytree(ROOT / "docs", folder / "docs")
    (folder / "build").mkdir()
    (folder / "build" / "wheel").symlink_to(wheel.resolve())
    (folder / "node_modules").symlink_to((ROOT / "node_modules").resolve())
    # The build runs the engine on the examples to trim the standard library (build_scripts/stdlib_zip.py).
    (folder / "examples").symlink_to((ROOT / "examples").resolve())
    config = _configuration(folder)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"la copie piégée des règles ne se construit pas :\n{done.stdout}\n{done.stderr}"
    return folder / "site"
