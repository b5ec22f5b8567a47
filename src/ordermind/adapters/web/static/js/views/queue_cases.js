// The agent desk: the cases routed to me (hand-offs from the order assistant, and care
// exceptions, held orders and intake documents brought in as cases), earliest SLA first,
// then the queued ones I have the skill and language for. Claim, answer the customer in
// the conversation, resolve; the transcript is beside the case.

import { api, post } from "../api.js";
import { card, h, say, table, when, words } from "../dom.js";
import { confirmAction } from "../confirm.js";

function act(label, run, cls = "primary") {
  return h("button", { type: "button", class: cls, onclick: run }, label);
}

async function claim(item, rerender) {
  if (!(await confirmAction(`Claim case ${item.id}`, item.summary))) return;
  try {
    await post(`/v1/cases/${item.id}/claim`);
    say(`case ${item.id} claimed`);
    rerender();
  } catch (err) { say(err.message); }
}

async function reply(item, rerender) {
  const answer = await confirmAction(`Answer the customer (case ${item.id})`,
    "The reply goes into the conversation; the customer sees it in the chat.",
    [{ name: "text", label: "Reply", required: true, value: item.suggested_reply || "" }]);
  if (!answer) return;
  try {
    await post(`/v1/cases/${item.id}/reply`, { text: answer.text });
    say(`case ${item.id}: reply sent`);
    rerender();
  } catch (err) { say(err.message); }
}

async function resolve(item, rerender) {
  const answer = await confirmAction(`Resolve case ${item.id}`, item.summary,
    [{ name: "resolution", label: "Resolution", required: true }]);
  if (!answer) return;
  try {
    await post(`/v1/cases/${item.id}/resolve`, { resolution: answer.resolution });
    say(`case ${item.id} resolved`);
    rerender();
  } catch (err) { say(err.message); }
}

function actions(item, me, rerender) {
  const mine = item.agent_id === me.id;
  const out = [];
  if (item.status === "queued" || (mine && item.status === "assigned")) {
    out.push(act("Claim", () => claim(item, rerender)));
  }
  if (mine && item.status === "claimed") {
    if (item.kind === "conversation") out.push(act("Reply", () => reply(item, rerender)));
    out.push(act("Resolve", () => resolve(item, rerender), ""));
  }
  out.push(act("Transcript", () => showCase(item.id), ""));
  return h("span", { class: "actions" }, out);
}

async function showCase(id) {
  const box = document.getElementById("case-detail");
  try {
    const c = await api(`/v1/cases/${id}`);
    const lines = (c.conversation ? c.conversation.messages : []).map((m) =>
      [words(m.author), m.text, when(m.at)]);
    box.replaceChildren(card(`Case ${c.id}: ${words(c.kind)}`,
      h("p", {}, c.summary),
      c.suggested_reply ? h("p", { class: "muted" }, `Suggested reply: ${c.suggested_reply}`) : null,
      lines.length ? table(["Who", "Said", "When"], lines) : h("p", { class: "muted" }, "No conversation.")));
  } catch (err) { say(err.message); }
}

export async function render(container, { rerender }) {
  let queue;
  try {
    queue = await api("/v1/agents/me/queue");
  } catch (err) {
    container.append(card("Agent desk", h("p", { class: "empty" }, err.message)));
    return;
  }
  const me = queue.agent;
  const rows = queue.items.map((i) => [
    String(i.id), words(i.kind), i.summary,
    i.order_id ? h("a", { href: `#/orders/${i.order_id}` }, String(i.order_id)) : "–",
    `${words(i.status)}${i.agent_id === me.id ? " (mine)" : ""}`,
    `${i.skill} · ${i.language}`, when(i.due_at), actions(i, me, rerender),
  ]);
  container.append(card(`Agent desk: ${me.name}`,
    h("p", { class: "muted" }, `${me.load ?? 0} of ${me.capacity} cases held; skills ${me.skills.join(", ")}`),
    queue.items.length
      ? table(["Case", "Kind", "Summary", "Order", "Status", "Skill", "Due", ""], rows,
          { rowAttrs: (n) => ({ dataset: { case: queue.items[n].id } }) })
      : h("p", { class: "empty", id: "cases-empty" }, "No case waits for you.")),
    h("div", { id: "case-detail" }));
}
