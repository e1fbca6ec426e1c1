// One process of the simulated fleet day (bench/fleet-day.mjs). Its clock is a fake one that the
// driver moves forward tick by tick, so a day of token lifetimes passes in seconds. Commands (IPC):
//   { cmd: "reset", id, mode: "redis" | "memory", tenant, start, redisPort }
//   { cmd: "tick", id, at, calls, recycle }  → { id, statuses }
//   { cmd: "exit" }
// `recycle` replaces this "process" by a fresh one: a new store object gives auth-core a new in-process
// cache, exactly as a new process (a serverless cold start, a redeployed pod) would start.
import { MemoryTokenStore } from "@caduceus/auth-core";
import { createFakeClock } from "@caduceus/auth-core/testing";
import { Redis } from "ioredis";
import { createRedisTokenStore } from "../.tmp/dist/index.js";
import { createFleetClient } from "../test/fleet-process.mjs";

const worker = process.env.FLEET_WORKER ?? "0";

let redisClient;
let setup;
let clock;
let api;
let inflight = 0;
const stores = [];

/** Counts store calls and token requests in flight, so a tick ends only when background work is done. */
function counted(promise) {
  inflight++;
  return Promise.resolve(promise).finally(() => {
    inflight--;
  });
}

function countingStore(inner) {
  const store = {
    get: (k) => counted(inner.get(k)),
    set: (k, v, ttl) => counted(inner.set(k, v, ttl)),
    delete: (k) => counted(inner.delete(k)),
  };
  if (inner.lock) {
    store.lock = (k, ttl) =>
      counted(inner.lock(k, ttl)).then((lock) => lock && { release: () => counted(lock.release()) });
  }
  if (inner.waitForToken) store.waitForToken = (k, ms, signal) => counted(inner.waitForToken(k, ms, signal));
  return store;
}

function incarnate() {
  let inner;
  if (setup.mode === "redis") {
    inner = createRedisTokenStore({ client: redisClient, subscriberIdleMs: 0 });
    stores.push(inner);
  } else {
    inner = new MemoryTokenStore();
  }
  api = createFleetClient({
    tenant: setup.tenant,
    track: counted,
    tokenStore: countingStore(inner),
    clock,
    ...(process.env.BENCH_DEBUG
      ? {
          onEvent: (e) => {
            if (e.type.startsWith("token.") || e.type === "store.error")
              console.error(
                `w${worker} t=${(e.at - setup.start) / 60_000} ${e.type} ${e.background ?? ""} ${e.error?.message ?? ""}`,
              );
          },
        }
      : {}),
  });
}

async function quiet() {
  // Let the background refresh a call may have started reach its first store call, then wait it out.
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    while (inflight > 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function handle(message) {
  if (message.cmd === "reset") {
    if (message.mode === "redis" && !redisClient) {
      redisClient = new Redis({ host: "127.0.0.1", port: message.redisPort, enableOfflineQueue: false });
      redisClient.on("error", () => {});
      await new Promise((resolve) => redisClient.once("ready", resolve));
    }
    setup = message;
    clock = createFakeClock(message.start);
    incarnate();
    return { id: message.id };
  }
  if (message.cmd === "tick") {
    if (message.recycle) incarnate();
    await clock.advance(message.at - clock.now());
    const statuses = {};
    for (let i = 0; i < message.calls; i++) {
      const { response } = await api.GET(`/tenants/${setup.tenant}/things`);
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }
    await quiet();
    return { id: message.id, statuses };
  }
  return { id: message.id };
}

process.on("message", (message) => {
  if (message.cmd === "exit") {
    Promise.all(stores.map((s) => s.close())).finally(() => {
      redisClient?.disconnect();
      process.exit(0);
    });
    return;
  }
  handle(message).then(
    (result) => process.send(result),
    (error) => process.send({ id: message.id, error: String(error?.stack ?? error) }),
  );
});
process.send({ ready: true });
