"""The compiler's core: problems, rule files, loading with positions and schema check, and
the state every per-kind pass shares (indexes of the files, formula compilation, error reporting)."""

import json
import os
import re
from pathlib import Path

import jsonschema

from engine.tree import references

from build_scripts.compiler.schema_messages import did_you_mean, schema_messages
from build_scripts.compiler.values import check_values
from build_scripts.formulas import FormulaError, parse, resolve
from build_scripts.yaml_positions import YamlError, load_with_positions

SCHEMA_PATH = Path("schema") / "regles.schema.json"
# Directory (or file) of rules/ -> schema definition its files follow.
KINDS = {"parametres": "parametre", "droits": "droit", "formes": "forme", "organismes": "organisme", "cas": "cas",
         "courriers": "courrier"}
SINGLE_FILES = {"questions.yaml": "questions", "paiement.yaml": "paiement", "glossaire.yaml": "glossaire",
                "formation.yaml": "formation", "besoins.yaml": "besoins", "nouveautes.yaml": "nouveautes"}
OPTIONAL_FILES = {"glossaire", "formation", "besoins", "nouveautes"}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_FILE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class Problem:
    def __init__(self, path, line, column, message):
        self.path, self.line, self.column, self.message = path, line, column, message

    def __str__(self):
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class RulesFile:
    """One YAML file with its data and the positions of its values."""

    def __init__(self, path, display, kind, data, positions):
        self.path, self.display, self.kind, self.data, self.positions = path, display, kind, data, positions

    def where(self, path):
        """Position of the value at `path`, or of its closest parent."""
        path = tuple(path)
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def where_key(self, path):
        return self.positions.get(("__cle__",) + tuple(path)) or self.where(path)


def by_order(item):
    """Sort key of a (name, RulesFile) pair: the file's `ordre`, then its name."""
    name, rfile = item
    return (rfile.data.get("ordre", 1000) if isinstance(rfile.data, dict) else 1000, name)


