// Samples the JavaScript heap of the local worker's isolate through its
// inspector (wrangler dev --inspector-port), every 20 ms, until standard
// input closes; then prints the largest used and total sizes seen, in
// bytes, as JSON. Used by scripts/bench-memory; asserts nothing.
import WebSocket from "ws";

const port = process.argv[2];
const targets = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
const target = targets.find((t) => t.webSocketDebuggerUrl);
if (!target) throw new Error(`no inspector target on port ${port}: ${JSON.stringify(targets)}`);
const socket = new WebSocket(target.webSocketDebuggerUrl);
await new Promise((resolve, reject) => {
  socket.once("open", resolve);
  socket.once("error", reject);
});
let id = 0;
const pending = new Map();
socket.on("message", (data) => {
  const message = JSON.parse(data.toString());
  const settle = pending.get(message.id);
  if (settle) {
    pending.delete(message.id);
    settle(message.result ?? {});
  }
});
const call = (method) =>
  new Promise((resolve) => {
    id += 1;
    pending.set(id, resolve);
    socket.send(JSON.stringify({ id, method }));
  });
let most = { used: 0, total: 0, samples: 0 };
const start = await call("Runtime.getHeapUsage");
console.log(JSON.stringify({ ready: true, used: start.usedSize, total: start.totalSize }));
let running = true;
process.stdin.on("close", () => (running = false));
process.stdin.resume();
while (running) {
  const usage = await call("Runtime.getHeapUsage");
  most = {
    used: Math.max(most.used, usage.usedSize ?? 0),
    total: Math.max(most.total, usage.totalSize ?? 0),
    samples: most.samples + 1,
  };
  await new Promise((resolve) => setTimeout(resolve, 20));
}
console.log(JSON.stringify(most));
socket.close();
process.exit(0);
