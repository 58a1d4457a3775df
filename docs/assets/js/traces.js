// "Comment c'est calculé": one <details> per right, whose calculation steps are built only when it
// is opened (most people never open them, and they are the largest part of the result). The
// steps are plain sentences with their figures and the dated parameters they used (the formulas
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

// Builds the steps of the open <details> of `region` from the result r, and empties those of the
// closed ones (built again from the result of the moment when they are opened).
export function refreshTraces(region, r) {
  for (const details of region.querySelectorAll("details.sim-trace")) fillTrace(details, r);
}

const built = new WeakMap(); // the steps' element -> the HTML it shows

export function fillTrace(details, r) {
  const columns = details.querySelector(".sim-trace-colonnes");
  const d = r && r.droits[details.dataset.droit];
  const html = details.open && d
    ? `${traceList("Sans le paiement", d.trace.avant)}${traceList("Avec le paiement", d.trace.apres)}` : "";
  if ((built.get(columns) ?? "") !== html) {
    columns.innerHTML = html;
    built.set(columns, html);
  }
}
