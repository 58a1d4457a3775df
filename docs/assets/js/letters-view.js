// The letters of the result (the engine's "courriers", engine/letters.py): one per body, each in a
// disclosure with its text as the engine wrote it (escaped), to copy, print alone or open in the
// person's own mail program. Nothing is sent by the site: the e-mail link names no address.
import { esc } from "./format.js";

const PRINT_MODE = "sim-impression-lettre"; // on <html> while one letter is printed (see simulateur.css)
const PRINTED = "sim-lettre-imprimee";

const letterId = (organisme) => `sim-lettre-${organisme}`;

// The letters of result r, under a short explanation; "" when the result names no body. Each letter's
// text and tools are built when it is opened (createLetterKind, on-open.js).
export function lettersSection(r) {
  const letters = r.courriers || [];
  if (!letters.length) return "";
  return `<div class="sim-lettres">
    <h3 id="sim-lettres-titre">Écrire à chaque organisme</h3>
    <p class="sim-lettres-aide">Pour chaque organisme à prévenir ou à interroger, une lettre prête à envoyer : elle reprend
    votre situation (seulement ce qui le concerne), le paiement, ce que le simulateur a trouvé, vos questions précises et
    les textes qui s'appliquent, et demande une réponse écrite. Le site n'envoie rien : copiez-la, imprimez-la ou ouvrez-la
    dans votre messagerie, puis complétez ce qui est entre crochets.</p>
    ${letters.map((l) => `
    <details class="sim-lettre" id="${esc(letterId(l.organisme))}" data-organisme="${esc(l.organisme)}">
      <summary>${esc(l.titre)}</summary>
      <div class="sim-lettre-contenu"></div>
    </details>`).join("")}
  </div>`;
}

// An open letter: its help, the tools and the text as the engine wrote it (escaped). The page's
// result names its letters without their text: detailed(r) gives the same result with it.
export function createLetterKind(detailed) {
  return {
    details: "details.sim-lettre",
    box: ".sim-lettre-contenu",
    build: async (details, r) => {
      const l = ((await detailed(r))?.courriers || []).find((letter) => letter.organisme === details.dataset.organisme);
      return l ? `
      <p class="sim-lettre-aide">${esc(l.aide)}</p>
      <div class="sim-lettre-outils">
        <button type="button" class="md-button sim-bouton" data-lettre="copier">Copier le texte</button>
        <button type="button" class="md-button sim-bouton" data-lettre="imprimer">Imprimer cette lettre</button>
        <a class="md-button sim-bouton" href="mailto:?subject=${esc(encodeURIComponent(l.objet))}&amp;body=${esc(encodeURIComponent(l.corps))}">Écrire un e-mail</a>
        <span class="sim-lettre-etat" role="status" aria-live="polite"></span>
      </div>
      <div class="sim-lettre-texte">${esc(l.corps)}</div>` : "";
    },
  };
}

// In the checklist of a body: the link that opens its letter ("" when it has none).
export function letterLink(r, organisme) {
  const letter = (r.courriers || []).find((l) => l.organisme === organisme);
  if (!letter) return "";
  return `<p class="sim-vers-lettre"><a href="#${esc(letterId(organisme))}" data-ouvrir-lettre="${esc(organisme)}">${esc(letter.titre)}</a></p>`;
}

function endPrintMode() {
  document.documentElement.classList.remove(PRINT_MODE);
  for (const printed of document.querySelectorAll(`.${PRINTED}`)) printed.classList.remove(PRINTED);
}

// The buttons and links of the letters (the result is redrawn often: listened to on its container).
// openDetails(details): opens a disclosure with its content built at once (on-open.js).
export function bindLetters(container, openDetails) {
  window.addEventListener("afterprint", endPrintMode);
  // Before the sheet's own print button (capture phase): a letter printed earlier no longer hides the sheet.
  container.addEventListener("click", (event) => {
    if (event.target.closest("[data-action]")) endPrintMode();
  }, true);
  container.addEventListener("click", async (event) => {
    const open = event.target.closest("[data-ouvrir-lettre]");
    if (open) {
      event.preventDefault(); // the address keeps its share fragment, if any
      const letter = document.getElementById(letterId(open.dataset.ouvrirLettre));
      openDetails(letter);
      letter.scrollIntoView({ block: "start" });
      letter.querySelector("summary").focus();
      return;
    }
    const button = event.target.closest("[data-lettre]");
    if (!button) return;
    const letter = button.closest(".sim-lettre");
    const text = letter.querySelector(".sim-lettre-texte").textContent;
    const status = letter.querySelector(".sim-lettre-etat");
    if (button.dataset.lettre === "copier") {
      try {
        await navigator.clipboard.writeText(text);
        status.textContent = "Texte copié : collez-le dans votre messagerie ou un traitement de texte.";
      } catch {
        status.textContent = "La copie n'a pas marché : sélectionnez le texte de la lettre ci-dessous et copiez-le.";
      }
    } else if (button.dataset.lettre === "imprimer") {
      endPrintMode();
      letter.classList.add(PRINTED);
      document.documentElement.classList.add(PRINT_MODE);
      window.print();
    }
  });
}
