"""Recompute in the simulator page, from the input event to the result painted (make bench).

A recorder put in the page follows each input event there, so that no round trip of the test
driver counts, and none hides a paint that came before it asked. From the event's time stamp, it
watches for the page to show the result of the current answers: first just after the page's own
listeners (the result of a choice computed ahead is drawn in the click's own task), then at each
task. It then waits for the next frame (requestAnimationFrame, then a task: the frame is painted).
An input replaced by a newer one before its result was shown is not measured (a typed amount is
measured from its last keystroke).

The changes:
- "choice": a choice clicked as a person clicks, the mouse button held PRESS_MS (a person's click
  lasts 60 to 150 ms; the page computes the pressed answer meanwhile: simulateur.js, "computed ahead");
- "choice_instant": the same click with no press at all (Playwright's check(): only a program clicks
  so), which is also what a choice made with the arrow keys gets (the answer changes on key down);
- "typed": an amount typed over the previous one, a key every 60 ms.
"""

import statistics

PRESS_MS = 60
KEY_MS = 60

RECORDER = """() => {
    const tick = () => new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = resolve; c.port2.postMessage(0); });
    const page = window.__simulateur;
    window.__recompute = { latest: null, done: [] };
    // On window, bubbling: after the page's listeners on its form, and their microtasks.
    window.addEventListener("input", async (event) => {
        const start = event.timeStamp;
        window.__recompute.latest = start;
        const limit = performance.now() + 10000;
        while (!page.settled()) {
            if (window.__recompute.latest !== start) return;
            if (performance.now() > limit) { window.__recompute.done.push({ start, error: "pas de résultat en 10 s" }); return; }
            await tick();
        }
        if (window.__recompute.latest !== start) return;
        const dom = performance.now() - start;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        await tick();
        window.__recompute.done.push({ start, dom, painted: performance.now() - start });
    });
}"""
# The measure of the latest input (newer than the one measured before), once recorded; checked every
# 50 ms, rarely enough not to weigh.
LATEST = """(before) => new Promise((resolve, reject) => {
    const limit = performance.now() + 15000;
    const check = () => {
        const { latest, done } = window.__recompute;
        const found = latest !== before && done.find((entry) => entry.start === latest);
        if (!found && performance.now() > limit) reject(new Error("aucune saisie mesurée en 15 s"));
        if (found) resolve(found); else setTimeout(check, 50);
    };
    check();
})"""


def _measure(page, measured):
    before = measured[-1]["start"] if measured else None
    entry = page.evaluate(LATEST, before)
    if "error" in entry:
        raise SystemExit(f"banc d'essai : {entry['error']}")
    measured.append(entry)


def recompute(page, changes):
    """{"choice", "choice_instant", "typed": [{"dom", "painted"} ms, ...]}, changes of each."""
    page.evaluate(RECORDER)
    if page.locator("#sim-modifier").is_visible():  # a share link opens on its result: show the form
        page.locator("#sim-modifier").click()
    measured = {"choice": [], "choice_instant": [], "typed": []}
    every = []  # all measures in order (each must be newer than the one before)
    choices = [page.locator(f"input[name=percoit_mva][value={value}]") for value in ("non", "oui")]
    for i in range(2 * changes):
        # The answer changes at each click; the two ways of clicking alternate and each gets both answers.
        kind = "choice" if i % 4 in (0, 3) else "choice_instant"
        if kind == "choice":
            choices[i % 2].click(delay=PRESS_MS)
        else:
            choices[i % 2].check()
        _measure(page, every)
        measured[kind].append(every[-1])
    field = page.locator("#f-paiement_montant")
    for i in range(changes):
        field.click()
        field.press("Control+A")
        page.keyboard.type(str(120 + 7 * i), delay=KEY_MS)
        _measure(page, every)
        measured["typed"].append(every[-1])
    return measured


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(measured, changes):
    """The figures of the report's "recompute_ms"."""
    out = {}
    for kind, entries in measured.items():
        painted = [e["painted"] for e in entries]
        out[f"{kind}_p95"] = round(percentile(painted, 0.95), 1)
        out[f"{kind}_median"] = round(statistics.median(painted), 1)
        out[f"{kind}_dom_p95"] = round(percentile([e["dom"] for e in entries], 0.95), 1)
    return {**out, "changes": changes, "press_ms": PRESS_MS, "key_ms": KEY_MS}
