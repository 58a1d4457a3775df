"""Parse the editors' formulas into the JSON trees the engine walks.

Formulas use Python's expression syntax, parsed with the `ast` module and
restricted to a whitelist of node types: numbers, strings, True/False,
names (`revenus`, `p.aah.montant`, `paiement.trimestre.salaire_net`),
+ - * /, comparisons, `and` / `or` / `not`, `x if condition else y`,
`x in ("a", "b")` and the functions of engine.expressions.FUNCTIONS.
Anything else (attribute calls, subscripts, lambdas, imports...) is refused
with a French message, so nothing an editor writes can run as code.
"""

import ast

from engine.expressions import FUNCTION_ARITY
from engine.tree import Walker, map_children


class FormulaError(Exception):
    """A formula is not valid; `column` is 1-based within the formula text."""

    def __init__(self, message, column=None):
        super().__init__(message)
        self.message = message
        self.column = column


# Decimals arrondi() accepts: cents at most for amounts, a few more for rates.
ROUNDING_DECIMALS = range(0, 7)
_BIN_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//"}
_CMP_OPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


def parse(text):
    """Return the tree of `text` with names still unresolved: ["name", "a.b.c"]."""
    if isinstance(text, bool) or isinstance(text, (int, float)):
        return ["const", text]
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("la formule est vide")
    source = " ".join(text.split("\n")).strip()
    try:
        node = ast.parse(source, mode="eval").body
    except SyntaxError as error:
        column = error.offset if error.offset else None
        raise FormulaError(f"syntaxe incorrecte ({_syntax_hint(error)})", column) from None
    return _convert(node)


def _syntax_hint(error):
    msg = (error.msg or "").lower()
    if "never closed" in msg or "unexpected eof" in msg or "was never closed" in msg:
        return "une parenthèse n'est pas fermée"
    if "unmatched" in msg:
        return "une parenthèse fermante est en trop"
    if "invalid syntax" in msg:
        return "vérifiez les opérateurs et les noms"
    return msg


def _convert(node):
    column = getattr(node, "col_offset", None)
    column = column + 1 if column is not None else None
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or isinstance(node.value, (int, float, str)):
            value = node.value
            if isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            return ["const", value]
        raise FormulaError("valeur littérale non autorisée", column)
    if isinstance(node, (ast.Name, ast.Attribute)):
        dotted = _dotted(node)
        if "__" in dotted:
            raise FormulaError(f"nom non autorisé : {dotted}", column)
        return ["name", dotted, column]
    if isinstance(node, ast.BinOp):
        op = _BIN_OPS.get(type(node.op))
        if op is None:
            raise FormulaError("opérateur non autorisé (seuls + - * / sont permis)", column)
        right = _convert(node.right)
        if op in ("/", "//") and right[0] == "const" and right[1] == 0:
            raise FormulaError("division par zéro", column)
        return ["bin", op, _convert(node.left), right]
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.USub):
            return ["neg", _convert(node.operand)]
        if isinstance(node.op, ast.UAdd):
            return _convert(node.operand)
        if isinstance(node.op, ast.Not):
            return ["not", _convert(node.operand)]
        raise FormulaError("opérateur non autorisé", column)
    if isinstance(node, ast.BoolOp):
        kind = "and" if isinstance(node.op, ast.And) else "or"
        return [kind, [_convert(value) for value in node.values]]
    if isinstance(node, ast.Compare):
        if len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)):
            return _convert_in(node, column)
        ops = []
        for op in node.ops:
            name = _CMP_OPS.get(type(op))
            if name is None:
                raise FormulaError("comparaison non autorisée", column)
            ops.append(name)
        return ["cmp", ops, [_convert(node.left)] + [_convert(c) for c in node.comparators]]
    if isinstance(node, ast.IfExp):
        return ["if", _convert(node.test), _convert(node.body), _convert(node.orelse)]
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            raise FormulaError("seules les fonctions min, max, abs, arrondi, plancher, plafond, positif et si sont permises", column)
        name = node.func.id
        if node.keywords:
            raise FormulaError(f"la fonction {name} n'accepte pas d'argument nommé", column)
        args = [_convert(arg) for arg in node.args]
        if name == "si":
            if len(args) != 3:
                raise FormulaError("si(condition, valeur_si_vrai, valeur_si_faux) attend 3 arguments", column)
            return ["if", args[0], args[1], args[2]]
        if name not in FUNCTION_ARITY:
            raise FormulaError(f"fonction inconnue : {name} (permises : {', '.join(sorted(FUNCTION_ARITY))}, si)", column)
        low, high = FUNCTION_ARITY[name]
        if len(args) < low or (high is not None and len(args) > high):
            raise FormulaError(f"nombre d'arguments incorrect pour {name}", column)
        if name == "arrondi" and len(args) == 2 and not _is_constant_in(args[1], ROUNDING_DECIMALS):
            raise FormulaError(f"arrondi(x, n) : n est un nombre entier de décimales, de {ROUNDING_DECIMALS[0]} "
                               f"à {ROUNDING_DECIMALS[-1]}", column)
        return ["call", name, args]
    raise FormulaError(f"élément non autorisé dans une formule : {type(node).__name__}", column)


def _is_constant_in(tree, allowed):
    return tree[0] == "const" and not isinstance(tree[1], (bool, str)) and tree[1] in allowed


def _convert_in(node, column):
    container = node.comparators[0]
    if not isinstance(container, (ast.Tuple, ast.List, ast.Set)):
        raise FormulaError("« in » attend une liste de valeurs entre parenthèses", column)
    values = []
    for item in container.elts:
        if not isinstance(item, ast.Constant):
            raise FormulaError("« in » attend des valeurs littérales", column)
        values.append(item.value)
    tree = ["in", _convert(node.left), values]
    return ["not", tree] if isinstance(node.ops[0], ast.NotIn) else tree


def _dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        raise FormulaError("nom incorrect", getattr(node, "col_offset", 0) + 1)
    parts.append(node.id)
    return ".".join(reversed(parts))


class _Resolver(Walker):
    """Replaces every ["name", dotted, column] by the ["ref", ...] that `resolver(dotted)` returns."""

    def __init__(self, resolver):
        self.resolver = resolver

    def on_name(self, tree):
        try:
            return ["ref"] + list(self.resolver(tree[1]))
        except FormulaError as error:
            if error.column is None:
                error.column = tree[2]
            raise

    def default(self, tree):
        return map_children(tree, self.walk)


def resolve(tree, resolver):
    """Resolve the names of a parsed tree; `resolver(dotted)` returns a ref path or raises FormulaError."""
    return _Resolver(resolver).walk(tree)
