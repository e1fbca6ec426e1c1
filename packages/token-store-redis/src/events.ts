import type { RedisTokenStoreError } from "./errors.js";

/**
 * Health transitions of a store, one event per change (not one per failed command: auth-core's
 * `store.error` event already reports each fallback). Never contains a token.
 *
 * - `redis.degraded`: the first failure after a healthy period. Calls now fall back to each process's
 *   in-process cache; fleet-wide reuse and single flight pause until Redis answers again.
 * - `redis.recovered`: the first success after a degraded period; `downMs` is how long it lasted.
 * - `subscriber.error`: the pub/sub connection reported an error; waiters poll until it recovers.
 *
 * @example
 * ```ts
 * createRedisTokenStore({ client, onEvent: (e) => e.type === "redis.degraded" && alert(e.error.code) });
 * ```
 */
export type RedisTokenStoreEvent =
  | { type: "redis.degraded"; at: number; error: RedisTokenStoreError }
  | { type: "redis.recovered"; at: number; downMs: number }
  | { type: "subscriber.error"; at: number; error: Error };

/** Receives {@link RedisTokenStoreEvent}s. A hook that throws is ignored. */
export type RedisTokenStoreEventHandler = (event: RedisTokenStoreEvent) => void;
