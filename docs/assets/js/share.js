// Sharing a calculation: the URL fragment #s=<base64url of the situation's JSON>&d=<date> (its keys
// come from the vocabulary, "partage"; engine/share.py writes the same fragment for the worked cases),
// and the result's buttons to copy that link and to print. The fragment is never sent to a server.

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

const broken = (why) => `Ce lien de calcul est incomplet ou abîmé : ${why}.`;

// A calendar date written YYYY-MM-DD (the date field's own format).
function isDate(text) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

// keys: {situation, date}, the names of the fragment's two parameters.
export function createShare(keys) {
  // The fragment of a situation (and of a date, if given).
  function encode(situation, date) {
    return `#${keys.situation}=${toBase64Url(JSON.stringify(situation))}` + (date ? `&${keys.date}=${date}` : "");
  }

  // The page's fragment: null when it holds no situation; otherwise {situation, date, problem}, where
  // situation keeps whatever answers could be read (the form ignores unknown questions) and problem
  // says in French, for the status area, what could not be read. Never throws, whatever the link.
  function read() {
    let params;
    try { params = new URLSearchParams(location.hash.replace(/^#/, "")); } catch { return null; }
    const encoded = params.get(keys.situation);
    if (encoded === null) return null;
    const givenDate = params.get(keys.date) || "";
    const date = isDate(givenDate) ? givenDate : "";
    const dateProblem = date === givenDate ? "" : "sa date n'est pas valable, le calcul est fait pour aujourd'hui";
    let parsed;
    try { parsed = JSON.parse(fromBase64Url(encoded)); } catch { parsed = undefined; }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      const problem = ["ses réponses n'ont pas pu être lues, remplissez le formulaire", dateProblem].filter(Boolean).join(" ; ");
      return { situation: Object.create(null), date, problem: broken(problem) };
    }
    const situation = Object.create(null); // a key such as "__proto__" stays a plain answer
    for (const [qid, value] of Object.entries(parsed)) situation[qid] = value;
    return { situation, date, problem: dateProblem ? broken(dateProblem) : "" };
  }

  return { encode, read };
}

// The page's address with this fragment (or without any, when fragment is "").
export function addressWith(fragment) {
  return `${location.origin}${location.pathname}${location.search}${fragment}`;
}

// The result's buttons [data-action=imprimer] and [data-action=partager] (the result is redrawn
// often, so the click is listened to on its container). The answers go into a link only when the
// person asks for one: the browser's history never keeps them otherwise.
// fragment(): the share fragment of the answers the result shows.
export function bindResultActions(container, fragment) {
  container.addEventListener("click", async (event) => {
    const action = event.target.closest("[data-action]")?.dataset.action;
    if (action === "imprimer") window.print();
    if (action === "partager") {
      const status = container.querySelector(".sim-partage-etat");
      const link = addressWith(fragment());
      status.dataset.lien = link;
      try {
        await navigator.clipboard.writeText(link);
        status.textContent = "Lien copié : il contient vos réponses (après le #, jamais envoyé à un serveur).";
      } catch {
        status.textContent = `Copiez ce lien : ${link}`;
      }
    }
  });
}
