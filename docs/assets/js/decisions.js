// The decision aids after the main result (issue 11): once the result is shown, the page asks the
// worker for the comparison of payment forms and the thresholds, and shows each section as soon as it
// arrives. A newer result cancels what an older one asked for. The engine computes everything.
import { createCompareView } from "./compare-view.js";
import { createThresholdsView } from "./thresholds-view.js";

// A pause after a result: while the person keeps changing answers, each new result goes first (the
// worker answers one request at a time, and the thresholds take tens of milliseconds).
const DELAY_MS = 500;

// element: the result section; engine: {call}; form: the form module (fill, element).
export function createDecisions(element, engine, form, vocabulaire) {
  let token = 0;
  let timer = null;

  // "Voir le détail": that form in the form, then the usual computation (a change event).
  function choose(question, formId) {
    form.fill({ [question]: formId });
    form.element.dispatchEvent(new Event("change", { bubbles: true }));
    element.focus();
  }
  const compareView = createCompareView(vocabulaire, choose);
  const thresholdsView = createThresholdsView();

  function section(id, title) {
    const node = document.createElement("section");
    node.id = id;
    node.className = "sim-decision";
    node.setAttribute("aria-busy", "true");
    node.setAttribute("aria-labelledby", `${id}-titre`);
    node.innerHTML = `<h3 id="${id}-titre">${title}</h3><p class="sim-en-cours">Calcul en cours…</p>`;
    return node;
  }

  async function ask(mine, request, node, render) {
    const response = await engine.call(request);
    if (mine !== token || !node.isConnected) return;
    if (response.ok) render(response);
    else node.remove(); // the main result already says what is wrong
  }

  // After each result shown: the two sections, each in its slot of the result.
  function update(situation, date) {
    const mine = ++token;
    clearTimeout(timer);
    const compare = section("sim-comparaison", "Quelle forme de paiement me convient le mieux ?");
    const thresholds = section("sim-seuils", "Jusqu'à combien sans perdre ?");
    // Their slots in the result's parts (result.js); the sentence of the previous amount goes at once.
    element.querySelector(".sim-proximite")?.remove();
    for (const [key, node] of [["comparaison", compare], ["seuils", thresholds]]) {
      const slot = element.querySelector(`[data-partie="${key}"]`);
      if (slot) slot.replaceChildren(node); else element.append(node);
    }
    timer = setTimeout(() => { // the thresholds first: the sentence "juste au-dessus d'un seuil" comes with them
      timer = null;
      ask(mine, { action: "seuils", situation, date }, thresholds, (r) => thresholdsView.show(thresholds, r.seuils, element))
        .then(() => ask(mine, { action: "comparer", situation, date }, compare, (r) => compareView.show(compare, r.comparaison_formes)))
        .then(() => { if (mine === token) performance.mark("simulateur-aides-decision"); }); // read by build_scripts/bench.py
    }, DELAY_MS);
  }

  function cancel() {
    token += 1;
    clearTimeout(timer);
    timer = null;
  }

  return { update, cancel };
}
