// Simulator page (main thread). The form is static HTML generated from the rules
// (build_scripts/simulator_page.py); this module starts the engine in a Web Worker at once,
// keeps what is typed, asks the engine which questions apply, and renders the result.
// Nothing leaves the browser: the situation is only ever put in the URL fragment (#s=...).
const NSP = "__nsp__";
const root = document.getElementById("simulateur");

const euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR", minimumFractionDigits: 2, maximumFractionDigits: 2 });
const nombre = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });
const STATUTS_PERTE = new Set(["perdu", "suspendu", "réduit", "supprimé", "à rembourser"]);
const STATUTS_RISQUE = new Set(["à vérifier", "à risque", "menacé"]);

function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
function money(value) {
  return value === null || value === undefined ? "—" : euros.format(value);
}
function signed(value) {
  if (value === null || value === undefined) return "—";
  if (Math.abs(value) < 0.005) return money(0);
  return (value > 0 ? "+\u202f" : "−\u202f") + euros.format(Math.abs(value));
}
function showValue(value) {
  if (typeof value === "boolean") return value ? "oui" : "non";
  if (typeof value === "number") return nombre.format(value);
  return String(value ?? "");
}
function frDate(iso) {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso || "";
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}
function today() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

// --- share fragment: #s=<base64url of the situation's JSON>&d=<date> ---
function toBase64Url(text) {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}
export function encodeShare(situation, date) {
  return `#s=${toBase64Url(JSON.stringify(situation))}` + (date ? `&d=${date}` : "");
}
function readShare() {
  const params = new URLSearchParams(location.hash.replace(/^#/, ""));
  if (!params.get("s")) return null;
  try {
    const situation = JSON.parse(fromBase64Url(params.get("s")));
    if (!situation || typeof situation !== "object" || Array.isArray(situation)) return null;
    return { situation, date: params.get("d") || "" };
  } catch {
    return null;
  }
}

if (root) start();

function start() {
  const form = document.getElementById("sim-form");
  const etat = document.getElementById("sim-etat");
  const resultat = document.getElementById("sim-resultat");
  const errGenerale = document.getElementById("err-generale");
  const dateInput = document.getElementById("f-date");
  const blocks = [...form.querySelectorAll(".sim-q[data-question]")].filter((b) => b.dataset.question !== "__date");
  const blockById = new Map(blocks.map((b) => [b.dataset.question, b]));
  const touched = new Set();
  let submitted = false;
  let dateTouched = false; // the share link carries the date only if the person chose one
  let engine = null; // {organismes, droits, version, verifie_le}
  let failed = false;
  let sequence = 0;
  let inflight = 0;
  let lastKey = null; // the answers whose result (or errors) the page shows
  let nextId = 1;
  const pending = new Map();

  // --- the worker, started at once ---
  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  ready.catch(() => {});
  let worker;
  try {
    worker = new Worker(new URL("./engine-worker.js", import.meta.url), { type: "module" });
    let lock = null;
    try { lock = JSON.parse(root.dataset.pyodideLock || "null"); } catch { lock = null; }
    worker.postMessage({ type: "init", pyodideLock: lock });
    worker.onmessage = (event) => {
      const data = event.data || {};
      if (data.type === "etape") {
        if (!engine && !failed) setEtat("chargement", `${data.texte} Vous pouvez déjà remplir le formulaire.`);
      } else if (data.type === "pret") {
        engine = data;
        performance.mark("simulateur-pret");
        resolveReady(data);
      } else if (data.type === "echec") {
        fail(data.message);
      } else if (pending.has(data.id)) {
        pending.get(data.id).resolve(data.response);
        pending.delete(data.id);
      }
    };
    worker.onerror = (event) => { event.preventDefault?.(); fail(event.message || "le programme de calcul n'a pas pu démarrer"); };
  } catch (error) {
    fail(error.message);
  }

  function call(request) {
    if (failed) return Promise.resolve({ ok: false, erreurs: [{ champ: "moteur", message: "le moteur de calcul n'a pas pu être chargé" }] });
    return new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, { resolve });
      worker.postMessage({ id, request });
    });
  }

  function fail(message) {
    if (failed) return;
    failed = true;
    rejectReady(new Error(message));
    for (const { resolve } of pending.values()) resolve({ ok: false, erreurs: [{ champ: "moteur", message: "le moteur de calcul n'a pas pu être chargé" }] });
    pending.clear();
    setEtat("echec", "Le moteur de calcul n'a pas pu être chargé dans ce navigateur, le simulateur ne peut donc pas calculer. "
      + "Vos réponses restent affichées. Les règles sont expliquées dans les pages "
      + '<a href="../droits/">Vos droits</a>, <a href="../formes/">Formes de paiement</a> et '
      + '<a href="../organismes/">Organismes</a>. Vous pouvez aussi essayer de recharger la page ou un autre navigateur.'
      + ` <small>(Détail technique : ${esc(message)})</small>`, true);
  }

  function setEtat(kind, text, isHtml = false) {
    etat.className = `sim-etat sim-etat-${kind}`;
    const icon = kind === "chargement" ? '<span class="sim-sablier" aria-hidden="true"></span>' : "";
    etat.innerHTML = icon + `<span>${isHtml ? text : esc(text)}</span>`;
  }

  // --- reading and filling the form ---
  function readQuestion(block) {
    const qid = block.dataset.question;
    const type = block.dataset.type;
    if (type === "choix" || type === "booleen") {
      const checked = block.querySelector(`input[type=radio][name="${qid}"]:checked`);
      if (!checked) return undefined;
      if (checked.value === NSP) return null;
      if (type === "booleen") return checked.value === "oui";
      return checked.value;
    }
    const nsp = block.querySelector("input[data-nsp]");
    if (nsp && nsp.checked) return null;
    const text = block.querySelector("input[type=text]").value.trim();
    if (!text) return undefined;
    const clean = text.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
    return /^-?\d+(\.\d+)?$/.test(clean) ? Number(clean) : text; // the engine explains what is wrong
  }

  function readSituation() {
    const situation = {};
    for (const block of blocks) {
      const value = readQuestion(block);
      if (value !== undefined) situation[block.dataset.question] = value;
    }
    return situation;
  }

  function fill(situation, date) {
    for (const [qid, value] of Object.entries(situation)) {
      const block = blockById.get(qid);
      if (!block) continue;
      const type = block.dataset.type;
      if (type === "choix" || type === "booleen") {
        const wanted = value === null ? NSP : type === "booleen" ? (value === true || value === "oui" ? "oui" : "non") : String(value);
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
    if (date) { dateInput.value = date; dateTouched = true; }
  }

  function syncNsp(block) {
    const nsp = block.querySelector("input[type=checkbox][data-nsp]");
    const input = block.querySelector("input[type=text]");
    if (nsp && input) {
      input.disabled = nsp.checked;
      block.classList.toggle("sim-q-nsp", nsp.checked);
    }
  }

  // --- relevance: which questions apply (asked to the engine; all shown until it is ready) ---
  async function updateRelevance(situation) {
    const response = await call({ action: "pertinence", situation });
    if (!response.ok) return;
    for (const [qid, shown] of Object.entries(response.pertinence)) {
      const block = blockById.get(qid);
      if (block) block.hidden = !shown;
    }
    for (const section of form.querySelectorAll("fieldset.sim-section")) {
      const questions = [...section.querySelectorAll(".sim-q[data-question]")];
      section.hidden = questions.length > 0 && questions.every((q) => q.hidden);
    }
  }

  // --- errors next to the fields ---
  function clearErrors() {
    for (const el of form.querySelectorAll(".sim-erreur")) { el.hidden = true; el.textContent = ""; }
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
    for (const el of form.querySelectorAll(".sim-q-erreur")) el.classList.remove("sim-q-erreur");
  }

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
      } else if (erreur.champ === "date") {
        const p = document.getElementById("err-date");
        p.textContent = `Date : ${erreur.message}.`;
        p.hidden = false;
        dateInput.setAttribute("aria-invalid", "true");
        firstShown ??= dateInput.closest(".sim-q");
      } else {
        general.push(erreur.message);
      }
    }
    if (general.length) {
      errGenerale.textContent = `Le calcul n'a pas pu être fait : ${general.join(" ; ")}.`;
      errGenerale.hidden = false;
    }
    return { missing, firstShown };
  }

  // --- computing ---
  async function compute({ focus = false } = {}) {
    const situation = readSituation();
    const date = dateInput.value || today();
    const mine = ++sequence;
    inflight += 1;
    let response;
    try {
      await updateRelevance(situation);
      if (mine !== sequence) return;
      response = await call({ situation, date });
      if (mine !== sequence) return;
    } finally {
      inflight -= 1;
    }
    lastKey = JSON.stringify([situation, date]);
    if (response.ok) {
      clearErrors();
      renderResult(response.resultat, situation, date);
      if (!performance.getEntriesByName("simulateur-premier-resultat").length) performance.mark("simulateur-premier-resultat");
      history.replaceState(null, "", encodeShare(situation, dateTouched ? dateInput.value : ""));
      if (focus) resultat.focus();
      return;
    }
    const { missing, firstShown } = showErrors(response.erreurs || []);
    resultat.hidden = false;
    resultat.classList.add("sim-attente");
    const reste = missing ? `Encore ${missing} question${missing > 1 ? "s" : ""} à répondre pour voir le résultat.` : "Corrigez les réponses signalées en rouge pour voir le résultat.";
    resultat.innerHTML = `<h2 id="sim-resultat-titre">Résultat</h2><p class="sim-manque">${esc(reste)}</p>`;
    if (focus && firstShown) (firstShown.querySelector("input:not([disabled])") || firstShown).focus();
  }

  let timer = null;
  function scheduleCompute(delay) {
    clearTimeout(timer);
    timer = setTimeout(() => { timer = null; if (engine) compute(); }, delay);
  }

  form.addEventListener("input", (event) => {
    const block = event.target.closest(".sim-q");
    if (block && block.dataset.question !== "__date") {
      touched.add(block.dataset.question);
      if (event.target.dataset.nsp) syncNsp(block);
    }
    if (event.target === dateInput) dateTouched = true;
    scheduleCompute(event.target.type === "text" ? 350 : 0);
  });
  form.addEventListener("change", () => scheduleCompute(0));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitted = true;
    if (failed) { etat.scrollIntoView({ block: "center" }); etat.focus?.(); return; }
    if (!engine) {
      setEtat("chargement", "Le moteur de calcul se charge encore : le résultat s'affichera tout seul dans quelques secondes.");
      return;
    }
    clearTimeout(timer);
    timer = null;
    compute({ focus: true });
  });
  form.addEventListener("reset", () => {
    clearTimeout(timer);
    timer = null;
    sequence += 1; // a result still being computed is for the old answers
    setTimeout(() => {
      touched.clear();
      submitted = false;
      dateTouched = false;
      for (const block of blocks) { block.hidden = false; syncNsp(block); }
      for (const section of form.querySelectorAll("fieldset.sim-section")) section.hidden = false;
      dateInput.value = today();
      clearErrors();
      resultat.hidden = true;
      resultat.innerHTML = "";
      history.replaceState(null, "", location.pathname + location.search);
      if (engine) updateRelevance({});
    });
  });

  // --- result rendering ---
  function statusClass(droit) {
    if (STATUTS_PERTE.has(droit.statut) || (droit.difference ?? 0) < -0.005) return "sim-perte";
    if (STATUTS_RISQUE.has(droit.statut) || droit.alertes.some((a) => a.gravite !== "info")) return "sim-risque";
    if ((droit.difference ?? 0) > 0.005) return "sim-hausse";
    return "sim-stable";
  }

  function renderResult(r, situation, date) {
    const names = engine.organismes || {};
    const body = (id) => names[id] || id || "";
    const droits = Object.entries(r.droits);
    const gain = r.gain_mensuel;
    let headline;
    if (Math.abs(gain) < 0.005) headline = "Ce paiement ne vous rapporte <strong>rien</strong> une fois vos droits recalculés";
    else if (gain > 0) headline = `Ce paiement vous rapporte vraiment <strong data-valeur="${gain}">${money(gain)}</strong> par mois`;
    else headline = `Ce paiement vous fait <strong>perdre</strong> <strong data-valeur="${gain}">${money(-gain)}</strong> par mois`;

    const rows = droits.map(([id, d]) => `
      <tr class="${statusClass(d)}" data-droit="${esc(id)}">
        <th scope="row">${esc(d.nom)}${d.sigle ? ` <abbr>(${esc(d.sigle)})</abbr>` : ""}<br><small>${esc(body(d.verse_par))}</small></th>
        <td class="sim-num" data-col="avant" data-valeur="${d.avant ?? ""}">${money(d.avant)}</td>
        <td class="sim-num" data-col="apres" data-valeur="${d.apres ?? ""}">${money(d.apres)}${d.apres_max != null && Math.abs(d.apres_max - d.apres) >= 0.005 ? ` à ${money(d.apres_max)}` : ""}</td>
        <td class="sim-num" data-col="difference" data-valeur="${d.difference ?? ""}">${signed(d.difference)}</td>
        <td data-col="statut"><span class="sim-statut">${esc(d.statut)}</span></td>
        <td data-col="effet">${esc(d.effet)}</td>
      </tr>`).join("");

    const alerts = r.alertes.length ? `<h3>À savoir</h3><ul class="sim-alertes">${r.alertes.map((a) => `
      <li class="sim-alerte sim-alerte-${esc(a.gravite)}"><span class="sim-gravite">${{ danger: "Attention, risque", attention: "À vérifier", info: "Bon à savoir" }[a.gravite] || esc(a.gravite)}</span>
      ${esc(a.texte)}${a.droit && r.droits[a.droit] ? ` <small>(${esc(r.droits[a.droit].sigle || r.droits[a.droit].nom)})</small>` : ""}</li>`).join("")}</ul>` : "";

    const byBody = new Map();
    for (const step of r.demarches) {
      if (!byBody.has(step.organisme)) byBody.set(step.organisme, []);
      byBody.get(step.organisme).push(step);
    }
    const checklist = byBody.size ? `<h3>À déclarer, à demander</h3><div class="sim-demarches">${[...byBody].map(([org, steps]) => `
      <div class="sim-organisme"><h4>${esc(body(org))}</h4><ul>${steps.map((s) => `
        <li><label><input type="checkbox"> <span><strong>${esc(s.quoi)}</strong> — ${esc(s.quand)}${s.droit && r.droits[s.droit] ? ` <small>(${esc(r.droits[s.droit].sigle || r.droits[s.droit].nom)})</small>` : ""}</span></label></li>`).join("")}
      </ul></div>`).join("")}</div>` : "";

    const hypotheses = r.hypotheses.length ? `<h3>Ce que le calcul a supposé</h3><ul class="sim-hypotheses">${r.hypotheses.map((h) => `
      <li><strong>${esc(h.libelle)}</strong> : ${esc(h.explication || showValue(h.valeur))}</li>`).join("")}</ul>` : "";

    const traces = droits.map(([id, d]) => `
      <details class="sim-trace" data-droit="${esc(id)}"><summary>Comment c'est calculé : ${esc(d.nom)}</summary>
        <p>${esc(d.traitement_paiement?.texte || "")}</p>
        <div class="sim-trace-colonnes">
          ${traceList("Sans le paiement", d.trace.avant)}
          ${traceList("Avec le paiement", d.trace.apres)}
        </div>
        <p><a href="../droits/${encodeURIComponent(id)}/">Tout sur ce droit : ${esc(d.nom)}</a></p>
      </details>`).join("");

    const p = r.paiement;
    resultat.classList.remove("sim-attente");
    resultat.hidden = false;
    resultat.innerHTML = `
      <h2 id="sim-resultat-titre">Résultat</h2>
      <div class="sim-titre-resultat ${gain < -0.005 ? "sim-negatif" : "sim-positif"}">
        <p class="sim-gros" data-gain-mensuel="${gain}">${headline}.</p>
        <p>Soit <strong data-valeur="${r.gain_annuel}">${money(r.gain_annuel)}</strong> sur un an, une fois comptés les cotisations et les changements de vos droits.
        Paiement : ${esc(p.forme_nom)}, ${money(p.brut_annuel)} brut sur un an, ${money(p.net_annuel)} reçus (${money(p.net_mensuel)} par mois en moyenne).</p>
      </div>
      ${alerts}
      <h3>Vos droits, un par un</h3>
      <div class="sim-tableau"><table class="sim-droits">
        <caption>Montants mensuels de chaque droit sans puis avec le paiement</caption>
        <thead><tr><th scope="col">Droit</th><th scope="col">Sans le paiement</th><th scope="col">Avec le paiement</th><th scope="col">Différence</th><th scope="col">Statut</th><th scope="col">Quand</th></tr></thead>
        <tbody>${rows}</tbody>
      </table></div>
      <figure class="sim-graphique">${chart(r)}<figcaption>Vos ressources par mois, sans et avec le paiement (droit par droit).</figcaption></figure>
      ${checklist}
      ${hypotheses}
      <h3>Le détail des calculs</h3>
      ${traces}
      <p class="sim-pied">Calcul à la date du ${esc(frDate(r.date))}, avec les règles vérifiées le ${esc(frDate(r.regles.verifie_le))} (version ${esc(r.regles.version)}).
      Ce résultat est une estimation : seul l'organisme qui verse le droit décide. Aucune de vos réponses n'a quitté votre navigateur.</p>
      <div class="sim-actions sim-actions-resultat">
        <button type="button" class="md-button md-button--primary sim-bouton" data-action="imprimer">Imprimer cette fiche</button>
        <button type="button" class="md-button sim-bouton" data-action="partager">Copier le lien de ce calcul</button>
        <span class="sim-partage-etat" role="status" aria-live="polite"></span>
      </div>`;
  }

  function traceList(title, steps) {
    if (!steps || !steps.length) return `<div><h4>${esc(title)}</h4><p>Ce droit ne s'applique pas.</p></div>`;
    return `<div><h4>${esc(title)}</h4><ol>${steps.map((s) => `
      <li><span class="sim-etape">${esc(s.libelle)} : <strong>${esc(showValue(s.valeur))}</strong></span>
        <code class="sim-formule">${esc(s.formule)}</code>
        ${s.parametres.length ? `<ul class="sim-parametres">${s.parametres.map((q) => `
          <li>${esc(q.libelle)} : ${esc(showValue(q.valeur))} (depuis le ${esc(frDate(q.depuis))})${q.source ? ` — source : ${q.source.url ? `<a href="${esc(q.source.url)}" rel="noopener">${esc(q.source.titre)}</a>` : esc(q.source.titre)}` : ""}</li>`).join("")}</ul>` : ""}
      </li>`).join("")}</ol></div>`;
  }

  // Horizontal grouped bars: each right without / with the payment, then the payment, then the total.
  function chart(r) {
    const groups = Object.values(r.droits).filter((d) => d.avant !== null && d.apres !== null)
      .map((d) => ({ label: d.sigle || d.nom, avant: d.avant, apres: d.apres }));
    groups.push({ label: "Paiement (net)", avant: 0, apres: r.paiement.net_mensuel });
    const total = { label: "Total", avant: 0, apres: 0 };
    for (const g of groups) { total.avant += g.avant; total.apres += g.apres; }
    groups.push(total);
    const max = Math.max(1, ...groups.map((g) => Math.max(g.avant, g.apres)));
    // The drawing's width follows the screen so that its text keeps a readable size on a phone.
    const width = Math.round(Math.max(320, Math.min(640, resultat.clientWidth || 640)));
    const labelW = width < 480 ? 110 : 170, valueW = 100, barH = 20, gap = 4, groupGap = 16;
    const plot = width - labelW - valueW;
    let y = 28;
    const parts = [
      `<rect x="${width < 480 ? 0 : labelW}" y="4" width="14" height="14" class="sim-barre-avant"/><text x="${(width < 480 ? 0 : labelW) + 20}" y="16">Sans le paiement</text>`,
      `<rect x="${(width < 480 ? 0 : labelW) + 150}" y="4" width="14" height="14" class="sim-barre-apres"/><text x="${(width < 480 ? 0 : labelW) + 170}" y="16">Avec le paiement</text>`,
    ];
    for (const g of groups) {
      parts.push(`<text x="0" y="${y + barH + 2}" class="sim-barre-libelle${g === total ? " sim-barre-total" : ""}">${esc(g.label.length > (width < 480 ? 13 : 20) ? `${g.label.slice(0, width < 480 ? 12 : 19)}…` : g.label)}</text>`);
      for (const [key, cls] of [["avant", "sim-barre-avant"], ["apres", "sim-barre-apres"]]) {
        const w = Math.max(0, (g[key] / max) * plot);
        parts.push(`<rect x="${labelW}" y="${y}" width="${w.toFixed(1)}" height="${barH}" rx="2" class="${cls}"><title>${esc(g.label)}, ${key === "avant" ? "sans" : "avec"} le paiement : ${money(g[key])}</title></rect>`);
        parts.push(`<text x="${(labelW + w + 6).toFixed(1)}" y="${y + barH - 4}" class="sim-barre-valeur">${money(g[key])}</text>`);
        y += barH + gap;
      }
      y += groupGap;
    }
    const summary = groups.map((g) => `${g.label} : ${money(g.avant)} sans, ${money(g.apres)} avec`).join(" ; ");
    return `<svg class="sim-svg" viewBox="0 0 ${width} ${y}" role="img" aria-label="${esc(summary)}" xmlns="http://www.w3.org/2000/svg">${parts.join("")}</svg>`;
  }

  resultat.addEventListener("click", async (event) => {
    const action = event.target.closest("[data-action]")?.dataset.action;
    if (action === "imprimer") window.print();
    if (action === "partager") {
      const status = resultat.querySelector(".sim-partage-etat");
      try {
        await navigator.clipboard.writeText(location.href);
        status.textContent = "Lien copié : il contient vos réponses (après le #, jamais envoyé à un serveur).";
      } catch {
        status.textContent = `Copiez ce lien : ${location.href}`;
      }
    }
  });

  // --- start: restore a shared situation, then compute as soon as the engine is ready ---
  const shared = readShare();
  if (shared) fill(shared.situation, shared.date);
  if (!dateInput.value) dateInput.value = today();
  for (const block of blocks) syncNsp(block);

  ready.then((info) => {
    setEtat("pret", `Moteur de calcul prêt (règles vérifiées le ${frDate(info.verifie_le)}).`);
    compute();
  }, () => {});

  window.addEventListener("hashchange", () => {
    const again = readShare();
    if (again && engine) { fill(again.situation, again.date); compute(); }
  });

  // Test and benchmark hook (no data leaves the page).
  window.__simulateur = {
    ready: ready.then(() => true),
    simulate: async (request) => { await ready; return call(request); },
    readSituation,
    // True when the page shows the result of the answers currently in the form.
    settled: () => Boolean(engine) && timer === null && inflight === 0
      && lastKey === JSON.stringify([readSituation(), dateInput.value || today()]),
    encodeShare,
    get engine() { return engine; },
    get failed() { return failed; },
  };
}
