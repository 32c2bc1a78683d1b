// Video quality chooser: see README, "Data saver" (its comments live there: every lesson loads this).
const QUALITY_KEY = "rumo-video-quality";

function remembered() {
  try { return localStorage.getItem(QUALITY_KEY); } catch { return null; }
}
function remember(height) {
  try { localStorage.setItem(QUALITY_KEY, height); } catch { /* private mode: not kept */ }
}

function switchSource(video, url) {
  if (video.currentSrc === new URL(url, document.baseURI).href) return;
  const position = video.currentTime;
  const playing = !video.paused;
  video.src = url; // overrides the <source> list
  if (position > 0 || playing) {
    // Added now, after session.js's resume-on-load handler, so this position wins.
    video.addEventListener("loadedmetadata", () => {
      video.currentTime = position;
      if (playing) video.play().catch(() => {});
    }, { once: true });
  }
}

for (const figure of document.querySelectorAll("[data-video]")) {
  const video = figure.querySelector("video");
  const chooser = figure.querySelector("[data-video-quality]");
  if (!video || !chooser) continue;
  chooser.hidden = false;
  const size = figure.querySelector("[data-video-size]");
  const showSize = (input) => { if (size && input.dataset.size) size.textContent = input.dataset.size; };
  const preferred = chooser.querySelector(`input[data-height="${remembered()}"]`);
  if (preferred && !preferred.checked) {
    preferred.checked = true;
    switchSource(video, preferred.value);
    showSize(preferred);
  }
  chooser.addEventListener("change", (event) => {
    remember(event.target.dataset.height);
    switchSource(video, event.target.value);
    showSize(event.target);
  });
}
