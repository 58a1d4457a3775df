// "Jusqu'à combien sans perdre ?": renders the engine's seuils (engine/thresholds.py): the amounts that
// change nothing, the cliffs, each right's thresholds, and — first in the result — the sentence "vous
// êtes juste au-dessus / au-dessous d'un seuil". Every figure and sentence comes from the engine.
import { esc, euros, number } from "./format.js";

export function createThresholdsView() {
  const amounts = (a) => `<strong>${esc(euros(a.par_seance))}</strong> par séance <small>(${esc(euros(a.par_mois))} par mois, ${esc(euros(a.par_an))} par an)</small>`;
  const cell = (a) => (a ? `${esc(euros(a.par_seance))}<br><small>${esc(euros(a.par_mois))} par mois</small>` : "—");

  function cliffs(s) {
    if (!s.falaises.length) return `<p>Aucun seuil de ce genre jusqu'à ${esc(euros(s.borne.par_seance))} par séance.</p>`;
    return `<ul class="sim-falaises">${s.falaises.map((f) => `
      <li class="sim-falaise sim-falaise-${esc(f.sens)}" data-montant="${f.montant.par_seance}">${esc(f.texte)}
        ${f.raisons.length ? `<ul>${f.raisons.map((r) => `<li><small>${esc(r)}</small></li>`).join("")}</ul>` : ""}</li>`).join("")}</ul>`;
  }

  // The same search over other answers (the hours worked...): their cliffs, with the question asked.
  function others(s) {
    return s.autres_seuils.filter((o) => o.falaises.length).map((o) => `
      <p>Selon votre réponse à « ${esc(o.libelle)} » (${esc(number(o.valeur_actuelle))} ${esc(o.unite)}) :</p>
      <ul class="sim-falaises">${o.falaises.map((f) => `
        <li class="sim-falaise sim-falaise-${esc(f.sens)}" data-question="${esc(o.question)}" data-valeur="${f.valeur}">${esc(f.texte)}
          ${f.raisons.length ? `<ul>${f.raisons.map((r) => `<li><small>${esc(r)}</small></li>`).join("")}</ul>` : ""}</li>`).join("")}</ul>`).join("");
  }

  function table(s) {
    const rows = Object.entries(s.droits).map(([id, d]) => `
      <tr data-droit="${esc(id)}"><th scope="row">${esc(d.nom)}</th>
        <td class="sim-num" data-col="change" data-valeur="${d.change_a_partir_de?.par_seance ?? ""}">${cell(d.change_a_partir_de)}</td>
        <td class="sim-num" data-col="baisse" data-valeur="${d.baisse_a_partir_de?.par_seance ?? ""}">${cell(d.baisse_a_partir_de)}</td>
        <td class="sim-num" data-col="fin" data-valeur="${d.perdu_a_partir_de?.par_seance ?? ""}">${cell(d.perdu_a_partir_de)}</td></tr>`).join("");
    return `<div class="sim-tableau"><table class="sim-seuils-droits">
      <caption>Montant par séance à partir duquel chaque droit change, baisse ou est perdu (— : pas jusqu'à ${esc(euros(s.borne.par_seance))})</caption>
      <thead><tr><th scope="col">Droit</th><th scope="col">Change à partir de</th><th scope="col">Baisse à partir de</th><th scope="col">Perdu à partir de</th></tr></thead>
      <tbody>${rows}</tbody></table></div>`;
  }

  // The printed sheet's one paragraph (the sheet holds two pages): how much loses nothing, and each cliff.
  function sheet(s) {
    const names = (ids) => ids.map((id) => s.droits[id]?.nom ?? id).join(", ");
    const items = s.falaises.filter((f) => f.sens === "baisse").map((f) => `${esc(euros(f.montant.par_seance))} par séance (${esc(names(f.droits))})`)
      .concat(s.autres_seuils.flatMap((o) => o.falaises.map((f) => `${esc(number(f.valeur))} ${esc(o.unite)} (${esc(names(f.droits))})`)));
    return `<p class="sim-seuils-fiche"><strong>Jusqu'à combien sans perdre ?</strong> Jusqu'à ${esc(euros(s.sans_perte_jusqu_a.par_seance))} par séance
      (${esc(euros(s.sans_perte_jusqu_a.par_mois))} par mois).${items.length ? ` Seuils : ${items.join(" ; ")}.` : ""}</p>`;
  }

  // s: the engine's seuils; element: the section to fill; result: the result section (the proximity
  // sentence goes first in it, right under its title).
  function show(element, s, result) {
    element.removeAttribute("aria-busy");
    const e = s.explications;
    element.innerHTML = `
      <h3 id="sim-seuils-titre">Jusqu'à combien sans perdre ?</h3>
      ${sheet(s)}
      <p>${esc(e.intro)}</p>
      <ul class="sim-seuils-resume">
        <li data-seuil="sans-effet" data-valeur="${s.sans_effet_jusqu_a.par_seance}">Sans aucun changement de vos droits : jusqu'à ${amounts(s.sans_effet_jusqu_a)}.<br><small>${esc(e.sans_effet)}</small></li>
        <li data-seuil="sans-perte" data-valeur="${s.sans_perte_jusqu_a.par_seance}">Sans rien perdre : jusqu'à ${amounts(s.sans_perte_jusqu_a)}.<br><small>${esc(e.sans_perte)}</small></li>
        <li class="sim-seuils-actuel">Votre montant : ${amounts(s.montant_actuel)}.</li>
      </ul>
      <h4>Les seuils où un euro de plus change beaucoup</h4>
      <p>${esc(e.falaises)}</p>
      ${cliffs(s)}
      ${others(s)}
      <div class="sim-seuils-par-droit"><h4>Droit par droit</h4>
      <p>${esc(e.droits)}</p>
      ${table(s)}</div>
      ${s.sans_lien_avec_le_montant.length ? `<div class="sim-seuils-sans-lien"><h4>Quel que soit le montant</h4><p>${esc(e.sans_lien)}</p>
        <ul>${s.sans_lien_avec_le_montant.map((d) => `<li><strong>${esc(d.nom)}</strong> : ${esc(d.texte)}</li>`).join("")}</ul></div>` : ""}`;
    result.querySelector(".sim-proximite")?.remove();
    if (s.proximite) {
      const near = document.createElement("p");
      near.className = `sim-proximite sim-proximite-${s.proximite.sens}`;
      near.setAttribute("role", "note");
      near.textContent = s.proximite.texte;
      const title = result.querySelector("#sim-resultat-titre");
      if (title) title.after(near); else result.prepend(near);
    }
  }

  return { show };
}
