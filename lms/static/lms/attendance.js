// Attendance register: each tap is saved at once with fetch, the button shows the new state
// straight away, and "undo" takes back the last change. Without JavaScript the same forms
// post and the page reloads.
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

  const send = async (form, body, pending) => {
    errorBox.hidden = true;
    try {
      const response = await fetch(form.action || register.dataset.url, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const data = await response.json();
      if (!response.ok) throw new Error(data.error || response.statusText);
      show(data);
    } catch (error) {
      pending?.();
      errorBox.textContent = error.message;
      errorBox.hidden = false;
    }
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
