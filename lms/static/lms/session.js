// Session page behaviour, opted in by data- attributes. The page works without it:
// forms post normally; this adds instant quiz feedback and video progress with resume.
import { enqueue, flush, watchedKey } from "./queue.js";

const article = document.querySelector("[data-session]");
const sessionId = Number(article?.dataset.session || 0);
const offlineStrings = document.querySelector("[data-offline-strings]")?.dataset || {};

// Progress events are queued on the phone (queue.js) and sent now or when back online.
function record(payload) {
  if (!article?.dataset.progressUrl) return;
  enqueue("video_progress", { session: sessionId, ...payload }).then(flush).catch(() => {});
}

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
  const key = watchedKey(article?.dataset.session, figure.dataset.video);
  let lastSent = 0;
  const report = () => {
    if (!video.duration) return;
    let ranges = [];
    try { ranges = JSON.parse(localStorage.getItem(key) || "[]"); } catch { ranges = []; }
    for (let i = 0; i < video.played.length; i += 1) ranges.push([video.played.start(i), video.played.end(i)]);
    ranges = merge(ranges);
    localStorage.setItem(key, JSON.stringify(ranges));
    const watched = ranges.reduce((sum, [a, b]) => sum + (b - a), 0);
    record({
      block_id: figure.dataset.video,
      progress: Math.min(1, watched / video.duration),
      position: video.currentTime,
      watched: ranges.slice(-200),
    });
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
      if (!navigator.onLine) throw new TypeError("offline");
      const { send } = await import("./posting.js");
      const response = await send(form.action, {
        method: "POST", body: new FormData(form), headers: { Accept: "application/json" },
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
    } catch (error) {
      if (!(error instanceof TypeError)) { form.submit(); return; }
      // No network: queued, and scored by the server when they arrive.
      const responses = {};
      for (const [name, value] of new FormData(form)) {
        if (name.startsWith("q-")) (responses[name.slice(2)] ||= []).push(String(value));
      }
      const block = form.closest("[id^=b-]")?.id.slice(2) || "";
      const token = form.querySelector("input[name=token]");
      try {
        const id = /^[0-9a-f-]{36}$/.test(token.value) ? token.value : undefined;
        await enqueue("quiz_submit", { session: sessionId, block_id: block, responses }, id);
        form.closest("[data-quiz]").querySelector("[data-quiz-result]").textContent = offlineStrings.savedQuiz || "✓";
        token.value = crypto.randomUUID ? crypto.randomUUID() : String(Date.now());
      } catch {
        form.submit();
      }
    } finally {
      button.disabled = false;
    }
  });
}

for (const button of document.querySelectorAll("[data-print]")) button.addEventListener("click", () => window.print());
