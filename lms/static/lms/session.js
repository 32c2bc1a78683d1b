// Session page behaviour, opted in by data- attributes. The page works without it:
// forms post normally; this adds instant quiz feedback and video progress with resume.
const article = document.querySelector("[data-session]");
const progressUrl = article?.dataset.progressUrl;
const QUEUE_KEY = "rumo-progress-queue";

function csrfToken() {
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

// Progress events survive a dropped connection: queued in localStorage, sent when online.
function queue() {
  try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]"); } catch { return []; }
}
async function send(url, payload) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
    body: JSON.stringify(payload),
    credentials: "same-origin",
  });
  if (!response.ok && response.status >= 500) throw new Error(String(response.status));
}
async function flush() {
  const pending = queue();
  if (!pending.length || !navigator.onLine) return;
  localStorage.setItem(QUEUE_KEY, "[]");
  for (const [index, item] of pending.entries()) {
    try { await send(item.url, item.payload); } catch {
      localStorage.setItem(QUEUE_KEY, JSON.stringify(pending.slice(index).concat(queue())));
      return;
    }
  }
}
function record(payload) {
  if (!progressUrl) return;
  send(progressUrl, payload).catch(() => {
    const pending = queue().filter((item) => item.payload.block_id !== payload.block_id);
    pending.push({ url: progressUrl, payload });
    localStorage.setItem(QUEUE_KEY, JSON.stringify(pending));
  });
}
window.addEventListener("online", flush);
flush();

// Videos: resume at the saved position; report the share watched and the position. The
// parts watched are remembered across visits (and quality switches, which reset
// video.played), so watching in several sittings counts.
function merge(ranges) {
  const sorted = ranges.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 0.5) last[1] = Math.max(last[1], b); else out.push([a, b]);
  }
  return out;
}
for (const figure of document.querySelectorAll("[data-video]")) {
  const video = figure.querySelector("video");
  const resume = parseFloat(figure.dataset.resume || "0");
  const key = `rumo-watched-${article?.dataset.session}-${figure.dataset.video}`;
  let lastSent = 0;
  const report = () => {
    if (!video.duration) return;
    let ranges = [];
    try { ranges = JSON.parse(localStorage.getItem(key) || "[]"); } catch { ranges = []; }
    for (let i = 0; i < video.played.length; i += 1) ranges.push([video.played.start(i), video.played.end(i)]);
    ranges = merge(ranges);
    localStorage.setItem(key, JSON.stringify(ranges));
    const watched = ranges.reduce((sum, [a, b]) => sum + (b - a), 0);
    record({ block_id: figure.dataset.video, progress: Math.min(1, watched / video.duration), position: video.currentTime });
    lastSent = Date.now();
  };
  video.addEventListener("loadedmetadata", () => {
    if (resume > 0 && resume < video.duration - 1) video.currentTime = resume;
  });
  video.addEventListener("timeupdate", () => { if (Date.now() - lastSent > 10000) report(); });
  video.addEventListener("pause", report);
  video.addEventListener("ended", report);
  window.addEventListener("pagehide", () => { if (!video.paused) report(); });
}

// Quizzes: submit without leaving the page and show feedback under each question.
for (const form of document.querySelectorAll("[data-quiz-form]")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new FormData(form), headers: { Accept: "application/json" }, credentials: "same-origin",
      });
      const data = await response.json();
      const result = form.closest("[data-quiz]").querySelector("[data-quiz-result]");
      for (const fieldset of form.querySelectorAll("[data-question]")) {
        fieldset.classList.remove("is-correct", "is-wrong", "has-error");
        fieldset.querySelector("[data-feedback]").textContent = "";
      }
      if (!response.ok) {
        result.textContent = data.error;
        for (const [id, message] of Object.entries(data.errors || {})) {
          const fieldset = form.querySelector(`[data-question="${id}"]`);
          fieldset.classList.add("has-error");
          fieldset.querySelector("[data-feedback]").textContent = message;
        }
        return;
      }
      for (const question of data.questions) {
        const fieldset = form.querySelector(`[data-question="${question.id}"]`);
        fieldset.classList.add(question.correct ? "is-correct" : "is-wrong");
        const box = fieldset.querySelector("[data-feedback]");
        const verdict = document.createElement("p");
        verdict.className = "verdict";
        verdict.textContent = question.correct ? form.dataset.right || "✓" : form.dataset.wrong || "✗";
        box.append(verdict);
        for (const text of [...question.feedback, question.explanation].filter(Boolean)) {
          const p = document.createElement("p");
          p.textContent = text;
          box.append(p);
        }
      }
      result.textContent = `${data.summary}`;
      form.querySelector("input[name=token]").value = crypto.randomUUID ? crypto.randomUUID() : String(Date.now());
    } catch {
      form.submit();
    } finally {
      button.disabled = false;
    }
  });
}

for (const button of document.querySelectorAll("[data-print]")) button.addEventListener("click", () => window.print());
