// Attendance register: each tap is saved at once with fetch, the button shows the new state
// straight away, and "undo" takes back the last change. Without JavaScript the same forms
// post and the page reloads.
//
// Requests go one at a time, in the order of the taps: two quick taps on one learner must
// reach the server in that order, and a reply must not undo the screen's later taps. The
// server's view of the register is shown once no tap is waiting.
//
// Offline (no network, no answer within 15 s, or a server error), the tap is queued on the
// phone with the time it was made (queue.js) and sent, in tap order, when the connection is
// back; the server keeps the latest tap per learner, whatever order they arrive in.
import { enqueue, flush } from "./queue.js";

const register = document.querySelector("[data-register]");

if (register) {
  const recorded = document.querySelector("[data-recorded]");
  const errorBox = document.querySelector("[data-error]");
  const undoForm = document.querySelector("[data-undo]");
  const undoButton = undoForm?.querySelector("button");

  const show = (data) => {
    for (const [learner, status] of Object.entries(data.statuses)) {
      const line = register.querySelector(`[data-learner="${learner}"]`);
      line?.querySelectorAll("button[name=status]").forEach((b) => {
        b.setAttribute("aria-pressed", String(b.value === status));
      });
    }
    if (recorded) recorded.textContent = data.recorded;
    if (undoButton) undoButton.disabled = !data.can_undo;
  };

  let queue = Promise.resolve();
  let waiting = 0;

  // Once a tap waits on the phone, the later ones wait behind it: sent straight away they
  // would reach the server before it and be overwritten by it.
  let queued = false;

  const queueTap = async (body) => {
    queued = true;
    await enqueue("attendance", {
      group: Number(register.dataset.group),
      scheduled: Number(register.dataset.scheduled),
      learner: Number(body.get("learner")),
      status: String(body.get("status")),
    });
    errorBox.textContent = register.dataset.savedTap;
    errorBox.hidden = false;
    flush();
  };

  const post = async (form, body, revert) => {
    try {
      if ((queued || !navigator.onLine) && body.get("learner")) {
        await queueTap(body);
        return;
      }
      const { send } = await import("./posting.js");
      const response = await send(form.action || register.dataset.url, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok || !data.statuses) throw new Error(data.error || "");
      if (waiting === 1) show(data);
    } catch (error) {
      if (error instanceof TypeError && body.get("learner")) {
        // The network, not the server: keep the tap on the phone (an undo needs the server).
        try { await queueTap(body); return; } catch { /* no storage: as below */ }
      }
      revert?.();
      // A refusal explains itself; a lost connection gets the page's own message.
      errorBox.textContent = (!(error instanceof TypeError) && error.message) || errorBox.dataset.failed;
      errorBox.hidden = false;
    } finally {
      waiting -= 1;
    }
  };

  const send = (form, body, revert) => {
    errorBox.hidden = true;
    waiting += 1;
    queue = queue.then(() => post(form, body, revert));
  };

  register.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    const button = event.submitter;
    if (!button) return;
    const body = new FormData(form);
    body.set("status", button.value);
    const before = [...form.querySelectorAll("button[name=status]")].map((b) => b.getAttribute("aria-pressed"));
    form.querySelectorAll("button[name=status]").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
    send(form, body, () => {
      form.querySelectorAll("button[name=status]").forEach((b, i) => b.setAttribute("aria-pressed", before[i]));
    });
  });

  window.addEventListener("online", () => flush());

  undoForm?.addEventListener("submit", (event) => {
    event.preventDefault();
    send(undoForm, new FormData(undoForm));
  });
}
