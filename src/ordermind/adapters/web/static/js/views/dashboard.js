// The dashboard: the last 7 days' KPIs, their trend over 28 days as charts, KPIs by
// channel, node or segment, alerts and the state of every node (up or down, capacity used today).

import { api, query } from "../api.js";
import { can } from "../session.js";
import { card, h, pct, table, when } from "../dom.js";
import { lineChart } from "../charts.js";

const isoDay = (offset) => new Date(Date.now() - offset * 864e5).toISOString().slice(0, 10);

function tiles(k) {
  const shown = [["Orders", k.orders, String], ["OTIF", k.otif, pct], ["Fill rate", k.fill_rate, pct],
    ["Split rate", k.split_rate, pct], ["Backlog", k.backlog_rate, pct], ["Touchless", k.touchless_rate, pct],
    ["Cycle p50 (days)", k.cycle_time_days_p50, (v) => v.toFixed(1)], ["Cost per order", k.cost_per_order, (v) => (v / 100).toFixed(2)]];
  return h("dl", { class: "kpis" }, shown.map(([name, v, f]) => h("div", {}, h("dt", {}, name), h("dd", {}, v == null ? "–" : f(v)))));
}

function trends(report, span) {
  // every day of the period, so a quiet day is a gap (or a zero), not a missing day
  const days = Array.from({ length: span }, (_, i) => isoDay(span - 1 - i));
  const groups = report.groups || {};
  const col = (name) => days.map((d) => (groups[d] ? groups[d][name] : (name === "orders" ? 0 : null)));
  return [
    lineChart({ title: "Service rates", x: days, range: [0, 1], format: (v) => `${Math.round(v * 100)}%`, series: [
      { label: "OTIF", values: col("otif") }, { label: "Fill rate", values: col("fill_rate") },
      { label: "Split rate", values: col("split_rate") }, { label: "Backlog", values: col("backlog_rate") }] }),
    lineChart({ title: "Order cycle time (days)", x: days, series: [
      { label: "p50", values: col("cycle_time_days_p50") }, { label: "p90", values: col("cycle_time_days_p90") }] }),
    lineChart({ title: "Cost (minor units) and carbon (kg) per order", x: days, series: [
      { label: "Cost per order", values: col("cost_per_order") }, { label: "Carbon kg per order", values: col("carbon_kg_per_order") }] }),
    lineChart({ title: "Orders per day", x: days, series: [{ label: "Orders", values: col("orders"), points: true }] }),
  ];
}

const GROUPS = { channel: "Channel", node: "Node", segment: "Segment" };

function byGroup(report, group) {
  const rows = Object.entries(report.groups || {}).map(([c, k]) => [c, String(k.orders), pct(k.otif), pct(k.fill_rate), pct(k.split_rate), pct(k.backlog_rate), k.cycle_time_days_p90 == null ? "–" : k.cycle_time_days_p90.toFixed(1)]);
  const pick = h("select", { id: "kpi-group", "aria-label": "Group KPIs by", onchange: (e) => { location.hash = `#/dashboard?group=${e.target.value}`; } },
    Object.entries(GROUPS).map(([g, label]) => h("option", { value: g, selected: g === group }, label)));
  return [h("label", { class: "toolbar" }, "By ", pick),
    rows.length ? table([GROUPS[group], "Orders", "OTIF", "Fill", "Split", "Backlog", "Cycle p90"], rows) : h("p", { class: "empty" }, "No orders in this period.")];
}

function nodes(items) {
  const rows = items.map((n) => [n.code, n.name, n.kind, n.active ? "up" : h("strong", {}, "down"),
    h("span", {}, h("meter", { min: 0, max: n.daily_capacity || 1, value: n.lines_today || 0, "aria-label": `${n.code} capacity used today` }),
      ` ${n.lines_today || 0} / ${n.daily_capacity} lines`)]);
  return table(["Node", "Name", "Kind", "State", "Capacity used today"], rows);
}

export async function render(container, { params }) {
  const group = GROUPS[params.get("group")] ? params.get("group") : "channel";
  const week = { from: isoDay(6), to: isoDay(0) };
  const month = { from: isoDay(27), to: isoDay(0) };
  const [total, daily, channels, alerts, network] = await Promise.all([
    api(`/v1/kpis${query(week)}`), api(`/v1/kpis${query({ ...month, group_by: "day" })}`),
    api(`/v1/kpis${query({ ...week, group_by: group })}`),
    can("alerts:read") ? api("/v1/alerts?limit=20") : Promise.resolve(null),
    can("nodes:read") ? api("/v1/nodes") : Promise.resolve(null),
  ]);
  container.append(card("Last 7 days", tiles(total.total || {})));
  const charts = card("Last 28 days");
  charts.classList.add("charts");
  container.append(charts);
  charts.append(h("div", { class: "grid2" }, trends(daily, 28)));
  container.append(h("div", { class: "grid2" },
    card("KPIs by group, last 7 days", byGroup(channels, group)),
    alerts ? card("Alerts", alerts.items.length
      ? h("ul", { id: "alerts" }, alerts.items.map((a) => h("li", {}, `${when(a.at)} — ${a.message}`)))
      : h("p", { class: "empty", id: "alerts-empty" }, "No alerts.")) : null));
  if (network) container.append(card("Nodes", nodes(network.items)));
}
