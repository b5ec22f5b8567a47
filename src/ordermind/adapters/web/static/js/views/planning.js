// Planning: each SKU's forecast at a node with its 80% and 95% intervals beside the actual
// demand, the replenishment proposals to approve, edit or reject, and stock by node (ATP, ring
// fences, capacity used today).

import { api, post, query } from "../api.js";
import { can } from "../session.js";
import { card, h, money, say, table } from "../dom.js";
import { lineChart } from "../charts.js";
import { confirmAction } from "../confirm.js";

function forecastChart(series, actuals) {
  const byDay = new Map();
  for (const a of actuals) byDay.set(a.ds, { y: a.y });
  for (const f of series) byDay.set(String(f.ds).slice(0, 10), { ...(byDay.get(String(f.ds).slice(0, 10)) || {}), f });
  const days = [...byDay.keys()].sort();
  const pick = (fn) => days.map((d) => fn(byDay.get(d)));
  return lineChart({
    title: `Forecast of ${series[0].sku} at ${series[0].node} (${series[0].model}, backtest RMSSE ${series[0].backtest_rmsse ?? "–"})`,
    x: days,
    series: [
      { label: "95% low", values: pick((r) => r.f && r.f.yhat_lo_95), band: true },
      { label: "95% high", values: pick((r) => r.f && r.f.yhat_hi_95), band: true },
      { label: "80% low", values: pick((r) => r.f && r.f.yhat_lo_80), band: true },
      { label: "80% high", values: pick((r) => r.f && r.f.yhat_hi_80), band: true },
      { label: "Forecast", values: pick((r) => r.f && r.f.yhat), color: "#1f4fd1" },
      { label: "Actual", values: pick((r) => (r.y == null ? null : r.y)), color: "#1d2330", points: true },
    ],
    bands: [{ upper: 1, lower: 0, fill: "rgba(31,79,209,0.12)" }, { upper: 3, lower: 2, fill: "rgba(31,79,209,0.22)" }],
    format: (v) => Math.round(v * 10) / 10,
  });
}

async function forecasts(params) {
  const { items } = await api("/v1/forecasts?limit=5000");
  if (!items.length) return card("Forecasts", h("p", { class: "empty" }, "No forecast yet: run planning (ordermind plan)."));
  const keys = [...new Set(items.map((f) => `${f.sku}|${f.node}`))];
  const chosen = keys.includes(params.get("series")) ? params.get("series") : keys[0];
  const [sku, node] = chosen.split("|");
  const actuals = await api(`/v1/demand${query({ sku, node, days: 56 })}`);
  const select = h("select", { id: "series", onchange: (e) => { location.hash = `#/planning?series=${encodeURIComponent(e.target.value)}`; } },
    keys.map((k) => h("option", { value: k, selected: k === chosen }, k.replace("|", " at "))));
  return card("Forecasts", h("label", { class: "toolbar" }, "SKU and node ", select),
    forecastChart(items.filter((f) => `${f.sku}|${f.node}` === chosen), actuals.items));
}

function decide(p, approve, rerender) {
  const verb = approve ? "Approve" : "Reject";
  return h("button", { type: "button", class: approve ? "primary" : "danger", onclick: async () => {
    const text = approve ? `Approve ${p.kind.replace("_", " ")} of ${p.quantity} × ${p.sku} to ${p.node} from ${p.source}? This creates the inbound supply.`
      : `Reject the proposal of ${p.quantity} × ${p.sku} to ${p.node}?`;
    if ((await confirmAction(`${verb} proposal ${p.id}`, text)) === null) return;
    try {
      await post(`/v1/replenishment/proposals/${p.id}/${approve ? "approve" : "reject"}`);
      say(`Proposal ${p.id} ${approve ? "approved" : "rejected"}`);
      rerender();
    } catch (err) { say(err.message); }
  } }, verb);
}

function edit(p, rerender) {
  return h("button", { type: "button", onclick: async () => {
    const answer = await confirmAction(`Change proposal ${p.id}`, `How many units of ${p.sku} to ${p.node}? The plan proposed ${p.quantity}.`,
      [{ name: "quantity", label: "Quantity", type: "number", value: p.quantity, min: 1, required: true }]);
    if (answer === null) return;
    try {
      await api(`/v1/replenishment/proposals/${p.id}`, { method: "PATCH", body: { quantity: Number(answer.quantity) } });
      say(`Proposal ${p.id}: ${answer.quantity} units`);
      rerender();
    } catch (err) { say(err.message); }
  } }, "Edit");
}

async function proposals(rerender) {
  const { items } = await api("/v1/replenishment/proposals?status=proposed");
  const acts = can("planning:write");
  const rows = items.map((p) => [String(p.id), p.kind.replace("_", " "), p.sku, p.node, p.source, String(p.quantity),
    p.unit_cost == null ? "–" : money(p.unit_cost, ""), `${p.lead_time_days} d`, p.reason,
    acts ? h("span", { class: "actions" }, decide(p, true, rerender), edit(p, rerender), decide(p, false, rerender)) : ""]);
  return card("Replenishment proposals", items.length
    ? table(["#", "Kind", "SKU", "To", "From", "Qty", "Unit cost", "Lead time", "Why", acts ? "Decide" : ""], rows,
      { rowAttrs: (i) => ({ dataset: { proposal: items[i].id } }) })
    : h("p", { class: "empty", id: "proposals-empty" }, "No proposal waits for a decision."));
}

async function stock() {
  const [inv, nodes, channels] = await Promise.all([
    can("inventory:read") ? api("/v1/inventory") : Promise.resolve({ items: [] }),
    api("/v1/nodes"), can("channels:read") ? api("/v1/channels") : Promise.resolve({ items: [] })]);
  const rows = inv.items.map((p) => [p.node, p.sku, String(p.on_hand), String(p.reserved), String(p.safety_stock), h("strong", {}, String(p.available))]);
  const fences = channels.items.flatMap((c) => c.ring_fences.map((f) => [c.code, f.node, f.sku || "all", f.share != null ? `${Math.round(f.share * 100)}%` : String(f.quantity)]));
  const load = nodes.items.map((n) => [n.code, n.active ? "up" : "down", `${n.lines_today || 0} / ${n.daily_capacity}`,
    `${Math.round(100 * (n.lines_today || 0) / Math.max(1, n.daily_capacity))}%`]);
  return [card("Stock by node", rows.length ? table(["Node", "SKU", "On hand", "Reserved", "Safety", "ATP"], rows) : h("p", { class: "empty" }, "No stock positions.")),
    h("div", { class: "grid2" },
      card("Ring fences", fences.length ? table(["Channel", "Node", "SKU", "Fenced"], fences) : h("p", { class: "empty" }, "No ring fences.")),
      card("Capacity used today", table(["Node", "State", "Lines", "Used"], load)))];
}

export async function render(container, { params, rerender }) {
  const [f, p, s] = await Promise.all([forecasts(params), proposals(rerender), stock()]);
  container.append(f, p, ...s);
}
