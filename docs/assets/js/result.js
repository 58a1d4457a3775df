// The result section (#sim-resultat): the headline gain, the table of rights, the notifications, the
// checklist per body, what was assumed and how each right is computed. Statuses and gravities are
// named by the engine's vocabulary, never here.
// Render only what changed: the section is a fixed list of parts (show() below), each one
// [key, HTML] drawn in its own element by parts.js, which leaves a part alone when its HTML has
// not changed (a typed amount redraws the figures, not the checklist or the details). A new
// section of the result is one more [key, html] entry in that list, in the order of the page:
// a function of the result returning its HTML ("" when it has nothing to show); a section whose
// content comes later (another request to the engine) reserves its slot with "" in that list and
// fills it with showPart(key, html). The calculation details are built only when opened (traces.js).
import { calendarSection, chartFiguresKind } from "./calendar-view.js";
import { chart } from "./chart.js";
import { date, esc, euros, number, signedEuros } from "./format.js";
import { createLetterKind, letterLink, lettersSection } from "./letters-view.js";
import { createOnOpen } from "./on-open.js";
import { createParts } from "./parts.js";
import { createTraceKind, traceDetails } from "./traces.js";

// vocabulaire: the page's data-vocabulaire; bodies(): {id: name} of the bodies, from the engine's summary;
// detailed(r): a promise of the result r with its calculation steps and its letters' text (the page
// asks for r without them).
export function createResult(element, vocabulaire, bodies, detailed) {
  const { statuts, gravites } = vocabulaire;
  const body = (id) => bodies()[id] || id || "";
  const statusLabel = (statut) => statuts[statut]?.libelle ?? statut;
  const gravityLabel = (gravite) => gravites[gravite]?.libelle ?? gravite;

  function headline(gain) {
    if (Math.abs(gain) < 0.005) return "Ce paiement ne vous rapporte <strong>rien</strong> une fois vos droits recalculés";
    if (gain > 0) return `Ce paiement vous rapporte vraiment <strong data-valeur="${gain}">${euros(gain)}</strong> par mois`;
    return `Ce paiement vous fait <strong>perdre</strong> <strong data-valeur="${gain}">${euros(-gain)}</strong> par mois`;
  }

  // The part of the gain that exists only if the person asks for a right the payment opens.
  function onRequest(r) {
    const res = r.ressources;
    if (!res.a_demander.length) return "";
    const names = res.a_demander.map((id) => esc(r.droits[id].nom)).join(" et ");
    return `<p class="sim-a-demander"><strong>À condition de demander : ${names}.</strong> Ce droit n'est pas versé
      d'office. Sans le demander, le paiement vous rapporte ${esc(euros(res.gain_sans_demande))} par mois.</p>`;
  }

  // "(AAH)" after a notification or a task that concerns one right.
  function rightTag(r, id) {
    const right = id && r.droits[id];
    return right ? ` <small>(${esc(right.sigle || right.nom)})</small>` : "";
  }

  // One row per line of the engine's "ressources": the monthly amount without the payment, the amount
  // with it and for how long, and its average effect per month over the year; then the payment and the
  // total, whose effect is the headline.
  function rows(r) {
    const lines = r.ressources.lignes.map((line) => {
      const d = line.droit ? r.droits[line.droit] : null;
      // A range when something unknown moves the amount: "875,00 € à 1 000,00 €".
      const ranged = d && Math.abs(d.apres_max - d.apres_min) >= 0.005;
      const head = d ? `${esc(d.nom)}${d.sigle ? ` <abbr>(${esc(d.sigle)})</abbr>` : ""}<br><small>${esc(body(d.verse_par))}</small>`
        : `${esc(line.libelle)}<br><small>${esc(r.paiement.forme_nom)}</small>`;
      return `
      <tr class="sim-${esc(d ? d.tendance : "hausse")}"${d ? ` data-droit="${esc(line.droit)}" data-statut="${esc(d.statut)}"` : ' data-paiement="1"'}>
        <th scope="row">${head}</th>
        <td class="sim-num" data-col="avant" data-valeur="${d ? d.avant : ""}">${d ? euros(d.avant) : "—"}</td>
        <td class="sim-num" data-col="apres" data-valeur="${d ? d.apres : ""}">${d ? (ranged ? `${euros(d.apres_min)} à ${euros(d.apres_max)}` : euros(d.apres)) : euros(r.paiement.net_mensuel)}${d && d.effet ? `<br><small>${esc(d.effet)}</small>` : ""}</td>
        <td class="sim-num" data-col="difference" data-valeur="${d ? d.difference : ""}" data-moyenne="${line.difference}">${signedEuros(line.difference)}${line.a_demander ? "<br><small>si vous la demandez</small>" : ""}</td>
        <td data-col="statut">${d ? `<span class="sim-statut">${esc(statusLabel(d.statut))}</span>` : ""}</td>
      </tr>`;
    }).join("");
    // Rights without an amount (a direction only, like the housing aid): their status and when.
    const others = Object.entries(r.droits).filter(([, d]) => d.avant === null).map(([id, d]) => `
      <tr class="sim-${esc(d.tendance)}" data-droit="${esc(id)}" data-statut="${esc(d.statut)}">
        <th scope="row">${esc(d.nom)}<br><small>${esc(body(d.verse_par))}</small></th>
        <td class="sim-num" data-col="avant" data-valeur="">—</td>
        <td class="sim-num" data-col="apres" data-valeur="">—${d.effet ? `<br><small>${esc(d.effet)}</small>` : ""}</td>
        <td class="sim-num" data-col="difference" data-valeur="">—</td>
        <td data-col="statut"><span class="sim-statut">${esc(statusLabel(d.statut))}</span></td>
      </tr>`).join("");
    const res = r.ressources;
    return lines + others + `
      <tr class="sim-total" data-total="1">
        <th scope="row">Total de vos ressources</th>
        <td class="sim-num" data-col="avant" data-valeur="${res.avant}">${euros(res.avant)}</td>
        <td class="sim-num" data-col="apres" data-valeur="${res.apres}">${euros(res.apres)}<br><small>en moyenne sur un an</small></td>
        <td class="sim-num" data-col="difference" data-valeur="${res.gain_mensuel}">${signedEuros(res.gain_mensuel)}</td>
        <td></td>
      </tr>`;
  }

  // The engine orders notifications (most serious, then largest amount at stake): the first three come
  // before the table, the others under "Autres points".
  const FIRST_ALERTS = 3;
  function alertItems(r, items) {
    return `<ul class="sim-alertes">${items.map((a) => `
      <li class="sim-alerte sim-alerte-${esc(a.gravite)}"><span class="sim-gravite">${esc(gravityLabel(a.gravite))}</span>
      ${esc(a.texte)}${rightTag(r, a.droit)}</li>`).join("")}</ul>`;
  }
  function alerts(r) {
    if (!r.alertes.length) return "";
    return `<h3>À savoir d'abord</h3>${alertItems(r, r.alertes.slice(0, FIRST_ALERTS))}`;
  }
  function moreAlerts(r) {
    const rest = r.alertes.slice(FIRST_ALERTS);
    if (!rest.length) return "";
    return `<details class="sim-autres-points"><summary>Autres points (${rest.length})</summary>${alertItems(r, rest)}</details>`;
  }

  // What to declare or ask, grouped by body, with how to reach it and boxes to tick on the printed sheet.
  function checklist(r) {
    const byBody = new Map();
    for (const task of r.demarches) {
      if (!byBody.has(task.organisme)) byBody.set(task.organisme, []);
      byBody.get(task.organisme).push(task);
    }
    if (!byBody.size) return "";
    return `<h3>À déclarer, à demander</h3><div class="sim-demarches">${[...byBody].map(([org, tasks]) => {
      const info = r.organismes[org];
      return `
      <div class="sim-organisme" data-organisme="${esc(org)}"><h4><a href="../organismes/${encodeURIComponent(org)}/">${esc(body(org))}</a></h4>
        ${info && info.contact ? `<p class="sim-contact">${esc(info.contact)}</p>` : ""}
        ${letterLink(r, org)}
        <ul>${tasks.map((t) => `
        <li><label><input type="checkbox" data-cle="${esc(`${org} ${t.quoi}`)}"> <span><strong>${esc(t.quoi)}</strong> — ${esc(t.quand)}${t.droits.map((id) => rightTag(r, id)).join("")}</span></label></li>`).join("")}
      </ul></div>`;
    }).join("")}</div>`;
  }

  function assumptions(r) {
    if (!r.hypotheses.length) return "";
    return `<h3 class="sim-hypotheses-bloc">Ce que le calcul a supposé</h3><ul class="sim-hypotheses sim-hypotheses-bloc">${r.hypotheses.map((h) => `
      <li><strong>${esc(h.libelle)}</strong> : ${esc(h.explication || number(h.valeur))}</li>`).join("")}</ul>`;
  }

  // A live region that stays in the page (one re-created with the result would not be read): screen
  // readers hear the new headline each time the result changes.
  const announce = document.createElement("p");
  announce.className = "sim-annonce";
  announce.setAttribute("role", "status");
  announce.setAttribute("aria-live", "polite");
  element.before(announce);

  const parts = createParts(element);
  // show()'s arguments while a result is on the page: its result (the details opened later are built
  // from it), and all three to draw the charts again at another width.
  let shownWith = null;
  // The room for the charts, kept by a ResizeObserver: reading clientWidth just after the answers
  // changed the form would make the browser lay the whole page out at once, at each change.
  let width = 0;
  new ResizeObserver(([entry]) => {
    const now = Math.round(entry.contentRect.width);
    if (!now || now === width) return;
    const redraw = width && shownWith;
    width = now;
    if (redraw) show(...shownWith); // a phone turned, a window resized: the charts fit again
  }).observe(element);
  const room = () => width || element.clientWidth; // measured once, before the first result
  // The calculation steps, the letters and the chart's figures are built when opened.
  const onOpen = createOnOpen(element, [createTraceKind(detailed), createLetterKind(detailed), chartFiguresKind], () => shownWith?.[0] ?? null);

  // r: the engine's result ("resultat" of a successful answer).
  // keep: whether the answers are kept in the page's address (the person's choice).
  // answers: [[label, answer], ...] of the form, restated on the printed sheet.
  function show(r, keep = false, answers = []) {
    const gain = r.gain_mensuel;
    const p = r.paiement;
    shownWith = [r, keep, answers];
    // The boxes the person ticked stay ticked when the checklist is redrawn.
    const ticked = new Set([...element.querySelectorAll("[data-partie=demarches] input:checked")].map((box) => box.dataset.cle));
    element.classList.remove("sim-attente");
    element.hidden = false; // before drawing the chart, which measures the section's width
    const changed = parts.update([
      ["titre", `<h2 id="sim-resultat-titre">Résultat</h2>`],
      ["reponses", `<div class="sim-reponses"><h3>Vos réponses</h3>${answers.map(([q, a]) => `<p>${esc(q)} <strong>${esc(a)}</strong></p>`).join("")}</div>`],
      ["gain", `
      <div class="sim-titre-resultat ${gain < -0.005 ? "sim-negatif" : "sim-positif"}">
        <p class="sim-gros" data-gain-mensuel="${gain}">${headline(gain)}.</p>
        ${onRequest(r)}
        <p>Soit <strong data-valeur="${r.gain_annuel}">${euros(r.gain_annuel)}</strong> sur un an, une fois comptés les cotisations et les changements de vos droits.
        Paiement : ${esc(p.forme_nom)}, ${euros(p.brut_annuel)} brut sur un an, ${euros(p.net_annuel)} reçus (${euros(p.net_mensuel)} par mois en moyenne).</p>
      </div>`],
      ["alertes", alerts(r)],
      ["droits", `
      <h3>Vos droits, un par un</h3>
      <div class="sim-tableau"><table class="sim-droits">
        <caption>Chaque droit par mois sans le paiement, avec le paiement, et l'effet moyen par mois sur un an</caption>
        <thead><tr><th scope="col">Droit</th><th scope="col">Sans le paiement</th><th scope="col">Avec le paiement</th><th scope="col">Effet moyen par mois sur un an</th><th scope="col">Statut</th></tr></thead>
        <tbody>${rows(r)}</tbody>
      </table></div>`],
      ["graphique", `<figure class="sim-graphique">${chart(r, room())}<figcaption>Vos ressources par mois en moyenne sur un an, sans et avec le paiement.</figcaption></figure>`],
      ["autres-points", moreAlerts(r)],
      ["demarches", checklist(r)],
      ["calendrier", calendarSection(r, room())],
      ["lettres", lettersSection(r)],
      ["hypotheses", assumptions(r)],
      // Filled later by decisions.js (the comparison of forms and the thresholds: other requests).
      ["comparaison", ""],
      ["seuils", ""],
      ["details", `<h3 class="sim-detail-titre">Le détail des calculs</h3>${traceDetails(r)}`],
      ["pied", `<p class="sim-pied">Calcul à la date du ${esc(date(r.date))}, avec les règles vérifiées le ${esc(date(r.regles.verifie_le))} (version ${esc(r.regles.version)}).
      Ce résultat est une estimation : seul l'organisme qui verse le droit décide. Aucune de vos réponses n'a quitté votre navigateur.</p>`],
      ["actions", `<div class="sim-actions sim-actions-resultat">
        <button type="button" class="md-button md-button--primary sim-bouton" data-action="imprimer">Imprimer cette fiche</button>
        <button type="button" class="md-button sim-bouton" data-action="partager">Copier le lien de ce calcul</button>
        <label class="sim-garder"><input type="checkbox" data-action="garder"${keep ? " checked" : ""}> Garder mes réponses dans l'adresse de la page (pour y revenir plus tard ; elles restent alors dans l'historique du navigateur)</label>
        <span class="sim-partage-etat" role="status" aria-live="polite"></span>
      </div>`],
    ]);
    onOpen.refresh(r); // the open disclosures follow the new result
    for (const box of element.querySelectorAll("[data-partie=demarches] input[data-cle]")) box.checked ||= ticked.has(box.dataset.cle);
    if (changed.some((node) => node.dataset.partie === "gain")) announce.textContent = element.querySelector(".sim-gros").textContent;
  }

  // No result yet: how many answers are still missing, or a request to correct the flagged ones.
  function showWaiting(missing) {
    shownWith = null;
    element.hidden = false;
    element.classList.add("sim-attente");
    parts.reset();
    const reste = missing ? `Encore ${missing} question${missing > 1 ? "s" : ""} à répondre pour voir le résultat.`
      : "Corrigez les réponses signalées en rouge pour voir le résultat.";
    element.innerHTML = `<h2 id="sim-resultat-titre">Résultat</h2><p class="sim-manque">${esc(reste)}</p>`;
  }

  function clear() {
    shownWith = null;
    parts.reset();
    element.hidden = true;
    element.innerHTML = "";
  }

  return { show, showPart: parts.put, showWaiting, clear, openDetails: onOpen.open, busy: onOpen.busy };
}
