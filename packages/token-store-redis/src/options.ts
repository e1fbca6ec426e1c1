import { type Clock, systemClock } from "@caduceus/auth-core";
import { AuthConfigError } from "@caduceus/auth-core/errors";
import type { RedisTokenStoreClient } from "./client.js";
import type { RedisTokenStoreEventHandler } from "./events.js";

/** Default key prefix: every key the store writes starts with it. */
export const DEFAULT_PREFIX = "caduceus:token:";
/** Default limit on one Redis command, in ms. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 500;
/** Default interval of `get` polling while waiting for a token when pub/sub is off or unavailable. */
export const DEFAULT_POLL_INTERVAL_MS = 50;
/** Default time an unused subscriber connection is kept before it is closed. */
export const DEFAULT_SUBSCRIBER_IDLE_MS = 10_000;
/** Default longest life of a refresh lock, in ms. */
export const DEFAULT_LOCK_TTL_MS = 10_000;
/** Default longest time a token stays in Redis (also used when its expiry is unknown): 24 h. */
export const DEFAULT_MAX_TTL_MS = 86_400_000;

/**
 * Options of {@link createRedisTokenStore}.
 *
 * @example
 * ```ts
 * createRedisTokenStore({ client: new Redis(url, { enableOfflineQueue: false }), prefix: "billing:tokens:", commandTimeoutMs: 250 });
 * ```
 */
export interface RedisTokenStoreOptions {
  /**
   * An ioredis `Redis` or `Cluster` client. Required. The store never quits it: you own its lifecycle.
   * Recommended: `enableOfflineQueue: false` (commands fail at once while disconnected instead of
   * queueing); the store also refuses to queue on its own, checking `status` before each command.
   */
  client: RedisTokenStoreClient;
  /**
   * Prefix of every key (tokens, locks) and of the pub/sub channel. Default `"caduceus:token:"`.
   * Give each application or environment sharing a Redis its own prefix. 1 to 256 characters.
   */
  prefix?: string;
  /**
   * Most time one Redis command may take, in ms, waiting for a (re)connection included. Past it the
   * operation rejects with a `RedisTokenStoreError` (code `CADUCEUS_TOKEN_STORE_TIMEOUT`) and the
   * engine falls back to its in-process cache. Default 500; 1 to 60,000.
   */
  commandTimeoutMs?: number;
  /**
   * Longest life of a refresh lock, in ms: the lock's TTL is the smaller of this and the TTL auth-core
   * asks for (its `timeoutMs`, 30 s by default). When a holder dies mid-refresh, the others take over
   * after this long, so keep it below the clients' `timeoutMs` and above a slow token request.
   * Default 10,000; 100 to 600,000.
   */
  lockTtlMs?: number;
  /**
   * Wake waiting processes through Redis pub/sub when a token is stored or a lock released. Default
   * `true`. With `false` (e.g. a Redis proxy without pub/sub), waiters poll every `pollIntervalMs`.
   */
  pubSub?: boolean;
  /**
   * Interval of `get` polling while waiting for another process's token, when pub/sub is off or its
   * connection is down, in ms. Default 50; 10 to 10,000. With pub/sub up, the store still re-reads
   * once a second as a safety net against a missed message.
   */
  pollIntervalMs?: number;
  /**
   * How long the subscriber connection is kept after the last waiter leaves, in ms. Default 10,000;
   * `0` closes it as soon as no one waits. It is opened again on the next wait.
   */
  subscriberIdleMs?: number;
  /**
   * Longest time a token is kept in Redis, in ms; also the TTL of a token whose expiry is unknown.
   * Default 86,400,000 (24 h). `Infinity` keeps tokens of unknown expiry until deleted (e.g. on a 401).
   */
  maxTtlMs?: number;
  /** Receives the store's health transitions ({@link RedisTokenStoreEvent}). A hook that throws is ignored. */
  onEvent?: RedisTokenStoreEventHandler;
  /**
   * auth-core's `Clock`: the time `waitForToken` waits by (its limit, its polls, its wake-ups) and the
   * times in events. Pass the clients' clock, so one fake clock drives both in tests. Each Redis
   * command's `commandTimeoutMs` and the subscriber's idle close stay on real time: they bound real
   * I/O, which a fake clock does not advance.
   *
   * @defaultValue `systemClock` from `@caduceus/auth-core`
   */
  clock?: Clock;
}

