"""What the browser's Web Worker (docs/assets/js/engine-worker.js) runs in Pyodide.

The worker unpacks the engine wheel, then calls start(rules_text) once and
BrowserEngine.answer(request_text) for each request: everything below runs (and is tested)
in CPython too.
"""

import json

from .json_api import load_rules, simulate_json
from .vocabulary import VOCABULARY


class BrowserEngine:
    def __init__(self, rules_text):
        self.rules = load_rules(rules_text)

    def summary(self):
        """What the page needs once the engine is ready (JSON text)."""
        rules = self.rules
        return json.dumps({
            "organismes": {key: body.get("nom", key) for key, body in rules.get("organismes", {}).items()},
            "droits": {key: right.get("nom", key) for key, right in rules.get("droits", {}).items()},
            "version": rules.get("version"),
            "verifie_le": rules.get("verifie_le"),
            "date_min": rules.get("date_min"),
            "vocabulaire": rules.get("vocabulaire", VOCABULARY),
        }, ensure_ascii=False)

    def answer(self, request_text):
        return simulate_json(self.rules, request_text)


def start(rules_text):
    return BrowserEngine(rules_text)
