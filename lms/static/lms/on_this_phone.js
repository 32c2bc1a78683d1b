// The "On this phone" page: the pages the service worker keeps for the logged-in learner
// (sw.js), with the space used and left (navigator.storage.estimate()).
const list = document.querySelector("[data-kept-pages]");

async function show() {
  const urls = [];
  if ("caches" in window) {
    for (const name of await caches.keys()) {
      if (!name.startsWith("rumo-user-")) continue;
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
  }
  list.replaceChildren();
  for (const url of urls.sort()) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = url;
    link.textContent = decodeURIComponent(new URL(url).pathname);
    item.append(link);
    list.append(item);
  }
  if (!urls.length) {
    const item = document.createElement("li");
    item.textContent = list.dataset.none;
    list.append(item);
  }
  const box = document.querySelector("[data-storage]");
  if (navigator.storage?.estimate) {
    const { usage = 0, quota = 0 } = await navigator.storage.estimate();
    const mb = (n) => (n / 1e6).toFixed(1);
    box.textContent = box.dataset.template.replace("{used}", mb(usage)).replace("{quota}", mb(quota));
    box.hidden = false;
  }
}

if (list) show();
