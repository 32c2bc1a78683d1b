// Rumo's service worker, served from the site root by lms.core.views.service_worker (so it
// may answer for every page). Hand-written, no build step.
// - Pages a logged-in learner opens are kept in that learner's cache and shown again when
//   the phone is offline; without a kept copy, the offline page (what is on this phone).
// - Static files: from the cache first (their names change with their content).
// - Logging out (the POST to /accounts/logout/) empties every learner's page cache: nothing of
//   one learner stays for the next one on a shared phone. A page of another learner arriving
//   does the same for the previous one.
// - Videos kept for offline answer Range requests with 206 from the cache.
const VERSION = "v1";
const STATIC = `rumo-static-${VERSION}`;
const OFFLINE_PAGES = ["/pt-br/offline/", "/es/offline/"];
const USER_PAGES = "rumo-user-"; // + user id + "-pages", or "-downloads" (download.js)

// The offline pages and the files they load (their names carry a hash in production).
async function keepOfflinePages() {
  const cache = await caches.open(STATIC);
  await cache.addAll(OFFLINE_PAGES);
  const files = new Set();
  for (const url of OFFLINE_PAGES) {
    const html = await (await cache.match(url)).text();
    for (const [, file] of html.matchAll(/(?:src|href)="(\/static\/[^"]+)"/g)) files.add(file);
  }
  await cache.addAll([...files]);
}

self.addEventListener("install", (event) => {
  event.waitUntil(keepOfflinePages().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("rumo-static-") && name !== STATIC) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// Every learner's caches, or all but those of one learner (``keep``: "rumo-user-<id>-").
async function dropUserPages(keep = "") {
  for (const name of await caches.keys()) {
    if (name.startsWith(USER_PAGES) && !(keep && name.startsWith(keep))) await caches.delete(name);
  }
}

async function keepPage(request, response) {
  const html = await response.clone().text();
  const user = html.match(/<body[^>]*\sdata-user="(\d+)"/);
  if (!user) return;
  const name = `${USER_PAGES}${user[1]}-pages`;
  await dropUserPages(`${USER_PAGES}${user[1]}-`);
  await (await caches.open(name)).put(request.url, response);
}

async function userPage(url) {
  for (const name of await caches.keys()) {
    if (!name.startsWith(USER_PAGES)) continue;
    const hit = await (await caches.open(name)).match(url);
    if (hit) return hit;
  }
  return null;
}

async function page(event) {
  try {
    const response = await fetch(event.request);
    const path = new URL(event.request.url).pathname;
    const kept = !/\/(offline|accounts)\//.test(path); // not worth a place on the phone
    if (kept && response.ok && (response.headers.get("Content-Type") || "").startsWith("text/html")) {
      event.waitUntil(keepPage(event.request, response.clone()));
    }
    return response;
  } catch {
    const language = new URL(event.request.url).pathname.startsWith("/es/") ? "/es/" : "/pt-br/";
    return (await userPage(event.request.url)) || (await caches.match(`${language}offline/`)) || Response.error();
  }
}

async function ranged(request, cached) {
  const body = await cached.arrayBuffer();
  const match = /bytes=(\d*)-(\d*)/.exec(request.headers.get("Range") || "");
  if (!match) return new Response(body, { headers: cached.headers });
  const start = match[1] ? Number(match[1]) : Math.max(0, body.byteLength - Number(match[2]));
  const end = match[1] && match[2] ? Math.min(Number(match[2]), body.byteLength - 1) : body.byteLength - 1;
  return new Response(body.slice(start, end + 1), {
    status: 206,
    headers: {
      "Content-Type": cached.headers.get("Content-Type") || "video/mp4",
      "Content-Range": `bytes ${start}-${end}/${body.byteLength}`,
      "Content-Length": String(end - start + 1),
      "Accept-Ranges": "bytes",
    },
  });
}

// Uploads a learner downloaded for offline (videos, posters, captions, pictures, files):
// from this learner's cache first, since their names change whenever their content does,
// else from the network.
function downloadable(url) {
  return url.pathname.startsWith("/media/") || url.pathname.startsWith("/documents/");
}

async function fromDownloads(request) {
  return (await userPage(request.url)) || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname.endsWith("/accounts/logout/")) {
    event.waitUntil(dropUserPages());
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        event.waitUntil(caches.open(STATIC).then((cache) => cache.put(request, copy)));
      }
      return response;
    })));
  } else if (request.headers.has("Range")) {
    event.respondWith(caches.match(url.href, { ignoreSearch: true }).then((hit) => (hit ? ranged(request, hit) : fetch(request))));
  } else if (downloadable(url)) {
    event.respondWith(fromDownloads(request));
  }
});
