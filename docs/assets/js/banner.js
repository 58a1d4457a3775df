// The banner above the form (#sim-etat, a polite live region): the engine is loading, ready or failed.
import { date, esc } from "./format.js";

export function createBanner(element) {
  let note = ""; // what a share link could not give (kept under every later state)
  function show(kind, html) {
    element.className = `sim-etat sim-etat-${kind}`;
    const icon = kind === "chargement" ? '<span class="sim-sablier" aria-hidden="true"></span>' : "";
    element.innerHTML = `${icon}<span>${html}</span>` + (note ? ` <span class="sim-etat-lien">${esc(note)}</span>` : "");
  }

  return {
    // A share link that could not be read in full: said in the status area, whatever comes next.
    linkNotice(text) {
      note = text;
      element.querySelector(".sim-etat-lien")?.remove();
      element.insertAdjacentHTML("beforeend", ` <span class="sim-etat-lien">${esc(text)}</span>`);
    },
    progress(texte) {
      show("chargement", esc(`${texte} Vous pouvez déjà remplir le formulaire.`));
    },
    // The person asked for a result before the engine was ready: it will come by itself.
    stillLoading() {
      show("chargement", esc("Le moteur de calcul se charge encore : le résultat s'affichera tout seul dans quelques secondes."));
    },
    ready(verifiedOn) {
      show("pret", esc(`Moteur de calcul prêt (règles vérifiées le ${date(verifiedOn)}).`));
    },
    // The rules stay readable in the guide's pages; the technical detail helps a bug report.
    failed(message) {
      show("echec", "Le moteur de calcul n'a pas pu être chargé dans ce navigateur, le simulateur ne peut donc pas calculer. "
        + "Vos réponses restent affichées. Les règles sont expliquées dans les pages "
        + '<a href="../droits/">Vos droits</a>, <a href="../formes/">Formes de paiement</a> et '
        + '<a href="../organismes/">Organismes</a>. Vous pouvez aussi essayer de recharger la page ou un autre navigateur.'
        + ` <small>(Détail technique : ${esc(message)})</small>`);
    },
    // Brings the failure explanation into view (the form cannot compute).
    reveal() {
      element.scrollIntoView({ block: "center" });
      element.focus?.();
    },
  };
}
