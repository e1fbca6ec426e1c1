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
  | {
      /** Redis stopped answering (unreachable or too slow) after a healthy period. */
      type: "redis.degraded";
      /** When the failure happened, epoch ms (the `clock` option's `now()`). */
      at: number;
      /**
       * The failure that started the degraded period: code `CADUCEUS_TOKEN_STORE_UNAVAILABLE` or
       * `CADUCEUS_TOKEN_STORE_TIMEOUT` (a Redis error reply is not a health change and starts none).
       */
      error: RedisTokenStoreError;
    }
  | {
      /** Redis answered again after a degraded period. */
      type: "redis.recovered";
      /** When the first successful command completed, epoch ms (the `clock` option's `now()`). */
      at: number;
      /** How long the degraded period lasted, in ms (from the `redis.degraded` event's `at`). */
      downMs: number;
    }
  | {
      /**
       * The pub/sub subscriber connection failed, or its `SUBSCRIBE` did: reported once per outage,
       * not once per reconnect attempt. Waiters poll meanwhile.
       */
      type: "subscriber.error";
      /** When the error was reported, epoch ms (the `clock` option's `now()`). */
      at: number;
      /** The connection's error, reduced to its name and message (ioredis errors may carry command arguments). */
      error: Error;
    };

/** Receives {@link RedisTokenStoreEvent}s. A hook that throws is ignored. */
export type RedisTokenStoreEventHandler = (event: RedisTokenStoreEvent) => void;
