"""Load YAML while remembering the line and column of every value.

The compiler reports every error with file, line and column; PyYAML keeps
positions on its node tree only, so we build the Python values ourselves from
that tree and record each value's position under its path (a tuple of keys
and indexes). Duplicate keys, which PyYAML silently accepts, are errors here.
"""

import datetime

import yaml

from engine import yaml_errors


class YamlError(Exception):
    def __init__(self, message, line, column):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


def load_with_positions(text):
    """Return (data, positions) where positions[path] = (line, column), both 1-based.

    libyaml (CSafeLoader) reads the file when PyYAML has it (ten times faster: the preview
    rebuilds at every save); on a syntax error the pure-Python reader reads it again, so that
    the error, told in French by engine/yaml_errors.py, is the same everywhere."""
    loader = _FAST(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as error:
            raise _french(_python_error(text) or error, text) from None
        if node is None:
            return None, {(): (1, 1)}
        positions = {}
        data = _build(loader, node, (), positions)
        return data, positions
    finally:
        loader.dispose()


_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _python_error(text):
    """The pure-Python parser's error for `text` (its messages are the ones translated)."""
    try:
        loader = yaml.SafeLoader(text)  # the reader checks the characters here already
        try:
            loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        return error
    return None


def _french(error, text):
    line, column, message = yaml_errors.explain(error, text)
    return YamlError(f"syntaxe YAML incorrecte : {message}", line, column)


def _build(loader, node, path, positions):
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                first = positions[("__cle__",) + path + (key,)][0]
                raise YamlError(f"le champ « {key} » apparaît deux fois (déjà ligne {first}) : gardez une seule des "
                                "deux lignes", key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            positions[("__cle__",) + path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _build(loader, value_node, path + (key,), positions)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, child, path + (index,), positions) for index, child in enumerate(node.value)]
    return _scalar(loader, node)


def _scalar(loader, node):
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        raise YamlError("valeur illisible : étiquette « !! » non permise : seules des valeurs simples sont acceptées",
                        node.start_mark.line + 1, node.start_mark.column + 1) from None
    except ValueError:
        raise YamlError(f"valeur illisible : « {node.value} » a la forme d'une date mais cette date n'existe pas "
                        "(mois de 1 à 12, jour possible dans le mois)", node.start_mark.line + 1,
                        node.start_mark.column + 1) from None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value
