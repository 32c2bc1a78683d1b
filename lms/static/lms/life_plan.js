// Life-plan steps for offline.js: each step is an event of its own (life_plan_step), keyed
// by the step (a new one gets its key here), sent only when it changed since the page was
// drawn or last saved. See README, "Offline and weak networks".
import { makeEvent, newId } from "./queue.js";

const stepSaved = new WeakMap();
let built = []; // the steps of the last save, until it is posted or queued

function stepOf(row, order) {
  const field = (name) => row.querySelector(`[name$="-${name}"]`);
  return {
    description: String(field("description")?.value || "").trim(),
    due_date: String(field("due_date")?.value || ""),
    done: Boolean(field("done")?.checked),
    order,
    removed: Boolean(field("DELETE")?.checked),
  };
}

const sameStep = (a, b) => ["description", "due_date", "done", "order"].every((k) => a[k] === b[k]);

function stepEvents(form) {
  const events = [];
  [...form.querySelectorAll("[data-step]")].forEach((row, order) => {
    if (row.hidden) return; // removed earlier on this page
    const step = stepOf(row, order);
    const key = row.dataset.stepKey;
    let payload = null;
    if (step.removed) {
      if (key) payload = { step: key, removed: true };
    } else if (step.description && !(key && stepSaved.has(row) && sameStep(stepSaved.get(row), step))) {
      const { removed, ...fields } = step;
      payload = { step: key || newId(), ...fields };
    }
    if (payload) events.push({ row, step, event: makeEvent("life_plan_step", payload) });
  });
  built = events;
  return events.map((item) => item.event);
}

function stepsKept() {
  for (const { row, step, event } of built) {
    if (step.removed) row.hidden = true;
    else {
      row.dataset.stepKey = event.payload.step;
      stepSaved.set(row, step);
    }
  }
}

const form = document.querySelector("[data-offline-form=life_plan]");
if (form) {
  form.querySelectorAll("[data-step]").forEach((row, order) => {
    if (row.dataset.stepKey) stepSaved.set(row, stepOf(row, order));
  });
  form.stepEvents = () => stepEvents(form);
  form.stepsKept = stepsKept;
}
