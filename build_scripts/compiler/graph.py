"""Order names so that each comes after the names it uses: the steps of a right, and the rights."""


def topological(graph):
    """Return (order, cycles) for graph = {name: names it uses}.

    Names used but absent from the graph are ignored. Each cycle is (name, chain): `name` is where
    the cycle was met and `chain` the names around it, from `name` back to `name`.
    """
    order, state, cycles = [], {}, []

    def visit(name, chain):
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            cycles.append((name, chain[chain.index(name):] + [name]))
            return
        state[name] = "visiting"
        for dep in sorted(graph.get(name, [])):
            if dep in graph:
                visit(dep, chain + [name])
        state[name] = "done"
        order.append(name)

    for name in graph:
        visit(name, [])
    return order, cycles
