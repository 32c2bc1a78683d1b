// Attendance register: each tap is saved at once with fetch, the button shows the new state
// straight away, and "undo" takes back the last change. Without JavaScript the same forms
// post and the page reloads.
//
// Requests go one at a time, in the order of the taps: two quick taps on one learner must
// reach the server in that order, and a reply must not undo the screen's later taps. The
// server's view of the register is shown once no tap is waiting.
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

  const post = async (form, body, revert) => {
    try {
      const response = await fetch(form.action || register.dataset.url, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok || !data.statuses) throw new Error(data.error || "");
      if (waiting === 1) show(data);
    } catch (error) {
      revert?.();
      // A refusal explains itself; a lost connection gets the page's own message.
      errorBox.textContent = error.message || errorBox.dataset.failed;
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

  undoForm?.addEventListener("submit", (event) => {
    event.preventDefault();
    send(undoForm, new FormData(undoForm));
  });
}
