// Small DOM helpers. Text always goes in as text (never innerHTML): order data comes from
// customers, partners and documents.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Amounts are minor units by the currency's exponent (JPY has none, KWD three): the
// browser's own currency data says how many digits.
function digitsOf(currency) {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits;
  } catch { return 2; }
}
export function money(minor, currency) {
  if (minor == null) return "–";
  const digits = digitsOf(currency || "EUR");
  return `${(minor / 10 ** digits).toFixed(digits)} ${currency || ""}`.trim();
}
export const pct = (v) => (v == null ? "–" : `${(v * 100).toFixed(1)}%`);
export const when = (iso) => (iso ? new Date(iso).toLocaleString() : "–");
export const day = (iso) => (iso ? String(iso).slice(0, 10) : "–");
export const words = (s) => String(s ?? "").replaceAll("_", " ");

/** A table with a header row; `rows` are arrays of cells (text or nodes). Columns are
 *  labelled per cell so the narrow layout can show them stacked. */
export function table(headers, rows, { caption, className = "responsive", rowAttrs } = {}) {
  const head = h("thead", {}, h("tr", {}, headers.map((t) => h("th", { scope: "col" }, t))));
  const body = h("tbody", {}, rows.map((cells, i) =>
    h("tr", rowAttrs ? rowAttrs(i) : {}, cells.map((c, j) => h("td", { "data-label": headers[j] }, c)))));
  return h("div", { class: "scroll" },
    h("table", { class: className }, caption ? h("caption", { class: "muted" }, caption) : null, head, body));
}

/** A card section with a heading. */
export function card(title, ...children) {
  const id = `h-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  return h("section", { class: "card", "aria-labelledby": id }, h("h2", { id }, title), children);
}

export function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.filter(Boolean).map(([k, v]) => [h("dt", {}, k), h("dd", {}, v ?? "–")]));
}

let statusTimer = 0;
export function say(text) {
  const el = document.getElementById("status");
  el.replaceChildren(h("span", {}, text));
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => el.replaceChildren(), 6000);
}
