// Projection mode before the first paint: written inline in <head> by overrides/main.html (its hash
// is in the page's policy: build_scripts/csp.py), it only sets the class "projection" on <html>.
// On with ?projection in the address (off with ?projection=0), otherwise only if the person ticked
// « se souvenir » (localStorage, key below).
// The toggle, the « se souvenir » box and the links that keep the mode: projection.js.
(function () {
  var KEY = "pp-projection";
  var asked = new URLSearchParams(window.location.search).get("projection");
  var on = false;
  if (asked !== null) {
    on = asked !== "0" && asked !== "non";
  } else {
    try { on = window.localStorage.getItem(KEY) === "1"; } catch (e) { on = false; }
  }
  if (on) document.documentElement.classList.add("projection");
})();
