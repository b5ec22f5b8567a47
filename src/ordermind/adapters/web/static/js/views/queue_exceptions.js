// Exceptions on orders (a node down, a late parcel, a back-order...) with their proposed
// fixes ranked, each with its effects measured on a rolled-back trial: apply one, or
// dismiss the exception with a reason.

import { api, post } from "../api.js";
import { can } from "../session.js";
import { card, day, facts, h, money, say, table, when, words } from "../dom.js";
import { confirmAction } from "../confirm.js";

function effects(e, currency) {
  if (!e) return null;
  const delta = (v) => `${v >= 0 ? "+" : "−"}${money(Math.abs(v), currency)}`;
  return facts([
    ["Resolves", e.resolves ? "yes" : `no (${(e.remaining_causes || []).join(", ")})`],
    ["Promise", `${day(e.new_promise)} (${e.promise_delta_days >= 0 ? "+" : ""}${e.promise_delta_days} days)`],
    ["Cost", `${money(e.cost_before, currency)} → ${money(e.cost_after, currency)} (${delta(e.cost_delta)})`],
    ["Carbon", `${e.carbon_delta_kg >= 0 ? "+" : ""}${e.carbon_delta_kg} kg`],
    ["Splits", String(e.split_delta)], ["Back-ordered after", String(e.backordered_after)],
    e.error ? ["Problem", e.error] : null,
  ]);
}

async function detail(container, id, rerender) {
  const x = await api(`/v1/exceptions/${id}`);
  const acts = can("exceptions:act") && x.status === "open";
  const fixes = x.fixes.map((f, rank) => h("article", { class: "fix", dataset: { fix: f.key } },
    h("h3", {}, `${rank + 1}. ${f.label}`),
    effects(f.effects, x.currency),
    f.auto ? h("p", { class: "muted" }, `Automatic: ${f.auto.allowed ? "allowed" : "not allowed"} — ${f.auto.why}`) : null,
    acts && f.effects && f.effects.feasible ? h("button", { type: "button", class: "primary", onclick: async () => {
      const answer = await confirmAction("Apply this fix", `${f.label} — on order ${x.order_id}?`, [{ name: "note", label: "Note (optional)" }]);
      if (!answer) return;
      try {
        await post(`/v1/exceptions/${x.id}/fixes/${f.n}/apply`, { expect: f.key, ...(answer.note ? { note: answer.note } : {}) });
        say("Fix applied");
        rerender();
      } catch (err) { say(err.message); }
    } }, "Apply fix") : null));
  const dismiss = acts ? h("button", { type: "button", class: "danger", onclick: async () => {
    const answer = await confirmAction("Dismiss the exception", "Its fixes count as passed over.", [{ name: "reason", label: "Reason", required: true }]);
    if (!answer) return;
    try { await post(`/v1/exceptions/${x.id}/dismiss`, { reason: answer.reason }); say("Dismissed"); rerender(); } catch (err) { say(err.message); }
  } }, "Dismiss") : null;
  container.append(card(`Exception ${x.id}: ${words(x.type)}`,
    h("p", {}, h("a", { href: "#/queues/exceptions" }, "← All exceptions")),
    facts([["Order", h("a", { href: `#/orders/${x.order_id}` }, `order ${x.order_id}`)], ["Status", x.status],
      ["Severity", h("span", { class: `sev-${x.severity}` }, x.severity)], ["What", x.explanation],
      ["Money at risk", money(x.money_at_risk, x.currency)], ["Promise at risk", day(x.promise_at_risk)],
      ["Opened", when(x.opened_at)], x.applied ? ["Applied", `${x.applied.label || x.applied.key || ""} by ${x.closed_by || "–"}`] : null,
      x.close_reason ? ["Closed because", x.close_reason] : null,
      x.ranking ? ["Ranked by", `${x.ranking.ranker}: ${x.ranking.reason}`] : null]),
    x.status === "open" ? h("h3", {}, "Proposed fixes, best first") : null,
    x.status === "open" ? (fixes.length ? fixes : h("p", { class: "empty" }, "No fix to propose.")) : null,
    dismiss));
}

export async function render(container, { parts, rerender }) {
  if (parts[2]) return detail(container, parts[2], rerender);
  const { items } = await api("/v1/exceptions?status=open&limit=100");
  const rows = items.map((x) => [h("a", { href: `#/queues/exceptions/${x.id}` }, `${words(x.type)} #${x.id}`),
    h("a", { href: `#/orders/${x.order_id}` }, String(x.order_id)), h("span", { class: `sev-${x.severity}` }, x.severity),
    x.explanation, money(x.money_at_risk, x.currency), when(x.opened_at)]);
  container.append(card("Open exceptions", items.length
    ? table(["Exception", "Order", "Severity", "What", "At risk", "Opened"], rows, { rowAttrs: (n) => ({ dataset: { exception: items[n].id } }) })
    : h("p", { class: "empty", id: "exceptions-empty" }, "No open exceptions.")));
}
