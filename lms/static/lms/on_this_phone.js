// The "On this phone" page: what this learner downloaded for offline (download.js), with its
// size and a button to remove it, the other pages the service worker kept as they were opened
// (sw.js), by title, and the space used and left (navigator.storage.estimate()). Sizes are
// written as the page's language writes numbers.
import { downloads, formatBytes, removeDownload } from "./download.js";

const list = document.querySelector("[data-kept-pages]");
const downloaded = document.querySelector("[data-downloads]");

function titleOf(html, fallback) {
  const match = /<title>([^<]*)<\/title>/.exec(html);
  if (!match) return fallback;
  const text = document.createElement("textarea");
  text.innerHTML = match[1]; // entities only: a textarea's content is never parsed as markup
  return text.value.replace(/\s*·\s*Rumo\s*$/, "").trim() || fallback;
}

function link(url, title) {
  const a = document.createElement("a");
  a.href = url;
  a.textContent = title;
  return a;
}

function none(box) {
  const item = document.createElement("li");
  item.textContent = box.dataset.none;
  box.append(item);
}

async function showDownloads() {
  const all = await downloads();
  downloaded.replaceChildren();
  for (const item of all) {
    const row = document.createElement("li");
    row.className = "download-row";
    const size = document.createElement("span");
    size.className = "meta";
    size.textContent = ` · ${formatBytes(item.size)}`;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "button button-outline";
    remove.textContent = downloaded.dataset.remove;
    remove.setAttribute("aria-label", `${downloaded.dataset.remove}: ${item.title}`);
    remove.addEventListener("click", async () => {
      remove.disabled = true;
      await removeDownload(item.page);
      await show();
    });
    const text = document.createElement("span");
    text.append(link(item.url, item.title), size);
    row.append(text, remove);
    downloaded.append(row);
  }
  if (!all.length) none(downloaded);
  return new Set(all.flatMap((d) => d.files.map((f) => new URL(f, location.origin).href)));
}

async function showPages(inDownloads) {
  const pages = [];
  if ("caches" in window) {
    for (const name of await caches.keys()) {
      if (!name.startsWith("rumo-user-") || !name.endsWith("-pages")) continue;
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if (inDownloads.has(request.url)) continue;
        const fallback = decodeURIComponent(new URL(request.url).pathname);
        pages.push({ url: request.url, title: titleOf(await (await cache.match(request)).text(), fallback) });
      }
    }
  }
  list.replaceChildren();
  for (const page of pages.sort((a, b) => a.title.localeCompare(b.title))) {
    const item = document.createElement("li");
    item.append(link(page.url, page.title));
    list.append(item);
  }
  if (!pages.length) none(list);
}

async function showSpace() {
  const box = document.querySelector("[data-storage]");
  if (!navigator.storage?.estimate) return;
  const { usage = 0, quota = 0 } = await navigator.storage.estimate();
  box.textContent = box.dataset.template
    .replace("{used}", formatBytes(usage))
    .replace("{left}", formatBytes(Math.max(0, quota - usage)));
  box.hidden = false;
}

async function show() {
  const inDownloads = downloaded ? await showDownloads() : new Set();
  await showPages(inDownloads);
  await showSpace();
}

if (list) show();
