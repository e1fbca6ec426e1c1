import { spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { isRedisTokenStoreError, type RedisTokenStoreEvent, type RedisTokenStoreOptions } from "./index.js";
import {
  ClientPool,
  delay,
  makeToken,
  type RedisServerHandle,
  startRedisServer,
  wakeByWrite,
} from "./test-support/redis.js";

// The README's "Faults: what happens": Redis down at start, lost mid-run, slow, a lock holder killed
// mid-refresh. Every store call must fail promptly (never hang), and the store must work again once Redis is back.

const pool = new ClientPool();
const servers: RedisServerHandle[] = [];

afterEach(async () => {
  await pool.closeStores();
  pool.closeAll();
  for (const server of servers.splice(0)) await server.stop();
});

function storeOn(port: number, options: Partial<RedisTokenStoreOptions> = {}) {
  const events: RedisTokenStoreEvent[] = [];
  const client = pool.create(port);
  const store = pool.store(port, {
    client,
    commandTimeoutMs: 200,
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { store, client, events };
}

async function server(port?: number) {
  const started = await startRedisServer(port === undefined ? {} : { port });
  servers.push(started);
  return started;
}

/** Runs `call` and returns its error and how long it took to fail. */
async function failure(call: () => Promise<unknown>) {
  const started = Date.now();
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - started };
}

async function eventually(check: () => Promise<boolean>, withinMs = 5_000): Promise<void> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await delay(25);
  }
  throw new Error(`condition not met within ${withinMs} ms`);
}

describe("Redis down at start", () => {
  it("fails every operation within commandTimeoutMs, then works once Redis starts", async () => {
    const { freePort } = await import("@caduceus/test-redis-server");
    const port = await freePort();
    const { store, events } = storeOn(port);
    const token = makeToken();
    for (const call of [
      () => store.get("k1"),
      () => store.set("k1", token, 60_000),
      () => store.delete("k1"),
      () => store.lock("k1", 5_000),
      () => store.waitForToken("k1", 5_000),
    ]) {
      const { error, ms } = await failure(call);
      expect(isRedisTokenStoreError(error)).toBe(true);
      expect(ms).toBeLessThan(800);
      expect(String(error)).not.toContain(token.accessToken);
    }
    // One event per transition, not one per failed command or reconnect attempt.
    expect(events.map((e) => e.type)).toEqual(["redis.degraded", "subscriber.error"]);
    expect(store.healthy).toBe(false);

    await server(port);
    await eventually(async () => await store.set("k1", token, 60_000).then(() => true));
    expect(await store.get("k1")).toEqual(token);
    expect(events.map((e) => e.type)).toEqual(["redis.degraded", "subscriber.error", "redis.recovered"]);
    expect(store.healthy).toBe(true);
  });
});

describe("Redis lost mid-run", () => {
  it("fails fast while Redis is gone and recovers (pub/sub included) when it returns on the same port", async () => {
    const redis = await server();
    const { store, events } = storeOn(redis.port);
    const writer = storeOn(redis.port).store;
    await store.set("k1", makeToken(), 60_000);
    expect(await store.get("k1")).toBeDefined();

    await redis.kill();
    const { error, ms } = await failure(() => store.get("k1"));
    expect(isRedisTokenStoreError(error)).toBe(true);
    expect(ms).toBeLessThan(800);
    const lockFailure = await failure(() => store.lock("k1", 5_000));
    expect(isRedisTokenStoreError(lockFailure.error)).toBe(true);
    expect(events.map((e) => e.type)).toEqual(["redis.degraded"]);

    await redis.restart(); // empty: no persistence, as after a real crash
    await eventually(
      async () => (await store.get("k1")) === undefined && (await writer.get("k1")) === undefined,
    );
    expect(events.map((e) => e.type)).toEqual(["redis.degraded", "redis.recovered"]);

    // Waits work again, woken through the resubscribed channel.
    const wake = await wakeByWrite(store, writer, { settleMs: 100, waitMs: 3_000 });
    expect(wake.woken).toEqual(wake.token);
    expect(wake.afterWriteMs).toBeLessThan(900);
  });

  it("ends a wait promptly when Redis dies under it", async () => {
    const redis = await server();
    const { store } = storeOn(redis.port, { pollIntervalMs: 20, pubSub: false });
    await storeOn(redis.port).store.lock("k1", 10_000);
    await store.get("k1");
    const waiting = failure(() => store.waitForToken("k1", 10_000));
    await delay(100);
    const killed = Date.now();
    await redis.kill();
    const { error } = await waiting;
    expect(isRedisTokenStoreError(error)).toBe(true);
    expect(Date.now() - killed).toBeLessThan(800);
  });
});

describe("slow Redis", () => {
  it("rejects with a Timeout after commandTimeoutMs instead of waiting for the answer", async () => {
    const redis = await server();
    const { store, client, events } = storeOn(redis.port);
    await pool.ready(client);
    redis.freeze(); // SIGSTOP: the connection stays up, no answer comes
    try {
      const { error, ms } = await failure(() => store.get("k1"));
      expect(isRedisTokenStoreError(error) && error.code).toBe("CADUCEUS_TOKEN_STORE_TIMEOUT");
      expect(ms).toBeGreaterThanOrEqual(190);
      expect(ms).toBeLessThan(800);
      expect(events[0]?.type).toBe("redis.degraded");
    } finally {
      redis.thaw();
    }
    await eventually(async () => (await store.get("k1")) === undefined);
    expect(events.at(-1)?.type).toBe("redis.recovered");
  });
});

describe("a lock holder killed mid-refresh", () => {
  it("frees the lock at its TTL; one waiter takes over, the others get its token", async () => {
    const redis = await server();
    // A separate process takes the lock exactly as the store does, then is killed with SIGKILL.
    const holder = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { Redis } from "ioredis";
         const r = new Redis(${redis.port}, "127.0.0.1");
         await r.set("caduceus:token:lock:k1", "holder-fence", "PX", 400, "NX");
         process.stdout.write("locked\\n");
         setInterval(() => {}, 1000);`,
      ],
      { cwd: import.meta.dirname, stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => holder.stdout?.once("data", () => resolve()));
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));

    const waiters = [storeOn(redis.port).store, storeOn(redis.port).store, storeOn(redis.port).store];
    for (const w of waiters) await w.get("k1");
    const started = Date.now();
    const results = waiters.map((w) =>
      w.waitForToken("k1", 5_000).then(
        (token) => ({ token, error: undefined }),
        (error: unknown) => ({ token: undefined, error }),
      ),
    );
    const takerIndex = await Promise.race(results.map((r, i) => r.then(() => i)));
    const taker = await results[takerIndex]!;
    expect(isRedisTokenStoreError(taker.error) && taker.error.code).toBe(
      "CADUCEUS_TOKEN_STORE_LOCK_TAKEN_OVER",
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    const token = makeToken();
    await waiters[takerIndex]!.set("k1", token, 60_000);
    for (const [i, r] of results.entries()) if (i !== takerIndex) expect((await r).token).toEqual(token);
  });
});
