// The form, static HTML generated from the rules (build_scripts/simulator_page.py): reading and filling
// the answers, "je ne sais pas", which questions are shown, and the engine's errors next to their fields.
// Each question is a block .sim-q[data-question][data-type]; its field ids follow its question id.
import { isoToday } from "./format.js";

// dontKnow: the value of the "je ne sais pas" buttons (vocabulary: je_ne_sais_pas).
export function createForm(element, dontKnow) {
  const dateInput = element.querySelector("#f-date");
  const dateBlock = dateInput.closest(".sim-q");
  const generalError = element.querySelector("#err-generale");
  const blocks = [...element.querySelectorAll(".sim-q[data-question]")].filter((b) => b !== dateBlock);
  const blockById = new Map(blocks.map((b) => [b.dataset.question, b]));
  const touched = new Set(); // questions answered by the person: only their missing answers are flagged
  let submitted = false; // after "Calculer", every missing answer is flagged
  let dateTouched = false; // the share link carries the date only if the person chose one

  const isRadio = (block) => block.dataset.type === "choix" || block.dataset.type === "booleen";

  // The answer of one question: undefined when not answered, null for "je ne sais pas".
  function readQuestion(block) {
    const qid = block.dataset.question;
    if (isRadio(block)) {
      const checked = block.querySelector(`input[type=radio][name="${qid}"]:checked`);
      if (!checked) return undefined;
      if (checked.value === dontKnow) return null;
      if (block.dataset.type === "booleen") return checked.value === "oui";
      return checked.value;
    }
    const nsp = block.querySelector("input[data-nsp]");
    if (nsp && nsp.checked) return null;
    const text = block.querySelector("input[type=text]").value.trim();
    if (!text) return undefined;
    const clean = text.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
    return /^-?\d+(\.\d+)?$/.test(clean) ? Number(clean) : text; // the engine explains what is wrong
  }

  function readSituation() {
    const situation = {};
    for (const block of blocks) {
      const value = readQuestion(block);
      if (value !== undefined) situation[block.dataset.question] = value;
    }
    return situation;
  }

  // A number field is disabled while its "je ne sais pas" box is checked.
  function syncNsp(block) {
    const nsp = block.querySelector("input[type=checkbox][data-nsp]");
    const input = block.querySelector("input[type=text]");
    if (nsp && input) {
      input.disabled = nsp.checked;
      block.classList.toggle("sim-q-nsp", nsp.checked);
    }
  }

  // Puts a situation (from a share link) in the form; unknown questions are ignored.
  function fill(situation, date) {
    for (const [qid, value] of Object.entries(situation)) {
      const block = blockById.get(qid);
      if (!block) continue;
      if (isRadio(block)) {
        const wanted = value === null ? dontKnow
          : block.dataset.type === "booleen" ? (value === true || value === "oui" ? "oui" : "non") : String(value);
        for (const radio of block.querySelectorAll("input[type=radio]")) radio.checked = radio.value === wanted;
      } else {
        const input = block.querySelector("input[type=text]");
        const nsp = block.querySelector("input[data-nsp]");
        if (value === null && nsp) {
          nsp.checked = true;
          input.value = "";
        } else {
          if (nsp) nsp.checked = false;
          input.value = typeof value === "number" ? String(value).replace(".", ",") : String(value ?? "");
        }
        syncNsp(block);
      }
      touched.add(qid);
    }
    if (date) { dateInput.value = date; dateTouched = true; }
  }

  // What the person just changed (an input event).
  function noteInput(event) {
    const block = event.target.closest(".sim-q");
    if (block && block !== dateBlock) {
      touched.add(block.dataset.question);
      if (event.target.dataset.nsp) syncNsp(block);
    }
    if (event.target === dateInput) dateTouched = true;
  }

  // pertinence: {question id: shown}, from the engine. A section whose questions are all hidden is hidden.
  function applyRelevance(pertinence) {
    for (const [qid, shown] of Object.entries(pertinence)) {
      const block = blockById.get(qid);
      if (block) block.hidden = !shown;
    }
    for (const section of element.querySelectorAll("fieldset.sim-section")) {
      const questions = [...section.querySelectorAll(".sim-q[data-question]")];
      section.hidden = questions.length > 0 && questions.every((q) => q.hidden);
    }
  }

  function clearErrors() {
    for (const el of element.querySelectorAll(".sim-erreur")) { el.hidden = true; el.textContent = ""; }
    for (const el of element.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of element.querySelectorAll(".sim-q-erreur")) el.classList.remove("sim-q-erreur");
  }

  // Shows the engine's errors ({champ, code, message}). A missing answer is flagged only once the
  // person has touched that question or pressed "Calculer"; the others are counted.
  function showErrors(erreurs) {
    clearErrors();
    let missing = 0;
    let firstShown = null;
    const general = [];
    for (const erreur of erreurs) {
      const block = blockById.get(erreur.champ);
      const isMissing = erreur.code === "obligatoire";
      if (block) {
        if (isMissing && !submitted && !touched.has(erreur.champ)) { missing += 1; continue; }
        if (isMissing) missing += 1;
        const p = document.getElementById(`err-${erreur.champ}`);
        p.textContent = isMissing ? "Répondez à cette question." : `${erreur.message[0].toUpperCase()}${erreur.message.slice(1)}.`;
        p.hidden = false;
        block.classList.add("sim-q-erreur");
        for (const input of block.querySelectorAll("input")) if (!input.dataset.nsp) input.setAttribute("aria-invalid", "true");
        firstShown ??= block;
      } else if (erreur.code === "date") {
        const p = dateBlock.querySelector(".sim-erreur");
        p.textContent = `Date : ${erreur.message}.`;
        p.hidden = false;
        dateInput.setAttribute("aria-invalid", "true");
        firstShown ??= dateBlock;
      } else {
        general.push(erreur.message);
      }
    }
    if (general.length) {
      generalError.textContent = `Le calcul n'a pas pu être fait : ${general.join(" ; ")}.`;
      generalError.hidden = false;
    }
    return { missing, firstShown };
  }

  // After the browser's own reset has emptied the fields: every question shown, no error, today's date.
  function afterReset() {
    touched.clear();
    submitted = false;
    dateTouched = false;
    for (const block of blocks) { block.hidden = false; syncNsp(block); }
    for (const section of element.querySelectorAll("fieldset.sim-section")) section.hidden = false;
    dateInput.value = isoToday();
    clearErrors();
  }

  for (const block of blocks) syncNsp(block);

  return {
    element,
    readSituation,
    fill,
    noteInput,
    applyRelevance,
    clearErrors,
    showErrors,
    afterReset,
    markSubmitted() { submitted = true; },
    // The date of the calculation: the one chosen, else today.
    date: () => dateInput.value || isoToday(),
    // The date the share link carries: only one the person chose (a link opened later recomputes for its day).
    sharedDate: () => (dateTouched ? dateInput.value : ""),
    setDefaultDate() { if (!dateInput.value) dateInput.value = isoToday(); },
  };
}
