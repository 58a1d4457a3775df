"""Load YAML while remembering the line and column of every value.

The compiler reports every error with file, line and column; PyYAML keeps
positions on its node tree only, so we build the Python values ourselves from
that tree and record each value's position under its path (a tuple of keys
and indexes). Duplicate keys, which PyYAML silently accepts, are errors here.
"""

import datetime

import yaml


class YamlError(Exception):
    def __init__(self, message, line, column):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def load_with_positions(text):
    """Return (data, positions) where positions[path] = (line, column), both 1-based."""
    loader = yaml.SafeLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            problem = error.problem or "syntaxe YAML incorrecte"
            raise YamlError(f"syntaxe YAML incorrecte : {_french_problem(problem)}",
                            mark.line + 1 if mark else 1, mark.column + 1 if mark else 1) from None
        if node is None:
            return None, {(): (1, 1)}
        positions = {}
        data = _build(loader, node, (), positions)
        return data, positions
    finally:
        loader.dispose()


def _french_problem(problem):
    translations = {
        "could not find expected ':'": "il manque « : » après un nom de champ",
        "mapping values are not allowed here": "« : » inattendu (une valeur contenant « : » doit être entre guillemets)",
        "found character '\\t' that cannot start any token": "tabulation interdite : indentez avec des espaces",
        "expected <block end>, but found '-'": "indentation incohérente d'une liste",
        "found undefined alias": "alias inconnu",
    }
    for english, french in translations.items():
        if problem.startswith(english):
            return french
    return problem


def _build(loader, node, path, positions):
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                raise YamlError(f"le champ « {key} » apparaît deux fois", key_node.start_mark.line + 1,
                                key_node.start_mark.column + 1)
            positions[("__cle__",) + path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(loader, value_node, path + (key,), positions)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, child, path + (index,), positions) for index, child in enumerate(node.value)]
    return _scalar(loader, node)


def _scalar(loader, node):
    try:
        value = loader.construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, ValueError) as error:
        raise YamlError(f"valeur illisible : {error}", node.start_mark.line + 1, node.start_mark.column + 1) from None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
