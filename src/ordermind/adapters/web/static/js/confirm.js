// Every action asks first, in a modal dialog (focus stays inside; Escape cancels). Fields
// asked for (a reason, a quantity) come back as an object, or null when cancelled.

import { h } from "./dom.js";

export function confirmAction(title, text, fields = []) {
  const dialog = document.getElementById("confirm");
  document.getElementById("confirm-title").textContent = title;
  document.getElementById("confirm-text").textContent = text;
  const box = document.getElementById("confirm-fields");
  const inputs = fields.map((f, i) => {
    const id = `confirm-field-${i}`;
    const input = f.options
      ? h("select", { id, name: f.name }, f.options.map((o) => h("option", { value: o }, o)))
      : h("input", { id, name: f.name, type: f.type || "text", value: f.value ?? "", required: f.required,
                     min: f.min, max: f.max });
    box.append(h("div", { class: "field" }, h("label", { for: id }, f.label), input));
    return input;
  });
  return new Promise((resolve) => {
    const form = document.getElementById("confirm-form");
    const cancel = document.getElementById("confirm-cancel");
    const done = (value) => {
      form.removeEventListener("submit", onSubmit);
      cancel.removeEventListener("click", onCancel);
      dialog.removeEventListener("cancel", onCancel);
      dialog.close();
      box.replaceChildren();
      resolve(value);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      if (!form.reportValidity()) return;
      done(Object.fromEntries(inputs.map((i) => [i.name, i.value])));
    };
    const onCancel = (event) => { event.preventDefault(); done(null); };
    form.addEventListener("submit", onSubmit);
    cancel.addEventListener("click", onCancel);
    dialog.addEventListener("cancel", onCancel);
    dialog.showModal();
    (inputs[0] || document.getElementById("confirm-ok")).focus();
  });
}
