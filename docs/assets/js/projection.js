// The projection mode's controls (every page, extra_javascript): a toggle button in the header and,
// while the mode is on, a bar with « se souvenir sur cet appareil » and « quitter ». The class on
// <html> is set before the first paint by projection-early.js; the look is in stylesheets/projection.css.
// Nothing is stored unless the box is ticked; without it, the mode follows the links of the site
// (?projection is added to them when they are followed) and ends when the tab is closed.

const KEY = "pp-projection";
const root = document.documentElement;

function remembered() {
  try { return localStorage.getItem(KEY) === "1"; } catch { return false; }
}

function remember(yes) {
  try {
    if (yes) localStorage.setItem(KEY, "1");
    else localStorage.removeItem(KEY);
  } catch { /* storage refused: the mode simply is not remembered */ }
}

const isOn = () => root.classList.contains("projection");

function button() {
  const toggle = document.createElement("button");
  toggle.type = "button";
  toggle.className = "projection-bascule";
  toggle.textContent = "Projection";
  toggle.title = "Mode projection : grands caractères, fort contraste, sans menus latéraux";
  return toggle;
}

function bar() {
  const region = document.createElement("div");
  region.className = "projection-barre";
  region.setAttribute("role", "region");
  region.setAttribute("aria-label", "Mode projection");
  const title = document.createElement("strong");
  title.textContent = "Mode projection";
  const label = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.className = "projection-souvenir";
  label.append(box, " Se souvenir sur cet appareil");
  const quit = document.createElement("button");
  quit.type = "button";
  quit.className = "projection-quitter";
  quit.textContent = "Quitter la projection";
  region.append(title, label, quit);
  return { region, box, quit };
}

function setUp() {
  const header = document.querySelector(".md-header__inner");
  if (!header) return;
  const toggle = button();
  const search = header.querySelector(".md-search") || header.querySelector(".md-header__source");
  header.insertBefore(toggle, search);
  const controls = bar();
  const main = document.querySelector(".md-main") || document.body;
  main.parentNode.insertBefore(controls.region, main);

  function show() {
    const on = isOn();
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    controls.region.hidden = !on;
    controls.box.checked = on && remembered();
  }
  function set(on) {
    root.classList.toggle("projection", on);
    if (!on) remember(false);
    show();
  }
  toggle.addEventListener("click", () => set(!isOn()));
  controls.quit.addEventListener("click", () => { set(false); toggle.focus(); });
  controls.box.addEventListener("change", () => remember(controls.box.checked && isOn()));
  show();

  // Following a link of the site keeps the mode (when it is not remembered) through the address.
  document.addEventListener("click", (event) => {
    const anchor = event.target.closest && event.target.closest("a[href]");
    if (!anchor || !isOn() || remembered() || anchor.origin !== location.origin) return;
    if (anchor.pathname === location.pathname && anchor.hash) return;
    const target = new URL(anchor.href);
    target.searchParams.set("projection", "1");
    anchor.href = target.href;
  });
}

setUp();
