// [data-offline-form]: queued on the phone when the network is gone. [data-logout]: a last
// sync, a warning if events would be lost, then the user's queue and
// watched parts leave the phone.
import { enqueue, flush, forgetUser, pending, user } from "./queue.js";

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

function payloadOf(form) {
  const data = new FormData(form);
  if (form.dataset.offlineForm === "reflection") {
    return {
      session: Number(form.dataset.session),
      block_id: form.dataset.block,
      text: String(data.get("text") || ""),
      shared: data.get("shared") !== null,
    };
  }
  const plan = {};
  for (const name of ["dreams", "strengths", "resources", "first_step"]) plan[name] = String(data.get(name) || "");
  return plan;
}

for (const form of document.querySelectorAll("[data-offline-form]")) {
  form.addEventListener("submit", async (event) => {
    if (navigator.onLine) return; // online, the form posts as it does without JavaScript
    event.preventDefault();
    try {
      await enqueue(form.dataset.offlineForm, payloadOf(form));
      status(form, strings.saved || "✓");
    } catch {
      form.submit();
    }
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
