// "Download for offline" (/learn/offline/<page>/, linked from session and module pages with
// its size, written in by the server before anything is fetched): on a tap the phone asks to
// keep its storage, fetches every file the server lists (/learn/offline/<page>/files/) into
// this learner's cache and shows the bytes as they arrive. The service worker (sw.js) answers from that cache when the
// phone is offline, videos in byte ranges. Logging out empties it like the pages kept.
// Also used by the "On this phone" page: the list of downloads, their sizes, removing one.

const DOWNLOADS = "-downloads"; // rumo-user-<id>-downloads, next to sw.js's rumo-user-<id>-pages
const META = "/offline/downloads/"; // + page id: what was downloaded, kept in the same cache

export function user() {
  return document.body.dataset.user || "";
}

export function cacheName(id = user()) {
  return `rumo-user-${id}${DOWNLOADS}`;
}

// Sizes as the page's language writes numbers (pt-BR and es: decimal comma), in the same
// units as the server's filesizeformat (1 KB = 1024 bytes).
export function formatBytes(bytes, lang = document.documentElement.lang || undefined) {
  const units = ["bytes", "KB", "MB", "GB"];
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const format = new Intl.NumberFormat(lang, { maximumFractionDigits: unit ? 1 : 0, minimumFractionDigits: unit ? 1 : 0 });
  return `${format.format(value)} ${units[unit]}`;
}

function metaUrl(page) {
  return new URL(`${META}${page}.json`, location.origin).href;
}

// Every download on the phone. Caches are read by name rather than by the page's learner:
// the "On this phone" page is kept once for everyone, and only one learner's caches are ever
// on the phone (sw.js removes the previous learner's).
async function downloadCaches() {
  if (!("caches" in window)) return [];
  const names = (await caches.keys()).filter((n) => n.startsWith("rumo-user-") && n.endsWith(DOWNLOADS));
  return Promise.all(names.map((n) => caches.open(n)));
}

export async function downloads() {
  const found = [];
  for (const cache of await downloadCaches()) {
    for (const request of await cache.keys()) {
      if (!new URL(request.url).pathname.startsWith(META)) continue;
      try {
        found.push(await (await cache.match(request)).json());
      } catch { /* a half-written entry: ignored, the next download rewrites it */ }
    }
  }
  return found.sort((a, b) => a.title.localeCompare(b.title));
}

// Remove one download; files another download still lists (a session inside a downloaded
// module, a shared video) stay.
export async function removeDownload(page) {
  const all = await downloads();
  const gone = all.find((d) => String(d.page) === String(page));
  if (!gone) return;
  const kept = new Set(all.filter((d) => d !== gone).flatMap((d) => d.files));
  for (const cache of await downloadCaches()) {
    for (const key of gone.files) {
      if (!kept.has(key)) await cache.delete(new URL(key, location.origin).href);
    }
    await cache.delete(metaUrl(page));
  }
}

async function keepFile(cache, file, onBytes) {
  const response = await fetch(file.url, { credentials: "same-origin" });
  // A page that sent the learner to the login form is not the page: stop rather than keep it.
  if (!response.ok || (file.kind === "page" && response.redirected)) throw new Error(`${response.status} ${file.url}`);
  const chunks = [];
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    onBytes(value.byteLength);
  }
  const type = response.headers.get("Content-Type") || "application/octet-stream";
  const body = new Blob(chunks, { type });
  const headers = new Headers({ "Content-Type": type, "Content-Length": String(body.size), "Accept-Ranges": "bytes" });
  const disposition = response.headers.get("Content-Disposition");
  if (disposition) headers.set("Content-Disposition", disposition);
  await cache.put(new URL(file.key, location.origin).href, new Response(body, { status: 200, headers }));
  return body.size;
}

export async function download(manifest, onBytes = () => {}) {
  try {
    await navigator.storage?.persist?.(); // a request: the phone may still clear it when full
  } catch { /* not offered: the download works all the same */ }
  const cache = await caches.open(cacheName());
  let size = 0;
  try {
    for (const file of manifest.files) size += await keepFile(cache, file, onBytes);
  } catch (error) {
    // Half a download would take space and open half a lesson: what only it holds leaves.
    const others = new Set((await downloads()).filter((d) => String(d.page) !== String(manifest.page)).flatMap((d) => d.files));
    for (const file of manifest.files) {
      if (!others.has(file.key)) await cache.delete(new URL(file.key, location.origin).href);
    }
    await cache.delete(metaUrl(manifest.page));
    throw error;
  }
  const meta = {
    page: manifest.page,
    title: manifest.title,
    url: manifest.url,
    size,
    files: manifest.files.map((f) => f.key),
    at: new Date().toISOString(),
  };
  await cache.put(metaUrl(manifest.page), new Response(JSON.stringify(meta), { headers: { "Content-Type": "application/json" } }));
  return meta;
}

// The tap on [data-download]: fetch the list, then the files, showing the bytes as they arrive.
export async function start(box, kept) {
  const button = box.querySelector("[data-download-start]");
  const bar = box.querySelector("[data-download-progress]");
  const status = box.querySelector("[data-download-status]");
  const total = Number(box.dataset.size);
  button.disabled = true;
  bar.hidden = false;
  let done = 0;
  let text = {};
  const progress = () => {
    bar.value = Math.min(done, total);
    if (text.progress) status.textContent = text.progress.replace("{done}", formatBytes(done)).replace("{total}", formatBytes(Math.max(done, total)));
  };
  try {
    const response = await fetch(box.dataset.manifest, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(String(response.status));
    const manifest = await response.json();
    text = manifest.text;
    progress();
    try {
      await download(manifest, (n) => { done += n; progress(); });
    } catch (error) {
      if (error?.name === "QuotaExceededError") text.failed = text.full;
      throw error;
    }
    status.textContent = text.done;
    bar.hidden = true;
    kept(true);
  } catch {
    status.textContent = text.failed || box.dataset.failed;
  } finally {
    button.disabled = false;
  }
}

async function setUp(box) {
  const button = box.querySelector("[data-download-start]");
  const kept = (yes) => {
    box.querySelector("[data-download-kept]").hidden = !yes;
    button.hidden = yes;
  };
  if (!user() || !("caches" in window) || !("serviceWorker" in navigator)) {
    box.querySelector("[data-download-unsupported]").hidden = false;
    return;
  }
  button.addEventListener("click", () => start(box, kept));
  const here = new URL(box.dataset.url, location.origin).href;
  kept(await caches.has(cacheName()) && !!(await (await caches.open(cacheName())).match(here)));
  const space = box.querySelector("[data-download-space]");
  if (navigator.storage?.estimate) {
    const { usage = 0, quota = 0 } = await navigator.storage.estimate();
    space.textContent = space.dataset.template.replace("{left}", formatBytes(Math.max(0, quota - usage)));
    space.hidden = false;
  }
}

for (const box of document.querySelectorAll("[data-download]")) setUp(box);
