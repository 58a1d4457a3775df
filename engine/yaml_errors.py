"""PyYAML's syntax errors told in French, with the line to look at and a hint.

One translator for every YAML file a person edits: the rule files (build_scripts/yaml_positions.py)
and the situation files of the command line (engine/cli.py). The engine never reads YAML itself
and this module imports nothing: it reads the attributes PyYAML's errors carry (`problem`,
`context`, `problem_mark`, `context_mark`, and `position`, `character` for a reader error).

    line, column, message = explain(error, text)

The message says what is wrong and how to fix it; PyYAML's English never reaches the person
(a parser message we do not recognise gets a general hint, not the raw text).
"""

GENERAL_HINT = ("vérifiez l'indentation (des espaces, 2 par niveau), le « : » suivi d'une espace après chaque nom "
                "de champ et les guillemets")
QUOTE_HINT = "mettez la valeur entre guillemets droits (\"…\")"


def _mark(mark):
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _line_text(text, line):
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _reader_error(error, text):
    position = getattr(error, "position", 0) or 0
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = getattr(error, "character", "")
    code = f"U+{character:04X}" if isinstance(character, int) else (f"U+{ord(character):04X}" if character else "?")
    return line, column, (f"caractère invisible interdit ({code}) : supprimez-le (il vient souvent d'un copier-coller "
                          "depuis un traitement de texte ou un PDF)")


def _missing_colon(text, line, column):
    source = _line_text(text, line).strip()
    head, colon, rest = source.partition(":")
    if colon and rest and not rest.startswith(" "):
        return (line, column, f"il manque une espace après « : » dans « {source} » : écrivez « {head}: {rest} »")
    previous = next((row.rstrip() for row in reversed(text.splitlines()[:line - 1]) if row.strip()), "")
    if previous.endswith((">", "|", ">-", "|-")):
        return (line, column, f"le texte qui suit « {previous.strip()} » doit être indenté : ajoutez 2 espaces de plus "
                              "que le champ au début de chacune de ses lignes")
    shown = source if len(source) <= 40 else source[:40] + "…"
    return (line, column, f"il manque « : » après le nom du champ dans « {shown} » : écrivez « nom: valeur » "
                          "(si la ligne continue le texte de la précédente, indentez-la davantage)")


def _colon_in_value(text, line, column):
    source = _line_text(text, line)
    before = source[:column - 1]
    stripped = before.lstrip(" -")
    if ": " in stripped or stripped.endswith(":"):
        return (line, column, "« : » suivi d'une espace à l'intérieur d'une valeur : " + QUOTE_HINT)
    return (line, column, "indentation trop profonde : cette ligne est plus indentée que la précédente, qui a déjà "
                          "sa valeur ; alignez ce champ sur le champ précédent")


def _after_scalar(text, line, column):
    """"expected <block end>, but found '<scalar>'": text after a closing quote or bracket."""
    before = _line_text(text, line)[:column - 1].rstrip()
    if before.endswith("'") and _line_text(text, line)[column - 1:column].isalpha() and before[-2:-1].isalpha():
        return (line, column - 1, "apostrophe dans un texte entre apostrophes : doublez-la (l''AAH) ou mettez tout "
                                  "le texte entre guillemets droits (\"l'AAH\")")
    opened = _opening_quote(text, line, len(before))
    if opened is not None and opened[0] < line:
        return (opened[0], opened[1], f"guillemet non fermé : le texte ouvert ligne {opened[0]} n'est pas fermé sur "
                                      "sa ligne ; ajoutez le guillemet de fin")
    if before.endswith(("'", '"')):
        return (line, column, "du texte suit le guillemet fermant : mettez tout le texte entre les guillemets, "
                              "ou retirez les guillemets")
    if before.endswith(("]", "}")):
        return (line, column, "du texte suit la fin d'une liste entre crochets (ou accolades) : " + QUOTE_HINT)
    return (line, column, "indentation incohérente : " + GENERAL_HINT)


