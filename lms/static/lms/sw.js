// Rumo's service worker, served from the site root by lms.core.views.service_worker (so it
// may answer for every page). Hand-written, no build step.
// - Pages a logged-in learner opens are kept in that learner's cache and shown again when
//   the phone is offline; without a kept copy, the offline page (what is on this phone).
// - Static files: from the cache first (their names change with their content).
// - Logging out (the POST to /accounts/logout/) empties every learner's page cache: nothing of
//   one learner stays for the next one on a shared phone. A page of another learner arriving
//   does the same for the previous one.
// - Videos kept for offline answer Range requests with 206 from the cache.
// - Background Sync sends the learning events queued on the phone (at the end of this file).
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

// Modules pages import only when they send (posting.js): kept now, so a first send on a weak
// network does not wait on them.
async function keepOnDemandModules() {
  await (await caches.open(STATIC)).addAll(["/static/lms/posting.js"]);
}

self.addEventListener("install", (event) => {
  event.waitUntil(Promise.all([keepOfflinePages(), keepOnDemandModules()]).then(() => self.skipWaiting()));
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

// Background Sync: the queue queue.js keeps (the same IndexedDB database), sent by the worker
// when the browser says the connection is back, even with no Rumo page open. Only the events
// of the user whose session the browser holds: an empty batch first asks the server whose it
// is (and the server refuses any other user's event anyway). Logged out (403): nothing is
// sent, the queue waits for its owner's next login. Any other failure rejects, and the
// browser tries again later; pages still send the queue themselves on load and reconnect.
const QUEUE_DB = "rumo-offline";
const QUEUE_STORE = "events";
const QUEUE_TAG = "rumo-queue";
const QUEUE_SLICE = 100;

function queueOpen() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(QUEUE_DB, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(QUEUE_STORE, { keyPath: "id" });
      store.createIndex("user", "user");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function queueRun(mode, work) {
  const db = await queueOpen();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(QUEUE_STORE, mode);
    const holder = { value: undefined };
    work(tx.objectStore(QUEUE_STORE), holder);
    tx.oncomplete = () => { db.close(); resolve(holder.value); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

const queueOf = (user) => queueRun("readonly", (store, holder) => {
  store.index("user").getAll(Number(user)).onsuccess = (e) => {
    holder.value = e.target.result.sort((a, b) => a.seq - b.seq);
  };
});

const queueForget = (ids) => queueRun("readwrite", (store) => { for (const id of ids) store.delete(id); });

async function queuePost(events) {
  const token = (await self.cookieStore?.get("csrftoken").catch(() => null))?.value || "";
  return fetch("/api/v1/sync/", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
    body: JSON.stringify({ events }),
  });
}

async function queueSend() {
  const who = await queuePost([]);
  if (who.status === 403) return; // logged out
  if (!who.ok) throw new Error(`sync answered ${who.status}`);
  const { user } = await who.json();
  for (;;) {
    const events = ((await queueOf(user)) || []).slice(0, QUEUE_SLICE);
    if (!events.length) return;
    const response = await queuePost(events);
    if (!response.ok) throw new Error(`sync answered ${response.status}`);
    const answer = await response.json();
    if (String(answer.user) !== String(user)) throw new Error("another login took over");
    const done = [...answer.held, ...Object.keys(answer.refused || {})];
    await queueForget(done);
    if (!done.length) throw new Error("nothing held");
  }
}

self.addEventListener("sync", (event) => {
  if (event.tag === QUEUE_TAG) event.waitUntil(queueSend());
});
