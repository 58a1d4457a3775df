"""Formula trees: the one table of node kinds and the one walker every pass uses.

Editors write formulas in a small Python-like language; the compiler parses them at build time
(build_scripts/formulas.py) into JSON trees, so the engine never parses text and never calls
eval(). A tree is a list whose first item is its kind:

    ["const", value]                 number, boolean or string
    ["ref", namespace, name...]      a value looked up by namespace (engine.vocabulary.NAMESPACES)
    ["name", "a.b.c", column]        an unresolved name (build time only)
    ["bin", op, left, right]         + - * / //
    ["neg", x] / ["not", x]
    ["cmp", [ops], [operands]]       chained comparisons: a <= b < c
    ["and", [x, ...]] / ["or", [x, ...]]
    ["if", condition, then, else]    lazy: only the chosen branch is evaluated
    ["in", x, [constants]]
    ["call", function, [args]]       whitelisted functions (engine.expressions.FUNCTIONS)

Evaluation (engine.expressions), reference listing (references below), name resolution and
checks (build_scripts/formulas.py) and the French wording of the guide (build_scripts/wording.py)
are all subclasses of Walker: adding a node kind is one entry in NODE_KINDS, and a walker that
does not handle it fails loudly instead of skipping it.
"""

# Kind -> the shape of the items after the kind: "tree" one sub-tree, "trees" a list of
# sub-trees, "data" anything else (operator, constant, name, list of constants).
NODE_KINDS = {
    "const": ("data",),
    "ref": (),  # a path of any length, no sub-tree
    "name": ("data", "data"),
    "bin": ("data", "tree", "tree"),
    "neg": ("tree",),
    "not": ("tree",),
    "cmp": ("data", "trees"),
    "and": ("trees",),
    "or": ("trees",),
    "if": ("tree", "tree", "tree"),
    "in": ("tree", "data"),
    "call": ("data", "trees"),
}


class UnknownNodeError(ValueError):
    """A tree holds a kind of node the walker does not know: a bug, never a legal doubt."""


def children(tree):
    """The direct sub-trees of `tree`, in order."""
    out = []
    for shape, item in zip(NODE_KINDS[tree[0]], tree[1:]):
        if shape == "tree":
            out.append(item)
        elif shape == "trees":
            out.extend(item)
    return out


def map_children(tree, function):
    """A copy of `tree` whose direct sub-trees are replaced by function(sub-tree)."""
    rebuilt = [tree[0]]
    for shape, item in zip(NODE_KINDS[tree[0]], tree[1:]):
        if shape == "tree":
            rebuilt.append(function(item))
        elif shape == "trees":
            rebuilt.append([function(sub) for sub in item])
        else:
            rebuilt.append(item)
    return rebuilt + list(tree[1 + len(NODE_KINDS[tree[0]]):])


class Walker:
    """Dispatch on the node kind to `on_<kind>(tree)`; kinds without a handler go to `default`."""

    _handlers = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._handlers = {kind: getattr(cls, "on_" + kind) for kind in NODE_KINDS if hasattr(cls, "on_" + kind)}

    def walk(self, tree):
        kind = tree[0] if isinstance(tree, list) and tree else None
        handler = self._handlers.get(kind)
        if handler is not None:
            return handler(self, tree)
        if kind not in NODE_KINDS:
            raise UnknownNodeError(f"nœud de formule inconnu : {kind!r}")
        return self.default(tree)

    def default(self, tree):
        raise UnknownNodeError(f"{type(self).__name__} ne traite pas les nœuds « {tree[0]} »")


class _References(Walker):
    def on_ref(self, tree):
        yield tuple(tree[1:])

    def default(self, tree):
        for child in children(tree):
            yield from self.walk(child)


def references(tree):
    """Every ["ref", ...] path of a tree, as tuples, in order."""
    return list(_References().walk(tree))
