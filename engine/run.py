"""The state of one simulation: its inputs and date, the two scenarios, and the scope that
resolves the references of a formula (one method per namespace of engine.vocabulary.NAMESPACES)."""

from .parameters import unknown_from, value_at

NOT_APPLICABLE = "__non_applicable__"


class Scenario:
    def __init__(self, name, payment):
        self.name = name
        self.payment = payment  # {"forme", "activite", "mois": {...}, "trimestre": {...}, "annee": {...}}
        self.values = {}  # right id -> {step name: value}


class Scope:
    """Resolves ["ref", namespace, ...] paths for one formula evaluation: one method per namespace."""

    def __init__(self, run, scenario, right_id=None, local=None):
        self.run = run
        self.scenario = scenario
        self.right_id = right_id
        self.local = local or {}

    def lookup(self, path):
        return self.HANDLERS[path[0]](self, path)

    def _input(self, path):
        return self.run.inputs[path[1]]

    def _param(self, path):
        return self.run.parameter(path[1])

    def _step(self, path):
        return self.step_value(self.scenario, self.right_id, path[1])

    def _other_right(self, path):
        return self.step_value(self.scenario, path[1], path[2])

    def _before(self, path):
        return self.step_value(self.run.scenarios["avant"], self.right_id, path[1])

    def _payment(self, path):
        return self.scenario.payment[path[1]] if len(path) == 2 else self.scenario.payment[path[1]][path[2]]

    def _date(self, path):
        return self.run.date

    def _local(self, path):
        return self.local[path[1]]

    HANDLERS = {"input": _input, "param": _param, "step": _step, "droit": _other_right, "avant": _before,
                "paiement": _payment, "date": _date, "local": _local}

    @staticmethod
    def step_value(scenario, right_id, step):
        values = scenario.values[right_id]
        if step not in values and values.get(NOT_APPLICABLE):
            return 0.0  # a right that does not apply to the person counts as zero for the others
        return values[step]


class Run:
    """State of one simulation: inputs, date, the scenarios and the parameters met."""

    def __init__(self, rules, inputs, date, parameter_date=None, parameter_cache=None):
        self.rules = rules
        self.inputs = inputs
        self.date = date
        # The date whose parameters are used: the simulated date, or an earlier one for the variant
        # of a right whose parameters' month the law leaves open (parametres_decales_mois).
        self.parameter_date = parameter_date or date
        self.scenarios = {}
        self.used_parameters = {}  # parameter id -> entry used (None without trace), for one step
        # Right id -> the parameters its steps read in the scenario "apres", in the trace's order (the
        # letters cite the doubtful ones, with or without the trace). Kept when texts are.
        self.parameters_read = {}
        # Right id -> (first month of its changed amount, months it lasts): evaluated once, when its
        # outcome counts the doubts of those months (engine/outcome.py), read by the calendar.
        self.timings = {}
        self.doubts = []  # "a_verifier" parameter warnings met since the last collect_doubts()
        # Parameters used past their next revaluation: id -> (unknown from, start of the value used).
        self.stale = {}
        # (parameter id, date) -> (value, entry, warning, unknown from): shared by the runs of a Simulator.
        self.parameter_cache = {} if parameter_cache is None else parameter_cache
        self.texts = True  # False: the result's alerts, actions and timing texts are left out
        self.trace = True  # False: the steps' texts are left out (engine.simulate.Simulator)
        self.notes = None  # {right id: [outcome of each comparison]} when asked (engine/thresholds.py)

    def parameter(self, parameter_id):
        key = (parameter_id, self.parameter_date)
        known = self.parameter_cache.get(key)
        if known is None:
            value, entry, warning = value_at(parameter_id, self.rules["parametres"][parameter_id], self.parameter_date)
            unknown = unknown_from(self.rules["parametres"][parameter_id])
            known = self.parameter_cache[key] = (value, entry, warning, unknown if unknown and self.parameter_date >= unknown else None)
        value, entry, warning, unknown = known
        if self.trace:
            self.used_parameters[parameter_id] = {"valeur": value, "depuis": entry["depuis"], "source": entry.get("source")}
        elif self.texts:
            self.used_parameters[parameter_id] = None
        if warning and warning not in self.doubts:
            self.doubts.append(warning)
        if unknown:
            self.stale[parameter_id] = (unknown, entry["depuis"])
        return value

    def collect_doubts(self):
        doubts, self.doubts = self.doubts, []
        return doubts
