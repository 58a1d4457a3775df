"""Moteur du simulateur « patients partenaires » : standard library only.

It reads the rules compiled to JSON by build_scripts/compile_rules.py (never YAML) and runs
identically in CPython and in the browser through Pyodide (engine/browser.py).
"""

from .errors import RulesError, SituationError
from .json_api import load_rules, simulate_json
from .simulate import simulate
from .situation import relevance

__all__ = ["simulate", "simulate_json", "relevance", "load_rules", "SituationError", "RulesError"]
__version__ = "0.1.0"
