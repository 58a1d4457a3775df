"""Resolution of the names an editor writes in a formula into the references of the bundle.

One handler per namespace of engine.vocabulary.NAMESPACES. A name whose first part is a prefix
of engine.vocabulary.PREFIXES (p.smic.horaire_brut, avant.x, droit.aah.x, paiement.mois.brut)
belongs to that prefix's namespace; a bare name is tried on the namespaces without a prefix, in
BARE_ORDER.
"""

from engine.vocabulary import PREFIXES

from build_scripts.compiler.schema_messages import did_you_mean
from build_scripts.formulas import FormulaError

# The namespaces written without a prefix, the first that knows a name wins: `date` is reserved,
# then an assiette's locals, the right's own steps, and last the answers to the questions.
BARE_ORDER = ("date", "local", "step", "input")


class Names:
    """The resolver of the formulas of one place: what it may use depends on where it stands."""

    def __init__(self, compilation, steps=(), allow_avant=False, local=(), right_id=None):
        self.compilation = compilation
        self.steps, self.allow_avant, self.local, self.right_id = steps, allow_avant, local, right_id

    def __call__(self, dotted):
        parts = dotted.split(".")
        if parts[0] in PREFIXES:
            return self.HANDLERS[PREFIXES[parts[0]]](self, dotted, parts)
        if len(parts) == 1:
            for namespace in BARE_ORDER:
                found = self.HANDLERS[namespace](self, dotted, parts)
                if found is not None:
                    return found
        candidates = list(self.local) + list(self.steps) + list(self.compilation.inputs)
        raise FormulaError(f"nom inconnu : « {dotted} » (ni une étape de ce droit, ni une question, ni date)"
                           + did_you_mean(dotted, candidates))

    # ----- prefixed namespaces: the handler resolves the name or raises -------------------------
    def _param(self, dotted, parts):
        pid = ".".join(parts[1:])
        params = self.compilation.params
        if pid in params:
            return ["param", pid]
        raise FormulaError(f"paramètre inconnu : « {dotted} » (aucun fichier parametres/{'/'.join(parts[1:])}.yaml)"
                           + did_you_mean(pid, params, prefix="p."))

    def _before(self, dotted, parts):
        if not self.allow_avant:
            raise FormulaError("« avant. » n'est permis que dans statuts, alertes, demarches, effet et duree_effet_mois")
        if len(parts) == 2 and parts[1] in self.steps:
            return ["avant", parts[1]]
        raise FormulaError(f"« {dotted} » : étape inconnue")

    def _other_right(self, dotted, parts):
        # right_steps is None before the rights are compiled: questions, the payment and the
        # forms are computed before any right, so they cannot use one.
        right_steps = self.compilation.right_steps
        if right_steps is None:
            raise FormulaError(f"« {dotted} » : une étape d'un droit ne peut servir que dans un autre droit "
                               "(pas dans une question, le paiement ou une forme de paiement)")
        if len(parts) == 3 and parts[1] in right_steps and parts[2] in right_steps[parts[1]]:
            if parts[1] == self.right_id:
                raise FormulaError(f"« {dotted} » : dans son propre droit, écrivez simplement « {parts[2]} »")
            return ["droit", parts[1], parts[2]]
        raise FormulaError(f"« {dotted} » : droit ou étape inconnu (attendu droit.<droit>.<étape>)")

    def _payment(self, dotted, parts):
        periods, assiettes = self.compilation.periods, self.compilation.assiettes
        if len(parts) == 2 and parts[1] in ("forme", "activite"):
            return ["paiement", parts[1]]
        if len(parts) == 3 and parts[1] in periods and parts[2] in assiettes:
            return ["paiement", parts[1], parts[2]]
        raise FormulaError(f"« {dotted} » : attendu paiement.forme, paiement.activite ou paiement.<{'|'.join(periods)}>."
                           f"<{'|'.join(assiettes)}>")

    # ----- bare namespaces: the handler resolves the name or returns None -------------------------
    def _date(self, name, parts):
        return ["date"] if name == "date" else None

    def _local(self, name, parts):
        return ["local", name] if name in self.local else None

    def _step(self, name, parts):
        return ["step", name] if name in self.steps else None

    def _input(self, name, parts):
        return ["input", name] if name in self.compilation.inputs else None

    HANDLERS = {"input": _input, "param": _param, "step": _step, "avant": _before, "droit": _other_right,
                "paiement": _payment, "date": _date, "local": _local}
