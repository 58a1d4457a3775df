"""Validate every file of rules/ and compile them into one JSON bundle.

    python -m build_scripts.compile_rules [--regles rules] [--sortie build/regles]

Each file is checked against rules/schema/regles.schema.json (jsonschema),
then across files: unknown parameters, questions, steps or bodies, formula
syntax, cycles between steps or between rights, dates out of order. Every
error is listed, in French, with file, line and column; if there is any,
the exit code is 1 and nothing is written. Otherwise the bundle is written as
regles.<hash>.json with a manifest.json naming it.
"""

import argparse
import difflib
import hashlib
import json
import os
import re
import sys
from pathlib import Path

import jsonschema

from engine.tree import references
from engine.vocabulary import BUNDLE_FORMAT, VOCABULARY

from build_scripts.formulas import FormulaError, parse, resolve
from build_scripts.yaml_positions import YamlError, load_with_positions

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_PATH = Path("schema") / "regles.schema.json"
# Directory (or file) of rules/ -> schema definition its files follow.
KINDS = {"parametres": "parametre", "droits": "droit", "formes": "forme", "organismes": "organisme", "cas": "cas"}
SINGLE_FILES = {"questions.yaml": "questions", "paiement.yaml": "paiement", "glossaire.yaml": "glossaire"}
OPTIONAL_FILES = {"glossaire"}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


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


