// Order search: number, customer e-mail or name, SKU, status, channel and dates, paged by
// cursor, and the same search downloaded as CSV.

import { api, query } from "../api.js";
import { card, day, h, money, table, words } from "../dom.js";

const STATUSES = ["", "draft", "placed", "on_hold", "allocated", "partially_allocated", "backordered",
  "partially_released", "released", "partially_shipped", "shipped", "delivered", "closed", "cancelled"];
const FIELDS = ["q", "sku", "status", "channel", "created_from", "created_to"];

function searchForm(params) {
  const input = (name, label, attrs = {}) => h("label", {}, label,
    h("input", { name, value: params.get(name) || "", ...attrs }));
  const status = h("select", { name: "status" }, STATUSES.map((s) =>
    h("option", { value: s, selected: params.get("status") === s }, s ? words(s) : "any")));
  const form = h("form", { class: "toolbar", role: "search", "aria-label": "Find orders" },
    input("q", "Number, e-mail or name", { type: "search", id: "order-q" }),
    input("sku", "SKU", { size: 8 }),
    h("label", {}, "Status", status),
    input("channel", "Channel", { size: 8 }),
    input("created_from", "Placed from", { type: "date" }),
    input("created_to", "Placed before", { type: "date" }),
    h("button", { type: "submit", class: "primary" }, "Search"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = {};
    for (const f of FIELDS) next[f] = String(data.get(f) || "").trim();
    location.hash = `#/orders${query(next)}`;
  });
  return form;
}

function filters(params) {
  const out = {};
  for (const f of FIELDS) {
    const v = params.get(f);
    if (v) out[f] = f.startsWith("created_") ? `${v}T00:00:00Z` : v;
  }
  return out;
}

export async function render(container, { params }) {
  const flt = filters(params);
  const cursor = params.get("cursor");
  const result = await api(`/v1/orders${query({ ...flt, cursor, limit: 25 })}`);
  const rows = result.items.map((o) => [
    h("a", { href: `#/orders/${o.id}` }, o.number),
    o.customer.email || "–",
    o.customer.name || "–",
    o.channel,
    h("span", { class: `status-${o.status}` }, words(o.status)),
    o.lines.map((l) => `${l.ordered}× ${l.sku}`).join(", "),
    money(o.total, o.currency),
    day(o.created_at),
  ]);
  const same = Object.fromEntries(FIELDS.map((f) => [f, params.get(f) || ""]));
  const paging = h("div", { class: "actions" },
    cursor ? h("a", { href: `#/orders${query(same)}` }, "First page") : null,
    result.next_cursor ? h("a", { href: `#/orders${query({ ...same, cursor: result.next_cursor })}` }, "Next page") : null,
    h("a", { href: `/v1/orders.csv${query({ ...flt, limit: 10000 })}`, download: "orders.csv" }, "Export CSV"));
  container.append(card("Orders",
    searchForm(params),
    rows.length
      ? table(["Number", "E-mail", "Name", "Channel", "Status", "Lines", "Total", "Placed"], rows,
              { rowAttrs: (i) => ({ dataset: { order: result.items[i].id } }) })
      : h("p", { class: "empty" }, "No order matches this search."),
    paging));
}
