"""No editor material in what patients read: the built pages (all but contribuer/) and the engine's
result on every worked case.

Editor material is what only the people who write the rules need: the tool they compared against
(OpenFisca), their research file (LAW.md), their verification markers ([V], [S], [K], [?]), the
paths of the rule files and the raw formulas (`p.smic.horaire_brut`). It belongs to the editors'
pages (contribuer/, e.g. the generated contribuer/notes-des-redacteurs.md) and to the `note` fields
of the rules; a patient page says the same in plain French.

Needs the built site (`make site`).
"""

import json
import re
from html.parser import HTMLParser

import pytest

from engine import simulate

# What must not appear in a patient's text, with the reason given when it does.
LEAKS = (
    (re.compile(r"OpenFisca", re.I), "le nom d'un outil de comparaison des rédacteurs"),
    (re.compile(r"LAW\.md"), "le fichier de recherche des rédacteurs"),
    (re.compile(r"\brules/"), "le chemin d'un fichier de règles"),
    (re.compile(r"\bp\.[a-z_]+\.[a-z_]+"), "une formule brute"),
    (re.compile(r"\[(?:V|S|K|\?)(?:\]|[\s:][^\]]{0,40}\])"), "une marque de vérification des rédacteurs"),
)
EDITORS_FOLDER = "contribuer"
# The one patient page that may name the comparison tool: « À propos » presents it, in plain words,
# as the project's independent check.
NAMED_THERE = {"a-propos/index.html": "OpenFisca"}
# The simulator's page carries the questions' data for its scripts; its visible text is checked.
SKIPPED_TAGS = {"script", "style", "template"}


class _VisibleText(HTMLParser):
    """The text of a page a reader sees (and hears): no comments, scripts or styles; with the
    `title`, `alt` and `aria-label` attributes, which are read too."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        for name, value in attrs:
            if name in ("title", "alt", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def visible_text(page_html):
    parser = _VisibleText()
    parser.feed(page_html)
    return " ".join(parser.parts)


def leaks(text, allowed=None):
    """[(what was found, why it is editor material)] in a text (but the pattern `allowed` matches)."""
    found = []
    for pattern, reason in LEAKS:
        if allowed and pattern.search(allowed):
            continue
        for match in pattern.finditer(text):
            start = max(0, match.start() - 60)
            excerpt = " ".join(text[start:match.end() + 60].split())
            found.append(f"« …{excerpt}… » ({reason})")
    return found


def _strings(value, path=""):
    """(path, string) of every string of a JSON value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{path}[{index}]")


def test_the_detector_finds_each_kind_of_leak():
    samples = ["OpenFisca-France indique", "voir LAW.md (C3)", "modifiez rules/droits/aah.yaml",
               "Formule : p.smic.horaire_brut * 2", "montant [V] confirmé", "[V pour OpenFisca] x", "[S: EFL]", "[?] douteux"]
    for sample in samples:
        assert leaks(sample), sample
    assert not leaks("article L821-1 [modifié en 2024] ; 1,5 p. 100 ; voir la page Paramètres et sources")


def test_the_visible_text_skips_comments_and_scripts():
    text = visible_text('<!-- rules/droits/aah.yaml --><p title="Aide">Bonjour</p><script>p.smic.x</script>')
    assert "Bonjour" in text and "Aide" in text and "rules/" not in text and "p.smic" not in text


def _identifiers(rules):
    """A parameter named by its identifier (« salaire.crds_taux ») rather than by its name."""
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(rules["parametres"]))) + r")\b")


def test_patient_pages_carry_no_editor_material(site_dir, rules):
    pages = [path for path in sorted(site_dir.rglob("*.html"))
             if path.relative_to(site_dir).parts[0] not in (EDITORS_FOLDER, "assets", "search")]
    assert len(pages) > 50, f"{len(pages)} pages seulement dans {site_dir}"
    identifiers = _identifiers(rules)
    problems = []
    for path in pages:
        relative = path.relative_to(site_dir).as_posix()
        text = visible_text(path.read_text(encoding="utf-8"))
        for leak in leaks(text, NAMED_THERE.get(relative)):
            problems.append(f"{relative} : {leak}")
        problems += [f"{relative} : identifiant de paramètre « {m.group()} »" for m in identifiers.finditer(text)]
    assert not problems, f"{len(problems)} passage(s) pour les rédacteurs dans les pages :\n" + "\n".join(problems)


def test_the_editors_page_exists(site_dir):
    page = site_dir / EDITORS_FOLDER / "notes-des-redacteurs" / "index.html"
    assert page.exists(), "la page des notes des rédacteurs n'est pas construite"
    text = visible_text(page.read_text(encoding="utf-8"))
    assert "rules/droits/aah.yaml" in text and "p.smic.horaire_brut" in text


def _cases(rules):
    return sorted(rules["cas"].items())


def test_results_of_the_worked_cases_carry_no_editor_material(rules):
    identifiers = _identifiers(rules)
    problems = []
    for case_id, case in _cases(rules):
        result = json.loads(json.dumps(simulate(rules, case["situation"], case["date"])))
        for path, text in _strings(result):
            if path.endswith(".id"):
                continue  # the identifier of a used parameter, for the page's scripts
            for leak in leaks(text):
                problems.append(f"{case_id} {path} : {leak}")
            problems += [f"{case_id} {path} : identifiant « {m.group()} »" for m in identifiers.finditer(text)]
    assert not problems, f"{len(problems)} passage(s) pour les rédacteurs dans les résultats :\n" + "\n".join(problems)


@pytest.mark.parametrize("scenario", ["avant", "apres"])
def test_result_steps_read_as_sentences(rules, scenario):
    case_id, case = _cases(rules)[0]
    result = simulate(rules, case["situation"], case["date"])
    for right in result["droits"].values():
        for step in right["trace"][scenario]:
            assert "formule" not in step and step["texte"].startswith(step["libelle"]), (case_id, step)
