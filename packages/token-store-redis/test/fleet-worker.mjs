// One process of a simulated fleet (docs/benchmarks.md, "Fleet: token requests with the Redis store").
// Started by test/fleet.test.ts and bench/fleet-day.mjs with `fork`, driven over IPC:
//   { cmd: "burst", id, tenant, calls, store: "redis" | "memory", redisPort, lockTtlMs?, commandTimeoutMs?, timeoutMs? }
//     → makes `calls` concurrent API calls with a new client for `tenant`, answers
//       { id, statuses, storeErrors, storeErrorCodes, takeovers, maxMs }
//   { cmd: "exit" } → closes every store and Redis client and exits.
// Plain JavaScript so Node 20 runs it without a TypeScript loader; it uses the package as compiled
// into .tmp/dist by test/global-setup.ts (or `bench:fleet`).
import { MemoryTokenStore } from "@caduceus/auth-core";
import { Redis } from "ioredis";
import { createRedisTokenStore } from "../.tmp/dist/index.js";
import { createFleetClient } from "./fleet-process.mjs";
import { testClientOptions } from "./redis-client-options.mjs";

const redisStores = new Map();
const memoryStores = new Map();
const clients = [];

function redisStore(port, lockTtlMs, commandTimeoutMs) {
  const id = `${port}:${lockTtlMs}:${commandTimeoutMs}`;
  let store = redisStores.get(id);
  if (!store) {
    const client = new Redis(testClientOptions(port));
    client.on("error", () => {});
    clients.push(client);
    store = createRedisTokenStore({ client, commandTimeoutMs, lockTtlMs, subscriberIdleMs: 0 });
    redisStores.set(id, store);
  }
  return store;
}

async function burst(message) {
  const store =
    message.store === "redis"
      ? redisStore(message.redisPort, message.lockTtlMs ?? 10_000, message.commandTimeoutMs ?? 900)
      : (memoryStores.get(message.tenant) ??
        memoryStores.set(message.tenant, new MemoryTokenStore()).get(message.tenant));
  let storeErrors = 0;
  let takeovers = 0;
  const storeErrorCodes = new Set();
  const client = createFleetClient({
    tenant: message.tenant,
    tokenStore: store,
    timeoutMs: message.timeoutMs ?? 30_000,
    onEvent: (event) => {
      if (event.type !== "store.error") return;
      storeErrorCodes.add(event.error?.code);
      if (event.error?.code === "CADUCEUS_TOKEN_STORE_LOCK_TAKEN_OVER") takeovers++;
      else storeErrors++;
    },
  });
  const statuses = {};
  let maxMs = 0;
  await Promise.all(
    Array.from({ length: message.calls }, async () => {
      const started = Date.now();
      let status;
      try {
        const { response } = await client.GET(`/tenants/${message.tenant}/things`);
        status = String(response.status);
      } catch (error) {
        status = error?.name ?? "Error";
      }
      maxMs = Math.max(maxMs, Date.now() - started);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }),
  );
  return { id: message.id, statuses, storeErrors, storeErrorCodes: [...storeErrorCodes], takeovers, maxMs };
}

process.on("message", (message) => {
  if (message.cmd === "exit") {
    Promise.all([...redisStores.values()].map((s) => s.close())).finally(() => {
      for (const client of clients) client.disconnect();
      process.exit(0);
    });
    return;
  }
  if (message.cmd === "burst") {
    burst(message).then(
      (result) => process.send(result),
      (error) => process.send({ id: message.id, error: String(error?.message ?? error) }),
    );
  }
});
process.send({ ready: true });
