// Lantern's service worker: keeps the app shell (HTML, JS, wasm, CSS, icons)
// so the app opens offline. It never touches /v1/ (the app keeps the
// directory in IndexedDB itself) and never talks to any other origin.
const SHELL = "lantern-shell-v1";

// Asset paths named in the HTML: Trunk's hashed JS, wasm and CSS.
function assetPaths(html) {
  const paths = new Set();
  for (const match of html.matchAll(/(?:href|src)=["'](\/[^"'?#]+)["']|["'](\/[^"'?#]+\.(?:js|wasm))["']/g)) {
    const path = match[1] || match[2];
    if (!path.startsWith("/v1/")) paths.add(path);
  }
  return [...paths];
}

// Saves a page and the files it names. The page is stored last, so a saved
// page never names files that are missing (which would start blank offline).
// Files of older versions are dropped once the new page is saved.
async function saveShell(response) {
  const cache = await caches.open(SHELL);
  const html = await response.clone().text();
  const assets = assetPaths(html);
  await cache.addAll(assets);
  await cache.put("/", response);
  const keep = new Set(assets.map((path) => new URL(path, self.location.origin).href));
  for (const request of await cache.keys()) {
    const url = new URL(request.url);
    if (url.pathname !== "/" && !keep.has(url.href)) await cache.delete(request);
  }
}

async function cacheShell() {
  const response = await fetch("/", { cache: "no-cache" });
  if (response.ok) await saveShell(response);
}

// How long a page load waits for the network before the saved app opens: on
// a bad connection a quick start beats a long blank screen.
const NETWORK_WAIT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== SHELL) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/v1/")) {
    return;
  }
  if (request.mode === "navigate") {
    // Network first, so a new version shows at once; the saved shell when
    // offline or when the network is too slow.
    const network = fetch(request);
    event.waitUntil(
      network
        .then((response) => (response.ok ? saveShell(response.clone()) : undefined))
        .catch(() => {}),
    );
    event.respondWith(
      (async () => {
        const saved = await caches.match("/");
        const slow = new Promise((resolve) => setTimeout(() => resolve(saved), NETWORK_WAIT_MS));
        try {
          const response = await (saved ? Promise.race([network, slow]) : network);
          return response || saved || Response.error();
        } catch (offline) {
          return saved || Response.error();
        }
      })(),
    );
    return;
  }
  // Hashed assets never change under one name: the cache first.
  event.respondWith(
    (async () => {
      const cached = await caches.match(request);
      if (cached) return cached;
      const response = await fetch(request);
      if (response.ok) {
        const cache = await caches.open(SHELL);
        cache.put(request, response.clone()).catch(() => {});
      }
      return response;
    })(),
  );
});

// The reminder's notification (shown by the app while it runs): a tap opens
// the log in the app's window, or a new one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      for (const client of windows) {
        if ("focus" in client) {
          await client.focus();
          if ("navigate" in client) await client.navigate("/log");
          return;
        }
      }
      await self.clients.openWindow("/log");
    })(),
  );
});
