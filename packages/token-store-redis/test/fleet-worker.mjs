// One process of a simulated fleet (docs/benchmarks.md, "Fleet: token requests with the Redis store").
// Started by test/fleet.test.ts and bench/fleet-day.mjs with `fork`, driven over IPC:
//   { cmd: "burst", id, tenant, calls, store: "redis" | "memory", redisPort, lockTtlMs?, commandTimeoutMs?, timeoutMs? }
//     → makes `calls` concurrent API calls with a new client for `tenant`, answers
//       { id, statuses, storeErrors, storeErrorCodes, takeovers, maxMs }
//   { cmd: "exit" } → closes every store and Redis client and exits.
// Plain JavaScript so Node 20 runs it without a TypeScript loader; it uses the package as compiled
// into .tmp/dist by test/global-setup.ts (or `bench:fleet`).
import { createAuthClient, MemoryTokenStore } from "@caduceus/auth-core";
import { Redis } from "ioredis";
import { createRedisTokenStore } from "../.tmp/dist/index.js";

const worker = process.env.FLEET_WORKER ?? "0";
const tokenUrl = process.env.FLEET_TOKEN_URL;
const baseUrl = process.env.FLEET_BASE_URL;
const redisStores = new Map();
const memoryStores = new Map();
const clients = [];

function redisStore(port, lockTtlMs, commandTimeoutMs) {
  const id = `${port}:${lockTtlMs}:${commandTimeoutMs}`;
  let store = redisStores.get(id);
  if (!store) {
    const client = new Redis({
      host: "127.0.0.1",
      port,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: () => 50,
      connectTimeout: 1_000,
    });
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
  const client = createAuthClient({
    preset: {
      vendor: "FleetMock",
      encoding: "json",
      clientAuthentication: "body",
      requestFields: { grantType: null },
    },
    credentials: {
      grant: "client_credentials",
      clientId: message.tenant,
      clientSecret: `secret-of-${message.tenant}`,
    },
    baseUrl,
    tokenUrl,
    tokenStore: store,
    timeoutMs: message.timeoutMs ?? 30_000,
    // Tags token requests with the worker, so a test can kill the process holding the fleet lock.
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set("x-fleet-worker", worker);
      return fetch(input, { ...init, headers });
    },
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
