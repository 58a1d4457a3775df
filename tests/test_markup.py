"""Rule text in the guide's pages (build_scripts/markup.py) and the addresses the compiler accepts.

The browser check of a whole site built from poisoned rules is tests/test_trust_browser.py; here,
each piece alone, rendered by Python-Markdown with the site's extensions.
"""

import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from build_scripts import markup
from build_scripts.compile_rules import compile_rules
from hostile import ATTRIBUTE_LIST, PAYLOAD

ROOT = Path(__file__).resolve().parent.parent
CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
EXTENSIONS = [e for e in CONFIG["markdown_extensions"] if not isinstance(e, dict) or "pymdownx.snippets" not in e]


class _Code(HTMLParser):
    """What in rendered HTML could run: elements, event handlers, javascript: addresses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found, self.text = [], ""

    def handle_data(self, data):
        self.text += data

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "img", "svg", "iframe", "object"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


def render(text):
    """Markdown as the site renders it (same extensions as mkdocs.yml, but the snippets)."""
    names = [next(iter(e)) if isinstance(e, dict) else e for e in EXTENSIONS]
    configs = {next(iter(e)): next(iter(e.values())) for e in EXTENSIONS if isinstance(e, dict)}
    return markdown.markdown(text, extensions=names, extension_configs=configs)


def code_in(html):
    parser = _Code()
    parser.feed(html)
    return parser.found


def text_of(html):
    parser = _Code()
    parser.feed(html)
    return parser.text


HOSTILE = PAYLOAD + ATTRIBUTE_LIST


@pytest.mark.parametrize("context", [
    "{}", "# {}", "### 1. {} {{ #etape-x }}", "- {}", "**{}**", "| a | b |\n|---|---|\n| {} | x |",
    '!!! warning "{}"\n\n    {}', "*[AAH]: {}\n\nAAH", "[{}](../droits/aah.md)", "Texte\n{}\n{{: .classe }}",
])
def test_escaped_text_is_inert_in_every_markdown_context(context):
    for filter_ in (markup.escape, markup.rich):
        html = render(context.format(filter_(HOSTILE), filter_(HOSTILE)))
        assert code_in(html) == [], (context, html)
        assert "<script>window" in text_of(html) or "<script>window" in html.replace("&#60;", "<").replace("&#62;", ">"), \
            context  # shown as text (or, for an abbreviation, in its title), not removed


def test_table_cell_keeps_its_pipe_as_text():
    html = render(f"| a | b |\n|---|---|\n| {markup.escape('x | y')} | z |")
    assert html.count("<td>") == 2 and "x | y" in text_of(html)


def test_the_subset_keeps_emphasis_and_https_or_mailto_links():
    html = render(markup.rich("Voir *ceci* et **cela** : [la fiche](https://www.service-public.fr/a?b=1&c=2), "
                              "[écrire](mailto:contact@example.fr), [non](javascript:alert(1)), [non plus](http://x.fr)."))
    assert "<em>ceci</em>" in html and "<strong>cela</strong>" in html
    assert 'href="https://www.service-public.fr/a?b=1&amp;c=2"' in html and 'href="mailto:contact@example.fr"' in html
    assert 'href="http://' not in html and code_in(html) == []
    assert "[non](javascript:alert(1))" in text_of(html) and "[non plus](http://x.fr)" in text_of(html)


@pytest.mark.parametrize("address", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "http://x.fr",
                                     "//evil.example/x", "vbscript:x"])
def test_an_unsafe_address_stops_the_build(address):
    with pytest.raises(ValueError, match="adresse refusée"):
        markup.url(address)


def test_an_address_cannot_close_its_link():
    assert markup.url('https://x.fr/a b"c(d)<e>') == "https://x.fr/a%20b%22c%28d%29%3Ce%3E"
    assert markup.link("a]b", "../droits/aah.md") == "[a&#93;b](../droits/aah.md)"


@pytest.fixture()
def rules_copy(tmp_path):
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    return tmp_path / "rules"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "http://www.service-public.fr/", "https://x.fr/a b",
                                 'https://x.fr/"onmouseover=1', "data:text/html,<script>"])
def test_the_compiler_accepts_only_https_addresses(rules_copy, url):
    path = rules_copy / "droits" / "aah.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("url: ", text.index("references:"))
    end = text.index("\n", start)
    path.write_text(text[:start] + "url: " + yaml.safe_dump(url).split("\n")[0] + text[end:], encoding="utf-8")
    bundle, problems = compile_rules(rules_copy)
    assert bundle is None
    line = text[:start].count("\n") + 1
    assert any(p.path.endswith("droits/aah.yaml") and p.line == line and "commençant par https://" in p.message
               for p in problems), [str(p) for p in problems]
