// The "Mois par mois" part of the result: the engine's calendar (r.calendrier) as a table of months
// (what the person receives, without the payment, what changes and what to declare), a chart (months on
// the x-axis, resources stacked by right) and the chart's figures as a table. Only renders: every
// figure and every sentence comes from the engine.
import { esc, euros, signedEuros } from "./format.js";

const SERIES = 8; // colours of the stacked series (.sim-serie-0 ... 7)

// The series of the chart: the payment, then each right of the calendar.
function series(cal) {
  return [{ id: null, label: cal.libelle_paiement, value: (m) => m.paiement_net },
    ...cal.droits.map((d) => ({ id: d.droit, label: d.libelle, value: (m) => m.droits[d.droit] }))];
}

// "mai 2026" -> "mai" (the year is written under January and under the first month).
function shortMonth(m, index) {
  const [name, year] = m.mois_nom.split(" ");
  return { name: name.slice(0, 4), year: index === 0 || m.mois.endsWith("-01") ? year : "" };
}

// Stacked bars: positive amounts above the axis, negative ones (an added tax) below; the total without
// the payment as a dashed line across each month.
export function calendarChart(cal, width) {
  width = Math.round(Math.max(320, Math.min(720, width || 640)));
  const all = series(cal);
  const months = cal.mois;
  const top = Math.max(1, ...months.map((m) => Math.max(m.total_sans_paiement,
    all.reduce((sum, s) => sum + Math.max(0, s.value(m)), 0))));
  const bottom = Math.min(0, ...months.map((m) => all.reduce((sum, s) => sum + Math.min(0, s.value(m)), 0)));
  const left = 8, right = 8, legendH = 22 * Math.ceil((all.length + 1) / (width < 480 ? 2 : 3)), plotTop = legendH + 8;
  const plotH = 220, axisH = 34;
  const band = (width - left - right) / months.length;
  const y = (v) => plotTop + ((top - v) / (top - bottom)) * plotH;
  const parts = [];
  const perRow = width < 480 ? 2 : 3, colW = (width - left) / perRow;
  all.concat([{ id: "sans", label: "Total sans le paiement" }]).forEach((s, i) => {
    const x = left + (i % perRow) * colW, yy = 4 + Math.floor(i / perRow) * 22;
    const mark = s.id === "sans" ? `<line x1="${x}" y1="${yy + 7}" x2="${x + 14}" y2="${yy + 7}" class="sim-cal-sans"/>`
      : `<rect x="${x}" y="${yy}" width="14" height="14" class="sim-serie-${i % SERIES}"/>`;
    const label = s.label.length > 26 ? `${s.label.slice(0, 25)}…` : s.label;
    parts.push(`${mark}<text x="${x + 20}" y="${yy + 12}">${esc(label)}</text>`);
  });
  months.forEach((m, index) => {
    const x = left + index * band + band * 0.15, w = band * 0.7;
    let up = 0, down = 0;
    all.forEach((s, i) => {
      const v = s.value(m);
      if (Math.abs(v) < 0.005) return;
      const from = v > 0 ? up : down, to = from + v;
      if (v > 0) up = to; else down = to;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(Math.max(from, to)).toFixed(1)}" width="${w.toFixed(1)}" height="${Math.abs(y(from) - y(to)).toFixed(1)}" class="sim-serie-${i % SERIES}"><title>${esc(m.mois_nom)}, ${esc(s.label)} : ${euros(v)}</title></rect>`);
    });
    const ys = y(m.total_sans_paiement).toFixed(1);
    parts.push(`<line x1="${(x - band * 0.1).toFixed(1)}" y1="${ys}" x2="${(x + w + band * 0.1).toFixed(1)}" y2="${ys}" class="sim-cal-sans"/>`);
    const label = shortMonth(m, index);
    if (months.length <= 12 || index % 2 === 0 || label.year) {
      const cx = (x + w / 2).toFixed(1);
      parts.push(`<text x="${cx}" y="${plotTop + plotH + 14}" text-anchor="middle" class="sim-cal-mois">${esc(label.name)}</text>`);
      if (label.year) parts.push(`<text x="${cx}" y="${plotTop + plotH + 28}" text-anchor="middle" class="sim-cal-mois">${esc(label.year)}</text>`);
    }
  });
  parts.push(`<line x1="${left}" y1="${y(0).toFixed(1)}" x2="${width - right}" y2="${y(0).toFixed(1)}" class="sim-cal-axe"/>`);
  const height = plotTop + plotH + axisH;
  const desc = months.map((m) => `${m.mois_nom} : ${euros(m.total)} avec le paiement, ${euros(m.total_sans_paiement)} sans`).join(" ; ");
  return `<svg class="sim-cal-svg" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="sim-cal-titre sim-cal-desc" xmlns="http://www.w3.org/2000/svg">
    <title id="sim-cal-titre">Vos ressources mois par mois, droit par droit, avec le paiement</title>
    <desc id="sim-cal-desc">${esc(desc)}</desc>${parts.join("")}</svg>`;
}

// What changes in a month and what to declare, in the engine's words.
function notes(m) {
  const items = m.changements.map((c) => `<li class="sim-cal-change">${esc(c.texte)}</li>`)
    .concat(m.declarations.map((d) => `<li class="sim-cal-declarer"><strong>À déclarer, ${esc(d.organisme_nom)}</strong> : ${esc(d.quoi)}</li>`));
  return items.length ? `<ul>${items.join("")}</ul>` : "";
}

