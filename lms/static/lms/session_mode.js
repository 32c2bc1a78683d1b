// Session mode: a running timer per agenda activity and the time left in the session. The
// state lives in localStorage, so reloading the page or locking the phone loses nothing.
const panel = document.querySelector("[data-session-timer]");

const clock = (seconds) => {
  const sign = seconds < 0 ? "−" : "";
  const s = Math.abs(Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h ? `${sign}${h}:${String(m).padStart(2, "0")}:${rest}` : `${sign}${m}:${rest}`;
};

if (panel) {
  const items = [...panel.querySelectorAll("[data-agenda-item]")];
  const total = Number(panel.dataset.total) * 60;
  const key = panel.dataset.key;
  const sessionLeft = panel.querySelector("[data-session-left]");
  const controls = panel.querySelectorAll("[data-timer-controls]");
  const startButton = panel.querySelector("[data-timer-start]");
  const pauseButton = panel.querySelector("[data-timer-pause]");
  const current = panel.querySelector("[data-current]");
  const currentTitle = panel.querySelector("[data-current-title]");
  const currentLeft = panel.querySelector("[data-current-left]");
  let shownIndex = null; // the activity whose instructions were last opened
  const load = () => {
    try {
      return JSON.parse(localStorage.getItem(key)) || null;
    } catch {
      return null;
    }
  };
  // index: current activity; elapsed: seconds spent before `since` (ms) for the session and
  // for the current activity; since: null while paused.
  let state = load() || { index: 0, elapsed: 0, activityElapsed: 0, since: null };
  const save = () => localStorage.setItem(key, JSON.stringify(state));
  const running = () => (state.since ? (Date.now() - state.since) / 1000 : 0);

  const render = () => {
    const spent = state.elapsed + running();
    sessionLeft.textContent = clock(total - spent);
    items.forEach((item, i) => {
      const left = item.querySelector("[data-activity-left]");
      item.classList.toggle("is-current", i === state.index);
      item.classList.toggle("is-done", i < state.index);
      if (i === state.index) {
        const remaining = Number(item.dataset.minutes) * 60 - (state.activityElapsed + running());
        left.textContent = clock(remaining);
        left.hidden = false;
        left.classList.toggle("is-over", remaining < 0);
        currentLeft.textContent = clock(remaining);
        currentLeft.classList.toggle("is-over", remaining < 0);
      } else {
        left.hidden = true;
      }
    });
    // The current activity's instructions open when it becomes current; the facilitator
    // may open or close any other one in between.
    if (shownIndex !== state.index) {
      shownIndex = state.index;
      items.forEach((item, i) => {
        const details = item.querySelector("[data-agenda-details]");
        if (details) details.open = i === state.index;
      });
      currentTitle.textContent = items[state.index].querySelector("h3")?.textContent || "";
    }
    current.hidden = false;
    startButton.hidden = Boolean(state.since);
    pauseButton.hidden = !state.since;
  };
  const pause = () => {
    if (!state.since) return;
    const r = running();
    state.elapsed += r;
    state.activityElapsed += r;
    state.since = null;
  };

  startButton.addEventListener("click", () => {
    state.since = Date.now();
    save();
    render();
  });
  pauseButton.addEventListener("click", () => {
    pause();
    save();
    render();
  });
  panel.querySelector("[data-timer-next]").addEventListener("click", () => {
    const wasRunning = Boolean(state.since);
    pause();
    state.index = Math.min(state.index + 1, items.length - 1);
    state.activityElapsed = 0;
    if (wasRunning) state.since = Date.now();
    save();
    render();
    items[state.index].scrollIntoView({ block: "start", behavior: "smooth" });
  });
  panel.querySelector("[data-timer-reset]").addEventListener("click", () => {
    state = { index: 0, elapsed: 0, activityElapsed: 0, since: null };
    save();
    render();
  });
  controls.forEach((c) => {
    c.hidden = false;
  });
  render();
  setInterval(render, 1000);
}

const fullscreen = document.querySelector("[data-fullscreen]");
if (fullscreen && document.documentElement.requestFullscreen) {
  fullscreen.hidden = false;
  fullscreen.addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen();
  });
}
