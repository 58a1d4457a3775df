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


class _Compiler(Walker):
    """Turns a tree into a Python closure `f(scope)` that computes what Evaluator computes, without the
    dispatch on node kinds at each evaluation (a simulation evaluates the same trees many times: the
    thresholds' search runs dozens). A comparison also notes its outcome in `scope.notes` when the scope
    has a list there (engine/thresholds.py). A kind Evaluator does not compute raises when evaluated."""

    def on_const(self, tree):
        value = tree[1]
        return lambda scope: value

    def on_ref(self, tree):
        path = tree[1:]
        return lambda scope: scope.lookup(path)

    def on_bin(self, tree):
        op, left, right = _BINARY[tree[1]], self.walk(tree[2]), self.walk(tree[3])
        return lambda scope: op(left(scope), right(scope))

    def on_neg(self, tree):
        inner = self.walk(tree[1])
        return lambda scope: -inner(scope)

    def on_not(self, tree):
        inner = self.walk(tree[1])
        return lambda scope: not inner(scope)

    def on_cmp(self, tree):
        first = self.walk(tree[2][0])
        pairs = [(_COMPARE[op], self.walk(operand)) for op, operand in zip(tree[1], tree[2][1:])]

        def compare(scope):
            left, result = first(scope), True
            for op, operand in pairs:
                right = operand(scope)
                if not op(left, right):
                    result = False
                    break
                left = right
            notes = getattr(scope, "notes", None)
            if notes is not None:
                notes.append(result)
            return result
        return compare

    def on_and(self, tree):
        items = [self.walk(item) for item in tree[1]]

        def all_of(scope):
            result = True
            for item in items:
                result = item(scope)
                if not result:
                    return result
            return result
        return all_of

    def on_or(self, tree):
        items = [self.walk(item) for item in tree[1]]

        def any_of(scope):
            result = False
            for item in items:
                result = item(scope)
                if result:
                    return result
            return result
        return any_of

    def on_if(self, tree):
        test, yes, no = self.walk(tree[1]), self.walk(tree[2]), self.walk(tree[3])
        return lambda scope: yes(scope) if test(scope) else no(scope)

    def on_in(self, tree):
        inner, choices = self.walk(tree[1]), tree[2]
        return lambda scope: inner(scope) in choices

    def on_call(self, tree):
        function, args = FUNCTIONS[tree[1]], [self.walk(arg) for arg in tree[2]]
        return lambda scope: function(*[arg(scope) for arg in args])

    def default(self, tree):
        def unknown(scope):
            return Evaluator(scope).walk(tree)  # raises UnknownNodeError, as an evaluation would
        return unknown


_COMPILED = {}  # id(tree) -> (tree, closure); the tree is kept so that its id is not reused


def compiled(tree):
    known = _COMPILED.get(id(tree))
    if known is None or known[0] is not tree:
        known = _COMPILED[id(tree)] = (tree, _Compiler().walk(tree))
    return known[1]


def evaluate(tree, scope):
    """Evaluate a compiled tree in `scope` (the same value as Evaluator(scope).walk(tree))."""
    return compiled(tree)(scope)


def render_text(parts, scope):
    """A compiled text: a list of strings and formula trees, the trees written as French numbers."""
    return "".join(part if isinstance(part, str) else fr.amount(evaluate(part, scope)) for part in parts)
