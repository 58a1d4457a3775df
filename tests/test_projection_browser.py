"""The projection mode and the cross table, in Debian's Chromium (trainers project the guide in a
room; issue 12). Screenshots go to tests/screenshots/ (git-ignored).

- ?projection (and the header's toggle) turn the mode on: large type, no sidebars; nothing is kept
  in the browser unless « se souvenir » is ticked; the mode follows the site's links.
- The cross table fits one 1280 × 720 screen in projection; at every width its first row and its
  first column stay visible while it scrolls (bounding boxes), and each cell is read with its
  row and column headers (th scope).
- Normal mode: body text of at least 18 px, no « retour en haut » button over the headings.
"""

import re
from pathlib import Path

import pytest
from guard import guarded_context

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
TABLE = "tableau-croise/"
KEY = "pp-projection"

TABLE_BOX = """() => {
  const box = document.querySelector('.tableau-croise');
  const rect = (e) => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  const heads = box.querySelectorAll('thead th');
  const rows = box.querySelectorAll('tbody tr');
  const lastRow = rows[rows.length - 1];
  return {box: rect(box), scrollWidth: box.scrollWidth, clientWidth: box.clientWidth,
          scrollHeight: box.scrollHeight, clientHeight: box.clientHeight,
          lastHead: rect(heads[heads.length - 1]), firstHead: rect(heads[0]),
          lastRowHead: rect(lastRow.querySelector('th')), lastCell: rect(lastRow.lastElementChild)};
}"""


def _context(browser, width, height, scale=1):
    return guarded_context(browser, locale="fr-FR", viewport={"width": width, "height": height},
                           device_scale_factor=scale)


@pytest.fixture()
def page(browser):
    """A page of a fresh 1280 × 720 context (nothing stored from another test)."""
    context = _context(browser, 1280, 720)
    yield context.new_page()
    assert context.external_requests == []
    context.close()


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / name))


def _projected(page):
    return page.evaluate("() => document.documentElement.classList.contains('projection')")


def _stored(page):
    return page.evaluate(f"() => localStorage.getItem('{KEY}')")


def test_cross_table_fits_one_projected_screen_at_1280x720(page, site_url):
    page.goto(site_url + TABLE + "?projection")
    assert _projected(page)
    assert page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)") >= 24
    assert not page.locator(".md-sidebar--primary").is_visible() and not page.locator(".md-sidebar--secondary").is_visible()
    page.locator(".tableau-croise").scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, document.querySelector('.tableau-croise').getBoundingClientRect().top - 56)")
    _shot(page, "projection-tableau-1280x720.png")
    box = page.evaluate(TABLE_BOX)
    # No scrolling inside the table, and the whole table inside the window.
    assert box["scrollWidth"] <= box["clientWidth"] + 1 and box["scrollHeight"] <= box["clientHeight"] + 1, box
    assert box["box"]["bottom"] - box["box"]["top"] <= 720 - 48, box
    assert box["lastHead"]["right"] <= 1280 and box["lastCell"]["right"] <= 1280, box


@pytest.mark.parametrize("width, height, scale, projection, name", [
    (683, 512, 1.5, False, "tableau-1024-zoom150.png"),   # 1024 × 768 at 150 %: 683 × 512 CSS pixels
    (390, 844, 3, False, "tableau-390.png"),
    (390, 844, 3, True, "projection-tableau-390.png"),
])
def test_cross_table_keeps_its_headers_while_scrolling(browser, site_url, width, height, scale, projection, name):
    context = _context(browser, width, height, scale)
    try:
        page = context.new_page()
        page.goto(site_url + TABLE + ("?projection" if projection else ""))
        page.locator(".tableau-croise").scroll_into_view_if_needed()
        page.evaluate("() => { const b = document.querySelector('.tableau-croise'); b.scrollLeft = b.scrollWidth; b.scrollTop = b.scrollHeight; }")
        page.wait_for_timeout(100)
        _shot(page, name)
        box = page.evaluate(TABLE_BOX)
        assert box["scrollWidth"] > box["clientWidth"], "à cette largeur le tableau défile dans sa boîte"
        inside = box["box"]
        # Scrolled to the end: the last column is visible, and so are the row and column headers.
        assert inside["left"] - 1 <= box["lastCell"]["left"] and box["lastCell"]["right"] <= inside["right"] + 1, box
        assert abs(box["lastHead"]["top"] - inside["top"]) <= 3, f"la ligne d'en-tête ne reste pas en haut : {box}"
        assert abs(box["lastRowHead"]["left"] - inside["left"]) <= 3, f"la colonne des formes ne reste pas à gauche : {box}"
        assert box["lastRowHead"]["right"] <= box["lastCell"]["left"] + 1, box
        # The page itself never scrolls sideways.
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        context.close()


def test_each_cell_is_read_with_its_row_and_column(site_dir):
    html = (site_dir / TABLE / "index.html").read_text(encoding="utf-8")
    start = html.index("tableau-croise__table")
    table = html[start:html.index("</table>", start)]
    head, body = table.split("</thead>")
    columns = len(re.findall(r"<th[ >]", head))
    assert head.count('<th scope="col">') == columns >= 2
    assert body.count('<th scope="row">') == body.count("<tr>") >= 2
    for row in body.split("<tr>")[1:]:
        assert row.count("<td>") == columns - 1, "chaque ligne a une cellule par colonne"
    assert "<td>" in table and "<p>" not in table


def test_toggle_is_not_remembered_unless_asked(page, site_url):
    page.goto(site_url + "droits/aah/")
    assert not _projected(page)
    toggle = page.get_by_role("button", name="Projection", exact=True)
    assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert _projected(page) and toggle.get_attribute("aria-pressed") == "true"
    assert page.get_by_text("Mode projection", exact=True).is_visible()
    _shot(page, "projection-droit-1280x720.png")
    assert _stored(page) is None
    page.reload()
    assert not _projected(page), "sans « se souvenir », le mode n'est pas gardé"
    # Asked to remember: kept across a reload, forgotten when the mode is left.
    page.get_by_role("button", name="Projection", exact=True).click()
    page.get_by_label("Se souvenir sur cet appareil").check()
    assert _stored(page) == "1"
    page.reload()
    assert _projected(page)
    assert page.get_by_label("Se souvenir sur cet appareil").is_checked()
    page.get_by_role("button", name="Quitter la projection").click()
    assert not _projected(page) and _stored(page) is None
    page.reload()
    assert not _projected(page)


def test_url_parameter_turns_it_on_without_storing_and_follows_links(page, site_url):
    page.goto(site_url + TABLE + "?projection")
    assert _projected(page) and _stored(page) is None
    page.locator(".tableau-croise tbody th a").first.click()
    page.wait_for_load_state()
    assert "/formes/" in page.url and _projected(page), page.url
    page.goto(site_url + TABLE)
    assert not _projected(page) and _stored(page) is None
    page.goto(site_url + TABLE + "?projection=0")
    assert not _projected(page)


def test_normal_mode_reads_comfortably(page, site_url):
    page.goto(site_url + "droits/aah/")
    assert page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize)") >= 18
    assert page.evaluate("() => document.querySelector('.md-content').getBoundingClientRect().width") >= 800
    assert page.locator(".md-top").count() == 0, "le bouton « retour en haut » couvre les titres"


def test_navigation_lists_every_worked_case(rules, site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    nav = html[html.index("md-nav--primary"):html.index("md-sidebar--secondary")]
    missing = [cid for cid in rules["cas"] if f'href="cas/{cid}/"' not in nav]
    assert not missing and len(rules["cas"]) >= 26, missing
