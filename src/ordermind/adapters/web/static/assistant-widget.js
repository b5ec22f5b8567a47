/* The ordermind order assistant as a chat widget for a shop's pages: one script tag,
 *   <script src="https://OMS/console/assistant-widget.js" data-key="om_…" async></script>
 * with a channel key of scope assistant_only (it can chat and nothing else, so it may sit
 * in a public page). Optional: data-locale="en", data-token="<signed customer token>"
 * (the shop's server asks POST /v1/assistant/customer-tokens for a logged-in customer),
 * data-title. Plain JS, no dependencies; text is only ever set as text, never as HTML. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var base = new URL(script.src).origin;
  var key = script.getAttribute("data-key") || "";
  var locale = script.getAttribute("data-locale") || "en";
  var token = script.getAttribute("data-token");
  var title = script.getAttribute("data-title") || "Order help";
  var conversation = null;
  var busy = false;
  var lastSeq = 0;
  var seenAgent = {};
  var polling = null;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  var css = "position:fixed;right:16px;bottom:16px;z-index:2147483000;font:14px/1.4 sans-serif;";
  var root = el("div", { id: "om-assistant", style: css });
  var button = el("button", { type: "button", "aria-expanded": "false", "data-om": "open",
    style: "padding:10px 14px;border-radius:20px;border:0;background:#1f5fbf;color:#fff;cursor:pointer" }, title);
  var panel = el("section", { "data-om": "panel", hidden: "",
    style: "width:320px;height:420px;display:none;flex-direction:column;background:#fff;" +
      "border:1px solid #ccc;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.2)" });
  panel.setAttribute("aria-label", title);
  var log = el("ol", { "data-om": "log", "aria-live": "polite",
    style: "flex:1;overflow-y:auto;list-style:none;margin:0;padding:8px" });
  var form = el("form", { "data-om": "form", style: "display:flex;border-top:1px solid #ddd" });
  var input = el("input", { type: "text", name: "text", maxlength: "2000", "data-om": "input",
    "aria-label": "Your message", autocomplete: "off", style: "flex:1;border:0;padding:8px" });
  var send = el("button", { type: "submit", "data-om": "send" }, "Send");
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(log);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(button);

  function add(author, text) {
    var item = el("li", { "data-author": author, style: "margin:4px 0;padding:6px 8px;border-radius:6px;" +
      (author === "customer" ? "background:#e8f0fe;margin-left:40px" : "background:#f1f1f1;margin-right:40px") }, text);
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  function call(path, body) {
    var init = { method: body === undefined ? "GET" : "POST",
      headers: { "Authorization": "Bearer " + key } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(base + path, init).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) throw new Error(data.detail || ("HTTP " + r.status));
        return data;
      });
    });
  }

  function agentSaid(m) {
    if (seenAgent[m.seq]) return;
    seenAgent[m.seq] = true;
    add("agent", m.text);
  }

  function show(answer) {
    (answer.agent_messages || []).forEach(agentSaid);
    if (answer.reply) add("assistant", answer.reply);
    lastSeq = Math.max(lastSeq, answer.seq || 0);
    root.setAttribute("data-state", answer.state || "");
    // after a hand-off a person answers in their own time: look for it every few seconds
    if (answer.state === "handed_off" && !polling) polling = setInterval(poll, 3000);
  }

  function poll() {
    var path = "/v1/assistant/conversations/" + encodeURIComponent(conversation) +
      "/messages?after=" + lastSeq;
    call(path).then(function (page) {
      page.messages.forEach(function (m) {
        lastSeq = Math.max(lastSeq, m.seq);
        if (m.author === "agent") agentSaid(m);
      });
      if (page.state === "closed" && polling) { clearInterval(polling); polling = null; }
    }).catch(function () { /* the next poll tries again */ });
  }

  function start() {
    if (conversation) return Promise.resolve();
    var body = { locale: locale };
    if (token) body.customer_token = token;
    return call("/v1/assistant/conversations", body).then(function (answer) {
      conversation = answer.conversation_id;
      show(answer);
    });
  }

  button.addEventListener("click", function () {
    var open = panel.hasAttribute("hidden");
    if (open) panel.removeAttribute("hidden"); else panel.setAttribute("hidden", "");
    panel.style.display = open ? "flex" : "none";
    button.setAttribute("aria-expanded", String(open));
    if (open) start().catch(function (e) { add("error", "Sorry, the assistant is not available: " + e.message); });
    input.focus();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || busy) return;
    busy = true;
    input.value = "";
    add("customer", text);
    start().then(function () {
      return call("/v1/assistant/conversations/" + encodeURIComponent(conversation) + "/messages",
        { text: text });
    }).then(show).catch(function (e) {
      add("error", "Sorry, that did not go through: " + e.message);
    }).then(function () { busy = false; });
  });

  function mount() { document.body.appendChild(root); }
  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