/** Options after validation, with defaults applied. */
export interface ResolvedOptions {
  client: RedisTokenStoreClient;
  prefix: string;
  commandTimeoutMs: number;
  lockTtlMs: number;
  pubSub: boolean;
  pollIntervalMs: number;
  subscriberIdleMs: number;
  maxTtlMs: number;
  onEvent: RedisTokenStoreEventHandler | undefined;
  clock: Clock;
}

const FACTORY = "createRedisTokenStore";

/** Checks every option; throws {@link AuthConfigError} naming the first one at fault. */
export function resolveOptions(options: RedisTokenStoreOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw new AuthConfigError("options", `${FACTORY}: expected an options object with at least \`client\`.`);
  }
  const { client } = options;
  if (
    typeof client !== "object" ||
    client === null ||
    typeof client.status !== "string" ||
    typeof client.get !== "function" ||
    typeof client.set !== "function" ||
    typeof client.eval !== "function" ||
    typeof client.duplicate !== "function"
  ) {
    throw new AuthConfigError(
      "client",
      `${FACTORY}: option \`client\` must be an ioredis Redis or Cluster instance (got ${describe(client)}).`,
    );
  }
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  if (typeof prefix !== "string" || prefix.length === 0 || prefix.length > 256) {
    throw new AuthConfigError(
      "prefix",
      `${FACTORY}: option \`prefix\` must be a string of 1 to 256 characters (got ${describe(prefix)}).`,
    );
  }
  const pubSub = options.pubSub ?? true;
  if (typeof pubSub !== "boolean") {
    throw new AuthConfigError(
      "pubSub",
      `${FACTORY}: option \`pubSub\` must be a boolean (got ${describe(pubSub)}).`,
    );
  }
  const onEvent = options.onEvent;
  if (onEvent !== undefined && typeof onEvent !== "function") {
    throw new AuthConfigError(
      "onEvent",
      `${FACTORY}: option \`onEvent\` must be a function (got ${describe(onEvent)}).`,
    );
  }
  const maxTtlMs = options.maxTtlMs ?? DEFAULT_MAX_TTL_MS;
  if (typeof maxTtlMs !== "number" || Number.isNaN(maxTtlMs) || maxTtlMs < 1) {
    throw new AuthConfigError(
      "maxTtlMs",
      `${FACTORY}: option \`maxTtlMs\` must be a number of milliseconds of at least 1, or Infinity (got ${describe(maxTtlMs)}).`,
    );
  }
  const clock = (options.clock ?? systemClock) as Partial<Clock> | null;
  if (
    typeof clock !== "object" ||
    clock === null ||
    typeof clock.now !== "function" ||
    typeof clock.setTimeout !== "function" ||
    typeof clock.clearTimeout !== "function"
  ) {
    throw new AuthConfigError(
      "clock",
      `${FACTORY}: option \`clock\` must implement auth-core's Clock (now, setTimeout, clearTimeout; got ${describe(clock)}).`,
    );
  }
  return {
    client,
    prefix,
    pubSub,
    onEvent,
    maxTtlMs,
    clock: clock as Clock,
    commandTimeoutMs: milliseconds(options, "commandTimeoutMs", DEFAULT_COMMAND_TIMEOUT_MS, 1, 60_000),
    lockTtlMs: milliseconds(options, "lockTtlMs", DEFAULT_LOCK_TTL_MS, 100, 600_000),
    pollIntervalMs: milliseconds(options, "pollIntervalMs", DEFAULT_POLL_INTERVAL_MS, 10, 10_000),
    subscriberIdleMs: milliseconds(options, "subscriberIdleMs", DEFAULT_SUBSCRIBER_IDLE_MS, 0, 3_600_000),
  };
}

function milliseconds(
  options: RedisTokenStoreOptions,
  name: "commandTimeoutMs" | "lockTtlMs" | "pollIntervalMs" | "subscriberIdleMs",
  fallback: number,
  min: number,
  max: number,
): number {
  const value = options[name] ?? fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new AuthConfigError(
      name,
      `${FACTORY}: option \`${name}\` must be a number of milliseconds from ${min} to ${max} (got ${describe(value)}).`,
    );
  }
  return value;
}

/** Names a bad value without printing it whole: options may sit next to secrets. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number" || typeof value === "boolean" || value === undefined) return String(value);
  if (typeof value === "string") return `a string of ${value.length} characters`;
  if (typeof value === "function") return "a function";
  return `an object${Array.isArray(value) ? " (array)" : ""}`;
}
