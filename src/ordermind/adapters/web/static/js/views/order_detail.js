// One order, everything it carries: lines with their quantity buckets, the sourcing
// decision and its costs, the promise, holds and risk, shipments, invoices, returns, the
// customer notifications, outbound documents and the timeline of who did what, when, why.

import { api } from "../api.js";
import { can } from "../session.js";
import { card, day, facts, h, money, pct, table, when, words } from "../dom.js";
import { holdActions, lineCancel, orderActions } from "./order_actions.js";

const BUCKETS = ["ordered", "allocated", "backordered", "released", "shipped", "delivered", "cancelled", "returned"];
const DOCUMENTS = [["x12-855", "X12 855 acknowledgement"], ["ubl-order-response", "UBL order response"],
  ["x12-856", "X12 856 ship notice", "shipments"], ["x12-810", "X12 810 invoice", "invoices"]];

function summary(o) {
  const risk = o.delay_risk;
  return card(`Order ${o.number}`, facts([
    ["Status", h("span", { class: `status-${o.status}` }, words(o.status))],
    ["Channel", o.channel],
    ["Customer", `${o.customer.name || ""} <${o.customer.email || "–"}>`],
    ["Ship to", [o.ship_to.name, o.ship_to.line1, o.ship_to.postal_code, o.ship_to.city, o.ship_to.country].filter(Boolean).join(", ")],
    ["Total", money(o.total, o.currency)],
    ["Placed", when(o.created_at)],
    ["Requested by", day(o.requested_delivery_date)],
    ["Promised for", day(o.promised_delivery_date)],
    risk ? ["Late risk", `${pct(risk.late_probability)} — ${(risk.top_factors || []).join("; ")}`] : null,
    o.priority ? ["Priority", `${o.priority.score} (${o.priority.policy}): ${o.priority.explanation.join("; ")}`] : null,
  ]), orderActions(o));
}

function lines(o) {
  const rows = o.lines.map((l) => [
    l.sku, money(l.unit_price, o.currency), words(l.status),
    ...BUCKETS.map((b) => String(l[b])),
    l.allocations.map((a) => `${a.node}: ${a.quantity}`).join(", ") || "–",
    lineCancel(o, l),
  ]);
  return card("Lines", table(["SKU", "Price", "Status", ...BUCKETS, "Nodes", ""], rows,
    { rowAttrs: (i) => ({ dataset: { sku: o.lines[i].sku } }) }));
}

function costTable(cost, currency) {
  if (!cost) return null;
  const parts = Object.entries(cost).filter(([k]) => !["packages", "carbon_kg"].includes(k));
  return table(["Cost part", "Amount"], parts.map(([k, v]) => [words(k), money(v, currency)]), { className: "" });
}

function alternatives(rejected, currency) {
  if (!rejected.length) return h("p", { class: "muted" }, "None: no other node could take it.");
  const rows = rejected.map((r) => (typeof r === "string" ? [r, "–", "–", "–", "–"]
    : [(r.nodes || []).join(" + ") || "–", r.cost != null ? money(r.cost, currency) : "–", day(r.promised_date),
       r.distance_km != null ? `${r.distance_km} km` : "–", r.reason || "–"]));
  return table(["Nodes", "Cost", "Promise", "Distance", "Why not"], rows);
}

function eventData(data) {
  if (!data) return null;
  const list = data.allocations || data.lines;
  if (!Array.isArray(list)) return null;
  return h("div", { class: "muted" }, list.map((x) => `${x.quantity}× ${x.sku || `line ${x.line_no}`}${x.node ? ` at ${x.node}` : ""}`).join(", "));
}

function sourcing(o) {
  const s = o.sourcing;
  if (!s) return card("Sourcing", h("p", { class: "empty" }, "Not sourced yet."));
  const rejected = s.rejected || [];
  return card("Sourcing decision",
    facts([
      ["Strategy", s.strategy], ["Why", s.rule], ["Chosen", (s.chosen || []).join(", ")],
      ["Distance", s.distance_km != null ? `${s.distance_km} km` : "–"],
      ["Promise", `${day(s.promised_date)} (${s.service_level || "–"})`],
      ["Packages", s.cost ? String(s.cost.packages) : "–"],
      ["Carbon", s.cost && s.cost.carbon_kg != null ? `${s.cost.carbon_kg} kg` : "–"],
      s.flags && s.flags.length ? ["Flags", s.flags.join(", ")] : null,
    ]),
    h("h3", {}, "Cost breakdown"), costTable(s.cost, o.currency),
    h("h3", {}, "Rejected alternatives"),
    s.runner_up ? h("p", {}, `Runner-up: ${Array.isArray(s.runner_up) ? s.runner_up.join(" + ") : s.runner_up}`) : null,
    alternatives(rejected, o.currency));
}

