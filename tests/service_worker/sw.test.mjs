// The service worker's rules, tested in Node against stand-ins for the
// browser's caches and network (node --test; scripts/test runs it).
// What it must do: never touch /v1/, POST or other origins; keep one whole
// build, all or nothing; open every route from it when the network is away;
// leave navigations to files to the network; wait for the person before a
// new version takes over; and drop other versions' files when it does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import vm from "node:vm";

const ORIGIN = "https://lantern.example";
const SOURCE = readFileSync(new URL("../../public/sw.js", import.meta.url), "utf8");

// The files of build `version`, as scripts/sw-hook lists them.
const build = (version) => ["/", `/lantern-app-${version}.js`, `/lantern-app-${version}_bg.wasm`, `/style-${version}.css`, "/icon.svg"];

// A Request as a page makes it: a path is read against the page's origin.
class PageRequest extends Request {
  constructor(input, init) {
    super(typeof input === "string" ? new URL(input, ORIGIN) : input, init);
  }
}

// sw.js as scripts/sw-hook writes it for build `version`.
function written(version) {
  const list = JSON.stringify(build(version));
  const sw = SOURCE.replace('const VERSION = "dev";', `const VERSION = "${version}";`).replace("const PRECACHE = [];", `const PRECACHE = ${list};`);
  assert.notEqual(sw, SOURCE, "sw.js has the hook's placeholders");
  return sw;
}

const page = (version) =>
  `<!doctype html><html><head><link rel="stylesheet" href="/style-${version}.css">` +
  `<script type="module">import init from '/lantern-app-${version}.js'; init('/lantern-app-${version}_bg.wasm');</script>` +
  `</head><body></body></html>`;

