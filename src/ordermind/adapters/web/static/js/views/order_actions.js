// What a person may do to an order, shown only when the key's permissions allow it, and
// always after a confirmation: release, re-source to a chosen node, hold and release a
// hold, cancel a line, open a return (RMA).

import { post } from "../api.js";
import { can } from "../session.js";
import { h, say } from "../dom.js";
import { confirmAction } from "../confirm.js";

const OPEN = new Set(["placed", "on_hold", "allocated", "partially_allocated", "backordered", "partially_released", "released", "partially_shipped"]);

async function act(o, title, text, fields, call, done) {
  const answer = await confirmAction(title, text, fields);
  if (answer === null) return;
  try {
    await call(answer);
    say(done);
    o.rerender();
  } catch (err) {
    say(err.message);
  }
}

function button(label, onclick, cls) {
  return h("button", { type: "button", class: cls, onclick }, label);
}

export function orderActions(o) {
  const buttons = [];
  const active = OPEN.has(o.status);
  if (can("orders:operate") && o.lines.some((l) => l.allocated > 0) && !o.holds.some((x) => x.active)) {
    buttons.push(button("Release to nodes", () => act(o, "Release the order", `Release ${o.number}'s allocated units to their nodes for picking?`, [],
      () => post(`/v1/orders/${o.id}/release`), "Released")));
  }
  const elsewhere = (o.nodes || []).filter((n) => n.active && n.can_ship && o.lines.some((l) => l.allocations.some((a) => a.allocated && a.node !== n.code)));
  if (can("orders:operate") && elsewhere.length) {
    buttons.push(button("Re-source to a node", () => act(o, "Re-source the order",
      `Move every unreleased unit of ${o.number} to one node? If that node cannot take all of it, nothing changes.`,
      [{ name: "node", label: "Node", options: elsewhere.map((n) => n.code) }],
      (a) => post(`/v1/orders/${o.id}/resource`, { node: a.node }), "Re-sourced")));
  }
  if (can("orders:change") && active) {
    buttons.push(button("Put on hold", () => act(o, "Hold the order", `Hold ${o.number}? Nothing is released while it is held.`,
      [{ name: "note", label: "Why", required: true }],
      (a) => post(`/v1/orders/${o.id}/holds`, { reason: "manual", note: a.note }), "On hold")));
  }
  const shipped = o.lines.filter((l) => l.shipped - l.returned > 0);
  if (can("returns:create") && shipped.length) {
    buttons.push(button("Open a return", () => act(o, "Open a return (RMA)", `Return units of ${o.number}?`,
      [{ name: "sku", label: "SKU", options: shipped.map((l) => l.sku) },
       { name: "quantity", label: "Quantity", type: "number", value: 1, min: 1, required: true },
       { name: "reason", label: "Reason", required: true }],
      (a) => post("/v1/returns", { order_id: o.id, lines: [{ sku: a.sku, quantity: Number(a.quantity), reason: a.reason }] }),
      "Return opened")));
  }
  return buttons.length ? h("div", { class: "actions", role: "group", "aria-label": "Order actions" }, buttons) : null;
}

export function lineCancel(o, line) {
  const open = line.ordered - line.cancelled - line.shipped;
  if (!can("orders:change") || open <= 0 || !OPEN.has(o.status)) return "";
  return button(`Cancel ${line.sku}`, () => act(o, `Cancel line ${line.sku}`,
    `Cancel units of ${line.sku} on ${o.number}? Up to ${open} can be cancelled.`,
    [{ name: "quantity", label: "Units to cancel", type: "number", value: open, min: 1, max: open, required: true },
     { name: "reason", label: "Reason", required: true }],
    (a) => post(`/v1/orders/${o.id}/cancel`, { reason: a.reason, lines: [{ sku: line.sku, quantity: Number(a.quantity) }] }),
    `Cancelled ${line.sku}`), "danger");
}

export function holdActions(o, hold) {
  if (!hold.active || !can("orders:change")) return "";
  return button("Release hold", () => act(o, "Release the hold", `Release the ${hold.reason} hold on ${o.number}?`,
    [{ name: "resolution", label: "Resolution", required: true }],
    (a) => post(`/v1/orders/${o.id}/holds/${hold.id}/release`, { resolution: a.resolution }), "Hold released"));
}
