import type { StoredToken } from "@caduceus/auth-core";
import { type RedisServerHandle, startRedisServer } from "@caduceus/test-redis-server";
import { Redis, type RedisOptions } from "ioredis";
import { testClientOptions } from "../../test/redis-client-options.mjs";
import type { RedisTokenStore } from "../redis-token-store.js";

export type { RedisServerHandle };
export { startRedisServer, testClientOptions };

/** Tracks clients so `closeAll()` leaves no socket open. */
export class ClientPool {
  readonly #clients: Redis[] = [];

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

  closeAll(): void {
    for (const client of this.#clients.splice(0)) client.disconnect();
  }
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
