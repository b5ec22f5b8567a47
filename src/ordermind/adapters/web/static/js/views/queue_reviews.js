// Orders held for a person (fraud, payment, intake...): approve releases the hold, reject
// cancels the order; a reason is required either way.

import { api, post } from "../api.js";
import { can } from "../session.js";
import { card, h, money, say, table, when, words } from "../dom.js";
import { confirmAction } from "../confirm.js";

function decide(item, decision, rerender) {
  return h("button", { type: "button", class: decision === "reject" ? "danger" : "primary", onclick: async () => {
    const verb = decision === "approve" ? "Approve" : "Reject";
    const answer = await confirmAction(`${verb} ${item.order.number}`,
      decision === "approve" ? "Approving releases the hold and sources the order." : "Rejecting cancels the order.",
      [{ name: "reason", label: "Reason", required: true }]);
    if (!answer) return;
    try {
      await post(`/v1/reviews/${item.order_id}/${item.hold.id}/${decision}`, { reason: answer.reason });
      say(`${item.order.number}: ${decision}d`);
      rerender();
    } catch (err) { say(err.message); }
  } }, decision === "approve" ? "Approve" : "Reject");
}

export async function render(container, { rerender }) {
  const { items } = await api("/v1/reviews?limit=100");
  const decides = can("reviews:decide");
  const rows = items.map((i) => [
    h("a", { href: `#/orders/${i.order_id}` }, i.order.number),
    words(i.hold.reason), i.hold.note || "–",
    (i.order.risk && i.order.risk.reasons || []).join("; ") || "–",
    money(i.order.total, i.order.currency), when(i.hold.placed_at),
    decides ? h("span", { class: "actions" }, decide(i, "approve", rerender), decide(i, "reject", rerender)) : "",
  ]);
  const headers = ["Order", "Hold", "Why", "Risk factors", "Total", "Held since", decides ? "Decide" : ""];
  container.append(card("Held orders", items.length
    ? table(headers, rows, { rowAttrs: (n) => ({ dataset: { order: items[n].order_id } }) })
    : h("p", { class: "empty", id: "reviews-empty" }, "Nothing waits for a person.")));
}
