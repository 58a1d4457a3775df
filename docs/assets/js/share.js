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

// keys: {situation, date}, the names of the fragment's two parameters.
export function createShare(keys) {
  // The fragment of a situation (and of a date, if given).
  function encode(situation, date) {
    return `#${keys.situation}=${toBase64Url(JSON.stringify(situation))}` + (date ? `&${keys.date}=${date}` : "");
  }

  // The situation and date of the page's fragment, or null when it holds none (or a broken one).
  function read() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    const encoded = params.get(keys.situation);
    if (!encoded) return null;
    try {
      const situation = JSON.parse(fromBase64Url(encoded));
      if (!situation || typeof situation !== "object" || Array.isArray(situation)) return null;
      return { situation, date: params.get(keys.date) || "" };
    } catch {
      return null;
    }
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
