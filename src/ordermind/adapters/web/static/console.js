// The operations console: a thin client of the public API (same key, same rules).
"use strict";
const $ = (sel) => document.querySelector(sel);
let key = sessionStorage.getItem("ordermind-key") || "";

async function api(path, options = {}) {
  const res = await fetch(path, {
    ...options,
    headers: { "Authorization": `Bearer ${key}`, "Content-Type": "application/json", ...(options.headers || {}) },
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.detail || `HTTP ${res.status}`);
  return body;
}

function cell(row, text, cls) {
  const td = row.insertCell();
  td.textContent = text;  // never innerHTML: order data comes from outside
  if (cls) td.className = cls;
  return td;
}

const money = (minor, cur) => `${(minor / 100).toFixed(2)} ${cur}`;

function renderOrders(items) {
  const body = $("#orders tbody");
  body.replaceChildren();
  for (const o of items) {
    const row = body.insertRow();
    cell(row, o.number);
    cell(row, o.channel);
    cell(row, o.status.replace("_", " "), `status-${o.status}`);
    cell(row, o.lines.map((l) => `${l.ordered}× ${l.sku}`).join(", "));
    cell(row, money(o.total, o.currency));
    cell(row, new Date(o.created_at).toLocaleString());
  }
}

function renderReviews(items) {
  const body = $("#reviews tbody");
  body.replaceChildren();
  $("#reviews-empty").hidden = items.length > 0;
  for (const item of items) {
    const row = body.insertRow();
    row.dataset.order = item.order_id;
    cell(row, item.order.number);
    cell(row, item.hold.reason);
    cell(row, item.hold.note || "");
    cell(row, money(item.order.total, item.order.currency));
    const td = row.insertCell();
    const reason = document.createElement("input");
    reason.placeholder = "reason";
    reason.setAttribute("aria-label", `reason for ${item.order.number}`);
    td.append(reason);
    for (const decision of ["approve", "reject"]) {
      const button = document.createElement("button");
      button.textContent = decision[0].toUpperCase() + decision.slice(1);
      button.addEventListener("click", async () => {
        if (!reason.value.trim()) { reason.focus(); setStatus("give a reason first"); return; }
        try {
          await api(`/v1/reviews/${item.order_id}/${item.hold.id}/${decision}`,
                    { method: "POST", body: JSON.stringify({ reason: reason.value.trim() }) });
          setStatus(`${item.order.number}: ${decision}d`);
          refresh();
        } catch (err) { setStatus(err.message); }
      });
      td.append(" ", button);
    }
  }
}

function renderAlerts(items) {
  const list = $("#alerts");
  list.replaceChildren();
  $("#alerts-empty").hidden = items.length > 0;
  for (const a of items.slice(0, 10)) {
    const li = document.createElement("li");
    li.textContent = `${new Date(a.at).toLocaleString()} — ${a.message}`;
    list.append(li);
  }
}

function renderKpis(report) {
  const k = report.total || {};
  const shown = [
    ["orders", k.orders], ["OTIF", k.otif], ["fill rate", k.fill_rate],
    ["split rate", k.split_rate], ["touchless", k.touchless_rate], ["backlog", k.backlog_rate],
  ];
  const dl = $("#kpis");
  dl.replaceChildren();
  for (const [name, value] of shown) {
    const div = document.createElement("div");
    const dt = document.createElement("dt"); dt.textContent = name;
    const dd = document.createElement("dd");
    dd.textContent = value == null ? "–" : (name === "orders" ? value : `${(value * 100).toFixed(1)}%`);
    div.append(dt, dd);
    dl.append(div);
  }
}

function setStatus(text) { $("#status").textContent = text; }

async function refresh() {
  try {
    const today = new Date().toISOString().slice(0, 10);
    const weekAgo = new Date(Date.now() - 6 * 864e5).toISOString().slice(0, 10);
    const [orders, reviews, alerts, kpis] = await Promise.all([
      api("/v1/orders?limit=20"), api("/v1/reviews"), api("/v1/alerts?limit=10"),
      api(`/v1/kpis?from=${weekAgo}&to=${today}`),
    ]);
    renderOrders(orders.items); renderReviews(reviews.items);
    renderAlerts(alerts.items); renderKpis(kpis);
    $("#main").hidden = false;
  } catch (err) { setStatus(err.message); }
}

$("#login").addEventListener("submit", (event) => {
  event.preventDefault();
  key = $("#key").value.trim();
  sessionStorage.setItem("ordermind-key", key);
  setStatus("connected");
  refresh();
});
if (key) refresh();
setInterval(() => { if (key) refresh(); }, 5000);
