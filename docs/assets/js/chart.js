// The result's chart: horizontal grouped bars, each line of the engine's "ressources" (a right, then
// the payment) without / with the payment, averaged over the year, then the engine's total: the same
// figures as the table and the headline. Plain SVG (no library); its aria-label says them in words.
import { esc, euros } from "./format.js";

// r: the engine's result; width: the room available, in pixels.
export function chart(r, width) {
  const groups = r.ressources.lignes.map((line) => ({ label: line.libelle, avant: line.avant, apres: line.apres }));
  const total = { label: "Total", avant: r.ressources.avant, apres: r.ressources.apres };
  groups.push(total);
  const max = Math.max(1, ...groups.map((g) => Math.max(g.avant, g.apres)));
  // The drawing's width follows the screen so that its text keeps a readable size on a phone.
  width = Math.round(Math.max(320, Math.min(640, width || 640)));
  const narrow = width < 480;
  const labelW = narrow ? 110 : 170, valueW = 100, barH = 20, gap = 4, groupGap = 16;
  const maxLabel = narrow ? 13 : 20;
  const legendX = narrow ? 0 : labelW;
  const plot = width - labelW - valueW;
  let y = 28;
  const parts = [
    `<rect x="${legendX}" y="4" width="14" height="14" class="sim-barre-avant"/><text x="${legendX + 20}" y="16">Sans le paiement</text>`,
    `<rect x="${legendX + 150}" y="4" width="14" height="14" class="sim-barre-apres"/><text x="${legendX + 170}" y="16">Avec le paiement</text>`,
  ];
  for (const g of groups) {
    const label = g.label.length > maxLabel ? `${g.label.slice(0, maxLabel - 1)}…` : g.label;
    parts.push(`<text x="0" y="${y + barH + 2}" class="sim-barre-libelle${g === total ? " sim-barre-total" : ""}">${esc(label)}</text>`);
    for (const [key, cls, words] of [["avant", "sim-barre-avant", "sans"], ["apres", "sim-barre-apres", "avec"]]) {
      const w = Math.max(0, (g[key] / max) * plot);
      parts.push(`<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH}" rx="2" class="${cls}"><title>${esc(g.label)}, ${words} le paiement : ${euros(g[key])}</title></rect>`);
      parts.push(`<text x="${(labelW + w + 6).toFixed(1)}" y="${y + barH - 4}" class="sim-barre-valeur">${euros(g[key])}</text>`);
      y += barH + gap;
    }
    y += groupGap;
  }
  const summary = groups.map((g) => `${g.label} : ${euros(g.avant)} sans, ${euros(g.apres)} avec`).join(" ; ");
  return `<svg class="sim-svg" viewBox="0 0 ${width} ${y}" role="img" aria-label="${esc(summary)}" data-total-avant="${total.avant}" data-total-apres="${total.apres}" xmlns="http://www.w3.org/2000/svg">${parts.join("")}</svg>`;
}
