"""Evaluation of the formula trees compiled from the rules.

Formulas are written by editors in a small Python-like language and parsed at
build time (build_scripts/formulas.py) into JSON trees, so the engine never
parses text and never calls eval(). A tree is a list whose first item names
the node:

    ["const", value]                 number, boolean or string
    ["ref", namespace, name...]      a value looked up through the Scope
    ["bin", op, left, right]         + - * / //
    ["neg", x] / ["not", x]
    ["cmp", [ops], [operands]]       chained comparisons: a <= b < c
    ["and", [x, ...]] / ["or", [x, ...]]
    ["if", condition, then, else]    lazy: only the chosen branch is evaluated
    ["in", x, [constants]]
    ["call", function, [args]]       whitelisted functions (FUNCTIONS)
"""

import math


class EvaluationError(Exception):
    """A formula could not be evaluated (division by zero, missing value...)."""


def _arrondi(x, decimals=2):
    # Round half away from zero, as amounts are rounded in French administrative practice.
    factor = 10 ** int(decimals)
    value = abs(x) * factor
    rounded = math.floor(value + 0.5 + 1e-9) / factor
    return rounded if x >= 0 else -rounded


FUNCTIONS = {
    "min": lambda *args: min(args),
    "max": lambda *args: max(args),
    "abs": abs,
    "arrondi": _arrondi,
    "plancher": lambda x: float(math.floor(x)),
    "plafond": lambda x: float(math.ceil(x)),
    "positif": lambda x: max(x, 0),
}

# Number of arguments accepted by each function: (minimum, maximum or None).
FUNCTION_ARITY = {
    "min": (2, None),
    "max": (2, None),
    "abs": (1, 1),
    "arrondi": (1, 2),
    "plancher": (1, 1),
    "plafond": (1, 1),
    "positif": (1, 1),
}

_BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
}

_COMPARE = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def evaluate(tree, scope):
    """Evaluate a compiled tree; `scope.lookup(path)` resolves ["ref", ...] nodes."""
    kind = tree[0]
    if kind == "const":
        return tree[1]
    if kind == "ref":
        return scope.lookup(tree[1:])
    if kind == "bin":
        left = evaluate(tree[2], scope)
        right = evaluate(tree[3], scope)
        op = tree[1]
        if op in _BINARY:
            return _BINARY[op](left, right)
        if right == 0:
            raise EvaluationError("division par zéro")
        return left / right if op == "/" else float(left // right)
    if kind == "neg":
        return -evaluate(tree[1], scope)
    if kind == "not":
        return not evaluate(tree[1], scope)
    if kind == "cmp":
        ops, operands = tree[1], tree[2]
        left = evaluate(operands[0], scope)
        for op, operand in zip(ops, operands[1:]):
            right = evaluate(operand, scope)
            if not _COMPARE[op](left, right):
                return False
            left = right
        return True
    if kind == "and":
        result = True
        for item in tree[1]:
            result = evaluate(item, scope)
            if not result:
                return result
        return result
    if kind == "or":
        result = False
        for item in tree[1]:
            result = evaluate(item, scope)
            if result:
                return result
        return result
    if kind == "if":
        return evaluate(tree[2] if evaluate(tree[1], scope) else tree[3], scope)
    if kind == "in":
        return evaluate(tree[1], scope) in tree[2]
    if kind == "call":
        args = [evaluate(arg, scope) for arg in tree[2]]
        return FUNCTIONS[tree[1]](*args)
    raise EvaluationError(f"nœud de formule inconnu : {kind}")

