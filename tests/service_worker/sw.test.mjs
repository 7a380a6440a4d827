// The service worker's rules, tested in Node against stand-ins for the
// browser's caches and network (node --test; scripts/test runs it).
// What it must do: never touch /v1/, POST or other origins; never keep an
// error answer; keep the app shell, dropping the files of older versions;
// and open from the shell when the network is away.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const ORIGIN = "https://lantern.example";
const SW = readFileSync(new URL("../../public/sw.js", import.meta.url), "utf8");

const page = (version) =>
  `<!doctype html><html><head><link rel="stylesheet" href="/style-${version}.css">` +
  `<script type="module">import init from '/lantern-app-${version}.js'; init('/lantern-app-${version}_bg.wasm');</script>` +
  `</head><body></body></html>`;

// Loads sw.js with stand-in caches and a network that answers with
// `answer(url, init)` (a Response, or a thrown error when offline).
function load(answer) {
  const listeners = {};
  const stores = new Map();
  const fetched = [];
  const key = (request) => new URL(typeof request === "string" ? request : request.url, ORIGIN).href;
  const store = (name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    return stores.get(name);
  };
  const network = async (request, init) => {
    const url = key(request);
    fetched.push(url);
    return answer(new URL(url), init);
  };
  const cacheOf = (entries) => ({
    async match(request) {
      const found = entries.get(key(request));
      return found ? found.clone() : undefined;
    },
    async put(request, response) {
      if (typeof request !== "string" && request.method && request.method !== "GET") {
        throw new TypeError("only GET requests can be cached");
      }
      entries.set(key(request), response.clone());
    },
    async addAll(paths) {
      const answers = await Promise.all(paths.map((path) => network(path)));
      if (answers.some((r) => !r.ok)) throw new TypeError("addAll: an answer was not ok");
      answers.forEach((r, i) => entries.set(key(paths[i]), r));
    },
    async keys() {
      return [...entries.keys()].map((url) => new Request(url));
    },
    async delete(request) {
      return entries.delete(key(request));
    },
  });
  const caches = {
    async open(name) {
      return cacheOf(store(name));
    },
    async keys() {
      return [...stores.keys()];
    },
    async has(name) {
      return stores.has(name);
    },
    async delete(name) {
      return stores.delete(name);
    },
    async match(request) {
      if (typeof request !== "string" && request.method && request.method !== "GET") return undefined;
      for (const entries of stores.values()) {
        const found = entries.get(key(request));
        if (found) return found.clone();
      }
      return undefined;
    },
  };
  const self = {
    location: { origin: ORIGIN },
    addEventListener: (type, listener) => (listeners[type] = listener),
    skipWaiting: async () => {},
    clients: { claim: async () => {} },
  };
  vm.runInContext(
    SW,
    vm.createContext({ self, caches, fetch: network, Response, Request, URL, Set, Promise, setTimeout, console }),
  );
  // Sends a fetch event; gives the answer (undefined: left to the network).
  const dispatch = async (url, init = {}) => {
    const { mode, ...rest } = init;
    const request = new Request(new URL(url, ORIGIN), rest);
    let responded;
    const waits = [];
    listeners.fetch({
      // Node's Request cannot be made with mode "navigate"; a browser's can.
      request: Object.defineProperty(request, "mode", { value: mode ?? "cors" }),
      respondWith: (promise) => (responded = promise),
      waitUntil: (promise) => waits.push(promise),
    });
    const response = responded ? await responded : undefined;
    await Promise.all(waits);
    return response;
  };
  const cached = () => [...(stores.get("lantern-shell-v1") ?? new Map()).keys()].map((u) => new URL(u).pathname).sort();
  return { listeners, dispatch, cached, fetched, caches, stores };
}

const ok = (body, type = "text/plain") => new Response(body, { status: 200, headers: { "content-type": type } });

// A network serving version `version` of the app, and nothing else.
const serving = (version) => (url) => {
  if (url.origin !== ORIGIN) return ok("elsewhere");
  if (url.pathname === "/") return ok(page(version), "text/html");
  if (new RegExp(`-${version}[._]`).test(url.pathname)) return ok(`file ${url.pathname}`);
  return new Response("missing", { status: 404 });
};

test("leaves the API, other methods and other origins to the network", async () => {
  const sw = load(serving("1111"));
  for (const [url, init] of [
    ["/v1/sync?shard=online&since=0", {}],
    ["/v1/reports", { method: "POST", body: "{}" }],
    ["/lantern-app-1111.js", { method: "POST", body: "x" }],
    ["https://elsewhere.example/lantern-app-1111.js", {}],
  ]) {
    assert.equal(await sw.dispatch(url, init), undefined, `${init.method ?? "GET"} ${url} is not answered`);
  }
  assert.deepEqual(sw.cached(), [], "nothing was kept");
  assert.deepEqual(sw.fetched, [], "nothing was fetched on their behalf");
});

test("installs the shell: the page and every file it names", async () => {
  const sw = load(serving("1111"));
  let installed;
  sw.listeners.install({ waitUntil: (p) => (installed = p) });
  await installed;
  assert.deepEqual(sw.cached(), ["/", "/lantern-app-1111.js", "/lantern-app-1111_bg.wasm", "/style-1111.css"]);
});

test("never keeps an error answer", async () => {
  const sw = load(serving("1111"));
  const missing = await sw.dispatch("/lantern-app-0000.js");
  assert.equal(missing.status, 404, "the error is passed on");
  const broken = load(() => new Response("down", { status: 503 }));
  const page = await broken.dispatch("/", { mode: "navigate" });
  assert.equal(page.status, 503);
  assert.deepEqual(sw.cached(), [], "the 404 was not kept");
  assert.deepEqual(broken.cached(), [], "the 503 page was not kept as the shell");
});

test("a new version's page replaces the shell and drops the old version's files", async () => {
  let version = "1111";
  const sw = load((url) => serving(version)(url));
  await sw.dispatch("/", { mode: "navigate" });
  assert.deepEqual(sw.cached(), ["/", "/lantern-app-1111.js", "/lantern-app-1111_bg.wasm", "/style-1111.css"]);
  version = "2222";
  const response = await sw.dispatch("/", { mode: "navigate" });
  assert.match(await response.text(), /lantern-app-2222\.js/, "the network's new page is shown");
  assert.deepEqual(sw.cached(), ["/", "/lantern-app-2222.js", "/lantern-app-2222_bg.wasm", "/style-2222.css"]);
  const shell = await (await sw.caches.match("/")).text();
  assert.match(shell, /lantern-app-2222\.js/, "the saved page names the files saved with it");
});

test("opens from the shell when the network is away, and serves saved files first", async () => {
  let online = true;
  const sw = load((url) => {
    if (!online) throw new TypeError("Failed to fetch");
    return serving("1111")(url);
  });
  await sw.dispatch("/", { mode: "navigate" });
  online = false;
  const page = await sw.dispatch("/log", { mode: "navigate" });
  assert.equal(page.status, 200);
  assert.match(await page.text(), /lantern-app-1111\.js/);
  const before = sw.fetched.length;
  const script = await sw.dispatch("/lantern-app-1111.js");
  assert.equal(await script.text(), "file /lantern-app-1111.js");
  assert.equal(sw.fetched.length, before, "a saved file is not fetched again");
});
