// "Quelle forme de paiement me convient le mieux ?": renders the engine's comparaison_formes
// (engine/compare.py). Every figure and every sentence comes from the engine; this module only lays
// them out. onChoose(question, form id) is called by "Voir le détail".
import { esc, euros, signedEuros } from "./format.js";

export function createCompareView(vocabulaire, onChoose) {
  const statusLabel = (statut) => vocabulaire.statuts[statut]?.libelle ?? statut;
  const rights = (items) => items.map((r) => `${esc(r.nom)} (${esc(statusLabel(r.statut))})`).join(", ");

  function source(item) {
    return item.source ? ` <small>(source : <a href="${esc(item.source.url)}" rel="noopener">${esc(item.source.titre)}</a>)</small>` : "";
  }

  function card(f) {
    const why = f.pourquoi.map((w) => `<p class="sim-forme-pourquoi"><strong>Ne convient pas à cet engagement :</strong> ${esc(w.texte)}${source(w)}</p>`).join("");
    const check = f.a_verifier.map((w) => `<p class="sim-forme-verifier"><strong>À vérifier :</strong> ${esc(w.texte)}${source(w)}</p>`).join("");
    const head = `<h4>${f.rang ? `${f.rang}. ` : ""}${esc(f.nom)}${f.choisie ? " <small>(votre choix)</small>" : ""}</h4>`;
    if (!f.calcule) {
      return `<li class="sim-forme sim-forme-grisee" data-forme="${esc(f.forme)}">${head}${why}
        <p>Pas de calcul possible pour cette forme : ${esc(f.erreurs.map((e) => e.message).join(" ; "))}</p></li>`;
    }
    const risks = f.risques.length ? `<details class="sim-forme-risques"><summary>Risques et points à vérifier (${f.risques.length})</summary>
      <ul>${f.risques.map((r) => `<li>${esc(r.texte)}</li>`).join("")}</ul></details>` : "<p>Aucun risque signalé.</p>";
    return `
      <li class="sim-forme${f.convient ? "" : " sim-forme-grisee"}${f.choisie ? " sim-forme-choisie" : ""}" data-forme="${esc(f.forme)}" data-gain="${f.gain_mensuel}">
        ${head}
        ${why}
        <p class="sim-forme-gain"><strong data-valeur="${f.gain_mensuel}">${esc(signedEuros(f.gain_mensuel))}</strong> par mois, une fois vos droits recalculés
          <small>(reçu : ${esc(euros(f.net_mensuel))} par mois)</small></p>
        ${f.a_demander.length ? `<p>À condition de demander : ${esc(f.a_demander.join(", "))}.</p>` : ""}
        ${f.droits_arretes.length ? `<p><strong>Droits arrêtés :</strong> ${rights(f.droits_arretes)}</p>` : ""}
        ${f.droits_baisses.length ? `<p><strong>Droits en baisse :</strong> ${rights(f.droits_baisses)}</p>` : ""}
        ${!f.droits_arretes.length && !f.droits_baisses.length ? "<p>Aucun droit ne baisse.</p>" : ""}
        ${risks}
        ${check}
        ${f.organismes.length ? `<p><strong>À prévenir :</strong> ${esc(f.organismes.map((o) => o.nom).join(", "))}</p>` : ""}
        ${f.hypotheses.length ? `<p class="sim-forme-suppose"><small>Supposé pour cette forme : ${f.hypotheses.map((h) => `${esc(h.libelle)} ${esc(h.explication)}`).join(" ")}</small></p>` : ""}
        ${f.choisie ? "" : `<button type="button" class="md-button sim-bouton" data-voir-forme="${esc(f.forme)}" aria-label="Voir le détail : ${esc(f.nom)}">Voir le détail</button>`}
      </li>`;
  }

  // c: the engine's comparaison_formes; element: the section to fill.
  function show(element, c) {
    element.removeAttribute("aria-busy");
    element.innerHTML = `
      <h3 id="sim-comparaison-titre">Quelle forme de paiement me convient le mieux ?</h3>
      <p>${esc(c.explication)}</p>
      <ol class="sim-formes">${c.formes.map(card).join("")}</ol>`;
    element.querySelectorAll("[data-voir-forme]").forEach((button) => {
      button.addEventListener("click", () => onChoose(c.question, button.dataset.voirForme));
    });
  }

  return { show };
}
