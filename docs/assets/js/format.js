// French formatting of numbers, amounts and dates: the one formatter of the page script, twin of
// engine/fr.py, so that the simulator writes a figure as the guide's pages and the engine's texts do.
// Thousands are separated by a narrow no-break space (U+202F), decimals by a comma.
const THOUSANDS = "\u202f";
const NBSP = "\u00a0";
const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
  "novembre", "décembre"];

// Text put in HTML.
export function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// 1234.5 -> "1 234,5" (at most maxDecimals, trailing zeros dropped); with decimals = 2 -> "1 234,50";
// booleans -> "oui" / "non"; text as it is; nothing -> "".
export function number(value, decimals = null, maxDecimals = 4) {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "oui" : "non";
  if (typeof value !== "number") return String(value);
  let text = value.toFixed(decimals ?? maxDecimals);
  if (decimals === null) text = text.replace(/\.?0+$/, "");
  // No "-0,00"; otherwise the typographic minus sign U+2212, as engine/fr.py writes it.
  if (text.startsWith("-")) text = /[1-9]/.test(text) ? `\u2212${text.slice(1)}` : text.slice(1);
  const [whole, fraction] = text.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, THOUSANDS);
  return fraction === undefined ? grouped : `${grouped},${fraction}`;
}

// "1 234,50 €" (always two decimals); "—" when there is no amount.
export function euros(value) {
  if (value === null || value === undefined) return "—";
  return `${number(value, 2)}${NBSP}€`;
}

// "+12,00 €", "−12,00 €", "0,00 €".
export function signedEuros(value) {
  if (value === null || value === undefined) return "—";
  if (Math.abs(value) < 0.005) return euros(0);
  return (value > 0 ? "+" : "−") + euros(Math.abs(value));
}

// "2026-04-01" -> "1er avril 2026" (anything else is returned as it is).
export function date(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? "");
  if (!match) return String(iso ?? "");
  const [year, month, day] = match.slice(1).map(Number);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return iso;
  return `${day === 1 ? "1er" : day} ${MONTHS[month - 1]} ${year}`;
}

// Today in the person's time zone, as AAAA-MM-JJ (the value of a date field).
export function isoToday() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}
