// The console's shell: sign-in, the section navigation (only the sections the key may
// read), and the hash router that renders one view at a time.

import { can, forget, resume, signIn, signOut, who } from "./session.js";
import { h, say } from "./dom.js";
import * as dashboard from "./views/dashboard.js";
import * as orders from "./views/orders.js";
import * as orderDetail from "./views/order_detail.js";
import * as queues from "./views/queues.js";
import * as planning from "./views/planning.js";

const $ = (id) => document.getElementById(id);

function allowed(link) {
  const all = link.dataset.needs ? [link.dataset.needs] : [];
  const any = link.dataset.needsAny ? link.dataset.needsAny.split(" ") : [];
  return all.every(can) && (!any.length || any.some(can));
}

function showSignedIn() {
  const me = who();
  $("signin-view").hidden = true;
  $("app-view").hidden = false;
  $("nav").hidden = false;
  $("who").hidden = false;
  $("who-role").textContent = `${me.key.role}${me.key.scope ? ` (${me.key.scope})` : ""} · key ${me.key.prefix}`;
  for (const link of $("nav").querySelectorAll("a")) link.hidden = !allowed(link);
  render();
}

function showSignedOut(message) {
  forget();
  $("app-view").hidden = true;
  $("nav").hidden = true;
  $("who").hidden = true;
  $("view").replaceChildren();
  $("signin-view").hidden = false;
  if (message) say(message);
  $("key").focus();
}

function parseHash() {
  const [path, qs] = location.hash.replace(/^#\/?/, "").split("?");
  return { parts: path.split("/").filter(Boolean), params: new URLSearchParams(qs || "") };
}

let generation = 0;

async function render() {
  if (!who()) return;
  const { parts, params } = parseHash();
  const first = [...$("nav").querySelectorAll("a")].find((a) => !a.hidden);
  const name = parts[0] || (first ? first.dataset.view : "orders");
  for (const link of $("nav").querySelectorAll("a")) {
    if (link.dataset.view === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  const mine = ++generation;
  const container = h("div", { class: "stack" });
  let view = { dashboard, orders, queues, planning }[name];
  if (name === "orders" && parts[1]) view = orderDetail;
  $("view").replaceChildren(container);
  if (!view) {
    container.append(h("p", {}, "No such page."));
    return;
  }
  try {
    await view.render(container, { parts, params, rerender: () => mine === generation && render() });
  } catch (err) {
    if (mine === generation) container.append(h("p", { class: "error", role: "alert" }, err.message));
  }
}

$("signin").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = $("key");
  try {
    await signIn(input.value.trim());
    input.value = "";  // the key is not kept, not even in the form
    say("Signed in");
    showSignedIn();
  } catch (err) {
    say(err.message);
  }
});

$("sign-out").addEventListener("click", async () => {
  try { await signOut(); } catch { /* the session is gone either way */ }
  showSignedOut("Signed out");
});

window.addEventListener("om:unauthenticated", () => { if (who()) showSignedOut("The session has ended; sign in again."); });
window.addEventListener("hashchange", () => render());

resume().then((me) => (me ? showSignedIn() : showSignedOut()));
