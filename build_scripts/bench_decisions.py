"""Time of the issue-11 answers in the browser's worker (part of `make bench`, build_scripts/bench.py).

For each situation (the bench's own, and worked cases), in the page's worker, one after the other as
the page asks them: the main result, then "seuils" and "comparer". Each run uses another date of the
same month (same figures), so that nothing is reused from the previous run: the three answers of one
run share the scenario without payment exactly as on the page (engine/json_api.py). Medians over the
runs, per action and for the sum, against the 150 ms target of issue 11 (the calendar and the letters
are computed inside the main result by then).
"""

import statistics

TARGET_MS = 150
CASES = ("nadia-pension-cat2-aah-4-seances-etp", "elodie-prime-activite-ouverte-aah", "paul-css-famille-pres-du-plafond")
ACTIONS = (None, "seuils", "comparer")

TIME_CALLS = """async (requests) => {
    const out = [];
    for (const request of requests) {
        const start = performance.now();
        const answer = await window.__simulateur.simulate(request);
        out.push([performance.now() - start, answer.ok, answer.ok ? null : JSON.stringify(answer.erreurs)]);
    }
    return out;
}"""


def decision_times(page, situations, runs):
    """{situation name: {action: median ms, "total": median ms}} measured in the page's worker.
    situations: {name: (situation, "AAAA-MM")}."""
    report = {}
    for name, (situation, month) in situations.items():
        times = {action or "resultat": [] for action in ACTIONS}
        totals = []
        for run in range(runs):
            date = f"{month}-{run % 28 + 1:02d}"
            # The main result as the page asks it: without the calculation steps and the letters' text
            # (asked when opened).
            requests = [{**({"action": action} if action else {"traces": False, "lettres": False, "pertinence": True}),
                         "situation": situation, "date": date}
                        for action in ACTIONS]
            answers = page.evaluate(TIME_CALLS, requests)
            for action, (ms, ok, errors) in zip(ACTIONS, answers):
                if not ok:
                    raise SystemExit(f"banc d'essai : {name}, {action or 'resultat'} en erreur : {errors}")
                times[action or "resultat"].append(ms)
            totals.append(sum(ms for ms, _, _ in answers))
        report[name] = {**{key: round(statistics.median(values), 1) for key, values in times.items()},
                        "total": round(statistics.median(totals), 1), "total_max": round(max(totals), 1)}
    return report


def situations_for_bench(rules_cases, own_situation):
    """The bench's own situation and a few worked cases, each with the month of its date."""
    chosen = {"banc": (own_situation, "2025-06")}
    for name in CASES:
        if name in rules_cases:
            chosen[name] = (rules_cases[name]["situation"], rules_cases[name]["date"][:7])
    return chosen


def verdict_line(report):
    worst = max(entry["total"] for entry in report.values())
    return worst, f"< {TARGET_MS} (médiane résultat + seuils + comparer, pire situation)", worst < TARGET_MS
