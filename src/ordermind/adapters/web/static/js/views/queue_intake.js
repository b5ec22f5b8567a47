// Intake documents waiting for a person: the original (its text, or each page of a PDF
// or scan as an image) beside what was read from it, each field with its confidence and
// the doubtful ones highlighted; correct the lines and resolve. A corrected buyer part
// number is learned: the next document with it matches at once.

import { api, post } from "../api.js";
import { can } from "../session.js";
import { card, h, pct, say, table, when } from "../dom.js";
import { confirmAction } from "../confirm.js";

const SURE = 0.85;  // below this a field is highlighted for a look

function original(doc) {
  if (doc.pages && doc.pages.length) {
    return doc.pages.map((p) => h("img", { class: "page-image", src: p.url, alt: `Page ${p.number} of the original document` }));
  }
  const o = doc.original || {};
  return o.encoding === "utf-8" ? h("pre", { class: "original", tabindex: "0" }, o.text)
    : h("p", { class: "muted" }, "The original is binary and has no page images.");
}

function conf(value) {
  return value == null ? "" : h("span", { class: "badge" }, pct(value));
}

function matchNote(line) {
  const m = (line.meta || {}).match || {};
  if (m.method === "xref") return "learned part number";
  return m.method ? `${m.method}${m.score != null ? ` ${pct(m.score)}` : ""}` : "";
}

function parseForm(doc, products, rerender) {
  const p = doc.parsed || {};
  const fc = p.field_confidence || {};
  const mayResolve = can("intake:review") && doc.status === "review";
  // the header fields a person may correct (on a PDF or scan each also teaches the layout)
  const po = h("input", { name: "po_number", form: "resolve-form", value: p.po_number || "", size: 14,
    "aria-label": "PO number", disabled: !mayResolve });
  const issued = h("input", { name: "issue_date", form: "resolve-form", type: "date", value: p.issue_date || "",
    "aria-label": "Issue date", disabled: !mayResolve });
  const header = [["PO number", po, fc.po_number], ["Buyer", (p.buyer || {}).id, fc.buyer_id],
    ["Ship to", Object.values(p.ship_to || {}).filter(Boolean).join(", "), fc.ship_to], ["Issue date", issued, fc.issue_date]];
  const head = table(["Field", "Read as", "Confidence"], header.map(([k, v, c]) => [k, v || "–", conf(c)]),
    { rowAttrs: (i) => ({ class: header[i][2] != null && header[i][2] < SURE ? "low-confidence" : null }) });
  const list = h("datalist", { id: "skus" }, products.map((s) => h("option", { value: s.sku }, s.name)));
  const inputs = [];
  const rows = (p.lines || []).map((ln, i) => {
    const low = (ln.field_confidence || {}).sku;
    const sku = h("input", { name: `sku-${i}`, value: ln.sku || "", list: "skus", size: 10, required: true,
      "aria-label": `SKU for line ${ln.line_id}`, disabled: !mayResolve });
    const qty = h("input", { name: `qty-${i}`, type: "number", min: 1, value: ln.quantity ?? "", size: 5,
      "aria-label": `Quantity for line ${ln.line_id}`, disabled: !mayResolve });
    inputs.push({ line: ln, sku, qty });
    return [ln.line_id, ln.buyer_item_id || "–", ln.description || "–", qty, sku, conf(ln.confidence), matchNote(ln)];
  });
  const lines = table(["Line", "Buyer part", "Description", "Quantity", "SKU", "Confidence", "Matched by"], rows,
    { rowAttrs: (i) => ({ class: (p.lines[i].confidence ?? 1) < SURE ? "low-confidence" : null }) });
  const form = h("form", { id: "resolve-form", "aria-label": "Correct the document" }, list, lines,
    mayResolve ? h("div", { class: "actions" }, h("button", { type: "submit", class: "primary" }, "Resolve and place the order")) : null);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const corrections = inputs.map(({ line, sku, qty }) => ({ line_id: line.line_id, sku: sku.value.trim(),
      ...(Number(qty.value) !== line.quantity ? { quantity: Number(qty.value) } : {}) }));
    const fields = {};
    if (po.value.trim() && po.value.trim() !== (p.po_number || "")) fields.po_number = po.value.trim();
    if (issued.value && issued.value !== (p.issue_date || "")) fields.issue_date = issued.value;
    const answer = await confirmAction("Resolve the document", `Place the order from ${doc.filename || `document ${doc.id}`} with these lines? The corrected part numbers are remembered.`);
    if (answer === null) return;
    try {
      const out = await post(`/v1/intake/documents/${doc.id}/resolve`,
        { lines: corrections, ...(Object.keys(fields).length ? { fields } : {}) });
      say(`Resolved: order ${out.order_id}`);
      rerender();
    } catch (err) { say(err.message); }
  });
  return [h("h3", {}, "Header"), head, h("h3", {}, "Lines"), form];
}

async function detail(container, id, rerender) {
  const [doc, products] = await Promise.all([api(`/v1/intake/documents/${id}`),
    can("products:read") ? api("/v1/products?limit=200") : Promise.resolve({ items: [] })]);
  container.append(h("p", {}, h("a", { href: "#/queues/intake" }, "← Documents to review")),
    card(`Document ${doc.id}: ${doc.filename || doc.format}`,
      h("p", {}, `${doc.format} from ${doc.channel}, ${when(doc.created_at)} — ${doc.status}`,
        doc.order_id ? [" — ", h("a", { href: `#/orders/${doc.order_id}` }, `order ${doc.order_id}`)] : null),
      doc.reasons.length ? h("ul", {}, doc.reasons.map((r) => h("li", {}, r))) : null),
    h("div", { class: "grid2" },
      card("Original", original(doc)),
      card("As read", parseForm(doc, products.items, rerender))));
}

export async function render(container, { parts, rerender }) {
  if (parts[2]) return detail(container, parts[2], rerender);
  const { items } = await api("/v1/intake/documents?status=review&limit=100");
  const rows = items.map((d) => [h("a", { href: `#/queues/intake/${d.id}` }, d.filename || `document ${d.id}`),
    d.format, d.channel, d.po_number || "–", pct(d.confidence), d.reasons.slice(0, 2).join("; "), when(d.created_at)]);
  container.append(card("Documents to review", items.length
    ? table(["Document", "Format", "Channel", "PO", "Confidence", "Why", "Received"], rows, { rowAttrs: (n) => ({ dataset: { doc: items[n].id } }) })
    : h("p", { class: "empty", id: "intake-empty" }, "No document waits for review.")));
}