function monthTable(cal) {
  return `<div class="sim-tableau"><table class="sim-calendrier-table">
    <caption>Chaque mois, à partir du mois du premier paiement : ce que vous recevez en tout, sans le paiement, ce qui change et ce qu'il faut déclarer</caption>
    <thead><tr><th scope="col">Mois</th><th scope="col">Avec le paiement</th><th scope="col">Sans le paiement</th><th scope="col">Ce qui change, à déclarer</th></tr></thead>
    <tbody>${cal.mois.map((m) => `
      <tr data-mois="${esc(m.mois)}" class="${m.difference < -0.005 ? "sim-cal-moins" : ""}">
        <th scope="row">${esc(m.mois_nom)}</th>
        <td class="sim-num" data-col="total" data-valeur="${m.total}">${euros(m.total)}${m.paiement_net > 0.005 ? `<small>dont paiement ${euros(m.paiement_net)}</small>` : ""}${Math.abs(m.difference) >= 0.005 ? `<small>écart ${signedEuros(m.difference)}</small>` : ""}</td>
        <td class="sim-num" data-col="sans" data-valeur="${m.total_sans_paiement}">${euros(m.total_sans_paiement)}</td>
        <td data-col="notes">${notes(m)}</td>
      </tr>`).join("")}</tbody>
  </table></div>`;
}

// The chart's figures: months as rows, the payment and each right as columns (scrolls sideways on a
// phone), built when opened (chartFiguresKind, on-open.js).
const chartTable = () => `<details class="sim-cal-chiffres"><summary>Les chiffres du graphique, droit par droit</summary>
    <div class="sim-tableau sim-defile"></div></details>`;

export const chartFiguresKind = {
  details: "details.sim-cal-chiffres",
  box: ".sim-defile",
  build: (details, r) => {
    const cal = r.calendrier;
    if (!cal) return "";
    const all = series(cal);
    return `<table class="sim-cal-detail">
      <caption>Montant de chaque ressource, mois par mois, avec le paiement</caption>
      <thead><tr><th scope="col">Mois</th>${all.map((s) => `<th scope="col">${esc(s.label)}</th>`).join("")}<th scope="col">Total</th></tr></thead>
      <tbody>${cal.mois.map((m) => `<tr data-mois="${esc(m.mois)}"><th scope="row">${esc(m.mois_nom)}</th>${all.map((s) => `<td class="sim-num"${s.id ? ` data-droit="${esc(s.id)}"` : ' data-paiement="1"'}>${euros(s.value(m))}</td>`).join("")}<td class="sim-num">${euros(m.total)}</td></tr>`).join("")}</tbody>
    </table>`;
  },
};

// When each right changes and why, and what the person should check with the body.
function rightNotes(cal) {
  const items = cal.droits.filter((d) => d.premier_mois).map((d) => `
    <li data-droit="${esc(d.droit)}"><strong>${esc(d.libelle)}</strong> : à partir de ${esc(d.premier_mois_nom)}. ${esc(d.explication)}${d.a_verifier ? ` <em>${esc(d.a_verifier)}</em>` : ""}</li>`);
  return items.length ? `<h4>Quand chaque droit change</h4><ul class="sim-cal-droits">${items.join("")}</ul>` : "";
}

function later(cal) {
  const items = cal.declarations_plus_tard.map((d) => `<li><strong>${esc(d.mois_nom)}, ${esc(d.organisme_nom)}</strong> : ${esc(d.quoi)}</li>`)
    .concat(cal.declarations_sans_date.map((d) => `<li><strong>Sans date fixe, ${esc(d.organisme_nom)}</strong> : ${esc(d.quoi)} (${esc(d.quand)})</li>`));
  return items.length ? `<h4>À déclarer plus tard</h4><ul class="sim-cal-plus-tard">${items.join("")}</ul>` : "";
}

// r: the engine's result; width: the room available, in pixels.
export function calendarSection(r, width) {
  const cal = r.calendrier;
  if (!cal) return "";
  const mean = cal.moyenne_12_mois;
  return `<section class="sim-calendrier" aria-labelledby="sim-calendrier-titre" data-horizon="${cal.horizon_mois}" data-gain="${mean.gain}">
    <h3 id="sim-calendrier-titre">Mois par mois</h3>
    <p>${esc(cal.texte)}</p>
    <p class="sim-cal-moyenne">Moyenne des 12 premiers mois : <strong data-valeur="${mean.avec_paiement}">${euros(mean.avec_paiement)}</strong> avec le paiement,
      <strong data-valeur="${mean.sans_paiement}">${euros(mean.sans_paiement)}</strong> sans, soit <strong data-valeur="${mean.gain}">${signedEuros(mean.gain)}</strong> par mois.</p>
    ${cal.apres_12_mois ? `<p class="sim-cal-apres">${esc(cal.apres_12_mois.texte)}</p>` : ""}
    <figure class="sim-graphique sim-cal-graphique">${calendarChart(cal, width)}
      <figcaption>Chaque barre est un mois : le paiement et chacun de vos droits, empilés ; le trait en pointillés est votre total sans le paiement.</figcaption></figure>
    ${chartTable()}
    ${monthTable(cal)}
    ${rightNotes(cal)}
    ${later(cal)}
  </section>`;
}
