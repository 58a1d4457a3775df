"""The French wording of JSON-schema errors (editors read these, never the schema itself), and
the « vouliez-vous dire » suggestion every message about an unknown name ends with."""

import difflib

# JSON-schema type -> how an editor writes it in YAML.
TYPE_NAMES = {"string": "texte", "number": "nombre", "integer": "nombre entier", "boolean": "true ou false",
              "array": "liste (lignes commençant par « - »)", "object": "ensemble de champs (nom: valeur)", "null": "null"}


def _enum(error, field):
    choices = ", ".join(f"« {v} »" for v in error.validator_value)
    return f"{field} : valeur « {error.instance} » non permise ; valeurs possibles : {choices}"


def _type(error, field):
    expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
    return f"{field} : type incorrect, attendu : {' ou '.join(TYPE_NAMES[t] for t in expected)}"


# Validator -> message; the schema's own "erreur" text, when it has one, comes first.
MESSAGES = {
    "enum": _enum,
    "type": _type,
    "minItems": lambda error, field: f"{field} : la liste doit contenir au moins {error.validator_value} élément(s)",
    "minLength": lambda error, field: f"{field} : texte vide",
    "propertyNames": lambda error, field: f"{field} : nom de champ incorrect (lettres minuscules, chiffres et _)",
}


def did_you_mean(name, candidates, prefix=""):
    """' ; vouliez-vous dire « x » ?' for the closest candidate, or '' when none is close."""
    hint = difflib.get_close_matches(name, candidates, n=1)
    return f" ; vouliez-vous dire « {prefix}{hint[0]} » ?" if hint else ""


def schema_messages(error):
    """Yield (path, message, at_key) for one jsonschema error; at_key: report at the key, not its value."""
    path = tuple(error.absolute_path)
    field = ".".join(str(p) for p in path) or "(racine)"
    if error.validator == "required":
        for name in [name for name in error.validator_value if name not in error.instance]:
            yield path, f"champ obligatoire manquant : « {name} »" + (f" (dans {field})" if path else ""), False
    elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        for name in error.instance:
            if name not in allowed:
                suggestion = did_you_mean(name, allowed) or f" ; champs permis : {', '.join(allowed)}"
                yield path + (name,), f"champ inconnu : « {name} »{suggestion}", True
    elif "erreur" in error.schema:
        yield path, f"{field} : {error.schema['erreur']} (reçu : {error.instance!r})", False
    elif error.validator in MESSAGES:
        yield path, MESSAGES[error.validator](error, field), False
    else:
        yield path, f"{field} : valeur incorrecte ({error.message})", False