def _opening_quote(text, line, end):
    """(line, column) of the quote that opens the quoted text closed just before column `end` of
    `line`, or None when the text there does not end with a quote."""
    lines = text.splitlines()
    current = lines[line - 1] if 0 < line <= len(lines) else ""
    if not current[:end].endswith(("'", '"')):
        return None
    quote = current[end - 1]
    offset = sum(len(row) + 1 for row in lines[:line - 1]) + end - 1
    start = text.rfind(quote, 0, offset)
    if start < 0:
        return None
    opened_line = text.count("\n", 0, start) + 1
    return opened_line, start - (text.rfind("\n", 0, start) + 1) + 1


def _block_end(error, text, line, column):
    found = str(error.problem).split("but found", 1)[-1].strip()
    if found == "'?'":
        return (line, column, "un champ est au niveau des tirets d'une liste : un champ d'un élément s'aligne sous "
                              "le premier champ après le tiret (2 espaces de plus que le « - ») ; un nouvel élément "
                              "commence par « - »")
    if found == "'-'":
        return (line, column, "un élément de liste (« - ») au même niveau que des champs : placez la liste sous "
                              "un champ (« nom: » seul sur sa ligne, puis les « - » indentés de 2 espaces)")
    if found == "'<scalar>'":
        return _after_scalar(text, line, column)
    return (line, column, "indentation incohérente : cette ligne ne s'aligne sur aucun niveau précédent ; alignez-la "
                          "sur les champs de même niveau (des espaces, 2 par niveau)")


def _scanner_or_parser(error, text):
    problem = str(getattr(error, "problem", "") or "")
    context = str(getattr(error, "context", "") or "")
    line, column = _mark(getattr(error, "problem_mark", None))
    opened = getattr(error, "context_mark", None)
    opened_line, opened_column = _mark(opened) if opened is not None else (line, column)
    if "'\\t'" in problem or "\t" in problem:
        return line, column, "tabulation interdite : indentez avec des espaces (2 par niveau)"
    if problem.startswith("could not find expected ':'"):
        return _missing_colon(text, opened_line, opened_column)
    if "quoted scalar" in context and "end of stream" in problem:
        return (opened_line, opened_column, f"guillemet non fermé : le texte ouvert ligne {opened_line} n'est jamais "
                                            "fermé ; ajoutez le guillemet de fin sur la même ligne")
    if "quoted scalar" in context and "unknown escape" in problem:
        return (line, column, "barre oblique inverse « \\ » entre guillemets doubles : doublez-la (\\\\) ou mettez "
                              "le texte entre apostrophes ('…')")
    if problem.startswith("expected ',' or ']'") or problem.startswith("expected ',' or '}'"):
        bracket = "[" if "]" in problem else "{"
        closing = "]" if bracket == "[" else "}"
        return (opened_line, opened_column, f"« {bracket} » ouvert ligne {opened_line} et jamais fermé : ajoutez "
                                            f"« {closing} » à la fin de la liste, sur la même ligne")
    if problem.startswith("expected <block end>"):
        return _block_end(error, text, line, column)
    if problem.startswith("mapping values are not allowed"):
        return _colon_in_value(text, line, column)
    if problem.startswith("sequence entries are not allowed"):
        return (line, column, "« - » après un nom de champ sur la même ligne : mettez les éléments de la liste sur "
                              "les lignes suivantes, indentés, ou " + QUOTE_HINT)
    if "that cannot start any token" in problem:
        character = problem.split("'")[1] if problem.count("'") >= 2 else "?"
        return line, column, f"« {character} » ne peut pas commencer une valeur : " + QUOTE_HINT
    if problem.startswith("found undefined alias"):
        return line, column, "« * » ne peut pas commencer une valeur : " + QUOTE_HINT
    if "constructor" in problem or "tag" in problem:
        return line, column, "étiquette « !! » non permise : seules des valeurs simples sont acceptées"
    if "block scalar" in context or "indentation indicator" in problem:
        return line, column, "texte sur plusieurs lignes (« > » ou « | ») mal indenté : " + GENERAL_HINT
    return line, column, "syntaxe incorrecte : " + GENERAL_HINT


def explain(error, text):
    """(line, column, French message) for a PyYAML error raised while reading `text`."""
    if getattr(error, "problem_mark", None) is None and hasattr(error, "position") and hasattr(error, "reason"):
        return _reader_error(error, text)
    return _scanner_or_parser(error, text)
