// Learning events queued in IndexedDB per user until the server holds them (see README).
const body = document.body;
export const user = body?.dataset.user || "";
export const syncUrl = body?.dataset.syncUrl || "";
const DB_NAME = "rumo-offline";
const STORE = "events";
const SLICE = 100;
const WATCHED_PREFIX = "rumo-seen-"; // + user-session-video
const SYNC_TAG = "rumo-queue";

function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(STORE, { keyPath: "id" });
      store.createIndex("user", "user");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function withStore(mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = work(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(result?.value); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  });
}

export const newId = () => crypto.randomUUID?.() || "10000000-1000-4000-8000-100000000000".replace(
  /[018]/g, (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));

let sequence = 0;

export function makeEvent(kind, payload, id) {
  if (!user) throw new Error("not logged in");
  return { id: id || newId(), user: Number(user), kind, payload, occurred_at: new Date().toISOString() };
}

export async function enqueueEvents(events) {
  await withStore("readwrite", (store) => {
    for (const event of events) store.put({ ...event, seq: Date.now() * 1000 + (sequence++ % 1000) });
  });
  navigator.serviceWorker?.ready.then((r) => r.sync?.register(SYNC_TAG)).catch(() => {});
}

export async function enqueue(kind, payload, id) {
  const event = makeEvent(kind, payload, id);
  await enqueueEvents([event]);
  return event.id;
}

export async function pending(owner = user) {
  const rows = await withStore("readonly", (store) => {
    const holder = { value: [] };
    store.index("user").getAll(Number(owner)).onsuccess = (e) => { holder.value = e.target.result; };
    return holder;
  });
  return rows.sort((a, b) => a.seq - b.seq);
}

async function forget(ids) {
  if (!ids.length) return;
  await withStore("readwrite", (store) => { for (const id of ids) store.delete(id); });
}

export function csrfToken() {
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

let running = null;
let pause = 2000;
let timer = 0;

async function sendAll() {
  for (;;) {
    const events = (await pending()).slice(0, SLICE);
    if (!events.length) return true;
    const { postEvents } = await import("./posting.js");
    const response = await postEvents(events);
    if (!response.ok) return false;
    const answer = await response.json();
    if (String(answer.user) !== String(user)) return false; // another login took over
    const done = [...answer.held, ...Object.keys(answer.refused || {})];
    await forget(done);
    if (!done.length) return false;
  }
}

export function flush() {
  if (!user || !syncUrl || !("indexedDB" in window)) return Promise.resolve(true);
  if (running) return running;
  clearTimeout(timer);
  running = sendAll()
    .catch(() => false)
    .then((ok) => {
      running = null;
      if (ok) pause = 2000;
      else {
        timer = setTimeout(flush, pause);
        pause = Math.min(pause * 2, 300000);
      }
      return ok;
    });
  return running;
}

export async function forgetUser(owner = user) {
  const ids = (await pending(owner)).map((e) => e.id);
  await forget(ids);
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith(`${WATCHED_PREFIX}${owner}-`)) localStorage.removeItem(key);
  }
}

export function watchedKey(session, video) {
  return `${WATCHED_PREFIX}${user}-${session}-${video}`;
}

// Kept before records were keyed to a user (2026-12): they belong to nobody safely.
try {
  for (const key of Object.keys(localStorage)) {
    if (/^rumo-(progress-queue|watched-)/.test(key)) localStorage.removeItem(key);
  }
} catch { /* no storage */ }

if (user) {
  navigator.serviceWorker?.register("/sw.js").catch(() => {});
  window.addEventListener("online", () => { pause = 2000; flush(); });
  flush();
}
