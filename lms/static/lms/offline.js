// [data-offline-form] and [data-logout]: see README, "Offline and weak networks".
import { enqueueEvents, flush, forgetUser, makeEvent, pending, user } from "./queue.js";

const strings = document.querySelector("[data-offline-strings]")?.dataset || {};

function status(form, text) {
  let box = form.querySelector("[data-offline-status]");
  if (!box) {
    box = document.createElement("p");
    box.className = "notice";
    box.setAttribute("role", "status");
    box.dataset.offlineStatus = "";
    form.append(box);
  }
  box.textContent = text;
  box.hidden = false;
}

function eventsOf(form) {
  const data = new FormData(form);
  if (form.dataset.offlineForm === "reflection") {
    return [makeEvent("reflection", {
      session: Number(form.dataset.session),
      block_id: form.dataset.block,
      text: String(data.get("text") || ""),
      shared: data.get("shared") !== null,
    })];
  }
  const plan = {};
  for (const name of ["dreams", "strengths", "resources", "first_step"]) plan[name] = String(data.get(name) || "");
  return [makeEvent("life_plan", plan), ...(form.stepEvents?.() || [])];
}

async function formSend(form) {
  const button = form.querySelector("button[type=submit]");
  const events = eventsOf(form);
  if (button) button.disabled = true;
  try {
    const outcome = await import("./posting.js").then((m) => m.postNow(events), () => "lost");
    if (outcome === "refused") return form.submit();
    if (outcome === "partly") return window.location.reload();
    if (outcome === "held") status(form, form.dataset.sent || "✓");
    else {
      await enqueueEvents(events);
      status(form, strings.saved || "✓");
      flush();
    }
    form.stepsKept?.();
  } finally {
    if (button) button.disabled = false;
  }
}

for (const form of document.querySelectorAll("[data-offline-form]")) {
  form.addEventListener("submit", (event) => {
    if (!user) return;
    event.preventDefault();
    formSend(form).catch(() => form.submit());
  });
}

for (const form of document.querySelectorAll("[data-logout]")) {
  form.addEventListener("submit", async (event) => {
    if (!user || form.dataset.confirmed) return;
    event.preventDefault();
    try {
      await flush();
      const left = (await pending()).length;
      if (left && !window.confirm(strings.unsent || "?")) return;
      await forgetUser();
    } catch { /* storage unavailable: nothing of this user's is kept either */ }
    form.dataset.confirmed = "1";
    form.submit();
  });
}
