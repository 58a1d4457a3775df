// Disclosures built only when opened: most people never open them, and they are the largest part of
// the result (the calculation steps of each right, each letter, the chart's figures). Each kind of
// <details> holds an empty box that is filled from the result shown when it opens, emptied when it
// closes, and follows a new result while it stays open. A kind's build may return a promise (the
// calculation steps come from another answer of the engine): its box is filled when it resolves,
// unless a newer result has come meanwhile.
// kinds: [{ details: "details.sim-trace", box: ".sim-trace-colonnes", build: (details, r) => html }]
const built = new WeakMap(); // box -> the HTML it shows

// region: the element holding the result; current(): the result shown (null when none).
export function createOnOpen(region, kinds, current) {
  let waiting = 0; // boxes waiting for a promised build

  async function fill(details, kind, r) {
    const box = details.querySelector(kind.box);
    if (!box) return;
    let html = details.open && r ? kind.build(details, r) : "";
    if (typeof html !== "string") {
      waiting += 1;
      try { html = await html; } finally { waiting -= 1; }
      if (current() !== r || !details.open) return; // a newer result, or closed: its own fill decides
    }
    if ((built.get(box) ?? "") !== html) {
      box.innerHTML = html;
      built.set(box, html);
    }
  }

  region.addEventListener("toggle", (event) => { // "toggle" does not bubble
    const kind = kinds.find((k) => event.target.matches?.(k.details));
    if (kind) fill(event.target, kind, current());
  }, true);
  // After a new result: the open ones show it, the closed ones stay empty.
  function refresh(r) {
    for (const kind of kinds) for (const details of region.querySelectorAll(kind.details)) fill(details, kind, r);
  }
  // Fills one at once (a link that opens it and moves the focus into it).
  function open(details) {
    details.open = true;
    const kind = kinds.find((k) => details.matches(k.details));
    if (kind) fill(details, kind, current());
  }
  return { refresh, open, busy: () => waiting > 0 };
}
