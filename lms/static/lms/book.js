// The business book on a phone with a weak connection: the entry form posts in the
// background, and when the phone is offline or the post fails the entry waits in the offline
// queue (queue.js) as a "book_entry" event, named by the id the form gave it, so an entry
// that did reach the server is never stored twice. The book's home lists what still waits.
import { enqueue, flush, pending, user } from "./queue.js";

const newId = () => crypto.randomUUID?.() || "10000000-1000-4000-8000-100000000000".replace(
  /[018]/g, (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));

const language = () => document.documentElement.lang || "pt-br";
const templateText = (name) => document.querySelector(`template[${name}]`)?.content.textContent.trim() || "";

function showErrors(form, errors) {
  for (const list of form.querySelectorAll("[data-error-for]")) {
    const messages = errors[list.dataset.errorFor] || [];
    list.replaceChildren(...messages.map((text) => Object.assign(document.createElement("li"), { textContent: text })));
    const input = form.querySelector(`[name="${list.dataset.errorFor}"]`);
    if (input) messages.length ? input.setAttribute("aria-invalid", "true") : input.removeAttribute("aria-invalid");
  }
  const first = form.querySelector("[aria-invalid]");
  if (first) {
    first.closest("details")?.setAttribute("open", "");
    first.focus();
  }
}

function payloadOf(form) {
  const data = new FormData(form);
  const number = (name) => (data.get(name) ? Number(data.get(name)) : null);
  return {
    action: "create",
    client_id: data.get("client_id"),
    kind: form.dataset.kind,
    category: data.get("category") || "",
    amount: String(data.get("amount") || "").trim(),
    occurred_on: data.get("occurred_on") || "",
    note: String(data.get("note") || "").trim(),
    product: number("product"),
    quantity: number("product") ? number("quantity") : null,
    language: language(),
  };
}

function status(form, text, offline) {
  const box = form.querySelector("[data-book-status]");
  box.textContent = text;
  box.hidden = !text;
  box.classList.toggle("is-offline", Boolean(offline));
}

async function keepOnPhone(form) {
  const payload = payloadOf(form);
  // What the server would refuse for sure is said now, while the owner is still here.
  if (!/[0-9]/.test(payload.amount) || /^[-−]/.test(payload.amount)) {
    showErrors(form, { amount: [templateText("data-book-check-text")] });
    return;
  }
  await enqueue("book_entry", payload);
  showErrors(form, {});
  status(form, templateText("data-book-offline-text"), true);
  form.querySelector('[name="amount"]').value = "";
  const note = form.querySelector('[name="note"]');
  if (note) note.value = "";
  form.querySelector("[data-book-client-id]").value = newId();
  form.querySelector('[name="amount"]').focus();
  flush();
}

function bookForm(form) {
  const clientId = form.querySelector("[data-book-client-id]");
  clientId.value = newId();
  form.addEventListener("submit", async (event) => {
    if (!user || !("indexedDB" in window)) return; // an ordinary post
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      if (navigator.onLine === false) {
        await keepOnPhone(form);
        return;
      }
      let response;
      try {
        response = await fetch(form.action || location.href, {
          method: "POST", body: new FormData(form), credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
      } catch {
        response = null; // no connection after all
      }
      if (response?.ok) {
        location.assign((await response.json()).redirect);
      } else if (response?.status === 400) {
        showErrors(form, (await response.json()).errors || {});
      } else {
        await keepOnPhone(form); // offline, or the server could not answer: try again later
      }
    } finally {
      button.disabled = false;
    }
  });
}

async function pendingList(section) {
  const list = section.querySelector("[data-book-pending-list]");
  const labels = Object.fromEntries(
    [...document.querySelectorAll(".book-kind")].map((a) => [a.className.match(/book-kind-(\w+)/)?.[1], a.querySelector("span").textContent.trim()]));
  const waiting = (await pending()).filter((e) => e.kind === "book_entry" && e.payload.action === "create");
  list.replaceChildren(...waiting.map((e) => {
    const item = document.createElement("li");
    const row = Object.assign(document.createElement("div"), { className: `book-entry book-entry-${e.payload.kind}` });
    const what = Object.assign(document.createElement("span"), { className: "book-entry-what" });
    what.append(Object.assign(document.createElement("strong"), { textContent: labels[e.payload.kind] || e.payload.kind }),
      Object.assign(document.createElement("span"), { className: "meta", textContent: [e.payload.occurred_on, e.payload.note].filter(Boolean).join(" · ") }));
    row.append(what, Object.assign(document.createElement("span"), { className: "book-amount", textContent: e.payload.amount }));
    item.append(row);
    return item;
  }));
  section.hidden = !waiting.length;
  return waiting.length;
}

async function bookHome(section) {
  if (!user || !("indexedDB" in window)) return;
  const waiting = await pendingList(section);
  if (!waiting) return;
  const sent = async () => {
    if ((await flush()) && !(await pendingList(section))) location.reload(); // totals now include them
  };
  window.addEventListener("online", sent);
  sent();
}

for (const form of document.querySelectorAll("form[data-book-form]")) bookForm(form);
const section = document.querySelector("[data-book-pending]");
if (section) bookHome(section);
