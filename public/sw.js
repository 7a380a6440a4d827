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

async function cacheShell() {
  const cache = await caches.open(SHELL);
  const response = await fetch("/", { cache: "no-cache" });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put("/", response);
  await cache.addAll(assetPaths(html));
}

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
    // Network first, so a new version shows at once; the saved shell offline.
    event.respondWith(
      (async () => {
        try {
          const response = await fetch(request);
          if (response.ok) {
            const html = await response.clone().text();
            const cache = await caches.open(SHELL);
            await cache.put("/", response.clone());
            cache.addAll(assetPaths(html)).catch(() => {});
          }
          return response;
        } catch (offline) {
          return (await caches.match("/")) || Response.error();
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
