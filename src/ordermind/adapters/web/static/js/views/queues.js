// The work queues: everything that waits for a person. Each queue is one entry below (its
// id in the URL, the permission it needs to be shown, and the module that renders it), so a
// new queue — the assistant's hand-off cases, say — is one import and one line.

import { can } from "../session.js";
import { h } from "../dom.js";
import * as exceptions from "./queue_exceptions.js";
import * as reviews from "./queue_reviews.js";
import * as intake from "./queue_intake.js";
import * as cases from "./queue_cases.js";

export const QUEUES = [
  { id: "exceptions", title: "Exceptions", needs: "exceptions:read", view: exceptions },
  { id: "reviews", title: "Held orders", needs: "reviews:read", view: reviews },
  { id: "intake", title: "Intake review", needs: "intake:review", view: intake },
  { id: "cases", title: "Agent desk", needs: "desk:work", view: cases },
];

export async function render(container, ctx) {
  const mine = QUEUES.filter((q) => can(q.needs));
  if (!mine.length) {
    container.append(h("p", {}, "This key may see no work queue."));
    return;
  }
  const chosen = mine.find((q) => q.id === ctx.parts[1]) || mine[0];
  container.append(h("nav", { class: "tabs", "aria-label": "Work queues" }, mine.map((q) =>
    h("a", { href: `#/queues/${q.id}`, "aria-current": q === chosen ? "page" : null }, q.title))));
  await chosen.view.render(container, ctx);
}