// Loads sw.js with stand-in caches and a network that answers with
// `answer(url, init)` (a Response, or a thrown error when offline).
function load(answer, version = "1111", stores = new Map()) {
  const listeners = {};
  const fetched = [];
  const modes = [];
  const key = (request) => new URL(typeof request === "string" ? request : request.url, ORIGIN).href;
  const store = (name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    return stores.get(name);
  };
  const network = async (request, init) => {
    const url = key(request);
    if (typeof request !== "string" && request.cache) modes.push(request.cache);
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
  const skipped = [];
  const self = {
    location: { origin: ORIGIN },
    addEventListener: (type, listener) => (listeners[type] = listener),
    skipWaiting: async () => skipped.push(true),
    clients: { claim: async () => {} },
  };
  vm.runInContext(
    written(version),
    vm.createContext({ self, caches, fetch: network, Response, Request: PageRequest, URL, Set, Promise, setTimeout, console }),
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
  const cached = (name = `lantern-${version}`) =>
    [...(stores.get(name) ?? new Map()).keys()].map((u) => new URL(u).pathname).sort();
  // Runs a lifecycle event to its end.
  const run = async (type, data) => {
    let done;
    listeners[type]({ data, waitUntil: (p) => (done = p) });
    await done;
  };
  return { listeners, dispatch, cached, fetched, modes, caches, stores, skipped, run };
}

const ok = (body, type = "text/plain") => new Response(body, { status: 200, headers: { "content-type": type } });

// A network serving build `version` of the app, and nothing else.
const serving = (version) => (url) => {
  if (url.origin !== ORIGIN) return ok("elsewhere");
  if (url.pathname === "/") return ok(page(version), "text/html");
  if (url.pathname === "/icon.svg") return ok("<svg/>", "image/svg+xml");
  if (new RegExp(`-${version}[._]`).test(url.pathname)) return ok(`file ${url.pathname}`);
  return new Response("missing", { status: 404 });
};

test("leaves the API, other methods and other origins to the network", async () => {
  const sw = load(serving("1111"));
  await sw.run("install");
  const before = sw.fetched.length;
  for (const [url, init] of [
    ["/v1/sync?shard=online&since=0", {}],
    ["/v1/sync?shard=online&since=0", { mode: "navigate" }],
    ["/v1/reports", { method: "POST", body: "{}" }],
    ["/lantern-app-1111.js", { method: "POST", body: "x" }],
    ["https://elsewhere.example/lantern-app-1111.js", {}],
  ]) {
    assert.equal(await sw.dispatch(url, init), undefined, `${init.method ?? "GET"} ${url} is not answered`);
  }
  assert.equal(sw.fetched.length, before, "nothing was fetched on their behalf");
});

test("installs the whole build, revalidated, and waits for the person", async () => {
  const sw = load(serving("1111"));
  await sw.run("install");
  assert.deepEqual(sw.cached(), ["/", "/icon.svg", "/lantern-app-1111.js", "/lantern-app-1111_bg.wasm", "/style-1111.css"]);
  assert.deepEqual([...new Set(sw.modes)], ["no-cache"], "no stale HTTP copy is kept");
  assert.deepEqual(sw.skipped, [], "a new version does not take over by itself");
  sw.listeners.message({ data: "something else" });
  assert.deepEqual(sw.skipped, []);
  sw.listeners.message({ data: "skip-waiting" });
  assert.deepEqual(sw.skipped, [true], "it takes over when the app says the person reloads");
});

test("a build with a missing file is not installed, and an error is never kept", async () => {
  const broken = load((url) => (url.pathname.endsWith(".wasm") ? new Response("down", { status: 503 }) : serving("1111")(url)));
  await assert.rejects(broken.run("install"), "the install fails, so the version in use stays");
  const sw = load(serving("1111"));
  await sw.run("install");
  const missing = await sw.dispatch("/lantern-app-0000.js");
  assert.equal(missing.status, 404, "the error is passed on");
  assert.deepEqual(sw.cached(), ["/", "/icon.svg", "/lantern-app-1111.js", "/lantern-app-1111_bg.wasm", "/style-1111.css"], "and not kept");
});

test("every route opens from the saved build when the network is away, and saved files come first", async () => {
  let online = true;
  const sw = load((url) => {
    if (!online) throw new TypeError("Failed to fetch");
    return serving("1111")(url);
  });
  await sw.run("install");
  online = false;
  for (const route of ["/", "/log", "/help", "/guide", "/m/aa%3Ast.-mary.1", "/m/demo-aa:hybrid-circle"]) {
    const page = await sw.dispatch(route, { mode: "navigate" });
    assert.equal(page.status, 200, route);
    assert.match(await page.text(), /lantern-app-1111\.js/, route);
  }
  const before = sw.fetched.length;
  const script = await sw.dispatch("/lantern-app-1111.js");
  assert.equal(await script.text(), "file /lantern-app-1111.js");
  assert.equal(sw.fetched.length, before, "a saved file is not fetched again");
});

test("a navigation to a file is left to the network and never becomes the app's page", async () => {
  const sw = load(serving("1111"));
  await sw.run("install");
  for (const path of ["/icon.svg", "/sw.js", "/lantern-app-1111.js", "/robots.txt"]) {
    assert.equal(await sw.dispatch(path, { mode: "navigate" }), undefined, path);
  }
  const shell = await (await sw.caches.match("/")).text();
  assert.match(shell, /<!doctype html>/, "the saved page is still the app's page");
});

test("a new version keeps the old one's files until it takes over, then drops them", async () => {
  const stores = new Map();
  const old = load(serving("1111"), "1111", stores);
  await old.run("install");
  await old.run("activate");
  stores.set("lantern-shell-v1", new Map());
  stores.set("someone-else", new Map());
  const next = load(serving("2222"), "2222", stores);
  await next.run("install");
  // Installed and waiting: the running page still gets version 1111.
  const script = await old.dispatch("/lantern-app-1111.js");
  assert.equal(await script.text(), "file /lantern-app-1111.js");
  assert.ok(stores.has("lantern-1111"));
  await next.run("activate");
  assert.deepEqual([...stores.keys()].sort(), ["lantern-2222", "someone-else"], "only this version's files are kept");
  const page = await next.dispatch("/log", { mode: "navigate" });
  assert.match(await page.text(), /lantern-app-2222\.js/);
});
