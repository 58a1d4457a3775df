"""Text of the rules in the guide's Markdown pages: escaped, with a small explicit Markdown subset.

The generated pages are Markdown that MkDocs renders with raw HTML, attribute lists, abbreviations,
admonitions and tables. A text of the rules must never become code there, so every value the
templates print goes through `escape` (the templates' `finalize`): the characters that HTML or that
Markdown would read as syntax (`& < > " [ ] { } \\ ` |`) become numeric character references. The
browser shows the same characters; Markdown sees plain text: no tag, no link, no image, no
attribute list (`{: onclick=…}`), no code span, no table cell.

What a text may still carry (docs/contribuer/format-des-regles.md, « Mise en forme des textes »):
emphasis (`*mot*`, `**mot**`), paragraphs and lists in multi-line texts, and, in the texts printed
with `rich`, links `[texte](https://…)` or `[texte](mailto:…)`. Any other link stays plain text.
Everything here returns markupsafe.Markup: the templates' autoescaping keeps it as it is.
"""

import re
from urllib.parse import quote

from markupsafe import Markup

_SYNTAX = str.maketrans({c: f"&#{ord(c)};" for c in "&<>\"[]{}\\`|"})
# A link of the subset: a label without brackets, an https or mailto address without spaces,
# quotes, angle brackets or parentheses.
_LINK = re.compile(r"\[([^\[\]\n]+)\]\(((?:https://|mailto:)[^\s()<>\"'`\\]+)\)")
_SAFE_URL = re.compile(r"^(?:https://|mailto:|\.\./|[a-z0-9_-]+(?:/|\.md|$)|#)", re.IGNORECASE)
# Characters kept as they are in an address; any other is percent-encoded (quotes, spaces, brackets...).
_URL_KEEP = "/:?#&=%+,;@!$*~.-_"


def escape(value):
    """A value printed by a template: Markup is kept, anything else is shown as plain text."""
    if isinstance(value, Markup):
        return value
    return Markup(str("" if value is None else value).translate(_SYNTAX))


def url(address):
    """An address for a Markdown link or an href: https, mailto or a path inside the site, and
    percent-encoded so that it cannot close the link. Anything else stops the build."""
    address = str(address).strip()
    if not _SAFE_URL.match(address):
        raise ValueError(f"adresse refusée dans une page : « {address} » (seules https://, mailto: et les "
                         "pages du site sont acceptées)")
    return Markup(quote(address, safe=_URL_KEEP))


def link(label, address):
    """A Markdown link whose label is plain text."""
    return Markup(f"[{escape(label)}]({url(address)})")


def rich(text):
    """A text of the rules with the subset: escaped, except its links to https or mailto addresses."""
    text = "" if text is None else str(text)
    out, last = [], 0
    for match in _LINK.finditer(text):
        out.append(escape(text[last:match.start()]))
        out.append(link(match.group(1), match.group(2)))
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("".join(out))


def code(text):
    """A code span (formulas): its content is literal for Markdown, it only must not close it."""
    return Markup("`" + str(text).replace("`", "'") + "`")


def slug(text):
    """An anchor (`{ #…}`) made of letters, digits and dashes only."""
    return Markup(re.sub(r"[^\w-]+", "-", str(text).lower()).strip("-"))
