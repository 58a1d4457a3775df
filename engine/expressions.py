"""Evaluation of the formula trees compiled from the rules (shapes: engine/tree.py)."""

import math

from . import fr
from .tree import Walker


class EvaluationError(Exception):
    """A formula met a value it cannot use (no value of a parameter at the date...)."""


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
    "/": lambda a, b: a / b,
    "//": lambda a, b: float(a // b),
}

_COMPARE = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


class Evaluator(Walker):
    """Computes a tree; `scope.lookup(path)` resolves ["ref", namespace, ...] nodes.

    A division by zero or a wrong type is a bug of the rules or of the engine: it is raised
    as is (ZeroDivisionError, TypeError...), never turned into a legal doubt.
    """

    def __init__(self, scope):
        self.scope = scope

    def on_const(self, tree):
        return tree[1]

    def on_ref(self, tree):
        return self.scope.lookup(tree[1:])

    def on_bin(self, tree):
        return _BINARY[tree[1]](self.walk(tree[2]), self.walk(tree[3]))

    def on_neg(self, tree):
        return -self.walk(tree[1])

    def on_not(self, tree):
        return not self.walk(tree[1])

    def on_cmp(self, tree):
        ops, operands = tree[1], tree[2]
        left = self.walk(operands[0])
        for op, operand in zip(ops, operands[1:]):
            right = self.walk(operand)
            if not _COMPARE[op](left, right):
                return False
            left = right
        return True

    def on_and(self, tree):
        result = True
        for item in tree[1]:
            result = self.walk(item)
            if not result:
                return result
        return result

    def on_or(self, tree):
        result = False
        for item in tree[1]:
            result = self.walk(item)
            if result:
                return result
        return result

    def on_if(self, tree):
        return self.walk(tree[2] if self.walk(tree[1]) else tree[3])

    def on_in(self, tree):
        return self.walk(tree[1]) in tree[2]

    def on_call(self, tree):
        return FUNCTIONS[tree[1]](*[self.walk(arg) for arg in tree[2]])


def evaluate(tree, scope):
    """Evaluate a compiled tree in `scope`."""
    return Evaluator(scope).walk(tree)


def render_text(parts, scope):
    """A compiled text: a list of strings and formula trees, the trees written as French numbers."""
    return "".join(part if isinstance(part, str) else fr.amount(evaluate(part, scope)) for part in parts)
