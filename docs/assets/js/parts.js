// Render only what changed. A region of the page (the result section) shows a fixed list of parts,
// each in its own <div data-partie="KEY">. update([[key, html], ...]) gives every part its new HTML
// and touches a part's element only when that HTML differs from the one it shows: an unchanged part
// keeps its nodes (ticked boxes, open <details>, focus) and costs the browser no layout.
// A part with nothing to show gets "" (its element stays, empty). Another list of keys (or the
// region emptied by someone else) rebuilds every element.
export function createParts(region) {
  let keys = "";
  let parts = new Map(); // key -> { node, html }

  // The elements whose HTML changed, in the list's order.
  function update(list) {
    const wanted = list.map(([key]) => key).join(" ");
    const first = parts.values().next().value;
    if (wanted !== keys || !first || first.node.parentNode !== region) {
      parts = new Map(list.map(([key]) => {
        const node = document.createElement("div");
        node.dataset.partie = key;
        return [key, { node, html: null }];
      }));
      region.replaceChildren(...[...parts.values()].map((part) => part.node));
      keys = wanted;
    }
    const changed = [];
    for (const [key, html] of list) {
      const part = parts.get(key);
      if (part.html === html) continue;
      part.node.innerHTML = html;
      part.html = html;
      changed.push(part.node);
    }
    return changed;
  }

  // One part's new HTML, when it comes later than the others (e.g. from a second request to the
  // engine); its slot must be in the list given to update(). True when the part changed.
  function put(key, html) {
    const part = parts.get(key);
    if (!part || part.node.parentNode !== region || part.html === html) return false;
    part.node.innerHTML = html;
    part.html = html;
    return true;
  }

  // Forget the parts (the region is about to show something else).
  function reset() {
    keys = "";
    parts = new Map();
  }

  return { update, put, reset };
}