class Compiler:
    def __init__(self, rules_dir):
        self.rules_dir = Path(rules_dir)
        self.problems = []
        self.files = []
        self.used_parameters = set()  # parameters referenced by a formula: they set the first date covered

    # ----- reporting -------------------------------------------------------------------------
    def error(self, rfile, path, message, column_offset=None, key=False):
        line, column = rfile.where_key(path) if key else rfile.where(path)
        if column_offset:
            column += column_offset - 1
        self.problems.append(Problem(rfile.display, line, column, message))

    # ----- loading and schema ----------------------------------------------------------------
    def load(self):
        schema_file = self.rules_dir / SCHEMA_PATH
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        for path in sorted(self.rules_dir.rglob("*.y*ml")):
            relative = path.relative_to(self.rules_dir)
            kind = SINGLE_FILES.get(str(relative)) if len(relative.parts) == 1 else KINDS.get(relative.parts[0])
            display = os.path.relpath(path, Path.cwd()) if path.is_absolute() else str(path)
            if kind is None:
                self.problems.append(Problem(display, 1, 1, "fichier inattendu : rangez-le dans parametres/, droits/, "
                                                            "formes/, organismes/ ou cas/ (ou questions.yaml, paiement.yaml)"))
                continue
            try:
                data, positions = load_with_positions(path.read_text(encoding="utf-8"))
            except YamlError as error:
                self.problems.append(Problem(display, error.line, error.column, error.message))
                continue
            except UnicodeDecodeError:
                self.problems.append(Problem(display, 1, 1, "le fichier doit être enregistré en UTF-8"))
                continue
            rfile = RulesFile(path, display, kind, data, positions)
            if self._check_schema(rfile, schema):
                self.files.append(rfile)

    def _check_schema(self, rfile, schema):
        if rfile.data is None:
            self.error(rfile, (), "le fichier est vide")
            return False
        validator = jsonschema.Draft7Validator({"$ref": f"#/definitions/{rfile.kind}", "definitions": schema["definitions"]})
        errors = sorted(validator.iter_errors(rfile.data), key=lambda e: [str(p) for p in e.absolute_path])
        for error in errors:
            self._schema_problem(rfile, error)
        return not errors

    def _schema_problem(self, rfile, error):
        path = tuple(error.absolute_path)
        field = ".".join(str(p) for p in path) or "(racine)"
        validator = error.validator
        if validator == "required":
            missing = [name for name in error.validator_value if name not in error.instance]
            for name in missing:
                self.error(rfile, path, f"champ obligatoire manquant : « {name} »" + (f" (dans {field})" if path else ""))
            return
        if validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}))
            for name in error.instance:
                if name not in allowed:
                    hint = difflib.get_close_matches(name, sorted(allowed), n=1)
                    suggestion = f" ; vouliez-vous dire « {hint[0]} » ?" if hint else f" ; champs permis : {', '.join(sorted(allowed))}"
                    self.error(rfile, path + (name,), f"champ inconnu : « {name} »{suggestion}", key=True)
            return
        if "erreur" in error.schema:
            self.error(rfile, path, f"{field} : {error.schema['erreur']} (reçu : {error.instance!r})")
            return
        if validator == "enum":
            choices = ", ".join(f"« {v} »" for v in error.validator_value)
            self.error(rfile, path, f"{field} : valeur « {error.instance} » non permise ; valeurs possibles : {choices}")
        elif validator == "type":
            names = {"string": "texte", "number": "nombre", "integer": "nombre entier", "boolean": "true ou false",
                     "array": "liste (lignes commençant par « - »)", "object": "ensemble de champs (nom: valeur)", "null": "null"}
            expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
            self.error(rfile, path, f"{field} : type incorrect, attendu : {' ou '.join(names[t] for t in expected)}")
        elif validator == "minItems":
            self.error(rfile, path, f"{field} : la liste doit contenir au moins {error.validator_value} élément(s)")
        elif validator == "minLength":
            self.error(rfile, path, f"{field} : texte vide")
        elif validator == "propertyNames":
            self.error(rfile, path, f"{field} : nom de champ incorrect (lettres minuscules, chiffres et _)")
        else:
            self.error(rfile, path, f"{field} : valeur incorrecte ({error.message})")

    # ----- cross-file checks and compilation ------------------------------------------------------
    def compile(self):
        self.load()
        by_kind = {}
        for rfile in self.files:
            by_kind.setdefault(rfile.kind, []).append(rfile)
        for single in [name for name in SINGLE_FILES.values() if name not in OPTIONAL_FILES]:
            if single not in by_kind and not any(single == f.kind for f in self.files):
                if not any(p.path.endswith(f"{single}.yaml") for p in self.problems):
                    self.problems.append(Problem(str(self.rules_dir / f"{single}.yaml"), 1, 1, "fichier obligatoire manquant"))
        if self.problems:
            return None
        self.bodies = {f.path.stem: f for f in by_kind.get("organisme", [])}
        self.params = {}
        for rfile in by_kind.get("parametre", []):
            relative = rfile.path.relative_to(self.rules_dir / "parametres").with_suffix("")
            self.params[".".join(relative.parts)] = rfile
        self.rights = {f.path.stem: f for f in by_kind.get("droit", [])}
        self.forms = {f.path.stem: f for f in by_kind.get("forme", [])}
        self.questions_file = by_kind["questions"][0]
        self.payment_file = by_kind["paiement"][0]
        for kind_files in (self.bodies, self.rights, self.forms):
            for name, rfile in kind_files.items():
                if not re.match(r"^[a-z][a-z0-9_]*$", name):
                    self.error(rfile, (), f"nom de fichier incorrect « {rfile.path.name} » : lettres minuscules, chiffres et _")

        bundle = {"format": BUNDLE_FORMAT, "vocabulaire": VOCABULARY}
        bundle["parametres"] = {pid: self._parameter(pid, rfile) for pid, rfile in sorted(self.params.items())}
        bundle["organismes"] = {bid: self._body(rfile) for bid, rfile in sorted(self.bodies.items())}
        self.assiettes = sorted(self.payment_file.data["assiettes"])
        self.periods = sorted(self.payment_file.data["periodes"])
        bundle["questions"], bundle["sections"] = self._questions()
        self.inputs = {q["id"]: q for q in bundle["questions"]}
        bundle["paiement"] = self._payment()
        bundle["glossaire"] = by_kind["glossaire"][0].data["termes"] if "glossaire" in by_kind else []
        bundle["formes"] = {fid: self._form(fid, rfile) for fid, rfile in sorted(self.forms.items(), key=_order)}
        self.right_steps = {rid: [s["nom"] for s in rfile.data["etapes"] if isinstance(s, dict)] for rid, rfile in self.rights.items()}
        bundle["droits"] = {}
        right_deps = {}
        for rid, rfile in sorted(self.rights.items(), key=_order):
            bundle["droits"][rid], right_deps[rid] = self._right(rid, rfile)
        bundle["ordre_droits"] = self._order_rights(right_deps)
        self._check_form_question(bundle)
        bundle["cas"] = {f.path.stem: self._case(f) for f in sorted(by_kind.get("cas", []), key=lambda f: (f.data.get("ordre", 1000), f.path.stem))}
        if self.problems:
            return None
        # The first date at which every parameter used by a formula has a value.
        used = self.used_parameters
        firsts = [p["valeurs"][0]["depuis"] for pid, p in bundle["parametres"].items() if pid in used]
        bundle["date_min"] = max(firsts) if firsts else "1900-01-01"
        checked = [p["verifie_le"] for p in bundle["parametres"].values()]
        bundle["verifie_le"] = min(checked) if checked else ""
        return bundle

    def _parameter(self, pid, rfile):
        data = rfile.data
        previous = None
        for index, entry in enumerate(data["valeurs"]):
            if previous is not None and entry["depuis"] <= previous:
                self.error(rfile, ("valeurs", index, "depuis"),
                           f"dates dans le désordre : {entry['depuis']} doit être postérieure à {previous}")
            previous = entry["depuis"]
            if entry["valeur"] is None and "organisme" in entry and "a_verifier" not in entry:
                self.error(rfile, ("valeurs", index), "« organisme » n'a de sens qu'avec « a_verifier »")
            if "organisme" in entry:
                self._check_body(rfile, ("valeurs", index, "organisme"), entry["organisme"])
        if data["valeurs"][0]["valeur"] is None and "a_verifier" not in data["valeurs"][0]:
            self.error(rfile, ("valeurs", 0, "valeur"), "la première valeur ne peut pas être abrogée (null sans a_verifier)")
        return {key: data[key] for key in ("libelle", "description", "note", "unite", "verifie_le", "references", "valeurs") if key in data}

    def _body(self, rfile):
        return dict(rfile.data)

    def _check_body(self, rfile, path, body_id):
        if body_id not in self.bodies:
            hint = difflib.get_close_matches(body_id, sorted(self.bodies), n=1)
            suggestion = f" ; vouliez-vous dire « {hint[0]} » ?" if hint else ""
            self.error(rfile, path, f"organisme inconnu : « {body_id} » (aucun fichier organismes/{body_id}.yaml){suggestion}")

    # ----- formulas ----------------------------------------------------------------------
    def formula(self, rfile, path, source, resolver):
        """Parse and resolve one formula; report errors at its position; return (tree, text)."""
        try:
            tree = resolve(parse(source), resolver)
        except FormulaError as error:
            where = f" (colonne {error.column} de la formule)" if error.column else ""
            self.error(rfile, path, f"formule « {str(source).strip()} » : {error.message}{where}")
            return ["const", 0.0], str(source)
        self.used_parameters.update(ref[1] for ref in references(tree) if ref[0] == "param")
        return tree, str(source).strip()

    def text(self, rfile, path, source, resolver):
        """Compile a text with {formula} placeholders into a list of strings and trees."""
        source = " ".join(source.split())  # folded YAML text: one clean line
        parts, last = [], 0
        for match in _PLACEHOLDER.finditer(source):
            parts.append(source[last:match.start()])
            parts.append(self.formula(rfile, path, match.group(1), resolver)[0])
            last = match.end()
        parts.append(source[last:])
        return [part for part in parts if part != ""]

    def resolver(self, rfile, steps=(), allow_avant=False, local=(), right_id=None):
        params, inputs = self.params, getattr(self, "inputs", {})

        def resolve_name(dotted):
            parts = dotted.split(".")
            head = parts[0]
            if head == "p":
                pid = ".".join(parts[1:])
                if pid in params:
                    return ["param", pid]
                hint = difflib.get_close_matches(pid, sorted(params), n=1)
                raise FormulaError(f"paramètre inconnu : « {dotted} » (aucun fichier parametres/{'/'.join(parts[1:])}.yaml)"
                                   + (f" ; vouliez-vous dire « p.{hint[0]} » ?" if hint else ""))
            if head == "paiement":
                if len(parts) == 2 and parts[1] in ("forme", "activite"):
                    return ["paiement", parts[1]]
                if len(parts) == 3 and parts[1] in self.periods and parts[2] in self.assiettes:
                    return ["paiement", parts[1], parts[2]]
                raise FormulaError(f"« {dotted} » : attendu paiement.forme, paiement.activite ou paiement.<{'|'.join(self.periods)}>."
                                   f"<{'|'.join(self.assiettes)}>")
            if head == "droit":
                if len(parts) == 3 and parts[1] in self.right_steps and parts[2] in self.right_steps[parts[1]]:
                    if parts[1] == right_id:
                        raise FormulaError(f"« {dotted} » : dans son propre droit, écrivez simplement « {parts[2]} »")
                    return ["droit", parts[1], parts[2]]
                raise FormulaError(f"« {dotted} » : droit ou étape inconnu (attendu droit.<droit>.<étape>)")
            if dotted == "date":
                return ["date"]
            if head == "avant":
                if not allow_avant:
                    raise FormulaError("« avant. » n'est permis que dans statuts, alertes, demarches, effet et duree_effet_mois")
                if len(parts) == 2 and parts[1] in steps:
                    return ["avant", parts[1]]
                raise FormulaError(f"« {dotted} » : étape inconnue")
            if len(parts) == 1:
                if dotted in local:
                    return ["local", dotted]
                if dotted in steps:
                    return ["step", dotted]
                if dotted in inputs:
                    return ["input", dotted]
            candidates = list(local) + list(steps) + list(inputs)
            hint = difflib.get_close_matches(dotted, candidates, n=1)
            raise FormulaError(f"nom inconnu : « {dotted} » (ni une étape de ce droit, ni une question, ni date)"
                               + (f" ; vouliez-vous dire « {hint[0]} » ?" if hint else ""))
        return resolve_name

    # ----- questions and payment --------------------------------------------------------------------
    def _questions(self):
        rfile = self.questions_file
        questions, sections, seen = [], [], {}
        self.inputs = {}
        for s_index, section in enumerate(rfile.data["sections"]):
            sections.append({key: section[key] for key in ("id", "titre", "aide") if key in section})
            for q_index, question in enumerate(section["questions"]):
                path = ("sections", s_index, "questions", q_index)
                qid = question["id"]
                if qid in seen:
                    self.error(rfile, path + ("id",), f"question « {qid} » déjà définie plus haut")
                    continue
                seen[qid] = True
                compiled = {k: v for k, v in question.items() if k not in ("si", "choix_depuis")}
                compiled["section"] = section["id"]
                if question.get("choix_depuis") == "formes":
                    compiled["choix"] = [{"valeur": fid, "libelle": f.data["nom"]} for fid, f in sorted(self.forms.items(), key=_order)]
                self._check_question(rfile, path, compiled)
                if "si" in question:
                    # Relevance conditions may only use questions asked before this one.
                    compiled["si"], compiled["si_texte"] = self.formula(rfile, path + ("si",), question["si"], self.resolver(rfile))
                    # The form decides what to show before any date is chosen: answers only.
                    for ref in references(compiled["si"]):
                        if ref[0] != "input":
                            self.error(rfile, path + ("si",), "une condition de question (si) ne peut utiliser que les "
                                                              "réponses aux questions précédentes (ni paramètre p., ni date)")
                            break
                questions.append(compiled)
                self.inputs[qid] = compiled
        return questions, sections

    def _check_question(self, rfile, path, question):
        kind = question["type"]
        if kind == "choix":
            if "choix" not in question:
                self.error(rfile, path, f"question « {question['id']} » de type choix sans liste « choix »")
                return
            values = [c["valeur"] for c in question["choix"]]
            if len(set(values)) != len(values):
                self.error(rfile, path + ("choix",), "deux réponses ont la même valeur")
        elif "choix" in question:
            self.error(rfile, path + ("choix",), "« choix » n'a de sens que pour une question de type choix")
        if "min" in question and "max" in question and question["min"] > question["max"]:
            self.error(rfile, path + ("min",), "min est plus grand que max")
        if "defaut" in question:
            default = question["defaut"]
            if "defaut_explication" not in question:
                self.error(rfile, path + ("defaut",), "une valeur par défaut (« je ne sais pas ») doit être expliquée : ajoutez defaut_explication")
            ok = {"booleen": isinstance(default, bool),
                  "choix": isinstance(default, str) and default in [c["valeur"] for c in question.get("choix", [])]}.get(
                kind, isinstance(default, (int, float)) and not isinstance(default, bool))
            if not ok:
                self.error(rfile, path + ("defaut",), f"valeur par défaut « {default} » incompatible avec le type {kind}")
            elif kind not in ("booleen", "choix"):
                if ("min" in question and default < question["min"]) or ("max" in question and default > question["max"]):
                    self.error(rfile, path + ("defaut",), "valeur par défaut hors des bornes min / max")
        if question.get("unite") in ("EUR", "EUR/mois", "EUR/an", "EUR/trimestre"):
            question["unite_affichee"] = {"EUR": "€", "EUR/mois": "€ par mois", "EUR/an": "€ par an", "EUR/trimestre": "€ par trimestre"}[question["unite"]]

    def _payment(self):
        rfile = self.payment_file
        data = rfile.data
        periods = {}
        for name, source in data["periodes"].items():
            periods[name] = self.formula(rfile, ("periodes", name), source, self.resolver(rfile))[0]
            for ref in references(periods[name]):
                if ref[0] not in ("input", "param"):
                    self.error(rfile, ("periodes", name), "une période ne peut utiliser que des réponses et des paramètres")
        compiled = {key: data[key] for key in data if key.startswith("question_")}
        return {**compiled, "periodes": periods, "assiettes": data["assiettes"]}

    def _check_form_question(self, bundle):
        rfile = self.payment_file
        qid = bundle["paiement"]["question_forme"]
        question = self.inputs.get(qid)
        if question is None or question["type"] != "choix":
            self.error(rfile, ("question_forme",), f"« {qid} » doit être une question de type choix de questions.yaml")
            return
        for key in ("question_montant", "question_nombre", "question_periodicite"):
            if bundle["paiement"][key] not in self.inputs:
                self.error(rfile, (key,), f"« {bundle['paiement'][key]} » n'est pas une question de questions.yaml")
        values = {c["valeur"] for c in question["choix"]}
        for fid in values - set(self.forms):
            self.error(rfile, ("question_forme",), f"la réponse « {fid} » de la question {qid} n'a pas de fichier formes/{fid}.yaml")

    # ----- payment forms --------------------------------------------------------------------------
    def _form(self, fid, rfile):
        data = rfile.data
        compiled = {k: v for k, v in data.items() if k not in ("assiettes", "demarches")}
        # A list, not a mapping: the bundle's JSON sorts keys, and the order matters here.
        compiled["assiettes"] = []
        # An assiette may use `montant`, `periode` ("mois", "trimestre" or "annee": some rules,
        # like a yearly minimum deduction, apply to one period only) and the assiettes above it.
        local = ["montant", "periode"]
        for name, source in data["assiettes"].items():
            resolver = self.resolver(rfile, local=tuple(local))
            local.append(name)
            if name not in self.assiettes:
                self.error(rfile, ("assiettes", name), f"assiette inconnue « {name} » ; assiettes déclarées dans paiement.yaml : "
                                                       f"{', '.join(self.assiettes)}", key=True)
                continue
            compiled["assiettes"].append([name, self.formula(rfile, ("assiettes", name), source, resolver)[0]])
        for name in ("brut", "net_percu"):
            if name not in data["assiettes"]:
                self.error(rfile, ("assiettes",), f"l'assiette « {name} » est obligatoire pour chaque forme de paiement")
        for rid, effect in data["effets"].items():
            if rid not in self.rights:
                self.error(rfile, ("effets", rid), f"droit inconnu « {rid} » (aucun fichier droits/{rid}.yaml)", key=True)
            if "organisme" in effect:
                self._check_body(rfile, ("effets", rid, "organisme"), effect["organisme"])
            if effect["compte"] == "a_verifier" and "organisme" not in effect:
                self.error(rfile, ("effets", rid), "un effet « a_verifier » doit nommer l'organisme à interroger (organisme)")
        # Every form says how it counts for every right: a new right is not published until
        # each form has been looked at (with « a_verifier » where nobody knows).
        for rid in sorted(set(self.rights) - set(data["effets"])):
            self.error(rfile, ("effets",), f"effets : il manque l'effet de cette forme sur le droit « {rid} » "
                                          f"(compte: oui, non ou a_verifier, avec un texte)", key=True)
        compiled["demarches"] = [self._step_to_take(rfile, ("demarches", i), item, self.resolver(rfile))
                                 for i, item in enumerate(data.get("demarches", []))]
        return compiled

    def _step_to_take(self, rfile, path, item, resolver):
        self._check_body(rfile, path + ("organisme",), item["organisme"])
        compiled = {"organisme": item["organisme"],
                    "quoi": self.text(rfile, path + ("quoi",), item["quoi"], resolver),
                    "quand": self.text(rfile, path + ("quand",), item["quand"], resolver)}
        if "si" in item:
            compiled["si"] = self.formula(rfile, path + ("si",), item["si"], resolver)[0]
        return compiled

    # ----- rights -------------------------------------------------------------------------------------
    def _right(self, rid, rfile):
        data = rfile.data
        self._check_body(rfile, ("verse_par",), data["verse_par"])
        self._check_body(rfile, ("decide_par",), data["decide_par"])
        names = [step["nom"] for step in data["etapes"]]
        steps_resolver = self.resolver(rfile, steps=names, right_id=rid)
        after_resolver = self.resolver(rfile, steps=names, allow_avant=True, right_id=rid)
        compiled = {k: v for k, v in data.items() if k not in ("etapes", "applicable", "statuts", "alertes", "demarches", "effet", "duree_effet_mois")}
        steps, graph, right_deps = {}, {}, set()
        seen = set()
        for index, step in enumerate(data["etapes"]):
            if step["nom"] in seen:
                self.error(rfile, ("etapes", index, "nom"), f"étape « {step['nom']} » définie deux fois")
                continue
            seen.add(step["nom"])
            tree, text = self.formula(rfile, ("etapes", index, "formule"), step["formule"], steps_resolver)
            steps[step["nom"]] = {**step, "formule": tree, "formule_texte": text}
            graph[step["nom"]] = [ref[1] for ref in references(tree) if ref[0] == "step"]
            right_deps.update(ref[1] for ref in references(tree) if ref[0] == "droit")
        order = self._topological(lambda name: rfile, graph, lambda name: ("etapes", names.index(name), "formule"), "étapes")
        compiled["etapes"] = [steps[name] for name in order if name in steps]
        for key in ("montant", "montant_max"):
            if key in data and data[key] not in names:
                self.error(rfile, (key,), f"« {key} » doit nommer une étape ; « {data[key]} » n'en est pas une")
        if "montant_max" in data and "montant" not in data:
            self.error(rfile, ("montant_max",), "« montant_max » demande aussi « montant » (le bas de la fourchette)")
        if "applicable" in data:
            compiled["applicable"] = self.formula(rfile, ("applicable",), data["applicable"], self.resolver(rfile))[0]
        compiled["statuts"] = [{"si": self.formula(rfile, ("statuts", i, "si"), item["si"], after_resolver)[0], "statut": item["statut"]}
                               for i, item in enumerate(data.get("statuts", []))]
        compiled["alertes"] = []
        for i, item in enumerate(data.get("alertes", [])):
            alert = {"si": self.formula(rfile, ("alertes", i, "si"), item["si"], after_resolver)[0], "gravite": item["gravite"],
                     "texte": self.text(rfile, ("alertes", i, "texte"), item["texte"], after_resolver),
                     "texte_source": item["texte"]}
            if "organisme" in item:
                self._check_body(rfile, ("alertes", i, "organisme"), item["organisme"])
                alert["organisme"] = item["organisme"]
            compiled["alertes"].append(alert)
        compiled["demarches"] = [self._step_to_take(rfile, ("demarches", i), item, after_resolver)
                                 for i, item in enumerate(data.get("demarches", []))]
        compiled["effet"] = []
        for i, item in enumerate(data.get("effet", [])):
            entry = {"texte": self.text(rfile, ("effet", i, "texte"), item["texte"], after_resolver)}
            if "si" in item:
                entry["si"] = self.formula(rfile, ("effet", i, "si"), item["si"], after_resolver)[0]
            compiled["effet"].append(entry)
        if "duree_effet_mois" in data:
            compiled["duree_effet_mois"] = self.formula(rfile, ("duree_effet_mois",), data["duree_effet_mois"], after_resolver)[0]
        return compiled, right_deps

    # ----- worked cases (cas pratiques) ---------------------------------------------------------------
    def _case(self, rfile):
        """A worked case: its situation answers known questions, its expected figures known rights."""
        data = rfile.data
        if not re.match(r"^[a-z0-9][a-z0-9_-]*$", rfile.path.stem):
            self.error(rfile, (), f"nom de fichier incorrect « {rfile.path.name} » : lettres minuscules, chiffres, - et _")
        for qid in data["situation"]:
            if qid not in self.inputs:
                hint = difflib.get_close_matches(qid, sorted(self.inputs), n=1)
                self.error(rfile, ("situation", qid), f"question inconnue : « {qid} » (absente de questions.yaml)"
                           + (f" ; vouliez-vous dire « {hint[0]} » ?" if hint else ""), key=True)
        for rid in data["attendu"]:
            if rid != "gain_mensuel" and rid not in self.rights:
                hint = difflib.get_close_matches(rid, sorted(self.rights), n=1)
                self.error(rfile, ("attendu", rid), f"droit inconnu : « {rid} » (aucun fichier droits/{rid}.yaml)"
                           + (f" ; vouliez-vous dire « {hint[0]} » ?" if hint else ""), key=True)
        return dict(data)

    def _topological(self, rfile, graph, where, what):
        """Order names so that each comes after what it uses; report cycles at `where(name)` of `rfile(name)`."""
        order, state = [], {}

        def visit(name, chain):
            if state.get(name) == "done":
                return
            if state.get(name) == "visiting":
                cycle = chain[chain.index(name):] + [name]
                self.error(rfile(name), where(name), f"cycle entre {what} : {' → '.join(cycle)}")
                return
            state[name] = "visiting"
            for dep in sorted(graph.get(name, [])):
                if dep in graph:
                    visit(dep, chain + [name])
            state[name] = "done"
            order.append(name)

        for name in graph:
            visit(name, [])
        return order

    def _order_rights(self, right_deps):
        # Rights using another right's steps are computed after it.
        return self._topological(lambda rid: self.rights[rid], right_deps, lambda rid: (), "droits")


