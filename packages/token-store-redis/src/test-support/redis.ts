import type { StoredToken } from "@caduceus/auth-core";
import { type RedisServerHandle, startRedisServer } from "@caduceus/test-redis-server";
import { Redis, type RedisOptions } from "ioredis";

export type { RedisServerHandle };
export { startRedisServer };

/**
 * Clients made for tests: fail fast while disconnected (the recommended production settings), and
 * reconnect every 50 ms so recovery tests take milliseconds.
 */
export function testClientOptions(port: number): RedisOptions {
  return {
    host: "127.0.0.1",
    port,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: () => 50,
    connectTimeout: 1_000,
  };
}

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
