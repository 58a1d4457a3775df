// "Comment c'est calculé": one <details> per right, whose calculation steps are built only when it
// is opened (on-open.js). The steps are plain sentences with their figures and the dated parameters they used (the formulas
// themselves are on the right's page, for editors).
import { date, esc, number } from "./format.js";

// The closed <details> of each right of the result r (summary, how the payment is treated, link).
export function traceDetails(r) {
  return Object.entries(r.droits).map(([id, d]) => `
      <details class="sim-trace" data-droit="${esc(id)}"><summary>Comment c'est calculé : ${esc(d.nom)}</summary>
        <p>${esc(d.traitement_paiement?.texte || "")}</p>
        <div class="sim-trace-colonnes"></div>
        <p><a href="../droits/${encodeURIComponent(id)}/">Tout sur ce droit : ${esc(d.nom)}</a></p>
      </details>`).join("");
}

function traceList(title, steps) {
  if (!steps || !steps.length) return `<div><h4>${esc(title)}</h4><p>Ce droit ne s'applique pas.</p></div>`;
  return `<div><h4>${esc(title)}</h4><ol>${steps.map((s) => `
      <li><span class="sim-etape">${esc(s.texte)}</span>
        ${s.parametres.length ? `<ul class="sim-parametres">${s.parametres.map((q) => `
          <li>${esc(q.libelle)} : ${esc(number(q.valeur))} (depuis le ${esc(date(q.depuis))})${q.source ? ` — source : ${q.source.url ? `<a href="${esc(q.source.url)}" rel="noopener">${esc(q.source.titre)}</a>` : esc(q.source.titre)}` : ""}</li>`).join("")}</ul>` : ""}
      </li>`).join("")}</ol></div>`;
}

// What an open <details> of a right shows (on-open.js builds it when opened). The page's result comes
// without the steps (they are most of its size): detailed(r) gives the same result with them.
export function createTraceKind(detailed) {
  return {
    details: "details.sim-trace",
    box: ".sim-trace-colonnes",
    build: async (details, r) => {
      const d = (await detailed(r))?.droits[details.dataset.droit];
      return d ? `${traceList("Sans le paiement", d.trace.avant)}${traceList("Avec le paiement", d.trace.apres)}` : "";
    },
  };
}
