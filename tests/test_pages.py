"""The guide's pages generated from rules/ (build_scripts/generate_pages.py) and the built site.

Needs the built site (`make site`; `make test` builds it first) for every test but the
generation tests, which run generate_pages into a temporary folder.
"""

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit, unquote

import pytest

from build_scripts.compile_rules import compile_rules
from build_scripts.generate_pages import MARKER, expand_navigation, generate_pages

ROOT = Path(__file__).resolve().parent.parent


class _Links(HTMLParser):
    """Every href/src of a page, and every id it defines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for name in ("href", "src"):
            if attrs.get(name) is not None and tag in ("a", "link", "script", "img", "source", "iframe"):
                self.links.append((tag, attrs[name]))


def _parse(path):
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _html(site_dir, page):
    path = site_dir / page / "index.html"
    assert path.exists(), f"page absente du site : {page}/index.html"
    return path.read_text(encoding="utf-8")


# ----- one generated page per right, payment form and body ---------------------------------------------
def test_every_right_form_and_body_has_its_page(rules, site_dir):
    for folder, items in (("droits", rules["droits"]), ("formes", rules["formes"]), ("organismes", rules["organismes"])):
        index = _html(site_dir, folder)
        for item_id, item in items.items():
            page = _html(site_dir, f"{folder}/{item_id}")
            assert html.escape(item["nom"], quote=False) in page, f"{folder}/{item_id} : nom absent"
            # The source file is named for editors in an HTML comment, invisible to patients.
            assert f"<!-- Page générée automatiquement depuis rules/{folder}/{item_id}.yaml" in page, \
                f"{folder}/{item_id} : fichier source non indiqué"
            assert f'href="{item_id}/"' in index or f'href="../{folder}/{item_id}/"' in index, \
                f"{folder}/index ne renvoie pas vers {item_id}"
    for page in ("parametres", "tableau-croise", "glossaire", "contribuer/notes-des-redacteurs"):
        assert "<!-- Page générée automatiquement" in _html(site_dir, page)


def test_right_page_explains_steps_alerts_and_forms(rules, site_dir):
    for rid, right in rules["droits"].items():
        page = _html(site_dir, f"droits/{rid}")
        for step in right["etapes"]:
            assert f'id="etape-{step["nom"]}"' in page, f"{rid} : étape {step['nom']} absente"
        gravity_class = {"danger": "danger", "attention": "warning", "info": "info"}
        for alert in right["alertes"]:
            assert f'admonition {gravity_class[alert["gravite"]]}' in page
        for fid, form in rules["formes"].items():
            assert f'href="../../formes/{fid}/"' in page, f"{rid} : pas de lien vers la forme {fid}"
        assert 'href="../../simulateur/"' in page


def test_cross_table_has_a_cell_for_every_form_and_right(rules, site_dir):
    page = _html(site_dir, "tableau-croise")
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    body_rows = [row for row in rows if "<td" in row]
    assert len(body_rows) == len(rules["formes"])
    for row in body_rows:
        # The form is the row's header (th scope="row"), then one cell per right.
        assert len(re.findall(r'<th scope="row">', row)) == 1
        assert len(re.findall(r"<td", row)) == len(rules["droits"])
        assert all(re.search(r'class="effet-(oui|non|verifier|inconnu)"', cell)
                   for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))


# ----- the parameters page: every value with its source ------------------------------------------------
def test_every_parameter_value_shows_its_source(rules, site_dir):
    page = _html(site_dir, "parametres")
    for pid, parameter in rules["parametres"].items():
        anchor = pid.replace(".", "-")
        match = re.search(rf'<h3 id="{re.escape(anchor)}"(.*?)(?=<h[23] |</article>)', page, re.S)
        assert match, f"paramètre {pid} absent de la page (ancre #{anchor})"
        section = match.group(1)
        assert "Vérifié le" in section, f"{pid} : date de vérification absente"
        rows = [row for row in re.findall(r"<tr>(.*?)</tr>", section, re.S) if "<td" in row]
        assert len(rows) == len(parameter["valeurs"]), f"{pid} : {len(rows)} lignes pour {len(parameter['valeurs'])} valeurs"
        for row, value in zip(rows, parameter["valeurs"]):
            hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', row)]
            assert value["source"]["url"] in hrefs, f"{pid} ({value['depuis']}) : source sans lien"
            if "a_verifier" in value:
                assert "à vérifier auprès de" in row, f"{pid} ({value['depuis']}) : « à vérifier » absent"


def test_values_are_written_in_french(site_dir):
    page = _html(site_dir, "parametres")
    assert re.search(r"\d+,\d\d\u00a0€", page), "montant en euros au format français absent"
    assert re.search(r"\d+(,\d+)?\u00a0%", page), "pourcentage au format français absent"


# ----- no broken internal link in the whole site -----------------------------------------------------------
def test_no_broken_internal_link(site_dir):
    site = site_dir.resolve()
    # 404.html is served for any missing address, so MkDocs writes it with links from the site's
    # root (its base is site_url's path, "/" when site_url is unset): it is left out here.
    pages = sorted(p for p in site.rglob("*.html") if p.relative_to(site).as_posix() != "404.html")
    ids_cache = {}
    broken = []
    for page in pages:
        relative = page.relative_to(site).as_posix()
        base = "http://site/" + relative
        for tag, link in _parse(page).links:
            if not link or link.startswith(("#", "mailto:", "tel:", "data:", "javascript:", "blob:")):
                continue
            if urlsplit(link).scheme or link.startswith("//"):
                continue  # another origin: a plain link for the reader (never loaded by the page)
            if link.startswith("/"):
                broken.append(f"{relative}: lien absolu {link} (cassé quand le site est servi sous un sous-chemin)")
                continue
            target = urlsplit(urljoin(base, link))
            path = unquote(target.path)[1:]
            file = site / path
            if path == "" or path.endswith("/") or file.is_dir():
                file = file / "index.html"
            if not file.exists():
                broken.append(f"{relative}: {link} → {file.relative_to(site)} absent")
                continue
            if target.fragment.startswith("s=") and file.parent.name == "simulateur":
                continue  # a share link (#s=<situation>&d=<date>), read by the simulator's script
            if target.fragment and file.suffix == ".html" and tag == "a":
                if file not in ids_cache:
                    ids_cache[file] = _parse(file).ids
                if unquote(target.fragment) not in ids_cache[file]:
                    broken.append(f"{relative}: {link} → ancre #{target.fragment} absente")
    assert not broken, f"{len(broken)} lien(s) interne(s) cassé(s) :\n" + "\n".join(broken[:40])


# ----- nothing loaded from another origin --------------------------------------------------------------------
@pytest.mark.parametrize("path", ["", "droits/aah/", "parametres/", "tableau-croise/", "glossaire/"])
def test_pages_load_nothing_from_another_origin(page_guarded, site_url, path):
    response = page_guarded.goto(site_url + path, wait_until="load")
    assert response is not None and response.ok, f"{path} : réponse {response and response.status}"
    page_guarded.wait_for_timeout(300)
    assert page_guarded.locator("h1").first.is_visible()
    assert page_guarded.external_requests == []


def test_acronyms_show_their_meaning(page_guarded, site_url):
    page_guarded.goto(site_url + "droits/aah/", wait_until="load")
    title = page_guarded.locator("article abbr", has_text="CAF").first.get_attribute("title")
    assert title and "allocations familiales" in title


# ----- generation from the rules -----------------------------------------------------------------------------
def _bundle(rules_dir):
    bundle, problems = compile_rules(rules_dir)
    assert not problems, "\n".join(str(p) for p in problems)
    return bundle


def test_a_yaml_change_shows_up_after_a_rebuild(tmp_path):
    rules_dir = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules_dir)
    docs = tmp_path / "docs"
    generate_pages(_bundle(rules_dir), docs)
    assert "1\u202f234,56\u00a0€" not in (docs / "parametres.md").read_text(encoding="utf-8")

    # The editor changes the latest value of the AAH amount.
    path = rules_dir / "parametres" / "aah" / "montant.yaml"
    text = path.read_text(encoding="utf-8")
    last = list(re.finditer(r"^(\s*-?\s*valeur:\s*)([0-9.]+)\s*$", text, re.M))[-1]
    path.write_text(text[:last.start(2)] + "1234.56" + text[last.end(2):], encoding="utf-8")
    written = generate_pages(_bundle(rules_dir), docs)

    assert "parametres.md" in written
    assert "1\u202f234,56\u00a0€" in (docs / "parametres.md").read_text(encoding="utf-8")
    assert "1\u202f234,56" in (docs / "droits" / "aah.md").read_text(encoding="utf-8")


def test_generation_writes_only_changes_and_removes_stale_pages(tmp_path):
    bundle = _bundle(ROOT / "rules")
    docs = tmp_path / "docs"
    assert generate_pages(bundle, docs)
    stale = docs / "droits" / "droit_supprime.md"
    stale.write_text(MARKER + " -->\n# Ancien droit\n", encoding="utf-8")
    handwritten = docs / "formes" / "ecrite_a_la_main.md"
    handwritten.write_text("# Page écrite à la main\n", encoding="utf-8")
    assert generate_pages(bundle, docs) == []  # nothing changed: nothing written (no rebuild loop)
    assert not stale.exists()
    assert handwritten.exists()
    for rid in bundle["droits"]:
        text = (docs / "droits" / f"{rid}.md").read_text(encoding="utf-8")
        assert text.startswith(MARKER) and f"rules/droits/{rid}.yaml" in text
    abbreviations = (tmp_path / "build" / "abbreviations.md").read_text(encoding="utf-8")
    for term in bundle["glossaire"]:
        assert f"*[{term['sigle']}]: " in abbreviations


def test_navigation_lists_every_generated_page(rules):
    nav = [{"Accueil": "index.md"}, {"Vos droits": "droits/index.md"}, {"Formes de paiement": "formes/index.md"},
           {"Organismes": "organismes/index.md"}, {"Cas pratiques": "cas/index.md"}, {"Repères": [{"Glossaire": "glossaire.md"}]}]
    expanded = expand_navigation(nav, rules)
    assert expanded[0] == nav[0] and expanded[-1] == nav[-1]
    for position, folder in ((1, "droits"), (2, "formes"), (3, "organismes"), (4, "cas")):
        (title, children), = expanded[position].items()
        assert title == next(iter(nav[position])), "la section garde son titre (pas celui de son dernier élément)"
        targets = [next(iter(child.values())) for child in children]
        assert targets[0] == f"{folder}/index.md"
        items = rules[folder]
        order = sorted(items, key=lambda i: (items[i].get("ordre", 1000), i))
        assert targets[1:] == [f"{folder}/{i}.md" for i in order]


# ----- the worked cases (rules/cas/): one page each, opening in the simulator --------------------------------
def test_every_case_has_its_page_with_a_working_simulator_link(rules, site_dir):
    import base64
    import json

    index = _html(site_dir, "cas")
    for cid, case in rules["cas"].items():
        assert f'href="{cid}/"' in index, f"cas/index ne renvoie pas vers {cid}"
        page = _html(site_dir, f"cas/{cid}")
        assert html.escape(case["titre"], quote=False) in page, f"cas/{cid} : titre absent"
        assert f"rules/cas/{cid}.yaml" in page, f"cas/{cid} : fichier source non indiqué"
        links = [html.unescape(h) for h in re.findall(r'href="([^"]*simulateur/#s=[^"]*)"', page)]
        assert links, f"cas/{cid} : pas de lien « Ouvrir ce cas dans le simulateur »"
        assert "Ouvrir ce cas dans le simulateur" in page
        link = links[0]
        assert link.startswith("../../simulateur/#s="), link
        # The link reaches the simulator page of the built site...
        assert (site_dir / "simulateur" / "index.html").exists()
        # ...and its fragment is read as share.js reads it: base64url (no padding) of the JSON.
        fragment = dict(part.split("=", 1) for part in link.split("#", 1)[1].split("&"))
        assert fragment["d"] == case["date"]
        assert "=" not in fragment["s"] and "+" not in fragment["s"] and "/" not in fragment["s"]
        decoded = json.loads(base64.urlsafe_b64decode(fragment["s"] + "=" * (-len(fragment["s"]) % 4)).decode("utf-8"))
        assert decoded == case["situation"], f"cas/{cid} : la situation du lien diffère de celle du cas"
        for source in case["sources"]:
            assert html.escape(source["url"]) in page or source["url"] in page, f"cas/{cid} : source {source['url']} absente"