function holdsAndRisk(o) {
  const r = o.risk || {};
  const rows = o.holds.map((x) => [words(x.reason), x.note || "–", x.active ? "active" : "released",
    `${x.placed_by} ${when(x.placed_at)}`, x.released_at ? `${x.released_by} ${when(x.released_at)}: ${x.resolution || ""}` : "–",
    holdActions(o, x)]);
  return card("Holds and risk",
    facts([["Screen", `${r.action || "–"} (score ${r.score ?? "–"})`],
      ["Top factors", (r.reasons || []).join("; ") || "none"],
      ["Rules fired", (r.rules || []).map((x) => (typeof x === "string" ? x : x.rule || JSON.stringify(x))).join("; ") || "none"],
      ["Model", r.model_version ? r.model_version : (r.fallback_used ? "rules (fallback)" : "rules")]]),
    rows.length ? table(["Reason", "Note", "State", "Placed", "Released", ""], rows) : h("p", { class: "muted" }, "No holds."));
}

function timeline(events) {
  return card("Timeline", h("ol", { class: "timeline", id: "timeline" }, events.map((e) =>
    h("li", {}, h("strong", {}, words(e.type.replace("order.", ""))), " ",
      h("span", { class: "when" }, `${when(e.at)} · ${e.actor}`),
      e.status_before || e.status_after ? h("div", {}, `${words(e.status_before || "–")} → ${words(e.status_after || "–")}`) : null,
      e.reason ? h("div", {}, `Why: ${e.reason}`) : null, eventData(e.data)))));
}

function fulfilment(o, invoices) {
  const ships = o.shipments.map((s) => [s.id, s.node, `${s.carrier} ${s.service || ""}`, s.tracking || "–",
    s.lines.map((l) => `${l.quantity}× ${l.sku}`).join(", "), when(s.shipped_at), when(s.delivered_at)]);
  const invs = invoices.map((i) => [i.number, money(i.subtotal, i.currency), money(i.tax, i.currency), money(i.total, i.currency), when(i.issued_at)]);
  const rets = o.returns.map((r) => [r.id, words(r.status), r.lines.map((l) => `${l.quantity}× ${l.sku}${l.reason ? ` (${l.reason})` : ""}`).join(", "), money(r.refund_amount, o.currency)]);
  return card("Shipments, invoices and returns",
    h("h3", {}, "Shipments"), ships.length ? table(["Shipment", "Node", "Carrier", "Tracking", "Lines", "Shipped", "Delivered"], ships) : h("p", { class: "muted" }, "Nothing shipped yet."),
    h("h3", {}, "Invoices"), invs.length ? table(["Number", "Subtotal", "Tax", "Total", "Issued"], invs) : h("p", { class: "muted" }, "No invoices yet."),
    h("h3", {}, "Returns"), rets.length ? table(["RMA", "Status", "Lines", "Refund"], rets) : h("p", { class: "muted" }, "No returns."));
}

function notifications(n) {
  const sent = (n.items || []).map((m) => [m.title || words(m.milestone), m.channel || "–",
    [words(m.status), m.reason || m.last_error].filter(Boolean).join(": "), when(m.sent_at || m.created_at)]);
  const planned = (n.milestones || []).map((m) => [words(m.milestone), words(m.status), when(m.created_at)]);
  return card("Customer notifications",
    sent.length ? table(["Message", "Through", "Status", "When"], sent) : h("p", { class: "muted" }, "No message sent yet."),
    planned.length ? [h("h3", {}, "Milestones"), table(["Milestone", "Status", "When"], planned)] : null);
}

function documents(o) {
  const links = DOCUMENTS.filter(([, , needs]) => !needs || o[needs].length)
    .map(([kind, label]) => h("li", {}, h("a", { href: `/v1/orders/${o.id}/documents/${kind}`, target: "_blank", rel: "noopener" }, label)));
  return card("Outbound documents", h("ul", {}, links));
}

export async function render(container, { parts, rerender }) {
  const id = parts[1];
  const optional = (perm, path, empty) => (can(perm) ? api(path) : Promise.resolve(empty));
  const [order, events, invoices, notes, nodes] = await Promise.all([
    api(`/v1/orders/${id}`), api(`/v1/orders/${id}/events`),
    optional("fulfilment:read", `/v1/orders/${id}/invoices`, { items: [] }),
    optional("notifications:read", `/v1/orders/${id}/notifications`, null),
    can("orders:operate") ? optional("nodes:read", "/v1/nodes", { items: [] }) : Promise.resolve({ items: [] }),
  ]);
  order.rerender = rerender;
  order.nodes = nodes.items;
  container.append(
    h("p", {}, h("a", { href: "#/orders" }, "← All orders")),
    summary(order), lines(order),
    h("div", { class: "grid2" }, sourcing(order), holdsAndRisk(order)),
    h("div", { class: "grid2" }, timeline(events.items), fulfilment(order, invoices.items)),
    h("div", { class: "grid2" }, notes ? notifications(notes) : null, documents(order)));
}
