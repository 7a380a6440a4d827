// Lantern's service worker: keeps one whole build of the app (its page, JS,
// wasm, CSS, icons and manifests) so the app opens offline, and hands over
// to a new build only when the person says so ("A new version is ready").
// It never touches /v1/ (the app keeps the directory in IndexedDB itself)
// and never talks to any other origin.

// Written by scripts/sw-hook at build time from dist/: the build's files
// ("/" for index.html) and a version made from their contents, so every
// build that changes a file is a new service worker. Never edited by hand.
const VERSION = "dev";
const PRECACHE = [];

const PREFIX = "lantern-";
const SHELL = PREFIX + VERSION;

// A navigation to one of the build's own files (or anything named like a
// file outside the app's routes) is left to the network, so opening
// /icon.svg shows the icon and never becomes the app's page.
function isFile(pathname) {
  if (pathname === "/") return false;
  if (PRECACHE.includes(pathname)) return true;
  return !pathname.startsWith("/m/") && /\.[A-Za-z0-9]+$/.test(pathname);
}

self.addEventListener("install", (event) => {
  // All or nothing: if one file fails, the install fails, the version in
  // use stays, and the browser tries again later. "no-cache" revalidates,
  // so a stale HTTP copy of the page is never kept.
  event.waitUntil(
    caches.open(SHELL).then((cache) => cache.addAll(PRECACHE.map((path) => new Request(path, { cache: "no-cache" })))),
  );
  // No skipWaiting here: a new version waits until the person reloads, so
  // the running page keeps the files it started with.
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      // Every other version's files go (including the unversioned cache of
      // earlier builds), so nothing stays stale forever.
      for (const name of await caches.keys()) {
        if (name !== SHELL && name.startsWith(PREFIX)) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

// The app's "Reload" on the new-version notice.
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/v1/")) {
    return;
  }
  if (request.mode === "navigate") {
    if (isFile(url.pathname)) return;
    // Every route of the app is the same page: this version's, saved.
    event.respondWith(
      (async () => {
        const saved = await (await caches.open(SHELL)).match("/");
        return saved || fetch(request);
      })(),
    );
    return;
  }
  // The build's files, from this version's cache; anything else (or a file
  // missing from it) from the network, never kept.
  event.respondWith(
    (async () => {
      const saved = await (await caches.open(SHELL)).match(request);
      return saved || fetch(request);
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