class Compilation:
    """What the passes share: the files by kind, the names they define, and the problems found."""

    def __init__(self, rules_dir):
        self.rules_dir = Path(rules_dir)
        self.problems = []
        self.files = []
        self.inputs = {}  # question id -> compiled question, filled as questions.yaml is read
        self.right_steps = None  # right id -> its step names, set just before the rights are compiled
        self.used_parameters = set()  # parameters referenced by a formula: they set the first date covered

    def error(self, rfile, path, message, key=False):
        line, column = rfile.where_key(path) if key else rfile.where(path)
        self.problems.append(Problem(rfile.display, line, column, message))

    # ----- loading and schema --------------------------------------------------------------
    def load(self):
        """Read every YAML file of rules/ with positions; keep those that follow the schema."""
        schema = json.loads((self.rules_dir / SCHEMA_PATH).read_text(encoding="utf-8"))
        for path in sorted(self.rules_dir.rglob("*.y*ml")):
            relative = path.relative_to(self.rules_dir)
            kind = SINGLE_FILES.get(str(relative)) if len(relative.parts) == 1 else KINDS.get(relative.parts[0])
            display = os.path.relpath(path, Path.cwd()) if path.is_absolute() else str(path)
            if kind is None:
                self.problems.append(Problem(display, 1, 1, "fichier inattendu : rangez-le dans parametres/, droits/, "
                                                            "formes/, organismes/, courriers/ ou cas/ (ou questions.yaml, "
                                                            "paiement.yaml)"))
                continue
            try:
                text = path.read_text(encoding="utf-8")
                if text.startswith("\ufeff"):
                    self.problems.append(Problem(display, 1, 1, "le fichier commence par une marque d'ordre d'octets (BOM) : "
                                                                "enregistrez-le en UTF-8 sans BOM"))
                    continue
                data, positions = load_with_positions(text)
            except YamlError as error:
                self.problems.append(Problem(display, error.line, error.column, error.message))
                continue
            except UnicodeDecodeError:
                self.problems.append(Problem(display, 1, 1, "le fichier doit être enregistré en UTF-8"))
                continue
            rfile = RulesFile(path, display, kind, data, positions)
            if self._follows_schema(rfile, schema):
                check_values(self, rfile)
                self.files.append(rfile)

    def _follows_schema(self, rfile, schema):
        if rfile.data is None:
            self.error(rfile, (), "le fichier est vide")
            return False
        validator = jsonschema.Draft7Validator({"$ref": f"#/definitions/{rfile.kind}", "definitions": schema["definitions"]})
        errors = sorted(validator.iter_errors(rfile.data), key=lambda e: [str(p) for p in e.absolute_path])
        said = set()  # jsonschema may report one missing field once per rule it breaks
        for error in errors:
            for path, message, at_key in schema_messages(error):
                if (path, message) not in said:
                    said.add((path, message))
                    self.error(rfile, path, message, key=at_key)
        return not errors

    def index(self):
        """Sort the loaded files by kind; False (nothing can be compiled) if a file is missing or broken."""
        by_kind = {}
        for rfile in self.files:
            by_kind.setdefault(rfile.kind, []).append(rfile)
        for single in [name for name in SINGLE_FILES.values() if name not in OPTIONAL_FILES]:
            # A mandatory file that failed to load has already been reported.
            if single not in by_kind and not any(p.path.endswith(f"{single}.yaml") for p in self.problems):
                self.problems.append(Problem(str(self.rules_dir / f"{single}.yaml"), 1, 1, "fichier obligatoire manquant"))
        if self.problems:
            return False
        self.bodies = {f.path.stem: f for f in by_kind.get("organisme", [])}
        self.params = {".".join(f.path.relative_to(self.rules_dir / "parametres").with_suffix("").parts): f
                       for f in by_kind.get("parametre", [])}
        self.rights = {f.path.stem: f for f in by_kind.get("droit", [])}
        self.forms = {f.path.stem: f for f in by_kind.get("forme", [])}
        self.cases = by_kind.get("cas", [])
        self.letters = {f.path.stem: f for f in by_kind.get("courrier", [])}
        self.glossary_file = by_kind["glossaire"][0] if "glossaire" in by_kind else None
        self.training_file = by_kind["formation"][0] if "formation" in by_kind else None
        self.needs_file = by_kind["besoins"][0] if "besoins" in by_kind else None
        self.changelog_file = by_kind["nouveautes"][0] if "nouveautes" in by_kind else None
        self.questions_file = by_kind["questions"][0]
        self.payment_file = by_kind["paiement"][0]
        self.assiettes = sorted(self.payment_file.data["assiettes"])
        self.periods = sorted(self.payment_file.data["periodes"])
        for kind_files in (self.bodies, self.rights, self.forms, self.letters):
            for name, rfile in kind_files.items():
                if not _FILE_NAME.match(name):
                    self.error(rfile, (), f"nom de fichier incorrect « {rfile.path.name} » : lettres minuscules, chiffres et _")
        return True

    # ----- what several kinds of file share ---------------------------------------------------
    def formula(self, rfile, path, source, names):
        """Parse and resolve one formula with `names`; report errors at its position; return (tree, text)."""
        try:
            tree = resolve(parse(source), names)
        except FormulaError as error:
            where = f" (colonne {error.column} de la formule)" if error.column else ""
            self.error(rfile, path, f"formule « {str(source).strip()} » : {error.message}{where}")
            return ["const", 0.0], str(source)
        self.used_parameters.update(ref[1] for ref in references(tree) if ref[0] == "param")
        return tree, str(source).strip()

    def text(self, rfile, path, source, names):
        """Compile a text with {formula} placeholders into a list of strings and trees."""
        source = " ".join(source.split())  # folded YAML text: one clean line
        parts, last = [], 0
        for match in _PLACEHOLDER.finditer(source):
            parts.append(source[last:match.start()])
            parts.append(self.formula(rfile, path, match.group(1), names)[0])
            last = match.end()
        parts.append(source[last:])
        return [part for part in parts if part != ""]

    def check_body(self, rfile, path, body_id):
        """Report a body (organisme) that has no file in organismes/."""
        if body_id not in self.bodies:
            self.error(rfile, path, f"organisme inconnu : « {body_id} » (aucun fichier organismes/{body_id}.yaml)"
                                    + did_you_mean(body_id, self.bodies))
