"""Errors the engine reports to its callers, always in French and naming the field."""


class SituationError(Exception):
    """The situation is invalid; `errors` lists {"champ", "code", "message"} for every problem found."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{e['champ']} : {e['message']}" for e in errors))
        self.errors = errors


class RulesError(Exception):
    """The rules bundle given to the engine is not usable (wrong format or version)."""
