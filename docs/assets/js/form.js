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
  // A gate: one box of "Ce que vous recevez aujourd'hui", a yes/no question that opens its section.
  const isGate = (block) => block.dataset.type === "case";
  const gateBox = (block) => block.querySelector("input[type=checkbox]");
  const sections = [...element.querySelectorAll("fieldset.sim-section")];
  // What the page shows before any answer (generated from the engine's own relevance): reset returns to it.
  const initial = new Map([...blocks, ...sections].map((el) => [el, el.hidden]));

  // The answer of one question: undefined when not answered, null for "je ne sais pas". With pressed
  // (a radio or a box the person is pressing), the answer as it will be once the click changes it.
  function readQuestion(block, pressed = null) {
    const qid = block.dataset.question;
    const on = (input) => {
      if (input === pressed) return input.type === "radio" || !input.checked; // a radio stays on, a box flips
      if (pressed?.type === "radio" && input.type === "radio" && input.name === pressed.name) return false;
      return input.checked;
    };
    if (isGate(block)) return on(gateBox(block));
    if (isRadio(block)) {
      const checked = [...block.querySelectorAll(`input[type=radio][name="${qid}"]`)].find(on);
      if (!checked) return undefined;
      if (checked.value === dontKnow) return null;
      if (block.dataset.type === "booleen") return checked.value === "oui";
      return checked.value;
    }
    const nsp = block.querySelector("input[data-nsp]");
    if (nsp && on(nsp)) return null;
    const text = block.querySelector("input[type=text]").value.trim();
    if (!text) return undefined;
    const clean = text.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
    return /^-?\d+(\.\d+)?$/.test(clean) ? Number(clean) : text; // the engine explains what is wrong
  }

  function readSituation(pressed = null) {
    const situation = {};
    for (const block of blocks) {
      const value = readQuestion(block, pressed);
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

  // Puts a situation (from a share link) in the form and returns the ids it ignored: unknown
  // questions, and values that cannot even be written in a field (a value of the wrong type is
  // written as it is, for the engine to explain next to its field).
  function fill(situation, date) {
    const ignored = [];
    for (const [qid, value] of Object.entries(situation)) {
      const block = blockById.get(qid);
      if (!block) { ignored.push(qid); continue; }
      try { fillOne(block, qid, value); } catch { ignored.push(qid); }
    }
    if (date) { dateInput.value = date; dateTouched = true; }
    return ignored;
  }

  function fillOne(block, qid, value) {
    if (isGate(block)) {
      gateBox(block).checked = value === true || value === "oui";
      openSection(block);
    } else if (isRadio(block)) {
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

  // A ticked box shows its section at once (no engine needed: it is the person's own answer).
  function openSection(block) {
    const section = element.querySelector(`#${block.dataset.ouvre}`);
    if (section) section.hidden = !gateBox(block).checked || sectionEmpty(section);
  }
  const sectionEmpty = (section) => {
    const questions = [...section.querySelectorAll(".sim-q[data-question]")];
    return questions.length > 0 && questions.every((q) => q.hidden);
  };

  // What the person just changed (an input event).
  function noteInput(event) {
    const block = event.target.closest(".sim-q");
    if (block && block !== dateBlock) {
      touched.add(block.dataset.question);
      if (event.target.dataset.nsp) syncNsp(block);
      if (isGate(block)) openSection(block);
    }
    if (event.target === dateInput) dateTouched = true;
  }

  // pertinence: {question id: shown}, from the engine. A section is hidden when its box is not ticked
  // or when all its questions are hidden.
  // Only what changes is touched, and the layout is read only when something above the field in focus
  // changes, before the first change (reading it after a change makes the browser lay the whole form
  // out at once).
  function applyRelevance(pertinence) {
    // The field the person is in stays where it is on the screen, whatever appears above it.
    const focused = element.contains(document.activeElement) ? document.activeElement : null;
    let before = null;
    const setHidden = (node, hidden) => {
      if (node.hidden === hidden) return;
      const above = focused && (focused.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_PRECEDING);
      if (above && before === null) before = focused.getBoundingClientRect().top;
      node.hidden = hidden;
    };
    for (const [qid, shown] of Object.entries(pertinence)) {
      const block = blockById.get(qid);
      if (block && !isGate(block)) setHidden(block, !shown);
    }
    for (const section of sections) {
      const gate = section.dataset.porte ? blockById.get(section.dataset.porte) : null;
      setHidden(section, Boolean((gate && !gateBox(gate).checked) || sectionEmpty(section)));
    }
    if (before !== null) window.scrollBy(0, focused.getBoundingClientRect().top - before);
  }

  function clearErrors() {
    for (const el of element.querySelectorAll(".sim-erreur")) {
      if (!el.hidden || el.textContent) { el.hidden = true; el.textContent = ""; } // untouched when already clear
    }
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
        dateBlock.closest("details").open = true;
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

  // After the browser's own reset has emptied the fields: the first view again, no error, today's date.
  function afterReset() {
    touched.clear();
    submitted = false;
    dateTouched = false;
    for (const [el, hidden] of initial) el.hidden = hidden;
    for (const block of blocks) syncNsp(block);
    dateInput.value = isoToday();
    clearErrors();
  }

  // Every answer emptied without the form's reset event (a new share link replaces the answers).
  function clearAnswers() {
    for (const input of element.querySelectorAll("input")) {
      if (input.type === "radio" || input.type === "checkbox") input.checked = false;
      else if (input !== dateInput) input.value = "";
    }
    afterReset();
  }

  // The answers as the person sees them, for the printed sheet: [label, answer in words] of every
  // shown question that has an answer (taken from the page's own labels).
  function answersInWords() {
    const out = [];
    const ticked = blocks.filter((b) => isGate(b) && gateBox(b).checked).map((b) => b.querySelector("label").textContent.trim());
    if (ticked.length) out.push(["Vous recevez", ticked.join(", ")]);
    for (const block of blocks) {
      if (isGate(block) || block.closest("[hidden]") || readQuestion(block) === undefined) continue;
      const label = block.querySelector(".sim-libelle").textContent.trim();
      const checked = block.querySelector("input:checked");
      const input = block.querySelector("input[type=text]");
      const answer = checked ? checked.closest("label").textContent.trim()
        : `${input.value} ${block.querySelector(".sim-unite")?.textContent ?? ""}`.trim();
      out.push([label, answer]);
    }
    return out;
  }

  for (const block of blocks) syncNsp(block);

  return {
    answersInWords, clearAnswers, element, readSituation, fill, noteInput, applyRelevance, clearErrors, showErrors, afterReset,
    markSubmitted() { submitted = true; },
    // The date of the calculation: the one chosen, else today.
    date: () => dateInput.value || isoToday(),
    // The date the share link carries: only one the person chose (a link opened later recomputes for its day).
    sharedDate: () => (dateTouched ? dateInput.value : ""),
    setDefaultDate() { if (!dateInput.value) dateInput.value = isoToday(); },
  };
}
