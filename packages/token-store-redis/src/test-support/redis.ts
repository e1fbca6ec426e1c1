import type { StoredToken } from "@caduceus/auth-core";
import { type RedisServerHandle, startRedisServer } from "@caduceus/test-redis-server";
import { Redis, type RedisOptions } from "ioredis";
import { afterAll, afterEach, beforeAll } from "vitest";
import { testClientOptions } from "../../test/redis-client-options.mjs";
import type { RedisTokenStoreOptions } from "../options.js";
import { createRedisTokenStore, type RedisTokenStore } from "../redis-token-store.js";

export type { RedisServerHandle };
export { startRedisServer, testClientOptions };

/** Tracks clients and stores so `closeStores()` and `closeAll()` leave no store or socket open. */
export class ClientPool {
  readonly #clients: Redis[] = [];
  readonly #stores: RedisTokenStore[] = [];

  create(port: number, extra: RedisOptions = {}): Redis {
    const client = new Redis({ ...testClientOptions(port), ...extra });
    client.on("error", () => {}); // connection errors are the point of the fault tests
    this.#clients.push(client);
    return client;
  }

  async ready(client: Redis): Promise<Redis> {
    if (client.status === "ready") return client;
    await new Promise<void>((resolve) => client.once("ready", () => resolve()));
    return client;
  }

  /** A store on a new client of `port` (or on `options.client`), closed by `closeStores()`. */
  store(port: number, options: Partial<RedisTokenStoreOptions> = {}): RedisTokenStore {
    const store = createRedisTokenStore({ client: options.client ?? this.create(port), ...options });
    this.#stores.push(store);
    return store;
  }

  /** Closes every store made by `store()` since the last call: what a file's `afterEach` runs. */
  async closeStores(): Promise<void> {
    for (const store of this.#stores.splice(0)) await store.close();
  }

  closeAll(): void {
    for (const client of this.#clients.splice(0)) client.disconnect();
  }
}

/** A test file's Redis server and client pool, as {@link useRedisServer} runs them. */
export interface RedisServerFixture {
  /** The server, once `beforeAll` has started it. */
  readonly server: RedisServerHandle;
  /** A connected client of the server, for a test's own reads and setup (`pttl`, `acl`, …). */
  readonly admin: Redis;
  /** Clients and stores of the file: stores close after each test, clients after the last. */
  readonly pool: ClientPool;
}

/**
 * One Redis server for a whole test file: started before its first test, stopped after its last.
 * After each test the stores of `pool` are closed, then the data flushed, so every test starts on an
 * empty server with no store of an earlier test still writing. Read `server` and `admin` inside tests
 * and hooks (`beforeAll` sets them).
 */
export function useRedisServer(): RedisServerFixture {
  let started: { server: RedisServerHandle; admin: Redis } | undefined;
  const pool = new ClientPool();
  const running = () => {
    if (!started) throw new Error("the Redis server starts in beforeAll: use it inside a test or a hook");
    return started;
  };
  beforeAll(async () => {
    const server = await startRedisServer();
    started = { server, admin: await pool.ready(pool.create(server.port)) };
  });
  afterEach(async () => {
    await pool.closeStores();
    await running().admin.flushall();
  });
  afterAll(async () => {
    pool.closeAll();
    await started?.server.stop();
  });
  return {
    pool,
    get server() {
      return running().server;
    },
    get admin() {
      return running().admin;
    },
  };
}

let serial = 0;
/** A token whose access token is unique and recognisable in leak checks. */
export function makeToken(lifeMs = 3_600_000, now = Date.now()): StoredToken {
  serial++;
  return {
    accessToken: `secret-access-token-${serial}-${Math.random().toString(36).slice(2)}`,
    tokenType: "Bearer",
    expiresAt: now + lifeMs,
    obtainedAt: now,
    scope: ["read"],
  };
}

/** Resolves after `ms` of real time. */
export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A waiter woken by another store's write: `writer` holds the lock of `"k1"`, `waiter` reads the key
 * (a miss) and waits for it up to `waitMs`; `settleMs` later the writer stores a fresh token. Resolves
 * with that token, what the wait resolved with, and how long after the write the waiter woke.
 */
export async function wakeByWrite(
  waiter: RedisTokenStore,
  writer: RedisTokenStore,
  { settleMs, waitMs = 5_000 }: { settleMs: number; waitMs?: number },
): Promise<{ token: StoredToken; woken: StoredToken | undefined; afterWriteMs: number }> {
  await writer.lock("k1", 5_000);
  await waiter.get("k1");
  const waiting = waiter.waitForToken("k1", waitMs);
  await delay(settleMs);
  const token = makeToken();
  const written = Date.now();
  await writer.set("k1", token, 60_000);
  const woken = await waiting;
  return { token, woken, afterWriteMs: Date.now() - written };
}
