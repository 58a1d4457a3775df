// Simulator page (main thread). The form is static HTML generated from the rules
// (build_scripts/simulator_page.py); this module starts the engine in a Web Worker at once, keeps
// what is typed, asks the engine which questions apply, and shows the result of the latest answers.
// Nothing leaves the browser: the situation is only ever put in the URL fragment (share.js).
import { createBanner } from "./banner.js";
import { createDecisions } from "./decisions.js";
import { startEngine } from "./engine-client.js";
import { createForm } from "./form.js";
import { bindLetters } from "./letters-view.js";
import { createResult } from "./result.js";
import { addressWith, bindResultActions, createShare } from "./share.js";

const root = document.getElementById("simulateur");
if (root) start(root);

function start(root) {
  // The words shared with the engine (statuses, gravities, "je ne sais pas", share keys), from the rules.
  const vocabulaire = JSON.parse(root.dataset.vocabulaire);
  const banner = createBanner(document.getElementById("sim-etat"));
  const form = createForm(document.getElementById("sim-form"), vocabulaire.je_ne_sais_pas);
  const resultElement = document.getElementById("sim-resultat");
  const share = createShare(vocabulaire.partage);
  const engine = startEngine({ // adopts the worker started from the top of the page (engine-client.js)
    onProgress: (texte) => banner.progress(texte),
    onFailure: (message) => banner.failed(message),
  });
  // The result is asked for without its calculation steps and its letters' text (most of its size
  // and of the engine's work); they are asked for when the person opens one, once per result shown.
  let shownRequest = null; // the request of the result shown
  let detailedFor = null; // [that result, promise of the same result in full]
  const detailed = (r) => {
    if (detailedFor?.[0] !== r) {
      detailedFor = [r, engine.call(shownRequest).then((answer) => (answer.ok ? answer.resultat : null))];
    }
    return detailedFor[1];
  };
  const result = createResult(resultElement, vocabulaire, () => engine.info?.organismes || {}, detailed);
  const decisions = createDecisions(resultElement, engine, form, vocabulaire); // comparison of forms, thresholds
  let shownFragment = ""; // the share fragment of the answers whose result is shown
  bindResultActions(resultElement, () => shownFragment);
  bindLetters(resultElement, result.openDetails);
  // "Garder mes réponses dans l'adresse": only then does the address (and so the history) hold them.
  const shared = share.read(); // the link the page was opened with, if any (read once)
  let keepInAddress = shared?.problem === ""; // a link read in full already holds its answers
  resultElement.addEventListener("change", (event) => {
    if (event.target.dataset.action !== "garder") return;
    keepInAddress = event.target.checked;
    history.replaceState(null, "", addressWith(keepInAddress ? shownFragment : ""));
  });

  const followInAddress = () => { if (keepInAddress) history.replaceState(null, "", addressWith(shownFragment)); };
  const whenIdle = window.requestIdleCallback ? (task) => requestIdleCallback(task, { timeout: 1000 }) : (task) => setTimeout(task, 200);

  let sequence = 0; // numbers each calculation: only the latest one is shown
  let inflight = 0;
  let lastKey = null; // the answers whose result (or errors) the page shows
  let askedKey = null; // the answers of the latest calculation asked for

  // Which questions apply (asked to the engine; all are shown until it is ready).
  async function updateRelevance(situation) {
    const response = await engine.call({ action: "pertinence", situation });
    if (response.ok) form.applyRelevance(response.pertinence);
  }

  // One request: the result and which questions apply, drawn in the same task (the browser lays the
  // page out once per change).
  const resultRequest = (situation, date) => ({ situation, date, traces: false, lettres: false, pertinence: true });
  const keyOf = (situation, date) => JSON.stringify([situation, date]);

  // A choice computed ahead. A person presses a choice (mouse, finger, pen, space bar) some 50 to
  // 150 ms before the click changes it: the engine computes the answers as they will be meanwhile, so
  // that the click finds its result ready and the page draws it in the same frame as the ticked box.
  // A request made ahead is used only for exactly the answers it was made for.
  let ahead = null; // {key, answer: promise of the engine's answer}
  function computeAhead(target) {
    const input = target.closest?.("label")?.control ?? target;
    if (!engine.info || !(input instanceof HTMLInputElement) || input.disabled || !["radio", "checkbox"].includes(input.type)) return;
    const situation = form.readSituation(input);
    const date = form.date();
    const key = keyOf(situation, date);
    if (key !== lastKey && key !== ahead?.key) ahead = { key, answer: engine.call(resultRequest(situation, date)) };
  }
  form.element.addEventListener("pointerdown", (event) => { if (event.button === 0) computeAhead(event.target); }); // not a right click
  form.element.addEventListener("keydown", (event) => { if (event.key === " " && !event.repeat) computeAhead(event.target); });

  async function compute({ focus = false } = {}) {
    const situation = form.readSituation();
    const date = form.date();
    const key = keyOf(situation, date);
    askedKey = key;
    const mine = ++sequence;
    inflight += 1;
    let response;
    try {
      // Already asked for when the choice was pressed: an answer already here is drawn before the
      // browser paints the click.
      const answer = ahead?.key === key ? ahead.answer : engine.call(resultRequest(situation, date));
      ahead = null;
      response = await answer;
      if (mine !== sequence) return;
    } finally {
      inflight -= 1;
    }
    lastKey = key;
    if (response.pertinence) form.applyRelevance(response.pertinence);
    if (response.ok) {
      form.clearErrors();
      shownFragment = share.encode(situation, form.sharedDate());
      shownRequest = { situation, date };
      result.show(response.resultat, keepInAddress, form.answersInWords());
      decisions.update(situation, date);
      // Read by the benchmark (build_scripts/bench.py).
      if (!performance.getEntriesByName("simulateur-premier-resultat").length) performance.mark("simulateur-premier-resultat");
      // The address follows once the result is painted and the page idle (history.replaceState costs
      // the browser a few milliseconds, more with developer tools attached).
      if (keepInAddress) whenIdle(followInAddress);
      if (focus) resultElement.focus();
      return;
    }
    decisions.cancel();
    const { missing, firstShown } = form.showErrors(response.erreurs || []);
    result.showWaiting(missing);
    if (focus && firstShown) (firstShown.querySelector("input:not([disabled])") || firstShown).focus();
  }

  // Each change computes at once, in its own event (a simulation takes a few ms), but at most one
  // calculation is in flight: the answers changed meanwhile are computed as soon as it ends (the
  // latest only), so that fast typing never queues calculations behind the last key. A choice fires
  // "input" then "change": the second finds its answers already asked for.
  let pendingChange = false;
  function computeLatest() {
    if (!engine.info) return; // the answers are computed when the engine is ready (below)
    if (inflight) { pendingChange = true; return; }
    compute().finally(() => {
      if (pendingChange) { pendingChange = false; computeLatest(); }
    });
  }

  form.element.addEventListener("input", (event) => {
    form.noteInput(event);
    computeLatest();
  });
  form.element.addEventListener("change", () => {
    if (keyOf(form.readSituation(), form.date()) !== askedKey) computeLatest();
  });
  form.element.addEventListener("submit", (event) => {
    event.preventDefault();
    form.markSubmitted();
    if (engine.failed) { banner.reveal(); return; }
    if (!engine.info) { banner.stillLoading(); return; }
    compute({ focus: true });
  });
  form.element.addEventListener("reset", () => {
    sequence += 1; // a result still being computed is for the old answers
    decisions.cancel();
    setTimeout(() => { // after the browser has emptied the fields
      form.afterReset();
      result.clear();
      history.replaceState(null, "", location.pathname + location.search);
      if (engine.info) updateRelevance({});
    });
  });

  // Where the person is in the guided form: the step of the field in focus.
  const progress = document.querySelector("#sim-progression [data-etape-nom]");
  form.element.addEventListener("focusin", (event) => {
    const step = event.target.closest("[data-etape]");
    const title = step?.querySelector("legend, summary")?.textContent;
    if (title) progress.textContent = `Étape ${step.dataset.etape} sur 3 : ${title}`;
  });
  // A shared link or a worked case opens on its result; its answers are one click away.
  document.getElementById("sim-modifier").addEventListener("click", () => {
    root.classList.remove("sim-resultat-d-abord");
    document.documentElement.classList.remove("sim-vue-resultat");
    form.element.querySelector("input:not([disabled])")?.focus();
  });

  // Start: restore a shared situation, then compute as soon as the engine is ready.
  if (shared) openLink(shared);
  form.setDefaultDate();

  engine.ready.then((info) => {
    banner.ready(info.verifie_le);
    compute();
  }, () => {});

  window.addEventListener("hashchange", () => {
    const again = share.read();
    // Another link: its answers replace the form's (none of the previous ones is kept).
    if (again && engine.info) { form.clearAnswers(); openLink(again); compute(); }
  });

  // Puts what a share link holds in the form and says in the status area what it could not keep.
  function openLink(link) {
    const ignored = form.fill(link.situation, link.date); // never throws: an answer it cannot write is ignored
    const problem = link.problem || (ignored.length
      ? "Certaines réponses de ce lien ne correspondent à aucune question (lien d'une version plus ancienne ?) : elles sont ignorées."
      : "");
    if (problem) banner.linkNotice(problem);
  }

  // Test and benchmark hook (no data leaves the page).
  window.__simulateur = {
    ready: engine.ready.then(() => true),
    simulate: async (request) => { await engine.ready; return engine.call(request); },
    readSituation: () => form.readSituation(),
    // True when the page shows the result of the answers currently in the form (opened details included).
    settled: () => Boolean(engine.info) && inflight === 0 && !pendingChange && !result.busy()
      && lastKey === keyOf(form.readSituation(), form.date()),
    encodeShare: share.encode,
    get engine() { return engine.info; },
    get failed() { return engine.failed; },
  };
}