def _order(item):
    name, rfile = item
    return (rfile.data.get("ordre", 1000) if isinstance(rfile.data, dict) else 1000, name)


def compile_rules(rules_dir):
    """Return (bundle, problems); bundle is None when there is any problem."""
    compiler = Compiler(rules_dir)
    bundle = compiler.compile()
    return bundle, compiler.problems


def serialise(bundle):
    """Deterministic JSON and its content hash (the bundle's version)."""
    body = json.dumps(bundle, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]
    bundle = dict(bundle, version=digest)
    return json.dumps(bundle, ensure_ascii=False, sort_keys=True, separators=(",", ":")), digest


def write_bundle(bundle, out_dir):
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    text, digest = serialise(bundle)
    name = f"regles.{digest}.json"
    for old in out_dir.glob("regles.*.json"):
        if old.name != name:
            old.unlink()
    (out_dir / name).write_text(text, encoding="utf-8")
    (out_dir / "manifest.json").write_text(json.dumps({"regles": name, "version": digest}, indent=2) + "\n", encoding="utf-8")
    return out_dir / name


def main(argv=None):
    parser = argparse.ArgumentParser(description="Valide et compile les règles YAML en un fichier JSON.")
    parser.add_argument("--regles", default=str(ROOT / "rules"))
    parser.add_argument("--sortie", default=str(ROOT / "build" / "regles"))
    args = parser.parse_args(argv)
    bundle, problems = compile_rules(args.regles)
    if problems:
        print(f"{len(problems)} erreur(s) dans les règles ; rien n'a été écrit :", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    path = write_bundle(bundle, args.sortie)
    print(f"Règles compilées : {path} ({len(bundle['droits'])} droits, {len(bundle['parametres'])} paramètres, "
          f"{len(bundle['formes'])} formes de paiement)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
